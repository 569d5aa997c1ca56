"""Months of the time steps: how many hours of each calendar month a time step stands for.

Monthly energy constraints (hydro inflow, import contracts) need the month of every hour the
dispatch represents. A representative day stands for the original days assigned to it
(:attr:`~lowcarbon_sim.inputs.timeseries.TimeSelection.sequence`), which may lie in several
months; each of its hours stands for one hour of each of those days. The (time step, month)
matrix :math:`W_{t,m}` (h) therefore sums over the months to the time step's weight, and a
monthly energy is :math:`\\sum_t W_{t,m}\\, p_t`. In full-year mode it is exact (each hour
in its own month); in ``hours`` mode (the first hours, weighted to a year) each time step is
spread over the months in proportion to their hours.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.month_days import DAYS_IN_MONTH, MONTH_OF_DAY
from lowcarbon_sim.inputs.timeseries import HOURS_PER_DAY, HOURS_PER_YEAR, TimeSelection
from lowcarbon_sim.units import TIME

__all__ = [
    "DAYS_IN_MONTH",
    "HOURS_IN_MONTH",
    "MONTH",
    "MONTH_OF_DAY",
    "MONTH_OF_HOUR",
    "add_month_weights",
    "month_of_timestep",
    "timestep_month_hours",
]

MONTH = "month"
#: Hours of each month, h.
HOURS_IN_MONTH = DAYS_IN_MONTH * HOURS_PER_DAY
#: Month (0..11) of each hour of the year.
MONTH_OF_HOUR = np.repeat(MONTH_OF_DAY, HOURS_PER_DAY)


def timestep_month_hours(time: TimeSelection) -> np.ndarray:
    """Hours of each month each time step stands for, (timestep, 12), h.

    Rows sum to the time steps' weights; columns sum to the months' hours.
    """
    n = time.hour.size
    out = np.zeros((n, 12))
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    if time.sequence.size == n_days:
        # representative days: count the original days of each month behind each period
        days = np.zeros((time.n_periods, 12))
        np.add.at(days, (time.sequence, MONTH_OF_DAY), 1.0)
        out[:] = days[time.period] * time.duration[:, None]
    elif n == HOURS_PER_YEAR:
        out[np.arange(n), MONTH_OF_HOUR[time.hour]] = time.weight
    else:
        out[:] = time.weight[:, None] * HOURS_IN_MONTH[None, :] / HOURS_PER_YEAR
    return out


def month_of_timestep(time: TimeSelection) -> np.ndarray | None:
    """Month (0..11) of each time step when every time step stands for hours of one month
    only (representative days chosen within months, ``time.method: monthly``, or a full
    year), else None.

    Quantities that the selection must carry month by month (demand energy, capacity
    factors) can then be rescaled within each month instead of over the year.
    """
    w = timestep_month_hours(time)
    month = np.argmax(w, axis=1)
    own = w[np.arange(w.shape[0]), month]
    if not np.allclose(own, time.weight, rtol=1e-12, atol=1e-9):
        return None
    return month


def add_month_weights(ds: xr.Dataset, time: TimeSelection) -> None:
    """Add the ``month`` coordinate and ``timestep_month_hours`` (timestep, month) to the
    inputs, once."""
    if "timestep_month_hours" in ds:
        return
    ds.coords[MONTH] = np.arange(1, 13)
    ds["timestep_month_hours"] = ((TIME, MONTH), timestep_month_hours(time))
    ds["timestep_month_hours"].attrs.update(
        units="h", description="hours of each calendar month the time step stands for"
    )
    ds["month_hours"] = (MONTH, HOURS_IN_MONTH.astype(float))
    ds["month_hours"].attrs.update(units="h", description="hours of the month")
