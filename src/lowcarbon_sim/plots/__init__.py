"""Figures of a run: one function per figure, each returning a matplotlib ``Figure``.

Every ``plot_*`` function takes a :class:`~lowcarbon_sim.results.core.Results`, a results
``xarray.Dataset`` or the path of a results NetCDF file, so figures can be rebuilt from a
saved run without solving again. Figures are made with :class:`matplotlib.figure.Figure`
directly (not ``pyplot``): they need no display and are freed when dropped.

>>> import lowcarbon_sim as lcs                                  # doctest: +SKIP
>>> from lowcarbon_sim.plots import plot_emissions, save_all     # doctest: +SKIP
>>> fig = plot_emissions("out/results.nc")                       # doctest: +SKIP
>>> fig.savefig("emissions.svg")                                 # doctest: +SKIP
>>> save_all("out/results.nc", "out/figures", formats=("png", "svg"))  # doctest: +SKIP

Colours are fixed per technology, sector and carrier (:mod:`lowcarbon_sim.plots.colours`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.plots._common import as_dataset, has_data
from lowcarbon_sim.plots.compare import plot_comparison
from lowcarbon_sim.plots.dispatch import has_storage, plot_dispatch, plot_storage, season_steps
from lowcarbon_sim.plots.emissions import emission_targets, plot_emissions
from lowcarbon_sim.plots.flows import (
    has_co2_flows,
    has_hydrogen,
    plot_co2_flows,
    plot_hydrogen_flows,
)
from lowcarbon_sim.plots.lmdi import plot_lmdi
from lowcarbon_sim.plots.mix import plot_capacity_mix, plot_generation_mix
from lowcarbon_sim.plots.prices import plot_carbon_price
from lowcarbon_sim.plots.scorecard import has_scorecard, plot_scorecard
from lowcarbon_sim.plots.shares import plot_nonfossil_share, share_targets
from lowcarbon_sim.results.io import atomic_write

__all__ = [
    "FIGURES",
    "emission_targets",
    "make_figures",
    "plot_capacity_mix",
    "plot_carbon_price",
    "plot_co2_flows",
    "plot_comparison",
    "plot_dispatch",
    "plot_emissions",
    "plot_generation_mix",
    "plot_hydrogen_flows",
    "plot_lmdi",
    "plot_nonfossil_share",
    "plot_scorecard",
    "plot_storage",
    "save_all",
    "save_figure",
    "share_targets",
]

#: The figures of one run: file stem -> (figure function, "does it apply to these results").
FIGURES: dict[str, tuple[Callable[[Any], Figure], Callable[[Any], bool]]] = {
    "capacity_mix": (plot_capacity_mix, lambda ds: has_data(ds, "capacity")),
    "generation_mix": (plot_generation_mix, lambda ds: has_data(ds, "generation")),
    "emissions": (plot_emissions, lambda ds: "emissions" in ds),
    "nonfossil_share": (plot_nonfossil_share, lambda ds: has_data(ds, "nonfossil_share")),
    "dispatch": (plot_dispatch, lambda ds: has_data(ds, "dispatch")),
    # a winter and a summer week (or the season's representative days) of the last year
    "dispatch_winter": (
        lambda ds: plot_dispatch(ds, season="winter"),
        lambda ds: has_data(ds, "dispatch") and season_steps(ds, "winter").size > 0,
    ),
    "dispatch_summer": (
        lambda ds: plot_dispatch(ds, season="summer"),
        lambda ds: has_data(ds, "dispatch") and season_steps(ds, "summer").size > 0,
    ),
    "storage": (plot_storage, has_storage),
    "hydrogen_flows": (plot_hydrogen_flows, has_hydrogen),
    "co2_flows": (plot_co2_flows, has_co2_flows),
    "carbon_price": (plot_carbon_price, lambda ds: "co2_price" in ds),
    "scorecard": (plot_scorecard, has_scorecard),
}

FORMATS = ("png", "svg", "pdf")


def make_figures(results: Any, extra: Mapping[str, Figure] | None = None) -> dict[str, Figure]:
    """Every figure of :data:`FIGURES` that applies to ``results``, by file stem, then the
    ready-made figures of ``extra`` (e.g. the LMDI waterfall the CLI computes)."""
    ds = as_dataset(results)
    figures = {name: plot(ds) for name, (plot, applies) in FIGURES.items() if applies(ds)}
    return {**figures, **(extra or {})}


def save_figure(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path`` atomically; the format is the file's suffix (png, svg, pdf)."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise DataError(f"{path}: figure format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return atomic_write(path, lambda tmp: fig.savefig(tmp, format=fmt, dpi=dpi))


def save_all(
    results: Any,
    outdir: str | Path,
    formats: Sequence[str] = ("png",),
    dpi: int = 150,
    extra: Mapping[str, Figure] | None = None,
) -> list[Path]:
    """Write every applicable figure of a run to ``outdir`` as ``<name>.<format>``.

    Parameters
    ----------
    results
        :class:`~lowcarbon_sim.results.core.Results`, a results Dataset or a NetCDF path.
    outdir
        Folder for the figures (created if needed).
    formats
        File formats among ``png``, ``svg`` and ``pdf``.
    dpi
        Resolution of raster formats, dots per inch.
    extra
        Further figures by file stem, written after those of :data:`FIGURES` (figures that
        need more than the results, such as :func:`plot_lmdi`).

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of :data:`FIGURES` and ``formats``. Figures whose
        data are absent (no storage, no hydrogen, no CCUS) are skipped.
    """
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise DataError(f"figure format must be one of {', '.join(FORMATS)}, got {bad}")
    outdir = Path(outdir)
    written = []
    for name, fig in make_figures(results, extra).items():
        for fmt in formats:
            written.append(save_figure(fig, outdir / f"{name}.{fmt}", dpi=dpi))
    return written
