"""Scenario: the typed schema of a scenario and its loading from YAML."""

from lowcarbon_sim.scenario.load import load_scenario, scenario_to_dict
from lowcarbon_sim.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "scenario_to_dict"]
