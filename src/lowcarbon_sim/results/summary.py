"""Summary tables of a results Dataset (text for the terminal, CSV and Markdown)."""

from __future__ import annotations

import csv
import io

import numpy as np
import xarray as xr

from lowcarbon_sim.results.io import spreadsheet_text
from lowcarbon_sim.units import to_display


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
        rows.append(_row(f"capacity {tech}", sel["capacity"].sel(tech=tech).values, "MW"))
    for tech in ds["tech"].values:
        rows.append(_row(f"generation {tech}", sel["generation"].sel(tech=tech).values, "MWh"))
    rows.append(_row("demand", sel["annual_demand"].values, "MWh"))
    rows += _hydrogen_and_ccus_rows(sel)
    rows.append(_row("load shedding", sel["load_shedding_energy"].values, "MWh"))
    rows.append(_row("CO2 power sector", sel["emissions_power"].values, "t CO2", "Mt"))
    if "total_emissions" in ds:
        rows.append(_row("CO2 province", sel["total_emissions"].values, "t CO2", "Mt"))
    rows.append(("CO2 price", "yuan/t", list(sel["co2_price"].values)))
    rows.append(_row("system cost", sel["total_cost"].values, "yuan"))
    return rows


def _row(
    label: str, values: np.ndarray, unit: str, shown: str | None = None
) -> tuple[str, str, list[float]]:
    """A summary row of ``values`` (in the model's ``unit``) in their display unit."""
    scaled, shown = to_display(values, unit, shown)
    return label, shown, list(scaled)


def _hydrogen_and_ccus_rows(sel: xr.Dataset) -> list[tuple[str, str, list[float]]]:
    """Hydrogen made by technology and CO2 captured, stored and used (when present)."""
    rows: list[tuple[str, str, list[float]]] = []
    if "hydrogen_demand" in sel:
        rows.append(_row("hydrogen demand", sel["hydrogen_demand"].values, "t H2"))
    by_item = (
        ("hydrogen_production", "tech", "hydrogen from {}", "t H2", None),
        ("captured_co2", "tech", "CO2 captured by {}", "t CO2", "Mt"),
        ("captured_co2_industry", "co2_source", "CO2 captured at {}", "t CO2", "Mt"),
    )
    for name, dim, label, unit, shown in by_item:
        if name not in sel:
            continue
        for item in sel[dim].values:
            row = _row(label.format(item), sel[name].sel({dim: item}).values, unit, shown)
            if np.any(np.asarray(row[2]) > 5e-4):
                rows.append(row)
    for name, label in (("co2_stored", "CO2 stored"), ("co2_used", "CO2 used")):
        if name in sel and np.any(sel[name].values > 5e2):
            rows.append(_row(label, sel[name].values, "t CO2", "Mt"))
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
        a = ds.attrs
        text = f"Peak of emissions: {a['peak_year']}"
        if "peak_year_all" in a and "peak_year_decision" in a:
            text += (
                f" (decision years, 1 % plateau{'' if a.get('peaked', 1) else '; not yet'});"
                f" over all years {a['peak_year_all']}"
            )
        lines.append(text)
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
    """The summary rows as CSV text with columns label, unit and one per year (labels quoted
    as CSV needs and neutralised for spreadsheets: they carry technology names)."""
    years = pick_years(ds, years)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["label", "unit", *years])
    for label, unit, values in summary_rows(ds, years):
        writer.writerow(
            [spreadsheet_text(label), spreadsheet_text(unit), *(f"{v:.6g}" for v in values)]
        )
    return out.getvalue()
