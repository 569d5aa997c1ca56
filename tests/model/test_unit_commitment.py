"""Linearised unit commitment and outage availability: hand-computed optima and a
differential test against PyPSA's linearised unit commitment.

One decision year of identical days (one representative day weighing 365), costs
undiscounted, so the objective is 365 x the cost of one day.
"""

import logging

import numpy as np
import pytest

from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs.availability import maintenance_share, month_of_hour
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

DAYS = 365.0
FUEL = FREE_FUEL


@pytest.mark.parametrize(
    ("startup_cost", "kept_overnight", "day_cost"),
    [
        # keeping 60 MW committed overnight forces 30 MW at 10 yuan/MWh out of a free
        # source (60 yuan per MW kept and day) but saves 100 yuan per MW not restarted
        (100.0, 60.0, 30 * 12 * 10 + 100 * 12 * 10 + 40 * 100.0),
        # at 40 yuan/MW a restart is cheaper than running at minimum stable output
        (40.0, 0.0, 100 * 12 * 10 + 100 * 40.0),
    ],
)
def test_min_stable_output_and_startup_cost(startup_cost, kept_overnight, day_cost):
    demand = [30.0] * 12 + [100.0] * 12
    techs = {
        "base": gen(10.0, 100.0, min_stable_output=0.5, startup_cost=startup_cost),
        "peak": gen(50.0, 100.0),
        "free": {
            "class": "variable",
            "availability": "sun",
            "extendable": False,
            "existing_capacity": 30.0,
        },
    }
    s = tiny_scenario(techs, demand, fuels=FUEL, profiles={"sun": [1.0] * 12 + [0.0] * 12})
    res = run(s).dataset.sel(year=2030)
    assert res.attrs["objective"] == pytest.approx(DAYS * day_cost, rel=1e-9)
    committed = res["committed_capacity"].sel(tech="base").values
    np.testing.assert_allclose(committed[:12], kept_overnight, atol=1e-6)
    np.testing.assert_allclose(committed[12:], 100.0, atol=1e-6)
    assert float(res["startup_capacity"].sel(tech="base")) == pytest.approx(
        DAYS * (100.0 - kept_overnight)
    )
    # the start-up cost is in variable O&M
    vom = float(res["annual_cost"].sel(cost_component="variable_om"))
    assert vom == pytest.approx(res.attrs["objective"], rel=1e-9)


def test_startup_fuel_costs_and_emits():
    # 0 MW for 12 h then 100 MW: 100 MW started every day, burning 2 MWh fuel per MW
    demand = [0.0] * 12 + [100.0] * 12
    fuel = {"c": {"price": 20.0, "emission_factor": 0.3}}
    techs = {"base": gen(0.0, 100.0, fuel="c", efficiency=0.5, min_stable_output=0.4,
                         startup_fuel=2.0)}
    res = run(tiny_scenario(techs, demand, fuels=fuel)).dataset.sel(year=2030)
    start_fuel = DAYS * 100.0 * 2.0
    run_fuel = DAYS * 1200.0 / 0.5
    assert float(res["fuel_use"].sel(tech="base")) == pytest.approx(run_fuel + start_fuel)
    assert float(res["emissions_power"]) == pytest.approx(0.3 * (run_fuel + start_fuel))
    assert float(res["emissions"].sel(sector="power")) == pytest.approx(
        0.3 * (run_fuel + start_fuel)
    )
    fuel_cost = float(res["annual_cost"].sel(cost_component="fuel"))
    assert fuel_cost == pytest.approx(20.0 * (run_fuel + start_fuel))


def test_min_commitment_keeps_a_dear_fleet_on_line():
    # flat 100 MW; the dear row must keep half its available capacity-hours committed
    # (0.5 x 100 MW x 24 h = 1,200 MWh a day) and runs at least 0.4 of that: 480 MWh a day
    # of 2,400, the cheap row the rest (when within the day is the LP's choice)
    techs = {
        "base": gen(10.0, 100.0),
        "old": gen(50.0, 100.0, min_stable_output=0.4, min_commitment=0.5),
    }
    res = run(tiny_scenario(techs, [100.0] * 24, fuels=FUEL)).dataset.sel(year=2030)
    assert float(res["dispatch"].sel(tech="old").sum()) == pytest.approx(480.0, rel=1e-6)
    assert float(res["committed_capacity"].sel(tech="old").sum()) >= 1200.0 - 1e-6
    assert res.attrs["objective"] == pytest.approx(
        DAYS * (1920 * 10 + 480 * 50), rel=1e-9
    )
    # unset: the merit order alone, the dear row idle
    techs["old"] = gen(50.0, 100.0, min_stable_output=0.4)
    res = run(tiny_scenario(techs, [100.0] * 24, fuels=FUEL)).dataset.sel(year=2030)
    np.testing.assert_allclose(res["dispatch"].sel(tech="old"), 0.0, atol=1e-6)


