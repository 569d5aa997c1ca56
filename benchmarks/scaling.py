"""How model size and time grow with hours x years x technologies (Hunan data).

Each case runs in a fresh process: the Hunan baseline cut to ``years`` decision years
(2030 backwards), ``hours`` consecutive hours (time.mode: hours) or representative days, with
the power technologies only or with the hydrogen and CCUS rows too. Prints one row per case:
columns and rows handed to HiGHS, the seconds of each stage and peak memory.

    python benchmarks/scaling.py                       # the table in docs/performance.md
    python benchmarks/scaling.py --hours 168 720 --years 1 3
    python benchmarks/scaling.py --hours 2190 --techs power   # power technologies only
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hunan_baseline.yaml"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from hunan_power_only import unlimited_build, without_hydrogen_and_ccus  # noqa: E402


def overrides(hours: int, years: int, with_h2: bool) -> dict:
    first = 2031 - years
    over = {
        "years.first": first,
        "years.last": 2030,
        "years.last_historical": first - 1,
        "economics.base_year": first,
        "sectors.enabled": False,
        # fewer decision years must still reach the 2030 system: no yearly build limits
        **unlimited_build(),
    }
    if hours == 8760:
        over["time.mode"] = "full_year"
    elif hours % 24 == 0 and hours <= 24 * 48 and hours != 168:
        over.update({"time.mode": "representative_days", "time.days": hours // 24})
    else:
        over.update({"time.mode": "hours", "time.hours": hours})
    if not with_h2:
        over.update(without_hydrogen_and_ccus())
    return over


def worker(hours: int, years: int, with_h2: bool) -> dict:
    t0 = time.perf_counter()
    import lowcarbon_sim as lcs
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.extract import extract_results
    from lowcarbon_sim.model.solve import solve_model

    scenario = lcs.load_scenario(SCENARIO, overrides=overrides(hours, years, with_h2))
    t1 = time.perf_counter()
    inputs = build_inputs(scenario)
    t2 = time.perf_counter()
    model = build_model(inputs)
    t3 = time.perf_counter()
    sol = solve_model(model, "highs", {}, None)
    t4 = time.perf_counter()
    extract_results(model, sol)
    t5 = time.perf_counter()
    return {
        "techs": int(inputs.sizes["tech"]),
        "algorithm": sol.algorithm,  # what ran: simplex, hipo or ipx
        "columns": int(sol._x.size),  # columns handed to HiGHS
        "rows": int(sol._duals.size),
        "load": t1 - t0,
        "inputs": t2 - t1,
        "build": t3 - t2,
        "handover": sol.timings.get("compile", 0.0),
        "highs": sol.timings.get("highs_run", 0.0),
        "extract": t5 - t4,
        "wall": t5 - t0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "objective": sol.objective,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=int, nargs="+", default=[168, 288, 720, 2190])
    ap.add_argument("--years", type=int, nargs="+", default=[1, 3, 6])
    ap.add_argument(
        "--techs",
        choices=["power", "all"],
        nargs="+",
        default=["power", "all"],
        help="power technologies only, and/or with the hydrogen and CCUS rows",
    )
    ap.add_argument("--worker", nargs=3, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker[:2], bool(args.worker[2]))))
        return
    head = (
        f"{'hours':>6} {'years':>5} {'techs':>5} {'columns':>8} {'rows':>8} {'HiGHS':>8} "
        f"{'inputs':>7} "
        f"{'build':>7} {'handover':>8} "
        f"{'highs':>8} {'extract':>7} {'wall':>7} {'peak_mb':>8}"
    )
    print(head)
    for with_h2 in [t == "all" for t in args.techs]:
        for years in args.years:
            for hours in args.hours:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--worker",
                        str(hours),
                        str(years),
                        str(int(with_h2)),
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                r = json.loads(out.stdout.strip().splitlines()[-1])
                print(
                    f"{hours:>6} {years:>5} {r['techs']:>5} {r['columns']:>8} {r['rows']:>8} "
                    f"{r['algorithm']:>8} "
                    f"{r['inputs']:>7.2f} {r['build']:>7.2f} "
                    f"{r['handover']:>8.2f} {r['highs']:>8.2f} {r['extract']:>7.2f} "
                    f"{r['wall']:>7.2f} {r['peak_mb']:>8.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
