"""Full-year storage limits through per-step capacity copies give the same optimum."""

import pytest

from lowcarbon_sim import run
from lowcarbon_sim.model.blocks import storage
from lowcarbon_sim.testing import tiny_scenario


def _scenario(mode: str = "full_year"):
    sun = [0.0] * 7 + [0.3, 0.6, 0.9, 1.0, 1.0, 1.0, 0.9, 0.6, 0.3] + [0.0] * 8
    techs = {
        "solar": {"class": "variable", "availability": "sun", "capex": 3000, "lifetime": 25},
        "gas": {
            "class": "dispatchable",
            "fuel": "g",
            "extendable": False,
            "existing_capacity": 200.0,
            "vom": 400.0,
        },
        "battery": {
            "class": "storage",
            "energy_to_power": 4.0,
            "capex": 800,
            "capex_energy": 600,
            "efficiency_charge": 0.95,
            "efficiency_discharge": 0.95,
            "lifetime": 15,
        },
    }
    return tiny_scenario(
        techs, 100.0, fuels={"g": {"price": 0.0}}, profiles={"sun": sun}, mode=mode
    )


@pytest.mark.slow
def test_capacity_copies_change_nothing_but_the_matrix(monkeypatch):
    split = run(_scenario()).dataset
    monkeypatch.setattr(storage, "SPLIT_CAPACITY_MIN_STEPS", 10**9)
    plain = run(_scenario()).dataset
    assert split.attrs["objective"] == pytest.approx(plain.attrs["objective"], rel=1e-7)
    cap_split = float(split["capacity"].sel(year=2030, tech="battery"))
    cap_plain = float(plain["capacity"].sel(year=2030, tech="battery"))
    assert cap_split == pytest.approx(cap_plain, rel=1e-5, abs=1e-3)
    assert cap_split > 1.0  # the battery is built: the limits matter


def test_full_year_model_holds_the_copies():
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model

    m = build_model(build_inputs(_scenario()))
    assert len(m.storage.capacity_copy) == 8760
    assert len(m.storage.capacity_chain) == 8760


@pytest.mark.parametrize(
    ("mode", "expected"), [("full_year", "ipm"), ("representative_days", "simplex")]
)
def test_algorithm_follows_the_length_of_the_chronology(mode, expected):
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.solve import default_algorithm

    model = build_model(build_inputs(_scenario(mode)))
    assert default_algorithm(model) == expected


def test_models_without_time_steps_get_dual_simplex():
    import pyomo.environ as pyo

    from lowcarbon_sim.model.solve import default_algorithm

    assert default_algorithm(pyo.ConcreteModel()) == "simplex"


@pytest.mark.slow
def test_run_records_the_algorithm_that_ran():
    from lowcarbon_sim.model.solve import hipo_available

    full = run(_scenario()).dataset
    days = run(_scenario("representative_days")).dataset
    assert full.attrs["solver_algorithm"] == ("hipo" if hipo_available() else "ipx")
    assert days.attrs["solver_algorithm"] == "simplex"
    # and how much work each did: an interior point (a full year skips crossover where the
    # interior-point solution meets HiGHS's tolerances; its quality is recorded either way)
    assert full.attrs["solver_iterations_ipm"] > 0
    assert full.attrs["solver_iterations_crossover"] > 0 or (
        full.attrs["solver_max_primal_infeasibility"] <= 1e-6
    )
    assert days.attrs["solver_iterations_ipm"] == 0
    assert days.attrs["solver_iterations_simplex"] > 0


def test_ipm_is_named_ipx_where_hipo_is_missing(monkeypatch):
    from lowcarbon_sim.model import algorithm

    monkeypatch.setattr(algorithm, "hipo_available", lambda: False)
    assert algorithm.algorithm_name("ipm") == "ipx"
    monkeypatch.setattr(algorithm, "hipo_available", lambda: True)
    assert algorithm.algorithm_name("ipm") == "hipo"
    assert algorithm.algorithm_name("choose") == "simplex"
    assert algorithm.algorithm_name("pdlp") == "pdlp"


def test_a_quiet_fallback_to_simplex_is_named_simplex(monkeypatch):
    # HiPO's libraries built for another HiGHS version: HiGHS accepts solver=hipo and runs
    # dual simplex without an error; only the iteration counts tell
    from lowcarbon_sim.model import algorithm

    monkeypatch.setattr(algorithm, "hipo_available", lambda: True)
    assert algorithm.algorithm_that_ran("ipm", 0, 5120) == "simplex"
    assert algorithm.algorithm_that_ran("ipm", 41, 0) == "hipo"
    assert algorithm.algorithm_that_ran("ipm", 0, 0) == "hipo"  # presolve solved it: no evidence
    assert algorithm.algorithm_that_ran("simplex", 0, 5120) == "simplex"


@pytest.mark.slow
def test_both_interior_points_and_simplex_reach_one_optimum():
    """HiPO (direct factorisation), IPX (conjugate gradients) and dual simplex, each with
    crossover where it applies, on the full-year case: one objective."""
    from lowcarbon_sim.model.solve import hipo_available

    if not hipo_available():
        pytest.skip("this HiGHS build has no HiPO (pip install highspy[extras])")
    objectives = {}
    for algorithm in ("hipo", "ipx", "simplex"):
        scen = _scenario()
        solver = scen.solver.model_copy(update={"options": {"solver": algorithm}})
        ds = run(scen.model_copy(update={"solver": solver})).dataset
        assert ds.attrs["solver_algorithm"] == algorithm
        objectives[algorithm] = ds.attrs["objective"]
    assert objectives["hipo"] == pytest.approx(objectives["simplex"], rel=1e-7)
    assert objectives["ipx"] == pytest.approx(objectives["simplex"], rel=1e-7)
