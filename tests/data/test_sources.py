"""Packaged figures, statistics and profiles all carry a source and a valid status."""

import csv
import re
import shutil

import pandas as pd
import pytest

from lowcarbon_sim.data import DATA_DIR, STATUSES, figures, package_path, provenance
from lowcarbon_sim.data import statistics as statistics_module
from lowcarbon_sim.data.pipeline import pipeline_figures
from lowcarbon_sim.data.provenance import data_sources, format_sources
from lowcarbon_sim.data.statistics import statistics
from lowcarbon_sim.errors import DataError

FIGURE_FILES = sorted(DATA_DIR.glob("*/*figures.csv"))
DATA_FILES = [*FIGURE_FILES, *sorted(DATA_DIR.glob("*/statistics.csv"))]


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(enumerate(csv.DictReader(fh), start=2))


def test_there_are_figure_files():
    assert package_path("hunan/figures.csv") in FIGURE_FILES
    assert package_path("hunan/statistics.csv") in DATA_FILES


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_row_has_a_source_a_valid_status_and_assumptions_a_note(path):
    rows = rows_of(path)
    assert rows
    problems = []
    for line, row in rows:
        where = f"{path.name}, line {line} ({row['key' if 'key' in row else 'quantity']})"
        if not (row["source"] or "").strip():
            problems.append(f"{where}: no source")
        if row["status"] not in STATUSES:
            problems.append(f"{where}: status {row['status']!r}")
        if row["status"] == "assumption" and not (row["note"] or "").strip():
            problems.append(f"{where}: assumption without a note")
        float(row["value"])
    assert not problems, "\n".join(problems)


def test_data_sources_lists_every_figure_and_every_profile():
    df = data_sources("hunan")
    assert list(df.columns) == ["key", "year", "value", "unit", "status", "source", "note"]
    # figures, committed projects (pipeline.csv) and the four profiles
    assert len(df) == len(figures("hunan")) + len(pipeline_figures(DATA_DIR / "hunan")) + 4
    profiles = df[df["key"].str.startswith("profiles.")].set_index("key")
    assert sorted(profiles.index) == [
        "profiles.hydro",
        "profiles.load",
        "profiles.solar",
        "profiles.wind",
    ]
    assert profiles.loc["profiles.solar", "value"] * 8760 == pytest.approx(902, rel=5e-3)
    # the file holds the mean of the 2020-2023 wind hours; availability_scale sets each year
    assert profiles.loc["profiles.wind", "value"] * 8760 == pytest.approx(2131, rel=5e-3)
    # synthetic shapes are never presented as measured
    for name in ("profiles.solar", "profiles.wind"):
        assert profiles.loc[name, "status"] == "assumption"
        assert "SYNTHETIC" in profiles.loc[name, "source"]
    for name in ("profiles.load", "profiles.hydro"):
        assert profiles.loc[name, "status"] == "verified"
        assert "PyPSA-China" in profiles.loc[name, "source"]
    assert "zenodo.8322210" in profiles.loc["profiles.load", "source"]
    assert "Applied Energy 239" in profiles.loc["profiles.hydro", "source"]
    # the existing coal rows (by combustion technology) add up to the CEC statistics
    rows = ("coal_usc", "coal_sc", "coal_subcritical", "coal_small")
    for year, total in ((2020, 21690.0), (2024, 28740.0)):
        keys = [f"power.techs.{g}.existing_capacity" for g in rows]
        coal = df[df["key"].isin(keys) & (df["year"] == year)]
        assert len(coal) == 4 and coal["value"].sum() == total, (year, coal)
    assert df["year"].isna().sum() > 4  # figures valid every year have no year


def test_format_sources_lists_rows_with_sources_and_filters_assumptions():
    df = data_sources("hunan")
    full = format_sources(df)
    assert full.splitlines()[0].split() == ["key", "year", "value", "unit", "status"]
    counts = df["status"].value_counts()
    assert full.splitlines()[-1] == (
        f"{len(df)} rows: {counts['verified']} verified, {counts['derived']} derived, "
        f"{counts['assumption']} assumption"
    )
    assert "doi:10.5281/zenodo.8322210" in full
    only = format_sources(df, only_assumptions=True)
    assert "zenodo.8322210" not in only  # the measured load shape is not an assumption
    assert "profiles.wind" in only
    assert (
        only.splitlines()[-1] == f"{counts['assumption']} rows: {counts['assumption']} assumption"
    )


def test_format_sources_of_an_empty_table():
    df = data_sources("hunan")
    text = format_sources(df[df["status"] == "none"])
    assert text.splitlines()[-1] == "0 rows"


def test_wrapped_lines_respect_the_width_except_unbreakable_words():
    df = data_sources("hunan")
    wrapped = [line for line in format_sources(df, width=80).splitlines() if line.startswith(" ")]
    assert any(line.startswith("            ") for line in wrapped)  # continuation lines
    for line in wrapped:
        if len(line) > 80:  # only a single word too long to break (a path or URL) may stick out
            text = line.strip().removeprefix("source:").removeprefix("note:").strip()
            assert " " not in text, line


@pytest.fixture
def copied_dataset(tmp_path, monkeypatch):
    """A writable copy of the hunan data set, seen by the provenance and statistics modules."""
    shutil.copytree(DATA_DIR / "hunan", tmp_path / "hunan")
    monkeypatch.setattr(provenance, "DATA_DIR", tmp_path)
    monkeypatch.setattr(statistics_module, "DATA_DIR", tmp_path)
    return tmp_path / "hunan"


