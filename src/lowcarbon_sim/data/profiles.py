"""Hourly profile files: where a scenario's ``file:`` points, and reading one series.

Both the scenario stage (rebasing relative files of inherited scenarios) and the sector
stage (hourly shapes) read profiles, so this is data access, below both.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from lowcarbon_sim.data import package_path
from lowcarbon_sim.errors import DataError
from lowcarbon_sim.units import HOURS_PER_YEAR

PACKAGE_PREFIX = "package:"


def resolve_path(file: str, scenario_file: str | None) -> Path:
    """Absolute path of a profile: ``package:...`` or relative to the scenario file."""
    if file.startswith(PACKAGE_PREFIX):
        return package_path(file[len(PACKAGE_PREFIX) :])
    path = Path(file)
    if not path.is_absolute() and scenario_file:
        path = Path(scenario_file).resolve().parent / path
    return path


def read_profile(path: Path, column: str | None = None, key: str = "") -> np.ndarray:
    """Read 8760 hourly values from a CSV file with a header row.

    Parameters
    ----------
    path
        The CSV file; a column named ``hour`` (if present) is ignored.
    column
        The column to read; the only other column when ``None``.
    key
        The scenario key that named the file, used in error messages.

    Raises
    ------
    DataError
        Naming the file, the column, and what is wrong (missing file or column, wrong number
        of rows, empty cells, text or NaN values).
    """
    where = f"{path}" + (f" (from {key})" if key else "")
    if not path.is_file():
        raise DataError(f"{where}: profile file not found")
    # utf-8-sig: a byte-order mark (spreadsheets write one) is not part of the first name
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise DataError(f"{where}: the file is empty") from None
            rows = list(reader)
    except UnicodeDecodeError:
        raise DataError(
            f"{where}: not a UTF-8 text CSV file (a binary or spreadsheet file? save it as "
            "CSV UTF-8)"
        ) from None
    except csv.Error as exc:  # e.g. a NUL byte: a binary file
        raise DataError(f"{where}: not a readable CSV file ({exc})") from None
    except OSError as exc:
        raise DataError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    candidates = [h for h in header if h != "hour"]
    if column is None:
        if len(candidates) != 1:
            raise DataError(f"{where}: name the column to read; the file has {candidates}")
        column = candidates[0]
    if column not in header:
        raise DataError(f"{where}: no column '{column}' (columns: {', '.join(header)})")
    idx = header.index(column)
    if len(rows) != HOURS_PER_YEAR:
        raise DataError(
            f"{where}: expected {HOURS_PER_YEAR} hourly rows after the header, got {len(rows)}"
        )
    values = np.empty(HOURS_PER_YEAR)
    for i, row in enumerate(rows):
        cell = row[idx].strip() if idx < len(row) else ""
        try:
            values[i] = float(cell)
        except ValueError:
            raise DataError(
                f"{where}: column '{column}', data row {i + 1} (hour {i}): "
                f"expected a number, got {cell!r}"
            ) from None
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DataError(
            f"{where}: column '{column}' has {bad.size} NaN or infinite value(s), first at "
            f"hour {bad[0]}"
        )
    return values
