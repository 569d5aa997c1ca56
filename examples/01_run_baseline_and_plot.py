"""Run the Hunan baseline, save the results and draw every figure.

Shows the basic loop of lowcarbon-sim: load a scenario, solve it, keep the results as a
NetCDF file (units in every variable's attrs), print the summary with the target checks,
and write the figures (capacity and generation mix, emissions with the peak, dispatch of
the peak week, storage, carbon price) and a self-contained HTML report.

Usage::

    python examples/01_run_baseline_and_plot.py [OUT_DIR]     # default out/01_baseline

Writes ``results.nc``, ``summary.txt``, ``report.html`` and ``figures/*.png`` to OUT_DIR.
Set ``LCS_EXAMPLE_FAST=1`` for a coarse, quick run (``time.days: 2``: one day a month and
the two kept days; 5 milestone years) as the tests do; the full baseline takes 30-70 s.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import lowcarbon_sim as lcs
from lowcarbon_sim.plots import save_all
from lowcarbon_sim.report import write_html_report

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}


def main(out: Path) -> None:
    overrides = FAST if os.environ.get("LCS_EXAMPLE_FAST") == "1" else {}
    scenario = lcs.load_scenario(ROOT / "scenarios" / "hunan_baseline.yaml", overrides=overrides)
    results = lcs.run(scenario, progress=print)

    out.mkdir(parents=True, exist_ok=True)
    results.to_netcdf(out / "results.nc")
    summary = results.summary()
    (out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    figures = save_all(results, out / "figures", formats=("png",))
    write_html_report(results, out / "report.html")

    print(summary)
    ds = results.dataset
    print(
        f"\nPeak of province CO2: {ds.attrs['peak_year']} at "
        f"{ds.attrs['peak_emissions'] / 1e6:.1f} Mt CO2; "
        f"{len(figures)} figures in {out / 'figures'}; report {out / 'report.html'}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "01_baseline")
