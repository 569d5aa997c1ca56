"""Summaries of a combined ensemble file: peak distribution, targets, sensitivities.

The peak of a member is the peak among its decision years with a 1 % plateau
(:mod:`lowcarbon_sim.results.peak`): history years are the same in every member, so a peak
over all years would say nothing about the scenario. :func:`peak_probability` gives the
share of members that have peaked by each year.

Every function takes the combined Dataset (``ensemble.nc``: dimension ``sample``, parameter
coordinates, ``status``) and uses only members with ``status == "ok"``.

Sensitivity measures (per uncertain input and output):

* ``spearman``: Spearman rank correlation, i.e. the Pearson correlation of the ranks
  (average ranks for ties); in [-1, 1], negative when a larger input gives a smaller output;
* ``prcc``: partial rank correlation coefficient: the correlation of the residuals of the
  input's ranks and the output's ranks after a linear regression on the ranks of all other
  inputs (Saltelli et al. 2004, *Sensitivity Analysis in Practice*, ch. 6); it needs more
  members than inputs + 1, else NaN.

A constant input or output (e.g. the peak year is 2023 in every member) gives NaN, not a
number: nothing varies, nothing can be attributed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
from scipy.stats import rankdata

from lowcarbon_sim.results.io import atomic_write
from lowcarbon_sim.units import to_display

PEAK_OUTPUTS = ("peak_year", "peak_emissions")
# outputs whose drivers the sensitivity table reports by default: the peak, and the level in
# the last modelled year (informative when the peak lies in the history years)
SENSITIVITY_OUTPUTS = (*PEAK_OUTPUTS, "final_year_emissions")
PERCENTILES = (5, 25, 50, 75, 95)


def ok_members(ds: xr.Dataset) -> xr.Dataset:
    """The members that finished (``status == "ok"``)."""
    if "status" not in ds.coords:
        return ds
    return ds.isel(sample=np.flatnonzero(ds["status"].values == "ok"))


def parameter_names(ds: xr.Dataset) -> list[str]:
    """The dotted keys sampled or swept (coordinates along ``sample``)."""
    if "parameters" in ds.attrs:
        return list(json.loads(ds.attrs["parameters"]))
    skip = {"sample", "status", "error"}
    return [c for c in ds.coords if c not in skip and ds[c].dims == ("sample",)]


def parameter_table(ds: xr.Dataset) -> pd.DataFrame:
    """Inputs as numbers, one row per member (index ``sample``), one column per key.

    Discrete values that are not numbers are coded by their position in the declared
    ``values`` list (so their order ranks them), or by first appearance.
    """
    plan = json.loads(ds.attrs.get("plan", "{}"))
    declared = plan.get("uncertainty", {}).get("parameters", {})
    cols = {}
    for key in parameter_names(ds):
        values = ds[key].values
        if values.dtype.kind in "fiub":
            cols[key] = values.astype(float)
            continue
        order = [str(v) for v in declared.get(key, {}).get("values", [])]
        for v in values:
            if str(v) not in order:
                order.append(str(v))
        cols[key] = np.array([order.index(str(v)) for v in values], dtype=float)
    return pd.DataFrame(cols, index=pd.Index(ds["sample"].values, name="sample"))


def peak_distribution(ds: xr.Dataset) -> pd.DataFrame:
    """Distribution of the peak year and the peak level over the members.

    Returns a table with rows ``peak_year`` (year), ``peak_emissions`` and
    ``final_year_emissions`` (t CO2, in the last modelled year) and columns
    ``units, n, mean, std, min, p5, p25, p50, p75, p95, max``.
    """
    ok = ok_members(ds)
    rows = []
    for name in SENSITIVITY_OUTPUTS:
        if name not in ok:
            continue
        v = ok[name].values.astype(float)
        v = v[np.isfinite(v)]
        row: dict[str, Any] = {
            "output": name,
            "units": ok[name].attrs.get("units", ""),
            "n": v.size,
        }
        if v.size:
            row.update(mean=v.mean(), std=v.std(ddof=1) if v.size > 1 else 0.0, min=v.min())
            row.update({f"p{p}": np.percentile(v, p) for p in PERCENTILES})
            row["max"] = v.max()
        rows.append(row)
    return pd.DataFrame(rows).set_index("output")


def peak_year_counts(ds: xr.Dataset) -> pd.DataFrame:
    """How many members peak in each year, and their share (columns ``count``, ``share``)."""
    ok = ok_members(ds)
    years = ok["peak_year"].values
    years = years[np.isfinite(years)].astype(int)
    uniq, counts = np.unique(years, return_counts=True)
    share = counts / max(1, years.size)
    return pd.DataFrame({"count": counts, "share": share}, index=pd.Index(uniq, name="peak_year"))


def peak_probability(ds: xr.Dataset) -> pd.DataFrame:
    """Probability of having peaked by each year: the share of members whose decision-year
    peak (:mod:`lowcarbon_sim.results.peak`: first year within 1 % of the highest decision
    year) is in or before that year and before their last modelled year (``peaked``).

    Returns a table indexed by ``year`` (the decision years of the members' peaks and the
    modelled years, when the file has them) with columns ``probability`` and ``n``.
    """
    ok = ok_members(ds)
    if "peak_year" not in ok:
        return pd.DataFrame(columns=["probability", "n"])
    years = ok["peak_year"].values.astype(float)
    peaked = ok["peaked"].values.astype(float) if "peaked" in ok else np.ones_like(years)
    valid = np.isfinite(years)
    done = valid & (peaked > 0)
    grid = set(years[done].astype(int).tolist())
    if "year" in ok.coords:
        grid |= {int(y) for y in ok["year"].values}
    index = sorted(grid)
    n = int(valid.sum())
    prob = [float((done & (years <= y)).sum()) / max(1, n) for y in index]
    return pd.DataFrame(
        {"probability": prob, "n": [n] * len(index)}, index=pd.Index(index, name="year")
    )


def target_probabilities(ds: xr.Dataset) -> pd.DataFrame:
    """Share of members meeting each policy target (empty when results have no targets)."""
    ok = ok_members(ds)
    if "target_met" not in ok or "target" not in ok.dims:
        return pd.DataFrame(columns=["probability", "n"])
    met = ok["target_met"].values.astype(float)  # (sample, target)
    axis = ok["target_met"].dims.index("sample")
    n = np.isfinite(met).sum(axis=axis)
    prob = np.nansum(met, axis=axis) / np.maximum(n, 1)
    return pd.DataFrame(
        {"probability": prob, "n": n}, index=pd.Index(ok["target"].values, name="target")
    )


def _rank_corr(x: np.ndarray, y: np.ndarray) -> float:
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return float("nan")
    return float(np.corrcoef(rankdata(x), rankdata(y))[0, 1])


def _prcc(ranks: np.ndarray, ry: np.ndarray, j: int) -> float:
    n, d = ranks.shape
    if n <= d + 1 or np.ptp(ranks[:, j]) == 0 or np.ptp(ry) == 0:
        return float("nan")
    others = np.column_stack([np.ones(n), np.delete(ranks, j, axis=1)])
    beta_x, *_ = np.linalg.lstsq(others, ranks[:, j], rcond=None)
    beta_y, *_ = np.linalg.lstsq(others, ry, rcond=None)
    rx = ranks[:, j] - others @ beta_x
    rr = ry - others @ beta_y
    if np.std(rx) < 1e-12 or np.std(rr) < 1e-12:
        return float("nan")
    return float(np.corrcoef(rx, rr)[0, 1])


def sensitivity(ds: xr.Dataset, outputs: Sequence[str] = SENSITIVITY_OUTPUTS) -> pd.DataFrame:
    """Rank-based sensitivity of each output to each input.

    Returns a tidy table with columns ``parameter, output, spearman, prcc``, sorted by output
    and by decreasing ``|spearman|``. Outputs may be any per-sample variable (e.g.
    ``peak_year``, ``peak_emissions``).
    """
    ok = ok_members(ds)
    x = parameter_table(ok)
    rows = []
    ranks = np.column_stack([rankdata(x[c].values) for c in x.columns]) if len(x.columns) else None
    for out in outputs:
        if out not in ok or ok[out].dims != ("sample",):
            continue
        y = ok[out].values.astype(float)
        good = np.isfinite(y)
        for j, key in enumerate(x.columns):
            xs = x[key].values[good]
            rows.append(
                {
                    "parameter": key,
                    "output": out,
                    "spearman": _rank_corr(xs, y[good]),
                    "prcc": _prcc(ranks[good], rankdata(y[good]), j)
                    if ranks is not None
                    else np.nan,
                    "n": int(good.sum()),
                }
            )
    df = pd.DataFrame(rows, columns=["parameter", "output", "spearman", "prcc", "n"])
    if df.empty:
        return df
    df["_abs"] = df["spearman"].abs().fillna(-1)
    df = df.sort_values(["output", "_abs"], ascending=[True, False]).drop(columns="_abs")
    return df.reset_index(drop=True)


def summarize(ds: xr.Dataset) -> dict[str, pd.DataFrame]:
    """All summary tables: ``peak``, ``peak_years``, ``peak_by_year``, ``targets``,
    ``sensitivity``."""
    return {
        "peak": peak_distribution(ds),
        "peak_years": peak_year_counts(ds) if "peak_year" in ds else pd.DataFrame(),
        "peak_by_year": peak_probability(ds),
        "targets": target_probabilities(ds),
        "sensitivity": sensitivity(ds),
    }


def write_summary(ds: xr.Dataset, out_dir) -> list:
    """Write each summary table as ``summary_<name>.csv`` in ``out_dir`` (atomically)."""
    from pathlib import Path

    paths = []
    for name, table in summarize(ds).items():
        path = Path(out_dir) / f"summary_{name}.csv"
        text = table.to_csv()
        paths.append(atomic_write(path, lambda p, t=text: p.write_text(t)))
    return paths


def summary_text(ds: xr.Dataset) -> str:
    """A short printable summary: members, peak year and level, targets, top drivers."""
    tables = summarize(ds)
    n, n_ok = ds.sizes.get("sample", 0), ok_members(ds).sizes.get("sample", 0)
    lines = [f"Ensemble of '{ds.attrs.get('scenario', '?')}': {n_ok}/{n} members ok"]
    peak = tables["peak"]
    if "peak_year" in peak.index and peak.loc["peak_year", "n"]:
        p = peak.loc["peak_year"]
        lines.append(f"peak year: median {p['p50']:.0f}, 5-95 % {p['p5']:.0f}-{p['p95']:.0f}")
        counts = tables["peak_years"]
        lines.append(
            "  "
            + ", ".join(f"{y}: {s:.0%}" for y, s in zip(counts.index, counts["share"], strict=True))
        )
    by_year = tables["peak_by_year"]
    if not by_year.empty:
        lines.append(
            "probability of having peaked (decision years) by: "
            + ", ".join(f"{y}: {p:.0%}" for y, p in by_year["probability"].items())
        )
    if "peak_emissions" in peak.index and peak.loc["peak_emissions", "n"]:
        p, _ = to_display(peak.loc["peak_emissions", ["p5", "p50", "p95"]], "t CO2")
        lines.append(
            f"peak emissions: median {p['p50']:.2f} Mt CO2, 5-95 % {p['p5']:.2f}-{p['p95']:.2f} Mt"
        )
    if "final_year_emissions" in peak.index and peak.loc["final_year_emissions", "n"]:
        p, _ = to_display(peak.loc["final_year_emissions", ["p5", "p50", "p95"]], "t CO2")
        lines.append(
            f"emissions in the last year: median {p['p50']:.2f} Mt CO2, 5-95 % "
            f"{p['p5']:.2f}-{p['p95']:.2f} Mt"
        )
    for target, row in tables["targets"].iterrows():
        lines.append(f"target {target}: met in {row['probability']:.0%} of members")
    sens = tables["sensitivity"]
    for out in SENSITIVITY_OUTPUTS:
        sub = sens[sens["output"] == out] if not sens.empty else sens
        if sub.empty or sub["spearman"].isna().all():
            if not sub.empty:
                lines.append(f"drivers of {out}: none ({out} does not vary)")
            continue
        top = ", ".join(
            f"{r.parameter} ({r.spearman:+.2f})"
            for r in sub.head(3).itertuples()
            if np.isfinite(r.spearman)
        )
        lines.append(f"drivers of {out} (Spearman): {top}")
    return "\n".join(lines)
