"""All sectors together: run every subsector module and assemble one Dataset per scenario."""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.data.profiles import read_profile, resolve_path
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.sectors import buildings, industry, other, transport
from lowcarbon_sim.sectors.engine import Context, SubsectorResult, calendar, drivers
from lowcarbon_sim.units import H2_MWH_PER_T

__all__ = ["ELECTRICITY", "HEAT", "HYDROGEN", "compute"]

#: Carrier names the LP reads (CONTRACT.md carrier vocabulary).
ELECTRICITY = "electricity"
HYDROGEN = "hydrogen"
#: Steam and hot water bought from heat suppliers (boilers, CHP, heat pumps in the LP).
HEAT = "heat"
#: Sector that holds grid losses and plant own use (the power sector's own consumption).
LOSSES_SECTOR = "power"
#: Sector and subsector of the statistical difference of electricity.
STATDIFF_SECTOR = "other"
STATDIFF_NAME = "electricity_statistical_difference"


def compute(scenario, years) -> xr.Dataset | None:
    """Energy demand and direct emissions of the sectors, per modelled year.

    Parameters
    ----------
    scenario
        A validated :class:`~lowcarbon_sim.scenario.schema.Scenario`.
    years
        The modelled years (need not be consecutive; the sectors are computed on every
        calendar year from the base year and then selected).

    Returns
    -------
    xarray.Dataset or None
        ``None`` when the scenario has no subsectors. Otherwise, on coordinates ``year``,
        ``sector``, ``carrier``, ``subsector``, ``end_use``, ``co2_source``, ``hour``:

        * ``electricity_demand`` (year) MWh: whole-society consumption (全社会用电量),
          losses and statistical difference included; ``electricity_shape`` (year, hour);
        * ``emissions`` (year, sector) t CO2: direct non-power emissions (combustion and
          process; the land sink as a negative ``land_use`` sector);
        * ``final_energy`` (year, sector, carrier) MWh, ``final_energy_subsector``
          (year, subsector, carrier) MWh, ``end_use_energy`` (year, subsector, end_use) MWh;
        * ``process_emissions`` (year, sector) t CO2, ``emissions_subsector`` (year,
          subsector) t CO2;
        * ``hydrogen_demand`` (year) t H2; ``heat_demand`` (year) MWh (steam and hot water
          bought by the sectors, served in the LP); ``capturable_co2`` (year, co2_source) t CO2;
        * ``gdp`` (year) yuan (constant base-year prices), ``population`` (year) persons;
        * ``carrier_emission_factor`` (year, carrier) t CO2/MWh, ``carrier_fossil`` and
          ``carrier_primary`` (carrier);
        * ``activity`` (year, subsector), ``vehicle_stock`` and ``vehicle_sales``
          (year, subsector, route) vehicles.
    """
    cfg = scenario.sectors
    subs = cfg.subsectors()
    if not subs:
        return None
    years = [int(y) for y in years]
    cal = calendar(years, scenario.economy.base_year)
    carriers = list(cfg.carriers)
    ctx = Context(
        years=cal,
        base_year=scenario.economy.base_year,
        drivers=drivers(scenario.economy, cal),
        carriers=carriers,
        emission_factors=np.array(
            [series_values(cfg.carriers[c].emission_factor, cal) for c in carriers]
        ).reshape(len(carriers), len(cal)),
    )
    results: list[SubsectorResult] = []
    for module in (industry, buildings, transport, other):
        section = module.compute(cfg, ctx)
        # a later section's subsector may follow one of these (its `driver`)
        ctx.drivers.update({r.name: r.activity for r in section})
        ctx.drivers.update(
            {f"{r.name}.{route}": a for r in section for route, a in r.route_activity.items()}
        )
        results.extend(section)
    _close_electricity(results, scenario, ctx)
    ds = _assemble(results, scenario, ctx)
    shape = _electricity_shape(results, scenario, ctx, ds)
    if shape is not None:
        ds["electricity_shape"] = shape
    return ds.sel(year=years)


def _carrier_index(ctx: Context, name: str) -> int | None:
    return ctx.carriers.index(name) if name in ctx.carriers else None


