"""LP results against optima computed by hand.

Each case is one decision year with costs undiscounted (objective weight 1), so the
objective is one year's cost in yuan. 8760 h/yr; representative days of identical days.
"""

import numpy as np
import pyomo.environ as pyo
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

H = 8760.0


FUEL = FREE_FUEL


def test_merit_order_two_generators():
    s = tiny_scenario({"cheap": gen(20.0, 60.0), "dear": gen(50.0, 100.0)}, 100.0, fuels=FUEL)
    res = run(s).dataset
    gen_mwh = res["generation"].sel(year=2030)
    assert gen_mwh.sel(tech="cheap") == pytest.approx(60 * H)
    assert gen_mwh.sel(tech="dear") == pytest.approx(40 * H)
    assert res.attrs["objective"] == pytest.approx(H * (60 * 20 + 40 * 50))
    # the marginal unit sets the price in every hour
    np.testing.assert_allclose(res["electricity_price"].sel(year=2030), 50.0, rtol=1e-9)


def test_storage_arbitrage():
    # 12 low hours (50 MW) then 12 high hours (150 MW), every day
    demand = [50.0] * 12 + [150.0] * 12
    techs = {
        "cheap": gen(10.0, 100.0),
        "dear": gen(100.0, 200.0),
        "battery": {
            "class": "storage",
            "extendable": False,
            "existing_capacity": 50.0,
            "energy_to_power": 12.0,
            "efficiency_charge": 0.9,
            "efficiency_discharge": 0.9,
        },
    }
    res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset.sel(year=2030)
    # charging 50 MW for 12 h stores 540 MWh, giving back 486 MWh over 12 h = 40.5 MW
    cheap_day, dear_day = 100.0 * 24, (150 - 100 - 40.5) * 12
    assert res["generation"].sel(tech="cheap") == pytest.approx(cheap_day * 365)
    assert res["generation"].sel(tech="dear") == pytest.approx(dear_day * 365)
    assert res["generation"].sel(tech="battery") == pytest.approx(40.5 * 12 * 365)
    assert float(res["soc"].sel(tech="battery").max()) == pytest.approx(540.0)
    assert res.attrs["objective"] == pytest.approx(365 * (cheap_day * 10 + dear_day * 100))


def test_co2_cap_forces_coal_to_gas_and_dual_is_cost_difference_per_tonne():
    fuels = {
        "coal": {"price": 200.0, "emission_factor": 1.0},
        "gas": {"price": 300.0, "emission_factor": 0.4},
    }
    techs = {"coal": gen(0.0, 100.0, fuel="coal"), "gas": gen(0.0, 100.0, fuel="gas")}
    free = run(tiny_scenario(techs, 100.0, fuels=fuels)).dataset.sel(year=2030)
    assert free["emissions_power"] == pytest.approx(100 * H)
    capped = run(tiny_scenario(techs, 100.0, fuels=fuels, policy={"co2_cap": 600_000.0})).dataset
    x_coal = (600_000 - 0.4 * 100 * H) / 0.6  # MWh of coal where the cap binds
    c = capped.sel(year=2030)
    assert c["generation"].sel(tech="coal") == pytest.approx(x_coal)
    assert c["emissions_power"] == pytest.approx(600_000.0)
    assert float(c["co2_price"]) == pytest.approx((300 - 200) / (1.0 - 0.4), rel=1e-6)
    assert capped.attrs["objective"] == pytest.approx(200 * x_coal + 300 * (100 * H - x_coal))


# the base-load build cases: a peaker at 500 yuan/MWh and a new unit at 100 yuan/MWh
R, LIFE, CAPEX_KW = 0.05, 20, 25_000.0
PER_MW_YR = R / (1 - (1 + R) ** -LIFE) * CAPEX_KW * 1000  # annuity, 2.006 M yuan/MW/yr
BASE_DAY = [100.0] * 12 + [50.0] * 12  # MW: 12 h at 100, 12 h at 50


def _base_build(**fields):
    """Technologies of the base-load build cases; ``fields`` go to the new unit's row."""
    base = {"class": "dispatchable", "fuel": "f", "vom": 100.0, "capex": CAPEX_KW}
    return {"peaker": gen(500.0, 100.0), "base": {**base, "lifetime": LIFE, **fields}}


