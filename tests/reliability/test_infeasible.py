"""Infeasible, unbounded and failed solves: exit code 3 and a diagnosis in model terms.

Load shedding (at the value of lost load) keeps a shortfall of supply feasible, so these
fixtures make the model infeasible from the other side: output that must run, caps below
what must run, and limits that contradict each other.
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest

from lowcarbon_sim.errors import InfeasibleError, SolveError
from lowcarbon_sim.model.solve import solve_model


def assert_model_error(outcome, *fragments: str) -> str:
    assert outcome.code == 3, outcome.err
    assert "Traceback" not in outcome.err
    message = outcome.message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_co2_cap_below_must_run_emissions_names_year_and_cap(tiny, tmp_path, cli):
    # coal must run at 0.5 x 150 MW = 75 MW all year: 75 x 8760 h x 0.34 t/MWh / 1.0
    # = 223,380 t CO2 at least, against a cap of 1,000 t
    out = tmp_path / "o"
    outcome = cli(
        "run", tiny, "--out", out,
        "--set", "power.techs.coal.min_output=0.5",
        "--set", "policy.co2_cap={2030: 1000}",
    )  # fmt: skip
    message = assert_model_error(
        outcome,
        "infeasible",
        "2030: CO2 cap: the limit 1 kt CO2 is below the least achievable 223.4 kt CO2",
        "over by 222.4 kt CO2",
        "set by `policy.co2_cap.2030`",
        "[co2_cap[2030]]",
    )
    # the irreducible infeasible subset pairs the cap with the must-run coal output
    assert "irreducible infeasible subset): CO2 cap (2030)" in message
    assert "dispatch.p" in message and "coal, 2030" in message
    assert not (out / "results.nc").exists()


def test_province_cap_names_the_emissions_outside_the_lp(cli):
    # with the sector modules on, a province-wide cap below the sectors' own emissions: the
    # LP's right-hand side is the cap minus those emissions, and the message says so
    from pathlib import Path

    baseline = Path(__file__).resolve().parents[2] / "scenarios" / "hunan_baseline.yaml"
    outcome = cli(
        "validate", baseline,
        "--set", "policy.co2_cap={2030: 100000000}",
        "--set", "policy.co2_cap_scope=province",
    )  # fmt: skip
    assert outcome.code == 0  # the scenario itself is valid; the model cannot meet it
    import lowcarbon_sim as lcs
    from lowcarbon_sim.errors import InfeasibleError

    scenario = lcs.load_scenario(
        baseline,
        overrides={"policy.co2_cap": {2030: 1e8}, "policy.co2_cap_scope": "province",
                   "years.milestones": [2020, 2024, 2025, 2030]},
    )
    try:
        lcs.run(scenario)
    except InfeasibleError as err:
        text = str(err)
    else:
        raise AssertionError("a 100 Mt province cap in 2030 must be infeasible")
    assert "2030: CO2 cap" in text and "set by `policy.co2_cap.2030`" in text
    assert "the cap of 100.0 Mt CO2 minus" in text and "sector emissions outside the LP" in text


def test_must_run_above_demand_names_the_hour(tiny, tmp_path, cli):
    # 150 MW must run against 100 MW of demand: 50 MW too much in each of the 24 hours
    outcome = cli("run", tiny, "--out", tmp_path / "o", "--set", "power.techs.coal.min_output=1.0")
    assert_model_error(
        outcome,
        "hour 0 of 2030, and 23 more time step(s)",
        "electricity balance (supply = demand): needs 100 MW, but the other constraints allow "
        "no less than 150 MW (excess 50 MW)",
        "24 rows off by 1.2 GW in total",
    )


def test_impossible_full_load_hours_found_in_the_conflict(tiny, tmp_path, cli):
    # 300 MW x 8000 h = 2.4 TWh must be generated; demand is 0.876 TWh and nothing else
    # can absorb it
    outcome = cli(
        "run", tiny, "--out", tmp_path / "o",
        "--set", "power.techs.coal.existing_capacity=300",
        "--set", "power.techs.coal.min_full_load_hours=8000",
    )  # fmt: skip
    assert_model_error(
        outcome,
        "of 2030",
        "electricity balance",
        "annual output within min/max full-load hours (coal, 2030)",
    )


def test_capacity_min_above_capacity_max(tiny, tmp_path, cli):
    outcome = cli(
        "run", tiny, "--out", tmp_path / "o",
        "--set", "power.techs.coal.extendable=true",
        "--set", "power.techs.coal.capacity_min=500",
        "--set", "power.techs.coal.capacity_max=300",
    )  # fmt: skip
    assert_model_error(
        outcome,
        "2030, tech coal: installed capacity within capacity_min..capacity_max: its lower "
        "limit 500 MW is above its upper limit 300 MW",
    )


def test_existing_fleet_and_build_min_above_capacity_max(tiny, tmp_path, cli):
    # 150 MW exist and cannot retire, 100 MW must be built; capacity_max allows 200 MW.
    # (capacity_max below the existing fleet alone is refused by validate: see
    # test_policy_inputs.py)
    outcome = cli(
        "run", tiny, "--out", tmp_path / "o",
        "--set", "power.techs.coal.extendable=true",
        "--set", "power.techs.coal.build_min=100",
        "--set", "power.techs.coal.capacity_max=200",
    )  # fmt: skip
    assert_model_error(
        outcome,
        "2030, tech coal: installed capacity within capacity_min..capacity_max: the limit "
        "200 MW is below the least achievable 250 MW given the other constraints "
        "(over by 50 MW)",
    )


def test_solver_stopping_early_exits_3(tiny, tmp_path, cli):
    outcome = cli(
        "run", tiny, "--out", tmp_path / "o",
        "--set", "solver.options={simplex_iteration_limit: 0, presolve: 'off'}",
    )  # fmt: skip
    assert_model_error(
        outcome,
        "HiGHS stopped with status 'iteration_limit'",
        "raise or remove the iteration limit in solver.options",
    )
    assert not (tmp_path / "o" / "results.nc").exists()


def _model(objective_sign: float, x_max: float | None, x_min: float = 0.0):
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(None, None))
    m.low = pyo.Constraint(expr=m.x >= x_min)
    if x_max is not None:
        m.high = pyo.Constraint(expr=m.x <= x_max)
    m.obj = pyo.Objective(expr=objective_sign * m.x)
    return m


def test_unbounded_model_is_a_solve_error_with_exit_code_3():
    with pytest.raises(SolveError, match="unbounded") as exc:
        solve_model(_model(-1.0, None))
    assert exc.value.exit_code == 3
    assert not isinstance(exc.value, InfeasibleError)


def test_infeasible_user_constraint_named_by_its_component():
    # x >= 5 and x <= 2 on a model without lowcarbon-sim families: named by component
    with pytest.raises(InfeasibleError) as exc:
        solve_model(_model(1.0, 2.0, x_min=5.0))
    text = str(exc.value)
    assert exc.value.exit_code == 3
    assert "low" in text or "high" in text
    assert "3" in text  # the gap between 5 and 2
