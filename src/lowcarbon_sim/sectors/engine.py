"""The arithmetic shared by every sector module: activity x routes x end uses x fuel mix.

For a subsector with activity :math:`A_y`, route shares :math:`s_{r,y}`, material ratios
:math:`m_{r,y}`, end-use intensities :math:`I_{u,y}`, carrier shares :math:`f_{u,c,y}`,
conversion efficiencies :math:`\\eta_{u,c,y}` and the cumulative efficiency factor
:math:`g_y = \\prod_{k \\le y} (1 - \\text{gain}_k)`:

.. math::

    F_{c,y} = A_y \\sum_{u} s_{r(u),y}\\, m_{r(u),y}^{[u\\ \\text{per material}]}\\,
              I_{u,y}\\, g_y\\, f_{u,c,y} / \\eta_{u,c,y}                        \\quad [MWh]

    E_y = \\sum_c F^{burnt}_{c,y}\\, e_{c,y} + A_y \\sum_r s_{r,y}\\, m_{r,y}\\, p_{r,y}
          \\quad [t CO2]

with :math:`e_c` the carrier's emission factor (an end use's `emission_factors` replace it
in that end use), :math:`F^{burnt}` the final energy of the
end uses that are not `non_energy` (feedstock and fuel losses count as energy but are not
burnt) and :math:`p_r` the route's process CO2 per unit of material. Everything is
computed on the consecutive calendar years from the base
year to the last modelled year (growth and stock models need every year), as arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.sectors import SHARE_TOLERANCE, EconomyConfig, SubsectorConfig
from lowcarbon_sim.scenario.types import series_values


@dataclass(frozen=True)
class Context:
    """What every subsector computation needs: calendar years, drivers, carriers."""

    years: np.ndarray
    """Consecutive calendar years (int)."""
    base_year: int
    """Year of the economy's base values (efficiency gains count from it)."""
    drivers: dict[str, np.ndarray]
    """Drivers per calendar year: gdp (yuan), population, urban_population,
    rural_population (persons); and, once a section is computed, the activity of each of
    its subsectors by name and of each route as `subsector.route` (a later section's
    subsector may follow either)."""
    carriers: list[str]
    """Carrier names (order of the carrier axis)."""
    emission_factors: np.ndarray
    """(carrier, year) t CO2/MWh."""


@dataclass
class SubsectorResult:
    """Energy and emissions of one subsector on the calendar years of a :class:`Context`."""

    name: str
    section: str
    sector: str
    group: str
    activity_unit: str
    activity: np.ndarray
    """(year,) in activity units (vehicle-km for stock models)."""
    final: np.ndarray
    """(carrier, year) final energy, MWh."""
    end_uses: dict[str, np.ndarray]
    """End-use name -> (year,) final energy over all carriers, MWh."""
    combustion: np.ndarray
    """(year,) direct CO2 from burning carriers, t CO2."""
    process: np.ndarray
    """(year,) process CO2, t CO2."""
    capturable: np.ndarray
    """(year,) CO2 in capturable streams, t CO2."""
    stock: dict[str, np.ndarray] = field(default_factory=dict)
    """Stock models only: route -> (year,) vehicles in the stock."""
    sales: dict[str, np.ndarray] = field(default_factory=dict)
    """Stock models only: route -> (year,) vehicles sold."""
    combustion_carrier: np.ndarray | None = None
    """(carrier, year) direct CO2 from burning each carrier, t CO2 (sums to `combustion`;
    None when nothing is burnt)."""
    route_activity: dict[str, np.ndarray] = field(default_factory=dict)
    """Route -> (year,) activity made by the route (activity x route share), in activity
    units."""

    @property
    def emissions(self) -> np.ndarray:
        """(year,) direct CO2, t CO2."""
        return self.combustion + self.process


def calendar(years, base_year: int) -> np.ndarray:
    """Consecutive years covering the modelled years and the base year."""
    years = np.asarray(years, dtype=int)
    return np.arange(min(int(years.min()), base_year), max(int(years.max()), base_year) + 1)


def drivers(economy: EconomyConfig, cal: np.ndarray) -> dict[str, np.ndarray]:
    """GDP (yuan, constant base-year prices) and population (persons) per calendar year.

    GDP compounds `gdp_growth` forwards and backwards from `gdp_base` in `base_year`.
    """
    growth = series_values(economy.gdp_growth, cal)
    log_growth = np.log1p(growth)
    cum = np.cumsum(log_growth)
    base_idx = int(np.searchsorted(cal, economy.base_year))
    gdp = economy.gdp_base * np.exp(cum - cum[base_idx])
    pop = series_values(economy.population, cal) * 1e6
    urban = series_values(economy.urbanisation, cal)
    return {
        "gdp": gdp,
        "population": pop,
        "urban_population": pop * urban,
        "rural_population": pop * (1.0 - urban),
    }


