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


def _figure(figsize=(7.0, 4.0), ncols: int = 1):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, (fig.add_subplot() if ncols == 1 else fig.subplots(1, ncols))


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


def _mac_steps(ax, curve: pd.DataFrame, colour: str = "tab:green", label: str | None = None):
    """The MAC curve as steps: the abatement between two prices costs the higher price
    (``where="pre"``), so no abatement is drawn at the reference price."""
    abatement = to_display(curve["abatement"].values, "t CO2")[0]
    price = curve["price"].values
    ax.step(abatement, price, where="pre", color=colour, lw=2, label=label)
    ax.plot(abatement, price, "o", color=colour, ms=4)


def mac_plot(curve: pd.DataFrame):
    """Marginal abatement cost curve: CO2 price (yuan/t) against abatement (Mt CO2), steps.

    The x label says what the abatement sums (``curve.attrs["sums"]``: one year or the
    modelled years) and the reference (the lowest price of the sweep).
    """
    fig, ax = _figure()
    _mac_steps(ax, curve)
    sums = curve.attrs.get("sums", "")
    per_year = sums.startswith("in ")
    reference = curve.attrs.get("reference_price", 0.0)
    ax.set_xlabel(
        f"abatement {sums} against {reference:g} yuan/t CO2 "
        f"[Mt CO2{'/yr' if per_year else ''}]".replace("  ", " ")
    )
    ax.set_ylabel("CO2 price [yuan/t CO2]")
    ax.set_title("marginal abatement cost curve")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    return fig


def abatement_curves(by_year: pd.DataFrame, cumulative: pd.DataFrame, year: int | None = None):
    """MAC curves of one year and summed over the years, side by side.

    Parameters
    ----------
    by_year
        :func:`~lowcarbon_sim.ensemble.sweep.abatement_by_year` (t CO2 per year).
    cumulative
        :func:`~lowcarbon_sim.ensemble.sweep.mac_curve` without a year (t CO2 summed over
        the modelled years).
    year
        Year of the left panel (default: the last year).

    Returns
    -------
    matplotlib.figure.Figure
        Left: price against abatement in ``year`` [Mt CO2/yr], with thin lines for the
        other years that abate; right: price against cumulative abatement [Mt CO2]. Each x
        label says what it sums.
    """
    fig, (left, right) = _figure((11.0, 4.2), ncols=2)
    years = sorted(int(y) for y in by_year["year"].unique())
    year = int(year) if year is not None else years[-1]
    reference = cumulative.attrs.get("reference_price", 0.0)
    for y in years:
        curve = by_year[by_year["year"] == y]
        if y != year and curve["abatement"].abs().max() > 0:
            abatement = to_display(curve["abatement"].values, "t CO2")[0]
            left.step(abatement, curve["price"], where="pre", color="grey", lw=0.8, alpha=0.5)
    _mac_steps(left, by_year[by_year["year"] == year], label=f"{year}")
    left.set_xlabel(f"abatement in {year} against {reference:g} yuan/t CO2 [Mt CO2/yr]")
    left.set_ylabel("CO2 price [yuan/t CO2]")
    left.set_title(f"one year: {year} (grey: other years)", fontsize="medium")
    _mac_steps(right, cumulative, colour="tab:blue")
    right.set_xlabel(f"abatement {cumulative.attrs.get('sums', 'over the years')} [Mt CO2]")
    right.set_title("cumulative", fontsize="medium")
    for ax in (left, right):
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    fig.suptitle("Marginal abatement cost curve")
    return fig


def sweep_emissions(ds: xr.Dataset, key: str):
    """Total CO2 emissions by year of every finished member of a sweep, one line per value
    of ``key`` (labelled ``"<key> = <value>"``), Mt CO2/yr."""
    from matplotlib import colormaps

    ok = ok_members(ds)
    em = _emissions(ok)
    fig, ax = _figure((8.0, 4.2))
    values = ok[key].values if key in ok.coords else np.arange(ok.sizes["sample"])
    order = np.argsort(values) if np.asarray(values).dtype.kind in "fiu" else range(len(values))
    cmap = colormaps["viridis"]
    n = max(1, len(values) - 1)
    for rank, i in enumerate(order):
        mt = to_display(em.isel(sample=int(i)).values, "t CO2")[0]
        ax.plot(
            em["year"].values,
            mt,
            marker="o",
            ms=3,
            color=cmap(rank / n),
            label=f"{key} = {values[int(i)]}",
        )
    ax.set_xlabel("year")
    ax.set_ylabel("CO2 emissions [Mt CO2/yr]")
    ax.set_title(f"{ds.attrs.get('scenario', '')}: sweep of {key}")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small", frameon=False)
    return fig
