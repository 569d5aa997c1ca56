"""Monthly inflow of hydro rows with reservoirs (``inflow`` set in the scenario).

The year's inflow energy (MWh/yr, e.g. the statistics' hydro generation of a history year)
is spread over the months by the row's ``inflow_shape`` (one shape, or one per year: the
Hunan data give each history year its NBS monthly hydro generation and later years the
2019-2024 mean, ``data/hunan/monthly_generation.csv``), or else by the monthly shape of its
availability profile: the month's mean availability times its hours, normalised. Rows
without ``inflow`` get NaN and keep the annual-budget behaviour of the dispatch block.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.months import HOURS_IN_MONTH, MONTH, MONTH_OF_HOUR, add_month_weights
from lowcarbon_sim.inputs.timeseries import TimeSelection
from lowcarbon_sim.scenario.schema import Scenario
from lowcarbon_sim.units import TECH, YEAR


def monthly_shape(profile: np.ndarray | float) -> np.ndarray:
    """Share of a year's energy in each month for an hourly availability profile (or a
    constant): monthly mean times hours of the month, normalised to sum 1."""
    if np.ndim(profile) == 0:
        energy = HOURS_IN_MONTH.astype(float)
    else:
        energy = np.bincount(MONTH_OF_HOUR, weights=np.asarray(profile, float), minlength=12)
    total = energy.sum()
    return energy / total if total > 0 else HOURS_IN_MONTH / HOURS_IN_MONTH.sum()


def shape_of_year(shape: list[float] | dict[int, list[float]], year: int) -> np.ndarray:
    """The 12 monthly shares (normalised) of ``year`` from an ``inflow_shape``: one list for
    every year, or per year, where a year takes the latest year given at or before it, else
    the first (the data set's per-year statistics, then its typical year held).

    >>> shape_of_year({2022: [1] * 12, 2025: [2] + [0] * 11}, 2030)[0]
    np.float64(1.0)
    """
    if isinstance(shape, dict):
        keys = sorted(shape)
        earlier = [k for k in keys if k <= year]
        shape = shape[earlier[-1] if earlier else keys[0]]
    v = np.asarray(shape, float)
    return v / v.sum()


def add_hydro_inputs(
    ds: xr.Dataset, scenario: Scenario, profiles: dict[str, np.ndarray], time: TimeSelection
) -> None:
    """Add ``hydro_inflow`` (year, tech, month), MWh per month, for rows with ``inflow``.

    Nothing is added when no row sets ``inflow`` (the model is then unchanged).
    """
    techs = scenario.power.techs
    names = [str(t) for t in ds[TECH].values]
    users = [j for j, t in enumerate(names) if techs[t].inflow is not None]
    if not users:
        return
    add_month_weights(ds, time)
    annual = ds["inflow"].values  # (year, tech), MWh/yr, NaN where unset
    inflow = np.full((ds.sizes[YEAR], len(names), 12), np.nan)
    years = [int(y) for y in ds[YEAR].values]
    for j in users:
        cfg = techs[names[j]]
        if cfg.inflow_shape is not None:
            shape = np.array([shape_of_year(cfg.inflow_shape, y) for y in years])
        else:
            a = cfg.availability
            shape = monthly_shape(profiles[a] if isinstance(a, str) else float(a))[None, :]
        inflow[:, j, :] = annual[:, j, None] * shape
    ds["hydro_inflow"] = ((YEAR, TECH, MONTH), inflow)
    ds["hydro_inflow"].attrs.update(
        units="MWh",
        description="natural inflow energy per month (NaN: no reservoir model)",
        nan_means="no reservoir model for the row",
    )
