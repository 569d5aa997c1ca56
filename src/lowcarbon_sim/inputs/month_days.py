"""Representative days chosen month by month (``time.method: monthly``).

Each calendar month's days are clustered on their own, so every month carries its own
representative day(s) and every representative day stands for days of one month only: the
weights of a month's days add up to its days x 24 h, and monthly energy constraints (hydro
inflow, import contracts) act on the days of their own month. The kept days (peak demand,
lowest renewables) are periods of their own on top of the month days and count in their
month, so the month's hours still add up.

A month with one day takes its medoid (the day nearest the month's mean day, in the
normalised features of :func:`lowcarbon_sim.inputs.timeseries.select_timesteps`); a month with
several takes the medoids of a Ward clustering of its days.
"""

from __future__ import annotations

import numpy as np

from lowcarbon_sim import units

#: Days of each month of a 365-day year (the model calendar of :mod:`lowcarbon_sim.units`).
DAYS_IN_MONTH = np.array(units.DAYS_IN_MONTH)
#: Month (0..11) of each day of the year.
MONTH_OF_DAY = np.repeat(np.arange(12), DAYS_IN_MONTH)
MONTHS = 12


def days_per_month(month_days: int) -> np.ndarray:
    """Representative days of each month for ``month_days`` in all (at least one each): one
    per month, the rest shared in proportion to the months' lengths (largest remainder,
    earlier month first on ties).

    >>> days_per_month(12).tolist() == [1] * 12
    True
    >>> int(days_per_month(30).sum()), days_per_month(30)[1]
    (30, np.int64(2))
    """
    n = max(int(month_days), MONTHS)
    extra = n - MONTHS
    quota = extra * DAYS_IN_MONTH / DAYS_IN_MONTH.sum()
    out = np.ones(MONTHS, dtype=int) + np.floor(quota).astype(int)
    left = n - int(out.sum())
    order = np.argsort(-(quota - np.floor(quota)), kind="stable")
    out[order[:left]] += 1
    return np.minimum(out, DAYS_IN_MONTH)


def _medoid(block: np.ndarray) -> int:
    """Row of ``block`` nearest its mean (the medoid under squared Euclidean distance)."""
    return int(np.argmin(((block - block.mean(axis=0)) ** 2).sum(axis=1)))


def _medoids_of(features: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``k`` medoid rows of ``features`` and each row's cluster (0..k-1), by Ward clustering."""
    n = features.shape[0]
    if k <= 1 or n <= 1:
        return np.array([_medoid(features)]), np.zeros(n, dtype=int)
    if k >= n:
        return np.arange(n), np.arange(n)
    from scipy.cluster.hierarchy import fcluster, linkage

    labels = fcluster(linkage(features, method="ward"), t=k, criterion="maxclust") - 1
    found = np.unique(labels)
    medoids = np.array([np.flatnonzero(labels == c)[_medoid(features[labels == c])]
                        for c in found])
    return medoids, np.searchsorted(found, labels)


def monthly_days(
    features: np.ndarray, month_days: int, keep: tuple[int, ...] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """Medoid days chosen within each month, and the period of every day of the year.

    Parameters
    ----------
    features
        (365, n) features of each day (normalised hourly series, one row per day).
    month_days
        Representative days to share over the months (at least 12: one per month).
    keep
        Days of the year (0..364) that are periods of their own (weight 1 each), taken out
        of their month's clustering.

    Returns
    -------
    (medoids, assignment)
        Day of the year (0..364) of each period, and for every day of the year the period
        (index into ``medoids``) that stands for it; every period stands for days of one
        month only.
    """
    n_days = features.shape[0]
    if n_days != MONTH_OF_DAY.size:
        raise ValueError(f"monthly days need 365 days of features, got {n_days}")
    keep = tuple(dict.fromkeys(int(d) for d in keep))
    kept = np.zeros(n_days, dtype=bool)
    kept[list(keep)] = True
    medoids: list[int] = []
    assignment = np.empty(n_days, dtype=int)
    for month, k in enumerate(days_per_month(month_days)):
        days = np.flatnonzero((MONTH_OF_DAY == month) & ~kept)
        chosen, labels = _medoids_of(features[days], min(int(k), days.size))
        assignment[days] = len(medoids) + labels
        medoids.extend(int(days[c]) for c in chosen)
    for day in keep:
        assignment[day] = len(medoids)
        medoids.append(day)
    return np.array(medoids, dtype=int), assignment
