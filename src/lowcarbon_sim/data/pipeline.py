"""The committed pipeline of a data set: ``<data set>/pipeline.csv``.

One row per project under construction or approved (or a planned retirement, with a negative
capacity), with columns ``project`` (the key under ``power.pipeline``), ``tech`` (the
technology whose existing capacity it changes), ``capacity`` and ``unit`` (MW), ``year`` (first
year in service), ``first_year_share`` (share of that year it runs, from its commissioning
dates; empty: the technology's ``first_year_availability``), ``description``, ``source``,
``status`` and ``note`` (as in the figure files).
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
    "project",
    "tech",
    "capacity",
    "unit",
    "year",
    "first_year_share",
    "description",
    "source",
    "status",
    "note",
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
        share = row["first_year_share"].strip()
        if share and not _is_share(share):
            raise DataError(
                f"{where}: first_year_share must be empty or a number in [0, 1], got {share!r}"
            )
        if row["project"] in seen:
            raise DataError(f"{where}: project {row['project']!r} is listed twice")
        seen.add(row["project"])
    return rows


def _is_share(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False


def pipeline_tree(folder: Path) -> dict[str, Any]:
    """The ``power.pipeline`` section of a data set: project name -> project fields."""
    tree = {}
    for row in read_pipeline(folder):
        project = {
            "tech": row["tech"],
            "capacity": f"{row['capacity']} {row['unit']}".strip(),
            "year": int(row["year"]),
            "description": row["description"],
            "source": row["source"],
            "status": row["status"],
            "note": row["note"],
        }
        if row["first_year_share"].strip():
            project["first_year_share"] = float(row["first_year_share"])
        tree[row["project"]] = project
    return tree


def pipeline_figures(folder: Path) -> list[dict[str, str]]:
    """The pipeline as figure rows (key ``power.pipeline.<project>.capacity``, year = first
    year, and ``.first_year_share`` where given), in the columns of the ``*figures.csv``
    files."""
    rows = []
    for line, row in enumerate(read_pipeline(folder), start=2):
        common = {
            "year": row["year"],
            "source": row["source"],
            "status": row["status"],
            "file": PIPELINE_FILE,
            "line": str(line),
        }
        rows.append(
            {
                "key": f"power.pipeline.{row['project']}.capacity",
                "value": row["capacity"],
                "unit": row["unit"],
                **common,
                "note": f"{row['description']}; adds to {row['tech']}; {row['note']}",
            }
        )
        if row["first_year_share"].strip():
            rows.append(
                {
                    "key": f"power.pipeline.{row['project']}.first_year_share",
                    "value": row["first_year_share"],
                    "unit": "",
                    **common,
                    "note": f"{row['description']}; share of its first year in service; "
                    f"{row['note']}",
                }
            )
    return rows
