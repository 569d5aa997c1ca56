"""Several scenarios side by side: trajectories as lines, the mix of one year as bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import xarray as xr
from matplotlib import colormaps
from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots._common import (
    as_dataset,
    by_label,
    nonzero_labels,
    stacked_bars,
)
from lowcarbon_sim.plots.colours import tech_colours, tech_order
from lowcarbon_sim.plots.labels import tech_labels
from lowcarbon_sim.plots.mix import capacity_group
from lowcarbon_sim.units import display_scale, to_display


def scenario_labels(datasets: Sequence[xr.Dataset], names: Sequence[str] | None) -> list[str]:
    """Names for the scenarios: ``names``, else each ``scenario`` attribute made unique."""
    if names is not None:
        if len(names) != len(datasets):
            raise DataError(f"{len(names)} names given for {len(datasets)} scenarios")
        return [str(n) for n in names]
    labels: list[str] = []
    for i, ds in enumerate(datasets):
        label = str(ds.attrs.get("scenario", f"scenario {i + 1}"))
        labels.append(label if label not in labels else f"{label} ({i + 1})")
    return labels


def common_year(datasets: Sequence[xr.Dataset], year: int | None = None) -> int:
    """``year`` checked against the years every scenario models (default: the last of them).

    Raises :class:`~lowcarbon_sim.errors.DataError` (exit code 2 in the CLI) naming the
    common years when ``year`` is not one of them.
    """
    common = set.intersection(*({int(y) for y in ds["year"].values} for ds in datasets))
    if not common:
        raise DataError("the scenarios share no modelled year")
    if year is None:
        return max(common)
    if int(year) not in common:
        years = ", ".join(str(y) for y in sorted(common))
        raise DataError(
            f"--year {year}: not a year modelled by every scenario; expected one of {years}"
        )
    return int(year)


def _union_techs(datasets: Sequence[xr.Dataset]) -> tuple[list[str], dict[str, str]]:
    order: list[str] = []
    info: dict[str, tuple[str, str, str]] = {}
    for ds in datasets:
        for t in tech_order(ds):
            if t in info:
                continue
            order.append(t)

            def attr(name: str, tech: str = t, d: xr.Dataset = ds) -> str:
                return str(d[name].sel(tech=tech).values) if name in d else ""

            info[t] = (attr("tech_class"), attr("tech_fuel"), attr("tech_color"))
    colours = tech_colours(
        order, [info[t][0] for t in order], [info[t][1] for t in order], [info[t][2] for t in order]
    )
    return order, colours


def _year_mix(datasets, labels, variable, year, scale, techs):
    """``{tech: values per scenario}`` of ``variable`` in ``year`` (0 where a tech is absent)."""
    out = {}
    for t in techs:
        out[t] = np.array(
            [
                float(ds[variable].sel(year=year, tech=t)) / scale
                if t in ds["tech"].values
                else 0.0
                for ds in datasets
            ]
        )
    return {t: out[t] for t in nonzero_labels(out)}


def plot_comparison(
    results: Sequence[Any],
    names: Sequence[str] | None = None,
    year: int | None = None,
) -> Figure:
    """Compare scenarios: emissions, carbon price, cost, and the capacity and generation mix.

    Parameters
    ----------
    results
        Two or more :class:`~lowcarbon_sim.results.core.Results`, results Datasets or NetCDF
        paths.
    names
        Labels of the scenarios (default: each run's ``scenario`` attribute).
    year
        Year of the mix panels (default: the last year every scenario models).

    Returns
    -------
    matplotlib.figure.Figure
        Six panels: total CO2 (Mt CO2/yr, one line per scenario labelled with its name, the
        peak starred), carbon price (yuan/t CO2), system cost (bn yuan/yr), capacity (GW)
        and generation (TWh) in ``year`` as one stacked bar per scenario, and the
        technology legend.
    """
    datasets = [as_dataset(r) for r in results]
    if not datasets:
        raise DataError("no scenarios to compare")
    labels = scenario_labels(datasets, names)
    year = common_year(datasets, year)
    techs, colours = _union_techs(datasets)
    # display names in the legend; only power plants and storage are "capacity" (the
    # groups of the capacity chart: imports, hydrogen and heat plants are not stacked)
    names = tech_labels(techs)
    classes: dict[str, str] = {}
    for ds in datasets:
        if "tech_class" in ds:
            pairs = zip(ds["tech"].values, ds["tech_class"].values, strict=True)
            classes.update((str(t), str(c)) for t, c in pairs)
    plants = [t for t in techs if capacity_group(classes.get(t, "")) == "plants"]
    cmap = colormaps["tab10"]
    fig = Figure(figsize=(15.0, 8.5), layout="constrained")
    axes = fig.subplots(2, 3)
    ax_em, ax_price, ax_cost = axes[0]
    ax_cap, ax_gen, ax_legend = axes[1]
    for i, (ds, label) in enumerate(zip(datasets, labels, strict=True)):
        colour = cmap(i % cmap.N)
        years = ds["year"].values.astype(int)
        total = (
            ds["total_emissions"] if "total_emissions" in ds else ds["emissions"].sum("sector")
        ).values / display_scale("t CO2")[0]
        ax_em.plot(years, total, marker="o", markersize=3, color=colour, label=label)
        peak = int(ds.attrs.get("peak_year", years[int(np.argmax(total))]))
        if peak in years:
            ax_em.plot(
                [peak],
                [total[list(years).index(peak)]],
                marker="*",
                markersize=12,
                color=colour,
                linestyle="none",
            )
        if "co2_price" in ds:
            ax_price.plot(
                years, ds["co2_price"].values, marker="o", markersize=3, color=colour, label=label
            )
        if "total_cost" in ds:
            ax_cost.plot(
                years,
                to_display(ds["total_cost"].values, "yuan")[0],
                marker="o",
                markersize=3,
                color=colour,
                label=label,
            )
    ax_em.set_title("CO2 emissions (star: peak)")
    ax_em.set_ylabel("Mt CO2/yr")
    ax_price.set_title("Carbon price")
    ax_price.set_ylabel("yuan/t CO2")
    ax_cost.set_title("System cost")
    ax_cost.set_ylabel("bn yuan/yr")
    for ax in (ax_em, ax_price, ax_cost):
        ax.set_xlabel("year")
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small", frameon=False)
    x = np.arange(len(datasets))
    for ax, variable, model_unit, title, shown in (
        (ax_cap, "capacity", "MW", f"Capacity {year}: power plants and storage", plants),
        (ax_gen, "generation", "MWh", f"Electricity supply {year}", techs),
    ):
        scale, unit = display_scale(model_unit)
        if all(variable in ds for ds in datasets):
            mix = _year_mix(datasets, labels, variable, year, scale, shown)
            stacked_bars(ax, x, by_label(mix, names), by_label(colours, names))
        ax.set_xticks(x, labels, rotation=20, ha="right", fontsize="small")
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    handles, texts = [], []
    for ax in (ax_cap, ax_gen):
        for h, t in zip(*ax.get_legend_handles_labels(), strict=True):
            if t not in texts:
                handles.append(h)
                texts.append(t)
    ax_legend.axis("off")
    if handles:
        ax_legend.legend(
            handles[::-1],
            texts[::-1],
            loc="center left",
            frameon=False,
            title="technology",
            ncols=1 + len(handles) // 14,
        )
    fig.suptitle("Scenario comparison: " + ", ".join(labels))
    return fig
