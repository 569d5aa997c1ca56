"""Curtailment, shiftable demand and interruptible load against hand-computed optima.

One decision year of identical days (one representative day weighing 365), costs not
discounted: the objective is one year's cost in yuan.
"""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.model.blocks.demand_response import shift_windows
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

FUEL = FREE_FUEL


def test_curtailment_is_available_minus_dispatched():
    # 200 MW of wind at 0.2 p.u. for 12 h and 0.8 p.u. for 12 h against 100 MW of demand:
    # 160 MW available in the windy half, 100 MW used, 60 MW curtailed
    techs = {
        "wind": {"class": "variable", "availability": "w", "extendable": False,
                 "existing_capacity": 200.0},
        "backup": gen(50.0, 100.0),
    }
    s = tiny_scenario(techs, 100.0, fuels=FUEL, profiles={"w": [0.2] * 12 + [0.8] * 12})
    res = run(s).dataset.sel(year=2030)
    hourly = res["curtailment_hourly"].sel(tech="wind").values
    np.testing.assert_allclose(hourly, [0.0] * 12 + [60.0] * 12, atol=1e-6)
    available = 200.0 * np.array([0.2] * 12 + [0.8] * 12)
    dispatched = res["dispatch"].sel(tech="wind").values
    np.testing.assert_allclose(hourly, available - dispatched, atol=1e-6)
    assert float(res["curtailment"].sel(tech="wind")) == pytest.approx(60 * 12 * 365)
    assert float(res["curtailment"].sel(tech="backup")) == 0.0
    # available 200 x 0.5 x 8760 MWh
    assert float(res["curtailment_rate"]) == pytest.approx(60 * 12 / (200 * 0.5 * 24))


def test_availability_scale_scales_the_profile_of_the_year():
    techs = {
        "wind": {"class": "variable", "availability": "w", "extendable": False,
                 "existing_capacity": 100.0, "availability_scale": 0.5},
        "backup": gen(50.0, 100.0),
    }
    s = tiny_scenario(techs, 100.0, fuels=FUEL, profiles={"w": [0.8] * 24})
    res = run(s).dataset.sel(year=2030)
    assert float(res["generation"].sel(tech="wind")) == pytest.approx(40 * 8760)
    assert float(res["curtailment"].sel(tech="wind")) == pytest.approx(0.0, abs=1e-3)


def _shift_case(window):
    # cheap power only in hours 0-11 (120 MW at 10 yuan/MWh), dear power (100 yuan/MWh)
    # always; flat demand of 100 MW of which 20 % may be moved at 5 yuan/MWh
    techs = {
        "cheap": gen(10.0, 120.0, availability="half"),
        "dear": gen(100.0, 200.0),
        "dsm": {"class": "demand_shift", "extendable": False, "shift_share": 0.2,
                "shift_window": window, "vom": 5.0},
    }
    s = tiny_scenario(techs, 100.0, fuels=FUEL, profiles={"half": [1.0] * 12 + [0.0] * 12})
    return run(s).dataset


def test_shiftable_demand_moves_load_to_cheap_hours_within_its_window():
    res = _shift_case(24.0)
    r = res.sel(year=2030)
    # 20 MW moved out of each of hours 12-23 into hours 0-11: 240 MWh a day
    shift = r["demand_shift"].sel(tech="dsm").values
    np.testing.assert_allclose(shift, [-20.0] * 12 + [20.0] * 12, atol=1e-6)
    assert float(r["demand_shifted"].sel(tech="dsm")) == pytest.approx(240 * 365)
    day = 120 * 12 * 10 + 80 * 12 * 100 + 240 * 5
    assert res.attrs["objective"] == pytest.approx(365 * day)
    # the price of the cheap hours is set by the dear hours less the shifting cost
    assert float(r["generation"].sel(tech="cheap")) == pytest.approx(120 * 12 * 365)


def test_shiftable_demand_stays_within_its_window():
    # windows of 12 h: hours 0-11 and 12-23 are separate, so nothing can move
    res = _shift_case(12.0)
    r = res.sel(year=2030)
    assert float(r["demand_shifted"].sel(tech="dsm")) == pytest.approx(0.0, abs=1e-6)
    assert res.attrs["objective"] == pytest.approx(365 * (100 * 12 * 10 + 100 * 12 * 100))


def test_shift_windows_tile_each_period():
    period = np.repeat([0, 1], 24)
    w = shift_windows(period, 8)
    assert w.tolist() == list(np.repeat([0, 1, 2, 3, 4, 5], 8))


def test_interruptible_load_runs_to_its_energy_limit_when_cheaper():
    # 70 MW for 20 h, 100 MW for 4 h a day; 80 MW at 10 yuan/MWh, then interruptible load
    # (30 MW, 500 yuan/MWh, at most 100 h a year), then a 1,000 yuan/MWh peaker
    demand = [70.0] * 20 + [100.0] * 4
    techs = {
        "base": gen(10.0, 80.0),
        "peaker": gen(1000.0, 50.0),
        "il": {"class": "interruptible", "extendable": False, "existing_capacity": 30.0,
               "vom": 500.0, "max_full_load_hours": 100.0, "nonfossil_fraction": 0.0},
    }
    res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset
    r = res.sel(year=2030)
    need = 20 * 4 * 365  # MWh above the base unit
    assert float(r["generation"].sel(tech="il")) == pytest.approx(3000.0)
    assert float(r["generation"].sel(tech="peaker")) == pytest.approx(need - 3000.0)
    base = (70 * 20 + 80 * 4) * 365 * 10
    assert res.attrs["objective"] == pytest.approx(base + 3000 * 500 + (need - 3000) * 1000)
