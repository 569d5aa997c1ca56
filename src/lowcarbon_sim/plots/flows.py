"""Hydrogen and CO2 flows by year as stacked bars: sources above zero, uses below.

The variables looked for are listed in the tables below; a variable that is absent is
skipped, so the figures work for results with or without the hydrogen and CCUS blocks.
Each variable is either by year only (one series named by the table) or by year and one
more dimension (one series per label of that dimension).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots._common import (
    as_dataset,
    has_data,
    legend_outside,
    new_axes,
    nonzero_labels,
    scenario_name,
    shade_history,
    stacked_bars,
    tech_display,
)
from lowcarbon_sim.plots.colours import (
    CARRIER_COLOURS,
    SECTOR_COLOURS,
    TECH_COLOURS,
    dataset_tech_colours,
    sector_colours,
)
from lowcarbon_sim.units import display_scale

#: Hydrogen sources (t H2, drawn above zero): variable -> label. A variable by year and
#: technology gives one series per technology (named by it for ``production``, else
#: ``"<tech> (<label>)"``); a variable by year only gives one series named by the label.
HYDROGEN_SOURCES: dict[str, str] = {
    "hydrogen_production": "production",
    "hydrogen_storage_discharge": "from storage",
}
#: Hydrogen uses (t H2, drawn below zero).
HYDROGEN_USES: dict[str, str] = {
    "hydrogen_use": "to power",
    "hydrogen_demand": "sector demand",
    "hydrogen_storage_charge": "into storage",
}
#: CO2 captured (t CO2, drawn above zero): by capturing technology and industrial source.
CO2_SOURCES: dict[str, str] = {
    "captured_co2": "captured",
    "captured_co2_industry": "captured",
}
#: Where captured CO2 goes (t CO2, drawn below zero).
CO2_SINKS: dict[str, str] = {
    "co2_stored": "stored",
    "co2_used": "utilised",
}
#: Labels whose series are named by the technology or source alone.
_PLAIN = ("production", "captured")


def _series(ds: xr.Dataset, table: Mapping[str, str], scale: float, sign: float):
    out: dict[str, np.ndarray] = {}
    for name, label in table.items():
        if not has_data(ds, name):
            continue
        da = ds[name]
        others = [d for d in da.dims if d != "year"]
        if not others:
            out[label] = sign * da.values / scale
            continue
        if len(others) > 1:
            da = da.sum([d for d in others[1:]])
        dim = others[0]
        for k in da[dim].values:
            key = str(k) if label in _PLAIN else f"{k} ({label})"
            out[key] = out.get(key, 0.0) + sign * da.sel({dim: k}).values / scale
    return {k: out[k] for k in nonzero_labels(out)}


def _colours(ds: xr.Dataset) -> dict[str, str]:
    colours = {**CARRIER_COLOURS, **SECTOR_COLOURS, **dataset_tech_colours(ds)}
    colours.update(
        {
            "stored": TECH_COLOURS["ccs"],
            "utilised": "#a569bd",
            "sector demand": SECTOR_COLOURS["industry"],
        }
    )
    return colours


def _flows(
    results: Any,
    sources: Mapping[str, str],
    uses: Mapping[str, str],
    scale: float,
    unit: str,
    what: str,
    ax: Axes | None,
) -> Figure:
    ds = as_dataset(results)
    up = _series(ds, sources, scale, 1.0)
    down = _series(ds, uses, scale, -1.0)
    if not up and not down:
        raise DataError(f"the results hold no {what} flows (all absent or zero)")
    years = [int(y) for y in ds["year"].values]
    x = np.arange(len(years))
    colours = _colours(ds)
    for label in down:
        base = label.split(" (")[0]
        colours.setdefault(label, colours.get(base) or sector_colours([base])[base])
    # legends show display names of technologies (series keys are ids or "<id> (<use>)")
    names = tech_display(ds)

    def shown(key: str) -> str:
        head, sep, tail = key.partition(" (")
        return f"{names.get(head, head)}{sep}{tail}"

    colours = {shown(k): v for k, v in colours.items()}
    up = {shown(k): v for k, v in up.items()}
    down = {shown(k): v for k, v in down.items()}
    fig, ax = new_axes(ax)
    shade_history(ax, ds, years, x)
    stacked_bars(ax, x, up, colours)
    if down:
        stacked_bars(ax, x, down, colours, hatch="//")
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel(f"{what} [{unit}]")
    ax.set_title(
        f"{what.capitalize()} flows: sources (above) and uses (below) - {scenario_name(ds)}"
    )
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    legend_outside(ax)
    return fig


def has_hydrogen(results: Any) -> bool:
    """Whether any hydrogen flow of :data:`HYDROGEN_SOURCES`/`HYDROGEN_USES` is non-zero."""
    ds = as_dataset(results)
    return any(has_data(ds, v) for v in (*HYDROGEN_SOURCES, *HYDROGEN_USES))


def has_co2_flows(results: Any) -> bool:
    """Whether any CO2 flow of :data:`CO2_SOURCES`/`CO2_SINKS` is non-zero."""
    ds = as_dataset(results)
    return any(has_data(ds, v) for v in (*CO2_SOURCES, *CO2_SINKS))


def plot_hydrogen_flows(results: Any, ax: Axes | None = None) -> Figure:
    """Hydrogen produced by technology (above zero) and used (below zero) per year.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path;
        variables of :data:`HYDROGEN_SOURCES` and :data:`HYDROGEN_USES` in t H2, shown in
        kt H2.
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers labelled with the producing technology, and ``"<name> (<use>)"``
        for uses (negative heights).

    Raises
    ------
    DataError
        If the results hold no non-zero hydrogen flow.
    """
    scale, shown = display_scale("t H2")
    return _flows(results, HYDROGEN_SOURCES, HYDROGEN_USES, scale, f"{shown}/yr", "hydrogen", ax)


def plot_co2_flows(results: Any, ax: Axes | None = None) -> Figure:
    """CO2 captured by technology (above zero) and its fate (below zero) per year.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path;
        ``captured_co2(year, tech)`` and the variables of :data:`CO2_SINKS` in t CO2, shown
        in Mt CO2.
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers labelled with the capturing technology, and e.g. ``"stored"`` for
        sinks (negative heights).

    Raises
    ------
    DataError
        If the results hold no non-zero CO2 flow.
    """
    scale, shown = display_scale("t CO2")
    return _flows(results, CO2_SOURCES, CO2_SINKS, scale, f"{shown}/yr", "captured CO2", ax)
