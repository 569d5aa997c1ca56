"""Monthly inflow of hydro rows with reservoirs (``inflow`` set in the scenario).

The year's inflow energy (MWh/yr, e.g. the statistics' hydro generation of a history year)
is spread over the months by the row's ``inflow_shape``, or else by the monthly shape of its
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
    for j in users:
        cfg = techs[names[j]]
        if cfg.inflow_shape is not None:
            shape = np.asarray(cfg.inflow_shape, float)
            shape = shape / shape.sum()
        else:
            a = cfg.availability
            shape = monthly_shape(profiles[a] if isinstance(a, str) else float(a))
        inflow[:, j, :] = annual[:, j, None] * shape[None, :]
    ds["hydro_inflow"] = ((YEAR, TECH, MONTH), inflow)
    ds["hydro_inflow"].attrs.update(
        units="MWh",
        description="natural inflow energy per month (NaN: no reservoir model)",
        nan_means="no reservoir model for the row",
    )
