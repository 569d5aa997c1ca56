"""Deep decarbonisation with hydrogen and CCUS: what enters, and the CO2 and hydrogen flows.

Shows a scenario in which hydrogen (electrolysers, SMR, by-product hydrogen, fuel cells)
and CCUS (coal CCS retrofits, BECCS, capture at cement and steel plants, storage and use)
compete with renewables and storage under a falling power-sector CO2 cap and a rising
carbon price (``scenarios/hunan_deep_decarbonisation.yaml``). It prints hydrogen production
and captured CO2 by technology, draws the flow figures, and exports the run as an IAMC
table (the format pyam and IPCC-style databases read).

Usage::

    python examples/06_hydrogen_ccus.py [OUT_DIR]     # default out/06_hydrogen_ccus

Writes ``results.nc``, ``hydrogen_flows.png``, ``co2_flows.png`` and ``iamc.csv`` to
OUT_DIR. ``LCS_EXAMPLE_FAST=1``: a coarse, quick run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import lowcarbon_sim as lcs
from lowcarbon_sim.export import write_iamc
from lowcarbon_sim.plots import plot_co2_flows, plot_hydrogen_flows, save_figure

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}


def _listing(values, floor: float = 1e-3) -> str:
    """The entries of a pandas Series above ``floor``, one per line ("  none" if empty)."""
    kept = values[values > floor].round(2)
    return "\n".join(f"  {k}: {v}" for k, v in kept.items()) or "  none"


def main(out: Path) -> None:
    overrides = FAST if os.environ.get("LCS_EXAMPLE_FAST") == "1" else {}
    results = lcs.run(ROOT / "scenarios" / "hunan_deep_decarbonisation.yaml", overrides=overrides)
    out.mkdir(parents=True, exist_ok=True)
    results.to_netcdf(out / "results.nc")
    save_figure(plot_hydrogen_flows(results), out / "hydrogen_flows.png")
    save_figure(plot_co2_flows(results), out / "co2_flows.png")
    write_iamc(results, out / "iamc.csv")

    ds = results.dataset
    year = int(ds["year"].values[-1])
    h2 = ds["hydrogen_production"].sel(year=year).to_series() / 1e3  # t -> kt H2
    co2 = ds["captured_co2"].sel(year=year).to_series() / 1e6  # t -> Mt CO2
    industry = ds["captured_co2_industry"].sel(year=year).to_series() / 1e6
    print(f"Hydrogen production in {year}, kt H2:\n{_listing(h2)}")
    print(f"CO2 captured at power and hydrogen plants in {year}, Mt:\n{_listing(co2)}")
    print(f"CO2 captured at industrial sources in {year}, Mt:\n{_listing(industry)}")
    stored, used = (float(ds[v].sel(year=year)) / 1e6 for v in ("co2_stored", "co2_used"))
    print(f"stored {stored:.2f} Mt, used {used:.2f} Mt (the CO2 balance closes every year)")
    power = float(ds["emissions_power"].sel(year=year)) / 1e6
    print(f"power-sector CO2 in {year}: {power:.1f} Mt; results and figures in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "06_hydrogen_ccus")
