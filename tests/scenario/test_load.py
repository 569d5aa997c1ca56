"""Scenario loading: extends, overrides, units, and one clear error per problem."""

import textwrap
from pathlib import Path

import pytest

from lowcarbon_sim import ScenarioError, load_scenario
from lowcarbon_sim.scenario.load import scenario_hash

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


BASE = """
    name: base
    dataset: null
    profiles:
      load: {values: [1.0]}
    demand: {electricity: 1000, profile: load}
    power:
      fuels: {coal: {price: 100, emission_factor: 0.34}}
      techs:
        coal: {class: dispatchable, fuel: coal, existing_capacity: 100}
        wind: {class: variable, availability: 0.3, capex: 4300}
"""


@pytest.fixture
def base(tmp_path):
    text = BASE.replace("[1.0]", "[" + ", ".join(["1.0"] * 8760) + "]")
    return write(tmp_path / "base.yaml", text)


def test_extends_overrides_only_what_differs(tmp_path, base):
    child = write(
        tmp_path / "child.yaml",
        """
        extends: base.yaml
        name: child
        power:
          techs:
            wind: {capex: 3000}
    """,
    )
    s = load_scenario(child)
    assert s.name == "child"
    assert s.power.techs["wind"].capex == 3000
    assert s.power.techs["wind"].availability == 0.3  # inherited
    assert s.power.techs["coal"].existing_capacity == 100


def test_extends_several_levels_relative_paths(tmp_path, base):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "mid.yaml", "extends: ../base.yaml\npolicy: {co2_price: 50}\n")
    leaf = write(tmp_path / "sub" / "leaf.yaml", "extends: mid.yaml\nname: leaf\n")
    s = load_scenario(leaf)
    assert (s.name, s.policy.co2_price) == ("leaf", 50)


def test_null_removes_an_inherited_technology(tmp_path, base):
    child = write(tmp_path / "c.yaml", "extends: base.yaml\npower: {techs: {wind: null}}\n")
    assert list(load_scenario(child).power.techs) == ["coal"]


def test_empty_mapping_over_an_inherited_one_warns_and_names_the_file(tmp_path, base):
    from lowcarbon_sim.errors import ScenarioWarning

    child = write(tmp_path / "c.yaml", "extends: base.yaml\npower: {techs: {}}\n")
    with pytest.warns(ScenarioWarning, match=r"c\.yaml: power\.techs: \{\} merges nothing.*null"):
        s = load_scenario(child)
    assert list(s.power.techs) == ["coal", "wind"]  # merged, as documented
    with pytest.warns(ScenarioWarning, match=r"power\.techs: \{\}"):
        load_scenario(base, overrides={"power.techs": {}})
    # the second of two parents writes the {}: the warning names that parent
    write(tmp_path / "p2.yaml", "power: {techs: {}}\n")
    two = write(tmp_path / "two.yaml", "extends: [base.yaml, p2.yaml]\nname: two\n")
    with pytest.warns(ScenarioWarning, match=r"p2\.yaml: power\.techs: \{\} merges nothing"):
        load_scenario(two)


def test_packaged_scenarios_load_without_warnings():
    import warnings

    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "scenarios").glob("*.yaml")) + sorted(
        (root / "examples").glob("*.yaml")
    )
    assert files
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for f in files:
            load_scenario(f)


def test_extends_cycle_is_refused(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ScenarioError, match="inheritance cycle") as exc:
        load_scenario(tmp_path / "a.yaml")
    assert "extends" in str(exc.value)


def test_missing_parent_named(tmp_path):
    write(tmp_path / "a.yaml", "extends: nowhere.yaml\n")
    with pytest.raises(ScenarioError, match=r"a\.yaml: extends: parent scenario 'nowhere.yaml'"):
        load_scenario(tmp_path / "a.yaml")


def test_dotted_overrides_and_units(base):
    s = load_scenario(
        base,
        overrides={
            "power.techs.wind.capex": "4 yuan/W",
            "power.techs.coal.existing_capacity": "2 GW",
            "policy.co2_cap": "{2030: 200 Mt CO2}",
        },
    )
    assert s.power.techs["wind"].capex == pytest.approx(4000)
    assert s.power.techs["coal"].existing_capacity == pytest.approx(2000)
    assert s.policy.co2_cap == {2030: pytest.approx(2e8)}


