"""Results readers check the layout they need (issue 22 item 6) and the output paths of
``plot``, ``compare``, ``report`` and ``export`` are checked before any work (item 2)."""

from __future__ import annotations

import os

import numpy as np
import pytest
import xarray as xr

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.results.core import open_results
from lowcarbon_sim.results.io import write_netcdf
from lowcarbon_sim.results.layout import (
    LAYOUT_ATTR,
    LAYOUT_VERSION,
    READERS,
    VARIABLES,
    check_layout,
)

COMMANDS = {
    "plot": lambda f, out: ("plot", f, "--out", out / "figs"),
    "report": lambda f, out: ("report", f, "--out", out / "r.html"),
    "compare": lambda f, out: ("compare", f, f, "--out", out / "cmp"),
    "export": lambda f, out: ("export", f, "--iamc", out / "x.csv"),
}


@pytest.fixture(scope="module")
def results_file(tmp_path_factory):
    """A results.nc of the tiny scenario (one solve for the module)."""
    from reliability_helpers import TINY, profile_csv

    from lowcarbon_sim.cli import main

    folder = tmp_path_factory.mktemp("layout")
    profile_csv(folder / "load.csv", value="1.0")
    (folder / "tiny.yaml").write_text(TINY, encoding="utf-8")
    assert main(["run", str(folder / "tiny.yaml"), "--out", str(folder / "out")]) == 0
    return folder / "out" / "results.nc"


def _rewrite(ds: xr.Dataset, path) -> str:
    return str(write_netcdf(ds, path))


def test_writer_stamps_the_layout_version(results_file):
    ds = open_results(results_file).dataset
    assert ds.attrs[LAYOUT_ATTR] == LAYOUT_VERSION


def test_every_required_variable_is_declared():
    for reader, names in READERS.items():
        assert set(names) <= set(VARIABLES), reader


@pytest.mark.slow
def test_readers_accept_the_files_run_writes(results_file, cli, tmp_path):
    for name, args in COMMANDS.items():
        outcome = cli(*args(results_file, tmp_path))
        assert outcome.code == 0, (name, outcome.err)


def test_foreign_netcdf_is_refused(tmp_path, cli):
    foreign = xr.Dataset({"t2m": (("lat", "lon"), np.zeros((2, 3)))})
    foreign.attrs["lowcarbon_sim_version"] = "0.1.0"  # pretends, but has none of the layout
    path = _rewrite(foreign, tmp_path / "foreign.nc")
    for name, args in COMMANDS.items():
        outcome = cli(*args(path, tmp_path))
        assert outcome.code == 2, name
        assert "no variable 'capacity'" in outcome.message and path in outcome.message
        assert "internal error" not in outcome.err


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda ds: ds.rename({"year": "yr"}), "no variable 'year'"),
        (lambda ds: ds.assign(generation=xr.DataArray(1.0)), "'generation' has dimensions ()"),
        (lambda ds: ds.drop_vars("capacity"), "no variable 'capacity'"),
        (
            lambda ds: ds.assign(capacity=ds["capacity"].astype(str)),
            "'capacity' holds <U",
        ),
        (
            lambda ds: ds.assign(emissions=ds["emissions"].isel(sector=0, drop=True)),
            "'emissions' has dimensions ('year',)",
        ),
        (
            lambda ds: ds.assign(timestep_duration=ds["timestep_duration"] * np.nan),
            "'timestep_duration' holds NaN",
        ),
    ],
    ids=[
        "renamed-year",
        "scalar-generation",
        "missing-capacity",
        "text-capacity",
        "emissions",
        "nan-durations",
    ],
)
def test_broken_layout_is_named(results_file, tmp_path, cli, mutate, expected, request):
    bad = mutate(open_results(results_file).dataset)
    for reader in READERS:
        with pytest.raises(DataError, match="not usable as lowcarbon-sim results") as err:
            check_layout(bad, reader)
        assert expected in str(err.value)
    # and through the command line, one command per case (each reads the file anew)
    path = _rewrite(bad, tmp_path / "bad.nc")
    index = request.node.callspec.indices["mutate"]
    name = list(COMMANDS)[index % len(COMMANDS)]
    outcome = cli(*COMMANDS[name](path, tmp_path))
    assert outcome.code == 2, (name, outcome.err)
    assert expected in outcome.message and path in outcome.message, name
    assert "Traceback" not in outcome.err and "internal error" not in outcome.err


def test_missing_variable_a_reader_needs(results_file):
    ds = open_results(results_file).dataset.drop_vars("total_cost")
    check_layout(ds, "plot")  # the figures do without it
    with pytest.raises(DataError, match="for 'report': no variable 'total_cost'"):
        check_layout(ds, "report")


def test_newer_layout_is_refused(results_file, tmp_path, cli):
    ds = open_results(results_file).dataset
    ds.attrs[LAYOUT_ATTR] = LAYOUT_VERSION + 1
    path = _rewrite(ds, tmp_path / "newer.nc")
    outcome = cli("plot", path, "--out", tmp_path / "figs")
    assert outcome.code == 2 and "newer than the layout" in outcome.message


def test_compare_year_outside_the_results(results_file, tmp_path, cli):
    outcome = cli("compare", results_file, results_file, "--year", 1900, "--out", tmp_path / "c")
    assert outcome.code == 2
    assert "--year 1900" in outcome.message and "2030" in outcome.message


@pytest.mark.parametrize("command", ["report", "export"])
def test_file_option_naming_an_existing_folder(results_file, tmp_path, cli, command):
    folder = tmp_path / "a_folder"
    folder.mkdir()
    option = "--out" if command == "report" else "--iamc"
    outcome = cli(command, results_file, option, folder)
    assert outcome.code == 4
    assert f"{folder}: {option} must name a file, and a folder of that name exists" == (
        outcome.message.removeprefix("error: ")
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["plot", "compare"])
def test_folder_option_naming_a_file(results_file, tmp_path, cli, command):
    target = tmp_path / "a_file"
    target.write_text("mine")
    args = [results_file] * (2 if command == "compare" else 1)
    outcome = cli(command, *args, "--out", target)
    assert outcome.code == 4 and "--out must be a folder" in outcome.message
    assert target.read_text() == "mine"


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="POSIX permissions")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_read_only_out(results_file, tmp_path, cli, command):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        outcome = cli(*COMMANDS[command](results_file, ro))
    finally:
        ro.chmod(0o755)
    assert outcome.code == 4, outcome.err
    assert "permission denied" in outcome.message and str(ro) in outcome.message
    assert "Traceback" not in outcome.err


def test_a_file_in_the_way_of_a_write_is_an_output_error(tmp_path):
    from lowcarbon_sim.errors import OutputError
    from lowcarbon_sim.results.io import atomic_write

    (tmp_path / "f").write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write(tmp_path / "f" / "report.html", lambda p: p.write_text("y"))
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write(tmp_path, lambda p: p.write_text("y"))
