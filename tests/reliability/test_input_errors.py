"""One test per class of input error: exit code 2 and one message naming the file, the key
path, the bad value and what was expected (CONTRACT.md, issue 9).

The scenario is the tiny one of conftest.py; most cases write a child file that extends it,
so the message must name the child (the file that set the bad key), not the parent.
"""

from __future__ import annotations

import pytest
from reliability_helpers import profile_csv

from lowcarbon_sim.cli import main
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario import load as load_module
from lowcarbon_sim.scenario.load import load_scenario
from lowcarbon_sim.scenario.types import series_values


def assert_input_error(outcome, *fragments: str, one_line: bool = True) -> None:
    """Exit code 2, an ``error:`` message without traceback, holding every fragment."""
    assert outcome.code == 2, outcome.err
    message = outcome.message
    assert "Traceback" not in outcome.err
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    if one_line:
        assert "\n" not in message, message


def test_yaml_syntax_error_names_line_and_column(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\npower:\n  techs: {coal: [1, 2}\n", encoding="utf-8")
    # the flow sequence opened at line 3 is closed by '}' at column 22 of line 3
    assert_input_error(cli("validate", bad), "bad.yaml", "YAML syntax error at line 3, column 22")


def test_wrong_type(child, cli):
    path = child("years: {first: twenty}\n")
    assert_input_error(
        cli("validate", path), "child.yaml", "years.first", "'twenty'", "valid integer"
    )


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("capex", "5 MW", "expected a unit like 'yuan/kW'"),
        ("existing_capacity", "5 TWh", "expected a unit like 'MW'"),
        ("vom", "3 furlongs", "unknown unit 'furlongs'"),
    ],
)
def test_unit_that_does_not_fit(child, cli, key, value, expected):
    path = child(f"power: {{techs: {{coal: {{{key}: {value}}}}}}}\n")
    assert_input_error(
        cli("validate", path), "child.yaml", f"power.techs.coal.{key}", f"'{value}'", expected
    )


@pytest.mark.parametrize(
    ("yaml_text", "key", "value", "expected"),
    [
        ("power: {techs: {coal: {efficiency: 1.2}}}", "power.techs.coal.efficiency", "1.2",
         "less than or equal to 1"),
        ("power: {techs: {coal: {capture_rate: 1.5}}}", "power.techs.coal.capture_rate", "1.5",
         "less than or equal to 1"),
        ("power: {techs: {coal: {availability: 1.3}}}", "power.techs.coal.availability", "1.3",
         "less than or equal to 1"),
        ("power: {techs: {coal: {availability: -0.1}}}", "power.techs.coal.availability",
         "-0.1", "greater than or equal to 0"),
        ("power: {techs: {coal: {existing_capacity: -5}}}",
         "power.techs.coal.existing_capacity", "-5", "greater than or equal to 0"),
        ("power: {techs: {coal: {capacity_credit: 2}}}", "power.techs.coal.capacity_credit",
         "2", "less than or equal to 1"),
        ("economics: {discount_rate: 0.9}", "economics.discount_rate", "0.9",
         "less than or equal to 0.5"),
        ("power: {fuels: {coal: {price: {2030: -1}}}}", "power.fuels.coal.price.2030", "-1",
         "greater than or equal to 0"),
    ],
)  # fmt: skip
def test_out_of_range_values(child, cli, yaml_text, key, value, expected):
    assert_input_error(
        cli("validate", child(yaml_text + "\n")), "child.yaml", key, f"(got {value})", expected
    )


def test_build_min_above_build_max(child, cli):
    path = child("power: {techs: {coal: {extendable: true, build_min: 50, build_max: 20}}}\n")
    assert_input_error(
        cli("validate", path),
        "child.yaml",
        "power.techs.coal.build_min",
        "50 MW/yr is above build_max 20 MW/yr",
        "expected build_min <= build_max",
    )


