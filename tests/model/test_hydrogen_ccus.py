"""Hydrogen chain and CCUS against optima computed by hand, and balance properties.

One decision year, costs undiscounted (objective weight 1), identical days.
"""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen
from lowcarbon_sim.units import H2_MWH_PER_T

H = 8760.0
R = 0.05  # tiny_scenario's discount rate


def annuity(life: float) -> float:
    return R / (1 - (1 + R) ** -life)


FUEL = FREE_FUEL
DAY = [1.0] * 12 + [0.0] * 12  # available in the first 12 hours of each day


def test_electrolyser_and_tank_store_daytime_hydrogen_for_the_night():
    # Cheap power only by day; night power costs 1000 yuan/MWh. 10 MW (LHV) of hydrogen is
    # needed every hour. Optimum: a 40 MW electrolyser (eta 0.5) runs 12 h and fills a
    # 10 MW / 120 MWh tank that delivers the 10 MW through the night.
    techs = {
        "day": gen(10.0, 300.0, availability="sun"),
        "night": gen(1000.0, 100.0),
        "ely": {"class": "electrolyser", "efficiency": 0.5, "capex": 1000.0, "lifetime": 20},
        "tank": {
            "class": "hydrogen_storage",
            "energy_to_power": 12.0,
            "capex_energy": 10.0,
            "lifetime": 30,
        },
    }
    demand_t = 10.0 * H / H2_MWH_PER_T
    s = tiny_scenario(
        techs, 1.0, fuels=FUEL, profiles={"sun": DAY}, overrides={"hydrogen.demand": demand_t}
    )
    ds = run(s).dataset.sel(year=2030)
    assert ds["capacity"].sel(tech="ely") == pytest.approx(40.0, rel=1e-6)
    assert ds["capacity"].sel(tech="tank") == pytest.approx(10.0, rel=1e-6)
    assert ds["storage_energy_capacity"].sel(tech="tank") == pytest.approx(120.0, rel=1e-6)
    assert ds["hydrogen_production"].sel(tech="ely") == pytest.approx(demand_t, rel=1e-6)
    expected = (
        365 * 12 * (1.0 + 40.0) * 10.0  # day power for load and electrolyser
        + 365 * 12 * 1.0 * 1000.0  # night power for load only
        + annuity(20) * 1000e3 * 40.0
        + annuity(30) * 10e3 * 120.0
    )
    assert ds.attrs["objective"] == pytest.approx(expected, rel=1e-6)


def test_flexible_delivery_needs_no_storage():
    techs = {
        "day": gen(10.0, 300.0, availability="sun"),
        "night": gen(1000.0, 100.0),
        "ely": {"class": "electrolyser", "efficiency": 0.5, "capex": 1000.0, "lifetime": 20},
        "tank": {"class": "hydrogen_storage", "energy_to_power": 12.0, "capex_energy": 10.0},
    }
    demand_t = 10.0 * H / H2_MWH_PER_T
    s = tiny_scenario(
        techs,
        1.0,
        fuels=FUEL,
        profiles={"sun": DAY},
        overrides={"hydrogen.demand": demand_t, "hydrogen.delivery": "flexible"},
    )
    ds = run(s).dataset.sel(year=2030)
    assert ds["capacity"].sel(tech="tank") == pytest.approx(0.0, abs=1e-6)
    assert ds["capacity"].sel(tech="ely") == pytest.approx(40.0, rel=1e-6)


def _retrofit_case(price: float):
    # 100 MW of coal at 1 t CO2/MWh serve 100 MW. A retrofit with the same efficiency
    # captures 90 % at 18 yuan/MWh extra, i.e. 20 yuan per tonne captured, and storage costs
    # 10 yuan/t: worth it exactly when the CO2 price exceeds 30 yuan/t.
    fuels = {"coal": {"price": 100.0, "emission_factor": 0.34}}
    techs = {
        "coal": gen(5.0, 100.0, fuel="coal", efficiency=0.34),
        "coal_ccs": {
            "class": "dispatchable",
            "fuel": "coal",
            "efficiency": 0.34,
            "vom": 5.0 + 18.0,
            "capture_rate": 0.9,
            "retrofit_of": "coal",
        },
    }
    over = {
        "ccus.storage.steps": {"site": {"capacity": 1e9, "cost": 10.0}},
        "policy.co2_price": price,
    }
    return run(tiny_scenario(techs, 100.0, fuels=fuels, overrides=over)).dataset.sel(year=2030)


