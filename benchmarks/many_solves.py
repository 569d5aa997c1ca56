"""Benchmark: many solves of one structure, fresh against a live HiGHS model, and PyPSA.

Three loops, side by side in one run (all in this process, one member after another):

1. a CO2-price sweep of the default scenario (``scenarios/hunan_baseline.yaml``, 7 values of
   ``policy.co2_price`` by default) through :func:`lowcarbon_sim.ensemble.run_sweep`, every
   member solved from scratch (``live=False``) and then on one live model (the default);
2. an ensemble of ``scenarios/hunan_uncertainty.yaml`` (the default scenario with uncertain
   growth, capex, coal price and CO2 price; 16 members by default), fresh and live;
3. the one-year 720-hour power system of ``benchmarks/vs_pypsa.py`` over the same 7 CO2
   prices: a PyPSA loop (network from our inputs, ``n.optimize()`` per member) against ours,
   fresh and live.

Per member it prints the wall time and the CPU time of this process (the machine may be
shared: CPU time is less noisy), the live/fresh ratios, and how the member time splits
(inputs, Pyomo build or, for a member solved on the kept model, the prediction of its LP
vectors, compile, HiGHS, results; medians of the member files). PyPSA's
objective omits our fixed cost of the existing fleet, which is added back; the two
objectives differed by a few 1e-3 when this was written, a gap that ``vs_pypsa.py`` shows
by itself at 168 hours (2.9e-3, dual simplex on both sides), not from the live model. Usage::

    python benchmarks/many_solves.py
    python benchmarks/many_solves.py --members 8 --skip pypsa   # shorter
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

BASELINE = ROOT / "scenarios" / "hunan_baseline.yaml"
UNCERTAIN = ROOT / "scenarios" / "hunan_uncertainty.yaml"
PRICES = [0, 25, 50, 100, 150, 200, 300]  # yuan/t CO2
# per member: inputs (sectors + inputs), build (Pyomo build; for a member solved on the kept
# model, the prediction of its LP vectors), compile, HiGHS, results
SPLIT = ("inputs", "build", "solver_compile", "solver_highs_run", "extract")
GAP_VARIABLES = ("annual_cost", "emissions", "capacity", "generation")
LABEL = {
    "build": "build/vectors",
    "solver_compile": "compile",
    "solver_highs_run": "HiGHS",
    "extract": "results",
}


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.w0
        self.cpu = time.process_time() - self.c0


def member_split(out: Path) -> dict[str, float]:
    """Median seconds per stage over the member files of ``out`` (their attributes)."""
    from lowcarbon_sim.results.io import read_netcdf

    rows = [read_netcdf(p).attrs for p in sorted((out / "members").glob("member_*.nc"))]
    split = {k: statistics.median(float(a.get(f"seconds_{k}", 0.0)) for a in rows) for k in SPLIT}
    modes = [str(a.get("solver_live_mode", "")) for a in rows]
    split["warm"] = sum(m == "warm" for m in modes)
    split["skipped"] = sum(str(a.get("solver_live_build", "")).startswith("skipped") for a in rows)
    return split


def member_gap(fresh: Path, live: Path) -> dict[str, float]:
    """Largest relative difference, live against fresh member files, of the objective and
    of costs, emissions and capacities (relative to each variable's largest value)."""
    import numpy as np

    from lowcarbon_sim.results.io import read_netcdf

    gap = dict.fromkeys(("objective", *GAP_VARIABLES), 0.0)
    for p in sorted((fresh / "members").glob("member_*.nc")):
        f, g = read_netcdf(p), read_netcdf(live / "members" / p.name)
        of, og = float(f.attrs["objective"]), float(g.attrs["objective"])
        gap["objective"] = max(gap["objective"], abs(og - of) / abs(of))
        for name in GAP_VARIABLES:
            if name in f and name in g:
                a, b = np.nan_to_num(f[name].values), np.nan_to_num(g[name].values)
                scale = max(float(np.abs(a).max()), 1e-300)
                gap[name] = max(gap[name], float(np.abs(a - b).max()) / scale)
    return gap


def loop_ours_ensembles(members: int, work: Path, skip: set[str]) -> list[tuple]:
    from lowcarbon_sim.ensemble import run_ensemble, run_sweep

    rows = []
    for label, fn in (
        (
            f"sweep of policy.co2_price, {len(PRICES)} values",
            lambda out, live: run_sweep(
                BASELINE,
                "policy.co2_price",
                PRICES,
                scheduler="synchronous",
                out_dir=out,
                progress=False,
                resume=False,
                live=live,
            ),
        ),
        (
            f"ensemble of hunan_uncertainty, {members} members",
            lambda out, live: run_ensemble(
                UNCERTAIN,
                members,
                scheduler="synchronous",
                out_dir=out,
                progress=False,
                resume=False,
                live=live,
            ),
        ),
    ):
        if label.split()[0] in skip:
            continue
        res = {}
        for live in (False, True):
            out = work / f"{label.split()[0]}_{'live' if live else 'fresh'}"
            with Clock() as c:
                r = fn(out, live)
            n = len(r.members)
            res[live] = (c.wall / n, c.cpu / n, member_split(out), r)
        res["gap"] = member_gap(*(work / f"{label.split()[0]}_{k}" for k in ("fresh", "live")))
        rows.append((label, res))
    return rows


def loop_720(work: Path, skip_pypsa: bool) -> dict[str, tuple[float, float, list[float]]]:
    """Ours fresh, ours live and PyPSA on the 720-hour one-year system, per CO2 price."""
    from vs_pypsa import SCENARIO, overrides, pypsa_network

    import lowcarbon_sim as lcs
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.live import live_model

    scen = [
        lcs.load_scenario(SCENARIO, overrides={**overrides(720), "policy.co2_price": p})
        for p in PRICES
    ]
    out: dict[str, tuple[float, float, list[float]]] = {}
    objs = []
    with Clock() as c:
        for s in scen:
            objs.append(lcs.run(s).dataset.attrs["objective"])
    out["lowcarbon-sim fresh"] = (c.wall / len(scen), c.cpu / len(scen), objs)
    objs = []
    with Clock() as c, live_model():
        for s in scen:
            objs.append(lcs.run(s).dataset.attrs["objective"])
    out["lowcarbon-sim live"] = (c.wall / len(scen), c.cpu / len(scen), objs)
    if not skip_pypsa:
        import warnings

        os.environ.setdefault("TQDM_DISABLE", "1")  # linopy's progress bars
        warnings.simplefilter("ignore", FutureWarning)  # PyPSA/pandas deprecation notes
        logging.getLogger("pypsa").setLevel(logging.ERROR)
        logging.getLogger("linopy").setLevel(logging.ERROR)
        objs = []
        with Clock() as c:
            for s in scen:
                inputs = build_inputs(s)
                n = pypsa_network(inputs, 0.0)
                n.remove("GlobalConstraint", "co2_cap")  # a price here, not a cap
                status, _ = n.optimize(
                    solver_name="highs",
                    solver_options={"output_flag": False, "solver": "simplex"},
                    include_objective_constant=False,
                )
                assert status == "ok", status
                fom_existing = float((inputs["fom"] * inputs["existing_capacity"]).sum())
                objs.append(float(n.objective) + fom_existing)
        out["PyPSA loop"] = (c.wall / len(scen), c.cpu / len(scen), objs)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=16, help="ensemble members (16)")
    ap.add_argument("--skip", nargs="*", default=[], choices=["sweep", "ensemble", "pypsa", "720"])
    ap.add_argument(
        "--warm-basis",
        choices=["nearest", "previous"],
        default="nearest",
        help="live members start from the nearest solved member's basis (default) or the "
        "previous member's",
    )
    args = ap.parse_args()
    import lowcarbon_sim  # noqa: F401  (imports before the clocks start)
    import lowcarbon_sim.model.live as live

    live.WARM_BASIS = args.warm_basis

    work = Path(tempfile.mkdtemp(prefix="many_solves_"))
    try:
        print("per member: wall s / CPU s of this process (one member after another)")
        if not {"sweep", "ensemble"} <= set(args.skip):
            for label, res in loop_ours_ensembles(args.members, work, set(args.skip)):
                (fw, fc, fs, _), (lw, lc, ls, _) = res[False], res[True]
                print(f"\n{label}")
                print(f"  fresh {fw:7.2f} / {fc:7.2f}")
                print(
                    f"  live  {lw:7.2f} / {lc:7.2f}   (warm starts: {ls['warm']} members, "
                    f"Pyomo build skipped: {ls['skipped']})"
                )
                print(f"  live/fresh: wall {lw / fw:.2f}, CPU {lc / fc:.2f}")
                print(
                    "  live vs fresh, largest relative difference: "
                    + ", ".join(f"{k} {v:.1e}" for k, v in res["gap"].items())
                )
                for name, s in (("fresh", fs), ("live", ls)):
                    print(
                        f"  median member split, {name}: "
                        + ", ".join(f"{LABEL.get(k, k)} {s[k]:.2f}" for k in SPLIT)
                    )
        if "720" not in args.skip:
            print(f"\none year, 720 hours (benchmarks/vs_pypsa.py system), {len(PRICES)} prices")
            res720 = loop_720(work, "pypsa" in args.skip)
            ref = res720["lowcarbon-sim fresh"][2]
            for name, (w, c, objs) in res720.items():
                rel = max(abs(a - b) / abs(b) for a, b in zip(objs, ref, strict=True))
                print(f"  {name:<22} {w:7.2f} / {c:7.2f}   objectives vs fresh: {rel:.1e}")
            if "PyPSA loop" in res720:
                p, live = res720["PyPSA loop"], res720["lowcarbon-sim live"]
                print(f"  PyPSA / live: wall {p[0] / live[0]:.1f}x, CPU {p[1] / live[1]:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