def test_sector_shares_not_adding_up_to_one(tmp_path, tiny, cli):
    # coal 0.5 + gas 0.3 = 0.8 and no balance carrier: found by the sector module, after
    # loading; the message still names the file that set the shares
    path = tmp_path / "sectors.yaml"
    path.write_text(
        "extends: tiny.yaml\n"
        "economy: {gdp_base: 100, population: 1, urbanisation: 0.5, gdp_growth: 0}\n"
        "sectors:\n"
        "  enabled: false\n"
        "  carriers: {coal: {fossil: true}, gas: {fossil: true}, electricity: {primary: false}}\n"
        "  industry:\n"
        "    steel:\n"
        "      activity: 10\n"
        "      routes:\n"
        "        r: {share: 1, end_uses: {heat: {intensity: 2, shares: {coal: 0.5, gas: 0.3}}}}\n",
        encoding="utf-8",
    )
    assert_input_error(
        cli("validate", path),
        "sectors.yaml",
        "sectors.industry.steel.routes.r.end_uses.heat.shares",
        "shares add up to 0.8 in 2020",
        "expected 1",
    )


def test_error_after_loading_names_the_parent_that_set_the_key(tmp_path, tiny, cli, monkeypatch):
    # the parent sets the bad shares, the child only extends it and renames: the sector
    # module finds the problem after loading, and the message names the parent, from the
    # origins the loader recorded (the extends chain is read once, not again for the error)
    (tmp_path / "parent.yaml").write_text(
        "extends: tiny.yaml\n"
        "economy: {gdp_base: 100, population: 1, urbanisation: 0.5, gdp_growth: 0}\n"
        "sectors:\n"
        "  enabled: false\n"
        "  carriers: {coal: {fossil: true}, gas: {fossil: true}, electricity: {primary: false}}\n"
        "  industry:\n"
        "    steel:\n"
        "      activity: 10\n"
        "      routes:\n"
        "        r: {share: 1, end_uses: {heat: {intensity: 2, shares: {coal: 0.5, gas: 0.3}}}}\n",
        encoding="utf-8",
    )
    path = tmp_path / "leaf.yaml"
    path.write_text("extends: parent.yaml\nname: leaf\n", encoding="utf-8")
    reads: list[str] = []
    real = load_module.read_yaml
    monkeypatch.setattr(load_module, "read_yaml", lambda p: reads.append(p.name) or real(p))
    outcome = cli("validate", path)
    assert_input_error(
        outcome,
        "parent.yaml: sectors.industry.steel.routes.r.end_uses.heat.shares",
        "shares add up to 0.8 in 2020",
    )
    assert "leaf.yaml" not in outcome.message
    assert sorted(reads) == ["leaf.yaml", "parent.yaml", "tiny.yaml"]  # each file read once


def test_unknown_key_with_did_you_mean(child, cli):
    path = child("power: {techs: {coal: {lifetme: 30}}}\n")
    assert_input_error(
        cli("validate", path),
        "child.yaml",
        "power.techs.coal.lifetme",
        "unknown key",
        "did you mean 'lifetime'?",
    )


@pytest.mark.parametrize(
    ("yaml_text", "key", "bad", "suggestion"),
    [
        ("power: {techs: {coal: {fuel: cole}}}", "power.techs.coal.fuel", "unknown fuel 'cole'",
         "did you mean 'coal'?"),
        ("power: {techs: {coal_ccs: {class: dispatchable, fuel: coal, retrofit_of: caol}}}",
         "power.techs.coal_ccs.retrofit_of", "unknown technology 'caol'",
         "did you mean 'coal'?"),
        ("profiles: {wind: {values: [0.5]}}\n"
         "power: {techs: {wind: {class: variable, availability: wnd}}}",
         "power.techs.wind.availability", "unknown profile 'wnd'", "did you mean 'wind'?"),
        ("demand: {profile: laod}", "demand.profile", "unknown profile 'laod'",
         "did you mean 'load'?"),
    ],
)  # fmt: skip
def test_misspelt_reference_with_did_you_mean(child, cli, yaml_text, key, bad, suggestion):
    text = yaml_text.replace("[0.5]", "[" + ", ".join(["0.5"] * 8760) + "]")
    outcome = cli("validate", child(text + "\n"))
    assert_input_error(outcome, "child.yaml", key, bad, suggestion)