def test_build_decision_follows_the_annuity():
    # 12 h at 100 MW and 12 h at 50 MW; a new base-load unit saves 400 yuan/MWh against the
    # existing peaker, i.e. 3.504 M yuan per MW-yr running all day, 1.752 M for 12 h only.
    assert 1.752e6 < PER_MW_YR < 3.504e6
    res = run(tiny_scenario(_base_build(), BASE_DAY, fuels=FUEL, discount_rate=R)).dataset
    assert res["capacity"].sel(year=2030, tech="base") == pytest.approx(50.0)
    expected = 50 * PER_MW_YR + 50 * H * 100 + 50 * 12 * 365 * 500
    assert res.attrs["objective"] == pytest.approx(expected, rel=1e-9)
    assert float(res["total_cost"].sel(year=2030)) == pytest.approx(expected, rel=1e-9)


def test_user_constraint_is_honoured():
    s = tiny_scenario({"cheap": gen(20.0, 60.0), "dear": gen(50.0, 100.0)}, 100.0, fuels=FUEL)

    def limit_cheap(model, inputs):
        d = model.dispatch
        model.user_limit = pyo.Constraint(model.T, rule=lambda m, t: d.p["cheap", 2030, t] <= 30.0)

    res = run(s, customize=limit_cheap).dataset
    assert res["generation"].sel(year=2030, tech="cheap") == pytest.approx(30 * H)
    assert res.attrs["objective"] == pytest.approx(H * (30 * 20 + 70 * 50))


def test_load_shedding_when_capacity_is_short():
    s = tiny_scenario({"only": gen(10.0, 80.0)}, 100.0, fuels=FUEL, load_shedding_cost=1000.0)
    res = run(s).dataset.sel(year=2030)
    assert res["load_shedding_energy"] == pytest.approx(20 * H)
    np.testing.assert_allclose(res["electricity_price"], 1000.0)


def test_hydro_energy_budget_shifts_water_to_the_dear_hours():
    # hydro may produce 50 MW in any hour but only 600 h x 50 MW... budget 300 h/yr of 100 MW
    techs = {
        "thermal": gen(100.0, 200.0),
        "hydro": {
            "class": "hydro",
            "availability": "always",
            "extendable": False,
            "existing_capacity": 100.0,
            "max_full_load_hours": 4380.0,
        },
    }
    res = run(
        tiny_scenario(
            techs, [100.0] * 12 + [150.0] * 12, fuels=FUEL, profiles={"always": [1.0] * 24}
        )
    ).dataset.sel(year=2030)
    assert res["generation"].sel(tech="hydro") == pytest.approx(100 * 4380)
    assert res["generation"].sel(tech="thermal") == pytest.approx(
        (100 + 150) * 12 * 365 - 100 * 4380
    )


def test_new_build_runs_its_first_year_availability_share():
    # As test_build_decision_follows_the_annuity, but new capacity runs 3/4 of its build
    # year and pays 3/4 of that year's annuity (payments start when it runs). The decision
    # per MW running is unchanged (50 MW of base load), but it takes 50 / 0.75 MW of
    # year-end capacity, and the year pays the annuity of the 50 MW running.
    share = 0.75
    techs = _base_build(fom=30.0, first_year_availability=share)
    res = run(tiny_scenario(techs, BASE_DAY, fuels=FUEL, discount_rate=R))
    ds = res.dataset.sel(year=2030, tech="base")
    built = 50.0 / share
    assert ds["capacity"] == pytest.approx(built)
    assert ds["new_capacity"] == pytest.approx(built)
    assert ds["operating_capacity"] == pytest.approx(50.0)
    assert ds["generation"] == pytest.approx(50.0 * H)
    # full-load hours over the capacity in service, as the CEC counts utilisation hours
    assert ds["full_load_hours"] == pytest.approx(H)
    fom_per_mw_yr = 30.0 * 1000
    expected = 50 * (PER_MW_YR + fom_per_mw_yr) + 50 * H * 100 + 50 * 12 * 365 * 500
    assert res.dataset.attrs["objective"] == pytest.approx(expected, rel=1e-9)


