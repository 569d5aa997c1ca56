"""The non-fossil share of primary energy by year against the policy targets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.plots._common import (
    as_dataset,
    legend_outside,
    new_axes,
    require,
    scenario_name,
    shade_history,
)

#: Name prefix of the non-fossil share targets (``nonfossil_share_<year>``, as
#: :mod:`lowcarbon_sim.results.province` writes them).
SHARE_TARGET_PREFIX = "nonfossil_share"
#: Words of the counting methods of primary electricity.
METHOD_LABELS: dict[str, str] = {
    "coal_substitution": "coal-substitution method",
    "physical_content": "physical-content method",
}
SHARE_COLOUR = "#3c8c3c"


@dataclass(frozen=True)
class ShareTarget:
    """A non-fossil share target: at least ``threshold`` (fraction) in ``year``."""

    name: str
    year: int
    threshold: float
    met: bool | None

    @property
    def label(self) -> str:
        """Legend text, e.g. ``"target 2030: ≥ 25 % (met)"``."""
        mark = "" if self.met is None else (" (met)" if self.met else " (missed)")
        return f"target {self.year}: ≥ {100 * self.threshold:.0f} %{mark}"


def share_targets(results: Any) -> list[ShareTarget]:
    """The non-fossil share targets of a results Dataset: targets named
    ``nonfossil_share...`` with unit ``1``; the year from ``target_year`` when the results
    carry it, else the last year in the name."""
    ds = as_dataset(results)
    if "target" not in ds.dims or "target_threshold" not in ds:
        return []
    out = []
    for i, name in enumerate(str(t) for t in ds["target"].values):
        if not name.startswith(SHARE_TARGET_PREFIX):
            continue
        if "target_unit" in ds and str(ds["target_unit"].values[i]) != "1":
            continue
        year = float(ds["target_year"].values[i]) if "target_year" in ds else np.nan
        if not np.isfinite(year):
            found = re.findall(r"(?:19|20)\d\d", name)
            if not found:
                continue
            year = float(found[-1])
        met = bool(ds["target_met"].values[i]) if "target_met" in ds else None
        out.append(ShareTarget(name, int(year), float(ds["target_threshold"].values[i]), met))
    return out


def _method(ds: xr.Dataset) -> str:
    methods = [str(m) for m in ds["counting"].values] if "counting" in ds.dims else []
    method = str(ds.attrs.get("nonfossil_method", ""))
    return method if method in methods else (methods[0] if methods else "")


def plot_nonfossil_share(results: Any, ax: Axes | None = None) -> Figure:
    """Non-fossil share of primary energy (%) by year, with the targets it must meet.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses ``nonfossil_share(year, counting)`` (fraction): the counting method the targets
        are checked with (attribute ``nonfossil_method``) as a solid line, the other method
        dashed; the targets of :func:`share_targets` as open triangles; history shaded.
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Lines labelled ``"non-fossil share (<method>)"`` in %, one marker per target
        labelled with :attr:`ShareTarget.label`.
    """
    ds = as_dataset(results)
    require(ds, "nonfossil_share")
    share = ds["nonfossil_share"]
    years = [int(y) for y in ds["year"].values]
    x = np.asarray(years, dtype=float)
    fig, ax = new_axes(ax)
    shade_history(ax, ds, years, x)
    main = _method(ds)
    methods = [str(m) for m in share["counting"].values] if "counting" in share.dims else [""]
    for m in sorted(methods, key=lambda m: m != main):
        values = 100 * (share.sel(counting=m).values if m else share.values)
        ax.plot(
            x,
            values,
            color=SHARE_COLOUR,
            linestyle="-" if m == main else "--",
            alpha=1.0 if m == main else 0.6,
            marker="o" if m == main else None,
            markersize=3.5,
            linewidth=1.8 if m == main else 1.2,
            label=f"non-fossil share ({METHOD_LABELS.get(m, m.replace('_', ' '))})"
            if m
            else "non-fossil share",
        )
    for target in share_targets(ds):
        colour = "#1e7b34" if target.met in (True, None) else "#b03030"
        ax.plot(
            [target.year],
            [100 * target.threshold],
            marker="^",
            markersize=10,
            markerfacecolor="none",
            markeredgecolor=colour,
            markeredgewidth=1.6,
            linestyle="none",
            label=target.label,
        )
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel("non-fossil share of primary energy [%]")
    ax.set_ylim(bottom=0)
    ax.set_title(f"Non-fossil share against the targets - {scenario_name(ds)}")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    legend_outside(ax)
    return fig
