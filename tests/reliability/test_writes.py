"""Results are written to a temporary file and moved into place: a run that fails or is
killed while writing leaves no partial ``results.nc`` and the earlier good one intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import xarray as xr

from lowcarbon_sim.results.core import open_results
from lowcarbon_sim.results.io import write_netcdf


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def first_result(tmp_path_factory) -> bytes:
    """The bytes of results.nc from one successful run of the tiny scenario."""
    from reliability_helpers import TINY, profile_csv

    from lowcarbon_sim.cli import main

    folder = tmp_path_factory.mktemp("first")
    profile_csv(folder / "load.csv", value="1.0")
    (folder / "tiny.yaml").write_text(TINY, encoding="utf-8")
    assert main(["run", str(folder / "tiny.yaml"), "--out", str(folder / "out")]) == 0
    return (folder / "out" / "results.nc").read_bytes()


@pytest.fixture
def good_run(tmp_path, first_result):
    """An output folder holding the earlier good results.nc, and its bytes."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.nc").write_bytes(first_result)
    return out, first_result


def test_writer_failing_halfway_keeps_the_earlier_result(tiny, cli, good_run, monkeypatch):
    out, before = good_run

    def half_then_fail(self, path, *args, **kwargs):
        Path(path).write_bytes(before[: len(before) // 2])  # half a file, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", half_then_fail)
    outcome = cli("run", tiny, "--out", out, "--set", "policy.co2_price=50")
    # the machine's refusal has its own exit code and a plain message naming the folder
    assert outcome.code == 4 and "the disk is full" in outcome.message
    assert str(out) in outcome.message
    assert "Traceback" not in outcome.err
    assert (out / "results.nc").read_bytes() == before
    assert _temporaries(out) == []


def test_failing_while_writing_the_inputs_group_keeps_the_earlier_result(
    tiny, cli, good_run, monkeypatch
):
    # the results and their inputs group go into one temporary file: a failure on the
    # second part leaves neither a results file without inputs nor a temporary behind
    out, before = good_run
    real = xr.Dataset.to_netcdf

    def fail_on_group(self, path, *args, **kwargs):
        if kwargs.get("group") == "inputs":
            raise OSError(28, "No space left on device")
        return real(self, path, *args, **kwargs)

    monkeypatch.setattr(xr.Dataset, "to_netcdf", fail_on_group)
    outcome = cli("run", tiny, "--out", out, "--set", "policy.co2_price=50")
    assert outcome.code == 4 and "the disk is full" in outcome.message
    assert (out / "results.nc").read_bytes() == before
    assert _temporaries(out) == []
    monkeypatch.undo()
    assert open_results(out / "results.nc").inputs is not None  # the earlier run's, whole


def test_interrupt_while_writing_keeps_the_earlier_result(tiny, cli, good_run, monkeypatch):
    out, before = good_run

    def interrupted(self, path, *args, **kwargs):
        Path(path).write_bytes(b"\x89HDF partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(xr.Dataset, "to_netcdf", interrupted)
    outcome = cli("run", tiny, "--out", out, "--set", "policy.co2_price=50")
    assert outcome.code == 130 and "interrupted" in outcome.err
    assert (out / "results.nc").read_bytes() == before
    assert _temporaries(out) == []


# The child is the writing stage of a run (Results.to_netcdf -> write_netcdf) with a NetCDF
# writer that writes half a file, says so through a marker file and then hangs, so that the
# parent can signal it in the middle of the write. (The whole CLI in a child took 11 s here,
# mostly imports; the in-process tests above cover the CLI's own handling.)
CHILD = textwrap.dedent(
    """
    import signal, sys, time
    from pathlib import Path
    import xarray as xr
    from lowcarbon_sim.results.io import write_netcdf

    # Ctrl-C raises KeyboardInterrupt, as in a terminal, even where the parent (a test
    # worker) ignores SIGINT and the child would inherit that
    signal.signal(signal.SIGINT, signal.default_int_handler)

    marker, target = Path(sys.argv[1]), Path(sys.argv[2])
    real = xr.Dataset.to_netcdf

    def slow(self, path, *args, **kwargs):
        real(self, path, *args, **kwargs)
        data = Path(path).read_bytes()
        Path(path).write_bytes(data[: len(data) // 2])
        marker.write_text(str(path))
        time.sleep(120)

    xr.Dataset.to_netcdf = slow
    write_netcdf(xr.Dataset({"capacity": ("tech", [1.0, 2.0])}), target)
    """
)


def _run_child_and_signal(tmp_path, out, sig) -> subprocess.CompletedProcess:
    marker = tmp_path / "writing"
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    args = [str(marker), str(out / "results.nc")]
    proc = subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the child never started writing"
            time.sleep(0.05)
        assert Path(marker.read_text()).exists()  # the half-written temporary file
        proc.send_signal(sig)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigint_while_writing_cleans_up(tmp_path, good_run):
    out, before = good_run
    done = _run_child_and_signal(tmp_path, out, signal.SIGINT)
    assert done.returncode != 0 and "KeyboardInterrupt" in done.stderr
    assert (out / "results.nc").read_bytes() == before
    assert _temporaries(out) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigkill_while_writing_never_touches_the_result(tmp_path, good_run):
    out, before = good_run
    done = _run_child_and_signal(tmp_path, out, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert (out / "results.nc").read_bytes() == before
    assert open_results(out / "results.nc").dataset.attrs["scenario"] == "tiny_rel"
    # a killed process cannot clean up: its temporary file stays, hidden, until the next
    # write to the same folder removes it (its process id no longer runs)
    [left] = _temporaries(out)
    assert left.startswith(".results.nc.")
    write_netcdf(xr.Dataset({"x": ("i", [1.0])}), out / "other.nc")
    assert _temporaries(out) == [left]  # another file's temporaries are not touched
    write_netcdf(open_results(out / "results.nc").dataset, out / "results.nc")
    assert _temporaries(out) == []
