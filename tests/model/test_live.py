"""A live HiGHS model (lowcarbon_sim.model.live) gives the results of fresh solves.

Members of a sweep or an ensemble change only numbers of the LP (costs, bounds, right-hand
sides); the live model pushes the changed entries and warm-starts. Objectives must equal the
fresh solves' to 1e-9 (relative) and the results to the solver's tolerance.
"""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.model.live import LiveModel, live_model
from lowcarbon_sim.testing import assert_results_close, tiny_scenario

FUELS = {
    "coal": {"price": 200.0, "emission_factor": 0.9},
    "gas": {"price": 450.0, "emission_factor": 0.4},
}
SOLAR = [0.0] * 6 + [0.2, 0.5, 0.7, 0.9, 1.0, 1.0, 1.0, 0.9, 0.7, 0.5, 0.2] + [0.0] * 7
DEMAND = [80.0] * 7 + [100.0] * 10 + [130.0] * 4 + [90.0] * 3
COMPARED = ["capacity", "generation", "emissions_power", "electricity_price"]


def techs(solar_capex: float = 3000.0) -> dict:
    return {
        "coal": {"class": "dispatchable", "fuel": "coal", "capex": 4000.0, "vom": 5.0},
        "gas": {"class": "dispatchable", "fuel": "gas", "capex": 2500.0, "vom": 8.0},
        "solar": {"class": "variable", "availability": "solar", "capex": solar_capex},
        "battery": {
            "class": "storage",
            "capex": 1500.0,
            "energy_to_power": 4.0,
            "efficiency_charge": 0.95,
            "efficiency_discharge": 0.95,
        },
    }


def scenario(
    price: float = 0.0, solar_capex: float = 3000.0, scale: float = 1.0, wind=False, yield_=1.0
):
    rows = techs(solar_capex)
    rows["solar"]["availability_scale"] = yield_
    if wind:  # one technology more: more columns and rows
        rows["wind"] = {"class": "variable", "availability": 0.3, "capex": 5000.0}
    return tiny_scenario(
        rows,
        [d * scale for d in DEMAND],
        fuels=FUELS,
        profiles={"solar": SOLAR},
        policy={"co2_price": price},
    )


def compare(members):
    fresh = [run(s).dataset for s in members]
    with live_model() as lm:
        live = [run(s).dataset for s in members]
    for f, g in zip(fresh, live, strict=True):
        assert g.attrs["objective"] == pytest.approx(f.attrs["objective"], rel=1e-9)
        assert_results_close(f, g, rtol=1e-6, atol=1e-4, variables=COMPARED)
    return lm


def test_price_sweep_warm_starts_with_primal_simplex_and_matches_fresh():
    lm = compare([scenario(price=p) for p in (0.0, 50.0, 100.0, 200.0, 400.0)])
    modes = [r["mode"] for r in lm.records]
    assert modes == ["fresh"] + ["warm"] * 4
    # a CO2 price moves only costs
    for r in lm.records[1:]:
        assert r["strategy"] == "primal"
        assert r["changed"]["cost"] > 0
        assert r["changed"]["row_bounds"] == r["changed"]["col_bounds"] == 0


def test_a_member_starts_from_the_nearest_solved_basis():
    # 0 and 400 yuan/t solved; 10 yuan/t is nearer the first than the last member
    lm = compare([scenario(price=p) for p in (0.0, 400.0, 10.0, 390.0)])
    assert [r["mode"] for r in lm.records] == ["fresh", "warm", "warm", "warm"]
    assert [r["basis_from"] for r in lm.records[1:]] == [1, 2, 2]  # 1: the previous member
    assert all(r["strategy"] == "primal" for r in lm.records[1:])  # only costs differ


def test_lp_distance_weighs_each_change_by_its_size():
    from lowcarbon_sim.model.live import _lp_distance

    a = np.array([1.0, 2.0, 0.0, -4.0])
    # 1 -> 1.5: 0.5/1.5; 0 -> 3: 1; -4 -> 4: 8/4
    assert _lp_distance(a, np.array([1.5, 2.0, 3.0, 4.0])) == pytest.approx(0.5 / 1.5 + 1 + 2)
    assert _lp_distance(a, a.copy()) == 0.0
    assert _lp_distance(a, a[:3]) == float("inf")


