"""Operation indicators a planner asks for: equivalent full cycles of each store and the
capacity that only stands for the reserve margin (issue 17).

- ``storage_cycles`` (year, tech): annual discharge over the store's energy capacity,
  equivalent full cycles per year (NaN for rows that are not stores or have no energy
  capacity).
- ``full_load_hours`` (year, tech): annual output over the capacity in service on average
  over the year (``operating_capacity`` where the results hold it, else the year-end
  ``capacity``), h, as the CEC's utilisation hours divide by the average capacity (NaN where
  no capacity is installed or the row delivers no electricity).
- ``reserve_only`` (year, tech): 1 where an electricity-producing row (stores included) has
  capacity but runs fewer than :data:`RESERVE_ONLY_HOURS` full-load hours: it is in the
  system for the firm capacity of the reserve margin, not for its energy.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.technology import class_attribute
from lowcarbon_sim.units import TECH, YEAR

#: Full-load hours below which built capacity is reported as reserve-only, h/yr.
RESERVE_ONLY_HOURS = 100.0
#: Capacity below which a row counts as not built, MW.
_BUILT_MW = 1.0


def capacity_in_service(ds: xr.Dataset) -> xr.DataArray:
    """Capacity in service on average over each year, MW: ``operating_capacity``, or the
    year-end ``capacity`` in results written before it existed."""
    return ds["operating_capacity"] if "operating_capacity" in ds else ds["capacity"]


def put_operation(out: xr.Dataset) -> xr.Dataset:
    """Add ``storage_cycles``, ``full_load_hours`` and ``reserve_only`` (year, tech) to the
    results ``out`` (which must hold ``generation``, ``capacity`` and ``tech_class``)."""
    if not {"generation", "capacity", "tech_class"} <= set(out.data_vars):
        return out
    classes = out["tech_class"].values
    is_storage = np.array(class_attribute(classes, "is_storage", default=False), bool)
    electric = np.array(
        [c == "electricity" for c in class_attribute(classes, "carrier_out", default="")]
    )
    gen = out["generation"].transpose(YEAR, TECH).values.astype(float)
    cap = out["capacity"].transpose(YEAR, TECH).values.astype(float)
    avg = capacity_in_service(out).transpose(YEAR, TECH).values.astype(float)
    built = cap > _BUILT_MW
    with np.errstate(divide="ignore", invalid="ignore"):
        flh = np.where(built & electric[None, :] & (avg > 0), gen / avg, np.nan)
    out["full_load_hours"] = ((YEAR, TECH), flh)
    out["full_load_hours"].attrs.update(
        units="h",
        description="annual electricity output over the capacity in service on average over "
        "the year",
    )
    cycles = np.full(gen.shape, np.nan)
    if "storage_energy_capacity" in out:
        e = out["storage_energy_capacity"].transpose(YEAR, TECH).values.astype(float)
        ok = is_storage[None, :] & (e > _BUILT_MW)
        cycles = np.where(ok, gen / np.where(ok, e, 1.0), np.nan)
    out["storage_cycles"] = ((YEAR, TECH), cycles)
    out["storage_cycles"].attrs.update(
        units="1/yr",
        description="equivalent full cycles: annual discharge over energy capacity",
    )
    reserve = built & electric[None, :] & (np.nan_to_num(flh, nan=np.inf) < RESERVE_ONLY_HOURS)
    out["reserve_only"] = ((YEAR, TECH), reserve.astype(np.int8))
    out["reserve_only"].attrs.update(
        units="1",
        description=f"1: capacity built but run below {RESERVE_ONLY_HOURS:.0f} full-load "
        "hours, in the system for the reserve margin (firm capacity), not for energy",
    )
    return out
