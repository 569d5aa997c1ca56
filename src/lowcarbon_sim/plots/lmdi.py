"""A waterfall of the LMDI decomposition of the change in CO2 between two years.

The decomposition itself is :func:`lowcarbon_sim.sectors.lmdi.lmdi` (figures read results
only and never import the sector modules): the CLI computes it from the results and passes
it here, with the start year's total in the attribute ``start_total``.
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots._common import new_axes
from lowcarbon_sim.units import display_scale

#: Display names of the LMDI factors (``effect`` coordinate ``factor``).
FACTOR_LABELS: dict[str, str] = {
    "population": "Population",
    "gdp_per_capita": "GDP per capita",
    "energy_intensity": "Energy intensity",
    "fuel_mix": "Fuel mix",
    "fuel_emission_factor": "Fuel emission factors",
    "electricity_carbon_intensity": "CO2 intensity of power and H2",
    "process_intensity": "Process CO2 intensity",
}
UNALLOCATED = "Not allocated (CCUS, sinks)"
UP, DOWN, LEVEL = "#c0392b", "#1e8449", "#7f7f7f"


def lmdi_steps(decomposition: xr.Dataset) -> dict[str, float]:
    """The waterfall's steps in t CO2: each factor's effect summed over sectors, then the
    change not allocated to end uses; they add up to the change of total emissions."""
    if "effect" not in decomposition:
        raise DataError("an LMDI decomposition needs the variable 'effect' (sector, factor)")
    effect = decomposition["effect"].sum("sector")
    steps = {
        FACTOR_LABELS.get(str(f), str(f).replace("_", " ")): float(effect.sel(factor=f))
        for f in effect["factor"].values
    }
    if "unallocated_change" in decomposition:
        steps[UNALLOCATED] = float(decomposition["unallocated_change"])
    return steps


def plot_lmdi(decomposition: xr.Dataset, ax: Axes | None = None) -> Figure:
    """Waterfall of the LMDI-I decomposition of the change of CO2 emissions.

    Parameters
    ----------
    decomposition
        The Dataset of :func:`lowcarbon_sim.sectors.lmdi.lmdi` (``effect`` (sector,
        factor) t CO2, ``unallocated_change`` t CO2, attributes ``start`` and ``end``),
        optionally with the attribute ``start_total`` (t CO2, the province's emissions in
        the start year; without it the waterfall starts at zero and shows the change only).
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Bars in Mt CO2: the start level (when known), one floating bar per factor (red
        increases, green decreases, labelled with the factor's name), the change not
        allocated to end uses, and the end level; the end equals start plus every step.
    """
    scale, shown = display_scale("t CO2")
    steps = {k: v / scale for k, v in lmdi_steps(decomposition).items()}
    start, end = decomposition.attrs.get("start", "start"), decomposition.attrs.get("end", "end")
    level = decomposition.attrs.get("start_total")
    base = float(level) / scale if level is not None else 0.0
    names, bottoms, heights, colours = [], [], [], []
    if level is not None:
        names.append(f"{start}")
        bottoms.append(0.0)
        heights.append(base)
        colours.append(LEVEL)
    running = base
    for name, v in steps.items():
        names.append(name)
        bottoms.append(running)
        heights.append(v)
        colours.append(UP if v > 0 else DOWN)
        running += v
    names.append(f"{end}" if level is not None else f"change {start}-{end}")
    bottoms.append(0.0)
    heights.append(running)
    colours.append(LEVEL)
    fig, ax = new_axes(ax, figsize=(9.0, 4.8))
    x = np.arange(len(names))
    bars = ax.bar(x, heights, bottom=bottoms, color=colours, edgecolor="white", width=0.7)
    for i, (b, h) in enumerate(zip(bottoms, heights, strict=True)):
        ax.annotate(
            f"{h:+.1f}" if 0 < i < len(names) - 1 or level is None else f"{h:.1f}",
            (i, b + max(h, 0.0)),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize="x-small",
        )
    for i in range(len(names) - 1):  # connectors between consecutive levels
        top = bottoms[i] + heights[i]
        ax.plot([i + 0.35, i + 0.65], [top, top], color="black", linewidth=0.6)
    bars.set_label("_nolegend_")
    ax.set_xticks(x, names, rotation=30, ha="right", fontsize="small")
    ax.axhline(0.0, color="black", linewidth=0.6)
    # room for the values above the bars; set by hand because a falling step's bar starts
    # at its top, a sticky edge that ax.margins does not pass
    ends = [*bottoms, *(b + h for b, h in zip(bottoms, heights, strict=True)), 0.0]
    lo, hi = min(ends), max(ends)
    pad = 0.08 * (hi - lo) if hi > lo else 1.0
    ax.set_ylim(lo - (pad if lo < 0 else 0.0), hi + pad)
    ax.set_ylabel(f"CO2 emissions [{shown}/yr]")
    ax.set_title(f"What changed CO2 emissions from {start} to {end} (LMDI-I)")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig
