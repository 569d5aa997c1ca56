"""Modular build (``unit_size``): new capacity in whole units, against optima computed by
hand, against PyPSA's modular expansion (``p_nom_mod``) built here, on a live model against
fresh solves, and the error when no whole number of units fits."""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.errors import InfeasibleError, ScenarioError
from lowcarbon_sim.model.live import live_model
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0
R, LIFE = 0.05, 20
ANNUITY = R / (1 - (1 + R) ** -LIFE)
FUEL = {"f": {"price": 0.0, "emission_factor": 0.0}}
UNIT = 60.0


def _techs(**unit):
    return {
        "dear": {
            "class": "dispatchable",
            "fuel": "f",
            "extendable": False,
            "existing_capacity": 200.0,
            "vom": 100.0,
        },
        "a": {"class": "dispatchable", "fuel": "f", "capex": 3000.0, "vom": 10.0,
              "lifetime": LIFE, **unit},
    }


def _run(demand, **unit):
    return run(tiny_scenario(_techs(**unit), demand, fuels=FUEL, discount_rate=R)).dataset


def _cost(new_a: float, demand: float) -> float:
    """Objective by hand: a's annuity, a running flat out up to the demand, dear the rest."""
    from_a = min(new_a, demand)
    return ANNUITY * new_a * 3000e3 + H * (10.0 * from_a + 100.0 * (demand - from_a))


