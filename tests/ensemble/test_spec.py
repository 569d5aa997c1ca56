"""The `uncertainty:` section: schema errors and checks against the resolved scenario."""

import pytest

from lowcarbon_sim.ensemble.plan import plan_members
from lowcarbon_sim.ensemble.runner import run_ensemble
from lowcarbon_sim.ensemble.spec import check_against
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.load import load_scenario


def _load(tiny, tmp_path, uncertainty):
    path = tiny.write(tmp_path, uncertainty)
    return path, load_scenario(path)


def test_unknown_key_names_file_key_and_known_keys(tiny, tmp_path):
    path, s = _load(
        tiny,
        tmp_path,
        {
            "parameters": {
                "power.techs.windd.capex": {"distribution": "uniform", "low": 1, "high": 2}
            }
        },
    )
    with pytest.raises(ScenarioError) as err:
        check_against(s)
    msg = str(err.value)
    assert str(path) in msg
    assert "uncertainty.parameters.power.techs.windd.capex" in msg
    assert "'power.techs.windd' is not a key" in msg and "solar" in msg


def test_value_outside_the_keys_bounds_is_refused(tiny, tmp_path):
    path, s = _load(
        tiny,
        tmp_path,
        {"parameters": {"policy.co2_price": {"distribution": "uniform", "low": -50, "high": 100}}},
    )
    with pytest.raises(ScenarioError) as err:
        check_against(s)
    msg = str(err.value)
    assert "uncertainty.parameters.policy.co2_price" in msg and "-50" in msg
    assert "expected a value valid for policy.co2_price" in msg
    assert msg.startswith(f"{path}: ")


def test_discrete_value_of_wrong_type_is_refused(tiny, tmp_path):
    _, s = _load(
        tiny,
        tmp_path,
        {
            "parameters": {
                "power.techs.solar.capex": {"distribution": "discrete", "values": [2000, "cheap"]}
            }
        },
    )
    with pytest.raises(ScenarioError, match="value 'cheap' does not fit"):
        check_against(s)


def test_unbounded_normal_that_can_go_negative_is_refused(tiny, tmp_path):
    # mean - 4 sd < 0 on a field that must be >= 0
    _, s = _load(
        tiny,
        tmp_path,
        {
            "parameters": {
                "power.techs.solar.capex": {"distribution": "normal", "mean": 1000, "sd": 300}
            }
        },
    )
    with pytest.raises(ScenarioError, match="does not fit"):
        check_against(s)


def test_schema_errors_name_the_key_path(tiny, tmp_path):
    with pytest.raises(ScenarioError) as err:
        _load(
            tiny,
            tmp_path,
            {"parameters": {"policy.co2_price": {"distribution": "uniform", "low": 5, "high": 1}}},
        )
    assert "uncertainty.parameters.policy.co2_price" in str(err.value)
    assert "low < high" in str(err.value)
    with pytest.raises(ScenarioError, match="distribution"):
        _load(tiny, tmp_path, {"parameters": {"policy.co2_price": {"distribution": "lognormal"}}})


def test_scale_multiplies_and_integer_keys_are_rounded(tiny, tmp_path):
    _, s = _load(
        tiny,
        tmp_path,
        {
            "parameters": {
                "power.fuels.coal.price": {
                    "distribution": "uniform",
                    "low": 0.5,
                    "high": 1.5,
                    "apply": "scale",
                },
                "time.days": {"distribution": "uniform", "low": 1, "high": 3},
            }
        },
    )
    info = check_against(s)
    assert info["time.days"]["integer"] and not info["power.fuels.coal.price"]["integer"]
    spec = s.uncertainty.parameters
    [m] = plan_members(s, [{"power.fuels.coal.price": 1.25, "time.days": 2.4}], spec, info)
    assert m.overrides == {"power.fuels.coal.price": 150.0, "time.days": 2}
    assert m.parameters == {"power.fuels.coal.price": 1.25, "time.days": 2.4}


def test_scale_of_an_unset_key_is_refused(tiny, tmp_path):
    _, s = _load(
        tiny,
        tmp_path,
        {
            "parameters": {
                "policy.co2_cap": {
                    "distribution": "uniform",
                    "low": 0.5,
                    "high": 1.5,
                    "apply": "scale",
                }
            }
        },
    )
    with pytest.raises(ScenarioError, match="apply: scale needs a number"):
        check_against(s)


def test_ensemble_without_parameters_or_samples_is_an_input_error(tiny, tmp_path):
    path = tiny.write(tmp_path)
    with pytest.raises(ScenarioError, match="no uncertain parameters"):
        run_ensemble(path, 2, scheduler="synchronous", out_dir=tmp_path / "o", progress=False)
    path = tiny.write(
        tmp_path,
        {"parameters": {"policy.co2_price": {"distribution": "uniform", "low": 0, "high": 1}}},
        "b.yaml",
    )
    with pytest.raises(ScenarioError, match=r"uncertainty\.samples"):
        run_ensemble(path, None, scheduler="synchronous", out_dir=tmp_path / "o", progress=False)
