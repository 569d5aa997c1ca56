"""Targets as constraints (policy.targets): binding with hand-computed duals, prices that
rise with the target, and the LP's primary energy against the after-the-solve accounting.

The system: two decision years (2029, 2030; costs undiscounted, weight 1 each), a coal
plant (efficiency 0.4, 40 yuan/MWh of heat: 100 yuan/MWh of electricity; 0.34 t CO2/MWh of
heat: 0.85 t/MWh of electricity) and an import line at 150 yuan/MWh, non-fossil,
no direct CO2; demand flat; GDP grows 10 % from 2029 to 2030.
"""

import numpy as np
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from lowcarbon_sim import run
from lowcarbon_sim.testing import tiny_scenario
from lowcarbon_sim.units import TCE_MWH

H = 8760.0
COAL_HEAT = 2.5  # MWh heat per MWh electricity
COAL_CO2 = 0.85  # t CO2 per MWh electricity
EXTRA = 50.0  # yuan/MWh: import price over coal's cost
RATE = 305.0 * 1e-3 * TCE_MWH  # coal-substitution factor, MWh/MWh (default rate)


def system(targets, demand=(100.0, 100.0), method=None, efficiency=0.4, must_run=0.0):
    techs = {
        "coal": {
            "class": "dispatchable",
            "fuel": "coal",
            "efficiency": efficiency,
            "extendable": False,
            "existing_capacity": 300.0,
            **({"min_output": must_run / 300.0} if must_run else {}),
        },
        "line": {
            "class": "import",
            "price": 150.0,
            "extendable": False,
            "existing_capacity": 300.0,
        },
    }
    policy = {"targets": dict(targets, **({"method": method} if method else {}))}
    return tiny_scenario(
        techs,
        100.0,
        fuels={"coal": {"price": 40.0, "emission_factor": 0.34}},
        discount_rate=0.0,
        policy=policy,
        overrides={
            "years.first": 2029,
            "years.last_historical": 2028,
            "demand.electricity": {2029: demand[0] * H, 2030: demand[1] * H},
            "economy.base_year": 2029,
            "economy.gdp_base": 1e9,
            "economy.gdp_growth": 0.1,
        },
    )


def row(ds, name):
    return ds.sel(policy_target=name)


def test_energy_intensity_binding_with_hand_dual():
    ds = run(system({"energy_intensity": {"2029-2030": -0.2}}, method="physical_content")).dataset
    # 2029 all coal: PE = 2.5 x 876,000; 2030 PE <= 0.8 x 1.1 x that; each MWh imported
    # instead of coal saves 2.5 - 1 = 1.5 MWh of primary energy at 50 yuan
    pe29 = COAL_HEAT * 100 * H
    imported = (pe29 - 0.88 * pe29) / 1.5
    r = row(ds, "energy_intensity_2029-2030")
    assert float(ds["generation"].sel(year=2030, tech="line")) == pytest.approx(imported)
    assert float(r["policy_target_value"]) == pytest.approx(-0.2)
    assert float(r["policy_target_margin"]) == pytest.approx(0.0, abs=1e-9)
    assert float(r["policy_target_price"]) == pytest.approx(EXTRA / 1.5 * TCE_MWH)
    assert str(r["policy_target_price_unit"].values) == "yuan/tce"
    assert str(r["policy_target_key"].values) == "policy.targets.energy_intensity.2029-2030"


def test_co2_intensity_binding_with_hand_dual():
    ds = run(system({"co2_intensity": {"2029-2030": -0.2}})).dataset
    r = row(ds, "co2_intensity_2029-2030")
    coal30 = 0.88 * 100 * H
    assert float(ds["generation"].sel(year=2030, tech="coal")) == pytest.approx(coal30)
    assert float(r["policy_target_price"]) == pytest.approx(EXTRA / COAL_CO2)
    assert float(r["policy_target_value"]) == pytest.approx(-0.2)


def test_peak_by_binding_with_hand_dual():
    ds = run(system({"peak_by": 2029}, demand=(100.0, 120.0))).dataset
    r = row(ds, "peak_by_2029_2030")
    # 2030's CO2 may not exceed 2029's (all coal, 100 MW): 20 MW come from the line
    assert float(ds["generation"].sel(year=2030, tech="line")) == pytest.approx(20 * H)
    assert float(r["policy_target_price"]) == pytest.approx(EXTRA / COAL_CO2)
    assert float(r["policy_target_value"]) == pytest.approx(0.0, abs=1e-3)


def test_co2_and_energy_totals():
    ds = run(system({"co2_total": {2030: 0.5 * COAL_CO2 * 100 * H}})).dataset
    r = row(ds, "co2_total_2030")
    assert float(r["policy_target_price"]) == pytest.approx(EXTRA / COAL_CO2)
    assert float(ds["generation"].sel(year=2030, tech="line")) == pytest.approx(50 * H)
    ds = run(system({"energy_total": {2030: "0.2 Mtce"}}, method="physical_content")).dataset
    r = row(ds, "energy_total_2030")
    limit = 0.2e6 * TCE_MWH
    assert float(r["policy_target_value"]) == pytest.approx(limit)
    assert float(r["policy_target_price"]) == pytest.approx(EXTRA / 1.5 * TCE_MWH)