@pytest.mark.parametrize(("demand", "units"), [(100.0, 2), (130.0, 2), (50.0, 1), (15.0, 0)])
def test_whole_units_at_the_cheapest_count(demand, units):
    # a 60 MW unit of a costs 60 x 240,728 = 14.44 m yuan/yr and saves 90 x 8760 = 788,400
    # yuan/yr for each MW it runs instead of dear: the last unit pays when it runs more than
    # 18.3 MW (30.5 % of it), so 100 MW takes 2 units (the second runs 40), 130 MW 2 (a third
    # would run 10), 50 MW 1 and 15 MW none; the counts are checked against every count below
    hand = {n: _cost(n * UNIT, demand) for n in range(4)}
    assert min(hand, key=hand.get) == units
    ds = _run(demand, unit_size=UNIT)
    assert float(ds["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(
        units * UNIT, abs=1e-6
    )
    assert ds.attrs["objective"] == pytest.approx(hand[units], rel=1e-9)
    # continuous, a is built to the demand at a lower cost
    free = _run(demand)
    assert float(free["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(demand)
    assert free.attrs["objective"] < ds.attrs["objective"]


def test_the_price_comes_from_the_lp_with_the_units_fixed():
    # 130 MW: two units run flat out, dear sets the price in every hour (100 yuan/MWh)
    ds = _run(130.0, unit_size=UNIT)
    assert ds.attrs["solver_iterations_mip_nodes"] >= 0  # the MILP ran
    price = ds["electricity_price"].sel(year=2030)
    assert np.allclose(price.values, 100.0, rtol=1e-9)


def test_an_lp_relaxation_in_whole_units_skips_the_milp():
    ds = _run(120.0, unit_size=UNIT)
    assert float(ds["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(120.0)
    assert "solver_iterations_mip_nodes" not in ds.attrs
    assert ds.attrs["objective"] == pytest.approx(_cost(120.0, 120.0), rel=1e-9)


def test_no_whole_number_of_units_within_the_limits_is_an_infeasibility_naming_unit_size():
    techs = _techs(unit_size=UNIT)
    techs["a"].update(capacity_min=70.0, capacity_max=110.0)
    with pytest.raises(InfeasibleError, match="whole units") as err:
        run(tiny_scenario(techs, 100.0, fuels=FUEL, discount_rate=R))
    assert "unit_size" in "\n".join(err.value.diagnosis)


@pytest.mark.parametrize("size", [0.0, -5.0, "many"])
def test_a_bad_unit_size_is_refused_with_its_key_path(size):
    with pytest.raises(ScenarioError, match=r"power\.techs\.a\.unit_size"):
        tiny_scenario(_techs(unit_size=size), 100.0, fuels=FUEL)


def test_units_per_decision_year_and_none_in_history():
    # 2029 is history (no build), 2030 and 2031 decide; demand grows 100 -> 160 MW
    techs = _techs(unit_size=UNIT)
    s = tiny_scenario(
        techs,
        100.0,
        fuels=FUEL,
        year=2031,
        discount_rate=R,
        overrides={"years.first": 2029, "years.last_historical": 2029,
                   "demand.electricity": {2029: 876e3, 2030: 876e3, 2031: 1401.6e3}},
    )
    from lowcarbon_sim import build_inputs
    from lowcarbon_sim.model.build import build_model

    model = build_model(build_inputs(s))
    assert sorted(model.modular_build.units) == [("a", 2030), ("a", 2031)]
    ds = run(s).dataset
    new = ds["new_capacity"].sel(tech="a")
    assert float(new.sel(year=2029)) == 0.0
    # 100 MW in 2030: two units; 160 MW in 2031: one more (three run 160, a fourth 0)
    assert [float(new.sel(year=y)) for y in (2030, 2031)] == pytest.approx(
        [2 * UNIT, UNIT], abs=1e-6
    )


# a sweep over the CO2 price: coal continuous, gas in 40 MW units
SOLAR = [0.0] * 6 + [0.2, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0, 0.9, 0.7, 0.5, 0.2] + [0.0] * 7
DEMAND = [80.0] * 7 + [100.0] * 10 + [130.0] * 4 + [90.0] * 3
FUELS = {
    "coal": {"price": 200.0, "emission_factor": 0.9},
    "gas": {"price": 450.0, "emission_factor": 0.4},
}


def _sweep_member(price: float):
    techs = {
        "coal": {"class": "dispatchable", "fuel": "coal", "capex": 4000.0, "vom": 5.0},
        "gas": {"class": "dispatchable", "fuel": "gas", "capex": 2500.0, "vom": 8.0,
                "unit_size": 40.0},
        "solar": {"class": "variable", "availability": "solar", "capex": 3000.0,
                  "unit_size": 25.0},
    }
    return tiny_scenario(
        techs, DEMAND, fuels=FUELS, profiles={"solar": SOLAR}, policy={"co2_price": price}
    )


def test_a_live_sweep_gives_the_fresh_solves_whole_units():
    members = [_sweep_member(p) for p in (0.0, 150.0, 400.0)]
    fresh = [run(s).dataset for s in members]
    with live_model():
        live = [run(s).dataset for s in members]
    for f, g in zip(fresh, live, strict=True):
        assert g.attrs["objective"] == pytest.approx(f.attrs["objective"], rel=1e-9)
        for tech, unit in (("gas", 40.0), ("solar", 25.0)):
            n = float(g["capacity"].sel(year=2030, tech=tech)) / unit
            assert n == pytest.approx(round(n), abs=1e-6)
            assert float(g["capacity"].sel(year=2030, tech=tech)) == pytest.approx(
                float(f["capacity"].sel(year=2030, tech=tech)), abs=1e-6
            )
    # the sweep moves the build: gas units at a high CO2 price replace coal
    gas = [float(d["capacity"].sel(year=2030, tech="gas")) for d in fresh]
    assert gas[-1] > gas[0]


def test_matches_pypsa_modular_expansion(one_bus_pair):
    gens = {  # name: (capex yuan/kW, marginal cost yuan/MWh, availability)
        "solar": (3000.0, 0.0, SOLAR),
        "gas": (2500.0, 8.0 + 450.0, [1.0] * 24),
        "coal": (4000.0, 5.0 + 200.0, [1.0] * 24),
    }
    n, techs, profiles = one_bus_pair(DEMAND, gens, R, LIFE, units={"solar": 25.0, "gas": 40.0})
    status, _ = n.optimize(
        solver_name="highs",
        solver_options={"output_flag": False, "mip_rel_gap": 1e-9},
        log_to_console=False,
        include_objective_constant=False,
    )
    assert status == "ok"
    ours = run(
        tiny_scenario(techs, list(DEMAND), profiles=profiles, discount_rate=R)
    ).dataset
    assert "solver_iterations_mip_nodes" in ours.attrs  # the relaxation was fractional
    assert ours.attrs["objective"] == pytest.approx(n.objective, rel=1e-7)
    theirs = n.generators.p_nom_opt
    for name in gens:
        assert float(ours["capacity"].sel(year=2030, tech=name)) == pytest.approx(
            float(theirs[name]), abs=1e-4
        )


def test_past_the_node_limit_highs_milp_gives_the_same_optimum(monkeypatch):
    import lowcarbon_sim.model.highs as highs

    members = [_sweep_member(150.0)]
    ours = run(members[0]).dataset
    assert ours.attrs["solver_iterations_mip_nodes"] > 1  # the search branched
    monkeypatch.setattr(highs, "MAX_NODES", 1)
    handed = run(members[0]).dataset
    assert handed.attrs["objective"] == pytest.approx(ours.attrs["objective"], rel=1e-7)
    np.testing.assert_allclose(handed["capacity"].values, ours["capacity"].values, atol=1e-4)


def test_a_pyomo_solver_plugin_gives_the_same_units_and_prices_from_the_fixed_lp():
    # a plugin's MILP has no duals: its prices come, as HiGHS's do, from the LP with the
    # units fixed (130 MW: two units, dear sets 100 yuan/MWh in every hour)
    from lowcarbon_sim import build_inputs, build_model, solve_model
    from lowcarbon_sim.model.solve import available_solvers

    if "appsi_highs" not in available_solvers():
        pytest.skip("Pyomo's appsi_highs plugin is not available")
    scenario = tiny_scenario(_techs(unit_size=UNIT), 130.0, fuels=FUEL, discount_rate=R)
    ours = run(scenario).dataset
    plugin = scenario.model_copy(
        update={"solver": scenario.solver.model_copy(update={"name": "appsi_highs"})}
    )
    theirs = run(plugin).dataset
    assert float(theirs["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(2 * UNIT)
    assert theirs.attrs["objective"] == pytest.approx(ours.attrs["objective"], rel=1e-9)
    assert np.allclose(theirs["electricity_price"].sel(year=2030).values, 100.0, rtol=1e-9)
    # the user's model is left as it was: the units free and integer again
    model = build_model(build_inputs(plugin))
    solve_model(model, "appsi_highs")
    units = list(model.modular_build.units.values())
    assert units and all(not v.fixed and v.is_integer() for v in units)
