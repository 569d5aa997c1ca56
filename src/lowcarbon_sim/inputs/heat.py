"""Heat inputs: the heat demand and each technology's heat per unit of activity.

Adds to the model inputs (see :mod:`lowcarbon_sim.model.blocks.heat` for the formulation):

* ``heat_demand`` (year) MWh: heat (steam, hot water) delivered to the sectors: the
  scenario's ``heat.demand``, replaced in every modelled year by the sector modules'
  ``heat_demand`` when ``sectors.enabled`` (no heat statistics exist for Hunan, so history
  years take the sectors' calibrated value too);
* ``heat_shape`` (timestep) 1: share of the annual heat in each time step per hour; flat
  (industrial steam runs around the clock; Hunan lies south of the Qinling-Huai River line
  and has no central space-heating supply, so district heat adds no winter peak);
* ``heat_per_activity`` (year, tech) 1: MW of heat per MW of activity from the
  technology-class table (boiler 1, heat pump its ``cop``, back-pressure CHP its
  ``heat_to_power``; extraction CHP 0: its heat is a variable of the heat block).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.technology import TECH_CLASSES
from lowcarbon_sim.units import HOURS_PER_YEAR, TECH, TIME, YEAR

HEAT = "heat"


def add_heat(ds: xr.Dataset, scenario, sectors: xr.Dataset | None) -> None:
    """Add ``heat_demand``, ``heat_shape`` and ``heat_per_activity`` to the inputs ``ds``
    (needs the technology inputs: ``efficiency``, ``cop``, ``heat_to_power``,
    ``tech_fuel_carrier``)."""
    years = ds[YEAR].values
    annual = series_values(scenario.heat.demand, years)
    if sectors is not None and scenario.sectors.enabled and HEAT + "_demand" in sectors:
        annual = sectors["heat_demand"].sel(year=years).values.astype(float)
    ds["heat_demand"] = (YEAR, np.asarray(annual, dtype=float))
    ds["heat_demand"].attrs.update(
        units="MWh", description="heat (steam, hot water) delivered to the sectors"
    )
    ds["heat_shape"] = (TIME, np.full(ds.sizes[TIME], 1.0 / HOURS_PER_YEAR))
    ds["heat_shape"].attrs.update(
        units="1/h", description="share of annual heat demand per hour of each time step (flat)"
    )
    classes = [TECH_CLASSES[str(c)] for c in ds["tech_class"].values]
    eff = ds["efficiency"].values
    cop = ds["cop"].values
    # a heat pump's conversion efficiency is its COP (above 1, so not in `efficiency`)
    conversion = np.where(np.isfinite(cop), cop, eff)
    ratio = ds["heat_to_power"].values
    carrier = ds["tech_fuel_carrier"].values
    per = np.array(
        [
            [
                row.balance_coefficient(HEAT, e, str(fc), float(r))
                for row, e, fc, r in zip(classes, conv_y, carrier, ratio, strict=True)
            ]
            for conv_y in conversion
        ]
    ).reshape(len(years), len(classes))
    ds["heat_per_activity"] = ((YEAR, TECH), per)
    ds["heat_per_activity"].attrs.update(
        units="1", description="MW of heat injected per MW of activity (negative: drawn)"
    )
