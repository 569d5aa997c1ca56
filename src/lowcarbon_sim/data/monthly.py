"""Monthly statistics of a data set (``<name>/monthly_generation.csv``) and the monthly shapes
made from them.

The file has the columns ``quantity, year, month, value, unit, source, status, note``, one row
per quantity, year and month (e.g. ``generation.hydro`` in TWh). NBS publishes January and
February together, so a year may have no month-1 row and month 2 then holds both months.

A scenario default names such a series instead of listing numbers: ``inflow_shape:
"monthly_statistics:generation.hydro"`` in ``structure.yaml`` becomes, when the data set is
read (:func:`resolve_monthly_references`), one 12-month shape per statistics year plus, for
the year after the last one, the mean of those shapes (a typical year, held for every later
year by :func:`lowcarbon_sim.inputs.hydro.shape_of_year`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from lowcarbon_sim.errors import DataError

FILE = "monthly_generation.csv"
PREFIX = "monthly_statistics:"
COLUMNS = ("quantity", "year", "month", "value", "unit", "source", "status", "note")
#: Days of January and February: a combined Jan+Feb value is split in this ratio.
JAN_FEB_DAYS = np.array([31.0, 28.0])


@lru_cache(maxsize=8)
def _read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"source": str, "note": str})
    if tuple(df.columns) != COLUMNS:
        raise DataError(f"{path}: expected columns {', '.join(COLUMNS)}")
    if df["source"].fillna("").str.strip().eq("").any():
        raise DataError(f"{path}: every row needs a source")
    return df


def monthly_statistics(folder: Path) -> pd.DataFrame:
    """The monthly statistics of the data set in ``folder`` (empty if it has none)."""
    path = Path(folder) / FILE
    if not path.is_file():
        return pd.DataFrame(columns=list(COLUMNS))
    return _read(path).copy()


def monthly_values(folder: Path, quantity: str) -> dict[int, np.ndarray]:
    """12 monthly values per year of ``quantity`` (unit of the file); a combined Jan+Feb value
    (no month-1 row) is split over the two months by their days."""
    df = monthly_statistics(folder)
    df = df[df["quantity"] == quantity]
    out: dict[int, np.ndarray] = {}
    for year, rows in df.groupby("year"):
        v = np.full(12, np.nan)
        for m, x in zip(rows["month"].astype(int), rows["value"].astype(float), strict=True):
            v[m - 1] = x
        if np.isnan(v[0]) and not np.isnan(v[1]):
            v[:2] = v[1] * JAN_FEB_DAYS / JAN_FEB_DAYS.sum()
        if np.isnan(v).any():
            raise DataError(f"{FILE}: {quantity} {year} lacks months")
        out[int(year)] = v
    return out


def monthly_shapes(folder: Path, quantity: str) -> dict[int, list[float]]:
    """Share of each year's total in each month, per statistics year, and for the year after
    the last one the mean of those shares (a typical year)."""
    values = monthly_values(folder, quantity)
    if not values:
        raise DataError(f"{FILE}: no rows for {quantity!r}")
    shapes = {y: v / v.sum() for y, v in sorted(values.items())}
    typical = np.mean(list(shapes.values()), axis=0)
    shapes[max(shapes) + 1] = typical / typical.sum()
    return {y: [round(float(x), 6) for x in s] for y, s in shapes.items()}


def resolve_monthly_references(tree: dict[str, Any], folder: Path) -> None:
    """Replace ``inflow_shape: "monthly_statistics:<quantity>"`` of any technology in the data
    tree by the per-year shapes of :func:`monthly_shapes` (in place)."""
    techs = tree.get("power", {}).get("techs", {}) or {}
    for cfg in techs.values():
        ref = cfg.get("inflow_shape") if isinstance(cfg, dict) else None
        if isinstance(ref, str) and ref.startswith(PREFIX):
            cfg["inflow_shape"] = monthly_shapes(folder, ref[len(PREFIX):])
