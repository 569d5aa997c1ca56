"""Fault injection (issue 22 item 9): a real ``lowcarbon-sim run`` is killed (SIGKILL) at
seeded points (after loading, while solving, while writing) and the output folder is then
either the previous run's, whole, or the new run's, whole; never a mix."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from reliability_helpers import TINY, profile_csv

from lowcarbon_sim.results.core import open_results
from lowcarbon_sim.results.folder import prepare_target
from lowcarbon_sim.results.summary import summary_csv

# The child is the console command, with one hook: before the summary is written (results.nc
# already in the temporary folder) it says so on stderr and waits a seeded moment, so that a
# kill can land mid-write.
CHILD = textwrap.dedent(
    """
    import sys, time
    import lowcarbon_sim.results.summary as summary
    from lowcarbon_sim.cli.main import main

    pause = float(sys.argv[1])
    real = summary.summary_csv

    def slow_summary(ds, *args, **kwargs):
        print("writing: results.nc done", file=sys.stderr, flush=True)
        time.sleep(pause)
        return real(ds, *args, **kwargs)

    summary.summary_csv = slow_summary
    sys.exit(main(sys.argv[2:]))
    """
)

# (text on stderr that marks the point, extra seconds to wait after it)
POINTS = {
    "after-load": ("loaded from", 0.0),
    "mid-solve": ("solving with", 0.05),
    "mid-write": ("writing: results.nc done", 0.2),
}


def _folder_state(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def old_folder(tmp_path_factory):
    """A scenario folder and an output folder from one good run (no CO2 price)."""
    from lowcarbon_sim.cli import main

    base = tmp_path_factory.mktemp("faults")
    profile_csv(base / "load.csv", value="1.0")
    (base / "tiny.yaml").write_text(TINY, encoding="utf-8")
    (base / "child.py").write_text(CHILD, encoding="utf-8")
    assert main(["run", str(base / "tiny.yaml"), "--out", str(base / "good")]) == 0
    return base, _folder_state(base / "good")


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("point", list(POINTS))
def test_killed_run_leaves_the_old_or_the_new_folder(old_folder, tmp_path, point):
    base, before = old_folder
    out = tmp_path / "out"
    out.mkdir()
    for name, data in before.items():
        (out / name).write_bytes(data)
    marker, delay = POINTS[point]
    rng = random.Random(f"{point}-22")
    pause = 30.0 if point == "mid-write" else 0.0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, str(base / "child.py"), str(pause), "run", str(base / "tiny.yaml"),
            "--out", str(out), "--set", "policy.co2_price=50"]  # fmt: skip
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, text=True, env=env)
    seen = []
    try:
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            seen.append(line)
            if marker in line:
                time.sleep(delay * rng.random())
                proc.send_signal(signal.SIGKILL)
                break
            assert time.monotonic() < deadline, "".join(seen)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    assert any(marker in line for line in seen), "".join(seen)
    after = _folder_state(out)
    if after != before:
        # the new run, whole: its results and summary agree
        assert set(after) == set(before)
        ds = open_results(out / "results.nc").dataset
        assert (out / "summary.csv").read_text(encoding="utf-8") == summary_csv(ds)
        assert float(ds["co2_price"].max()) == 50.0
    # the next run's preparation removes what the killed one left beside the folder
    prepare_target(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []
