"""Capacity and generation mix by year, stacked by technology."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.plots._common import (
    as_dataset,
    legend_outside,
    new_axes,
    nonzero_labels,
    require,
    scenario_name,
    stacked_bars,
    years_of,
)
from lowcarbon_sim.plots.colours import dataset_tech_colours, tech_order
from lowcarbon_sim.units import display_scale


def _mix(
    results: Any,
    variable: str,
    scale: float,
    ylabel: str,
    title: str,
    years: Sequence[int] | None,
    ax: Axes | None,
) -> tuple[Figure, Axes, list[int]]:
    ds = as_dataset(results)
    require(ds, variable)
    ys = years_of(ds, years)
    data = ds[variable].sel(year=ys)
    series = {t: data.sel(tech=t).values / scale for t in tech_order(ds)}
    keep = nonzero_labels(series)
    series = {t: series[t] for t in keep}
    fig, ax = new_axes(ax)
    stacked_bars(ax, np.arange(len(ys)), series, dataset_tech_colours(ds))
    ax.set_xticks(np.arange(len(ys)), [str(y) for y in ys])
    ax.set_xlabel("year")
    ax.set_ylabel(ylabel)
    ax.set_title(f"{title} - {scenario_name(ds)}")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig, ax, ys


def plot_capacity_mix(
    results: Any, years: Sequence[int] | None = None, ax: Axes | None = None
) -> Figure:
    """Installed capacity at year end by technology, stacked bars per year.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses the variable ``capacity`` (MW), shown in GW. Storage technologies count with
        their power capacity; import lines with their transfer capacity.
    years
        Years to show (default: every modelled year).
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        One bar container per technology with non-zero capacity, labelled with the
        technology name; bar heights in GW.
    """
    scale, shown = display_scale("MW")
    fig, ax, _ = _mix(
        results, "capacity", scale, f"capacity [{shown}]", "Installed capacity", years, ax
    )
    legend_outside(ax)
    return fig


def plot_generation_mix(
    results: Any,
    years: Sequence[int] | None = None,
    ax: Axes | None = None,
    show_demand: bool = True,
) -> Figure:
    """Annual electricity supply by technology, stacked bars per year, with demand.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses ``generation`` (MWh, shown in TWh: imports and storage discharge included),
        ``storage_charge`` (MWh, drawn below zero when present) and ``annual_demand`` (MWh,
        a black line when present and ``show_demand``).
    years
        Years to show (default: every modelled year).
    ax
        Axes to draw into (default: a new figure).
    show_demand
        Draw the annual demand as a line with markers.

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers labelled with the technology name (TWh) and, for storage charging,
        ``"<tech> (charging)"`` with negative heights.
    """
    scale, shown = display_scale("MWh")
    fig, ax, ys = _mix(
        results, "generation", scale, f"electricity [{shown}]", "Electricity supply", years, ax
    )
    ds = as_dataset(results)
    x = np.arange(len(ys))
    if "storage_charge" in ds:
        charge = ds["storage_charge"].sel(year=ys)
        series = {t: -charge.sel(tech=t).values / scale for t in tech_order(ds)}
        series = {t: series[t] for t in nonzero_labels(series)}
        colours = dataset_tech_colours(ds)
        stacked_bars(ax, x, series, colours, hatch="//", label_suffix=" (charging)")
    if show_demand and "annual_demand" in ds:
        demand = ds["annual_demand"].sel(year=ys).values / scale
        ax.plot(x, demand, color="black", marker="o", linewidth=1.2, label="demand")
    legend_outside(ax)
    return fig
