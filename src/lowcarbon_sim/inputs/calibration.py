r"""Demand peaks: the scaled load shape against the sourced peaks, and peak calibration.

The hourly demand of a year is the load shape scaled to the year's annual demand, so its peak
is ``annual x max(shape) / sum(shape)``: the shape fixes the ratio of peak to average load.
:func:`peak_report` compares that scaled peak with the published peak loads of the data set
(``peak_load`` rows of ``statistics.csv``); ``lowcarbon-sim data --peaks`` prints it.

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
import pandas as pd

from lowcarbon_sim.errors import ScenarioError

if TYPE_CHECKING:
    import xarray as xr

    from lowcarbon_sim.scenario.schema import Scenario

PEAK_STATISTIC = "peak_load"
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


def peak_report(scenario: Scenario, sectors: xr.Dataset | None = None) -> pd.DataFrame:
    """The scenario's demand peaks year by year against the sourced peak loads.

    Parameters
    ----------
    scenario
        A validated scenario; its demand shape, annual demand (sector modules included when
        ``sectors.enabled``) and ``demand.peak`` are used.
    sectors
        Output of the sector modules; computed from the scenario when ``None``.

    Returns
    -------
    pandas.DataFrame
        One row per modelled year, plus the years before it that have a sourced peak and a
        sourced annual consumption (the shape scaled to that consumption). Columns: ``year``;
        ``annual_demand_twh`` (TWh); ``scaled_peak_mw`` (MW, the shape scaled to the year's
        demand); ``scaled_peak_month`` (1-12, month of that peak); ``model_peak_mw`` (MW,
        after ``demand.peak`` calibration, equal to ``scaled_peak_mw`` without it);
        ``sourced_peak_mw`` (MW, ``NaN`` when none); ``difference_mw`` and
        ``difference_pct`` (model minus sourced, MW and % of sourced); ``source``.
        ``attrs["units"]`` maps columns to units.

    Notes
    -----
    The sourced peaks are grid peak loads (统调负荷) reported by State Grid Hunan; the scaled
    demand is total consumption (全社会用电量, incl. captive plants), so a scaled peak a few
    per cent above the sourced one is expected.
    """
    from lowcarbon_sim.data.statistics import statistics
    from lowcarbon_sim.inputs import _load_profiles, hourly_demand
    from lowcarbon_sim.timeseries import HOURS_PER_YEAR

    if sectors is None and scenario.sectors.enabled:
        from lowcarbon_sim.pipeline import _sector_outputs

        sectors = _sector_outputs(scenario)
    years = np.asarray(scenario.years.model_years, dtype=int)
    decision = years > scenario.years.last_historical
    shape = _load_profiles(scenario)[scenario.demand.profile]
    annual, scaled, model = hourly_demand(scenario, years, decision, shape, sectors)
    stats = _statistics_or_empty(scenario.dataset, statistics)
    peaks = stats[stats["quantity"].str.startswith(PEAK_STATISTIC)]
    consumption = stats[stats["quantity"] == "electricity_consumption"].set_index("year")
    month = _month_of_hour(HOURS_PER_YEAR)
    rows = []
    for y in sorted(set(peaks["year"]) - set(years.tolist())):
        if y < years[0] and y in consumption.index:
            energy = float(consumption.loc[y, "value"]) * _to_mwh(consumption.loc[y, "unit"])
            hourly = energy * shape / shape.sum()
            rows.append((y, energy, hourly.max(), int(month[hourly.argmax()]), hourly.max()))
    for i, y in enumerate(years):
        rows.append(
            (int(y), annual[i], scaled[i].max(), int(month[scaled[i].argmax()]), model[i].max())
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "year",
            "annual_demand_mwh",
            "scaled_peak_mw",
            "scaled_peak_month",
            "model_peak_mw",
        ],
    ).sort_values("year", ignore_index=True)
    frame.insert(1, "annual_demand_twh", frame.pop("annual_demand_mwh") / 1e6)
    sourced = []
    for y in frame["year"]:
        rows_y = peaks[peaks["year"] == y]
        if rows_y.empty:
            sourced.append((np.nan, ""))
            continue
        mw = rows_y["value"].to_numpy() * rows_y["unit"].map(_to_mw).to_numpy()
        best = int(np.argmax(mw))  # the year's peak: the larger of summer and winter
        row = rows_y.iloc[best]
        sourced.append((float(mw[best]), f"{row['quantity']} ({row['status']}): {row['note']}"))
    frame["sourced_peak_mw"] = [s[0] for s in sourced]
    frame["difference_mw"] = frame["model_peak_mw"] - frame["sourced_peak_mw"]
    frame["difference_pct"] = 100.0 * frame["difference_mw"] / frame["sourced_peak_mw"]
    frame["source"] = [s[1] for s in sourced]
    frame.attrs["units"] = {
        "annual_demand_twh": "TWh",
        "scaled_peak_mw": "MW",
        "scaled_peak_month": "1",
        "model_peak_mw": "MW",
        "sourced_peak_mw": "MW",
        "difference_mw": "MW",
        "difference_pct": "%",
    }
    return frame


def format_peak_report(frame: pd.DataFrame) -> str:
    """Render :func:`peak_report` as a text table (GW, TWh, %)."""
    lines = [
        f"{'year':>4}  {'demand TWh':>10}  {'scaled GW':>9}  {'month':>5}  {'model GW':>8}  "
        f"{'sourced GW':>10}  {'diff GW':>7}  {'diff %':>6}  source"
    ]

    def fmt(value: float, spec: str) -> str:
        return "" if not np.isfinite(value) else format(round(value, 2) + 0.0, spec)

    for r in frame.itertuples(index=False):
        lines.append(
            f"{r.year:>4}  {r.annual_demand_twh:>10.1f}  {r.scaled_peak_mw / 1e3:>9.2f}  "
            f"{r.scaled_peak_month:>5d}  {r.model_peak_mw / 1e3:>8.2f}  "
            f"{fmt(r.sourced_peak_mw / 1e3, '.2f'):>10}  {fmt(r.difference_mw / 1e3, '+.2f'):>7}"
            f"  {fmt(r.difference_pct, '+.1f'):>6}  {r.source}"
        )
    return "\n".join(lines)


def _statistics_or_empty(dataset: str | None, statistics) -> pd.DataFrame:
    try:
        return statistics(dataset) if dataset else _empty_statistics()
    except KeyError:
        return _empty_statistics()


def _empty_statistics() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quantity": pd.Series(dtype=str),
            "year": pd.Series(dtype="int64"),
            "value": pd.Series(dtype=float),
            "unit": pd.Series(dtype=str),
            "status": pd.Series(dtype=str),
            "note": pd.Series(dtype=str),
        }
    )


def _to_mw(unit: str) -> float:
    factors = {"MW": 1.0, "GW": 1e3}
    if unit not in factors:
        raise ValueError(f"peak_load unit {unit!r}: expected MW or GW")
    return factors[unit]


def _to_mwh(unit: str) -> float:
    factors = {"MWh": 1.0, "GWh": 1e3, "TWh": 1e6}
    if unit not in factors:
        raise ValueError(f"electricity_consumption unit {unit!r}: expected MWh, GWh or TWh")
    return factors[unit]


def _month_of_hour(hours: int) -> np.ndarray:
    days = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    return np.repeat(np.arange(1, 13), days * 24)[:hours]
