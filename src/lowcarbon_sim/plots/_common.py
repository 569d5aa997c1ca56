"""Shared helpers of the figure functions (private).

Every figure function accepts a :class:`~lowcarbon_sim.results.core.Results`, a results
``xarray.Dataset`` or the path of a results NetCDF file; :func:`as_dataset` turns any of
them into the Dataset. Numbers in the model's units (MW, MWh, t) are shown in the units of
:data:`lowcarbon_sim.units.DISPLAY` (GW, TWh, Mt), converted by
:func:`~lowcarbon_sim.units.display_scale` and :func:`~lowcarbon_sim.units.to_display`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots.labels import tech_labels

# re-exported: the figure modules take it from here with the other helpers
from lowcarbon_sim.results.core import as_dataset as as_dataset

#: Values whose absolute size stays below this fraction of the figure's largest value are
#: treated as zero when deciding which series to draw (solver round-off, not a result).
NEGLIGIBLE = 1e-6


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (8.0, 4.5)) -> tuple[Figure, Axes]:
    """``ax`` with its figure, or a new figure (not attached to pyplot) with one Axes."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def require(ds: xr.Dataset, *names: str) -> None:
    """Raise :class:`DataError` naming the first variable of ``names`` missing from ``ds``."""
    for name in names:
        if name not in ds:
            raise DataError(
                f"results of scenario {ds.attrs.get('scenario', '?')!r}: variable {name!r} "
                "is needed for this figure but is not in the results"
            )


def has_data(ds: xr.Dataset, name: str) -> bool:
    """Whether ``name`` is in ``ds`` and holds a non-zero number somewhere."""
    if name not in ds or ds[name].dtype.kind not in "fiub":
        return False
    values = np.asarray(ds[name].values, dtype=float)
    return bool(values.size) and bool(np.nanmax(np.abs(values), initial=0.0) > 0.0)


def nonzero_labels(series: Mapping[str, np.ndarray]) -> list[str]:
    """Labels of ``series`` whose values are not negligible against the largest of all."""
    peak = max((float(np.nanmax(np.abs(v), initial=0.0)) for v in series.values()), default=0.0)
    if peak == 0.0:
        return []
    return [k for k, v in series.items() if np.nanmax(np.abs(v), initial=0.0) > NEGLIGIBLE * peak]


def stacked_bars(
    ax: Axes,
    x: Sequence[float] | np.ndarray,
    series: Mapping[str, np.ndarray],
    colours: Mapping[str, str],
    width: float = 0.8,
    hatch: str | None = None,
    label_suffix: str = "",
) -> dict[str, Any]:
    """Draw ``series`` as bars stacked upwards (positive values) and downwards (negative).

    Returns ``{label: BarContainer}``; each container's label is ``label + label_suffix``.
    """
    x = np.asarray(x, dtype=float)
    up = np.zeros(len(x))
    down = np.zeros(len(x))
    out = {}
    for label, values in series.items():
        v = np.nan_to_num(np.asarray(values, dtype=float))
        pos, neg = np.clip(v, 0, None), np.clip(v, None, 0)
        bottom = np.where(v >= 0, up, down)
        out[label] = ax.bar(
            x,
            np.where(v >= 0, pos, neg),
            width,
            bottom=bottom,
            color=colours.get(label),
            label=f"{label}{label_suffix}",
            edgecolor="white" if hatch is None else "black",
            linewidth=0.4,
            hatch=hatch,
        )
        up += pos
        down += neg
    return out


def legend_outside(ax: Axes, **kwargs: Any) -> None:
    """A legend to the right of the axes (reversed, so it reads like the stack)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    ax.legend(
        handles[::-1],
        labels[::-1],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
        **kwargs,
    )


def years_of(ds: xr.Dataset, years: Sequence[int] | None = None) -> list[int]:
    """The modelled years, or those of ``years`` that were modelled (DataError if none)."""
    all_years = [int(y) for y in ds["year"].values]
    if years is None:
        return all_years
    picked = [int(y) for y in years if int(y) in all_years]
    if not picked:
        raise DataError(f"none of the years {list(years)} is in the results ({all_years})")
    return picked


def scenario_name(ds: xr.Dataset) -> str:
    """The scenario name stored in the results (``"scenario"`` if none)."""
    return str(ds.attrs.get("scenario", "scenario"))


def co2_cap_path(ds: xr.Dataset) -> tuple[xr.DataArray, str] | None:
    """The CO2 cap by year (t CO2, NaN where none) and its scope, or ``None`` if uncapped.

    Reads the results variable ``co2_cap`` (the path the model applied: linear between given
    years, held after the last, absent before the first and in historical years) and the
    attribute ``co2_cap_scope`` (``power`` when absent). Results files written before the
    cap was stored have no ``co2_cap``: no cap is drawn for them.
    """
    if "co2_cap" not in ds:
        return None
    cap = ds["co2_cap"].astype(float)
    if not np.isfinite(cap.values).any():
        return None
    scope = str(ds.attrs.get("co2_cap_scope") or "power")
    return cap.assign_attrs(units="t CO2"), scope


#: Fill colour of the history years (the same beige as the report's history columns).
HISTORY_COLOUR = "#ece6d6"


def history_years(ds: xr.Dataset) -> list[int]:
    """The modelled years that are history (calibrated to statistics, not decided).

    Read from the results variable ``is_decision_year`` (0 in history years), else from the
    attribute ``last_historical_year``; empty when the results say neither.
    """
    years = [int(y) for y in ds["year"].values]
    if "is_decision_year" in ds:
        flags = np.asarray(ds["is_decision_year"].values)
        return [y for y, decided in zip(years, flags, strict=True) if not bool(decided)]
    last = ds.attrs.get("last_historical_year")
    return [] if last is None else [y for y in years if y <= int(last)]


def shade_history(
    ax: Axes, ds: xr.Dataset, years: Sequence[int], x: Sequence[float], width: float = 1.0
) -> None:
    """Shade the history years among ``years`` (drawn at positions ``x``) behind the data,
    with a legend entry ``"history (to <year>)"``."""
    hist = set(history_years(ds))
    pos = [float(xi) for xi, y in zip(x, years, strict=True) if int(y) in hist]
    if not pos:
        return
    ax.axvspan(
        min(pos) - width / 2,
        max(pos) + width / 2,
        color=HISTORY_COLOUR,
        zorder=0,
        linewidth=0,
        label=f"history (to {max(int(y) for y in years if int(y) in hist)})",
    )


def tech_display(ds: xr.Dataset) -> dict[str, str]:
    """``{tech id: display name}`` of the results' technologies (unique names)."""
    return tech_labels([str(t) for t in ds["tech"].values])


def by_label(series: Mapping[str, Any], labels: Mapping[str, str], suffix: str = ""):
    """``series`` keyed by ``labels[key] + suffix`` instead of the id (order kept)."""
    return {f"{labels.get(k, k)}{suffix}": v for k, v in series.items()}