def _close_electricity(results: list[SubsectorResult], scenario, ctx: Context) -> None:
    """Append the statistical difference (to the statistics in historical years) and the
    grid losses / own use as subsectors carrying only electricity."""
    cfg = scenario.sectors
    ie = _carrier_index(ctx, ELECTRICITY)
    if ie is None:
        return
    cal = ctx.years
    end_use = sum(r.final[ie] for r in results)
    loss = series_values(cfg.electricity_losses, cal)
    diff = np.zeros(len(cal))
    stats = scenario.demand.electricity
    if cfg.calibrate_electricity and isinstance(stats, dict):
        known = sorted(y for y in stats if y <= scenario.years.last_historical)
        if known:
            kyears = np.array(known)
            idx = np.searchsorted(cal, kyears)
            inside = (kyears >= cal[0]) & (kyears <= cal[-1])
            if inside.any():
                kyears, idx = kyears[inside], idx[inside]
                target = np.array([stats[int(y)] for y in kyears]) * (1.0 - loss[idx])
                gap = target - end_use[idx]
                diff = np.interp(cal, kyears, gap)  # held flat outside the statistics
    zeros = np.zeros(len(cal))

    def electricity_only(name: str, sector: str, values: np.ndarray, use: str):
        final = np.zeros((len(ctx.carriers), len(cal)))
        final[ie] = values
        return SubsectorResult(
            name=name,
            section="other",
            sector=sector,
            group=sector,
            activity_unit="MWh",
            activity=values,
            final=final,
            end_uses={use: values},
            combustion=zeros,
            process=zeros,
            capturable=zeros,
        )

    results.append(electricity_only(STATDIFF_NAME, STATDIFF_SECTOR, diff, "unallocated"))
    total = (end_use + diff) / (1.0 - loss)
    results.append(
        electricity_only("grid_losses_own_use", LOSSES_SECTOR, total * loss, "losses_own_use")
    )


def _unique(values):
    return list(dict.fromkeys(values))


def _assemble(results: list[SubsectorResult], scenario, ctx: Context) -> xr.Dataset:
    cal = ctx.years
    carriers = ctx.carriers
    names = [r.name for r in results]
    sectors = _unique(r.sector for r in results)
    end_uses = _unique(u for r in results for u in r.end_uses)
    final_sub = np.stack([r.final.T for r in results], axis=1)  # (year, subsector, carrier)
    use_energy = np.zeros((len(cal), len(names), len(end_uses)))
    for i, r in enumerate(results):
        for u, v in r.end_uses.items():
            use_energy[:, i, end_uses.index(u)] = v
    member = np.array([[r.sector == s for r in results] for s in sectors], dtype=float)
    emis_sub = np.stack([r.emissions for r in results], axis=1)  # (year, subsector)
    proc_sub = np.stack([r.process for r in results], axis=1)
    emissions = emis_sub @ member.T
    process = proc_sub @ member.T
    final = np.einsum("ysc,ks->ykc", final_sub, member)
    burnt_sub = np.stack(
        [
            r.combustion_carrier.T if r.combustion_carrier is not None else np.zeros_like(r.final.T)
            for r in results
        ],
        axis=1,
    )  # (year, subsector, carrier)
    burnt = np.einsum("ysc,ks->ykc", burnt_sub, member)
    sink = other.land_sink(scenario.sectors, ctx)
    if np.any(sink != 0):
        sectors.append(other.LAND_SECTOR)
        emissions = np.concatenate([emissions, -sink[:, None]], axis=1)
        process = np.concatenate([process, np.zeros((len(cal), 1))], axis=1)
        final = np.concatenate([final, np.zeros((len(cal), 1, len(carriers)))], axis=1)
        burnt = np.concatenate([burnt, np.zeros((len(cal), 1, len(carriers)))], axis=1)
    sources = [r.name for r in results if np.any(r.capturable > 0)]
    capt = np.stack(
        [r.capturable for r in results if r.name in sources] or [np.zeros(len(cal))], axis=1
    )
    if not sources:
        sources, capt = ["none"], np.zeros((len(cal), 1))
    ih = _carrier_index(ctx, HYDROGEN)
    ie = _carrier_index(ctx, ELECTRICITY)
    h2 = final_sub[:, :, ih].sum(axis=1) / H2_MWH_PER_T if ih is not None else np.zeros(len(cal))
    elec = final_sub[:, :, ie].sum(axis=1) if ie is not None else np.zeros(len(cal))
    iq = _carrier_index(ctx, HEAT)
    heat = final_sub[:, :, iq].sum(axis=1) if iq is not None else np.zeros(len(cal))
    fleets = [r for r in results if r.stock]
    routes = _unique(p for r in fleets for p in r.stock)
    stock = np.zeros((len(cal), len(fleets), len(routes)))
    sales = np.zeros_like(stock)
    for i, r in enumerate(fleets):
        for p in r.stock:
            stock[:, i, routes.index(p)] = r.stock[p]
            sales[:, i, routes.index(p)] = r.sales[p]
    cc = scenario.sectors.carriers
    ds = xr.Dataset(
        coords={
            "year": cal,
            "sector": sectors,
            "carrier": carriers,
            "subsector": names,
            "end_use": end_uses,
            "co2_source": sources,
            "fleet": [r.name for r in fleets],
            "route": routes,
        }
    )

    def put(name, dims, values, units, doc):
        ds[name] = (dims, np.asarray(values))
        ds[name].attrs.update(units=units, description=doc)

    put(
        "electricity_demand",
        "year",
        elec,
        "MWh",
        "whole-society electricity consumption (losses and statistical difference included)",
    )
    put(
        "emissions",
        ("year", "sector"),
        emissions,
        "t CO2",
        "direct CO2 outside the power LP by sector (combustion and process; land sink < 0)",
    )
    put("process_emissions", ("year", "sector"), process, "t CO2", "process CO2 by sector")
    put(
        "combustion_emissions",
        ("year", "sector", "carrier"),
        burnt,
        "t CO2",
        "direct CO2 from burning each carrier, by sector (end-use emission factors applied)",
    )
    put(
        "final_energy",
        ("year", "sector", "carrier"),
        final,
        "MWh",
        "final energy by sector and carrier",
    )
    put(
        "final_energy_subsector",
        ("year", "subsector", "carrier"),
        final_sub,
        "MWh",
        "final energy by subsector and carrier",
    )
    put(
        "end_use_energy",
        ("year", "subsector", "end_use"),
        use_energy,
        "MWh",
        "final energy by subsector and end use (all carriers)",
    )
    put("emissions_subsector", ("year", "subsector"), emis_sub, "t CO2", "direct CO2 by subsector")
    put(
        "activity",
        ("year", "subsector"),
        np.stack([r.activity for r in results], axis=1),
        "activity unit (see activity_unit)",
        "activity of each subsector",
    )
    put(
        "activity_unit",
        "subsector",
        np.array([r.activity_unit for r in results], dtype=str),
        "1",
        "unit of activity",
    )
    put(
        "subsector_sector",
        "subsector",
        np.array([r.sector for r in results], dtype=str),
        "1",
        "sector of each subsector",
    )
    put(
        "subsector_group",
        "subsector",
        np.array([r.group for r in results], dtype=str),
        "1",
        "emission-inventory group of each subsector (calibration)",
    )
    put("hydrogen_demand", "year", h2, "t H2", "hydrogen used by the sectors")
    put("heat_demand", "year", heat, "MWh", "heat (steam, hot water) bought by the sectors")
    put(
        "capturable_co2",
        ("year", "co2_source"),
        capt,
        "t CO2",
        "CO2 in streams that CCUS could capture, by source subsector",
    )
    put("gdp", "year", ctx.drivers["gdp"], "yuan", "GDP at constant base-year prices")
    put("population", "year", ctx.drivers["population"], "persons", "year-end population")
    put(
        "carrier_emission_factor",
        ("year", "carrier"),
        ctx.emission_factors.T,
        "t CO2/MWh",
        "direct CO2 per MWh burnt",
    )
    put("carrier_fossil", "carrier", [cc[c].fossil for c in carriers], "1", "fossil carrier")
    put(
        "carrier_primary",
        "carrier",
        [cc[c].primary for c in carriers],
        "1",
        "final use counts as primary energy",
    )
    put("vehicle_stock", ("year", "fleet", "route"), stock, "vehicles", "vehicles in use")
    put("vehicle_sales", ("year", "fleet", "route"), sales, "vehicles", "vehicles sold")
    return ds


