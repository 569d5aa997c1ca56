"""HTML and Markdown reports, and the comparison table."""

import base64
import re

import numpy as np
import pytest
import yaml

from lowcarbon_sim.plots import FIGURES
from lowcarbon_sim.report import (
    comparison_table,
    html_report,
    markdown_report,
    markdown_table,
    target_table,
    write_comparison,
    write_html_report,
)

PNG = b"\x89PNG\r\n\x1a\n"


def test_html_report_is_self_contained_with_figures_tables_and_settings(tiny, tmp_path):
    path = write_html_report(tiny, tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    # nothing is fetched from elsewhere: every src is an embedded PNG, no links or scripts
    sources = re.findall(r'src="([^"]*)"', text)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)
    assert "<script" not in text and "<link" not in text and "http" not in text
    for s in sources:
        assert base64.b64decode(s.split(",", 1)[1]).startswith(PNG)
    applicable = [name for name, (_, applies) in FIGURES.items() if applies(tiny.dataset)]
    assert len(sources) == len(applicable)
    assert set(applicable) >= {"capacity_mix", "emissions", "dispatch", "storage"}
    assert "hydrogen_flows" not in applicable  # the tiny system has no hydrogen
    # the resolved scenario settings are there, HTML-escaped
    assert "co2_cap:" in text and "&#x27;2030&#x27;: 100000.0" in text
    # the key-figure table: display names, plan units, every year, no empty rows
    key = text.split('<table class="key">', 1)[1].split("</table>", 1)[0]
    assert "<td>Solar</td><td>GW</td>" in key and ">2028</th>" in key and ">2029</th>" in key
    assert "capacity solar" not in key and "e+" not in key
    assert "No policy targets are checked" in text
    assert "no packaged data set" in text  # tiny scenarios use no data set
    # the resolved YAML is there, collapsed
    assert "<details><summary>Scenario YAML" in text
    assert not list(tmp_path.glob("*.tmp"))


def test_html_report_lists_targets_and_flows_when_present(rich):
    text = html_report(rich, include_sources=False)
    assert "1 of 3 targets met" not in text  # co2 missed, peak and share met
    assert "2 of 3 targets met" in text
    assert 'class="missed">MISSED' in text and "<td>CO2 2030</td>" in text
    # the scorecard: percentages as percentages, years as plain integers, CO2 in Mt
    assert "<td>≥ 25.0 %</td><td>40.0 %</td>" in text
    assert "<td>&lt; 2030</td><td>2028</td>" in text and "2,0" not in text
    assert "<td>≤ 0.3 Mt CO2</td>" in text
    assert 'id="fig-hydrogen_flows"' in text and 'id="fig-co2_flows"' in text


@pytest.mark.parametrize("where", ["attribute", "yaml"])
def test_html_report_sources_of_a_packaged_dataset(tiny, where):
    ds = tiny.dataset.copy()
    tree = yaml.safe_load(ds.attrs["scenario_yaml"])
    # the resolved YAML never names the data set (its figures are in): the attribute does
    assert tree.get("dataset") is None and ds.attrs["dataset"] == ""
    if where == "attribute":
        ds.attrs["dataset"] = "hunan"
    else:  # a results file written before the attribute existed
        del ds.attrs["dataset"]
        ds.attrs["scenario_yaml"] = yaml.safe_dump({**tree, "dataset": "hunan"})
    text = html_report(ds, include_figures=False)
    assert "<img" not in text
    assert "Data set <code>hunan</code>" in text
    assert "profiles.solar" in text and "assumption" in text


def test_markdown_report_and_tables(tiny, rich):
    md = markdown_report(tiny)
    assert md.startswith("# lowcarbon-sim results: tiny")
    # the planner tables of the HTML report: every year, display names, plan units
    assert "| | unit | 2028 | 2029 | 2030 |" in md.replace("|  |", "| |")
    row = next(ln for ln in md.splitlines() if ln.startswith("| Coal | GW |"))
    assert row == "| Coal | GW | 0.1 | 0.1 | 0.1 |"  # 60 MW at the report's precision
    assert "| **Installed capacity (year end)** |" in md
    assert "| Gas | GW |" not in md  # never built: zero rows hidden
    card = markdown_report(rich)
    assert "## Targets" in card and "2 of 3 targets met." in card
    assert "| CO2 2030 | 2030 | ≤ 0.3 Mt CO2 |" in card and "MISSED" in card
    assert "≥ 25.0 %" in card  # shares as percentages
    zh = markdown_report(tiny, lang="zh")
    assert "## 主要指标" in zh and "万千瓦" in zh
    targets = target_table(rich)
    assert list(targets["target"]) == ["co2_2030", "peak_before_2030", "nonfossil_2030"]
    assert list(targets["met"]) == [False, True, True]
    assert list(targets["unit"]) == ["t CO2", "year", "1"]
    table = markdown_table(targets)
    assert "| co2_2030 |" in table and "| no |" in table
    assert target_table(tiny).empty


