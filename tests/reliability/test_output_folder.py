"""All or nothing per output folder (issue 22 item 1): a run's results, summary and
figures appear together in ``--out`` or the previous folder stays exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lowcarbon_sim.results import folder as folder_module
from lowcarbon_sim.results.folder import prepare_target, run_folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def good_folder(tmp_path, tiny, cli):
    """An output folder from a successful run plus a file of the user's own."""
    out = tmp_path / "out"
    assert cli("run", tiny, "--out", out).code == 0
    (out / "my_notes.txt").write_text("keep me")
    return out, _snapshot(out)


def test_failure_between_results_and_summary_keeps_the_old_folder(
    tiny, cli, good_folder, monkeypatch
):
    out, before = good_folder

    def broken(ds, years=None):
        raise KeyboardInterrupt  # e.g. Ctrl-C after results.nc, before summary.csv

    monkeypatch.setattr("lowcarbon_sim.cli.main.summary_csv", broken, raising=False)
    import lowcarbon_sim.results.summary as summary

    monkeypatch.setattr(summary, "summary_csv", broken)
    outcome = cli("run", tiny, "--out", out, "--set", "policy.co2_price=50")
    assert outcome.code == 130
    assert _snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".out.")] == []


def test_bad_plot_format_is_refused_before_the_solve(tiny, cli, good_folder):
    out, before = good_folder
    start = time.perf_counter()
    outcome = cli("run", tiny, "--out", out, "--plots", "--plot-format", "gif")
    assert outcome.code == 2 and "--plot-format" in outcome.message
    assert "loaded" not in outcome.err  # nothing was even loaded
    assert time.perf_counter() - start < 5
    assert _snapshot(out) == before


def test_new_run_replaces_the_folder_and_keeps_the_users_files(tiny, cli, good_folder):
    out, before = good_folder
    assert cli("run", tiny, "--out", out, "--set", "policy.co2_price=50").code == 0
    after = _snapshot(out)
    assert after["my_notes.txt"] == b"keep me"
    assert after["results.nc"] != before["results.nc"]
    assert set(after) == set(before)


def test_out_that_is_a_file_is_an_environment_error(tiny, cli, tmp_path):
    target = tmp_path / "afile"
    target.write_text("x")
    outcome = cli("run", tiny, "--out", target)
    assert outcome.code == 4 and "must be a folder" in outcome.message
    assert target.read_text() == "x"


def test_full_disk_is_refused_before_writing(tiny, cli, good_folder, monkeypatch):
    out, before = good_folder
    real = folder_module.shutil.disk_usage

    def tiny_disk(path):
        usage = real(path)
        return usage._replace(free=1024)

    monkeypatch.setattr(folder_module.shutil, "disk_usage", tiny_disk)
    outcome = cli("run", tiny, "--out", out, "--set", "policy.co2_price=50")
    assert outcome.code == 4 and "not enough free disk space" in outcome.message
    assert _snapshot(out) == before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root writes anywhere")
def test_read_only_parent_is_an_environment_error(tiny, cli, tmp_path):
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        outcome = cli("run", tiny, "--out", parent / "out")
        assert outcome.code == 4 and "permission denied" in outcome.message
    finally:
        parent.chmod(0o755)


def test_interrupted_swap_is_restored_by_the_next_run(tmp_path):
    target = tmp_path / "out"
    dead = 2**22 + 12345  # no such process
    old = tmp_path / f".out.{dead}.old"
    old.mkdir()
    (old / "results.nc").write_text("good")
    stale = tmp_path / f".out.{dead}.new"
    stale.mkdir()
    prepare_target(target)
    assert (target / "results.nc").read_text() == "good"
    assert not old.exists() and not stale.exists()


def test_run_folder_swaps_in_one_step(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "a.txt").write_text("old")
    with run_folder(target) as tmp:
        (tmp / "a.txt").write_text("new")
        assert (target / "a.txt").read_text() == "old"  # nothing visible before the swap
    assert (target / "a.txt").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from lowcarbon_sim.results.folder import run_folder

    target, marker = Path(sys.argv[1]), Path(sys.argv[2])
    with run_folder(target) as tmp:
        (tmp / "results.nc").write_text("new results")
        marker.write_text("written")
        time.sleep(120)  # killed here, before summary.csv and before the swap
        (tmp / "summary.csv").write_text("new summary")
    """
)


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_sigkill_mid_run_leaves_the_folder_and_the_next_run_cleans_up(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "results.nc").write_text("old results")
    (target / "summary.csv").write_text("old summary")
    marker, script = tmp_path / "marker", tmp_path / "child.py"
    script.write_text(CHILD)
    proc = subprocess.Popen([sys.executable, str(script), str(target), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert (target / "results.nc").read_text() == "old results"
    assert (target / "summary.csv").read_text() == "old summary"
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert len(leftovers) == 1  # the killed run's temporary folder, hidden
    prepare_target(target)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
