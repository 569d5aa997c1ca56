"""Finite or refused (issue 22 item 5): every number that reaches the LP is checked by
``validate`` and before a run, naming the scenario key; a validated scenario does not fail
later on its data."""

from __future__ import annotations

import pytest

from lowcarbon_sim import run
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs.checks import MAX_MAGNITUDE
from lowcarbon_sim.pipeline import check_scenario
from lowcarbon_sim.testing import tiny_scenario

FUELS = {"f": {"price": 10.0, "emission_factor": 0.3}}


def _scenario(**overrides):
    techs = {"g": {"class": "dispatchable", "fuel": "f", "capex": 3000, "lifetime": 30}}
    return tiny_scenario(techs, 100.0, fuels=FUELS, overrides=overrides)


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"power.techs.g.capex": 1e308}, "power.techs.g.capex"),
        ({"power.techs.g.existing_capacity": 1e300}, "power.techs.g.existing_capacity"),
        ({"profiles.load.scale": 1e300}, "profiles.load"),
    ],
)
def test_validate_refuses_what_the_lp_cannot_take_and_names_the_key(overrides, key):
    scenario = _scenario(**overrides)
    with pytest.raises(ScenarioError) as err:
        check_scenario(scenario)
    assert key in str(err.value) and "expected" in str(err.value)
    # and the run stops at the same place, before building the model
    with pytest.raises(ScenarioError):
        run(scenario)


def test_all_zero_load_profile_is_refused_by_validate():
    scenario = _scenario(**{"profiles.load.values": [0.0] * 8760})
    with pytest.raises(ScenarioError) as err:
        check_scenario(scenario)
    assert "profiles.load" in str(err.value) and "sums to zero" in str(err.value)


def test_magnitude_bound_is_inclusive_of_real_numbers():
    # the largest sourced numbers of the Hunan data (annual demand ~3e8 MWh, capex per MW
    # ~1e7 yuan) are far below the bound
    assert MAX_MAGNITUDE >= 1e12
    check_scenario(_scenario(**{"power.techs.g.capex": 1e6}))