def test_comparison_table_hand_checked(tiny, rich):
    other = rich.copy()
    other.attrs["scenario"] = "with_sectors"
    frame = comparison_table([tiny, other]).set_index("metric")
    assert list(frame.columns) == ["unit", "tiny", "with_sectors"]
    ds = tiny.dataset
    assert frame.loc["emissions 2030", "tiny"] == pytest.approx(0.1)  # the cap binds
    assert frame.loc["emissions 2030", "with_sectors"] == pytest.approx(
        float(rich["total_emissions"].sel(year=2030)) / 1e6
    )
    cumulative = float(ds["total_emissions"].sum()) / 1e6  # year_weight is 1
    assert frame.loc["cumulative emissions", "tiny"] == pytest.approx(cumulative)
    assert frame.loc["capacity 2030 coal", "tiny"] == pytest.approx(0.06)
    assert frame.loc["carbon price 2030", "tiny"] == pytest.approx(float(ds["co2_price"][-1]))
    assert np.isnan(frame.loc["target met: co2_2030", "tiny"])
    assert frame.loc["target met: co2_2030", "with_sectors"] == 0.0


def test_write_comparison_files(tiny, rich, tmp_path):
    other = rich.copy()
    other.attrs["scenario"] = "b"
    written = write_comparison([tiny, other], tmp_path, names=["A", "B"], formats=("png", "svg"))
    assert [p.name for p in written] == [
        "comparison.csv",
        "comparison.md",
        "comparison.png",
        "comparison.svg",
    ]
    assert (tmp_path / "comparison.csv").read_text().startswith("metric,unit,A,B")
    assert (tmp_path / "comparison.png").read_bytes().startswith(PNG)
    assert b"<svg" in (tmp_path / "comparison.svg").read_bytes()[:1000]


def test_key_figures_plan_units_zero_rows_hidden_and_chinese(tiny):
    from lowcarbon_sim.report import key_figures

    en = key_figures(tiny)
    assert [c for c in en.columns if isinstance(c, int)] == [2028, 2029, 2030]
    cap = en[en["name"] == "capacity"].set_index("item")
    assert cap.loc["coal", 2030] == pytest.approx(0.06) and cap.loc["coal", "unit"] == "GW"
    # every row shown is non-zero somewhere (to its precision)
    years = [2028, 2029, 2030]
    assert (en[years].abs().max(axis=1) >= 0.05).all()
    zh = key_figures(tiny, lang="zh").set_index(["name", "item"])
    assert zh.loc[("capacity", "coal"), "unit"] == "万千瓦"
    assert zh.loc[("capacity", "coal"), 2030] == pytest.approx(6.0)  # 60 MW = 6 万千瓦
    assert zh.loc[("demand", ""), "unit"] == "亿千瓦时"
    page = html_report(tiny, include_figures=False, lang="zh")
    assert '<html lang="zh">' in page and "主要指标" in page and "万千瓦" in page


def test_keys_set_and_yaml_noise(tiny):
    import json

    from lowcarbon_sim.report import keys_set
    from lowcarbon_sim.report.planner import clean_yaml

    ds = tiny.dataset.copy()
    ds.attrs["scenario_keys_set"] = json.dumps(
        [["name", "x", "a.yaml"], ["policy.co2_price.2030", 0.31579999999999997, "override"]]
    )
    frame = keys_set(ds)
    assert frame.values.tolist() == [["policy.co2_price.2030", "0.3158", "override"]]
    assert clean_yaml("a: 0.31579999999999997\nb: 2030\n") == "a: 0.3158\nb: 2030\n"
    text = html_report(ds, include_figures=False)
    assert "<td>policy.co2_price.2030</td>" in text


def test_summary_csv_has_every_year(tiny):
    from lowcarbon_sim.results.summary import summary_csv

    assert summary_csv(tiny.dataset).splitlines()[0] == "label,unit,2028,2029,2030"