def test_missing_required_data(child, cli):
    path = child("power: {techs: {line: {class: import}}}\n")
    assert_input_error(
        cli("validate", path), "child.yaml", "power.techs.line", "class 'import' requires: price"
    )


def test_extends_cycle(tmp_path, cli):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    assert_input_error(
        cli("validate", tmp_path / "a.yaml"), "b.yaml", "extends", "inheritance cycle", "a.yaml"
    )


def test_extends_missing_parent(tmp_path, cli):
    (tmp_path / "a.yaml").write_text("extends: nowhere.yaml\n")
    assert_input_error(
        cli("validate", tmp_path / "a.yaml"),
        "a.yaml",
        "extends",
        "parent scenario 'nowhere.yaml' not found",
    )


@pytest.mark.parametrize(
    ("rows", "cells", "expected"),
    [
        (8000, None, "expected 8760 hourly rows after the header, got 8000"),
        (8760, {100: ""}, "column 'value', data row 101 (hour 100): expected a number, got ''"),
        (8760, {5: "nan"}, "column 'value' has 1 NaN or infinite value(s), first at hour 5"),
    ],
)
def test_profile_csv_found_by_validate(tmp_path, child, cli, rows, cells, expected):
    csv = profile_csv(tmp_path / "wind.csv", rows, cells)
    path = child(
        "profiles: {wind: {file: wind.csv}}\n"
        "power: {techs: {wind: {class: variable, availability: wind}}}\n"
    )
    assert_input_error(cli("validate", path), str(csv), "profiles.wind.file", expected)


def test_availability_profile_above_one(tmp_path, child, cli):
    profile_csv(tmp_path / "wind.csv", cells={5: "1.7"})
    path = child(
        "profiles: {wind: {file: wind.csv}}\n"
        "power: {techs: {wind: {class: variable, availability: wind}}}\n"
    )
    assert_input_error(
        cli("validate", path),
        "child.yaml",
        "profiles.wind",
        "first 1.7 at hour 5",
        "expected values within 0..1 p.u. (availability of wind)",
    )


@pytest.mark.parametrize(
    ("override", "key", "expected"),
    [
        ("policy.co2_cap={2030: 1e8, 2045: 1e7}", "policy.co2_cap",
         "years [2045] are outside the model horizon 2030..2030"),
        ("years.milestones=[2030, 2040]", "years.milestones",
         "[2040] are outside the horizon 2030..2030"),
        ("years.last_historical=2035", "years.last_historical",
         "2035 is after years.last 2030"),
    ],
)  # fmt: skip
def test_years_outside_the_horizon(tiny, cli, override, key, expected):
    assert_input_error(cli("validate", tiny, "--set", override), "override", key, expected)


def test_series_years_outside_the_horizon_are_interpolation_anchors(tiny, cli):
    # a series given to 2045 is read at 2030 by linear interpolation: accepted
    outcome = cli("validate", tiny, "--set", "hydrogen.demand={2020: 0, 2045: 2500}")
    assert outcome.code == 0, outcome.err
    scenario = load_scenario(tiny, {"hydrogen.demand": {2020: 0, 2045: 2500}})
    assert series_values(scenario.hydrogen.demand, [2030]).tolist() == [1000.0]  # 2500 x 10/25


def test_missing_solver_lists_the_available_ones(child, cli):
    path = child("solver: {name: gurobi_not_here}\n")
    outcome = cli("validate", path)
    assert_input_error(outcome, "solver.name", "solver 'gurobi_not_here' is not available", "highs")


def test_solver_option_refused_by_highs(tiny, tmp_path, cli):
    outcome = cli("run", tiny, "--out", tmp_path / "o", "--set", "solver.options={nonsense: 1}")
    assert_input_error(outcome, "override", "solver.options.nonsense", "HiGHS refused the option")


def test_debug_flag_shows_the_traceback(child, cli):
    path = child("power: {techs: {coal: {lifetme: 30}}}\n")
    with pytest.raises(ScenarioError, match="lifetme"):
        main(["validate", str(path), "--debug"])
    with pytest.raises(ScenarioError, match="lifetme"):
        main(["--debug", "validate", str(path)])
