"""Representative days chosen within months (``time.method: monthly``): every month carries
its own days, with weights equal to its days x 24 h, and monthly energy limits act on the days
of their own month."""

import numpy as np
import pytest

import lowcarbon_sim as lcs
from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.inputs.build import hourly_demand, load_profiles
from lowcarbon_sim.inputs.month_days import DAYS_IN_MONTH, MONTH_OF_DAY, days_per_month
from lowcarbon_sim.inputs.months import HOURS_IN_MONTH, MONTH_OF_HOUR, timestep_month_hours
from lowcarbon_sim.inputs.timeseries import select_timesteps
from lowcarbon_sim.pipeline import sector_outputs
from lowcarbon_sim.testing import tiny_scenario


def series():
    rng = np.random.default_rng(7)
    hour = np.arange(8760)
    load = 100 + 30 * np.sin(hour * 2 * np.pi / 24) + 20 * np.cos(hour * 2 * np.pi / 8760)
    load = load + rng.normal(0, 5, 8760)
    load[200 * 24 + 6] += 90  # the peak hour, on 20 July (day 200)
    return [load, rng.random(8760)]


@pytest.mark.parametrize(("days", "month_days"), [(12, 12), (14, 12), (26, 24), (40, 38)])
def test_every_month_carries_its_own_days(days, month_days):
    low = 45  # a kept day in February (the lowest-renewables day's role)
    sel = select_timesteps("representative_days", days, series(), method="monthly",
                           keep_days=(low,))
    assert sel.n_periods == month_days + 2  # the peak day and the kept day on top
    w = timestep_month_hours(sel)
    # each time step stands for hours of one month only ...
    assert ((w > 0).sum(axis=1) == 1).all()
    np.testing.assert_allclose(w.sum(axis=1), sel.weight)
    # ... and each month's time steps carry its days x 24 h (HOURS_IN_MONTH)
    np.testing.assert_allclose(w.sum(axis=0), DAYS_IN_MONTH * 24)
    medoid = sel.hour.reshape(-1, 24)[:, 0] // 24
    # every day of the year is stood for by a real day of its own month
    assert (MONTH_OF_DAY[medoid[sel.sequence]] == MONTH_OF_DAY).all()
    periods = np.bincount(MONTH_OF_DAY[medoid], minlength=12)
    expected = days_per_month(month_days)
    expected[MONTH_OF_DAY[[200, low]]] += 1
    np.testing.assert_array_equal(periods, expected)
    # the peak day and the kept day are periods of weight 1
    for day in (200, low):
        k = int(np.flatnonzero(medoid == day)[0])
        assert sel.weight[k * 24] == 1.0
        assert (sel.sequence == k).sum() == 1


def test_days_per_month():
    assert days_per_month(5).tolist() == [1] * 12  # at least one each
    for n in (12, 13, 24, 50, 365):
        d = days_per_month(n)
        assert d.sum() == n and (d >= 1).all() and (d <= DAYS_IN_MONTH).all()
    assert days_per_month(13)[0] == 2  # the first of the longest months


@pytest.mark.slow
def test_monthly_days_carry_each_months_demand_and_capacity_factors():
    overrides = {"time.method": "monthly", "years.milestones": [2020, 2022, 2030]}
    s = lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=overrides)
    sectors = sector_outputs(s)
    ds = build_inputs(s, sectors)
    w = ds["timestep_month_hours"].transpose("timestep", "month").values
    assert ((w > 0).sum(axis=1) == 1).all()
    np.testing.assert_allclose(w.sum(axis=0), HOURS_IN_MONTH)
    profiles = load_profiles(s)
    decision = ds["is_decision_year"].values
    _, _, hourly = hourly_demand(s, ds.year.values, decision,
                                      profiles[s.demand.profile], sectors)
    by_month = np.stack([np.bincount(MONTH_OF_HOUR, h, minlength=12) for h in hourly])
    np.testing.assert_allclose(ds["demand"].values @ w, by_month, rtol=1e-9)
    # the kept peak day is its own day, not rescaled: the modelled peak is the true peak
    np.testing.assert_allclose(ds["demand"].max("timestep"), ds["peak_demand"], rtol=1e-12)
    for tech in ("solar", "wind"):
        cf = np.bincount(MONTH_OF_HOUR, profiles[tech], minlength=12) / HOURS_IN_MONTH
        model = ds["availability"].sel(tech=tech).values @ w / HOURS_IN_MONTH
        np.testing.assert_allclose(model, cf, rtol=1e-6)


INFLOW = np.array([3, 2, 5, 8, 9, 7, 6, 3, 2, 1, 1, 2], float)  # shares of the year


@pytest.mark.parametrize("method", ["monthly", "clustered"])
def test_monthly_inflow_binds_on_the_days_of_its_month(method):
    # flat 100 MW demand; hydro (no reservoir) can deliver each month's inflow, never more;
    # gas covers the rest: its monthly output is 100 MW x hours - inflow, month by month
    techs = {
        "hydro": {"class": "hydro", "availability": 1.0, "extendable": False,
                  "existing_capacity": 100.0, "inflow": 400_000.0,
                  "inflow_shape": INFLOW.tolist(), "reservoir_capacity": 0.0},
        "gas": {"class": "dispatchable", "fuel": "f", "extendable": False,
                "existing_capacity": 300.0, "vom": 50.0},
    }
    wind = np.random.default_rng(3).random(8760)  # gives the clustering days to tell apart
    scenario = tiny_scenario(techs, 100.0, fuels={"f": {"price": 0.0}},
                             profiles={"wind": wind.tolist()},
                             overrides={"time.method": method, "time.days": 12})
    res = run(scenario).dataset.sel(year=2030)
    inflow = 400_000.0 * INFLOW / INFLOW.sum()
    expected = 100.0 * HOURS_IN_MONTH - inflow
    gas = res["monthly_output"].sel(tech="gas").values
    if method == "monthly":
        np.testing.assert_allclose(gas, expected, rtol=1e-6)
    else:  # a day that stands for several months gives them one gas output per hour
        assert np.abs(gas - expected).max() > 0.05 * expected.max()