@pytest.mark.parametrize(("price", "retrofitted"), [(29.0, 0.0), (31.0, 100.0)])
def test_capture_retrofit_enters_exactly_above_its_cost_per_tonne(price, retrofitted):
    ds = _retrofit_case(price)
    assert ds["capacity"].sel(tech="coal_ccs") == pytest.approx(retrofitted, abs=1e-6)
    # converted capacity leaves the unabated fleet
    assert ds["capacity"].sel(tech="coal") == pytest.approx(100.0 - retrofitted, abs=1e-6)
    captured = 0.9 * retrofitted * H
    assert ds["captured_co2"].sel(tech="coal_ccs") == pytest.approx(captured, abs=1e-3)
    assert ds["co2_stored"] == pytest.approx(captured, abs=1e-3)
    assert ds["emissions_power"] == pytest.approx(100.0 * H - captured, rel=1e-9)


def _beccs_case(storage_cost: float, permanence: float):
    """50 MW of BECCS (biomass CO2 content 0.4 t/MWh, efficiency 0.4, 90 % capture) and a
    dear backup; 100 yuan/t CO2; storage at ``storage_cost``; up to 10 kt/yr of use at
    -5 yuan/t with ``permanence``."""
    fuels = {
        "biomass": {"price": 50.0, "emission_factor": 0.0, "co2_content": 0.4, "fossil": False},
        "f": {"price": 0.0, "emission_factor": 0.0},
    }
    techs = {
        "beccs": gen(10.0, 50.0, fuel="biomass", efficiency=0.4, capture_rate=0.9),
        "other": gen(300.0, 100.0),
    }
    over = {
        "ccus.storage.steps": {"site": {"capacity": 1e9, "cost": storage_cost}},
        "ccus.use": {"max": 1e4, "cost": -5.0, "permanence": permanence},
        "policy.co2_price": 100.0,
    }
    return run(tiny_scenario(techs, 100.0, fuels=fuels, overrides=over)).dataset.sel(year=2030)


def test_beccs_makes_net_emissions_negative_and_the_co2_balance_closes():
    ds = _beccs_case(storage_cost=10.0, permanence=0.25)
    g = float(ds["generation"].sel(tech="beccs"))
    assert g == pytest.approx(50.0 * H, rel=1e-9)
    captured = 0.9 * 0.4 / 0.4 * g
    assert float(ds["captured_co2"].sum()) == pytest.approx(captured, rel=1e-9)
    # used CO2 pays its way (-5 + 100 x 0.75 released > 10 stored): storage takes it all
    assert float(ds["co2_used"]) == pytest.approx(0.0, abs=1e-6)
    assert float(ds["co2_stored"] + ds["co2_used"]) == pytest.approx(captured, rel=1e-9)
    assert float(ds["emissions_power"]) == pytest.approx(-captured, rel=1e-9)
    assert float(ds["emissions"].sum()) < 0


def test_cheap_co2_use_is_taken_and_its_release_counted():
    ds = _beccs_case(storage_cost=80.0, permanence=0.5)
    # use costs -5 + 0.5 x 100 = 45 yuan/t < 80 for storage: the whole 10 kt/yr is used
    assert float(ds["co2_used"]) == pytest.approx(1e4, rel=1e-9)
    released = 0.5 * 1e4
    assert float(ds["emissions"].sel(sector="ccus")) == pytest.approx(released, rel=1e-9)


