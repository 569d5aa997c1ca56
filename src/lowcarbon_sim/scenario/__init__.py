"""Scenario: the typed schema of a scenario and its loading from YAML.

Names are imported on first use: :mod:`lowcarbon_sim.scenario.types` and the sector schema
(:mod:`lowcarbon_sim.scenario.sectors`) are imported by the scenario schema, so importing
the package must not import the schema eagerly.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Scenario", "load_scenario", "scenario_to_dict"]


def __getattr__(name: str) -> Any:
    if name == "Scenario":
        from lowcarbon_sim.scenario.schema import Scenario

        return Scenario
    if name in ("load_scenario", "scenario_to_dict"):
        from lowcarbon_sim.scenario import load

        return getattr(load, name)
    raise AttributeError(f"module 'lowcarbon_sim.scenario' has no attribute {name!r}")
