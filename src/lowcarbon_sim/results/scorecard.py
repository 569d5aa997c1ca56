"""The target scorecard of a run: each target with its source, threshold, achieved value,
margin, whether it binds, and its price in its own unit.

:func:`scorecard` reads a results Dataset: the targets enforced in the LP (``policy_target``:
value, threshold, margin, shadow price) and the targets only checked after the solve
(``target``, from ``sectors.targets``: no price, the LP does not see them). Each row is
matched with the data row that states the target (``<data set>/targets.csv``,
:func:`lowcarbon_sim.data.targets.match_target`): document, article, scope (Hunan or
national) and status. A target no data row states is marked "set in the scenario".

Units shown: shares and intensity changes in percent, margins in percentage points (pp),
CO2 in Mt, energy in Mtce; prices in yuan per percentage point (share), yuan/tce (energy
intensity and total), yuan/t CO2 (CO2 intensity, total, peak). A price is the annual cost of
the target's year saved per unit of relaxation; zero where the target is slack (the margin
then says by how much it is met). Peak-by-year rows (one per year after the peak year) are
shown as one row: the largest rise after the peak year, the smallest margin, the largest
price.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.data.targets import match_target
from lowcarbon_sim.units import TCE_MWH

__all__ = ["SCORECARD_COLUMNS", "scorecard", "scorecard_lines", "write_scorecard_csv"]

SCORECARD_COLUMNS = (
    "target",
    "indicator",
    "period",
    "scope",
    "document",
    "article",
    "status",
    "from_source",
    "sense",
    "threshold",
    "achieved",
    "margin",
    "unit",
    "margin_unit",
    "in_lp",
    "binding",
    "met",
    "price",
    "price_unit",
    "key",
)

LABELS = {
    "nonfossil_share": "Non-fossil share of primary energy",
    "energy_intensity": "Energy intensity (energy per GDP), change",
    "co2_intensity": "CO2 intensity (CO2 per GDP), change",
    "co2_total": "CO2 total",
    "energy_total": "Energy consumption under control",
    "peak_by": "CO2 peak",
}
#: Per LP unit: factor to the shown unit, shown unit, margin unit.
_SHOWN = {"1": (100.0, "%", "pp"), "t CO2": (1e-6, "Mt CO2", "Mt CO2")}
_SHOWN["MWh"] = (1e-6 / TCE_MWH, "Mtce", "Mtce")
_SENSE = {
    "nonfossil_share": ">=",
    "energy_intensity": "<=",
    "co2_intensity": "<=",
    "co2_total": "<=",
    "energy_total": "<=",
    "peak_by": "<=",
}
# binding: margin within this share of the threshold's size (or 1e-6 of the unit)
_TOL = 1e-6


def _dataset_name(ds: xr.Dataset) -> str:
    # tiny test systems use no data set (""); their targets still match the Hunan rows
    return str(ds.attrs.get("dataset", "hunan") or "hunan")


def _source(indicator: str, period: str, dataset: str, threshold: float) -> dict[str, Any]:
    """The data row stating the target; ``from_source`` False where the scenario's threshold
    (or peak year) differs from the document's (the document is then named for reference)."""
    try:
        row = match_target(indicator, period, dataset)
    except KeyError:  # no such packaged data set
        row = None
    if row is None:
        return {
            "scope": "",
            "document": "set in the scenario (no packaged target row)",
            "article": "",
            "status": "",
            "from_source": False,
        }
    same = (
        row["period"] == period
        if indicator == "peak_by"
        else abs(float(row["threshold"]) - threshold) < 1e-6 * max(1.0, abs(threshold))
    )
    out: dict[str, Any] = {k: row[k] for k in ("scope", "document", "article", "status")}
    out["from_source"] = bool(same)
    if not same:
        out["document"] = (
            f"set in the scenario; the document's figure is {row['threshold']} {row['unit']} "
            f"for {row['period']}: {row['document']}"
        )
    return out


