"""Sweep the carbon price and draw the province's marginal abatement cost (MAC) curve.

Shows :func:`lowcarbon_sim.run_sweep`: the baseline, with coal dispatched on merit (its
guaranteed base hours removed, as in ``scenarios/hunan_co2_cap.yaml``, so that a price can
move it), is solved once per carbon price (``policy.co2_price``, yuan/t CO2, the same in
every decision year), in parallel on a local Dask cluster. The combined results give, per
price, the emissions, the abatement against the no-price run and its cost (the MAC curve),
and which options move at each step.

Usage::

    python examples/03_carbon_price_sweep.py [OUT_DIR]     # default out/03_sweep

Writes ``sweep.nc`` (all members), ``mac_curve.csv``, ``mac_options.csv`` and
``mac_curve.png`` to OUT_DIR. ``LCS_EXAMPLE_FAST=1``: three prices, coarse runs, in this
process (no Dask cluster).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import lowcarbon_sim as lcs
from lowcarbon_sim.ensemble.plots import mac_plot
from lowcarbon_sim.plots import save_figure

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}


def main(out: Path) -> None:
    fast = os.environ.get("LCS_EXAMPLE_FAST") == "1"
    prices = [0, 100, 300] if fast else [0, 50, 100, 150, 200, 300, 400]  # yuan/t CO2
    overrides = {**(FAST if fast else {})}  # the default data has no coal-hours floor
    sweep = lcs.run_sweep(
        ROOT / "scenarios" / "hunan_baseline.yaml",
        key="policy.co2_price",
        values=prices,
        overrides=overrides,
        out_dir=out,
        # "synchronous" runs the members one after another here; workers=2 starts Dask
        scheduler="synchronous" if fast else None,
        workers=1 if fast else 2,
        progress=False,
        resume=False,
    )
    curve = sweep.mac_curve()
    curve.to_csv(out / "mac_curve.csv", index=False)
    sweep.mac_options().to_csv(out / "mac_options.csv", index=False)
    save_figure(mac_plot(curve), out / "mac_curve.png")

    print(f"{sweep.n_ok} of {len(sweep.members)} prices solved; combined file {sweep.path}")
    table = curve[["price", "emissions", "abatement"]].copy()
    table[["emissions", "abatement"]] /= 1e6  # t -> Mt, summed over the modelled years
    print("price [yuan/t]  emissions [Mt]  abatement [Mt]  (cumulative over the modelled years)")
    for row in table.itertuples(index=False):
        print(f"{row.price:14.0f}  {row.emissions:14.1f}  {row.abatement:14.1f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "03_sweep")
