"""Summary tables of a results Dataset (text for the terminal, CSV and Markdown)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

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
    for key in ("peak_year_decision", "peak_year"):
        # the reported peak year is visible in the table
        peak = ds.attrs.get(key)
        if peak is not None and int(peak) in all_years:
            picks.add(int(peak))
            break
    return sorted(picks)


def summary_rows(
    ds: xr.Dataset, years: list[int] | None = None
) -> list[tuple[str, str, list[float]]]:
    """Rows ``(label, unit, values per year)`` of the key figures for ``years``."""
    years = pick_years(ds, years)
    sel = ds.sel(year=years)
    rows: list[tuple[str, str, list[float]]] = []
    for tech, v in _by_item(sel["capacity"], "tech"):
        rows.append(_row(f"capacity {tech}", v, "MW"))
    for tech, v in _by_item(sel["generation"], "tech"):
        rows.append(_row(f"generation {tech}", v, "MWh"))
    rows += _operation_rows(sel)
    rows.append(_row("demand", sel["annual_demand"].values, "MWh"))
    rows += _hydrogen_and_ccus_rows(sel)
    rows.append(_row("load shedding", sel["load_shedding_energy"].values, "MWh"))
    rows.append(_row("CO2 power sector", sel["emissions_power"].values, "t CO2", "Mt"))
    if "total_emissions" in ds:
        rows.append(_row("CO2 province", sel["total_emissions"].values, "t CO2", "Mt"))
    rows.append(("CO2 price", "yuan/t", list(sel["co2_price"].values)))
    rows.append(_row("system cost", sel["total_cost"].values, "yuan"))
    return rows


def _by_item(da: xr.DataArray, dim: str) -> list[tuple[object, np.ndarray]]:
    """``(item, da.sel({dim: item}).values)`` for each item of ``dim``, from one transpose
    (a ``.sel`` per item costs about 1 ms: 0.1 CPU-s for a summary of 34 technologies)."""
    return list(zip(da[dim].values, da.transpose(dim, ...).values, strict=True))


def _row(
    label: str, values: np.ndarray, unit: str, shown: str | None = None
) -> tuple[str, str, list[float]]:
    """A summary row of ``values`` (in the model's ``unit``) in their display unit."""
    scaled, shown = to_display(values, unit, shown)
    return label, shown, list(scaled)


def _operation_rows(sel: xr.Dataset) -> list[tuple[str, str, list[float]]]:
    """Equivalent full cycles of each store and capacity built only for the reserve margin
    (``storage_cycles``, ``reserve_only``; rows that are zero or absent throughout left out)."""
    rows: list[tuple[str, str, list[float]]] = []
    if "storage_cycles" in sel:
        for tech, cycles in _by_item(sel["storage_cycles"], "tech"):
            v = np.nan_to_num(cycles)
            if np.any(v > 0.5):
                rows.append((f"storage cycles {tech}", "1/yr", list(v)))
    if "reserve_only" in sel:
        capacity = _by_item(sel["capacity"], "tech")
        only = _by_item(sel["reserve_only"], "tech")
        for (tech, cap), (_, share) in zip(capacity, only, strict=True):
            v = cap * share
            if np.any(v > 0):
                rows.append(_row(f"reserve-only capacity {tech}", v, "MW"))
    return rows


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
        for item, values in _by_item(sel[name], dim):
            row = _row(label.format(item), values, unit, shown)
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
    if "policy_target" in ds.coords:  # the targets in the LP: sources, margins and prices
        from lowcarbon_sim.results.scorecard import scorecard_lines

        lines.extend(scorecard_lines(ds))
    return "\n".join(lines)


def summary_csv(ds: xr.Dataset, years: list[int] | None = None) -> str:
    """The summary rows as CSV text with columns label, unit and one per year, every modelled
    year by default (labels quoted as CSV needs and neutralised for spreadsheets: they carry
    technology names)."""
    years = pick_years(ds, years or [int(y) for y in ds["year"].values])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["label", "unit", *years])
    for label, unit, values in summary_rows(ds, years):
        writer.writerow(
            [spreadsheet_text(label), spreadsheet_text(unit), *(f"{v:.6g}" for v in values)]
        )
    return out.getvalue()


# --------------------------------------------------------------------------------------
# indicators: the planner's tables (report, workbook), in model units


@dataclass(frozen=True)
class Indicator:
    """One row of a planner's table, in model units.

    ``section`` groups rows (``capacity``, ``generation``, ``balance``, ``hydrogen``,
    ``emissions``, ``prices``, ``operation``); ``name`` says what it is (``capacity``,
    ``full_load_hours``, ...), ``item`` for which technology or sector (``""`` for none),
    ``unit`` the model unit (``"1"``: a fraction), ``values`` one per year of ``years``.
    """

    section: str
    name: str
    item: str
    unit: str
    values: np.ndarray


def _weights(ds: xr.Dataset) -> xr.DataArray:
    return ds["timestep_weight"] if "timestep_weight" in ds else xr.ones_like(ds["timestep"])


def _in_service(ds: xr.Dataset) -> xr.DataArray:
    """Capacity in service on average over each year, MW (the twin of
    ``model.extract_operation.capacity_in_service``, kept here so that reading results does
    not import the model package)."""
    return ds["operating_capacity"] if "operating_capacity" in ds else ds["capacity"]


