"""Hourly profiles and the time steps of the dispatch.

* :func:`read_profile` (from :mod:`lowcarbon_sim.data.profiles`) reads one 8760-value series
  from CSV and refuses wrong lengths, gaps and NaN with a message naming the file and the
  column.
* :func:`select_timesteps` decides which hours of the year the LP dispatches and with what
  weight: all 8760 hours, or representative days.

A :class:`TimeSelection` carries everything the model needs to know about time: the hour of
the year of each time step, its duration (1 h, or several with segments), its weight (hours
of the year it stands for), the representative period it belongs to (storage is cyclic
within a period), and the chronological sequence of periods over the year (for storage that
links periods).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lowcarbon_sim.data.profiles import HOURS_PER_YEAR, PACKAGE_PREFIX, read_profile, resolve_path
from lowcarbon_sim.errors import ScenarioWarning
from lowcarbon_sim.inputs.month_days import monthly_days

# Profile files are data access (the scenario and sector stages read them too); re-exported
# here with the time steps built from them.
__all__ = [
    "CACHE_ENV",
    "HOURS_PER_DAY",
    "HOURS_PER_YEAR",
    "PACKAGE_PREFIX",
    "TimeSelection",
    "cache_dir",
    "read_profile",
    "resolve_path",
    "segment_days",
    "select_timesteps",
]

HOURS_PER_DAY = 24
# Environment variable naming the folder for cached clusterings; "off" disables the cache.
CACHE_ENV = "LOWCARBON_SIM_CACHE_DIR"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimeSelection:
    """The time steps of one modelled year (the same in every year).

    Attributes
    ----------
    hour
        Hour of the year (0..8759) of each time step.
    weight
        Hours of the year each time step stands for (sums to 8760), h.
    period
        Representative period (0..n_periods-1) of each time step; storage state of charge is
        cyclic within a period unless periods are linked.
    sequence
        For each original period of the year in chronological order, the representative
        period that stands for it (length 365 for days, 1 for the full year).
    duration
        Consecutive hours of its period each time step covers, from ``hour`` on, h (1 unless
        the days are segmented; None: 1 h each).
    """

    hour: np.ndarray
    weight: np.ndarray
    period: np.ndarray
    sequence: np.ndarray
    duration: np.ndarray | None = None

    @property
    def n_periods(self) -> int:
        """Number of representative periods."""
        return int(self.period.max()) + 1

    def __post_init__(self) -> None:
        if self.duration is None:
            object.__setattr__(self, "duration", np.ones(self.hour.size))
        if not math.isclose(float(self.weight.sum()), HOURS_PER_YEAR, rel_tol=1e-9):
            raise ValueError("time step weights must sum to 8760 h")

    def sample(self, hourly: np.ndarray) -> np.ndarray:
        """Values of hourly series (last axis: the 8760 hours) on the time steps: each step's
        mean over the hours it covers (the value at ``hour`` for 1-h steps), same unit.

        >>> t = TimeSelection(np.array([0, 3]), np.array([3.0, 8757.0]), np.zeros(2, int),
        ...                   np.zeros(1, int), np.array([3.0, 1.0]))
        >>> t.sample(np.arange(8760.0)).tolist()
        [1.0, 3.0]
        """
        x = np.asarray(hourly, dtype=float)
        if np.all(self.duration == 1):
            return x[..., self.hour]
        total = np.concatenate([np.zeros((*x.shape[:-1], 1)), np.cumsum(x, axis=-1)], axis=-1)
        end = self.hour + self.duration.astype(int)
        return (total[..., end] - total[..., self.hour]) / self.duration

    def hour_of_day_share(self) -> np.ndarray:
        """Share of each hour of the day (0..23) in each time step, (timestep, 24), 1: a row
        is 1 at the step's hour of the day for 1-h steps, 1/duration over its hours else."""
        offset = np.arange(HOURS_PER_DAY)
        start = (self.hour % HOURS_PER_DAY)[:, None]
        inside = (offset >= start) & (offset < start + self.duration[:, None])
        return inside / self.duration[:, None]


