"""Benchmark: the same one-year Hunan power system in lowcarbon-sim and in PyPSA.

Both sides solve with HiGHS with the same options (no output; lowcarbon-sim's own choice of
algorithm by the number of hours: dual simplex below ``IPM_MIN_TIMESTEPS``, interior point
from there, which is HiPO where highspy-extras is installed and IPX otherwise; from
``CROSSOVER_OFF_MIN_TIMESTEPS`` (a full year) without crossover, on both sides). The system
is the 2030 decision year of the Hunan data set (existing fleet fixed, new build of coal,
gas, wind, solar, pumped hydro and batteries extendable, imports and hydro with annual
energy limits, load shedding) over the first N hours of the year, each weighted 8760/N,
storage cyclic, with a CO2 cap at 80 % of the uncapped emissions. PyPSA's network is built
from lowcarbon-sim's inputs Dataset, with existing and new capacity as separate components
(PyPSA charges capital cost on all of an extendable component's capacity).

Each side runs in its own fresh process, several times; the table gives medians. Usage::

    python benchmarks/vs_pypsa.py                      # 168 720 2190 8760 h, 3 runs each
    python benchmarks/vs_pypsa.py --sizes 168 720 --runs 1
    python benchmarks/vs_pypsa.py --default-scenario   # also time the multi-year default run
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from hunan_power_only import unlimited_build, without_hydrogen_and_ccus  # noqa: E402

SCENARIO = ROOT / "scenarios" / "hunan_baseline.yaml"
YEAR = 2030


def overrides(hours: int) -> dict:
    # One decision year standing for the whole 2025-2030 build-out: no per-year build
    # limits; the power system only: the peer comparison covers generators, storage, lines.
    return {
        **unlimited_build(),
        **without_hydrogen_and_ccus(),
        "sectors.enabled": False,
        "years.first": YEAR,
        "years.last": YEAR,
        "years.last_historical": YEAR - 1,
        "economics.base_year": YEAR,
        "time.mode": "full_year" if hours == 8760 else "hours",
        "time.hours": min(hours, 8760),
        "policy.reserve_margin": None,
    }


def co2_cap() -> float:
    """80 % of the uncapped emissions of the 168-hour system: a cap that binds at every size."""
    import lowcarbon_sim as lcs

    uncapped = lcs.run(lcs.load_scenario(SCENARIO, overrides=overrides(168))).dataset
    return 0.8 * float(uncapped["emissions_power"].sum())


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def algorithm(hours: int) -> str:
    """The HiGHS algorithm both sides use: lowcarbon-sim's own choice for this size."""
    from lowcarbon_sim.model.solve import IPM_MIN_TIMESTEPS

    return "ipm" if hours >= IPM_MIN_TIMESTEPS else "simplex"


def highs_options(hours: int) -> dict:
    """The HiGHS options of both sides: algorithm and crossover, lowcarbon-sim's defaults."""
    from lowcarbon_sim.model.algorithm import CROSSOVER_OFF_MIN_TIMESTEPS

    alg = algorithm(hours)
    off = alg == "ipm" and hours >= CROSSOVER_OFF_MIN_TIMESTEPS
    return {"solver": alg, "run_crossover": "off" if off else "on"}


def worker_ours(hours: int, cap: float) -> dict:
    import lowcarbon_sim as lcs
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.extract import extract_results
    from lowcarbon_sim.model.solve import solve_model

    t_import = time.perf_counter() - START
    t0 = time.perf_counter()
    scen = lcs.load_scenario(
        SCENARIO, overrides={**overrides(hours), "policy.co2_cap": {YEAR: cap}}
    )
    inputs = build_inputs(scen)
    t_inputs = time.perf_counter() - t0
    t0 = time.perf_counter()
    model = build_model(inputs)
    t_build = time.perf_counter() - t0
    sol = solve_model(model, options=highs_options(hours))
    t0 = time.perf_counter()
    extract_results(model, sol)
    t_extract = time.perf_counter() - t0
    fom_existing = float((inputs["fom"] * inputs["existing_capacity"]).sum())
    return {
        "side": "lowcarbon-sim",
        "import": t_import,
        "inputs": t_inputs,
        "build": t_build,
        "handover": sol.timings["compile"],
        "highs": sol.timings.get("highs_run", sol.timings["solve"]),
        "extract": t_extract + sol.timings.get("map", 0.0),
        "objective": sol.objective - fom_existing,
        "peak_mb": peak_mb(),
        "algorithm": sol.algorithm,
        **{f"it_{k}": float(v) for k, v in sol.iterations.items()},
        **{f"q_{k}": float(v) for k, v in sol.quality.items()},
    }


