"""The target scorecard: data rows with sources, and each target's margin, binding state and
price in its own unit."""

import pytest
from test_target_constraints import COAL_CO2, EXTRA, H, system

from lowcarbon_sim import run
from lowcarbon_sim.data import figures
from lowcarbon_sim.data.targets import match_target, target_rows
from lowcarbon_sim.report.planner import target_scorecard
from lowcarbon_sim.results.scorecard import scorecard, scorecard_lines


def test_every_target_row_has_a_document_and_hunan_rows_agree_with_the_defaults():
    rows = target_rows("hunan")
    assert {r["scope"] for r in rows} == {"hunan", "national"}
    assert all(r["document"] and r["article"] for r in rows)
    defaults = {(f["key"], f["year"]): float(f["value"]) for f in figures("hunan")}
    for r in rows:
        if r["scope"] != "hunan" or r["indicator"] == "peak_by":
            continue
        key = f"sectors.targets.{r['indicator']}.{r['period']}"
        assert defaults[(key, "")] == pytest.approx(float(r["threshold"])), key
    # Hunan's own first, the national figure where Hunan has none (CO2 intensity)
    assert match_target("nonfossil_share", "2030")["scope"] == "hunan"
    assert match_target("co2_intensity", "2020-2025")["scope"] == "national"
    assert match_target("energy_intensity", "2020-2025", scope="national")["threshold"] == "-13.5"


def test_scorecard_of_a_binding_co2_total():
    limit = 0.5 * COAL_CO2 * 100 * H  # half of the all-coal emissions
    ds = run(system({"co2_total": {2030: limit}})).dataset
    card = scorecard(ds)
    r = card[card["indicator"] == "co2_total"].iloc[0]
    assert r["in_lp"] and r["binding"] and r["met"]
    assert r["unit"] == "Mt CO2" and r["threshold"] == pytest.approx(limit * 1e-6)
    assert r["margin"] == pytest.approx(0.0, abs=1e-9)
    # each t CO2 less costs the import's extra cost per t of coal CO2 displaced
    assert r["price"] == pytest.approx(EXTRA / COAL_CO2) and r["price_unit"] == "yuan/t CO2"
    assert r["key"] == "policy.targets.co2_total.2030"
    assert "no packaged target row" in r["document"]
    text = "\n".join(scorecard_lines(ds))
    assert "CO2 total 2030" in text and "binding" in text and "yuan/t CO2" in text
    shown = target_scorecard(ds)
    assert list(shown.columns[-4:]) == ["margin", "binding", "price", "source"]
    assert "binding" in set(shown["binding"])
