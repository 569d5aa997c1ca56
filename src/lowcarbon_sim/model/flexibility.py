"""Results of curtailment and demand response, computed from the solved values.

Curtailment of wind and solar (technologies of class ``variable``) needs no LP variable: it
is what was available (availability x the year's ``availability_scale`` x the capacity in
service over the year) and not
dispatched. Called from :func:`lowcarbon_sim.model.extract.extract_results`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import xarray as xr

from lowcarbon_sim.units import TECH, TIME, YEAR

CURTAILED_CLASSES = ("variable",)


def put_flexibility(
    put: Callable, inp: xr.Dataset, vals: dict, output: np.ndarray, capacity: np.ndarray
) -> None:
    """Add curtailment and demand-response variables with ``put(name, dims, values, units,
    doc)``.

    Parameters
    ----------
    inp
        Model inputs.
    vals
        Solved values of every block, by block name.
    output
        Hourly electricity output (year, tech, timestep), MW.
    capacity
        Capacity in service on average over the year (year, tech), MW: the installed
        capacity less the part of the year's new build not yet running.
    """
    w = inp["timestep_weight"].values
    curtailable = np.isin(inp["tech_class"].values.astype(str), CURTAILED_CLASSES)
    scale = inp["availability_scale"].values if "availability_scale" in inp else 1.0
    available = (
        inp["availability"].values[None, :, :]
        * np.broadcast_to(scale, capacity.shape)[:, :, None]
        * capacity[:, :, None]
    )
    hourly = np.where(curtailable[None, :, None], np.clip(available - output, 0.0, None), 0.0)
    # solver tolerances leave dust of 1e-7 MW; it is not curtailment
    hourly[hourly < 1e-6 * np.maximum(available, 1.0)] = 0.0
    put(
        "curtailment_hourly",
        (YEAR, TECH, TIME),
        hourly,
        "MW",
        "available wind and solar output not dispatched",
    )
    energy = (hourly * w).sum(axis=2)
    put("curtailment", (YEAR, TECH), energy, "MWh", "annual curtailed energy (wind, solar)")
    avail_energy = np.where(curtailable[None, :], (available * w).sum(axis=2), 0.0)
    put(
        "available_energy",
        (YEAR, TECH),
        avail_energy,
        "MWh",
        "annual available energy of wind and solar (before curtailment)",
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(avail_energy > 0, energy / avail_energy, 0.0)
        total = avail_energy.sum(axis=1)
        rate_all = np.where(total > 0, energy.sum(axis=1) / np.where(total > 0, total, 1), 0.0)
    put("curtailment_rate_by_tech", (YEAR, TECH), rate, "1", "curtailed / available energy")
    put("curtailment_rate", YEAR, rate_all, "1", "curtailed / available wind and solar energy")
    dr = vals.get("demand_response", {})
    if "shift_out" in dr:
        put(
            "demand_shift",
            (YEAR, TECH, TIME),
            dr["shift_out"] - dr["shift_in"],
            "MW",
            "demand moved out of the hour (negative: moved in)",
        )
        put(
            "demand_shifted",
            (YEAR, TECH),
            (dr["shift_out"] * w).sum(axis=2),
            "MWh",
            "annual demand moved to other hours",
        )
