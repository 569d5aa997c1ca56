"""Wind and solar in the time steps: availability on representative days, and the
lowest-renewables day that the selection of representative days keeps.

* :func:`rescale_sampled` keeps the annual capacity factor of a profile on the selected
  hours without letting any hour exceed the profile's own maximum (a fleet that never
  reaches its installed capacity must not reach it on a representative day either).
* :func:`lowest_renewables_day` finds the day of the year with the least wind and solar
  output: the least-output day of the least-output week, so that a calm, overcast spell is
  kept as a period of its own.
* :func:`net_load_feature` builds the net load that ``time.net_load`` asks the clustering
  to represent, with its highest- and lowest-hour days.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lowcarbon_sim.units import HOURS_PER_YEAR

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7


def rescale_sampled(
    sampled: np.ndarray, weight: np.ndarray, mean: float, cap: float
) -> np.ndarray:
    """Scale an availability sampled on the selected hours so that its weighted mean is
    ``mean`` (p.u.), with no value above ``cap`` (p.u.).

    Scaling and clipping at ``cap`` alternate to the fixed point (clipping lowers the mean);
    when ``cap`` cannot carry ``mean`` the result is as close as the cap allows.

    >>> rescale_sampled(np.array([0.2, 0.6]), np.array([4380.0, 4380.0]), 0.5, 0.7).tolist()
    [0.3, 0.7]
    """
    x = np.asarray(sampled, dtype=float)
    target = mean * HOURS_PER_YEAR
    for _ in range(100):
        current = float((x * weight).sum())
        if current <= 0 or abs(current - target) <= 1e-12 * target:
            break
        x = np.clip(x * target / current, 0.0, cap)
    return x


def lowest_renewables_day(profiles: Sequence[np.ndarray]) -> int | None:
    """Day of the year (0..364) with the least wind and solar output, within the week of the
    least output.

    Each profile (8760 hourly p.u.) is normalised by its mean, so wind and solar weigh as if
    each produced the same energy over the year (the selection is made once for all years,
    whose capacities differ). The week is the 7-day window with the least total; the day is
    the least-output day inside it. None without profiles.
    """
    if not profiles:
        return None
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    index = sum(p / (np.mean(p) or 1.0) for p in profiles)
    daily = np.asarray(index[: n_days * HOURS_PER_DAY]).reshape(n_days, HOURS_PER_DAY).sum(1)
    weekly = np.convolve(daily, np.ones(DAYS_PER_WEEK), mode="valid")
    start = int(np.argmin(weekly))
    return start + int(np.argmin(daily[start : start + DAYS_PER_WEEK]))


def low_renewables_days(scenario, profiles: dict[str, np.ndarray]) -> tuple[int, ...]:
    """The lowest-renewables day of a scenario's wind and solar profiles (those named by
    technologies of class ``variable``), as a tuple for
    :func:`lowcarbon_sim.inputs.timeseries.select_timesteps`; empty without such profiles."""
    names = sorted(
        {
            t.availability
            for t in scenario.power.techs.values()
            if t.tech_class == "variable" and isinstance(t.availability, str)
        }
    )
    day = lowest_renewables_day([profiles[n] for n in names if n in profiles])
    return () if day is None else (day,)


def net_load_feature(
    demand: np.ndarray, profiles: dict[str, np.ndarray], shares: dict[str, float]
) -> tuple[np.ndarray, tuple[int, ...]]:
    """The net load of ``time.net_load`` and its two extreme days.

    ``demand`` and each profile (8760 hourly values) are normalised by their means, so the
    net load is ``demand/mean - sum(share * profile/mean)``, in units of the mean demand:
    a profile with share 0.3 delivers 30 % of the year's demand. Returns the series and the
    days (0..364) of its highest and of its lowest hour (the evening peak left to firm
    capacity, the midday surplus left to storage and curtailment).

    >>> d = np.ones(8760); s = np.zeros(8760); s[12 + 24 * 100] = 8760.0
    >>> net, days = net_load_feature(d, {"solar": s}, {"solar": 0.5})
    >>> float(net.mean()), days[1]
    (0.5, 100)
    """
    net = np.asarray(demand, dtype=float) / (np.mean(demand) or 1.0)
    for name, share in shares.items():
        p = np.asarray(profiles[name], dtype=float)
        net = net - share * p / (np.mean(p) or 1.0)
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    daily = net[: n_days * HOURS_PER_DAY].reshape(n_days, HOURS_PER_DAY)
    return net, (int(np.argmax(daily.max(axis=1))), int(np.argmin(daily.min(axis=1))))


def net_load_days(
    scenario, profiles: dict[str, np.ndarray], demand: np.ndarray
) -> tuple[list[np.ndarray], tuple[int, ...]]:
    """The clustering's extra features and kept days from ``time.net_load`` (none when it is
    unset or the time mode has no clustered days): ``([net load], (peak day, trough day))``.
    The kept days are dropped when ``time.extreme_days`` is off (by the selection)."""
    shares = scenario.time.net_load
    if not shares or scenario.time.mode != "representative_days":
        return [], ()
    unknown = sorted(set(shares) - set(profiles))
    if unknown:
        from lowcarbon_sim.errors import ScenarioError

        raise ScenarioError(
            [
                (
                    f"time.net_load.{unknown[0]}",
                    "not a profile used by a technology of the scenario "
                    f"(used: {', '.join(sorted(profiles))})",
                )
            ]
        )
    net, days = net_load_feature(demand, profiles, shares)
    return [net], days
