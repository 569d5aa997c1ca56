r"""Planned maintenance and forced outages as hourly availability of thermal rows.

For a technology with forced outage rate :math:`f` (p.u.) and :math:`M` weeks of planned
maintenance per year, the available share of its capacity in hour :math:`h` is

.. math:: \alpha'_{g,h} = \alpha_{g,h}\,(1 - f_g)\,(1 - m_{g,h})

with :math:`\alpha` the availability from the scenario (1 for fuel-burning rows) and
:math:`m_{g,h}` the share of the fleet in maintenance: :math:`168 M / H_s` in the hours of the
maintenance season (the low-demand months March-May and September-November in Hunan, whose
load peaks in summer and winter; :math:`H_s` = 4,392 h) and 0 elsewhere. On representative
days the sampled maintenance share is rescaled so that its weighted annual mean is the full
year's :math:`168 M / 8760` (when no sampled day falls in the season it is spread evenly), so a
row of constant availability :math:`\alpha` has :math:`\alpha (1-f)(8760 - 168 M)` available
full-load hours per year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.month_days import DAYS_IN_MONTH
from lowcarbon_sim.units import HOURS_PER_YEAR, TECH, TIME

HOURS_PER_WEEK = 168.0
#: Months (1-12) in which planned maintenance is done: spring and autumn, when Hunan's
#: demand is lowest (its peaks are in July-August and December-January).
MAINTENANCE_MONTHS = (3, 4, 5, 9, 10, 11)


def month_of_hour(hour: np.ndarray) -> np.ndarray:
    """Month (1-12) of each hour of a non-leap year (0 = 1 January 00:00)."""
    month_start = np.cumsum(np.r_[0, DAYS_IN_MONTH[:-1]]) * 24
    return np.searchsorted(month_start, np.asarray(hour) % HOURS_PER_YEAR, side="right")


def maintenance_share(weeks: float, hour: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of capacity in planned maintenance at each time step (p.u.).

    ``hour`` are the hours of the year of the time steps and ``weight`` the hours each
    stands for; the weighted sum of the result is ``168 * weeks`` hours.
    """
    target = HOURS_PER_WEEK * weeks  # capacity-hours per MW and year
    if target <= 0:
        return np.zeros(len(hour))
    season_hours = float(np.isin(month_of_hour(np.arange(HOURS_PER_YEAR)),
                                 MAINTENANCE_MONTHS).sum())
    in_season = np.isin(month_of_hour(hour), MAINTENANCE_MONTHS)
    share = np.where(in_season, min(1.0, target / season_hours), 0.0)
    sampled = float((share * weight).sum())
    if sampled <= 0:
        return np.full(len(hour), target / HOURS_PER_YEAR)
    # the sampled days keep the year's maintenance energy
    return np.clip(share * target / sampled, 0.0, 1.0)


def apply_outages(ds: xr.Dataset) -> None:
    """Multiply ``ds["availability"]`` (tech, timestep) by each row's forced-outage and
    maintenance factor; rows with neither are unchanged (bit for bit)."""
    rate = ds["forced_outage_rate"].values
    weeks = ds["maintenance_weeks"].values
    hour = ds["timestep_hour"].values
    weight = ds["timestep_weight"].values
    avail = ds["availability"].values.copy()
    for j in np.flatnonzero((rate > 0) | (weeks > 0)):
        avail[j] = avail[j] * (1.0 - rate[j]) * (1.0 - maintenance_share(weeks[j], hour, weight))
    ds["availability"] = ((TECH, TIME), avail, ds["availability"].attrs)
