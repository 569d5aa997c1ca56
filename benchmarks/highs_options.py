"""Benchmark: HiGHS options on a scenario's compiled LP, CPU seconds and iterations.

Builds and compiles the scenario's LP once (as ``lowcarbon-sim run`` does), then solves it
with ``highspy`` alone, once per option set, each in a fresh process (so no run inherits
another's memory or basis), and prints CPU seconds of ``Highs.run``, simplex iterations and
the objective's relative difference to the first option set. HiGHS's iteration count does not
depend on the machine's load; its time does, so compare CPU seconds of one table only.

Each option set is one argument of space-separated ``key=value`` HiGHS options, on top of
what lowcarbon-sim itself sets for dual simplex (``simplex_scale_strategy`` and the
``user_objective_scale`` of :func:`lowcarbon_sim.model.algorithm.objective_scale_exponent`;
give ``user_objective_scale=0`` for none). Usage::

    python benchmarks/highs_options.py scenarios/hunan_baseline.yaml \\
        "user_objective_scale=0" "" "user_objective_scale=-4 user_bound_scale=-9"
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text, text)


def dump(scenario: Path, path: Path) -> None:
    """The scenario's compiled LP as arrays in ``path`` (``.npz``)."""
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.highs import compile_model
    from lowcarbon_sim.pipeline import sector_outputs
    from lowcarbon_sim.scenario.load import load_scenario

    sc = load_scenario(scenario)
    sf = compile_model(build_model(build_inputs(sc, sector_outputs(sc))))
    A = sf.A
    np.savez(path, c=sf.c, offset=sf.offset, data=A.data, indices=A.indices, indptr=A.indptr,
             shape=np.array(A.shape), rl=sf.row_lower, ru=sf.row_upper, cl=sf.col_lower,
             cu=sf.col_upper)  # fmt: skip


def solve(path: Path, options: str) -> dict:
    """Solve the LP in ``path`` with lowcarbon-sim's dual simplex options plus ``options``."""
    import highspy

    from lowcarbon_sim.model.algorithm import SIMPLEX_SCALE_STRATEGY, objective_scale_exponent

    z = np.load(path)
    lp = highspy.HighsLp()
    lp.num_row_, lp.num_col_ = (int(n) for n in z["shape"])
    lp.col_cost_, lp.offset_ = z["c"], float(z["offset"])
    lp.col_lower_, lp.col_upper_ = z["cl"], z["cu"]
    lp.row_lower_, lp.row_upper_ = z["rl"], z["ru"]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = z["indptr"].astype(np.int32)
    lp.a_matrix_.index_ = z["indices"].astype(np.int32)
    lp.a_matrix_.value_ = z["data"].astype(float)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    opts = {
        "solver": "simplex",
        "simplex_scale_strategy": SIMPLEX_SCALE_STRATEGY,
        "user_objective_scale": objective_scale_exponent(z["c"]),
        **{k: _value(v) for k, v in (kv.split("=", 1) for kv in options.split())},
    }
    for key, value in opts.items():
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise SystemExit(f"HiGHS refused option {key}={value!r}")
    t0 = time.process_time()
    h.run()
    info = h.getInfo()
    return {
        "options": " ".join(f"{k}={v}" for k, v in opts.items() if k != "solver"),
        "status": h.getModelStatus().name,
        "cpu_s": time.process_time() - t0,
        "iterations": int(info.simplex_iteration_count),
        "objective": float(info.objective_function_value),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", type=Path, nargs="?")
    parser.add_argument("option_sets", nargs="*", help='e.g. "user_objective_scale=0"')
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(solve(Path(args.child[0]), args.child[1])))
        return
    with tempfile.TemporaryDirectory(prefix="lcs-highs-options-") as tmp:
        lp = Path(tmp) / "lp.npz"
        dump(args.scenario, lp)
        print("| options | status | CPU s | iterations | objective, relative to the first |")
        print("| --- | --- | ---: | ---: | ---: |")
        first = None
        for options in args.option_sets or [""]:
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(lp), options],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            first = r["objective"] if first is None else first
            rel = abs(r["objective"] - first) / abs(first) if first else 0.0
            print(f"| {r['options']} | {r['status'].removeprefix('k')} | {r['cpu_s']:.1f} | "
                  f"{r['iterations']:,} | {rel:.1e} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
