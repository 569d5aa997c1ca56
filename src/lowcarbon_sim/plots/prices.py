"""The carbon price by year: the price set by policy and the shadow price of the CO2 cap."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lowcarbon_sim.plots._common import (
    as_dataset,
    legend_outside,
    new_axes,
    require,
    scenario_name,
    shade_history,
    stacked_bars,
)

#: Colours of the two parts of the carbon price.
PRICE_COLOURS = {"policy price": "#6c3483", "shadow price of the cap": "#d98880"}


def plot_carbon_price(results: Any, ax: Axes | None = None) -> Figure:
    """Carbon price per year (yuan/t CO2), split into the given price and the cap's shadow price.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
        Uses ``co2_price`` (yuan/t CO2: the policy price plus the shadow price) and, when
        present, ``co2_shadow_price`` (yuan/t CO2, dual of the CO2 cap; 0 where it does not
        bind). Without ``co2_shadow_price`` the whole price is drawn as one series.
    ax
        Axes to draw into (default: a new figure).

    Returns
    -------
    matplotlib.figure.Figure
        Bar containers ``"policy price"`` and ``"shadow price of the cap"`` whose heights
        add up to ``co2_price``.
    """
    ds = as_dataset(results)
    require(ds, "co2_price")
    years = [int(y) for y in ds["year"].values]
    total = ds["co2_price"].values.astype(float)
    shadow = (
        ds["co2_shadow_price"].values.astype(float)
        if "co2_shadow_price" in ds
        else np.zeros_like(total)
    )
    series = {"policy price": total - shadow, "shadow price of the cap": shadow}
    fig, ax = new_axes(ax)
    x = np.arange(len(years))
    if not np.any(np.abs(total) > 1e-9):
        # an empty chart reads as a missing figure: say what it shows
        ax.text(
            0.5,
            0.5,
            "No carbon price in this scenario\n(no price given and no binding CO2 cap)",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize="large",
            color="#555555",
        )
        ax.set_ylim(0, 1)
        ax.set_yticks([])
        series = {}
    shade_history(ax, ds, years, x)
    stacked_bars(ax, x, series, PRICE_COLOURS)
    ax.set_xticks(x, [str(y) for y in years])
    ax.set_xlabel("year")
    ax.set_ylabel("carbon price [yuan/t CO2]")
    ax.set_title(f"Carbon price - {scenario_name(ds)}")
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_ylim(bottom=0)
    legend_outside(ax)
    return fig