def pypsa_network(inputs, cap: float):
    import numpy as np
    import pandas as pd
    import pypsa

    from lowcarbon_sim.technology import tech_class

    i = 0  # the single year
    n = pypsa.Network()
    steps = inputs["timestep"].values
    n.set_snapshots(pd.RangeIndex(len(steps)))
    w = inputs["timestep_weight"].values
    n.snapshot_weightings.loc[:, "objective"] = w
    n.snapshot_weightings.loc[:, "generators"] = w
    n.snapshot_weightings.loc[:, "stores"] = 1.0
    n.add("Bus", "hunan")
    n.add("Carrier", "co2", co2_emissions=1.0)
    demand = inputs["demand"].values[i]
    n.add("Load", "demand", bus="hunan", p_set=demand)
    voll = float(inputs.attrs["load_shedding_cost"])
    n.add("Generator", "shed", bus="hunan", p_nom=float(demand.max()), marginal_cost=voll)
    marginal = (
        inputs["vom"]
        + inputs["fuel_cost"]
        + inputs["import_price"]
        + inputs["co2_price_given"] * inputs["emission_intensity"]
    ).values[i]
    for j, tech in enumerate(inputs["tech"].values):
        cls = str(inputs["tech_class"].values[j])
        existing = float(inputs["existing_capacity"].values[i, j])
        ext = bool(inputs["extendable"].values[j])
        annuity = float(inputs["annuity_factor"].values[j])
        capex = float(inputs["capex_per_mw"].values[i, j])
        cc = annuity * capex + float(inputs["fom"].values[i, j])
        room = min(
            float(inputs["build_max"].values[i, j]),
            float(inputs["capacity_max"].values[i, j]) - existing,
        )
        if tech_class(cls).pypsa_component == "StorageUnit":
            kw = dict(
                bus="hunan",
                max_hours=float(inputs["energy_to_power"].values[j]),
                efficiency_store=float(inputs["efficiency_charge"].values[j]),
                efficiency_dispatch=float(inputs["efficiency_discharge"].values[j]),
                marginal_cost=float(inputs["vom"].values[i, j]),
                cyclic_state_of_charge=True,
            )
            if existing > 0:
                n.add("StorageUnit", tech, p_nom=existing, **kw)
            if ext:
                n.add(
                    "StorageUnit",
                    f"{tech}_new",
                    p_nom_extendable=True,
                    capital_cost=cc,
                    p_nom_max=room,
                    **kw,
                )
            continue
        carrier = f"c_{tech}"
        n.add("Carrier", carrier, co2_emissions=float(inputs["emission_intensity"].values[i, j]))
        avail = inputs["availability"].values[j]
        kw = dict(bus="hunan", carrier=carrier, marginal_cost=float(marginal[j]), p_max_pu=avail)
        hmax = float(inputs["max_full_load_hours"].values[i, j])
        hmin = float(inputs["min_full_load_hours"].values[i, j])
        if existing > 0:
            extra = {}
            if np.isfinite(hmax):
                extra["e_sum_max"] = hmax * existing
            if np.isfinite(hmin):
                extra["e_sum_min"] = hmin * existing
            n.add("Generator", tech, p_nom=existing, **kw, **extra)
        if ext and room > 0:
            n.add(
                "Generator",
                f"{tech}_new",
                p_nom_extendable=True,
                capital_cost=cc,
                p_nom_max=room,
                **kw,
            )
    n.add(
        "GlobalConstraint",
        "co2_cap",
        type="primary_energy",
        carrier_attribute="co2_emissions",
        sense="<=",
        constant=cap,
    )
    return n


def worker_pypsa(hours: int, cap: float) -> dict:
    import logging

    import pypsa

    import lowcarbon_sim as lcs
    from lowcarbon_sim.inputs import build_inputs

    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    t_import = time.perf_counter() - START
    t0 = time.perf_counter()
    scen = lcs.load_scenario(SCENARIO, overrides=overrides(hours))
    inputs = build_inputs(scen)
    t_inputs = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = pypsa_network(inputs, cap)
    n.optimize.create_model(include_objective_constant=False)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    status, _ = n.optimize.solve_model(
        solver_name="highs", solver_options={"output_flag": False, **highs_options(hours)}
    )
    t_solve = time.perf_counter() - t0
    assert status == "ok", status
    highs = getattr(n.model, "solver_model", None)
    highs_time = float(highs.getRunTime()) if highs is not None else float("nan")
    info = highs.getInfo() if highs is not None else None
    iterations = {  # the keys of lowcarbon-sim's Solution.iterations
        f"it_{k}": float(getattr(info, f"{k}_iteration_count")) if info else float("nan")
        for k in ("ipm", "crossover", "simplex")
    }
    return {
        "side": f"PyPSA {pypsa.__version__}",
        "import": t_import,
        "inputs": t_inputs,
        "build": t_build,
        "handover": t_solve - highs_time if highs is not None else float("nan"),
        "highs": highs_time,
        "extract": 0.0,  # PyPSA writes results back during solve_model (in hand-over)
        "objective": float(n.objective),
        "peak_mb": peak_mb(),
        **iterations,
    }


