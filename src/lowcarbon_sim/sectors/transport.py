"""Transport: road vehicles with a stock model (cars, buses, trucks), rail, water, aviation.

Stock model (per subsector with a ``stock_model``): the total stock :math:`K_y` (vehicles)
follows the activity path. With survival :math:`S(a)` (share of a cohort left at age
:math:`a`, :math:`S(0)=1`) and sales :math:`N_y`,

.. math::  K_y = K_0\\,S_0(y - y_0) + \\sum_{y_0 < v \\le y} S(y - v)\\, N_v

where the base-year fleet has the steady-state age profile of the survival curve,
:math:`S_0(t) = \\sum_a S(a+t) / \\sum_a S(a)`. The sales follow from a triangular solve
(no loop over years). Each route (powertrain: petrol, battery-electric, fuel cell) holds its
share of the base-year stock and takes `sales_share` of each year's sales, so electric
vehicles replace the fleet at the pace of retirements, not at once. Energy is stock x
distance x intensity per vehicle-km, through the shared engine.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.sectors import SectorsConfig, StockModelConfig, SubsectorConfig
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.sectors.engine import (
    Context,
    SubsectorResult,
    activity_path,
    shares,
    subsector,
)

SECTION = "transport"


def survival_curve(model: StockModelConfig, ages: int) -> np.ndarray:
    """Share surviving at ages 0..ages-1: the explicit list, or Weibull
    :math:`\\exp(-(a/\\lambda)^k)` with scale `lifetime` and shape `shape`."""
    a = np.arange(ages, dtype=float)
    if model.survival is not None:
        out = np.zeros(ages)
        n = min(ages, len(model.survival))
        out[:n] = model.survival[:n]
        return out
    return np.exp(-((a / model.lifetime) ** model.shape))


def stock_model(
    stock: np.ndarray,
    initial_shares: np.ndarray,
    sales_shares: np.ndarray,
    model: StockModelConfig,
    key: str = "stock_model",
) -> tuple[np.ndarray, np.ndarray]:
    """Stock and sales by route from the total stock path.

    Parameters
    ----------
    stock
        (year,) total vehicles on consecutive years; the first year is the base fleet.
    initial_shares
        (route,) share of each route in the base-year stock.
    sales_shares
        (route, year) share of each route in the year's sales.
    model
        The survival curve.

    Returns
    -------
    (route_stock, route_sales)
        Each (route, year), vehicles. Base-year sales are the steady-state replacement
        (stock / mean lifetime) split by the base fleet's shares.

    Raises
    ------
    ScenarioError
        If the stock falls faster than the fleet retires (sales would be negative).
    """
    n = len(stock)
    horizon = 200
    surv = survival_curve(model, n + horizon)
    mean_life = surv.sum()
    tail = np.cumsum(surv[::-1])[::-1]  # tail[t] = sum_{a>=t} S(a)
    survivors0 = stock[0] * tail[:n] / mean_life  # base fleet left after t years
    age = np.subtract.outer(np.arange(n), np.arange(n))
    lower = np.where(age >= 0, surv[np.clip(age, 0, None)], 0.0)
    sales = np.zeros(n)
    sales[0] = stock[0] / mean_life
    if n > 1:
        sales[1:] = solve_triangular(
            lower[1:, 1:], stock[1:] - survivors0[1:], lower=True, unit_diagonal=True
        )
    if np.any(sales < -1e-9 * max(1.0, float(stock.max()))):
        y = int(np.argmax(sales < 0))
        raise ScenarioError(
            [
                (
                    key,
                    f"the stock falls faster than vehicles retire (sales {sales[y]:.4g} < 0 in "
                    f"year index {y}); lower the stock decline or shorten the lifetime",
                )
            ]
        )
    sales = np.clip(sales, 0.0, None)
    route_sales = sales[None, :] * sales_shares
    route_sales[:, 0] = sales[0] * initial_shares
    new = np.zeros_like(route_sales)
    new[:, 1:] = route_sales[:, 1:] @ lower[1:, 1:].T
    route_stock = initial_shares[:, None] * survivors0[None, :] + new
    return route_stock, route_sales


def compute(cfg: SectorsConfig, ctx: Context) -> list[SubsectorResult]:
    """Energy (MWh by carrier) and direct CO2 (t) of every transport subsector."""
    return [fleet_or_mode(name, sub, ctx) for name, sub in cfg.transport.items()]


def fleet_or_mode(name: str, sub: SubsectorConfig, ctx: Context) -> SubsectorResult:
    """One transport subsector; with a stock model, activity becomes vehicle-km."""
    if sub.stock_model is None:
        return subsector(name, SECTION, sub, ctx)
    key = f"sectors.{SECTION}.{name}"
    routes = list(sub.routes)
    stock = activity_path(sub, ctx, key)
    initial = shares(
        {r: sub.routes[r].share for r in routes},
        routes,
        sub.balance_route,
        ctx.years,
        f"{key}.routes.share",
    )[:, 0]
    sales_shares = shares(
        {r: sub.routes[r].sales_share for r in routes},
        routes,
        sub.balance_route,
        ctx.years,
        f"{key}.routes.sales_share",
    )
    route_stock, route_sales = stock_model(
        stock, initial, sales_shares, sub.stock_model, f"{key}.activity"
    )
    total = route_stock.sum(axis=0)
    stock_shares = np.divide(route_stock, total, out=np.zeros_like(route_stock), where=total > 0)
    distance = series_values(sub.stock_model.distance, ctx.years)
    result = subsector(
        name, SECTION, sub, ctx, activity=total * distance, route_shares=stock_shares
    )
    result.activity_unit = "vehicle-km"
    result.stock = {r: route_stock[i] for i, r in enumerate(routes)}
    result.sales = {r: route_sales[i] for i, r in enumerate(routes)}
    return result
