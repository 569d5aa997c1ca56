"""Packaged data sets: sourced default figures and hourly profiles.

A data set is a folder ``lowcarbon_sim/data/<name>/`` holding

* ``structure.yaml``: the scenario skeleton without numbers (technology classes, fuels,
  profile files);
* ``*figures.csv``: one row per number, with columns ``key`` (the dotted scenario key it
  sets), ``year`` (blank for a value that holds every year), ``value``, ``unit``, ``source``,
  ``status`` (``verified``, ``derived`` or ``assumption``) and ``note`` (how a derived value was
  computed, or why an assumption was made);
* ``pipeline.csv`` (optional): committed projects, the ``power.pipeline`` section
  (:mod:`lowcarbon_sim.data.pipeline`);
* ``ranges.csv`` (optional): plausible ranges of figures, with their sources, for
  sensitivity runs (:mod:`lowcarbon_sim.data.ranges`);
* ``profiles/``: hourly CSV series with a README on their provenance.

:func:`dataset_tree` folds the figures into the skeleton, giving the defaults that a
scenario's ``dataset:`` starts from; :func:`figures` lists them for ``lowcarbon-sim data``.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lowcarbon_sim.data.monthly import resolve_monthly_references
from lowcarbon_sim.data.pipeline import pipeline_tree
from lowcarbon_sim.data.sourced_csv import STATUSES
from lowcarbon_sim.errors import DataError

DATA_DIR = Path(__file__).resolve().parent
FIGURE_COLUMNS = ("key", "year", "value", "unit", "source", "status", "note")


def available_datasets() -> list[str]:
    """Names of the packaged data sets."""
    return sorted(p.parent.name for p in DATA_DIR.glob("*/structure.yaml"))


def figures(name: str = "hunan") -> list[dict[str, str]]:
    """Every sourced figure of a data set, one dict per row (columns as in the CSV files).

    Raises
    ------
    KeyError
        If there is no such data set.
    """
    if name not in available_datasets():
        raise KeyError(name)
    folder = DATA_DIR / name
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob("*figures.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != FIGURE_COLUMNS:
                raise DataError(f"{path}: expected columns {', '.join(FIGURE_COLUMNS)}")
            for line, row in enumerate(reader, start=2):
                if row["status"] not in STATUSES:
                    raise DataError(
                        f"{path}, line {line}: status must be one of {', '.join(STATUSES)}, "
                        f"got {row['status']!r}"
                    )
                if not row["source"].strip():
                    raise DataError(f"{path}, line {line}: every figure needs a source")
                rows.append({**row, "file": path.name, "line": str(line)})
    return rows


@lru_cache(maxsize=8)
def _tree(name: str) -> dict[str, Any]:
    if name not in available_datasets():
        raise KeyError(name)  # also refuses names with '/' or '..' that lead elsewhere
    folder = DATA_DIR / name
    structure = folder / "structure.yaml"
    if not structure.is_file():
        raise KeyError(name)
    tree = yaml.safe_load(structure.read_text(encoding="utf-8")) or {}
    # further skeletons (e.g. sectors_structure.yaml) add their own top-level sections
    for extra in sorted(folder.glob("*_structure.yaml")):
        tree.update(yaml.safe_load(extra.read_text(encoding="utf-8")) or {})
    for row in figures(name):
        value: Any = float(row["value"])
        if row["unit"].strip():
            value = f"{row['value']} {row['unit'].strip()}"
        parts = row["key"].split(".")
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        leaf = parts[-1]
        if row["year"].strip():
            existing = node.get(leaf)
            if not isinstance(existing, dict):
                if existing is not None:
                    raise DataError(
                        f"{row['file']}, line {row['line']}: {row['key']} has both a value "
                        "for every year and values per year"
                    )
                existing = node[leaf] = {}
            existing[int(row["year"])] = value
        else:
            node[leaf] = value
    resolve_monthly_references(tree, folder)  # inflow shapes from monthly_generation.csv
    pipeline = pipeline_tree(folder)  # committed projects (pipeline.csv), power.pipeline
    if pipeline:
        tree.setdefault("power", {})["pipeline"] = pipeline
    return tree


def dataset_tree(name: str = "hunan") -> dict[str, Any]:
    """The scenario defaults of data set ``name`` as a nested mapping (a fresh copy)."""
    import copy

    return copy.deepcopy(_tree(name))


def package_path(relative: str) -> Path:
    """Absolute path of a file shipped in ``lowcarbon_sim/data``.

    Raises
    ------
    DataError
        If ``relative`` leads outside that folder (``..``, an absolute path, a link out).
    """
    path = (DATA_DIR / relative).resolve()
    if not path.is_relative_to(DATA_DIR):
        raise DataError(
            f"package:{relative}: a packaged file must lie inside the package's data folder "
            f"({DATA_DIR}); '..' and absolute paths are refused"
        )
    return path