def _electricity_shape(results, scenario, ctx: Context, ds: xr.Dataset):
    """Hourly shape (year, hour): the load profile for all but the growth of vehicle
    charging over the base year, which follows `ev_charging_profile`."""
    cfg = scenario.sectors
    ie = _carrier_index(ctx, ELECTRICITY)
    ev_day = cfg.ev_profile()
    if ev_day is None or ie is None:
        return None
    profile = scenario.profiles.get(scenario.demand.profile)
    if profile is None:
        return None
    if profile.values is not None:
        base = np.asarray(profile.values, dtype=float)
    else:
        base = read_profile(resolve_path(profile.file, scenario.source_file), profile.column)
    base = base * profile.scale
    hours = base.size
    ev_day = np.asarray(ev_day, dtype=float)
    ev = np.tile(ev_day, hours // 24 + 1)[:hours]
    base, ev = base / base.sum(), ev / ev.sum()
    vehicles = sum((r.final[ie] for r in results if r.stock), np.zeros(len(ctx.years)))
    growth = np.clip(vehicles - vehicles[0], 0.0, None)
    loss = series_values(cfg.electricity_losses, ctx.years)
    ev_total = growth / (1.0 - loss)
    total = ds["electricity_demand"].values
    rest = np.clip(total - ev_total, 0.0, None)
    shape = rest[:, None] * base[None, :] + ev_total[:, None] * ev[None, :]
    out = xr.DataArray(
        shape, dims=("year", "hour"), coords={"year": ctx.years, "hour": np.arange(hours)}
    )
    out.attrs.update(units="MWh", description="hourly electricity demand shape (any scale)")
    return out
