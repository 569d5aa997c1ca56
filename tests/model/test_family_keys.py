"""Every constraint family of a built model names the scenario keys or data rows behind its
right-hand side (model/family_keys.py): the keys `lowcarbon-sim explain` and the
infeasibility diagnosis print."""

from pathlib import Path

import pyomo.environ as pyo
import pytest

from lowcarbon_sim.model.family_keys import FAMILY_KEYS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def default_model():
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.pipeline import sector_outputs
    from lowcarbon_sim.scenario.load import load_scenario

    s = load_scenario(ROOT / "examples" / "hunan_targets.yaml")
    return build_model(build_inputs(s, sector_outputs(s)))


def test_every_family_of_the_default_model_has_a_key(default_model):
    families = default_model._lcs_families
    missing = []
    for con in default_model.component_objects(pyo.Constraint, active=True, descend_into=True):
        fam = families.get(con.name)
        if fam is None:
            missing.append(f"{con.name}: not registered")
        elif not fam.keys and not fam.data:
            missing.append(f"{con.name}: no key or data row")
    assert not missing, "constraint families without a key template: " + "; ".join(missing)


def test_user_limits_are_keys_and_physics_is_data(default_model):
    fams = default_model._lcs_families
    # the limits a planner sets may be relaxed by `explain`: they are keys
    hours = fams["dispatch.annual_energy_max"].keys
    assert "power.techs.{tech}.max_full_load_hours.{year}" in hours
    assert fams["dispatch.fuel_limit"].keys == ("power.fuels.{fuel}.max_use.{year}",)
    assert "ccus.sources.{source}.capturable.{year}" in fams["ccus.capture_limit"].keys
    assert fams["ccus.injection"].keys == ("ccus.storage.injection_max.{year}",)
    # demand and availability are inputs, never relaxed
    assert not fams["electricity_balance"].keys
    assert "demand.electricity.{year}" in fams["electricity_balance"].data
    assert not fams["dispatch.available"].keys


def test_the_table_names_only_known_components(default_model):
    """A renamed component must be renamed in the table too (the default model holds all but
    the optional blocks' families, which the table may name ahead)."""
    names = {c.name for c in default_model.component_objects(pyo.Constraint, descend_into=True)}
    optional = {"hydrogen_delivery"} | {  # day-linked storage: hydrogen here, any store may
        f"storage.{c}" for c in ("day_balance", "day_lower", "day_upper", "high_bound", "low_bound")
    }
    unknown = sorted(set(FAMILY_KEYS) - names - optional)
    assert not unknown, f"FAMILY_KEYS names components no model has: {unknown}"