def activity_path(sub: SubsectorConfig, ctx: Context, key: str) -> np.ndarray:
    """Activity per calendar year: given values, then `growth` or the driver's growth."""
    cal = ctx.years
    given = sub.activity
    if given is None:
        given = {ctx.base_year: 1.0}
    elif not isinstance(given, dict):
        given = {ctx.base_year: float(given)}
    values = series_values(given, cal)
    last = max(given)
    last_idx = int(np.clip(np.searchsorted(cal, last), 0, len(cal) - 1))
    after = cal > last
    if not after.any():
        return values
    if sub.growth is not None:
        factor = np.cumprod(np.where(after, 1.0 + series_values(sub.growth, cal), 1.0))
        return np.where(after, values[last_idx] * factor / factor[last_idx], values)
    if sub.driver is not None:
        drv = ctx.drivers[sub.driver]
        if drv[last_idx] <= 0:
            raise ScenarioError(
                [(f"{key}.driver", f"driver '{sub.driver}' is zero in {cal[last_idx]}")]
            )
        ratio = (drv / drv[last_idx]) ** sub.elasticity
        return np.where(after, values[last_idx] * ratio, values)
    return values


def shares(
    values: dict[str, object], names: list[str], balance: str | None, cal, key: str
) -> np.ndarray:
    """Shares (name, year) from series, one of them possibly the balance; checked to sum
    to 1 within 1e-6 and to stay within 0..1."""
    out = np.zeros((len(names), len(cal)))
    for i, n in enumerate(names):
        if n in values and n != balance:
            out[i] = series_values(values[n], cal)
    if balance is not None:
        b = names.index(balance)
        out[b] = 1.0 - out.sum(axis=0)
        low = out[b] < -SHARE_TOLERANCE
        if low.any():
            y = int(cal[np.argmax(low)])
            raise ScenarioError(
                [
                    (
                        f"{key}.{balance}",
                        f"the other shares add up to {1 - out[b][np.argmax(low)]:.4g} in "
                        f"{y}, leaving a negative share for the balance '{balance}'",
                    )
                ]
            )
        out[b] = np.clip(out[b], 0.0, 1.0)
    else:
        total = out.sum(axis=0)
        bad = np.abs(total - 1.0) > SHARE_TOLERANCE
        if bad.any() and len(names):
            y = int(cal[np.argmax(bad)])
            raise ScenarioError(
                [
                    (
                        key,
                        f"shares add up to {total[np.argmax(bad)]:.6g} in {y}, expected 1 "
                        "(or name a balance)",
                    )
                ]
            )
    return out


def efficiency_factor(sub: SubsectorConfig, ctx: Context) -> np.ndarray:
    """Cumulative factor (year,) of the yearly efficiency gains after the base year."""
    gain = series_values(sub.efficiency_gain, ctx.years)
    return np.cumprod(np.where(ctx.years > ctx.base_year, 1.0 - gain, 1.0))


def subsector(
    name: str,
    section: str,
    sub: SubsectorConfig,
    ctx: Context,
    *,
    activity: np.ndarray | None = None,
    route_shares: np.ndarray | None = None,
) -> SubsectorResult:
    """Final energy, end-use energy and direct CO2 of one subsector (see module docstring).

    ``activity`` and ``route_shares`` (route, year) replace the configured ones (the stock
    model passes vehicle-km and stock shares).
    """
    key = f"sectors.{section}.{name}"
    cal = ctx.years
    n_years, n_carriers = len(cal), len(ctx.carriers)
    if activity is None:
        activity = activity_path(sub, ctx, key)
    routes = list(sub.routes)
    if route_shares is None:
        route_shares = shares(
            {r: sub.routes[r].share for r in routes},
            routes,
            sub.balance_route,
            cal,
            f"{key}.routes.share",
        )
    gain = efficiency_factor(sub, ctx)
    final = np.zeros((n_carriers, n_years))
    end_uses: dict[str, np.ndarray] = {}
    process = np.zeros(n_years)
    capturable = np.zeros(n_years)
    combustion_carrier = np.zeros((n_carriers, n_years))
    route_activity: dict[str, np.ndarray] = {}
    for i, rname in enumerate(routes):
        route = sub.routes[rname]
        material = series_values(route.material_ratio, cal)
        level = activity * route_shares[i]
        route_activity[rname] = level
        route_final = np.zeros((n_carriers, n_years))
        route_combustion = np.zeros((n_carriers, n_years))
        for ename, use in route.end_uses.items():
            ukey = f"{key}.routes.{rname}.end_uses.{ename}"
            f = shares(use.shares, ctx.carriers, use.balance, cal, f"{ukey}.shares")
            eff = np.ones((n_carriers, n_years))
            for c, value in use.efficiency.items():
                eff[ctx.carriers.index(c)] = series_values(value, cal)
            scale = level * series_values(use.intensity, cal) * gain
            if use.per_material:
                scale = scale * material
            energy = scale[None, :] * f / eff
            route_final += energy
            if not use.non_energy:
                factors = ctx.emission_factors
                if use.emission_factors:
                    factors = factors.copy()
                    for c, value in use.emission_factors.items():
                        factors[ctx.carriers.index(c)] = series_values(value, cal)
                route_combustion += energy * factors
            end_uses[ename] = end_uses.get(ename, 0.0) + energy.sum(axis=0)
        route_process = level * material * series_values(route.process_emissions, cal)
        capturable += series_values(route.capturable_share, cal) * (
            route_process + route_combustion.sum(axis=0)
        )
        final += route_final
        process += route_process
        combustion_carrier += route_combustion
    sector = sub.sector or section
    return SubsectorResult(
        name=name,
        section=section,
        sector=sector,
        group=sub.inventory_group or sector,
        activity_unit=sub.activity_unit,
        activity=activity,
        final=final,
        end_uses=end_uses,
        combustion=combustion_carrier.sum(axis=0),
        process=process,
        capturable=capturable,
        combustion_carrier=combustion_carrier,
        route_activity=route_activity,
    )
