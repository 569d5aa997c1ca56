"""The committed pipeline of a data set: ``<data set>/pipeline.csv``.

One row per project under construction or approved (or a planned retirement, with a negative
capacity), with columns ``project`` (the key under ``power.pipeline``), ``tech`` (the
technology whose existing capacity it changes), ``capacity`` and ``unit`` (MW), ``year`` (first
year in service), ``description``, ``source``, ``status`` and ``note`` (as in the figure files).
:func:`pipeline_tree` turns the table into the ``power.pipeline`` section of the data set's
defaults; :func:`pipeline_figures` lists the rows as figures for ``lowcarbon-sim data``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from lowcarbon_sim.errors import DataError

PIPELINE_FILE = "pipeline.csv"
PIPELINE_COLUMNS = (
    "project", "tech", "capacity", "unit", "year", "description", "source", "status", "note"
)
_STATUSES = ("verified", "derived", "assumption")


def read_pipeline(folder: Path) -> list[dict[str, str]]:
    """Rows of ``folder/pipeline.csv`` (an empty list when the data set has none).

    Raises
    ------
    DataError
        If a column is missing, a status unknown, a source empty or a project repeated.
    """
    path = folder / PIPELINE_FILE
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != PIPELINE_COLUMNS:
            raise DataError(f"{path}: expected columns {', '.join(PIPELINE_COLUMNS)}")
        rows = list(reader)
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        where = f"{path}, line {line}"
        if row["status"] not in _STATUSES:
            raise DataError(f"{where}: status must be one of {', '.join(_STATUSES)}")
        if not row["source"].strip():
            raise DataError(f"{where}: every project needs a source")
        if row["project"] in seen:
            raise DataError(f"{where}: project {row['project']!r} is listed twice")
        seen.add(row["project"])
    return rows


def pipeline_tree(folder: Path) -> dict[str, Any]:
    """The ``power.pipeline`` section of a data set: project name -> project fields."""
    return {
        row["project"]: {
            "tech": row["tech"],
            "capacity": f"{row['capacity']} {row['unit']}".strip(),
            "year": int(row["year"]),
            "description": row["description"],
            "source": row["source"],
            "status": row["status"],
            "note": row["note"],
        }
        for row in read_pipeline(folder)
    }


def pipeline_figures(folder: Path) -> list[dict[str, str]]:
    """The pipeline as figure rows (key ``power.pipeline.<project>.capacity``, year = first
    year), in the columns of the ``*figures.csv`` files."""
    return [
        {
            "key": f"power.pipeline.{row['project']}.capacity",
            "year": row["year"],
            "value": row["capacity"],
            "unit": row["unit"],
            "source": row["source"],
            "status": row["status"],
            "note": f"{row['description']}; adds to {row['tech']}; {row['note']}",
            "file": PIPELINE_FILE,
            "line": str(line),
        }
        for line, row in enumerate(read_pipeline(folder), start=2)
    ]
