"""Monthly results: output by month, reservoir levels, spill and inflow (hydro with seasons,
import contracts). Present only when the inputs carry months (``timestep_month_hours``)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.units import TECH, TIME, YEAR

MONTH = "month"


def put_monthly(out: xr.Dataset, inputs: xr.Dataset, vals: dict) -> xr.Dataset:
    """Add ``monthly_output`` (MWh), ``reservoir_level`` (MWh, month end), ``hydro_spill``
    (MWh) and ``hydro_inflow`` (MWh), each (year, tech, month), to the results ``out``."""
    if "timestep_month_hours" not in inputs:
        return out
    out = out.assign_coords({MONTH: inputs[MONTH].values})
    w_tm = inputs["timestep_month_hours"].transpose(TIME, MONTH).values
    dims = (YEAR, TECH, MONTH)
    out["monthly_output"] = (dims, out["dispatch"].transpose(YEAR, TECH, TIME).values @ w_tm)
    out["monthly_output"].attrs.update(units="MWh", description="electricity output by month")
    hydro = vals.get("hydro", {})
    if "monthly_output" in hydro:  # reservoir rows split representative hours over months
        split = np.isfinite(hydro["monthly_output"])
        out["monthly_output"].values[split] = hydro["monthly_output"][split]
    for name, key, doc in (
        ("reservoir_level", "reservoir_level", "energy stored in reservoirs at month end"),
        ("hydro_spill", "spill", "inflow not turbined (spilled), by month"),
    ):
        if key in hydro:
            out[name] = (dims, hydro[key])
            out[name].attrs.update(units="MWh", description=doc)
    if "hydro_inflow" in inputs:
        out["hydro_inflow"] = (dims, np.nan_to_num(inputs["hydro_inflow"].values))
        out["hydro_inflow"].attrs.update(units="MWh", description="natural inflow by month")
    return out
