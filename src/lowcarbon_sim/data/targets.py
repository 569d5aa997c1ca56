"""China's targets as data rows with their sources: ``<data set>/targets.csv``.

One row per official target: ``id``, ``indicator`` (the kind of ``policy.targets`` and of
``sectors.targets``: ``nonfossil_share``, ``energy_intensity``, ``co2_intensity``,
``co2_total``, ``energy_total``, ``peak_by``), ``period`` (a year, or ``base-year`` for a
change), ``threshold`` in ``unit`` (``%`` for shares and changes, ``year`` for a peak,
``Mt CO2``, ``Mtce``), ``scope`` (``hunan`` or ``national``), ``document`` and ``article``
(where in the document), ``status`` (``verified``, ``derived`` or ``assumption``; an
assumption says why in ``note``), ``source`` (where the figure was read) and ``note``.

The file is a catalogue, not a set of defaults: the numbers a scenario starts from stay in
``*figures.csv`` (``sectors.targets``); the scorecard looks up the row that matches each
target of a run (:func:`match_target`), Hunan's own before a national one.
"""

from __future__ import annotations

from functools import lru_cache

from lowcarbon_sim.data import DATA_DIR, available_datasets
from lowcarbon_sim.data.sourced_csv import sourced_rows
from lowcarbon_sim.errors import DataError

TARGET_COLUMNS = (
    "id",
    "indicator",
    "period",
    "threshold",
    "unit",
    "scope",
    "document",
    "article",
    "status",
    "source",
    "note",
)
INDICATORS = (
    "nonfossil_share",
    "energy_intensity",
    "co2_intensity",
    "co2_total",
    "energy_total",
    "peak_by",
)
SCOPES = ("hunan", "national")


@lru_cache(maxsize=8)
def _rows(name: str) -> tuple[dict[str, str], ...]:
    path = DATA_DIR / name / "targets.csv"
    if not path.is_file():
        return ()
    out = []
    for where, line, row in sourced_rows(path, TARGET_COLUMNS):
        if row["indicator"] not in INDICATORS:
            raise DataError(f"{where}: indicator must be one of {', '.join(INDICATORS)}")
        if row["scope"] not in SCOPES:
            raise DataError(f"{where}: scope must be one of {', '.join(SCOPES)}")
        if not row["document"].strip() and row["status"] != "assumption":
            raise DataError(f"{where}: a target needs its document (or status assumption)")
        out.append({**row, "line": str(line)})
    return tuple(out)


def target_rows(name: str = "hunan") -> list[dict[str, str]]:
    """The target rows of data set ``name`` (empty when it ships no ``targets.csv``).

    Raises
    ------
    KeyError
        If there is no such data set.
    """
    if name not in available_datasets():
        raise KeyError(name)
    return [dict(r) for r in _rows(name)]


def match_target(
    indicator: str, period: str, name: str = "hunan", scope: str | None = None
) -> dict[str, str] | None:
    """The row for ``indicator`` in ``period`` (a year ``"2030"`` or ``"2020-2025"``): the
    province's own first, else the national one (or only ``scope``); ``None`` if none.

    A peak target (``peak_by``) matches any row of its indicator whose year is not before
    the target's: "no rise after 2028" meets "peak before 2030".
    """
    rows = [r for r in target_rows(name) if r["indicator"] == indicator]
    if scope is not None:
        rows = [r for r in rows if r["scope"] == scope]
    if indicator == "peak_by":
        found = [r for r in rows if _year(r["period"]) >= _year(period)]
    else:
        found = [r for r in rows if r["period"] == str(period)]
    found.sort(key=lambda r: (SCOPES.index(r["scope"]), _year(r["period"])))
    return found[0] if found else None


def _year(period: str) -> int:
    try:
        return int(str(period).split("-")[-1])
    except ValueError:
        return -1