def test_min_commitment_applies_to_built_capacity():
    # the peak needs 100 MW more than the fixed row has, so 100 MW are built and committed
    # through the 12 day hours (1,200 MWh); 75 % of 2,400 MWh asks for 600 MWh more at
    # night, where the built row then runs at least half of it (300 MWh) in place of the base
    demand = [100.0] * 12 + [200.0] * 12
    techs = {
        "base": gen(10.0, 100.0),
        "new": {"class": "dispatchable", "fuel": "f", "extendable": True, "capex": 100.0,
                "lifetime": 20, "vom": 50.0, "min_stable_output": 0.5, "min_commitment": 0.75},
    }
    res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset.sel(year=2030)
    assert float(res["capacity"].sel(tech="new")) == pytest.approx(100.0, rel=1e-6)
    new = res["dispatch"].sel(tech="new").values
    np.testing.assert_allclose(new[12:], 100.0, atol=1e-6)
    assert new[:12].sum() == pytest.approx(300.0, rel=1e-6)
    assert float(res["dispatch"].sel(tech="base")[:12].sum()) == pytest.approx(900.0, rel=1e-6)


def test_min_commitment_needs_min_stable_output():
    techs = {"old": gen(50.0, 100.0, min_commitment=0.5)}
    with pytest.raises(ScenarioError, match="min_commitment acts through the unit commitment"):
        tiny_scenario(techs, [100.0] * 24, fuels=FUEL)


def test_ramp_limit():
    # base 100 MW at 10 yuan/MWh may move 20 MW/h; demand 20 MW at night, 100 MW by day.
    # A start-up cost far above any saving keeps 100 MW committed all day, so the base
    # ramps 20 -> 40 -> 60 -> 80 -> 100 and back down before night; the peaker fills in.
    demand = [20.0] * 12 + [100.0] * 12
    techs = {
        "base": gen(10.0, 100.0, min_stable_output=0.0, startup_cost=1e6,
                    ramp_limit_up=0.2, ramp_limit_down=0.2),
        "peak": gen(50.0, 100.0),
    }
    res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset.sel(year=2030)
    base = [20.0] * 12 + [40, 60, 80, 100, 100, 100, 100, 100, 100, 80, 60, 40]
    np.testing.assert_allclose(res["dispatch"].sel(tech="base"), base, atol=1e-6)
    peak_energy = 1200.0 - sum(base[12:])
    assert res.attrs["objective"] == pytest.approx(
        DAYS * (10 * sum(base) + 50 * peak_energy), rel=1e-9
    )


def test_min_up_time_limits_a_spike_start():
    # 20 MW all day but a 2-hour spike to 100 MW. At 20 MW at most 40 MW may be committed
    # (50 % minimum output); with a 6-hour minimum up time capacity started for the spike is
    # still committed 2 hours after it, so at most 40 MW may start: the base reaches 80 MW
    # and the peaker (500 yuan/MWh) gives 20 MW. Without the minimum up time: 100 MW.
    demand = [20.0] * 10 + [100.0] * 2 + [20.0] * 12
    for up_time, base_spike in ((6.0, 80.0), (0.0, 100.0)):
        techs = {
            "base": gen(10.0, 100.0, min_stable_output=0.5, min_up_time=up_time),
            "peak": gen(500.0, 100.0),
        }
        res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset.sel(year=2030)
        np.testing.assert_allclose(res["dispatch"].sel(tech="base")[10:12], base_spike,
                                   atol=1e-6)
        day = 10 * (20 * 22 + 2 * base_spike) + 500 * 2 * (100 - base_spike)
        assert res.attrs["objective"] == pytest.approx(DAYS * day, rel=1e-9)


