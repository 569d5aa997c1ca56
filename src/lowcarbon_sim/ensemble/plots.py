"""Figures of ensembles and sweeps (matplotlib, Agg backend; each returns a Figure).

They read only the combined file or the tables built from it, never a model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.ensemble.summary import ok_members
from lowcarbon_sim.units import to_display


def _figure(figsize=(7.0, 4.0)):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _emissions(ds: xr.Dataset) -> xr.DataArray:
    if "total_emissions" in ds:
        return ds["total_emissions"]
    return ds["emissions"].sum("sector")


def fan_chart(
    ds: xr.Dataset, percentiles: Sequence[float] = (5, 25, 50, 75, 95), variable: str | None = None
):
    """Fan chart of the emission trajectory: median line and shaded percentile bands, Mt CO2.

    ``percentiles`` must be symmetric around 50 (pairs outer to inner, plus 50).
    """
    ok = ok_members(ds)
    da = ok[variable] if variable else _emissions(ok)
    years = da["year"].values
    mt = to_display(da.transpose("sample", "year").values, "t CO2")[0]
    q = np.nanpercentile(mt, list(percentiles), axis=0)
    fig, ax = _figure()
    p = list(percentiles)
    pairs = [(i, len(p) - 1 - i) for i in range(len(p) // 2)]
    for depth, (lo, hi) in enumerate(pairs):
        ax.fill_between(
            years,
            q[lo],
            q[hi],
            color="tab:red",
            alpha=0.15 + 0.2 * depth,
            linewidth=0,
            label=f"{p[lo]:g}-{p[hi]:g} %",
        )
    if 50 in p:
        ax.plot(years, q[p.index(50)], color="tab:red", lw=2, label="median")
    ax.set_xlabel("year")
    ax.set_ylabel("CO2 emissions [Mt CO2/yr]")
    ax.set_title(f"{ds.attrs.get('scenario', '')}: {ok.sizes['sample']} members")
    ax.legend(loc="best", fontsize="small")
    return fig


def peak_year_histogram(ds: xr.Dataset):
    """Histogram of the peak year over the members (share of members per year)."""
    ok = ok_members(ds)
    years = ok["peak_year"].values
    years = years[np.isfinite(years)].astype(int)
    uniq, counts = np.unique(years, return_counts=True)
    fig, ax = _figure((6.0, 3.5))
    ax.bar(uniq, counts / max(1, years.size), color="tab:blue", width=0.8)
    ax.set_xticks(uniq)
    ax.set_xlabel("peak year")
    ax.set_ylabel("share of members")
    return fig


def tornado(sens: pd.DataFrame, output: str = "peak_year", measure: str = "spearman"):
    """Horizontal bars of a sensitivity measure per input (largest magnitude at the top)."""
    sub = sens[sens["output"] == output].copy()
    sub["_abs"] = sub[measure].abs()
    sub = sub.sort_values("_abs", ascending=True)
    fig, ax = _figure((6.0, 0.5 + 0.45 * max(1, len(sub))))
    values = sub[measure].fillna(0.0).values
    colors = ["tab:blue" if v < 0 else "tab:red" for v in values]
    ax.barh(sub["parameter"].values, values, color=colors)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"{measure} rank correlation with {output}")
    return fig


def mac_plot(curve: pd.DataFrame):
    """Marginal abatement cost curve: CO2 price (yuan/t) against abatement (Mt CO2), steps."""
    fig, ax = _figure()
    abatement = to_display(curve["abatement"].values, "t CO2")[0]
    ax.step(abatement, curve["price"].values, where="post", color="tab:green", lw=2)
    ax.plot(abatement, curve["price"].values, "o", color="tab:green", ms=4)
    ax.set_xlabel("abatement against no CO2 price [Mt CO2]")
    ax.set_ylabel("CO2 price [yuan/t CO2]")
    ax.set_title("marginal abatement cost curve")
    return fig
