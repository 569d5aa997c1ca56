"""Where every packaged number comes from: one table of figures and profiles with sources.

:func:`data_sources` lists each row of a data set's ``*figures.csv`` files and each hourly
profile named in its ``structure.yaml`` (with the provenance given in ``profiles/README.md``);
:func:`format_sources` renders that table as text for ``lowcarbon-sim data``.
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import yaml

from lowcarbon_sim.data import DATA_DIR, STATUSES, figures
from lowcarbon_sim.data.pipeline import pipeline_figures
from lowcarbon_sim.errors import DataError

SOURCE_COLUMNS = ("key", "year", "value", "unit", "status", "source", "note")
PACKAGE_PREFIX = "package:"
_MARKDOWN = re.compile(r"\*\*|`")


def _readme_rows(path) -> dict[str, dict[str, str]]:
    """Rows of the Markdown table in a profiles README, keyed by file name.

    The table has the columns ``file | column | unit | status | what | made how``.
    """
    if not path.is_file():
        return {}
    rows: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the separator line
        row = dict(zip(header, (_MARKDOWN.sub("", c).strip() for c in cells), strict=False))
        if "file" in row:
            rows[row["file"]] = row
    return rows


def _profile_rows(dataset: str) -> list[dict[str, object]]:
    """One provenance row per profile in the data set's ``structure.yaml``."""
    folder = DATA_DIR / dataset
    structure = yaml.safe_load((folder / "structure.yaml").read_text(encoding="utf-8")) or {}
    readme_path = folder / "profiles" / "README.md"
    readme = _readme_rows(readme_path)
    rows: list[dict[str, object]] = []
    for name, spec in (structure.get("profiles") or {}).items():
        file = str(spec["file"])
        relative = file.removeprefix(PACKAGE_PREFIX)
        path = DATA_DIR / relative
        info = readme.get(path.name)
        if info is None:
            raise DataError(f"{readme_path}: no provenance row for profile file {path.name}")
        status = info.get("status", "")
        if status not in STATUSES:
            raise DataError(
                f"{readme_path}: status of {path.name} must be one of {', '.join(STATUSES)}, "
                f"got {status!r}"
            )
        if not info.get("made how"):
            raise DataError(f"{readme_path}: profile {path.name} needs a source ('made how')")
        values = pd.read_csv(path, usecols=[spec["column"]])[spec["column"]].to_numpy(float)
        rows.append(
            {
                "key": f"profiles.{name}",
                "year": pd.NA,
                "value": float(np.mean(values)),
                "unit": info.get("unit", ""),
                "status": status,
                "source": info["made how"],
                "note": (
                    f"{info.get('what', '')}; file {relative}, column {spec['column']}; value is "
                    f"the mean of the {len(values)} hourly values"
                ),
            }
        )
    return rows


def data_sources(dataset: str = "hunan") -> pd.DataFrame:
    """Every packaged number of a data set with its unit, status and source.

    Parameters
    ----------
    dataset
        Name of the packaged data set (a folder of ``lowcarbon_sim/data``).

    Returns
    -------
    pandas.DataFrame
        One row per figure of the ``*figures.csv`` files (in file order), then one row per
        hourly profile. Columns:

        ``key``
            Dotted scenario key the figure sets (``profiles.<name>`` for a profile).
        ``year``
            Year the figure holds for (nullable ``Int64``; missing for every year).
        ``value``
            The number, in ``unit`` (float). For a profile: the mean of its 8760 hourly
            values (MW for load, p.u. of capacity for availabilities).
        ``unit``, ``status``, ``source``, ``note``
            As in the data files; ``status`` is ``verified``, ``derived`` or ``assumption``
            (synthetic profiles are ``assumption``).

    Raises
    ------
    KeyError
        If there is no such data set.
    DataError
        If a data file is malformed or a profile has no provenance row in the README.

    Examples
    --------
    >>> df = data_sources("hunan")
    >>> list(df.columns)
    ['key', 'year', 'value', 'unit', 'status', 'source', 'note']
    >>> row = df[df["key"] == "profiles.solar"].iloc[0]
    >>> row["status"], round(row["value"] * 8760)
    ('assumption', 902)
    >>> bool((df["status"] == "assumption").any())
    True
    """
    records: list[dict[str, object]] = [
        {
            "key": r["key"],
            "year": int(r["year"]) if r["year"].strip() else pd.NA,
            "value": float(r["value"]),
            "unit": r["unit"],
            "status": r["status"],
            "source": r["source"],
            "note": r["note"] or "",
        }
        for r in [*figures(dataset), *pipeline_figures(DATA_DIR / dataset)]
    ]
    records += _profile_rows(dataset)
    frame = pd.DataFrame.from_records(records, columns=list(SOURCE_COLUMNS))
    return frame.astype({"year": "Int64", "value": "float64"})


def _number(value: float) -> str:
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def format_sources(df: pd.DataFrame, only_assumptions: bool = False, width: int = 100) -> str:
    """Render a :func:`data_sources` table as readable text.

    Each figure is one line with its key, year, value, unit and status, followed by its source
    and note, indented and wrapped to ``width`` characters. A final line counts the rows by
    status.

    Parameters
    ----------
    df
        A table with the columns of :func:`data_sources`.
    only_assumptions
        If true, list only the rows whose status is ``assumption`` (the numbers a user should
        review first).
    width
        Maximum line width of the wrapped source and note text (characters).

    Returns
    -------
    str
        The text, ending with a newline.

    Examples
    --------
    >>> df = data_sources("hunan")
    >>> text = format_sources(df, only_assumptions=True)
    >>> print(text.splitlines()[0])  # doctest: +NORMALIZE_WHITESPACE
    key year value unit status
    >>> "profiles.wind" in text and "SYNTHETIC" in text
    True
    >>> "verified" in text.splitlines()[-1]
    False
    """
    rows = df[df["status"] == "assumption"] if only_assumptions else df
    keys = [str(k) for k in rows["key"]]
    years = ["" if pd.isna(y) else str(int(y)) for y in rows["year"]]
    values = [_number(float(v)) for v in rows["value"]]
    units = [str(u) for u in rows["unit"]]
    statuses = [str(s) for s in rows["status"]]
    head = ("key", "year", "value", "unit", "status")
    cols = (keys, years, values, units, statuses)
    widths = [max([len(h), *map(len, c)]) for h, c in zip(head, cols, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        k, y, v, u, s = cells
        w = widths
        return f"{k:<{w[0]}}  {y:>{w[1]}}  {v:>{w[2]}}  {u:<{w[3]}}  {s:<{w[4]}}".rstrip()

    out = [line(head), "-" * min(width, sum(widths) + 8)]
    for i, (source, note) in enumerate(zip(rows["source"], rows["note"], strict=True)):
        out.append(line((keys[i], years[i], values[i], units[i], statuses[i])))
        for label, text in (("source", source), ("note", note)):
            text = "" if pd.isna(text) else str(text).strip()
            if text:
                out += textwrap.wrap(
                    text,
                    width=width,
                    initial_indent=f"    {label + ':':<8}",
                    subsequent_indent=" " * 12,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
    counts = rows["status"].value_counts()
    summary = ", ".join(f"{int(counts[s])} {s}" for s in STATUSES if s in counts.index)
    out.append(f"{len(rows)} rows: {summary}" if summary else "0 rows")
    return "\n".join(out) + "\n"