def test_no_commitment_rows_without_min_stable_output():
    import pyomo.environ as pyo

    from lowcarbon_sim.model.build import build_model

    s = tiny_scenario({"a": gen(10.0, 100.0), "b": gen(20.0, 50.0)}, 80.0, fuels=FUEL)
    m = build_model(build_inputs(s))
    assert len(m.commitment.U) == 0
    assert not list(m.commitment.component_data_objects(pyo.Constraint))


def test_outage_availability_limits_annual_hours():
    techs = {
        "base": gen(10.0, 100.0, forced_outage_rate=0.02, maintenance_weeks=3.0),
        "peak": gen(500.0, 100.0),
    }
    for mode, days in (("representative_days", 12), ("full_year", 1)):
        s = tiny_scenario(techs, 100.0, fuels=FUEL, mode=mode, days=days)
        inp = build_inputs(s)
        avail = inp["availability"].sel(tech="base").values
        w = inp["timestep_weight"].values
        expected = 0.98 * (8760 - 168 * 3.0)
        assert float((avail * w).sum()) == pytest.approx(expected, rel=1e-9)
        res = run(s).dataset.sel(year=2030)
        assert float(res["generation"].sel(tech="base")) <= 100.0 * expected * (1 + 1e-9)
    # maintenance only in spring and autumn
    hours = np.arange(8760)
    share = maintenance_share(3.0, hours, np.ones(8760))
    months = month_of_hour(hours)
    assert share[np.isin(months, (1, 2, 6, 7, 8, 12))].max() == 0.0
    assert share.sum() == pytest.approx(168 * 3.0)


pypsa = pytest.importorskip("pypsa")
logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)


@pytest.mark.parametrize("ramp", [None, 0.15])
def test_linearised_uc_against_pypsa(ramp):
    """One committable generator (p_min_pu, start-up cost, min up time, ramp limits) and a
    peaker. PyPSA's horizon is not cyclic: the unit is fully on before the first snapshot
    (status 1 for a day, ``p_init`` = p_nom). The demand is above the unit's capacity at
    both ends of the day and the peaker dear, so both models keep the unit fully on there
    and the cyclic and non-cyclic problems have the same optimum. PyPSA charges start-up
    costs once per snapshot (not times its weighting), ours per hour represented: PyPSA's
    start-up cost is ours x p_nom x 365."""
    demand = np.array([105, 90, 60, 30, 20, 20, 25, 40, 70, 100, 110, 105,
                       95, 80, 50, 30, 30, 45, 80, 110, 120, 115, 100, 105], dtype=float)
    p_nom, pmin, su, mc_base, mc_peak, mut = 100.0, 0.4, 300.0, 10.0, 1000.0, 4
    n = pypsa.Network()
    n.set_snapshots(range(24))
    n.snapshot_weightings.loc[:, ["objective", "generators"]] = DAYS
    n.add("Bus", "b")
    n.add("Load", "d", bus="b", p_set=demand)
    extra = {} if ramp is None else {"ramp_limit_up": ramp, "ramp_limit_down": ramp}
    n.add("Generator", "base", bus="b", p_nom=p_nom, marginal_cost=mc_base, committable=True,
          p_min_pu=pmin, start_up_cost=su * p_nom * DAYS, min_up_time=mut, p_init=p_nom,
          up_time_before=24, **extra)
    n.add("Generator", "peak", bus="b", p_nom=200.0, marginal_cost=mc_peak)
    n.optimize(solver_name="highs", linearized_unit_commitment=True,
               include_objective_constant=False)

    uc = {"min_stable_output": pmin, "startup_cost": su, "min_up_time": float(mut)}
    if ramp is not None:
        uc |= {"ramp_limit_up": ramp, "ramp_limit_down": ramp}
    techs = {"base": gen(mc_base, p_nom, **uc), "peak": gen(mc_peak, 200.0)}
    res = run(tiny_scenario(techs, list(demand), fuels=FUEL)).dataset.sel(year=2030)
    assert res.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    np.testing.assert_allclose(
        res["dispatch"].sel(tech="base"), n.generators_t.p["base"].values, atol=1e-4
    )