@pytest.mark.parametrize(("price", "captures"), [(69.0, False), (71.0, True)])
def test_industrial_capture_follows_the_price(price, captures):
    # capture costs 50 yuan/t + 10 storage + 0.1 MWh/t of power at 100 yuan/MWh = 70 yuan/t
    # (no capex)
    techs = {"g": gen(100.0, 300.0)}
    over = {
        "ccus.sources": {
            "kiln": {"capturable": 1e6, "capture_rate": 0.9, "vom": 50.0, "electricity": 0.1}
        },
        "ccus.storage.steps": {"site": {"capacity": 1e9, "cost": 10.0}},
        "policy.co2_price": price,
    }
    ds = run(tiny_scenario(techs, 100.0, fuels=FUEL, overrides=over)).dataset.sel(year=2030)
    captured = float(ds["captured_co2_industry"].sel(co2_source="kiln"))
    assert captured == pytest.approx(0.9e6 if captures else 0.0, abs=1e-3)
    # the capture plant's electricity is served by the power system
    expected_gen = 100.0 * H + 0.1 * captured
    assert float(ds["generation"].sel(tech="g")) == pytest.approx(expected_gen, rel=1e-9)
    assert float(ds["emissions"].sel(sector="ccus")) == pytest.approx(-captured, abs=1e-3)


def test_capture_without_a_sink_cannot_run():
    fuels = {**FUEL, "coal": {"price": 100.0, "emission_factor": 0.34}}
    techs = {
        "ccs": gen(0.0, 100.0, fuel="coal", efficiency=0.34, capture_rate=0.9),
        "g": gen(500.0, 100.0),
    }
    ds = run(tiny_scenario(techs, 50.0, fuels=fuels)).dataset.sel(year=2030)
    assert float(ds["generation"].sel(tech="ccs")) == pytest.approx(0.0, abs=1e-6)


def _hydrogen_case(cap=None, drop=()):
    techs = {
        "day": gen(10.0, 300.0, availability="sun"),
        "coal": gen(50.0, 200.0, fuel="coal", efficiency=0.4),
        "ely": {"class": "electrolyser", "efficiency": 0.6, "capex": 2000.0, "lifetime": 20},
        "gasifier": {"class": "hydrogen_supply", "fuel": "coal", "efficiency": 0.6, "vom": 30.0},
        "tank": {"class": "hydrogen_storage", "energy_to_power": 12.0, "capex_energy": 50.0},
    }
    for name in drop:
        techs.pop(name)
    fuels = {**FUEL, "coal": {"price": 100.0, "emission_factor": 0.34}}
    over = {"hydrogen.demand": 2000.0}
    if cap is not None:
        over["policy.co2_cap"] = cap
    s = tiny_scenario(techs, 100.0, fuels=fuels, profiles={"sun": DAY}, overrides=over)
    return run(s).dataset


def test_tighter_cap_and_fewer_options_never_cost_less():
    free = _hydrogen_case()
    e0 = float(free["emissions"].sum())
    costs = [_hydrogen_case(cap=f * e0).attrs["objective"] for f in (1.0, 0.8, 0.6)]
    assert costs[0] == pytest.approx(free.attrs["objective"], rel=1e-9)
    assert costs[0] <= costs[1] + 1e-6 <= costs[2] + 2e-6
    for option in ("ely", "tank"):
        assert _hydrogen_case(drop=(option,)).attrs["objective"] >= free.attrs["objective"] - 1e-6


def test_hydrogen_balance_closes():
    ds = _hydrogen_case().sel(year=2030)
    made = float(ds["hydrogen_production"].sum())
    burnt = float(ds["hydrogen_use"].sum())
    stored = float((ds["hydrogen_storage_charge"] - ds["hydrogen_storage_discharge"]).sum())
    assert made - burnt - stored == pytest.approx(float(ds["hydrogen_demand"]), rel=1e-9)
    # the objective equals the annual cost (weight 1), CCUS and hydrogen included
    assert float(ds["total_cost"]) == pytest.approx(ds.attrs["objective"], rel=1e-9)
    assert np.all(ds["hydrogen_soc"].values >= -1e-6)
