"""Plausible ranges of default figures, with their sources: ``<data set>/ranges.csv``.

One row per figure key whose uncertainty the sources bound: ``key`` (a key of the data set's
``*figures.csv``), ``low`` and ``high`` in ``unit`` (the figure's own unit), ``source``,
``status`` (``verified``, ``derived`` or ``assumption``; an assumption says why in ``note``)
and ``note`` (how the bounds were read or derived).

For a figure given by year the bounds hold for the value of the decision years (the value
held after the last history year). The file is a catalogue for sensitivity runs
(``benchmarks/sensitivity.py --ranges``), not a set of defaults: the defaults stay in
``*figures.csv``.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lowcarbon_sim.data import DATA_DIR, available_datasets
from lowcarbon_sim.data.provenance import data_sources
from lowcarbon_sim.data.sourced_csv import sourced_rows
from lowcarbon_sim.errors import DataError

__all__ = [
    "RANGE_COLUMNS",
    "PlausibleRange",
    "format_ranges",
    "plausible_ranges",
    "scaled_from_decision_years",
]

RANGE_COLUMNS = ("key", "low", "high", "unit", "source", "status", "note")


@dataclass(frozen=True)
class PlausibleRange:
    """Bounds of one figure key, in the figure's unit."""

    key: str
    low: float
    high: float
    unit: str
    source: str
    status: str
    note: str
    default: float
    """The data set's value the range brackets (for a year series: its last row), in ``unit``."""

    @property
    def unit_suffix(self) -> str:
        """``" <unit>"`` for printing after a number; empty for a dimensionless figure."""
        return f" {self.unit}" if self.unit not in ("", "1") else ""

    def factor(self, side: str) -> float:
        """The ``"low"`` or ``"high"`` end over the default: the factor that moves a scenario
        value of the figure (in whatever unit the scenario holds it) to that end."""
        return (self.low if side == "low" else self.high) / self.default


@lru_cache(maxsize=8)
def _ranges(name: str) -> tuple[PlausibleRange, ...]:
    path = DATA_DIR / name / "ranges.csv"
    if not path.is_file():
        return ()
    figures = data_sources(name)
    units = dict(zip(figures["key"], figures["unit"].fillna(""), strict=True))
    # the value a figure holds in the decision years: its last row by year (or its only one)
    last = figures.assign(order=figures["year"].fillna(-1)).sort_values("order", kind="stable")
    held = dict(zip(last["key"], last["value"], strict=True))
    out: dict[str, PlausibleRange] = {}
    for where, _line, row in sourced_rows(path, RANGE_COLUMNS):
        key = row["key"]
        if key not in units:
            raise DataError(f"{where}: key {key!r} is not a figure of data set {name!r}")
        if key in out:
            raise DataError(f"{where}: key {key!r} has a range already")
        try:
            low, high = float(row["low"]), float(row["high"])
        except ValueError:
            raise DataError(f"{where}: low and high must be numbers") from None
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise DataError(f"{where}: expected finite numbers with low < high")
        if row["unit"] != units[key]:
            raise DataError(
                f"{where}: unit {row['unit']!r} differs from the figure's {units[key]!r}"
            )
        if not low <= held[key] <= high:
            raise DataError(
                f"{where}: the default of {key} ({held[key]:g} {units[key]}) lies outside "
                f"{low:g}-{high:g}; update the range with the figure"
            )
        if not row["source"].strip():
            raise DataError(f"{where}: a range needs its source")
        if held[key] == 0:
            raise DataError(f"{where}: the default of {key} is 0; give its range another way")
        out[key] = PlausibleRange(key, low, high, row["unit"], row["source"], row["status"],
                                  row["note"], float(held[key]))
    return tuple(out.values())


def plausible_ranges(name: str = "hunan") -> dict[str, PlausibleRange]:
    """The plausible ranges of data set ``name`` by figure key (empty when it ships no
    ``ranges.csv``).

    Raises
    ------
    KeyError
        If there is no such data set.
    DataError
        If ``ranges.csv`` is malformed: a key that is no figure of the data set, a repeated
        key, bounds that are not numbers with ``low < high``, a default outside its range, a
        unit other than the figure's, or a row without source.
    """
    if name not in available_datasets():
        raise KeyError(name)
    return {r.key: r for r in _ranges(name)}


def scaled_from_decision_years(value: Any, factor: float, last_historical: int) -> Any:
    """A scenario value with its decision-year part scaled by ``factor``.

    Parameters
    ----------
    value
        The scenario value: a number, or a series ``{year: number}`` (a series holds its last
        row after its last year).
    factor
        For a plausible range's end: :meth:`PlausibleRange.factor`.
    last_historical
        The last history year: a series keeps its rows up to it (the statistics).

    Returns
    -------
    float or dict
        A number times ``factor``. A series keeps its history rows and scales its later rows,
        with a row at ``last_historical + 1`` holding its last value times ``factor`` when it
        had none after the history.
    """
    if not isinstance(value, dict):
        return float(value) * factor
    series = {int(y): float(v) for y, v in value.items()}
    out = {y: (v * factor if y > last_historical else v) for y, v in series.items()}
    if max(series) <= last_historical:
        out[last_historical + 1] = series[max(series)] * factor
    return dict(sorted(out.items()))


def format_ranges(ranges: list[PlausibleRange], width: int = 100) -> str:
    """Render plausible ranges as text: one line per key (``low .. default .. high unit``,
    status), then its source and note wrapped to ``width`` characters, and a count.

    Examples
    --------
    >>> text = format_ranges([plausible_ranges("hunan")["economics.discount_rate"]])
    >>> print(text.splitlines()[0])
    economics.discount_rate: 0.05 .. 0.06 .. 0.08 (low .. default .. high)  [assumption]
    """
    out: list[str] = []
    for r in ranges:
        out.append(
            f"{r.key}: {r.low:,.12g} .. {r.default:,.12g} .. {r.high:,.12g}{r.unit_suffix} "
            f"(low .. default .. high)  [{r.status}]"
        )
        for label, text in (("source", r.source), ("note", r.note)):
            if text.strip():
                out.extend(textwrap.wrap(text, width, initial_indent=f"    {label}: ".ljust(12),
                                         subsequent_indent=" " * 12, break_on_hyphens=False))
    out.append(f"{len(ranges)} ranges")
    return "\n".join(out) + "\n"
