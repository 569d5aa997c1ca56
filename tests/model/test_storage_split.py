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
