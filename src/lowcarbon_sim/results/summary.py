"""Summary tables of a results Dataset (text for the terminal, CSV and Markdown)."""

from __future__ import annotations

import numpy as np
import xarray as xr


def pick_years(ds: xr.Dataset, years: list[int] | None) -> list[int]:
    """The years of ``ds`` to tabulate: ``years`` (those present), or by default the first,
    the last historical, 2025 and the last year."""
    all_years = [int(y) for y in ds["year"].values]
    if years:
        return [y for y in years if y in all_years]
    picks = {all_years[0], all_years[-1]}
    last_hist = ds.attrs.get("last_historical_year")
    if last_hist in all_years:
        picks.add(int(last_hist))
    mid = 2025
    if mid in all_years:
        picks.add(mid)
    return sorted(picks)


def summary_rows(
    ds: xr.Dataset, years: list[int] | None = None
) -> list[tuple[str, str, list[float]]]:
    """Rows ``(label, unit, values per year)`` of the key figures for ``years``."""
    years = pick_years(ds, years)
    sel = ds.sel(year=years)
    rows: list[tuple[str, str, list[float]]] = []
    for tech in ds["tech"].values:
        rows.append((f"capacity {tech}", "GW", list(sel["capacity"].sel(tech=tech).values / 1e3)))
    for tech in ds["tech"].values:
        rows.append(
            (f"generation {tech}", "TWh", list(sel["generation"].sel(tech=tech).values / 1e6))
        )
    rows.append(("demand", "TWh", list(sel["annual_demand"].values / 1e6)))
    rows += _hydrogen_and_ccus_rows(sel)
    rows.append(("load shedding", "TWh", list(sel["load_shedding_energy"].values / 1e6)))
    rows.append(("CO2 power sector", "Mt", list(sel["emissions_power"].values / 1e6)))
    if "total_emissions" in ds:
        rows.append(("CO2 province", "Mt", list(sel["total_emissions"].values / 1e6)))
    rows.append(("CO2 price", "yuan/t", list(sel["co2_price"].values)))
    rows.append(("system cost", "bn yuan", list(sel["total_cost"].values / 1e9)))
    return rows


def _hydrogen_and_ccus_rows(sel: xr.Dataset) -> list[tuple[str, str, list[float]]]:
    """Hydrogen made by technology and CO2 captured, stored and used (when present)."""
    rows: list[tuple[str, str, list[float]]] = []
    if "hydrogen_demand" in sel:
        rows.append(("hydrogen demand", "kt H2", list(sel["hydrogen_demand"].values / 1e3)))
    by_item = (
        ("hydrogen_production", "tech", "hydrogen from {}", "kt H2", 1e3),
        ("captured_co2", "tech", "CO2 captured by {}", "Mt", 1e6),
        ("captured_co2_industry", "co2_source", "CO2 captured at {}", "Mt", 1e6),
    )
    for name, dim, label, unit, scale in by_item:
        if name not in sel:
            continue
        for item in sel[dim].values:
            values = sel[name].sel({dim: item}).values / scale
            if np.any(values > 5e-4):
                rows.append((label.format(item), unit, list(values)))
    for name, label in (("co2_stored", "CO2 stored"), ("co2_used", "CO2 used")):
        if name in sel and np.any(sel[name].values > 5e2):
            rows.append((label, "Mt", list(sel[name].values / 1e6)))
    return rows


def summary_table(ds: xr.Dataset, years: list[int] | None = None) -> str:
    """The key figures as an aligned text table (rows that are zero throughout omitted)."""
    years = pick_years(ds, years)
    rows = [
        r
        for r in summary_rows(ds, years)
        if np.any(np.abs(r[2]) > 5e-4) or not r[0].startswith(("capacity", "generation"))
    ]
    width = max(len(f"{label} [{unit}]") for label, unit, _ in rows)
    head = " " * width + "".join(f"{y:>10d}" for y in years)
    lines = [f"Scenario: {ds.attrs.get('scenario', '')}", head]
    for label, unit, values in rows:
        name = f"{label} [{unit}]"
        lines.append(name.ljust(width) + "".join(f"{v:>10.2f}" for v in values))
    if "peak_year" in ds.attrs:
        lines.append(f"Peak of emissions: {ds.attrs['peak_year']}")
    if "target" in ds.dims:
        for t in ds["target"].values:
            met = bool(ds["target_met"].sel(target=t))
            lines.append(
                f"Target {t}: {'met' if met else 'MISSED'} "
                f"(value {float(ds['target_value'].sel(target=t)):.4g}, "
                f"threshold {float(ds['target_threshold'].sel(target=t)):.4g})"
            )
    return "\n".join(lines)


def summary_csv(ds: xr.Dataset, years: list[int] | None = None) -> str:
    """The summary rows as CSV text with columns label, unit and one per year."""
    years = pick_years(ds, years)
    lines = ["label,unit," + ",".join(str(y) for y in years)]
    for label, unit, values in summary_rows(ds, years):
        lines.append(f"{label},{unit}," + ",".join(f"{v:.6g}" for v in values))
    return "\n".join(lines) + "\n"