def reserve_margin(ds: xr.Dataset, inputs: xr.Dataset | None) -> xr.DataArray | None:
    """Achieved planning reserve margin by year: firm capacity (capacity times capacity
    credit, firm classes of the technology table) over peak demand, minus one; ``None``
    without the model inputs (``capacity_credit``) or ``peak_demand``."""
    from lowcarbon_sim.technology import class_attribute

    if inputs is None or "capacity_credit" not in inputs or "peak_demand" not in ds:
        return None
    firm = xr.DataArray(
        np.array(class_attribute(ds["tech_class"].values, "firm", default=False), dtype=float),
        coords={"tech": ds["tech"]},
    )
    credit = inputs["capacity_credit"].reindex(tech=ds["tech"]).fillna(0.0)
    # the capacity in service, as the model's reserve margin counts it
    firm_mw = (_in_service(ds) * credit * firm).sum("tech")
    return firm_mw / ds["peak_demand"].where(ds["peak_demand"] > 0) - 1.0


def indicators(
    ds: xr.Dataset, inputs: xr.Dataset | None = None, years: list[int] | None = None
) -> list[Indicator]:
    """The planner's key figures by year (every year by default), in model units.

    Capacity (MW) and electricity supply (MWh) by technology, demand, peak demand,
    curtailment (MWh and share of available wind and solar), load shedding, full-load hours
    (h) by generating technology, reserve margin (needs ``inputs``), hydrogen demand
    (t H2), emissions by sector and in total (t CO2), non-fossil share of primary energy
    (the results' counting method), primary energy (MWh), carbon price (yuan/t CO2),
    demand-weighted average and peak hourly electricity price (yuan/MWh) and system cost
    (yuan). Rows that are zero in every year are kept: hiding is the reader's choice.
    """
    from lowcarbon_sim.technology import class_attribute

    ys = [int(y) for y in ds["year"].values] if not years else years
    sel = ds.sel(year=ys)
    rows: list[Indicator] = []

    def add(section: str, name: str, item: str, unit: str, values) -> None:
        rows.append(Indicator(section, name, item, unit, np.asarray(values, dtype=float)))

    for t in sel["tech"].values:
        add("capacity", "capacity", str(t), "MW", sel["capacity"].sel(tech=t).values)
    for t in sel["tech"].values:
        add("generation", "generation", str(t), "MWh", sel["generation"].sel(tech=t).values)
    for name, var, unit in (
        ("demand", "annual_demand", "MWh"),
        ("peak_demand", "peak_demand", "MW"),
        ("load_shedding", "load_shedding_energy", "MWh"),
    ):
        if var in sel:
            add("balance", name, "", unit, sel[var].values)
    if "curtailment" in sel:
        add("balance", "curtailment", "", "MWh", sel["curtailment"].sum("tech").values)
    if "curtailment_rate" in sel:
        add("balance", "curtailment_rate", "", "1", sel["curtailment_rate"].values)
    margin = reserve_margin(sel, inputs)
    if margin is not None:
        add("balance", "reserve_margin", "", "1", margin.values)
    # over the capacity in service on average (the CEC's basis), as results.full_load_hours
    hours = sel["generation"] / _in_service(sel).where(sel["capacity"] > 1e-6)
    storage = class_attribute(sel["tech_class"].values, "is_storage", default=False)
    for t, is_storage in zip(sel["tech"].values, storage, strict=True):
        # a store's "full-load hours" would count its discharge only: left out
        if not is_storage and float(sel["generation"].sel(tech=t).sum()) > 0:
            add("operation", "full_load_hours", str(t), "h", hours.sel(tech=t).values)
    for name, unit in (("storage_cycles", "1/yr"), ("reserve_only", "1")):
        # equivalent full cycles of each store; capacity kept for the reserve margin only
        for t in sel[name]["tech"].values if name in sel else []:
            v = sel[name].sel(tech=t).values
            if np.nansum(v) > 0:
                add("operation", name, str(t), unit, v)
    if "hydrogen_demand" in sel:
        add("hydrogen", "hydrogen_demand", "", "t H2", sel["hydrogen_demand"].values)
    if "hydrogen_production" in sel:
        for t in sel["tech"].values:
            if t in sel["hydrogen_production"]["tech"].values:
                v = sel["hydrogen_production"].sel(tech=t).values
                add("hydrogen", "hydrogen_production", str(t), "t H2", v)
    if "emissions" in sel:
        for sector in sel["sector"].values:
            add(
                "emissions",
                "emissions",
                str(sector),
                "t CO2",
                sel["emissions"].sel(sector=sector).values,
            )
    if "total_emissions" in sel:
        add("emissions", "total_emissions", "", "t CO2", sel["total_emissions"].values)
    if "captured_co2" in sel:
        add("emissions", "captured_co2", "", "t CO2", sel["captured_co2"].sum("tech").values)
    method = str(ds.attrs.get("nonfossil_method", ""))
    for var, name, unit in (
        ("nonfossil_share", "nonfossil_share", "1"),
        ("primary_energy", "primary_energy", "MWh_primary"),
    ):
        if var in sel:
            da = sel[var]
            if "counting" in da.dims:
                da = da.sel(counting=method) if method in da["counting"].values else da[:, 0]
            if name == "primary_energy":
                da = da.sum([d for d in da.dims if d != "year"])
            add("energy", name, "", unit, da.values)
    if "co2_price" in sel:
        add("prices", "co2_price", "", "yuan/t CO2", sel["co2_price"].values)
    if "electricity_price" in sel and "demand" in sel:
        w = _weights(sel)
        price = sel["electricity_price"]
        average = (price * sel["demand"] * w).sum("timestep") / (sel["demand"] * w).sum("timestep")
        add("prices", "average_price", "", "yuan/MWh", average.values)
        add("prices", "peak_price", "", "yuan/MWh", price.max("timestep").values)
    if "total_cost" in sel:
        add("prices", "system_cost", "", "yuan", sel["total_cost"].values)
    return rows
