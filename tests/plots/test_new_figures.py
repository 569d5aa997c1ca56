"""Issue 21 figures: capacity groups from the technology table, history shading, the
non-fossil share against its targets, the LMDI waterfall; the Excel workbook."""

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer
from matplotlib.patches import Rectangle
from synthetic import synthetic_lmdi, synthetic_results

from lowcarbon_sim.plots import (
    plot_capacity_mix,
    plot_lmdi,
    plot_nonfossil_share,
    share_targets,
)
from lowcarbon_sim.plots.lmdi import UNALLOCATED, lmdi_steps
from lowcarbon_sim.plots.mix import capacity_group


def bars(ax):
    return {
        c.get_label(): np.array([p.get_height() for p in c.patches])
        for c in ax.containers
        if isinstance(c, BarContainer)
    }


def test_capacity_groups_come_from_the_technology_table():
    assert capacity_group("dispatchable") == "plants"
    assert capacity_group("storage") == "plants"
    assert capacity_group("import") == "imports"
    for other in ("hydrogen_supply", "electrolyser", "heat_boiler", "interruptible"):
        assert capacity_group(other) == "other"
    assert capacity_group("not_a_class") == "plants"


def test_capacity_chart_imports_apart_hydrogen_and_heat_in_a_note():
    ds = synthetic_results()
    fig = plot_capacity_mix(ds)
    plants, imports = fig.axes
    heights = bars(plants)
    assert set(heights) == {"Coal", "Wind", "Solar", "Battery"}
    np.testing.assert_allclose(heights["Solar"], ds["capacity"].sel(tech="solar") / 1e3)
    assert set(bars(imports)) == {"Import line"}
    note = " ".join(t.get_text() for t in imports.texts)
    assert "H2 from gas (SMR)" in note and "up to 0.3 GW" in note
    assert "Heat boiler gas" in note
    # history 2022-2024 shaded: a span over the first three bar positions
    (span,) = [p for p in plants.patches if p.get_label() == "history (to 2024)"]
    x0, x1 = span.get_x(), span.get_x() + span.get_width()
    assert (x0, x1) == pytest.approx((-0.5, 2.5))


def test_nonfossil_share_against_targets():
    ds = synthetic_results()
    targets = share_targets(ds)
    assert [(t.year, t.threshold, t.met) for t in targets] == [
        (2025, 0.22, True),
        (2026, 0.35, False),
    ]
    ax = plot_nonfossil_share(ds).axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    main = lines["non-fossil share (coal-substitution method)"]
    np.testing.assert_allclose(
        main.get_ydata(), 100 * ds["nonfossil_share"].sel(counting="coal_substitution")
    )
    assert lines["non-fossil share (physical-content method)"].get_linestyle() == "--"
    missed = lines["target 2026: ≥ 35 % (missed)"]
    assert (missed.get_xdata()[0], missed.get_ydata()[0]) == (2026, pytest.approx(35.0))
    assert "target 2025: ≥ 22 % (met)" in lines
    assert any(isinstance(p, Rectangle) and p.get_label().startswith("history") for p in ax.patches)


def test_lmdi_waterfall_adds_up():
    dec = synthetic_lmdi()
    steps = lmdi_steps(dec)
    assert steps["GDP per capita"] == pytest.approx(40e6)
    assert steps[UNALLOCATED] == pytest.approx(2e6)
    ax = plot_lmdi(dec).axes[0]
    patches = [p for p in ax.patches if isinstance(p, Rectangle)]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0] == "2020" and labels[-1] == "2030" and len(patches) == len(labels)
    start, *middle, end = patches
    assert start.get_height() == pytest.approx(300.0)
    # every step floats on the previous level; the end is start + the sum of the steps
    level = start.get_height()
    for p in middle:
        assert p.get_y() == pytest.approx(level)
        level += p.get_height()
    total_change = float(dec["effect"].sum() + dec["unallocated_change"]) / 1e6
    assert end.get_height() == pytest.approx(level) == pytest.approx(300.0 + total_change)


def test_plot_command_without_sector_results_draws_no_lmdi(tiny, tmp_path, capsys):
    # the decomposition needs sector results: a results file without them draws none,
    # a bad --lmdi-years is an input error
    from lowcarbon_sim.cli import main

    path = tiny.to_netcdf(tmp_path / "r.nc")
    assert main(["plot", str(path), "--out", str(tmp_path / "f")]) == 0
    written = capsys.readouterr().out
    assert "capacity_mix.png" in written and "lmdi" not in written
    assert main(["plot", str(path), "--out", str(tmp_path / "f"), "--lmdi-years", "2022"]) == 2


def test_workbook_reads_back(tiny, rich, tmp_path):
    from lowcarbon_sim.report.workbook import workbook_tables, write_workbook

    path = write_workbook(tiny, tmp_path / "r.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets)[:3] == ["Key figures", "Capacity", "Generation"]
    for name in ("Curtailment", "Full-load hours", "Prices", "Reserve margin"):
        assert name in sheets
    ds = tiny.dataset
    cap = sheets["Capacity"]
    assert cap["year"].tolist() == [2028, 2029, 2030]
    np.testing.assert_allclose(cap["Coal [GW]"], ds["capacity"].sel(tech="coal") / 1e3)
    gen = sheets["Generation"]
    np.testing.assert_allclose(
        gen["Solar [TWh]"], ds["generation"].sel(tech="solar") / 1e6, atol=5e-4
    )
    prices = sheets["Prices"]
    np.testing.assert_allclose(prices["carbon price [yuan/t CO2]"], ds["co2_price"], atol=5e-4)
    price = ds["electricity_price"].max("timestep").values
    np.testing.assert_allclose(
        prices["highest hourly electricity price [yuan/MWh]"], price, atol=5e-4
    )
    margin = sheets["Reserve margin"]
    np.testing.assert_allclose(
        margin["peak demand [GW]"], ds["peak_demand"].values / 1e3, atol=5e-4
    )
    assert all("[" in c for c in gen.columns if c != "year")  # units in every header
    key = sheets["Key figures"]
    assert {"section", "label", "unit", "2028", "2030"} <= {str(c) for c in key.columns}
    rich_tables = workbook_tables(rich)
    card = rich_tables["Targets"]
    assert card["met"].tolist() == [False, True, True]
    assert "Emissions" in rich_tables and "Total [Mt CO2]" not in rich_tables["Emissions"]


def test_workbook_names_are_text_not_formulas(tiny, tmp_path):
    import openpyxl

    from lowcarbon_sim.report.workbook import write_workbook

    ds = tiny.dataset.copy()
    ds.attrs["scenario"] = "=cmd()"
    ds = ds.assign_coords(tech=[("=HYPERLINK(1)" if t == "coal" else t) for t in ds.tech.values])
    path = write_workbook(ds, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["Capacity"]
    header = [c.value for c in sheet[1]]
    assert "=HYPERLINK(1) [GW]" in header
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_run_and_export_xlsx(tiny, tmp_path, capsys):
    from lowcarbon_sim.cli import main

    path = tiny.to_netcdf(tmp_path / "r.nc")
    out = tmp_path / "book.xlsx"
    assert main(["export", str(path), "--xlsx", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert "Key figures" in pd.read_excel(out, sheet_name=None)
    assert main(["export", str(path), str(path), "--xlsx", str(out)]) == 2
