"""The province's CO2 trajectory by sector, with its peak and the policy targets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.plots._common import (
    as_dataset,
    co2_cap_path,
    legend_outside,
    new_axes,
    nonzero_labels,
    require,
    scenario_name,
    shade_history,
    stacked_bars,
)
from lowcarbon_sim.plots.colours import sector_colours
from lowcarbon_sim.plots.labels import sector_label, target_label
from lowcarbon_sim.units import conversion_factor, display_scale, to_display

#: Per-target unit strings read as a CO2 amount in t (drawn as a marker at the target's year)
#: and as a year (drawn as a vertical line: "peak no later than").
CO2_TARGET_UNITS: dict[str, float] = {
    u: conversion_factor(u, "t CO2") for u in ("t CO2", "kt CO2", "Mt CO2")
}
YEAR_TARGET_UNITS: tuple[str, ...] = ("year", "yr (calendar)")
#: Names of the per-target coordinates giving each target's unit and year.
TARGET_UNIT_COORDS: tuple[str, ...] = ("target_unit", "target_units")
TARGET_YEAR_COORDS: tuple[str, ...] = ("target_year",)
TARGET_SENSE_COORDS: tuple[str, ...] = ("target_sense",)


@dataclass(frozen=True)
class EmissionTarget:
    """A target that can be drawn on the emissions figure.

    ``kind`` is ``"level"`` (``value_mt`` Mt CO2 in ``year``) or ``"peak"`` (emissions must
    peak before ``year`` when ``sense`` is ``"<"``, no later than ``year`` otherwise);
    ``met`` is the results' own verdict when known.
    """

    name: str
    kind: str
    year: int
    value_mt: float = np.nan
    met: bool | None = None
    sense: str = "<="

    @property
    def label(self) -> str:
        """Legend text, e.g. ``"Peak of CO2 emissions: before 2030 (met)"`` (the target's
        display name, :func:`~lowcarbon_sim.plots.labels.target_label`)."""
        mark = "" if self.met is None else (" (met)" if self.met else " (missed)")
        name = target_label(self.name)
        if self.kind == "peak":
            word = "before" if self.sense == "<" else "by"
            return f"{name}: {word} {self.year}{mark}"
        return f"{name}{mark}"


def _target_coord(ds: xr.Dataset, names: tuple[str, ...]) -> np.ndarray | None:
    for name in names:
        if name in ds and ds[name].dims == ("target",):
            return ds[name].values
    return None


def emission_targets(results: Any) -> list[EmissionTarget]:
    """The targets of a results Dataset that the emissions figure can draw.

    A target (a label of the ``target`` dimension with ``target_threshold``) is drawn when
    its unit (coordinate ``target_unit`` or ``target_units``) is a CO2 amount of
    :data:`CO2_TARGET_UNITS` and it has a ``target_year``, or when its unit is a year
    (:data:`YEAR_TARGET_UNITS`: the threshold is the latest allowed peak year). Other
    targets (intensities, shares) are listed in the report's target table instead.
    """
    ds = as_dataset(results)
    if "target" not in ds.dims or "target_threshold" not in ds:
        return []
    units = _target_coord(ds, TARGET_UNIT_COORDS)
    if units is None:
        return []
    years = _target_coord(ds, TARGET_YEAR_COORDS)
    senses = _target_coord(ds, TARGET_SENSE_COORDS)
    out = []
    for i, name in enumerate(ds["target"].values):
        unit = str(units[i])
        threshold = float(ds["target_threshold"].values[i])
        met = bool(ds["target_met"].values[i]) if "target_met" in ds else None
        sense = str(senses[i]) if senses is not None else "<="
        if unit in CO2_TARGET_UNITS and years is not None and np.isfinite(float(years[i])):
            value = to_display(threshold * CO2_TARGET_UNITS[unit], "t CO2")[0]
            out.append(EmissionTarget(str(name), "level", int(years[i]), value, met, sense))
        elif unit in YEAR_TARGET_UNITS and np.isfinite(threshold):
            out.append(EmissionTarget(str(name), "peak", int(threshold), met=met, sense=sense))
    return out


def plot_emissions(results: Any, ax: Axes | None = None, show_targets: bool = True) -> Figure:
    """CO2 emissions of the province by sector and year, with the peak and the targets.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses ``emissions(year, sector)`` (t CO2, shown in Mt; negative values such as BECCS
        are stacked below zero), ``total_emissions(year)`` (t CO2; the sum over sectors when
        absent) and the attribute ``peak_year`` (the year of the largest total when absent).
    ax
        Axes to draw into (default: a new figure).
    show_targets
        Draw the CO2 cap path (the results variable ``co2_cap``) as a
        dashed step line and the targets of :func:`emission_targets` (level targets as
        open triangles, peak-year targets as a dotted vertical line).

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers labelled with the sectors' display names (Mt CO2; history years
        shaded), a line ``"total"``, a
        marker ``"peak <year>"`` and, where applicable, ``"CO2 cap (<scope>)"`` and one
        artist per drawn target labelled with the target's name.
    """
    ds = as_dataset(results)
    require(ds, "emissions")
    years = [int(y) for y in ds["year"].values]
    x = np.asarray(years, dtype=float)
    em = ds["emissions"]
    sectors = [str(s) for s in em["sector"].values]
    scale, _ = display_scale("t CO2")
    series = {s: em.sel(sector=s).values / scale for s in sectors}
    series = {s: series[s] for s in nonzero_labels(series)}
    total = (
        ds["total_emissions"].values if "total_emissions" in ds else em.sum("sector").values
    ) / scale
    fig, ax = new_axes(ax)
    shade_history(ax, ds, years, x)
    names = {s: sector_label(s) for s in sectors}
    colours = {names[s]: c for s, c in sector_colours(sectors).items()}
    stacked_bars(ax, x, {names[s]: v for s, v in series.items()}, colours, width=0.7)
    ax.plot(x, total, color="black", marker="o", markersize=3.5, linewidth=1.4, label="total")
    peak = ds.attrs.get("peak_year")
    peak = int(peak) if peak is not None else years[int(np.argmax(total))]
    if peak in years:
        value = float(total[years.index(peak)])
        ax.plot(
            [peak],
            [value],
            marker="*",
            markersize=15,
            color="#d62728",
            linestyle="none",
            label=f"peak {peak}",
            zorder=5,
        )
        ax.annotate(
            f"peak {peak}: {value:.1f} Mt",
            (peak, value),
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize="small",
        )
    if show_targets:
        cap = co2_cap_path(ds)
        if cap is not None:
            path, scope = cap
            ax.step(
                x,
                path.values / scale,
                where="mid",
                color="#1f77b4",
                linestyle="--",
                linewidth=1.5,
                label=f"CO2 cap ({scope})",
            )
        for target in emission_targets(ds):
            if target.kind == "level":
                ax.plot(
                    [target.year],
                    [target.value_mt],
                    marker="v",
                    markersize=9,
                    markerfacecolor="none",
                    markeredgecolor="#1f77b4",
                    linestyle="none",
                    label=target.label,
                )
            else:
                ax.axvline(
                    target.year,
                    color="#1f77b4",
                    linestyle=":",
                    linewidth=1.5,
                    label=target.label,
                )
    ax.axhline(0.0, color="black", linewidth=0.6)
    ax.margins(y=0.12)  # room for the peak label
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel("CO2 emissions [Mt CO2/yr]")
    ax.set_title(f"CO2 emissions by sector - {scenario_name(ds)}")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    legend_outside(ax)
    return fig