def test_set_values_are_parsed_once(base):
    """``--set k="off"`` is the text off, as in a YAML file; unquoted, YAML makes it false."""
    from lowcarbon_sim.scenario.load import parse_set_option

    quoted = load_scenario(base, dict([parse_set_option('solver.options.run_crossover="off"')]))
    assert quoted.solver.options == {"run_crossover": "off"}
    plain = load_scenario(base, dict([parse_set_option("solver.options.run_crossover=off")]))
    assert plain.solver.options == {"run_crossover": False}
    digits = load_scenario(base, dict([parse_set_option('description="2030"')]))
    assert digits.description == "2030"


@pytest.mark.parametrize(
    ("override", "key", "fragment"),
    [
        ({"power.techs.wind.capex": -5}, "power.techs.wind.capex", "greater than or equal to 0"),
        ({"power.techs.wind.capx": 5}, "power.techs.wind.capx", "did you mean 'capex'"),
        ({"power.techs.wind.class": "nuclear"}, "power.techs.wind.class", "Input should be"),
        (
            {"power.techs.coal.existing_capacity": "5 TWh"},
            "power.techs.coal.existing_capacity",
            "does not fit",
        ),
        (
            {"power.techs.coal.existing_capacity": "lots"},
            "power.techs.coal.existing_capacity",
            "expected a number",
        ),
        ({"power.techs.coal.fuel": "cole"}, "power.techs.coal.fuel", "did you mean 'coal'"),
        ({"power.techs.wind.fuel": "coal"}, "power.techs.wind", "do not apply to class"),
        ({"polcy.co2_price": 5}, "polcy", "did you mean 'policy'"),
        ({"power.techs.coal.efficiency": 1.5}, "power.techs.coal.efficiency", "less than or equal"),
    ],
)
def test_bad_values_name_file_key_and_expectation(base, override, key, fragment):
    with pytest.raises(ScenarioError) as exc:
        load_scenario(base, overrides=override)
    text = str(exc.value)
    assert key in text
    assert fragment in text
    assert "base.yaml" in text or "override" in text


def test_yaml_syntax_error_has_line_and_column(tmp_path):
    bad = write(tmp_path / "bad.yaml", "name: x\npower:\n  techs: [unclosed\n")
    with pytest.raises(
        ScenarioError, match=r"bad\.yaml: YAML syntax error at line \d+, column \d+"
    ):
        load_scenario(bad)


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_several_problems_reported_at_once(base):
    with pytest.raises(ScenarioError) as exc:
        load_scenario(base, overrides={"power.techs.wind.capex": -1, "name": [1]})
    assert len(exc.value.problems) == 2


def test_hash_is_stable_and_sensitive(base):
    a, b = load_scenario(base), load_scenario(base)
    assert scenario_hash(a) == scenario_hash(b)
    assert scenario_hash(load_scenario(base, overrides={"policy.co2_price": 1})) != scenario_hash(a)


def test_cap_in_history_years_refused(base):
    with pytest.raises(ScenarioError, match=r"policy\.co2_cap: years \[2022\] are historical"):
        load_scenario(base, overrides={"policy.co2_cap": {2022: 1e8, 2030: 1e8}})


def test_shipped_scenarios_validate(scenarios_dir):
    for path in sorted(scenarios_dir.glob("*.yaml")):
        assert load_scenario(path).name


def test_resolved_scenario_finds_relative_profiles_from_any_directory(tmp_path, monkeypatch):
    # results keep the resolved scenario (attribute scenario_yaml); it loads again from
    # another working directory
    from lowcarbon_sim.data.profiles import read_profile, resolve_path
    from lowcarbon_sim.scenario.load import scenario_to_dict

    folder = tmp_path / "study"
    (folder / "profiles").mkdir(parents=True)
    shape = [1.0 + (h % 24) / 24 for h in range(8760)]
    (folder / "profiles" / "load.csv").write_text(
        "hour,load_mw\n" + "".join(f"{h},{v}\n" for h, v in enumerate(shape))
    )
    path = folder / "study.yaml"
    path.write_text(
        "name: study\nextends: "
        + str(SCENARIOS / "hunan_baseline.yaml")
        + "\nprofiles: {load: {file: profiles/load.csv}}\n"
    )
    tree = scenario_to_dict(load_scenario(path))
    assert tree["profiles"]["load"]["file"] == str(folder / "profiles" / "load.csv")
    assert tree["profiles"]["hydro"]["file"].startswith("package:")  # packaged data kept
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    again = load_scenario(data=tree)
    load = again.profiles["load"]
    values = read_profile(resolve_path(load.file, again.source_file), load.column)
    assert values[:24].tolist() == shape[:24]