def worker_default() -> dict:
    from lowcarbon_sim import run

    res = run(SCENARIO).dataset
    return {
        "side": "lowcarbon-sim default scenario",
        "objective": res.attrs["objective"],
        "peak_mb": peak_mb(),
        **{k.removeprefix("seconds_"): v for k, v in res.attrs.items() if k.startswith("seconds_")},
    }


def spawn(kind: str, hours: int, cap: float = 0.0) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--hours", str(hours), "--cap", repr(cap)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["wall"] = wall
    return out


def median_of(runs: list[dict]) -> dict:
    keys = [k for k, v in runs[0].items() if isinstance(v, float)]
    med = {k: statistics.median(r[k] for r in runs) for k in keys}
    med["side"] = runs[0]["side"]
    return med


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[168, 720, 2190, 8760])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--default-scenario", action="store_true")
    ap.add_argument("--worker", choices=["ours", "pypsa", "default"], help=argparse.SUPPRESS)
    ap.add_argument("--hours", type=int, default=168, help=argparse.SUPPRESS)
    ap.add_argument("--cap", type=float, default=0.0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        fn = {
            "ours": lambda: worker_ours(args.hours, args.cap),
            "pypsa": lambda: worker_pypsa(args.hours, args.cap),
            "default": worker_default,
        }[args.worker]
        print(json.dumps(fn()))
        return
    cols = ("wall", "import", "inputs", "build", "handover", "highs", "extract", "peak_mb")
    print(
        f"{'hours':>6} {'side':<22}"
        + "".join(f"{c:>10}" for c in cols)
        + f"{'wall-HiGHS':>11}{'objective':>18}"
    )
    cap = co2_cap()
    print(f"CO2 cap: {cap / 1e6:.2f} Mt (80 % of the uncapped 168-hour system)")
    print(
        "inputs: the scenario and lowcarbon-sim's inputs Dataset, the same code on both sides "
        "(PyPSA's network is built from it); build: the LP (PyPSA: network and linopy model)"
    )
    for hours in args.sizes:
        meds = {}
        for kind in ("ours", "pypsa"):
            runs = [spawn(kind, hours, cap) for _ in range(args.runs)]
            meds[kind] = m = median_of(runs)
            if "algorithm" in runs[0]:
                print(
                    f"{hours:>6} HiGHS on both sides: {runs[0]['algorithm']}, "
                    f"crossover {highs_options(hours)['run_crossover']}; solution quality "
                    f"(lowcarbon-sim): max primal infeasibility "
                    f"{runs[0]['q_max_primal_infeasibility']:.1e}, max dual infeasibility "
                    f"{runs[0]['q_max_dual_infeasibility']:.1e}, objective gap "
                    f"{runs[0]['q_objective_gap']:.1e}"
                )
            print(
                f"{hours:>6} {m['side']:<22}"
                + "".join(f"{m[c]:>10.2f}" for c in cols)
                + f"{m['wall'] - m['highs']:>11.2f}{m['objective']:>18.6e}",
                flush=True,
            )
        a, b = meds["ours"], meds["pypsa"]
        print(
            f"{hours:>6} HiGHS iterations (interior point / crossover / simplex): "
            + "; ".join(
                f"{m['side']} {m['it_ipm']:.0f} / {m['it_crossover']:.0f} / {m['it_simplex']:.0f}"
                for m in (a, b)
            )
        )
        rel = abs(a["objective"] - b["objective"]) / abs(b["objective"])
        ours_overhead = (a["build"] + a["handover"] + a["extract"]) / a["wall"]
        print(
            f"{hours:>6} objectives agree to {rel:.1e} (relative); "
            f"build+hand-over+extraction = {100 * ours_overhead:.0f} % of lowcarbon-sim's wall"
        )
        print(
            f"{hours:>6} ratio (lowcarbon-sim / PyPSA) wall: {a['wall'] / b['wall']:.2f}  "
            f"memory: {a['peak_mb'] / b['peak_mb']:.2f}",
            flush=True,
        )
        if rel > 1e-6:
            print(f"{hours:>6} WARNING: objectives differ by more than 1e-6", flush=True)
    if args.default_scenario:
        runs = [spawn("default", 0) for _ in range(args.runs)]
        m = median_of(runs)
        print(
            "default scenario (multi-year, representative days): "
            + ", ".join(f"{k} {v:.2f}" for k, v in m.items() if isinstance(v, float))
        )


if __name__ == "__main__":
    main()
