r"""Demand peaks: the scaled load shape against the sourced peaks, and peak calibration.

The hourly demand of a year is the load shape scaled to the year's annual demand, so its peak
is ``annual x max(shape) / sum(shape)``: the shape fixes the ratio of peak to average load.
:func:`lowcarbon_sim.pipeline.peak_report` compares that scaled peak with the published peak
loads of the data set (``peak_load`` rows of ``statistics.csv``); ``lowcarbon-sim data --peaks``
prints it.

When the shape's ratio does not fit a year, ``demand.peak`` in the scenario sets the peak:
:func:`reshape_to_peak` transforms the year's hourly demand so that its annual energy is
unchanged and its maximum equals the target.

Method (power transform, solved by bisection)
---------------------------------------------
Let :math:`x_h = d_h / \max_k d_k \in (0, 1]` be the year's hourly demand normalised by its
peak and :math:`E = \sum_h d_h` (MWh, one-hour steps) the annual energy. The calibrated
demand is

.. math::

    d'_h = E\, \frac{x_h^{\gamma}}{\sum_k x_k^{\gamma}}, \qquad
    \max_h d'_h = \frac{E}{\sum_k x_k^{\gamma}} \overset{!}{=} P .

:math:`\sum_k x_k^{\gamma}` falls strictly with :math:`\gamma` (every :math:`x < 1` shrinks), so
the peak rises monotonically from the flat load :math:`E/8760` (:math:`\gamma = 0`) through
the original peak (:math:`\gamma = 1`) towards :math:`E/n_{\max}` (:math:`\gamma \to
\infty`, :math:`n_{\max}` hours at the maximum). Any target in that open range has exactly one
:math:`\gamma`, found by bisection (all years at once, on arrays). :math:`\gamma < 1` flattens
the shape (a lower peak), :math:`\gamma > 1` sharpens it. The transform is monotone, so the
ordering of the hours is kept (the peak stays in the same hour, valleys stay valleys), every
value stays positive, and the energy is exact by construction.

Years without a target
    ``demand.peak`` is a series in MW. In the years it gives, the peak is matched exactly. In
    other modelled years the *load factor* (average / peak load, p.u.) of the given years is
    interpolated linearly and held flat outside them, and the peak follows from it: a
    calibrated peak-to-average ratio carries over to later years whose demand grows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from lowcarbon_sim.errors import ScenarioError

if TYPE_CHECKING:
    pass

_BISECTION_STEPS = 200
_GAMMA_MAX = 1.0e4


def reshape_to_peak(hourly: np.ndarray, peak: np.ndarray, years=None) -> np.ndarray:
    """Reshape hourly demand so each year peaks at its target with unchanged annual energy.

    Parameters
    ----------
    hourly
        Hourly demand, MW, shape ``(n_years, n_hours)`` (one-hour steps, so the row sum is
        the annual energy in MWh); every value must be positive.
    peak
        Target peak per year, MW, shape ``(n_years,)``; ``NaN`` leaves that year unchanged.
    years
        Labels of the rows, used in error messages only.

    Returns
    -------
    numpy.ndarray
        The reshaped demand, MW, same shape: ``d' = E x^g / sum(x^g)`` with ``x = d / max d``
        and ``g`` per year solved by bisection (see the module docstring).

    Raises
    ------
    ScenarioError
        Under ``demand.peak`` when a target is not above the year's average load
        (``E / n_hours``) or not below the most a monotone reshaping can reach.

    Examples
    --------
    >>> d = np.array([[1.0, 2.0, 3.0, 2.0]])          # MW; energy 8 MWh, peak 3 MW
    >>> out = reshape_to_peak(d, np.array([2.5]))
    >>> round(float(out.max()), 9), round(float(out.sum()), 9)
    (2.5, 8.0)
    >>> bool(np.all(np.argsort(out[0]) == np.argsort(d[0])))
    True
    """
    hourly = np.asarray(hourly, dtype=float)
    target = np.asarray(peak, dtype=float).reshape(-1)
    if hourly.ndim != 2 or target.size != hourly.shape[0]:
        raise ValueError("hourly must be (n_years, n_hours) with one target per year")
    out = hourly.copy()
    todo = np.flatnonzero(np.isfinite(target))
    if todo.size == 0:
        return out
    rows = hourly[todo]
    labels = np.asarray(years if years is not None else np.arange(hourly.shape[0]))[todo]
    if np.any(rows <= 0):
        raise ScenarioError([("demand.peak", "peak calibration needs positive hourly demand")])
    energy = rows.sum(axis=1)
    x = rows / rows.max(axis=1, keepdims=True)
    n_hours = x.shape[1]
    n_max = (x >= 1.0).sum(axis=1)
    # the target expressed as the sum of x^g it needs: s = E / P, between n_max and n_hours
    need = energy / target[todo]
    bad = np.flatnonzero((need >= n_hours) | (need <= n_max))
    if bad.size:
        k = bad[0]
        others = f" (also in {', '.join(str(v) for v in labels[bad[1:]])})" if bad.size > 1 else ""
        raise ScenarioError(
            [
                (
                    "demand.peak",
                    f"{labels[k]}: a peak of {target[todo][k]:,.0f} MW cannot be reached by "
                    f"reshaping a demand of {energy[k] / 1e6:,.6g} TWh: expected more than the "
                    f"average load {energy[k] / n_hours:,.0f} MW and less than "
                    f"{energy[k] / n_max[k]:,.0f} MW{others}",
                )
            ]
        )
    log_x = np.log(x)
    lo = np.zeros(todo.size)
    hi = np.ones(todo.size)
    # grow the upper bracket until the sum falls below what is needed (peak high enough)
    while True:
        s_hi = np.exp(hi[:, None] * log_x).sum(axis=1)
        short = s_hi > need
        if not short.any() or hi.max() >= _GAMMA_MAX:
            break
        hi = np.where(short, hi * 2.0, hi)
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (lo + hi)
        s_mid = np.exp(mid[:, None] * log_x).sum(axis=1)
        # sum above what is needed: peak too low, so g must grow
        lo = np.where(s_mid > need, mid, lo)
        hi = np.where(s_mid > need, hi, mid)
        if np.all(hi - lo <= 1e-15 * np.maximum(hi, 1.0)):
            break
    gamma = 0.5 * (lo + hi)
    shaped = np.exp(gamma[:, None] * log_x)
    out[todo] = energy[:, None] * shaped / shaped.sum(axis=1, keepdims=True)
    return out


def peak_targets(
    peak: float | Mapping[int, float] | None, years, annual: np.ndarray, hours: int
) -> np.ndarray:
    """Target peak per modelled year from the scenario's ``demand.peak`` series, MW.

    Parameters
    ----------
    peak
        ``demand.peak``: ``None`` (no calibration), one peak for every year (MW), or
        ``{year: MW}``.
    years
        The modelled years.
    annual
        Annual demand of each modelled year, MWh.
    hours
        Hours per year of the hourly series (8760).

    Returns
    -------
    numpy.ndarray
        One target per year (``NaN`` everywhere when ``peak`` is ``None``). In the given
        years the target is the given peak; other years take the load factor
        (``annual / (hours x peak)``, p.u.) interpolated between the given years and held
        flat outside them.
    """
    years = np.asarray(years, dtype=float)
    annual = np.asarray(annual, dtype=float)
    if peak is None:
        return np.full(years.shape, np.nan)
    if not isinstance(peak, Mapping):
        return np.full(years.shape, float(peak))
    given = np.array(sorted(peak), dtype=float)
    values = np.array([peak[int(y)] for y in given], dtype=float)
    # annual demand in the given years (interpolated if a given year is not modelled)
    energy = np.interp(given, years, annual)
    low = np.flatnonzero(values * hours <= energy)
    if low.size:
        k = low[0]
        raise ScenarioError(
            [
                (
                    f"demand.peak.{int(given[k])}",
                    f"a peak of {values[k]:,.0f} MW is not above the year's average load "
                    f"{energy[k] / hours:,.0f} MW (demand {energy[k] / 1e6:,.6g} TWh); expected "
                    "a peak above the average",
                )
            ]
        )
    load_factor = np.interp(years, given, energy / (hours * values))
    targets = annual / (hours * load_factor)
    exact = np.isin(years, given)
    targets[exact] = np.array([peak[int(y)] for y in years[exact]], dtype=float)
    return targets
