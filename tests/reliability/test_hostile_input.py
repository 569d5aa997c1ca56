"""Hostile input: alias bombs, deep nesting, duplicate keys, paths out of the package, and
names that carry markup or spreadsheet formulas (issue 22, items 3, 4 and 7)."""

from __future__ import annotations

import io
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lowcarbon_sim import run
from lowcarbon_sim.data import package_path
from lowcarbon_sim.errors import MAX_ITEM_CHARS, DataError, ScenarioError
from lowcarbon_sim.export.iamc import write_iamc
from lowcarbon_sim.report.html import html_report, markdown_report
from lowcarbon_sim.results.summary import summary_csv
from lowcarbon_sim.scenario import safe_yaml
from lowcarbon_sim.scenario.load import load_scenario, parse_set_option
from lowcarbon_sim.testing import tiny_scenario

BASE = "name: x\ndataset: null\n"


def _bomb(levels: int = 9, fan: int = 10, under: str = "description") -> str:
    """A "billion laughs" document: ``fan**levels`` values through aliases."""
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * fan)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + f"\n{under}: *a{levels}\n"


@pytest.mark.parametrize("under", ["description", "years.milestones", "no_such_key"])
def test_alias_bomb_is_refused_quickly(tmp_path, under):
    f = tmp_path / "bomb.yaml"
    key = under.split(".")[-1]
    f.write_text(BASE + _bomb(under=key))
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    assert time.perf_counter() - start < 5
    assert "refused" in str(err.value) and "aliases" in str(err.value)
    assert str(f) in str(err.value)


def test_a_few_aliases_are_fine():
    doc = "base: &b {x: 1, y: [1, 2, 3]}\none: *b\ntwo: *b\n"
    assert safe_yaml.safe_load(doc)["two"] == {"x": 1, "y": [1, 2, 3]}


def test_deep_nesting_is_refused_with_its_line(tmp_path):
    f = tmp_path / "deep.yaml"
    f.write_text(BASE + "description: " + "[" * 20_000 + "]" * 20_000 + "\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    assert "nesting deeper than" in str(err.value) and "line 3" in str(err.value)


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    f = tmp_path / "dup.yaml"
    f.write_text(BASE + "policy:\n  co2_price: 10\n  co2_price: 20\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario(f)
    text = str(err.value)
    assert "duplicate key 'co2_price'" in text and "first at line 4" in text and "line 5" in text


def test_set_option_with_a_bomb_is_refused():
    with pytest.raises(ScenarioError, match="refused"):
        parse_set_option("description=" + _bomb())


def test_error_messages_are_clipped():
    err = ScenarioError([("k", "x" * 100_000)])
    assert len(str(err)) < MAX_ITEM_CHARS + 100 and "100,000 characters" in str(err)


def test_package_paths_stay_in_the_package():
    with pytest.raises(DataError, match="inside the package"):
        package_path("../../../../etc/passwd")
    with pytest.raises(ScenarioError, match="unknown data set"):
        load_scenario(data={"name": "x", "dataset": "../data/hunan"})


def test_profile_file_cannot_escape_the_package():
    techs = {"w": {"class": "variable", "availability": "wind"}}
    escape = {"profiles.wind.values": None, "profiles.wind.file": "package:../../../etc/passwd"}
    with pytest.raises(DataError, match="inside the package"):
        run(tiny_scenario(techs, profiles={"wind": [0.5] * 24}, overrides=escape))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n ,?")), max_size=80))
def test_fuzzed_yaml_text_parses_or_is_a_yaml_error(text):
    try:
        safe_yaml.safe_load(text)
    except yaml.YAMLError:
        pass


# --------------------------------------------------------------------------------------
# markup and formulas in names

HOSTILE = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://x\")"


@pytest.fixture(scope="module")
def hostile_results():
    fuels = {"f": {"price": 10.0, "emission_factor": 0.5}}
    techs = {
        HOSTILE: {"class": "dispatchable", "fuel": "f", "extendable": False,
                  "existing_capacity": 200.0},
        FORMULA: {"class": "dispatchable", "fuel": "f", "extendable": False,
                  "existing_capacity": 50.0, "vom": 1.0},
    }
    return run(tiny_scenario(techs, 100.0, fuels=fuels, overrides={"name": HOSTILE}))


def test_html_report_escapes_names(hostile_results):
    page = html_report(hostile_results, include_figures=False, include_sources=False)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_markdown_report_escapes_names(hostile_results):
    text = markdown_report(hostile_results)
    assert "<img" not in text and "&lt;img" in text


def test_csv_outputs_neutralise_formulas(hostile_results, tmp_path):
    path = write_iamc(hostile_results, tmp_path / "iamc.csv")
    text = path.read_text()
    assert "\n=" not in text and ",=" not in text
    csv_text = summary_csv(hostile_results.dataset)
    rows = list(__import__("csv").reader(io.StringIO(csv_text)))
    labels = [r[0] for r in rows]
    assert not any(label.startswith("=") for label in labels)
    assert any(label.startswith("'=") or FORMULA in label for label in labels)