def _share_cost_slope(s, demand=100 * H):
    """d(cost)/d(share) of the system by hand: imports m with RATE m (1-s) = 2.5 s (D - m)."""
    den = RATE * (1 - s) + COAL_HEAT * s
    return EXTRA * COAL_HEAT * demand * RATE / den**2


def test_nonfossil_share_met_at_hand_price():
    ds = run(system({"nonfossil_share": {2030: 0.3}})).dataset
    r = row(ds, "nonfossil_share_2030")
    assert float(r["policy_target_value"]) == pytest.approx(0.3)
    assert float(r["policy_target_price"]) == pytest.approx(0.01 * _share_cost_slope(0.3))
    assert str(r["policy_target_price_unit"].values) == "yuan/pp"
    # the province accounting after the solve agrees with the LP's
    assert (
        float(ds["nonfossil_share"].sel(year=2030, counting="coal_substitution"))
        == (pytest.approx(0.3))
        if "nonfossil_share" in ds
        else True
    )
    # slack in 2029 (no target there): no row, no price
    assert "nonfossil_share_2029" not in ds["policy_target"].values


@settings(max_examples=5, deadline=None, phases=[Phase.generate])
@given(st.floats(0.05, 0.6), st.floats(0.01, 0.3))
def test_tightening_never_lowers_the_price(share, step):
    # a coal plant more efficient than the coal-substitution rate (2.38 < 2.48 MWh/MWh): the
    # cost of the share is then convex in the share. (With fossil heat above the rate it is
    # concave, m(s) = b s D / (a (1 - s) + b s), and the price per point falls slightly.)
    prices = []
    for s in (share, min(share + step, 0.95)):
        ds = run(system({"nonfossil_share": {2030: s}}, efficiency=0.42)).dataset
        prices.append(float(row(ds, "nonfossil_share_2030")["policy_target_price"]))
    assert prices[1] >= prices[0] * (1 - 1e-6) - 1e-6


def test_slack_target_has_zero_price_and_shows_margin():
    ds = run(system({"co2_total": {2030: 2 * COAL_CO2 * 100 * H}})).dataset
    r = row(ds, "co2_total_2030")
    assert float(r["policy_target_price"]) == 0.0
    assert float(r["policy_target_margin"]) == pytest.approx(COAL_CO2 * 100 * H)
    assert "binding_limit" in ds and ds.sizes["binding_limit"] == 0


def test_no_targets_no_rows():
    ds = run(system({})).dataset
    assert "policy_target" not in ds.coords
    np.testing.assert_allclose(ds["generation"].sel(tech="line"), 0.0, atol=1e-6)


def test_nuclear_counts_at_the_coal_substitution_rate():
    # a 'nuclear' row burning a primary-electricity fuel at efficiency 0.33: counted at the
    # substitution rate (2.48 MWh/MWh), not its heat (3.03); same in the LP and after the solve
    techs = {
        "nuclear": {
            "class": "dispatchable",
            "fuel": "uranium",
            "efficiency": 0.33,
            "extendable": False,
            "existing_capacity": 100.0,
        },
    }
    fuels = {"uranium": {"price": 10.0, "fossil": False, "primary_electricity": True}}
    s = tiny_scenario(
        techs, 100.0, fuels=fuels, policy={"targets": {"nonfossil_share": {2030: 0.5}}}
    )
    ds = run(s).dataset
    assert str(ds["tech_primary_basis"].sel(tech="nuclear").values) == "primary_electricity"
    assert float(ds["policy_target_value"].sel(policy_target="nonfossil_share_2030")) == (
        pytest.approx(1.0)
    )
    from lowcarbon_sim.inputs import build_inputs

    inp = build_inputs(s)
    coef = inp["primary_energy_per_activity"].sel(tech="nuclear", counting="coal_substitution")
    assert float(coef.values[0]) == pytest.approx(RATE)


def test_lp_primary_energy_agrees_with_the_province_accounting():
    # no sector modules here: province.py's primary energy is the power sector's, which the
    # LP's own expression must reproduce (coal heat + imports at the substitution rate)
    ds = run(system({"nonfossil_share": {2030: 0.3}})).dataset
    gen = ds["generation"].sel(year=2030)
    by_hand = COAL_HEAT * float(gen.sel(tech="coal")) + RATE * float(gen.sel(tech="line"))
    share = float(ds["policy_target_value"].sel(policy_target="nonfossil_share_2030"))
    assert share == pytest.approx(RATE * float(gen.sel(tech="line")) / by_hand)


def test_new_renewables_exclusion_by_hand():
    # energy under control in 2030 = PE - (renewable electricity above 2029's) x rate:
    # the exclusion is in force from 2021; base year set to 2029 here
    ds = run(
        system(
            {
                "energy_total": {2030: "0.25 Mtce"},
                "renewables_base_year": 2029,
                "exclusions": ["new_renewables"],
            },
            method="coal_substitution",
        )
    ).dataset
    # the line is not renewable by default? it is non-fossil (fraction 1) and not nuclear
    gen = ds["generation"].sel(year=2030)
    pe = COAL_HEAT * float(gen.sel(tech="coal")) + RATE * float(gen.sel(tech="line"))
    new = float(gen.sel(tech="line")) - float(ds["generation"].sel(year=2029, tech="line"))
    control = pe - RATE * max(new, 0.0)
    value = float(ds["policy_target_value"].sel(policy_target="energy_total_2030"))
    assert value == pytest.approx(control)
    assert value == pytest.approx(0.25e6 * TCE_MWH)