def test_parent_profile_file_is_relative_to_the_parent(tmp_path):
    # documented: a profile file is relative to the scenario file that names it, also when
    # that file is a parent in another folder
    from lowcarbon_sim.data.profiles import read_profile, resolve_path

    shared = tmp_path / "shared"
    (shared / "profiles").mkdir(parents=True)
    (shared / "profiles" / "load.csv").write_text(
        "hour,load_mw\n" + "".join(f"{h},{1 + h % 7}\n" for h in range(8760))
    )
    write(
        shared / "base.yaml",
        "extends: "
        + str(SCENARIOS / "hunan_baseline.yaml")
        + "\nprofiles: {load: {file: profiles/load.csv}}\n",
    )
    (tmp_path / "study").mkdir()
    child = write(tmp_path / "study" / "child.yaml", "extends: ../shared/base.yaml\nname: c\n")
    s = load_scenario(child)
    assert s.profiles["load"].file == "../shared/profiles/load.csv"  # still relative
    values = read_profile(resolve_path(s.profiles["load"].file, s.source_file), "load_mw")
    assert values[:8].tolist() == [1, 2, 3, 4, 5, 6, 7, 1]


def test_resolved_scenario_reloads_to_the_same_scenario():
    from lowcarbon_sim.scenario.load import scenario_to_dict

    for name in ("hunan_baseline.yaml", "hunan_deep_decarbonisation.yaml"):
        s = load_scenario(SCENARIOS / name)
        again = load_scenario(data=scenario_to_dict(s))
        assert scenario_hash(again) == scenario_hash(s)


def test_bare_number_over_a_value_given_in_another_unit_warns():
    from lowcarbon_sim.errors import ScenarioWarning

    key = "sectors.other.heat_supply.routes.all.end_uses.steam.intensity"
    # the data set writes this key in TWh; a bare 33 is read in MWh (the schema's unit)
    message = rf"{key}: the bare number 33 is read in MWh.*'33 TWh'"
    with pytest.warns(ScenarioWarning, match=message):
        s = load_scenario(data={"name": "x"}, overrides={key: 33})
    heat = s.sectors.other["heat_supply"].routes["all"].end_uses["steam"].intensity
    assert heat == 33.0  # accepted as written: a bare number is valid input
    # a year of a series, and a fuel price written per tonne of coal
    with pytest.warns(ScenarioWarning, match=r"coal\.price\.2030: .* '800 yuan/t \(5500 kcal\)'"):
        load_scenario(data={"name": "x"}, overrides={"power.fuels.coal.price.2030": 800})
    # 9 where the data set says "5.0 %": 900 % as written (refused by its bounds), 9 % meant
    with pytest.warns(ScenarioWarning, match=r"gdp_growth\.2025: the bare number 9 is read in 1"):
        with pytest.raises(ScenarioError, match=r"gdp_growth"):
            load_scenario(data={"name": "x"}, overrides={"economy.gdp_growth.2025": 9})


@pytest.mark.parametrize(
    "override",
    [
        # with its unit; a bare number where the data set uses the schema's unit (MW); a key
        # the data set gives as a bare number
        {"sectors.other.heat_supply.routes.all.end_uses.steam.intensity": "33 TWh"},
        {"power.techs.heat_boiler_coal.existing_capacity": 5000},
        {"policy.co2_price": 100},
        # a fraction where the data set writes a percentage: read as meant (5.5 %)
        {"economy.gdp_growth.2025": 0.055},
        {"sectors.industry.other_industry.routes.all.end_uses.process_heat.shares.electricity": 0},
        # a price per MWh of heat near the data set's per-tonne price converted
        {"power.fuels.coal.price.2030": 160},
    ],
)
def test_no_unit_warning_when_the_unit_is_clear(override):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_scenario(data={"name": "x"}, overrides=override)