def test_a_profile_without_provenance_is_an_error(copied_dataset):
    readme = copied_dataset / "profiles" / "README.md"
    text = readme.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if "`hunan_wind_availability_pu.csv`" not in line]
    readme.write_text("\n".join(kept), encoding="utf-8")
    with pytest.raises(
        DataError,
        match=re.escape("no provenance row for profile file hunan_wind_availability_pu.csv"),
    ):
        provenance._profile_rows("hunan")


def test_a_profile_with_a_bad_status_is_an_error(copied_dataset):
    readme = copied_dataset / "profiles" / "README.md"
    text = readme.read_text(encoding="utf-8").replace(
        "`solar_availability_pu` | p.u. | assumption |",
        "`solar_availability_pu` | p.u. | made up |",
    )
    readme.write_text(text, encoding="utf-8")
    with pytest.raises(
        DataError,
        match=re.escape(
            "status of hunan_solar_availability_pu.csv must be one of verified, derived, "
            "assumption, got 'made up'"
        ),
    ):
        provenance._profile_rows("hunan")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ",verified,",
            ",checked,",
            r"line 2: status must be one of verified, derived, "
            r"assumption, got 'checked'",
        ),
        (
            "generation.thermal,2019,90.37",
            "generation.thermal,2019,n/a",
            r"line 2: year and "
            r"value must be numbers, got '2019', 'n/a'",
        ),
    ],
)
def test_malformed_statistics_are_reported_with_file_and_line(copied_dataset, old, new, message):
    path = copied_dataset / "statistics.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError, match=message) as info:
        statistics("hunan")
    assert "statistics.csv" in str(info.value)
    assert info.value.exit_code == 2


def test_statistics_without_a_source_or_unknown_dataset(copied_dataset):
    path = copied_dataset / "statistics.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "generation.thermal,2019,90.37,TWh,,verified,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2: every statistic needs a source"):
        statistics("hunan")
    lines[1] = "generation.thermal,2019,90.37,TWh,my guess,assumption,"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 2: an assumption needs a note saying why"):
        statistics("hunan")
    with pytest.raises(KeyError):
        statistics("atlantis")


def stat(df, quantity, year):
    rows = df[(df["quantity"] == quantity) & (df["year"] == year)]
    assert len(rows) == 1, (quantity, year)
    return float(rows["value"].iloc[0])


def test_statistics_table_shape_and_coverage():
    df = statistics("hunan")
    assert list(df.columns) == ["quantity", "year", "value", "unit", "source", "status", "note"]
    assert df["year"].dtype == "int64" and df["value"].dtype == "float64"
    assert not df.duplicated(["quantity", "year"]).any()
    for quantity in (
        "generation.thermal",
        "generation.hydro",
        "generation.solar",
        "electricity_consumption",
        "gdp",
        "population",
    ):
        assert sorted(df.loc[df["quantity"] == quantity, "year"]) == list(range(2019, 2025))
    assert set(df.loc[df["quantity"].str.startswith("generation.wind"), "status"]) == {"derived"}
    assert stat(df, "peak_load", 2019) == 30.17
    assert stat(df, "peak_load", 2025) == 46.64
    assert stat(df, "raw_coal_for_power.jan_nov", 2020) == 23.73
    assert stat(df, "full_load_hours.solar", 2020) == 902
    assert stat(df, "full_load_hours.wind", 2020) == 2028


def test_monthly_statistics_add_up_to_the_annual_ones():
    df = statistics("hunan")
    months = df[df["quantity"].str.match(r"electricity_consumption\.m\d\d$") & (df["year"] == 2020)]
    assert len(months) == 12
    assert months["value"].sum() == pytest.approx(
        stat(df, "electricity_consumption", 2020), abs=0.15
    )
    hydro = df[df["quantity"].str.match(r"generation\.hydro\.m") & (df["year"] == 2020)]
    assert hydro["value"].sum() == pytest.approx(stat(df, "generation.hydro", 2020), abs=0.02)


def test_statistics_agree_with_the_scenario_figures():
    df = statistics("hunan")
    fig = data_sources("hunan")

    def figure(key, year):
        rows = fig[(fig["key"] == key) & (fig["year"] == year)]
        assert len(rows) == 1, (key, year)
        return float(rows["value"].iloc[0])

    for year in range(2020, 2024):
        assert figure("demand.electricity", year) == stat(df, "electricity_consumption", year)
    for year in range(2020, 2025):
        # the history year's scale carries hours x average capacity onto the year-end fleet;
        # 2,131 h: the packaged wind profile (tests/data/test_profile_years.py)
        wind_twh = (
            figure("power.techs.wind.existing_capacity", year)
            * figure("power.techs.wind.availability_scale", year)
            * 2131.0
            / 1e6
        )
        assert stat(df, "generation.wind", year) == pytest.approx(wind_twh, rel=1e-4)
    for year in range(2020, 2025):
        hours = (
            stat(df, "generation.hydro", year)
            * 1e6
            / figure("power.techs.hydro.existing_capacity", year)
        )
        assert figure("power.techs.hydro.max_full_load_hours", year) == pytest.approx(hours, abs=1)


def test_doc_examples_run():
    import doctest

    for module in (provenance, statistics_module):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_statistics_frame_is_a_dataframe():
    assert isinstance(statistics(), pd.DataFrame)
