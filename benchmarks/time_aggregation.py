"""Aggregation error report: representative days against the full 8760 hours on one year.

The system is the Hunan baseline (packaged data, sector modules on) reduced to one decision
year, 2030: the existing 2030 fleet is fixed and the model builds what 2030 needs in that one
year, so the per-year build limits (``build_max``, MW/yr) are lifted; resource limits
(``capacity_max``), the reserve margin, full-load-hour limits and all costs stay as in the
baseline. The same system is solved with N representative days (tsam clustering with the
peak day as an extreme period, long storage linked across days; the library's defaults) and
with all 8760 hours, and the results are compared with the 8760-hour solution.

Each case runs in this process, one after the other; wall time is load + sector modules +
inputs (incl. clustering) + model build + solve + extraction. Usage::

    python benchmarks/time_aggregation.py                        # N = 4 8 12 24 48 and 8760 h
    python benchmarks/time_aggregation.py --days 4 12 --no-full  # quick look, no 8760-h solve
    python benchmarks/time_aggregation.py --replot out/time_aggregation/cases.json

Writes ``OUT/cases.json`` (raw results per case), ``OUT/summary.csv`` (the table) and the
figure ``docs/img/time_aggregation.png``; prints the table as Markdown.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "hunan_baseline.yaml"
YEAR = 2030
FULL = "8760 h"


def overrides(case: str) -> dict:
    """Scenario overrides of one case: ``"N"`` representative days or ``FULL``."""
    import lowcarbon_sim as lcs

    base = lcs.load_scenario(SCENARIO)
    # one decision year stands for the whole build-out: no per-year build limits
    unlimited = {
        f"power.techs.{name}.build_max": None
        for name, tech in base.power.techs.items()
        if tech.build_max is not None
    }
    time_keys = (
        {"time.mode": "full_year"}
        if case == FULL
        else {"time.mode": "representative_days", "time.days": int(case)}
    )
    return {**unlimited, "years.first": YEAR, "years.last": YEAR, **time_keys}


def solve_case(case: str) -> dict:
    """Solve one case and return its figures (MW, MWh, t CO2, yuan, s)."""
    import numpy as np

    import lowcarbon_sim as lcs
    from lowcarbon_sim.technology import tech_class

    t0 = time.perf_counter()
    scenario = lcs.load_scenario(SCENARIO, overrides=overrides(case))
    results = lcs.run(scenario)
    wall = time.perf_counter() - t0
    ds = results.dataset.sel(year=YEAR)
    techs = [str(t) for t in ds["tech"].values]
    cls = [str(c) for c in results.inputs["tech_class"].values]
    storage = [t for t, c in zip(techs, cls, strict=True) if tech_class(c).is_storage]
    a = ds.attrs
    return {
        "case": case,
        "timesteps": int(results.inputs.sizes["timestep"]),
        "objective": float(a["objective"]),
        "total_cost": float(ds["total_cost"]),
        "emissions_power": float(ds["emissions"].sel(sector="power")),
        "capacity": {t: float(ds["capacity"].sel(tech=t)) for t in techs},
        "new_capacity": {t: float(ds["new_capacity"].sel(tech=t)) for t in techs},
        "generation": {t: float(ds["generation"].sel(tech=t)) for t in techs},
        "storage_charge": {t: float(ds["storage_charge"].sel(tech=t)) for t in storage},
        "storage_discharge": {t: float(ds["generation"].sel(tech=t)) for t in storage},
        "load_shedding": float(ds["load_shedding_energy"]),
        "peak_demand_modelled": float(np.max(results.inputs["demand"].sel(year=YEAR).values)),
        "wall_s": wall,
        "solve_s": float(a.get("seconds_solver_solve", np.nan)),
        "build_s": float(a.get("seconds_build", np.nan)),
        "inputs_s": float(a.get("seconds_inputs", np.nan)),
    }


def pct(value: float, ref: float) -> float:
    return 100.0 * (value - ref) / ref if ref else float("nan")


def summary(cases: list[dict]):
    """One row per case: figures and errors against the 8760-hour case (%, or % of total)."""
    import pandas as pd

    ref = next((c for c in cases if c["case"] == FULL), None)
    rows = []
    for c in cases:
        new = c["new_capacity"]
        row = {
            "case": c["case"] if c["case"] == FULL else f"{c['case']} days",
            "timesteps": c["timesteps"],
            "objective_bn_yuan": c["objective"] / 1e9,
            "cost_2030_bn_yuan": c["total_cost"] / 1e9,
            "power_co2_mt": c["emissions_power"] / 1e6,
            "storage_discharge_twh": sum(c["storage_discharge"].values()) / 1e6,
            "load_shedding_gwh": c["load_shedding"] / 1e3,
            "wall_s": c["wall_s"],
            "solve_s": c["solve_s"],
        }
        for t, v in new.items():
            if ref is not None and (v > 1.0 or ref["new_capacity"].get(t, 0.0) > 1.0):
                row[f"new_{t}_gw"] = v / 1e3
            elif ref is None and v > 1.0:
                row[f"new_{t}_gw"] = v / 1e3
        if ref is not None:
            row["objective_err_pct"] = pct(c["objective"], ref["objective"])
            row["co2_err_pct"] = pct(c["emissions_power"], ref["emissions_power"])
            ref_new = ref["new_capacity"]
            total = sum(ref_new.values())
            dev = sum(abs(new.get(t, 0.0) - v) for t, v in ref_new.items())
            # capacity error: sum over techs of |new build - 8760-h new build| / 8760-h total
            row["new_capacity_err_pct"] = 100.0 * dev / total if total else float("nan")
            row["storage_err_pct"] = pct(
                sum(c["storage_discharge"].values()), sum(ref["storage_discharge"].values())
            )
        rows.append(row)
    frame = pd.DataFrame(rows).fillna({k: 0.0 for k in rows[0] if k.startswith("new_")})
    new_cols = sorted(k for k in frame.columns if k.startswith("new_") and k.endswith("_gw"))
    frame[new_cols] = frame[new_cols].fillna(0.0)
    return frame


def markdown(frame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in frame.itertuples(index=False):
        cells = []
        for v in r:
            if isinstance(v, float):
                cells.append(f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}")
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def figure(cases: list[dict], frame, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    days = [c for c in cases if c["case"] != FULL]
    n = np.array([int(c["case"]) for c in days])
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0, 0]
    if "objective_err_pct" in frame:
        sub = frame[frame["case"] != FULL]
        for col, label, marker in (
            ("objective_err_pct", "objective", "o"),
            ("co2_err_pct", "power-sector CO2", "s"),
            ("new_capacity_err_pct", "new capacity (sum |dev| / total)", "^"),
            ("storage_err_pct", "storage discharge", "v"),
        ):
            ax.plot(n, sub[col].to_numpy(), marker=marker, label=label)
        ax.axhline(0.0, color="k", lw=0.8)
        ax.set_ylabel("error against 8760 h, %")
        ax.legend(fontsize=8)
    ax.set_xscale("log")
    ax.set_xticks(n, [str(v) for v in n])
    ax.set_xticks([], minor=True)
    ax.set_xlabel("representative days")
    ax.set_title("(a) error against the full year")

    ax = axes[0, 1]
    new_cols = [c for c in frame.columns if c.startswith("new_") and c.endswith("_gw")]
    bottom = np.zeros(len(frame))
    for col in new_cols:
        vals = frame[col].to_numpy()
        ax.bar(frame["case"], vals, bottom=bottom, label=col[4:-3])
        bottom += vals
    ax.set_ylabel("new capacity in 2030, GW")
    ax.set_title("(b) capacity built")
    ax.tick_params(axis="x", rotation=30)
    ax.legend(fontsize=7, ncol=2)

    ax = axes[1, 0]
    ax.bar(frame["case"], frame["storage_discharge_twh"], color="#1b3f8b")
    ax.set_ylabel("storage discharge, TWh/yr")
    ax.set_title("(c) storage use")
    ax.tick_params(axis="x", rotation=30)

    ax = axes[1, 1]
    ax.bar(
        frame["case"],
        frame["wall_s"],
        color="#7f7f7f",
        label="wall (load to results; the first case also imports)",
    )
    ax.bar(frame["case"], frame["solve_s"], color="#e6a532", label="HiGHS solve")
    ax.set_yscale("log")
    ax.set_ylabel("time, s")
    ax.set_title("(d) run time (2-core shared machine)")
    ax.tick_params(axis="x", rotation=30)
    ax.legend(fontsize=8)

    fig.suptitle(f"Hunan {YEAR}, one decision year: representative days against 8760 hours")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--days", type=int, nargs="+", default=[4, 8, 12, 24, 48])
    p.add_argument("--no-full", action="store_true", help="skip the 8760-hour solve")
    p.add_argument("--out", default=str(ROOT / "out" / "time_aggregation"))
    p.add_argument("--figure", default=str(ROOT / "docs" / "img" / "time_aggregation.png"))
    p.add_argument("--replot", metavar="CASES_JSON", help="redo table and figure, no solving")
    args = p.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.replot:
        cases = json.loads(Path(args.replot).read_text())
    else:
        cases = []
        todo = [str(d) for d in args.days] + ([] if args.no_full else [FULL])
        for case in todo:
            print(f"solving {case} ...", file=sys.stderr, flush=True)
            cases.append(solve_case(case))
            c = cases[-1]
            print(
                f"  {c['timesteps']} time steps, objective {c['objective']:.6g} yuan, "
                f"wall {c['wall_s']:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            (out / "cases.json").write_text(json.dumps(cases, indent=1))
    frame = summary(cases)
    frame.to_csv(out / "summary.csv", index=False)
    figure(cases, frame, Path(args.figure))
    print(markdown(frame))
    print(f"\nwrote {out / 'cases.json'}, {out / 'summary.csv'} and {args.figure}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
