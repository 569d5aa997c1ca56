"""Run a small ensemble over uncertain inputs: how robust is the emission peak?

Shows :func:`lowcarbon_sim.run_ensemble` on ``scenarios/hunan_uncertainty.yaml``, whose
``uncertainty:`` section declares distributions for demand growth, wind and solar capex,
the coal price and the 2030 carbon price. Members are Latin hypercube samples solved in
parallel on a local Dask cluster; the combined results give the distribution of the peak
year and level, the probability of meeting each target, and which inputs drive them.

Usage::

    python examples/05_ensemble.py [OUT_DIR]     # default out/05_ensemble

Writes ``ensemble.nc`` (all members), ``summary_*.csv``, ``fan_chart.png`` and
``peak_years.png`` to OUT_DIR. ``LCS_EXAMPLE_FAST=1``: 3 members, coarse runs, in this
process (no Dask cluster). Rerunning resumes: members already solved are not solved again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import lowcarbon_sim as lcs
from lowcarbon_sim.ensemble.plots import fan_chart, peak_year_histogram
from lowcarbon_sim.ensemble.summary import write_summary
from lowcarbon_sim.plots import save_figure

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}


def main(out: Path) -> None:
    fast = os.environ.get("LCS_EXAMPLE_FAST") == "1"
    # --8<-- [start:run]
    ensemble = lcs.run_ensemble(
        ROOT / "scenarios" / "hunan_uncertainty.yaml",
        samples=3 if fast else 16,
        overrides=FAST if fast else None,
        out_dir=out,
        # "synchronous" runs the members one after another here; workers=2 starts Dask
        scheduler="synchronous" if fast else None,
        workers=1 if fast else 2,
        progress=not fast,
    )
    write_summary(ensemble.dataset, out)
    save_figure(fan_chart(ensemble.dataset), out / "fan_chart.png")
    save_figure(peak_year_histogram(ensemble.dataset), out / "peak_years.png")
    print(ensemble)
    print(ensemble.summary_text())
    # --8<-- [end:run]


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "05_ensemble")
