"""Reading a sourced table: a CSV file whose rows carry ``status`` (``verified``, ``derived``
or ``assumption``) and ``note``, such as ``statistics.csv`` and ``targets.csv``.

Depends on no other ``lowcarbon_sim.data`` module, so every reader of the package can use it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from lowcarbon_sim.errors import DataError

__all__ = ["STATUSES", "sourced_rows"]

STATUSES = ("verified", "derived", "assumption")


def sourced_rows(path: Path, columns: Sequence[str]) -> Iterator[tuple[str, int, dict[str, str]]]:
    """``(where, line, row)`` for each row of ``path``: ``where`` is ``"<path>, line N"`` for
    messages. Raises :class:`~lowcarbon_sim.errors.DataError` naming the file (and line) when
    the header is not exactly ``columns``, a status is not one of :data:`STATUSES`, or an
    assumption has no note saying why."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise DataError(f"{path}: expected columns {', '.join(columns)}")
        for line, row in enumerate(reader, start=2):
            where = f"{path}, line {line}"
            if row["status"] not in STATUSES:
                raise DataError(
                    f"{where}: status must be one of {', '.join(STATUSES)}, got {row['status']!r}"
                )
            if row["status"] == "assumption" and not (row["note"] or "").strip():
                raise DataError(f"{where}: an assumption needs a note saying why")
            yield where, line, row
