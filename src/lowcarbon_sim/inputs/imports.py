"""Import contracts: hourly delivery bands and monthly contract shares of import lines.

A row's ``delivery_band`` gives, by season, the least and most delivery at peak and other
hours (p.u. of the rating), as the dispatch schedules of DC lines set them. It becomes two
series over the time steps, ``band_min`` and ``band_max`` (tech, timestep): the band of the
time step's hour of day, averaged over the months the time step stands for (a representative
day may stand for days of two seasons). ``contract_monthly_shape`` becomes
``contract_month_share`` (tech, month). Rows without them get 0/1 and NaN; nothing is added
when no row has them.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.arrays import add_input
from lowcarbon_sim.inputs.months import MONTH, add_month_weights
from lowcarbon_sim.inputs.timeseries import HOURS_PER_DAY, TimeSelection
from lowcarbon_sim.scenario.schema import BandConfig, Scenario
from lowcarbon_sim.units import TECH, TIME

#: Months (0..11) of each meteorological season.
SEASON_MONTHS = {
    "winter": (11, 0, 1),
    "spring": (2, 3, 4),
    "summer": (5, 6, 7),
    "autumn": (8, 9, 10),
}


def band_table(band: dict[str, BandConfig]) -> tuple[np.ndarray, np.ndarray]:
    """Least and most delivery by (month, hour of day), p.u., from a season -> band mapping
    (a season given overrides ``all`` in its months; hours without a band: 0 and 1)."""
    lo, hi = np.zeros((12, HOURS_PER_DAY)), np.ones((12, HOURS_PER_DAY))
    hours = np.arange(HOURS_PER_DAY)
    for season in ("all", *SEASON_MONTHS):
        if season not in band:
            continue
        b = band[season]
        peak = (hours >= b.peak_hours[0]) & (hours < b.peak_hours[1])
        months = list(range(12)) if season == "all" else list(SEASON_MONTHS[season])
        lo[months] = np.where(peak, b.peak_min, b.offpeak_min)
        hi[months] = np.where(peak, b.peak_max, b.offpeak_max)
    return lo, hi


def add_import_inputs(ds: xr.Dataset, scenario: Scenario, time: TimeSelection) -> None:
    """Add ``band_min``, ``band_max`` (tech, timestep), p.u. of rating, and
    ``contract_month_share`` (tech, month) for import rows with contract data."""
    techs = scenario.power.techs
    names = [str(t) for t in ds[TECH].values]
    banded = [j for j, t in enumerate(names) if techs[t].delivery_band]
    shaped = [j for j, t in enumerate(names) if techs[t].contract_monthly_shape is not None]
    if not banded and not shaped:
        return
    add_month_weights(ds, time)
    w_tm = ds["timestep_month_hours"].values  # (timestep, month), h
    share_tm = w_tm / w_tm.sum(axis=1, keepdims=True)
    hod = time.hour_of_day_share()  # (timestep, hour of day): a segment's mean over its hours
    n = time.hour.size
    lo, hi = np.zeros((len(names), n)), np.ones((len(names), n))
    for j in banded:
        table_lo, table_hi = band_table(techs[names[j]].delivery_band)
        lo[j] = (share_tm * (hod @ table_lo.T)).sum(axis=1)
        hi[j] = (share_tm * (hod @ table_hi.T)).sum(axis=1)
    add_input(ds, "band_min", (TECH, TIME), lo, "1", "least delivery, p.u. of rating")
    add_input(ds, "band_max", (TECH, TIME), hi, "1", "most delivery, p.u. of rating")
    share = np.full((len(names), 12), np.nan)
    for j in shaped:
        s = np.asarray(techs[names[j]].contract_monthly_shape, float)
        share[j] = s / s.sum()
    add_input(
        ds,
        "contract_month_share",
        (TECH, MONTH),
        share,
        "1",
        "share of the annual contract in each month (NaN: none)",
    )
    ds["contract_month_share"].attrs["nan_means"] = "no monthly contract for the row"
