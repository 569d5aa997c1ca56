"""The commands `run --plots`, `plot`, `compare`, `report` and `export`: files and exit codes."""

import textwrap

import pandas as pd
import pytest

from lowcarbon_sim.cli import main
from lowcarbon_sim.plots import save_figure

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def saved(tiny, rich, tmp_path_factory):
    """Two results files: the tiny run and the enriched copy under another name."""
    folder = tmp_path_factory.mktemp("saved")
    a = tiny.to_netcdf(folder / "a.nc")
    other = rich.copy()
    other.attrs["scenario"] = "with_sectors"
    from lowcarbon_sim.results.io import write_netcdf

    b = write_netcdf(other, folder / "b.nc")
    return a, b


def tiny_yaml(tmp_path):
    values = ", ".join(["1.0"] * 8760)
    text = textwrap.dedent(f"""
        name: tiny_cli
        dataset: null
        years: {{first: 2030, last: 2030, last_historical: 2029}}
        time: {{mode: representative_days, days: 1}}
        profiles: {{load: {{values: [{values}]}}}}
        demand: {{electricity: 876000, profile: load}}
        policy: {{reserve_margin: null}}
        power:
          fuels: {{coal: {{price: 100, emission_factor: 0.34}}}}
          techs:
            coal: {{class: dispatchable, fuel: coal, existing_capacity: 150, extendable: false}}
    """)
    path = tmp_path / "tiny.yaml"
    path.write_text(text)
    return path


def no_temporaries(folder):
    return not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_run_with_plots_writes_png_and_svg(tmp_path):
    out = tmp_path / "out"
    code = main(
        ["run", str(tiny_yaml(tmp_path)), "--out", str(out), "--plots", "--plot-format", "png,svg"]
    )
    assert code == 0
    figures = out / "figures"
    names = sorted(p.name for p in figures.iterdir())
    # coal only: no storage, hydrogen or CCUS figures; a winter and a summer dispatch
    # figure where the time steps include days of those seasons
    from lowcarbon_sim.plots.dispatch import season_steps
    from lowcarbon_sim.results.core import open_results

    ds = open_results(out / "results.nc").dataset
    seasonal = [f"dispatch_{s}" for s in ("winter", "summer") if season_steps(ds, s).size]
    assert names == sorted(
        f"{stem}.{fmt}"
        for stem in ("capacity_mix", "generation_mix", "emissions", "dispatch", "carbon_price",
                     *seasonal)
        for fmt in ("png", "svg")
    )
    assert (figures / "emissions.png").read_bytes().startswith(PNG)
    assert b"<svg" in (figures / "emissions.svg").read_bytes()[:1000]
    assert no_temporaries(out)


def test_run_with_xlsx_writes_the_workbook_beside_the_results(tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(tiny_yaml(tmp_path)), "--out", str(out), "--xlsx"]) == 0
    sheets = pd.read_excel(out / "results.xlsx", sheet_name=None)
    # 150 MW of coal, the only technology
    assert sheets["Capacity"]["Coal [GW]"].tolist() == [0.15]
    assert {"Key figures", "Generation", "Prices"} <= set(sheets)
    assert no_temporaries(out)


def test_bad_plot_format_exits_2(tmp_path, capsys, saved):
    assert main(["plot", str(saved[0]), "--out", str(tmp_path), "--format", "gif"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --plot-format") and "gif" in err and "Traceback" not in err
    assert not list(tmp_path.iterdir())


def test_plot_command(tmp_path, saved, capsys):
    assert main(["plot", str(saved[1]), "--out", str(tmp_path / "fig")]) == 0
    written = capsys.readouterr().out.split()
    names = {p.split("/")[-1] for p in written}
    assert {"hydrogen_flows.png", "co2_flows.png", "storage.png"} <= names
    assert all((tmp_path / "fig" / n).read_bytes().startswith(PNG) for n in names)


def test_missing_results_file_exits_2(tmp_path, capsys):
    assert main(["plot", str(tmp_path / "nope.nc")]) == 2
    assert "results file not found" in capsys.readouterr().err


def test_compare_command(tmp_path, saved):
    out = tmp_path / "cmp"
    assert main(["compare", *map(str, saved), "--out", str(out), "--names", "A,B"]) == 0
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.columns) == ["metric", "unit", "A", "B"]
    row = table.set_index("metric").loc["emissions 2030"]
    assert row["A"] == pytest.approx(0.1)
    assert (out / "comparison.md").read_text().startswith("| metric | unit | A | B |")
    assert (out / "comparison.png").read_bytes().startswith(PNG)
    assert no_temporaries(out)


def test_compare_needs_two_files_and_matching_names(tmp_path, saved, capsys):
    assert main(["compare", str(saved[0]), "--out", str(tmp_path)]) == 2
    assert "at least two" in capsys.readouterr().err
    assert main(["compare", *map(str, saved), "--names", "A", "--out", str(tmp_path)]) == 2
    assert "--names: 1 names for 2" in capsys.readouterr().err


def test_compare_year_not_modelled_exits_2_and_names_the_years(tmp_path, saved, capsys):
    assert main(["compare", *map(str, saved), "--year", "2035", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --year 2035") and "2028, 2029, 2030" in err
    assert "KeyError" not in err and "internal error" not in err
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_report_command_writes_html_and_markdown(tmp_path, saved):
    out = tmp_path / "r" / "report.html"
    assert main(["report", str(saved[1]), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') >= 6
    md = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "## Targets" in md and "| CO2 2030 | 2030 |" in md  # the scorecard
    assert no_temporaries(out.parent)


def test_export_iamc_command(tmp_path, saved, tiny):
    out = tmp_path / "iamc.csv"
    assert main(["export", *map(str, saved), "--iamc", str(out), "--region", "Hunan"]) == 0
    df = pd.read_csv(out)
    assert set(df["scenario"]) == {"tiny", "with_sectors"} and set(df["region"]) == {"Hunan"}
    price = df[(df["variable"] == "Price|Carbon") & (df["scenario"] == "tiny")]
    assert list(price["value"]) == pytest.approx(list(tiny.dataset["co2_price"].values))
    assert main(["export", str(saved[0])]) == 2


def test_failed_write_leaves_the_old_file(tmp_path, tiny):
    """Figures are written atomically: a failure keeps the previous file, no temporaries."""
    from lowcarbon_sim.plots import plot_capacity_mix

    path = tmp_path / "capacity.png"
    path.write_bytes(b"old")
    fig = plot_capacity_mix(tiny)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    fig.savefig = broken
    with pytest.raises(RuntimeError, match="disk full"):
        save_figure(fig, path)
    assert path.read_bytes() == b"old"
    assert no_temporaries(tmp_path)
