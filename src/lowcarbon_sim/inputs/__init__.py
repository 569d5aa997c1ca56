"""Model inputs: scenario (+ sector outputs) -> one ``xarray.Dataset`` the model reads.

* :mod:`~lowcarbon_sim.inputs.build`: :func:`build_inputs` and the demand and profile steps;
* :mod:`~lowcarbon_sim.inputs.timeseries`: the dispatch time steps (full year or
  representative days);
* :mod:`~lowcarbon_sim.inputs.calibration`: reshaping hourly demand to a sourced peak.
"""

from __future__ import annotations

from lowcarbon_sim.inputs.build import (
    CO2_SOURCE,
    FUEL,
    STORAGE_STEP,
    build_inputs,
    hourly_demand,
    load_profiles,
)

__all__ = [
    "CO2_SOURCE",
    "FUEL",
    "STORAGE_STEP",
    "build_inputs",
    "hourly_demand",
    "load_profiles",
]