def test_a_build_runs_and_pays_in_full_after_its_first_year():
    # 40 MW of base load built in 2029 (forced): 30 MW run in 2029 and all 40 in 2030; the
    # annuity follows, 3/4 of a year's in 2029 and a whole one in 2030.
    techs = _base_build(
        first_year_availability=0.75,
        build_min={2029: 40.0, 2030: 0.0},
        build_max={2029: 40.0, 2030: 0.0},
    )
    s = tiny_scenario(
        techs,
        BASE_DAY,
        fuels=FUEL,
        discount_rate=R,
        overrides={"years.first": 2029, "years.last_historical": 2028},
    )
    ds = run(s).dataset
    base = ds.sel(tech="base")
    np.testing.assert_allclose(base["capacity"], [40.0, 40.0])
    np.testing.assert_allclose(base["operating_capacity"], [30.0, 40.0])
    np.testing.assert_allclose(base["generation"], [30.0 * H, 40.0 * H])
    invest = ds["annual_cost"].sel(cost_component="investment")
    np.testing.assert_allclose(invest, [30.0 * PER_MW_YR, 40.0 * PER_MW_YR], rtol=1e-9)


@pytest.mark.parametrize("mode", ["representative_days", "full_year"])
def test_storage_built_in_the_year_cycles_its_running_share(mode):
    # test_storage_arbitrage's day with a 40 MW store built in the year (forced) that runs
    # half of it: 20 MW charge for 12 h store 216 MWh and give back 194.4 MWh (16.2 MW).
    # The full year takes the capacity-copy path of the storage block.
    demand = [50.0] * 12 + [150.0] * 12
    techs = {
        "cheap": gen(10.0, 100.0),
        "dear": gen(100.0, 200.0),
        "battery": {
            "class": "storage",
            "energy_to_power": 12.0,
            "efficiency_charge": 0.9,
            "efficiency_discharge": 0.9,
            "build_min": 40.0,
            "build_max": 40.0,
            "first_year_availability": 0.5,
        },
    }
    res = run(tiny_scenario(techs, demand, fuels=FUEL, mode=mode)).dataset.sel(year=2030)
    assert res["capacity"].sel(tech="battery") == pytest.approx(40.0)
    assert res["operating_capacity"].sel(tech="battery") == pytest.approx(20.0)
    assert float(res["charge"].sel(tech="battery").max()) == pytest.approx(20.0)
    # the state of charge within the running share's energy (12 h x 20 MW); in the full
    # year it may carry a little from day to day, so the peak is not unique there
    assert float(res["soc"].sel(tech="battery").max()) <= 240.0 + 1e-6
    assert res["generation"].sel(tech="battery") == pytest.approx(16.2 * 12 * 365)
    assert res["generation"].sel(tech="dear") == pytest.approx((150 - 100 - 16.2) * 12 * 365)


def test_a_unit_retrofitted_in_the_year_stays_its_parents_until_the_retrofit_runs():
    # 40 of 100 MW converted this year (forced), the retrofit running half the year: 20 MW
    # run as the retrofit, the other 20 stay with the parent (80 MW in service), and the
    # fixed O&M follows: 80 MW at the parent's 10 yuan/kW/yr, 20 MW at the retrofit's 20.
    techs = {
        "parent": gen(50.0, 100.0, fom=10.0),
        "retro": {
            "class": "dispatchable",
            "fuel": "f",
            "vom": 20.0,
            "fom": 20.0,
            "retrofit_of": "parent",
            "build_min": 40.0,
            "build_max": 40.0,
            "first_year_availability": 0.5,
        },
    }
    ds = run(tiny_scenario(techs, 100.0, fuels=FUEL)).dataset.sel(year=2030)
    np.testing.assert_allclose(ds["capacity"].sel(tech=["parent", "retro"]), [60.0, 40.0])
    np.testing.assert_allclose(
        ds["operating_capacity"].sel(tech=["parent", "retro"]), [80.0, 20.0]
    )
    # the cheaper retrofit runs its 20 MW, the parent the remaining 80
    np.testing.assert_allclose(ds["generation"].sel(tech=["parent", "retro"]), [80 * H, 20 * H])
    fixed = float(ds["annual_cost"].sel(cost_component="fixed_om"))
    assert fixed == pytest.approx(80 * 10e3 + 20 * 20e3, rel=1e-9)
