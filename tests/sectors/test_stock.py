"""The vehicle stock model against fleets whose sales and survival are known."""

import numpy as np
import pytest

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.schema import Scenario  # noqa: F401  (schema import check)
from lowcarbon_sim.scenario.sectors import StockModelConfig
from lowcarbon_sim.sectors import compute
from lowcarbon_sim.sectors.transport import stock_model, survival_curve


def test_three_year_life_constant_stock():
    # vehicles live exactly 3 years; a steady fleet of 90 has 30 of each age and sells 30/yr.
    model = StockModelConfig(survival=[1, 1, 1])
    stock = np.full(5, 90.0)
    init = np.array([1.0, 0.0])  # all petrol at first
    sales_share = np.array([[1, 0, 0, 0, 0], [0, 1, 1, 1, 1]], dtype=float)  # EV-only sales
    route_stock, route_sales = stock_model(stock, init, sales_share, model)
    assert route_sales.sum(axis=0) == pytest.approx([30, 30, 30, 30, 30])
    # EVs replace one cohort a year: 30, 60, 90 then all
    assert route_stock[1] == pytest.approx([0, 30, 60, 90, 90])
    assert route_stock[0] == pytest.approx([90, 60, 30, 0, 0])


def test_growing_stock_sales_fill_the_gap():
    # 2-year life; fleet 100 (50 per age) grows to 120 then 150: sales 70 then 50+30+... check
    model = StockModelConfig(survival=[1, 1])
    stock = np.array([100.0, 120.0, 150.0])
    route_stock, route_sales = stock_model(stock, np.array([1.0]), np.ones((1, 3)), model)
    # year 1: survivors of base fleet 50 -> sales 70; year 2: survivors are year-1 sales 70 -> 80
    assert route_sales[0, 1:] == pytest.approx([70, 80])
    assert route_stock[0] == pytest.approx(stock)


def test_weibull_survival():
    model = StockModelConfig(lifetime=10, shape=2)
    s = survival_curve(model, 21)
    assert s[0] == 1.0
    assert s[10] == pytest.approx(np.exp(-1))
    assert s[20] == pytest.approx(np.exp(-4))
    assert np.all(np.diff(s) <= 0)


def test_stock_cannot_fall_faster_than_retirement():
    model = StockModelConfig(survival=[1, 1, 1, 1])
    with pytest.raises(ScenarioError, match="falls faster than vehicles retire"):
        stock_model(np.array([100.0, 10.0]), np.array([1.0]), np.ones((1, 2)), model)


def test_fleet_subsector_energy(make):
    # 90 cars (3-year life), 10,000 km each; petrol 0.6 kWh/km of oil, EVs 0.15 kWh/km.
    # EV sales share 1 from 2021: EV stock 0, 30, 60 -> vehicle-km 0, 3e5, 6e5
    s = make(
        {
            "transport": {
                "cars": {
                    "activity_unit": "vehicles",
                    "activity": 90,
                    "growth": 0.0,
                    "balance_route": "petrol",
                    "stock_model": {"distance": 10000, "survival": [1, 1, 1]},
                    "routes": {
                        "petrol": {
                            "share": 1.0,
                            "end_uses": {"t": {"intensity": "0.6 kWh", "shares": {"gas": 1}}},
                        },
                        "ev": {
                            "share": 0.0,
                            "sales_share": {2020: 0.0, 2021: 1.0},
                            "end_uses": {
                                "t": {"intensity": "0.15 kWh", "shares": {"electricity": 1}}
                            },
                        },
                    },
                }
            }
        }
    )
    ds = compute(s, [2020, 2021, 2022])
    assert ds["vehicle_stock"].sel(fleet="cars", route="ev").values == pytest.approx([0, 30, 60])
    el = ds["final_energy"].sel(sector="transport", carrier="electricity").values
    assert el == pytest.approx([0, 30 * 1e4 * 0.15e-3, 60 * 1e4 * 0.15e-3])
    gas = ds["final_energy"].sel(sector="transport", carrier="gas").values
    assert gas == pytest.approx([90 * 1e4 * 0.6e-3, 60 * 1e4 * 0.6e-3, 30 * 1e4 * 0.6e-3])
