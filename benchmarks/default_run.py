"""Benchmark: the default run end to end, CPU seconds by stage, inside and outside HiGHS.

Runs ``lowcarbon-sim run scenarios/hunan_baseline.yaml --out <tmp>`` in a fresh process
(``--runs`` times) with timers wrapped around the stages (the console script's own code,
nothing skipped), and prints CPU seconds (user + system) per stage: the machine is shared
with other jobs, so CPU time is the figure that compares; wall time is printed too.

Stages (exclusive: a stage's time does not include the stages inside it):

- ``startup``: the interpreter and ``import lowcarbon_sim.cli`` (the console script's import);
- ``imports``: the modules the run command imports (pipeline, model, xarray, pandas, Pyomo);
- ``scenario``: loading and validating the scenario files;
- ``sectors``: the sector demand modules; ``inputs``: the model inputs Dataset;
- ``build``: the Pyomo model; ``compile``: Pyomo to arrays (``LinearStandardFormCompiler``);
- ``hand-over``: ``Highs.passModel`` and options; ``HiGHS``: ``Highs.run``, the solve;
- ``extract``: solution to results Dataset; ``province``: sector totals, targets, peak;
- ``write``: ``results.nc`` and ``summary.csv``; ``print``: the printed summary;
- ``exit``: leaving the process; ``other``: the rest (progress lines, folders, ...).

Usage::

    python benchmarks/default_run.py            # one run
    python benchmarks/default_run.py --runs 3   # medians of three
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hunan_baseline.yaml"
STAGES = (
    "startup", "imports", "scenario", "sectors", "inputs", "build", "compile", "hand-over",
    "HiGHS", "extract", "province", "write", "print", "other", "exit",
)  # fmt: skip


class StageClock:
    """Exclusive CPU seconds per stage: nested stages are subtracted from their parent."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = {}
        self._stack: list[list[float]] = []  # [start, seconds of nested stages]

    def wrap(self, owner, attr: str, stage: str) -> None:
        """Replace ``owner.attr`` by a wrapper that books its CPU time to ``stage``."""
        inner = getattr(owner, attr)
        clock = self

        def timed(*args, **kwargs):
            clock._stack.append([time.process_time(), 0.0])
            try:
                return inner(*args, **kwargs)
            finally:
                start, nested = clock._stack.pop()
                spent = time.process_time() - start
                clock.cpu[stage] = clock.cpu.get(stage, 0.0) + spent - nested
                if clock._stack:
                    clock._stack[-1][1] += spent

        setattr(owner, attr, timed)


def child(record: Path, out: Path, overrides: list[str]) -> None:
    """One timed run of the console script's ``run`` command (in this process), with
    ``--set`` ``overrides``."""
    clock = StageClock()
    from lowcarbon_sim.cli import main as cli_main  # the console script's import

    clock.cpu["startup"] = time.process_time()
    t0 = time.process_time()
    import highspy

    import lowcarbon_sim.model.highs as highs
    import lowcarbon_sim.pipeline as pipeline
    import lowcarbon_sim.results.core as core
    import lowcarbon_sim.results.summary as summary
    import lowcarbon_sim.scenario.load as load

    clock.cpu["imports"] = time.process_time() - t0
    clock.wrap(load, "load_scenario", "scenario")
    clock.wrap(pipeline, "sector_outputs", "sectors")
    clock.wrap(pipeline, "build_inputs", "inputs")
    clock.wrap(pipeline, "build_model", "build")
    clock.wrap(highs, "compile_model", "compile")
    clock.wrap(highs, "run_highs", "hand-over")
    clock.wrap(highspy.Highs, "run", "HiGHS")
    clock.wrap(pipeline, "extract_results", "extract")
    clock.wrap(pipeline, "_province", "province")
    clock.wrap(core.Results, "to_netcdf", "write")
    clock.wrap(summary, "summary_csv", "write")
    clock.wrap(core.Results, "summary", "print")
    t0 = time.process_time()
    sets = [arg for pair in overrides for arg in ("--set", pair)]
    # as the console script calls it (lowcarbon_sim.cli.main.entry)
    code = cli_main(["run", str(SCENARIO), "--out", str(out), *sets], process_ends=True)
    clock.cpu["other"] = (
        time.process_time()
        - t0
        - sum(v for k, v in clock.cpu.items() if k not in ("startup", "imports"))
    )
    if code:
        raise SystemExit(code)
    clock.cpu["_at_exit"] = time.process_time()
    record.write_text(json.dumps(clock.cpu))
    # leave as the console script does (lowcarbon_sim.cli.main.entry)
    import gc

    gc.freeze()


def parent(runs: int, keep: Path | None = None, overrides: list[str] | None = None) -> None:
    """Run ``runs`` timed children and print the CPU split (medians); copy the last run's
    ``results.nc`` to ``keep`` when given; ``overrides`` are passed on as ``--set``."""
    sets = [arg for pair in overrides or [] for arg in ("--set", pair)]
    rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="lcs-default-run-") as tmp:
        for i in range(runs):
            record, out = Path(tmp) / f"run{i}.json", Path(tmp) / f"out{i}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            w0 = time.perf_counter()
            subprocess.run(
                [sys.executable, __file__, "--child", str(record), str(out), *sets],
                check=True,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )
            wall = time.perf_counter() - w0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu = json.loads(record.read_text())
            cpu["exit"] = total - cpu.pop("_at_exit")
            cpu["total"], cpu["wall"] = total, wall
            cpu["peak MB"] = after.ru_maxrss / 1024  # the largest child so far (KiB on Linux)
            cpu["outside HiGHS"] = total - cpu.get("HiGHS", 0.0)
            rows.append(cpu)
            if keep is not None:
                shutil.copyfile(out / "results.nc", keep)
            print(
                f"run {i + 1}: wall {wall:.1f} s, CPU {total:.1f} s, HiGHS {cpu['HiGHS']:.1f} "
                f"s, outside HiGHS {cpu['outside HiGHS']:.2f} s",
                flush=True,
            )
    med = {k: statistics.median(r.get(k, 0.0) for r in rows) for k in rows[0]}
    label = SCENARIO.name + "".join(f" --set {pair}" for pair in overrides or [])
    print(f"\nDefault scenario ({label}), CPU seconds, median of {runs} run(s):\n")
    print("| stage | CPU s |\n| --- | --- |")
    for stage in STAGES:
        print(f"| {stage} | {med.get(stage, 0.0):.2f} |")
    print(f"| **outside HiGHS** | **{med['outside HiGHS']:.2f}** |")
    print(f"| **inside HiGHS** | **{med['HiGHS']:.2f}** |")
    print(f"| total (wall {med['wall']:.1f} s) | {med['total']:.2f} |")
    print(f"\npeak memory {med['peak MB']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="fresh processes (default 1)")
    parser.add_argument("--keep", type=Path, help="copy the last run's results.nc here")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a scenario key, as the run command's --set")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.set)
    else:
        parent(args.runs, args.keep, args.set)


if __name__ == "__main__":
    main()