def _lp_rows(ds: xr.Dataset, dataset: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if "policy_target" not in ds.coords or not ds.sizes.get("policy_target"):
        return rows
    peaks: dict[str, dict[str, Any]] = {}
    for t in ds["policy_target"].values:
        r = ds.sel(policy_target=t)
        kind = str(r["policy_target_kind"].values)
        key = str(r["policy_target_key"].values)
        unit = str(r["policy_target_unit"].values)
        factor, shown, margin_unit = _SHOWN.get(unit, (1.0, unit, unit))
        value = float(r["policy_target_value"]) * factor
        threshold = float(r["policy_target_threshold"]) * factor
        margin = float(r["policy_target_margin"]) * factor
        price = float(r["policy_target_price"])
        if kind == "peak_by":
            base = int(re.findall(r"\d{4}", str(t))[-2])
            period = str(base)
        else:
            period = key.rsplit(".", 1)[-1]
        size = max(abs(threshold), 1.0) if unit != "1" else 1.0
        binding = price > 0 or abs(margin) <= _TOL * size
        row = {
            "target": f"{LABELS.get(kind, kind)} {period}",
            "indicator": kind,
            "period": period,
            **_source(kind, period, dataset, threshold),
            "sense": _SENSE.get(kind, ""),
            "threshold": threshold,
            "achieved": value,
            "margin": margin,
            "unit": shown,
            "margin_unit": margin_unit,
            "in_lp": True,
            "binding": bool(binding),
            "met": bool(margin >= -_TOL * size),
            "price": price,
            "price_unit": str(r["policy_target_price_unit"].values),
            "key": key,
        }
        if kind == "peak_by":
            row["target"] = f"{LABELS['peak_by']} by {period} (no later year above it)"
            seen = peaks.get(period)
            if seen is None:
                peaks[period] = row
                rows.append(row)
            else:  # one row per peak target: the worst year, the largest price
                if row["margin"] < seen["margin"]:
                    seen.update(achieved=row["achieved"], margin=row["margin"], met=row["met"])
                seen["binding"] = seen["binding"] or row["binding"]
                seen["price"] = max(seen["price"], row["price"])
            continue
        rows.append(row)
    return rows


def _check_rows(ds: xr.Dataset, dataset: str) -> list[dict]:
    """The targets checked after the solve (``sectors.targets``)."""
    rows: list[dict[str, Any]] = []
    if "target" not in ds.dims:
        return rows
    for t in ds["target"].values:
        name = str(t)
        r = ds.sel(target=t)
        unit = str(r["target_unit"].values) if "target_unit" in r else "1"
        sense = str(r["target_sense"].values) if "target_sense" in r else ""
        if name == "peak_before":
            kind, period = "peak_by", str(round(float(r["target_threshold"])))
        else:
            m = re.match(r"(.+?)_((?:\d{4}-)?\d{4})$", name)
            if m is None:
                kind, period = name, ""
            else:
                kind, period = m.group(1), m.group(2)
        factor, shown, margin_unit = _SHOWN.get(unit, (1.0, unit, unit))
        if unit == "year":
            shown = margin_unit = "year"
        value = float(r["target_value"]) * factor
        threshold = float(r["target_threshold"]) * factor
        margin = value - threshold if sense == ">=" else threshold - value
        rows.append(
            {
                "target": f"{LABELS.get(kind, kind)} {period}".strip()
                if kind != "peak_by"
                else f"{LABELS['peak_by']} before {period}",
                "indicator": kind,
                "period": period,
                **_source(kind, period, dataset, threshold),
                "sense": sense,
                "threshold": threshold,
                "achieved": value,
                "margin": margin,
                "unit": shown,
                "margin_unit": margin_unit,
                "in_lp": False,
                "binding": False,
                "met": bool(r["target_met"]) if "target_met" in r else margin >= 0,
                "price": np.nan,
                "price_unit": "",
                "key": f"sectors.targets.{kind if kind != 'peak_by' else 'peak_before'}"
                + (f".{period}" if kind != "peak_by" else ""),
            }
        )
    return rows


def scorecard(results: Any) -> pd.DataFrame:
    """One row per target of a run (see the module docstring), in :data:`SCORECARD_COLUMNS`.

    ``threshold``, ``achieved`` in ``unit``; ``margin`` (>= 0 where met) in ``margin_unit``;
    ``price`` in ``price_unit`` (NaN for targets only checked after the solve). Empty when
    the run has no targets.
    """
    ds = results if isinstance(results, xr.Dataset) else results.dataset
    dataset = _dataset_name(ds)
    rows = _lp_rows(ds, dataset) + _check_rows(ds, dataset)
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def _fmt(x: float, unit: str) -> str:
    if unit == "year":
        return str(round(x))
    return f"{x:,.1f} {unit}" if unit in ("%", "pp") else f"{x:,.4g} {unit}"


def _money(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.4g}"


def scorecard_lines(results: Any) -> list[str]:
    """The scorecard as text lines (terminal summary, ``lowcarbon-sim explain``)."""
    card = scorecard(results)
    if card.empty:
        return []
    lines = ["Target scorecard (price: annual cost in the target's year; 0 where slack):"]
    for r in card.to_dict("records"):
        sense = r["sense"].replace("<=", "≤").replace(">=", "≥")
        if r["in_lp"]:
            state = "binding" if r["binding"] else f"slack by {_fmt(r['margin'], r['margin_unit'])}"
            if not r["met"]:
                state = f"missed by {_fmt(-r['margin'], r['margin_unit'])}"
            price = f"price {_money(r['price'])} {r['price_unit']}"
        else:
            state = "met" if r["met"] else "MISSED"
            state += f" (margin {_fmt(r['margin'], r['margin_unit'])}; checked after the solve)"
            price = "no price (not in the LP)"
        source = r["document"] + (f", {r['article']}" if r["article"] else "")
        scope = f" [{r['scope']}]" if r["scope"] else ""
        lines.append(
            f"  {r['target']}: {_fmt(r['achieved'], r['unit'])} (required {sense} "
            f"{_fmt(r['threshold'], r['unit'])}), {state}; {price}; `{r['key']}`"
        )
        lines.append(f"    source{scope}: {source}")
    return lines


def write_scorecard_csv(results: Any, path) -> bool:
    """Write the scorecard to ``path`` (CSV, UTF-8) when the run has targets; whether it did."""
    card = scorecard(results)
    if card.empty:
        return False
    card.to_csv(path, index=False, encoding="utf-8")
    return True
