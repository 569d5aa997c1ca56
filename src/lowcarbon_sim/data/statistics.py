"""Sourced historical statistics that the model is checked against (not scenario inputs).

A data set may ship ``statistics.csv`` beside its figures, one row per published number, with
columns ``quantity`` (a dotted name such as ``generation.hydro``; monthly values end in
``.mMM``, e.g. ``electricity_consumption.m08``), ``year``, ``value``, ``unit`` (as published:
TWh, GW, h, bn yuan, ...), ``source``, ``status`` (``verified``, ``derived`` or
``assumption``) and ``note``. Unlike ``*figures.csv`` these rows set no scenario key: they
are what a calibration run is compared with.
"""

from __future__ import annotations

import pandas as pd

from lowcarbon_sim.data import DATA_DIR
from lowcarbon_sim.data.sourced_csv import sourced_rows
from lowcarbon_sim.errors import DataError

STATISTICS_FILE = "statistics.csv"
STATISTICS_COLUMNS = ("quantity", "year", "value", "unit", "source", "status", "note")


def statistics(dataset: str = "hunan") -> pd.DataFrame:
    """Historical statistics of a packaged data set, one row per published figure.

    Parameters
    ----------
    dataset
        Name of the packaged data set (a folder of ``lowcarbon_sim/data``); its
        ``statistics.csv`` and any ``<topic>_statistics.csv`` are read, in that order.

    Returns
    -------
    pandas.DataFrame
        Columns ``quantity`` (str), ``year`` (int), ``value`` (float, in ``unit``),
        ``unit`` (str), ``source`` (str), ``status`` (str) and ``note`` (str), in file order.

    Raises
    ------
    KeyError
        If there is no such data set, or it has no ``statistics.csv``.
    DataError
        If the file has other columns, a row lacks a source, a status is not one of
        ``verified``, ``derived``, ``assumption``, an ``assumption`` has no note, or a
        year or value is not a number (the message names the file and line).

    Examples
    --------
    >>> stats = statistics("hunan")
    >>> row = stats[(stats["quantity"] == "electricity_consumption") & (stats["year"] == 2020)]
    >>> float(row["value"].iloc[0]), row["unit"].iloc[0]
    (192.9, 'TWh')
    >>> sorted(stats.loc[stats["quantity"] == "generation.wind", "status"].unique())
    ['derived']
    """
    path = DATA_DIR / dataset / STATISTICS_FILE
    if not path.is_file():
        raise KeyError(dataset)
    records: list[dict[str, object]] = []
    # statistics.csv, then topic files such as history_statistics.csv (province history)
    for file in [path, *sorted((DATA_DIR / dataset).glob("*_" + STATISTICS_FILE))]:
        records += _read(file)
    frame = pd.DataFrame.from_records(records, columns=list(STATISTICS_COLUMNS))
    return frame.astype({"year": "int64", "value": "float64"})


def _read(path) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for where, _line, row in sourced_rows(path, STATISTICS_COLUMNS):
        if not (row["source"] or "").strip():
            raise DataError(f"{where}: every statistic needs a source")
        try:
            year, value = int(row["year"]), float(row["value"])
        except (TypeError, ValueError):
            raise DataError(
                f"{where}: year and value must be numbers, got {row['year']!r}, "
                f"{row['value']!r}"
            ) from None
        records.append({**row, "year": year, "value": value})
    return records
