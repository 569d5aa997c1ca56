"""Results in a notebook: a compact HTML table of key figures and the Dataset's repr."""

import html
import re

import pytest

from lowcarbon_sim.results.core import Results


def cells(page: str, label: str) -> list[str]:
    """The cells of the row ``label`` after its label and unit."""
    row = re.search(rf"<tr><td[^>]*>{re.escape(label)}</td>(.*?)</tr>", page)
    assert row, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_repr_html_shows_key_figures_in_display_units(tiny):
    ds = tiny.dataset
    page = tiny._repr_html_()
    assert page.startswith("<div class='lowcarbon-sim-results'>")
    assert "<code>tiny</code>" in page and "(optimal)" in page
    peak = ds.attrs["peak_year"]
    heads = re.findall(r"<th>(.*?)</th>", page)
    years = [h.split()[0] for h in heads]
    assert years == sorted(set(years)) and years[0] == "2028" and years[-1] == "2030"
    assert f"{peak} (peak year)" in heads
    # CO2 in Mt, demand in TWh, cost in bn yuan: the dataset's numbers scaled
    co2 = cells(page, "CO2 emissions, province")
    assert co2[0] == "Mt CO2"
    assert float(co2[-1]) == pytest.approx(float(ds["total_emissions"].sel(year=2030)) / 1e6, 1e-3)
    demand = cells(page, "Electricity demand")
    assert demand[0] == "TWh"
    assert float(demand[1]) == pytest.approx(float(ds["annual_demand"].sel(year=2028)) / 1e6, 1e-3)
    # generating capacity: coal, gas, solar; not the battery, not the import line
    gw = cells(page, "Installed capacity, electricity")
    expected = ds["capacity"].sel(year=2030, tech=["coal", "gas", "solar"]).sum() / 1e3
    assert float(gw[-1]) == pytest.approx(float(expected), 1e-3)
    cost = cells(page, "System cost (annualised)")
    assert cost[0] == "bn yuan"
    # the Dataset follows, collapsed, as its (escaped) text repr
    assert "<details><summary>Dataset</summary><pre>" in page
    assert html.escape(repr(ds)) in page
    assert len(page) < len(repr(ds)) + 5000


def test_repr_html_leaves_out_what_the_results_lack(tiny):
    ds = tiny.dataset.drop_vars(["total_emissions", "peak_demand"])
    page = Results(ds)._repr_html_()
    assert "CO2 emissions, province" not in page and "Peak demand" not in page
    assert "Electricity demand" in page
