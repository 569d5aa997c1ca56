"""The Excel workbook of a run: one sheet per planner's table, units in the headers.

Sheets (those whose data the results hold):

* ``Key figures``: :func:`~lowcarbon_sim.report.planner.key_figures`, every year, plan
  units (column ``unit`` per row);
* ``Capacity`` [GW] and ``Generation`` [TWh] by technology (display names);
* ``Curtailment``: wind and solar curtailed by technology [TWh], in total [TWh] and as a
  share of what was available [%];
* ``Full-load hours`` [h] of every generating technology (storage left out);
* ``Prices``: demand-weighted average and highest hourly electricity price [yuan/MWh],
  carbon price [yuan/t CO2];
* ``Reserve margin``: firm capacity [GW], peak demand [GW], margin [%] (needs the model
  inputs of the results file);
* ``Non-fossil shares`` [%] by counting method, with the method the targets use;
* ``Emissions`` [Mt CO2] by sector and in total;
* ``Targets``: the scorecard (required, achieved, met).

Numbers are written as numbers (not text), rounded to three decimals; text that starts
like a formula (a technology named ``=...``) is stored as text, never as a formula. The
file is written atomically (:func:`lowcarbon_sim.results.io.atomic_write`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lowcarbon_sim.plots.labels import check_lang, plan_unit, sector_label, tech_label
from lowcarbon_sim.report.planner import key_figures, target_scorecard
from lowcarbon_sim.results.core import as_dataset
from lowcarbon_sim.results.io import atomic_write
from lowcarbon_sim.results.summary import indicators

#: Sheet names in order (Excel allows 31 characters).
SHEETS = (
    "Key figures",
    "Capacity",
    "Generation",
    "Curtailment",
    "Full-load hours",
    "Prices",
    "Reserve margin",
    "Non-fossil shares",
    "Emissions",
    "Targets",
)


def _year_frame(columns: dict[str, np.ndarray], years: Sequence[int]) -> pd.DataFrame:
    frame = pd.DataFrame(columns, index=pd.Index(list(years), name="year"))
    return frame.reset_index()


def _nonzero_columns(
    da: Any, dim: str, label: Any, divisor: float, shown: str
) -> dict[str, np.ndarray]:
    """One column per entry of ``da`` along ``dim`` that is not zero in every year, headed
    ``"<label(entry)> [<shown>]"`` and divided by ``divisor`` (plan units)."""
    return {
        f"{label(k)} [{shown}]": da.sel({dim: k}).values / divisor
        for k in da[dim].values
        if float(np.abs(da.sel({dim: k})).max()) > 0
    }


def workbook_tables(
    results: Any, lang: str = "en", years: Sequence[int] | None = None
) -> dict[str, pd.DataFrame]:
    """The workbook's tables by sheet name (see the module docstring), in plan units.

    Every header of a number column carries its unit, e.g. ``"Wind [TWh]"``; the key-figure
    sheet has a ``unit`` column instead (one unit per row).
    """
    check_lang(lang)
    ds = as_dataset(results)
    inputs = getattr(results, "inputs", None)
    ys = [int(y) for y in ds["year"].values] if not years else [int(y) for y in years]
    rows = indicators(ds, inputs, ys)

    def unit(model_unit: str) -> tuple[float, str]:
        return plan_unit(model_unit, lang)

    def col(name: str, item: str = "") -> np.ndarray | None:
        for r in rows:
            if r.name == name and r.item == item:
                return r.values
        return None

    tables: dict[str, pd.DataFrame] = {}
    kf = key_figures(results, lang=lang, years=ys)
    tables["Key figures"] = kf.drop(columns=["name", "item", "decimals"]).rename(
        columns={y: str(y) for y in ys}
    )
    for sheet, name, model_unit in (
        ("Capacity", "capacity", "MW"),
        ("Generation", "generation", "MWh"),
        ("Full-load hours", "full_load_hours", "h"),
    ):
        divisor, shown = unit(model_unit)
        columns = {
            f"{tech_label(r.item, lang)} [{shown}]": r.values / divisor
            for r in rows
            if r.name == name and np.nanmax(np.abs(np.nan_to_num(r.values)), initial=0.0) > 0
        }
        if columns:
            tables[sheet] = _year_frame(columns, ys)
    if "curtailment" in ds:
        divisor, shown = unit("MWh")
        by_tech = ds["curtailment"].sel(year=ys)
        columns = _nonzero_columns(by_tech, "tech", lambda t: tech_label(t, lang), divisor, shown)
        columns[f"total [{shown}]"] = by_tech.sum("tech").values / divisor
        rate = col("curtailment_rate")
        if rate is not None:
            columns["share of available wind and solar [%]"] = 100 * rate
        tables["Curtailment"] = _year_frame(columns, ys)
    prices = {}
    for name, header in (
        ("average_price", "average electricity price, demand-weighted"),
        ("peak_price", "highest hourly electricity price"),
    ):
        v = col(name)
        if v is not None:
            prices[f"{header} [{unit('yuan/MWh')[1]}]"] = v
    v = col("co2_price")
    if v is not None:
        prices[f"carbon price [{unit('yuan/t CO2')[1]}]"] = v
    if prices:
        tables["Prices"] = _year_frame(prices, ys)
    margin = col("reserve_margin")
    if margin is not None:
        divisor, shown = unit("MW")
        peak = ds["peak_demand"].sel(year=ys).values
        tables["Reserve margin"] = _year_frame(
            {
                f"firm capacity [{shown}]": (1 + margin) * peak / divisor,
                f"peak demand [{shown}]": peak / divisor,
                "reserve margin [%]": 100 * margin,
            },
            ys,
        )
    if "nonfossil_share" in ds:
        share = ds["nonfossil_share"].sel(year=ys)
        method = str(ds.attrs.get("nonfossil_method", ""))
        methods = [str(m) for m in share["counting"].values] if "counting" in share.dims else []
        columns = {
            f"{m.replace('_', ' ')}{' (targets)' if m == method else ''} [%]": 100
            * share.sel(counting=m).values
            for m in methods
        } or {"non-fossil share [%]": 100 * share.values}
        tables["Non-fossil shares"] = _year_frame(columns, ys)
    if "emissions" in ds:
        divisor, shown = unit("t CO2")
        em = ds["emissions"].sel(year=ys)
        columns = _nonzero_columns(em, "sector", lambda s: sector_label(s, lang), divisor, shown)
        if "total_emissions" in ds:
            columns[f"total [{shown}]"] = ds["total_emissions"].sel(year=ys).values / divisor
        tables["Emissions"] = _year_frame(columns, ys)
    card = target_scorecard(ds, lang=lang)
    if len(card):
        tables["Targets"] = card
    return {name: tables[name] for name in SHEETS if name in tables}


def write_workbook(
    results: Any, path: str | Path, lang: str = "en", years: Sequence[int] | None = None
) -> Path:
    """Write :func:`workbook_tables` to the Excel file ``path`` (``.xlsx``), one sheet per
    table, atomically; returns the path.

    Raises
    ------
    ImportError
        If openpyxl (a dependency of the package) is not installed.
    """
    tables = workbook_tables(results, lang=lang, years=years)
    scenario = str(as_dataset(results).attrs.get("scenario", ""))

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in tables.items():
                frame.round(3).to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes = "B2"
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # names are text, never formulas
                            cell.data_type = "s"
                for column in sheet.columns:  # wide enough for the headers
                    width = max(len(str(c.value or "")) for c in column[:50])
                    sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
            writer.book.properties.title = f"lowcarbon-sim results: {scenario}"

    return atomic_write(Path(path), write)
