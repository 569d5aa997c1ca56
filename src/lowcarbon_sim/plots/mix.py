"""Capacity and generation mix by year, stacked by technology.

Legends show display names (:mod:`lowcarbon_sim.plots.labels`), history years are shaded.
The capacity chart groups technologies by their class in the technology table
(:func:`capacity_group`): power plants and storage (GW electric) are "installed capacity";
import lines (GW of transfer capacity) get a panel of their own; hydrogen and heat plants
(whose capacity is hydrogen or heat, or electricity drawn) and demand response are not
installed generating capacity and are listed in a note under the chart instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.plots._common import (
    as_dataset,
    by_label,
    legend_outside,
    new_axes,
    nonzero_labels,
    require,
    scenario_name,
    shade_history,
    stacked_bars,
    tech_display,
    years_of,
)
from lowcarbon_sim.plots.colours import dataset_tech_colours, tech_order
from lowcarbon_sim.plots.labels import class_label, format_number
from lowcarbon_sim.technology import TECH_CLASSES
from lowcarbon_sim.units import display_scale

#: Groups of :func:`capacity_group`, in panel order, with the panel titles.
CAPACITY_GROUPS: dict[str, str] = {
    "plants": "Power plants and storage",
    "imports": "Import lines (transfer capacity)",
}


def capacity_group(cls: str) -> str:
    """Where a technology of class ``cls`` goes on the capacity chart, from the class's row.

    ``plants`` (delivers electricity from a fuel, a primary source or a store; unknown
    classes too), ``imports`` (IAMC category ``Imports``: transmission lines into the
    province), or ``other`` (delivers hydrogen or heat, or is demand response: no input
    and no primary energy).

    >>> capacity_group("dispatchable"), capacity_group("import"), capacity_group("heat_boiler")
    ('plants', 'imports', 'other')
    """
    row = TECH_CLASSES.get(str(cls))
    if row is None:
        return "plants"
    if row.carrier_out != "electricity":
        return "other"
    if row.iamc_category == "Imports":
        return "imports"
    if row.carrier_in is None and row.primary_energy == "none":
        return "other"  # interruptible load, shifted demand: no plant
    return "plants"


def _groups(ds: xr.Dataset) -> dict[str, str]:
    classes = ds["tech_class"].values if "tech_class" in ds else [""] * ds.sizes["tech"]
    return {str(t): capacity_group(str(c)) for t, c in zip(ds["tech"].values, classes, strict=True)}


def _draw_mix(
    ax: Axes,
    ds: xr.Dataset,
    data: xr.DataArray,
    techs: Sequence[str],
    ys: Sequence[int],
    scale: float,
) -> dict[str, np.ndarray]:
    """Stacked bars of ``data`` for ``techs`` (display names), history shaded; the series."""
    labels = tech_display(ds)
    series = {t: data.sel(tech=t).values / scale for t in techs}
    series = {t: series[t] for t in nonzero_labels(series)}
    colours = by_label(dataset_tech_colours(ds), labels)
    x = np.arange(len(ys))
    shade_history(ax, ds, ys, x)
    stacked_bars(ax, x, by_label(series, labels), colours)
    ax.set_xticks(x, [str(y) for y in ys])
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return series


def plot_capacity_mix(
    results: Any, years: Sequence[int] | None = None, ax: Axes | None = None
) -> Figure:
    """Installed capacity at year end by technology, stacked bars per year.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses the variable ``capacity`` (MW), shown in GW, and ``tech_class`` to group the
        technologies (:func:`capacity_group`).
    years
        Years to show (default: every modelled year).
    ax
        Axes to draw the power plants into (default: a new figure, with a second panel for
        import lines when the results have any). With ``ax`` only the plants are drawn.

    Returns
    -------
    matplotlib.figure.Figure
        First axes: power plants and storage (storage with its power capacity), one bar
        container per technology with non-zero capacity, labelled with its display name;
        bar heights in GW. Second axes (when present): import lines, GW of transfer
        capacity. Hydrogen and heat plants and demand response are named in a note (the
        figure's text) with their largest capacity, not stacked.
    """
    ds = as_dataset(results)
    require(ds, "capacity")
    ys = years_of(ds, years)
    data = ds["capacity"].sel(year=ys)
    scale, shown = display_scale("MW")
    group = _groups(ds)
    order = tech_order(ds)
    members = {g: [t for t in order if group[t] == g] for g in (*CAPACITY_GROUPS, "other")}
    imports = {t: data.sel(tech=t).values / scale for t in members["imports"]}
    has_imports = ax is None and bool(nonzero_labels(imports))
    if ax is None:
        fig = Figure(
            figsize=(8.0, 6.4 if has_imports else 4.5),
            layout="constrained",
        )
        axes = fig.subplots(
            2 if has_imports else 1,
            1,
            squeeze=False,
            sharex=True,
            gridspec_kw={"height_ratios": [3, 1]} if has_imports else None,
        )[:, 0]
    else:
        fig, _ = new_axes(ax)
        axes = [ax]
    ax0 = axes[0]
    _draw_mix(ax0, ds, data, members["plants"], ys, scale)
    ax0.set_ylabel(f"capacity [{shown}]")
    ax0.set_title(f"Installed capacity: {CAPACITY_GROUPS['plants'].lower()} - {scenario_name(ds)}")
    legend_outside(ax0)
    if has_imports:
        ax1 = axes[1]
        _draw_mix(ax1, ds, data, members["imports"], ys, scale)
        ax1.set_ylabel(f"transfer [{shown}]")
        ax1.set_title(CAPACITY_GROUPS["imports"], fontsize="medium")
        legend_outside(ax1)
    axes[-1].set_xlabel("year")
    left_out = []
    classes = (
        dict(zip(ds["tech"].values, ds["tech_class"].values, strict=True))
        if ("tech_class" in ds)
        else {}
    )
    labels = tech_display(ds)
    for t in members["other"]:
        peak = float(np.nanmax(np.abs(data.sel(tech=t).values), initial=0.0)) / scale
        if peak > 0:
            cls = class_label(str(classes.get(t, "")))
            left_out.append(f"{labels[t]} ({cls}, up to {format_number(peak, 1)} {shown})")
    if left_out:
        # inside the axes' layout box, so that constrained layout makes room for it
        axes[-1].annotate(
            "Not stacked (no generating capacity):\n" + "\n".join(left_out),
            xy=(0.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -36),  # below the tick labels and the axis label
            textcoords="offset points",
            fontsize="x-small",
            color="#555555",
            va="top",
            annotation_clip=False,
        )
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
        Years to show (default: every modelled year; history years shaded).
    ax
        Axes to draw into (default: a new figure).
    show_demand
        Draw the annual demand as a line with markers.

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers labelled with the technology's display name (TWh) and, for storage
        charging, ``"<name> (charging)"`` with negative heights.
    """
    ds = as_dataset(results)
    require(ds, "generation")
    ys = years_of(ds, years)
    scale, shown = display_scale("MWh")
    fig, ax = new_axes(ax)
    _draw_mix(ax, ds, ds["generation"].sel(year=ys), tech_order(ds), ys, scale)
    x = np.arange(len(ys))
    if "storage_charge" in ds:
        labels = tech_display(ds)
        charge = ds["storage_charge"].sel(year=ys)
        series = {t: -charge.sel(tech=t).values / scale for t in tech_order(ds)}
        series = {t: series[t] for t in nonzero_labels(series)}
        colours = by_label(dataset_tech_colours(ds), labels, " (charging)")
        stacked_bars(ax, x, by_label(series, labels, " (charging)"), colours, hatch="//")
    if show_demand and "annual_demand" in ds:
        demand = ds["annual_demand"].sel(year=ys).values / scale
        ax.plot(x, demand, color="black", marker="o", linewidth=1.2, label="demand")
    ax.set_xlabel("year")
    ax.set_ylabel(f"electricity [{shown}]")
    ax.set_title(f"Electricity supply - {scenario_name(ds)}")
    legend_outside(ax)
    return fig