def select_timesteps(
    mode: str,
    days: int,
    series: list[np.ndarray],
    method: str = "clustered",
    extreme_days: bool = True,
    hours: int = HOURS_PER_YEAR,
    keep_days: tuple[int, ...] = (),
    segments: int | None = None,
) -> TimeSelection:
    """Choose the time steps of the dispatch.

    Parameters
    ----------
    mode
        ``"full_year"`` (8760 hours, one cyclic period), ``"hours"`` (the first ``hours``
        hours, weighted to a year) or ``"representative_days"``.
    days
        Number of representative days (extreme days included).
    series
        Hourly series (8760 each) that the choice should represent; the first is the
        demand (its peak day is the extreme day). Each is normalised by its mean.
    method
        ``"clustered"``: hierarchical clustering of days with medoid representation (tsam);
        ``"sampled"``: the most typical day of each of ``days`` equal stretches of the year;
        ``"monthly"``: the days of each calendar month clustered on their own
        (:func:`lowcarbon_sim.inputs.month_days.monthly_days`), at least one per month.
    extreme_days
        With ``clustered`` or ``monthly``: keep the peak-demand day as a period of its own.
    keep_days
        With ``clustered`` or ``monthly`` and ``extreme_days``: further days of the year
        (0..364) kept as
        periods of their own, e.g. the lowest-renewables day
        (:func:`lowcarbon_sim.inputs.renewables.lowest_renewables_day`); each takes one of
        the ``days`` (ignored when fewer than 3 would be left for the clustering).
    segments
        With ``representative_days``: cut each representative day into this many segments of
        consecutive hours (:func:`segment_days`); None or 24: hourly.

    Notes
    -----
    Every representative day is a real day of the year (a medoid), so the hours it carries
    are consistent across all series. Each weighs the number of days it stands for;
    ``sequence`` maps every day of the year to its representative, in order, for storage
    that links days.
    """
    if mode in ("full_year", "hours"):
        n = HOURS_PER_YEAR if mode == "full_year" else int(hours)
        return TimeSelection(
            hour=np.arange(n),
            weight=np.full(n, HOURS_PER_YEAR / n),
            period=np.zeros(n, dtype=int),
            sequence=np.zeros(1, dtype=int),
        )
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    days = min(days, n_days)
    if method == "monthly":
        medoids, assignment = _month_days(series, days, extreme_days, keep_days)
    elif method == "clustered" and days >= 2:
        keep = tuple(dict.fromkeys(int(d) for d in keep_days)) if extreme_days else ()
        keep = keep if days - len(keep) >= 3 else ()
        medoids, assignment = _clustered_days(series, days - len(keep), extreme_days)
        medoids, assignment = _append_days(medoids, assignment, keep)
    else:
        medoids, assignment = _sampled_days(series, days)
    counts = np.bincount(assignment, minlength=len(medoids)).astype(float)
    order = np.argsort(medoids)  # periods in calendar order of their medoid day
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    medoids, counts = medoids[order], counts[order]
    if segments is not None and segments < HOURS_PER_DAY:
        # the peak-demand hour stays a time step of its own where its day is a period
        peak_hour = int(np.argmax(series[0][: n_days * HOURS_PER_DAY]))
        at = np.flatnonzero(medoids == peak_hour // HOURS_PER_DAY)
        single = {int(at[0]): peak_hour % HOURS_PER_DAY} if at.size else {}
        lengths = segment_days(_segment_features(series, medoids), segments, single)
    else:
        lengths = np.ones((medoids.size, HOURS_PER_DAY), dtype=int)
    starts = np.cumsum(lengths, axis=1) - lengths  # hour of the day each segment starts
    return TimeSelection(
        hour=(medoids[:, None] * HOURS_PER_DAY + starts).ravel(),
        weight=(counts[:, None] * lengths).ravel().astype(float),
        period=np.repeat(np.arange(medoids.size), lengths.shape[1]),
        sequence=rank[assignment],
        duration=lengths.ravel().astype(float),
    )


def _segment_features(series: list[np.ndarray], days: np.ndarray) -> np.ndarray:
    """Hourly features of ``days`` for the segmentation, (day, hour of day, series): each
    series scaled to 0..1 over the year, as tsam scales before it segments."""
    out = []
    for s in series:
        low, high = float(np.min(s)), float(np.max(s))
        scaled = (s - low) / (high - low) if high > low else np.zeros_like(s, dtype=float)
        out.append(scaled.reshape(-1, HOURS_PER_DAY)[days])
    return np.stack(out, axis=2)


def segment_days(
    features: np.ndarray, segments: int, single_hours: dict[int, int] | None = None
) -> np.ndarray:
    """Lengths (h) of ``segments`` runs of consecutive hours that each day splits into,
    (day, segment): Ward's agglomerative clustering of adjacent hours only, as tsam's
    segmentation (its ``SegmentConfig``; Pineda and Morales 2018 over days), i.e. merge the
    two neighbouring runs whose merger adds least to the within-run sum of squares until
    ``segments`` are left.

    ``features``: (day, hour, feature). Ties go to the earlier pair. ``single_hours``: day
    index -> hour of that day that stays a run of its own (the peak-demand hour, so that a
    segmented year still holds the true peak); needs ``segments`` >= 3.

    >>> segment_days(np.array([[[0.0], [0.1], [1.0], [1.0]]]), 2).tolist()
    [[2, 2]]
    >>> segment_days(np.array([[[0.0], [0.1], [1.0], [1.0]]]), 3, {0: 2}).tolist()
    [[2, 1, 1]]
    """
    n_days, n_hours, _ = features.shape
    if not 1 <= segments <= n_hours:
        raise ValueError(f"segments must lie within 1..{n_hours}, got {segments}")
    single_hours = (single_hours or {}) if segments >= 3 else {}
    out = np.empty((n_days, segments), dtype=int)
    for d in range(n_days):
        size = np.ones(n_hours)
        mean = features[d].astype(float).copy()
        alone = np.zeros(n_hours, dtype=bool)  # runs that must not merge
        if d in single_hours:
            alone[single_hours[d]] = True
        for _ in range(n_hours - segments):
            # Ward cost of merging run i with run i + 1
            a, b = size[:-1], size[1:]
            cost = a * b / (a + b) * ((mean[1:] - mean[:-1]) ** 2).sum(axis=1)
            cost[alone[:-1] | alone[1:]] = np.inf
            i = int(np.argmin(cost))
            mean[i] = (size[i] * mean[i] + size[i + 1] * mean[i + 1]) / (size[i] + size[i + 1])
            size[i] += size[i + 1]
            mean = np.delete(mean, i + 1, axis=0)
            size = np.delete(size, i + 1)
            alone = np.delete(alone, i + 1)
        out[d] = size.astype(int)
    return out


def _month_days(
    series: list[np.ndarray], days: int, extreme_days: bool, keep_days: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Days chosen within months: the kept days (with ``extreme_days``: the peak-demand day
    of the first series and ``keep_days``) as periods of their own, the other ``days`` shared
    over the months, at least one each (so fewer than 12 + kept days give 12 + kept)."""
    keep: tuple[int, ...] = ()
    if extreme_days:
        peak = int(np.argmax(series[0][:HOURS_PER_YEAR])) // HOURS_PER_DAY
        keep = tuple(dict.fromkeys((peak, *(int(d) for d in keep_days))))
    return monthly_days(_day_features(series), days - len(keep), keep)


def _append_days(
    medoids: np.ndarray, assignment: np.ndarray, keep: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Make each day of ``keep`` a period of its own (taken out of its cluster), unless it
    is a medoid already."""
    for day in keep:
        if day in medoids:
            continue
        assignment = assignment.copy()
        assignment[day] = medoids.size
        medoids = np.append(medoids, day)
    return medoids, assignment


def _day_features(series: list[np.ndarray]) -> np.ndarray:
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    return np.concatenate(
        [(s / (np.mean(np.abs(s)) or 1.0)).reshape(n_days, HOURS_PER_DAY) for s in series],
        axis=1,
    )


def _sampled_days(series: list[np.ndarray], days: int) -> tuple[np.ndarray, np.ndarray]:
    features = _day_features(series)
    n_days = features.shape[0]
    bounds = np.linspace(0, n_days, days + 1).round().astype(int)
    medoids, assignment = [], np.empty(n_days, dtype=int)
    for k, (start, stop) in enumerate(itertools.pairwise(bounds)):
        block = features[start:stop]
        medoids.append(start + int(np.argmin(((block - block.mean(axis=0)) ** 2).sum(axis=1))))
        assignment[start:stop] = k
    return np.array(medoids), assignment


def cache_dir() -> Path | None:
    """Folder of cached clusterings: ``$LOWCARBON_SIM_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/lowcarbon_sim`` or ``~/.cache/lowcarbon_sim``; None when the variable
    is ``off``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lowcarbon_sim"


def _clustered_days(
    series: list[np.ndarray], days: int, extreme_days: bool
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_tsam_days`, cached on disk by the content of the series and the settings.

    Importing tsam (and scikit-learn under it) costs about 2 s, more than the default
    scenario's LP build; the clustering of unchanged profiles is read back instead. The key
    is a hash of the normalised series, the number of days, the extreme-day setting and the
    tsam version, so any change to the inputs clusters afresh.
    """
    from importlib.metadata import version

    folder = cache_dir()
    if folder is None:
        return _tsam_days(series, days, extreme_days)
    key = hashlib.sha256(_day_features(series).tobytes())
    key.update(f"{days}|{extreme_days}|{version('tsam')}".encode())
    path = folder / f"days-{key.hexdigest()[:32]}.npz"
    cached = _read_cached_days(path, days)
    if cached is not None:
        return cached
    medoids, assignment = _tsam_days(series, days, extreme_days)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, medoids=medoids, assignment=assignment)
        os.replace(tmp, path)  # atomic: parallel runs never read half a file
    except OSError as exc:
        log.debug("clustering not cached (%s)", exc)
    return medoids, assignment


class CacheWarning(ScenarioWarning):
    """A cached clustering could not be used (truncated or inconsistent); it is rebuilt."""


def _read_cached_days(path: Path, days: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The medoids and assignment cached in ``path``, or None when there is none or it is
    unusable: a truncated file, or arrays that cannot be a clustering of the year into at
    most ``days`` periods (then a :class:`CacheWarning` says it is rebuilt)."""
    if not path.is_file():
        return None
    n_days = HOURS_PER_YEAR // HOURS_PER_DAY
    try:
        # opened here: np.load leaves its own handle open when the file is truncated
        with path.open("rb") as fh, np.load(fh, allow_pickle=False) as cached:
            medoids = np.asarray(cached["medoids"])
            assignment = np.asarray(cached["assignment"])
        ok = (
            medoids.ndim == 1
            and assignment.shape == (n_days,)
            and medoids.dtype.kind in "iu"
            and assignment.dtype.kind in "iu"
            and 1 <= medoids.size <= days
            and np.unique(medoids).size == medoids.size
            and medoids.min() >= 0
            and medoids.max() < n_days
            and assignment.min() >= 0
            and assignment.max() < medoids.size
        )
        problem = "" if ok else "its arrays are not a clustering of the year"
    except Exception as exc:  # zipfile.BadZipFile, EOFError, OSError, KeyError, ValueError...
        problem = f"{type(exc).__name__}: {exc}"
    if not problem:
        return medoids, assignment
    warnings.warn(
        f"clustering cache {path} is unusable ({problem}); clustering afresh and rewriting it",
        CacheWarning,
        stacklevel=2,
    )
    return None


def _tsam_days(
    series: list[np.ndarray], days: int, extreme_days: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Medoid days and the day-to-cluster assignment from tsam's hierarchical clustering."""
    import warnings

    import pandas as pd
    import tsam

    columns = {f"s{i}": s / (np.mean(np.abs(s)) or 1.0) for i, s in enumerate(series)}
    frame = pd.DataFrame(
        columns, index=pd.date_range("2019-01-01", periods=HOURS_PER_YEAR, freq="h")
    )
    use_extreme = extreme_days and days >= 3
    extremes = tsam.ExtremeConfig(method="append", max_value=["s0"]) if use_extreme else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tsam warns about rescaling tolerances we do not use
        result = tsam.aggregate(
            frame,
            days - 1 if use_extreme else days,
            period_duration=HOURS_PER_DAY,
            cluster=tsam.ClusterConfig(method="hierarchical", representation="medoid"),
            extremes=extremes,
            preserve_column_means=False,
        )
    info = result.to_dict()["clustering"]
    medoids = np.asarray(info["cluster_centers"], dtype=int)
    assignment = np.asarray(info["cluster_assignments"], dtype=int)
    return medoids, assignment
