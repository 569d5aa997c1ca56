"""Hourly dispatch for a chosen week, and storage state of charge.

The results hold one value per time step. With ``time.mode: full_year`` the time steps are
the 8760 hours of the year, so a window of 168 steps is a calendar week. With representative
days the steps are the representative days one after another (each stands for several
days of the year, see ``timestep_weight``); a window of 168 steps then shows seven
representative days side by side, separated by thin vertical lines where the hour of the
year jumps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots._common import (
    as_dataset,
    by_label,
    legend_outside,
    new_axes,
    nonzero_labels,
    require,
    scenario_name,
    tech_display,
)
from lowcarbon_sim.plots.colours import TECH_COLOURS, dataset_tech_colours, tech_order
from lowcarbon_sim.units import DAYS_IN_MONTH, HOURS_PER_YEAR, display_scale

#: Hourly variables (year, tech, time) of electricity drawn from the grid, drawn below zero
#: with the label ``"<tech> (<suffix>)"``.
ELECTRICITY_USE_VARIABLES: dict[str, str] = {
    "charge": "charging",
    "electricity_use": "use",
    "electricity_consumption": "use",
}
#: Hourly state-of-charge variables (year, tech, time) shown by :func:`plot_storage`, with the
#: factor that converts their unit into the unit shown.
SOC_VARIABLES: dict[str, tuple[float, str]] = {
    "soc": display_scale("MWh", "GWh"),
    "hydrogen_soc": display_scale("t H2"),
    "h2_soc": display_scale("t H2"),
}
TIME = "timestep"
WEEK = 168
#: Months (1-12) of the seasons a dispatch window can be chosen by (meteorological seasons,
#: as the import contract bands use them).
SEASONS: dict[str, tuple[int, ...]] = {
    "winter": (12, 1, 2),
    "spring": (3, 4, 5),
    "summer": (6, 7, 8),
    "autumn": (9, 10, 11),
}
_MONTH_START_HOUR = np.cumsum([0, *DAYS_IN_MONTH]) * 24


def _year(ds: xr.Dataset, year: int | None) -> int:
    years = [int(y) for y in ds["year"].values]
    if year is None:
        return years[-1]
    if int(year) not in years:
        raise DataError(f"year {year} is not in the results ({years})")
    return int(year)


def season_steps(ds: xr.Dataset, season: str) -> np.ndarray:
    """Positions of the time steps whose hour of the year (``timestep_hour``; the position
    itself without it) falls in a month of ``season`` (a key of :data:`SEASONS`)."""
    if season not in SEASONS:
        raise DataError(f"season must be one of {', '.join(SEASONS)}, got {season!r}")
    n = ds.sizes[TIME]
    hour = np.asarray(ds["timestep_hour"].values) if "timestep_hour" in ds else np.arange(n)
    month = np.searchsorted(_MONTH_START_HOUR, np.asarray(hour) % HOURS_PER_YEAR, side="right")
    return np.flatnonzero(np.isin(month, SEASONS[season]))


def window(
    ds: xr.Dataset,
    year: int,
    start: int | None = None,
    hours: int = WEEK,
    week: int | None = None,
    season: str | None = None,
) -> np.ndarray:
    """Positions of the time steps shown: ``hours`` consecutive steps from ``start``.

    With ``week`` the window starts at step ``week * hours``; with neither, it is the
    day-aligned window around the hour of highest demand of ``year`` (the first steps when
    there is no ``demand``), moved back so that it fits. A window reaching past the last
    step is cut there. With ``season`` (``"winter"``, ``"summer"``, ...) the window is
    taken among the steps of that season only: with representative days, the
    representative days of the season's months in their order (at most ``hours`` steps);
    with a chronological year, the day-aligned window around the season's peak demand.
    """
    n = ds.sizes[TIME]
    hours = max(1, min(int(hours), n))
    if season is not None:
        steps = season_steps(ds, season)
        if steps.size == 0:
            raise DataError(f"no time step of the results falls in {season}")
        if str(ds.attrs.get("time_mode", "")) != "full_year" and steps.size < n:
            return steps[:hours]
        demand = ds["demand"].sel(year=year).values[steps] if "demand" in ds else None
        peak = int(steps[int(np.argmax(demand))]) if demand is not None else int(steps[0])
        start = max(0, min(peak - hours // 2, n - hours)) // 24 * 24
        return np.arange(start, min(n, start + hours))
    if week is not None:
        start = int(week) * hours
    elif start is None:
        peak = int(np.argmax(ds["demand"].sel(year=year).values)) if "demand" in ds else 0
        start = max(0, min(peak - hours // 2, n - hours)) // 24 * 24
    start = int(start)
    if not 0 <= start < n:
        raise DataError(f"window start {start} is outside the {n} time steps of the results")
    return np.arange(start, min(n, start + hours))


def step_edges(ds: xr.Dataset, pos: np.ndarray) -> np.ndarray:
    """Left edges of the time steps ``pos`` and the right edge of the last, h from the
    window's start: steps are as wide as the hours they cover (``timestep_duration``; one
    hour each without it), so segmented days are drawn to scale."""
    if "timestep_duration" in ds:
        width = np.asarray(ds["timestep_duration"].values, dtype=float)[pos]
    else:
        width = np.ones(len(pos))
    return np.concatenate([[0.0], np.cumsum(width)])


def _format_time_axis(ax: Axes, ds: xr.Dataset, pos: np.ndarray) -> None:
    """Ticks at the start of each day with the day of the year; lines where hours jump."""
    edges = step_edges(ds, pos)
    x = edges[:-1]
    if "timestep_hour" in ds:
        hour = np.asarray(ds["timestep_hour"].values)[pos]
    else:
        hour = pos
    jumps = np.flatnonzero(np.diff(hour) != np.diff(x)) + 1
    for j in jumps:
        ax.axvline(x[j], color="grey", linewidth=0.5, alpha=0.6)
    day_starts = np.flatnonzero(hour % 24 == 0)
    if len(day_starts) <= 2:  # a day or two: label every sixth hour
        ticks = np.flatnonzero(hour % 6 == 0)
        labels = [
            f"day {int(h) // 24 + 1}" if h % 24 == 0 else f"{int(h) % 24:02d}h" for h in hour[ticks]
        ]
    else:
        ticks = day_starts[:: max(1, len(day_starts) // 10)]
        labels = [f"day {int(h) // 24 + 1}" for h in hour[ticks]]
    ax.set_xticks(x[ticks], labels, fontsize="small")
    ax.set_xlim(0, edges[-1])
    mode = str(ds.attrs.get("time_mode", ""))
    ax.set_xlabel(
        "representative days (hour of day within each)" if mode == "representative_days" else "hour"
    )


def _layers(
    ax: Axes, series: dict[str, np.ndarray], colours: dict[str, str], edges: np.ndarray, hatch=None
):
    """Step areas stacked from zero (all values of one sign) between ``edges`` (one more
    than the values), returns the top edge."""
    n = len(edges) - 1
    base = np.zeros(n)
    for label, values in series.items():
        top = base + values
        ax.fill_between(
            edges,
            np.append(base, base[-1]),
            np.append(top, top[-1]),
            step="post",
            color=colours.get(label),
            label=label,
            linewidth=0,
            hatch=hatch,
            edgecolor="white" if hatch else None,
            alpha=0.95,
        )
        base = top
    return base


def plot_dispatch(
    results: Any,
    year: int | None = None,
    start: int | None = None,
    hours: int = WEEK,
    week: int | None = None,
    ax: Axes | None = None,
    season: str | None = None,
) -> Figure:
    """Electricity supply and use per time step for one window of them (default: a week).

    Supply by technology (imports and storage discharge included; ``dispatch``, MW) is
    stacked above zero, storage charging (``charge``) and other electricity use below zero,
    unserved demand (``load_shedding``) on top, demand as a black line; all shown in GW.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
    year
        Year shown (default: the last modelled year).
    start, hours, week
        The window of time steps, see :func:`window` (default: the week around the peak
        demand of ``year``).
    ax
        Axes to draw into (default: a new figure).
    season
        ``"winter"``, ``"spring"``, ``"summer"`` or ``"autumn"``: the window is taken in that
        season (its representative days, or the week around its peak demand), see
        :func:`window`.

    Returns
    -------
    matplotlib.figure.Figure
        One filled area per technology with non-zero output in the window (label: its
        display name), per charging technology (label ``"<name> (charging)"``, negative),
        ``"unserved"`` when load is shed and a line ``"demand"``.
    """
    ds = as_dataset(results)
    require(ds, "dispatch")
    y = _year(ds, year)
    pos = window(ds, y, start, hours, week, season)
    labels = tech_display(ds)
    tech_colour = dataset_tech_colours(ds)
    colours = {**by_label(tech_colour, labels), "unserved": TECH_COLOURS["load_shedding"]}
    at = {"year": y, TIME: ds[TIME].values[pos]}
    supply = ds["dispatch"].sel(at)
    scale, shown = display_scale("MW")
    up = {t: np.clip(supply.sel(tech=t).values, 0, None) / scale for t in tech_order(ds)}
    if "load_shedding" in ds:
        up["unserved"] = ds["load_shedding"].sel(at).values / scale
    up = by_label({k: up[k] for k in nonzero_labels(up)}, labels)
    down = {}
    for name, suffix in ELECTRICITY_USE_VARIABLES.items():
        if name in ds and "tech" in ds[name].dims and TIME in ds[name].dims:
            use = ds[name].sel(at)
            for t in tech_order(ds):
                down[f"{labels[t]} ({suffix})"] = -use.sel(tech=t).values / scale
                colours[f"{labels[t]} ({suffix})"] = tech_colour[t]
    down = {k: down[k] for k in nonzero_labels(down)}
    fig, ax = new_axes(ax, figsize=(10.0, 4.8))
    edges = step_edges(ds, pos)
    _layers(ax, up, colours, edges)
    if down:
        _layers(ax, down, colours, edges, hatch="//")
    if "demand" in ds:
        demand = ds["demand"].sel(at).values / scale
        ax.step(
            edges,
            np.append(demand, demand[-1]),
            where="post",
            color="black",
            linewidth=1.3,
            label="demand",
        )
    ax.axhline(0.0, color="black", linewidth=0.6)
    _format_time_axis(ax, ds, pos)
    ax.set_ylabel(f"power [{shown}]")
    steps = f"steps {pos[0]}-{pos[-1]}"
    if season:
        rep_days = str(ds.attrs.get("time_mode", "")) != "full_year" and "timestep_hour" in ds
        if rep_days:  # days counted from their hours: a segmented day has fewer than 24 steps
            n_days = np.unique(np.asarray(ds["timestep_hour"].values)[pos] // 24).size
            steps = f"{season}, {n_days} representative days"
        else:
            steps = f"{season}, {steps}"
    hourly = bool(np.all(np.diff(edges) == 1.0))
    kind = "Hourly dispatch" if hourly else "Dispatch (steps drawn to their hours)"
    ax.set_title(f"{kind} {y}, {steps} - {scenario_name(ds)}")
    legend_outside(ax)
    return fig


def _soc_variables(ds: xr.Dataset) -> list[str]:
    return [
        name
        for name in SOC_VARIABLES
        if name in ds and "tech" in ds[name].dims and TIME in ds[name].dims
    ]


def has_storage(results: Any) -> bool:
    """Whether the results hold a non-zero state of charge in the last modelled year, the
    year :func:`plot_storage` shows by default."""
    ds = as_dataset(results)
    last = {"year": ds["year"].values[-1]}
    return any(
        float(np.nanmax(np.abs(ds[v].sel(last).values), initial=0.0)) > 0
        for v in _soc_variables(ds)
    )


#: Smallest state of charge drawn, in display units (GWh, kt H2): below it a store is unused.
SOC_FLOOR = 1e-6


def plot_storage(
    results: Any,
    year: int | None = None,
    start: int | None = None,
    hours: int | None = None,
    week: int | None = None,
    techs: Sequence[str] | None = None,
) -> Figure:
    """State of charge of each storage technology over time.

    One panel per state-of-charge variable present (:data:`SOC_VARIABLES`: ``soc`` in MWh
    shown in GWh; hydrogen storage in t H2 shown in kt H2) with one line per technology
    that holds energy, a dashed line at its energy capacity (``storage_energy_capacity``)
    when known, and, with linked representative days, a last panel with the level at the
    start of each day of the year (``soc_day``).

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
    year
        Year shown (default: the last modelled year).
    start, hours, week
        Window of time steps as for :func:`plot_dispatch`; by default every time step when
        there are at most 744 (a month of hours, or 31 representative days), otherwise the
        week around the peak demand.
    techs
        Technologies to show (default: those with a non-zero state of charge).

    Returns
    -------
    matplotlib.figure.Figure
        Lines labelled with the technologies' display names.
    """
    ds = as_dataset(results)
    names = _soc_variables(ds)
    if not names:
        raise DataError("the results hold no state of charge (no storage)")
    y = _year(ds, year)
    n = ds.sizes[TIME]
    if hours is None:
        hours = n if (n <= 744 and start is None and week is None) else WEEK
    pos = window(ds, y, start if start is not None else (0 if hours == n else None), hours, week)
    at = {"year": y, TIME: ds[TIME].values[pos]}
    panels = []
    for name in names:
        scale, unit = SOC_VARIABLES[name]
        data = ds[name].sel(at)
        chosen = techs or [str(t) for t in ds["tech"].values]
        series = {t: data.sel(tech=t).values / scale for t in chosen}
        # solver round-off (1e-16 GWh in an unused tank) is no panel
        keep = [t for t in nonzero_labels(series) if np.nanmax(np.abs(series[t])) > SOC_FLOOR]
        if keep:
            panels.append((name, unit, scale, {t: series[t] for t in keep}))
    days = "soc_day" in ds and ds["soc_day"].sizes.get("day", 0) > 0
    if not panels and not days:
        raise DataError(f"the results hold no state of charge in {y} (storage unused)")
    rows = max(1, len(panels) + int(days))
    fig = Figure(figsize=(10.0, 3.2 * rows), layout="constrained")
    axes = fig.subplots(rows, 1, squeeze=False)[:, 0]
    colours = dataset_tech_colours(ds)
    labels = tech_display(ds)
    for ax, (name, unit, scale, series) in zip(axes, panels, strict=False):
        x = step_edges(ds, pos)[1:]  # the level at the end of each step
        for t, values in series.items():
            ax.plot(x, values, color=colours.get(t), linewidth=1.4, label=labels.get(t, t))
            if name == "soc" and "storage_energy_capacity" in ds:
                e_cap = float(ds["storage_energy_capacity"].sel(year=y, tech=t)) / scale
                ax.axhline(e_cap, color=colours.get(t), linestyle="--", linewidth=0.8)
        _format_time_axis(ax, ds, pos)
        ax.set_ylabel(f"state of charge [{unit}]")
        ax.set_ylim(bottom=0)
        legend_outside(ax)
    if days:
        ax = axes[len(panels)]
        level = ds["soc_day"].sel(year=y)
        scale, unit = SOC_VARIABLES["soc"]
        series = {str(t): level.sel(tech=t).values / scale for t in level["tech"].values}
        for t in nonzero_labels(series):
            ax.plot(
                np.arange(1, len(series[t]) + 1),
                series[t],
                color=colours.get(t),
                label=labels.get(t, t),
            )
        ax.set_xlabel("day of the year")
        ax.set_ylabel(f"level at day start [{unit}]")
        legend_outside(ax)
    axes[0].set_title(f"Storage state of charge {y} - {scenario_name(ds)}")
    return fig
