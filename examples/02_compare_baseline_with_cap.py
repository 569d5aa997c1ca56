"""Compare the Hunan baseline with a CO2-cap path on the power sector.

Shows how to solve two scenarios and put them side by side: one comparison figure
(emissions, carbon price, cost, capacity and generation mix), a comparison table (CSV and
Markdown) with the peak, the targets and the cost of each, and what the cap changes in
2030. The cap scenario (``scenarios/hunan_co2_cap.yaml``) inherits everything from the
baseline with ``extends:`` and adds a cap falling from 22 Mt (2026) to 18 Mt (2030).

Usage::

    python examples/02_compare_baseline_with_cap.py [OUT_DIR]     # default out/02_compare

Writes ``baseline.nc``, ``cap.nc``, ``comparison.png``, ``comparison.csv`` and
``comparison.md`` to OUT_DIR. ``LCS_EXAMPLE_FAST=1``: coarse, quick runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import lowcarbon_sim as lcs
from lowcarbon_sim.report import write_comparison

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}


def main(out: Path) -> None:
    overrides = FAST if os.environ.get("LCS_EXAMPLE_FAST") == "1" else {}
    out.mkdir(parents=True, exist_ok=True)
    runs, scenarios = {}, {}
    for label, file in (("baseline", "hunan_baseline.yaml"), ("cap", "hunan_co2_cap.yaml")):
        scenarios[label] = lcs.load_scenario(ROOT / "scenarios" / file, overrides=overrides)
        runs[label] = lcs.run(scenarios[label])
        runs[label].to_netcdf(out / f"{label}.nc")

    written = write_comparison(list(runs.values()), out, names=list(runs))
    base, cap = (runs[k].dataset for k in ("baseline", "cap"))
    year = int(base["year"].values[-1])
    print(f"Power-sector CO2 in {year}, Mt:")
    for label, ds in (("baseline", base), ("cap", cap)):
        power = float(ds["emissions_power"].sel(year=year)) / 1e6
        shadow = float(ds["co2_shadow_price"].sel(year=year))
        print(f"  {label:9s} {power:6.1f}   CO2 shadow price {shadow:7.1f} yuan/t")
    gen = (cap["generation"] - base["generation"]).sel(year=year) / 1e6  # MWh -> TWh
    moved = gen.to_series()
    moved = moved[moved.abs() > 0.05].sort_values()
    print(f"Generation moved by the cap in {year}, TWh:\n{moved.round(2).to_string()}")
    diff = float((cap["total_cost"] - base["total_cost"]).sum()) / 1e9
    # the cap scenario also drops coal's guaranteed base hours, which saves cost by itself
    print(f"System cost, cap minus baseline, over the horizon: {diff:+.2f} bn yuan")
    print(f"  (cap scenario: {' '.join(scenarios['cap'].description.split())})")
    print("Wrote", ", ".join(p.name for p in written))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "02_compare")