def test_ensemble_of_costs_and_demand_matches_fresh():
    rng = np.random.default_rng(3)
    members = [
        scenario(price=p, solar_capex=c, scale=s)
        for p, c, s in zip(
            rng.uniform(0, 300, 6),
            rng.uniform(1500, 4000, 6),
            rng.uniform(0.8, 1.2, 6),
            strict=True,
        )
    ]
    lm = compare(members)
    assert [r["mode"] for r in lm.records] == ["fresh"] + ["warm"] * 5
    # demand is a right-hand side: dual simplex from the previous basis
    assert all(r["strategy"] == "dual" and r["changed"]["row_bounds"] > 0 for r in lm.records[1:])


def test_members_with_another_yield_push_matrix_values_and_match_fresh():
    # solar's availability scale multiplies its availability: the members differ in matrix
    # coefficients (capacity x availability of every sunny hour), not in costs or bounds
    lm = compare([scenario(yield_=y) for y in (1.0, 0.9, 1.1, 0.95)])
    assert [r["mode"] for r in lm.records] == ["fresh"] + ["warm"] * 3
    assert all(r["changed"]["coeff"] > 0 for r in lm.records[1:])


def test_more_matrix_changes_than_the_limit_are_solved_fresh(monkeypatch):
    import lowcarbon_sim.model.live as live

    monkeypatch.setattr(live, "MAX_COEFF_CHANGES", 3)
    lm = compare([scenario(yield_=y) for y in (1.0, 0.9)])
    assert lm.records[1]["mode"] == "fresh"
    assert "matrix coefficients differ (more than 3)" in lm.records[1]["reason"]


def test_changed_structure_is_solved_fresh_and_says_why():
    lm = LiveModel()
    with live_model(lm):
        run(scenario())
        with_wind = run(scenario(wind=True)).dataset
    assert lm.records[1]["mode"] == "fresh"
    assert "size differs" in lm.records[1]["reason"]
    assert with_wind.attrs["objective"] == pytest.approx(
        run(scenario(wind=True)).dataset.attrs["objective"], rel=1e-9
    )


# --------------------------------------------------------------------------------------
# members solved on the kept Pyomo model, without a build: a live model keeps the first
# member's Pyomo model; members whose input change is a combination of built members'
# changes get their LP (and the coefficients of the model's cost expressions) by the same
# combination, checked once against a real build. Every result variable must be that of a
# fresh solve.


def compare_all(members):
    fresh = [run(s).dataset for s in members]
    lm = LiveModel()
    with live_model(lm):
        live = [run(s).dataset for s in members]
    for f, g in zip(fresh, live, strict=True):
        assert g.attrs["objective"] == pytest.approx(f.attrs["objective"], rel=1e-9)
        # every numeric result (costs by component, emissions, capacity, dispatch, prices)
        assert_results_close(f, g, rtol=1e-6, atol=1e-4)
        w = f["objective_weight"].values if "objective_weight" in f else None
        if w is not None:  # the cost expressions add up to the objective
            assert float((w * g["total_cost"].values).sum()) == pytest.approx(
                g.attrs["objective"], rel=1e-9
            )
    return lm, live


def test_price_sweep_skips_the_build_after_two_built_members():
    lm, live = compare_all([scenario(price=p) for p in (0.0, 50.0, 100.0, 200.0, 300.0, 400.0)])
    builds = [r["build"] for r in lm.records]
    # 0: kept; 50: a new direction (price becomes nonzero); 100: prediction checked
    assert builds[0].startswith("built") and "kept" in builds[0]
    assert "direction 1" in builds[1]
    assert "checked" in builds[2]
    assert all(b.startswith("skipped") for b in builds[3:]), builds
    assert all(d.attrs["solver_live_build"].startswith("skipped") for d in live[3:])


def test_ensemble_of_costs_and_demand_skips_the_build_once_spanned():
    rng = np.random.default_rng(5)
    # three inputs (price, solar capex, demand scale): four built members span them
    members = [
        scenario(price=p, solar_capex=c, scale=s)
        for p, c, s in zip(
            rng.uniform(10, 300, 8),
            rng.uniform(1500, 4000, 8),
            rng.uniform(0.8, 1.2, 8),
            strict=True,
        )
    ]
    lm, _ = compare_all(members)
    builds = [r["build"] for r in lm.records]
    assert sum(b.startswith("skipped") for b in builds) >= 2, builds


def test_a_new_structure_is_built_and_not_kept():
    lm = LiveModel()
    with live_model(lm):
        run(scenario())
        run(scenario(price=10.0))
        with_wind = run(scenario(price=20.0, wind=True)).dataset
    assert lm.records[2]["build"].startswith("built")
    assert with_wind.attrs["objective"] == pytest.approx(
        run(scenario(price=20.0, wind=True)).dataset.attrs["objective"], rel=1e-9
    )
