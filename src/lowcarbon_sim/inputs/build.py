"""Scenario (+ sector demand) -> one ``xarray.Dataset`` of model inputs.

This Dataset is the only thing the model reads: blocks never look at the scenario, so a
model can be rebuilt from saved inputs. Every variable carries ``units``; money is yuan
(constant 2020 prices), power MW, energy MWh, emissions t CO2. Missing limits are ``inf``
(upper) or ``0`` (lower); "no cap" is ``NaN``.

Dimensions: ``year`` (modelled years), ``tech``, ``timestep`` (the dispatch hours of a
year, the same in every year).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs.arrays import add_input
from lowcarbon_sim.inputs.availability import apply_outages
from lowcarbon_sim.inputs.build_groups import add_build_groups
from lowcarbon_sim.inputs.build_steps import add_build_steps
from lowcarbon_sim.inputs.calibration import peak_targets, reshape_to_peak
from lowcarbon_sim.inputs.checks import check_inputs, check_profiles
from lowcarbon_sim.inputs.heat import add_heat
from lowcarbon_sim.inputs.hydro import add_hydro_inputs
from lowcarbon_sim.inputs.imports import add_import_inputs
from lowcarbon_sim.inputs.months import MONTH_OF_HOUR, month_of_timestep
from lowcarbon_sim.inputs.pipeline import add_pipeline, fuel_price
from lowcarbon_sim.inputs.policy_checks import check_policy_inputs
from lowcarbon_sim.inputs.renewables import (
    low_renewables_days,
    net_load_days,
    rescale_sampled,
)
from lowcarbon_sim.inputs.targets import add_target_inputs
from lowcarbon_sim.inputs.timeseries import (
    HOURS_PER_YEAR,
    TimeSelection,
    read_profile,
    resolve_path,
    select_timesteps,
)
from lowcarbon_sim.scenario.schema import Scenario, TechConfig
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.sectors import compute
from lowcarbon_sim.technology import TECH_CLASSES, TECH_FIELDS
from lowcarbon_sim.units import H2_MWH_PER_T, TECH, TIME, YEAR

FUEL = "fuel"
CO2_SOURCE = "co2_source"
STORAGE_STEP = "co2_storage_step"

def build_inputs(scenario: Scenario, sectors: xr.Dataset | None = None) -> xr.Dataset:
    """Assemble the model inputs of a scenario.

    Parameters
    ----------
    scenario
        A validated scenario.
    sectors
        Output of the sector modules (``electricity_demand(year)`` MWh and
        ``electricity_shape(year, hour)``); used in the decision years when
        ``scenario.sectors.enabled``. Not given: computed here when
        ``scenario.sectors.enabled``, so the inputs are those :func:`lowcarbon_sim.run`
        builds (pass ``sectors.enabled: false`` for demand from the YAML alone).

    Returns
    -------
    xarray.Dataset
        Model inputs with units in attrs (see the module docstring).
    """
    years = scenario.years.model_years
    if sectors is None and scenario.sectors.enabled:
        sectors = compute(scenario, years)
    techs = list(scenario.power.techs)
    if not techs:
        raise ScenarioError([("power.techs", "the scenario has no technologies")])
    profiles = load_profiles(scenario)
    check_profiles(profiles, scenario.demand.profile)
    demand_shape = profiles[scenario.demand.profile]
    others = [profiles[n] for n in sorted(profiles) if n != scenario.demand.profile]
    features, keep = net_load_days(scenario, profiles, demand_shape)
    time = select_timesteps(
        scenario.time.mode,
        scenario.time.days,
        [demand_shape, *others, *features],
        method=scenario.time.method,
        extreme_days=scenario.time.extreme_days,
        hours=scenario.time.hours,
        keep_days=low_renewables_days(scenario, profiles) + keep,
        segments=scenario.time.segments,
    )
    ds = xr.Dataset(
        coords={
            YEAR: np.array(years, dtype=int),
            TECH: np.array(techs, dtype=object),
            TIME: np.arange(time.hour.size),
        }
    )
    # overflow or 0/0 from extreme inputs shows as inf/NaN, which check_inputs then names
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _add_time(ds, time)
        _add_years(ds, scenario)
        _add_demand(ds, scenario, demand_shape, time, sectors)
        _add_techs(ds, scenario, profiles, time)
        apply_outages(ds)
        add_pipeline(ds, scenario)
        add_hydro_inputs(ds, scenario, profiles, time)
        add_import_inputs(ds, scenario, time)
        add_build_steps(ds, scenario)
        add_build_groups(ds, scenario)
        _add_policy(ds, scenario, sectors)
        _add_operating_reserve(ds, scenario)
        _add_hydrogen(ds, scenario, sectors)
        add_heat(ds, scenario, sectors)
        _add_ccus(ds, scenario, sectors)
        add_target_inputs(ds, scenario, sectors)
    ds.attrs.update(
        scenario=scenario.name,
        last_historical_year=scenario.years.last_historical,
        time_mode=scenario.time.mode,
        storage_linking=int(
            scenario.time.storage_linking and scenario.time.mode == "representative_days"
        ),
        storage_linking_min_hours=scenario.time.storage_linking_min_hours,
        load_shedding_cost=scenario.economics.load_shedding_cost,
    )
    check_inputs(ds)
    check_policy_inputs(ds)  # limits that cannot act on a fixed fleet, min above max
    return ds


def load_profiles(scenario: Scenario) -> dict[str, np.ndarray]:
    """Read the profiles of the scenario: all are features of the representative-day choice,
    also one that no row uses as availability (the Hunan hydro profile describes the water
    seasons for the clustering; the reservoir model takes the monthly inflow itself)."""
    used = set(scenario.profiles)
    out = {}
    for name, src in scenario.profiles.items():
        if name not in used:
            continue
        if src.values is not None:
            values = np.asarray(src.values, dtype=float)
            if not np.all(np.isfinite(values)):
                raise ScenarioError([(f"profiles.{name}.values", "NaN or infinite values")])
        else:
            path = resolve_path(src.file, scenario.source_file)
            values = read_profile(path, src.column, key=f"profiles.{name}.file")
        out[name] = values * src.scale
        _check_profile_range(scenario, name, out[name])
    return out


def _check_profile_range(scenario: Scenario, name: str, values: np.ndarray) -> None:
    """Refuse negative hourly values, and availability profiles above 1 p.u."""
    users = [t for t, c in scenario.power.techs.items() if c.availability == name]
    high = 1.0 + 1e-9 if users else np.inf
    bad = np.flatnonzero((values < 0) | (values > high))
    if not bad.size:
        return
    src = scenario.profiles[name]
    where = f" (file {src.file}, scale {src.scale:g})" if src.file else ""
    expected = f"within 0..1 p.u. (availability of {', '.join(users)})" if users else "at least 0"
    raise ScenarioError(
        [
            (
                f"profiles.{name}",
                f"{bad.size} hourly value(s) outside the range, first {values[bad[0]]:.6g} at "
                f"hour {bad[0]}{where}; expected values {expected}",
            )
        ]
    )


def _add_time(ds: xr.Dataset, time: TimeSelection) -> None:
    add_input(ds, "timestep_hour", TIME, time.hour, "h", "hour of the year (0 = 1 Jan 00:00)")
    add_input(ds, "timestep_weight", TIME, time.weight, "h", "hours of the year represented")
    add_input(ds, "timestep_period", TIME, time.period, "1", "representative period")
    add_input(
        ds, "timestep_duration", TIME, time.duration, "h", "consecutive hours the step covers"
    )
    ds["period_sequence"] = ("original_period", time.sequence)
    ds["period_sequence"].attrs.update(units="1", description="chronological periods")


def _add_years(ds: xr.Dataset, scenario: Scenario) -> None:
    years = scenario.years.model_years
    last = scenario.years.last
    r = scenario.economics.discount_rate
    base = scenario.economics.base_year
    nxt = [*years[1:], last + 1]
    represented = [list(range(y, n)) for y, n in zip(years, nxt, strict=True)]
    add_input(
        ds,
        "year_weight",
        YEAR,
        [len(r_) for r_ in represented],
        "yr",
        "calendar years each modelled year stands for",
    )
    add_input(
        ds,
        "objective_weight",
        YEAR,
        [sum((1 + r) ** -(k - base) for k in r_) for r_ in represented],
        "1",
        "sum of discount factors of the represented years",
    )
    add_input(
        ds,
        "is_decision_year",
        YEAR,
        [y > scenario.years.last_historical for y in years],
        "1",
        "new build is decided in this year",
    )


def hourly_demand(scenario: Scenario, years, decision, shape, sectors):
    """Annual and hourly electricity demand of the modelled years.

    Returns ``(annual, scaled, hourly)``: annual demand (MWh, per year), the demand shape
    scaled to it (MW, ``(year, 8760)``) and the hourly demand the model uses (MW): ``scaled``
    reshaped to ``demand.peak`` where that is set (:mod:`lowcarbon_sim.inputs.calibration`).
    """
    annual = _annual_demand(scenario, years)
    shapes = np.tile(shape, (len(years), 1))
    if sectors is not None and scenario.sectors.enabled:
        sec = sectors["electricity_demand"].sel(year=years).values
        annual = np.where(decision, sec, annual)
        if "electricity_shape" in sectors:
            sec_shape = sectors["electricity_shape"].sel(year=years).values
            shapes = np.where(np.asarray(decision)[:, None], sec_shape, shapes)
    scaled = annual[:, None] * shapes / shapes.sum(axis=1, keepdims=True)
    targets = peak_targets(scenario.demand.peak, years, annual, scaled.shape[1])
    return annual, scaled, reshape_to_peak(scaled, targets, years)


def _add_demand(ds, scenario: Scenario, shape, time: TimeSelection, sectors) -> None:
    years = ds[YEAR].values
    decision = ds["is_decision_year"].values
    annual, _, hourly = hourly_demand(scenario, years, decision, shape, sectors)
    sampled = time.sample(hourly)
    months = _step_months(scenario, time)
    if months is None:
        # Rescale so that the weighted time steps carry exactly the year's energy.
        sampled *= (annual / (sampled * time.weight).sum(axis=1))[:, None]
    else:
        # ... month by month: each month's share of the year's energy, less its single
        # days (kept days are their own day and stay unscaled), on the month's other days
        target = _by_month(hourly, MONTH_OF_HOUR) * (annual / hourly.sum(axis=1))[:, None]
        single = time.weight <= time.duration  # a step of one day
        target -= _by_month(sampled * time.weight * single, months)
        carried = _by_month(sampled * time.weight * ~single, months)
        factor = np.divide(target, carried, out=np.ones_like(target), where=carried > 0)
        sampled *= np.where(single, 1.0, factor[:, months])
    add_input(ds, "demand", (YEAR, TIME), sampled, "MW", "electricity demand")
    add_input(ds, "annual_demand", YEAR, annual, "MWh", "annual electricity demand")
    add_input(ds, "peak_demand", YEAR, hourly.max(axis=1), "MW", "annual peak of hourly demand")


def _step_months(scenario: Scenario, time: TimeSelection) -> np.ndarray | None:
    """Month (0..11) of each time step with ``time.method: monthly`` (demand and
    availability are then rescaled month by month), else None."""
    if scenario.time.mode != "representative_days" or scenario.time.method != "monthly":
        return None
    return month_of_timestep(time)


def _by_month(values: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Sum of ``values`` (..., n) over the entries of each month (``month``: n values in
    0..11): (..., 12)."""
    return values @ (month[:, None] == np.arange(12)[None, :]).astype(float)


def _rescale_availability(
    full: np.ndarray, time: TimeSelection, months: np.ndarray | None
) -> np.ndarray:
    """A profile on the selected hours with the capacity factor of the full series (p.u.), of
    the year or, with ``months``, of each month; never above the series' own maximum."""
    sampled = time.sample(full)
    cap = min(full.max(), 1.0)
    if months is None:
        if float((sampled * time.weight).sum()) > 0:
            sampled = rescale_sampled(sampled, time.weight, full.mean(), cap)
        return sampled
    single = time.weight <= time.duration  # kept days: their own day, unscaled
    energy = _by_month(full, MONTH_OF_HOUR) - _by_month(sampled * time.weight * single, months)
    out = sampled.copy()
    for m in np.unique(months[~single]):
        steps = (months == m) & ~single
        w = time.weight[steps]
        if float((sampled[steps] * w).sum()) > 0:
            # weights stretched to a year: rescale_sampled's mean is then the month's
            mean = max(float(energy[m]), 0.0) / w.sum()
            out[steps] = rescale_sampled(sampled[steps], w * HOURS_PER_YEAR / w.sum(), mean, cap)
    return out


def _annual_demand(scenario: Scenario, years) -> np.ndarray:
    """Annual demand, MWh: the given years interpolated, then compound growth after them."""
    given = scenario.demand.electricity
    if not isinstance(given, dict):
        return series_values(given, years)
    last_given = max(given)
    calendar = np.arange(min(min(given), years[0]), max(years[-1], last_given) + 1)
    values = series_values(given, calendar)
    growth = series_values(scenario.demand.growth_rate, calendar)
    for i in np.flatnonzero(calendar > last_given):
        values[i] = values[i - 1] * (1 + growth[i])
    return values[np.searchsorted(calendar, years)]


def _tech_series(tech: TechConfig, field: str, years, default: float) -> np.ndarray:
    value = getattr(tech, field)
    if value is None:
        return np.full(len(years), default, dtype=float)
    return series_values(value, years)


def _add_techs(ds, scenario: Scenario, profiles, time: TimeSelection) -> None:
    years = ds[YEAR].values
    techs = scenario.power.techs
    names = list(techs)
    for f in TECH_FIELDS.values():
        if f.by_year:
            values = np.stack(
                [_tech_series(techs[t], f.name, years, f.default) for t in names], axis=1
            )
            add_input(ds, f.input_name, (YEAR, TECH), values * f.factor, f.input_unit)
        else:
            values = [getattr(techs[t], f.name) for t in names]
            values = [f.default if v is None else float(v) * f.factor for v in values]
            add_input(ds, f.input_name, TECH, values, f.input_unit)
    add_input(ds, "energy_to_power", TECH, [techs[t].energy_to_power or 0.0 for t in names], "h")
    add_input(
        ds,
        "capex_per_mw",
        (YEAR, TECH),
        ds["capex"].values + ds["capex_energy"].values * ds["energy_to_power"].values,
        "yuan/MW",
        "investment per MW of power capacity by build year (storage: energy capacity included)",
    )
    labelled = (("tech_class", "tech_class"), ("tech_fuel", "fuel"), ("tech_color", "color"))
    for name, field in labelled:
        labels = [getattr(techs[t], field) or "" for t in names]
        add_input(ds, name, TECH, np.array(labels, dtype=object), "1")
    add_input(ds, "extendable", TECH, [techs[t].extendable for t in names], "1")
    fuels = scenario.power.fuels
    price = np.zeros((len(years), len(names)))
    factor = np.zeros_like(price)
    content = np.zeros_like(price)
    nonfossil = np.ones(len(names))
    carrier = np.full(len(names), "", dtype=object)
    for j, t in enumerate(names):
        fuel = techs[t].fuel
        if fuel is not None:
            f = fuels[fuel]
            carrier[j] = f.carrier or ""
            # a carrier made inside the model is not bought
            price[:, j] = (
                0.0 if f.carrier
                else fuel_price(
                    f, scenario.power.fuel_price_case, years, scenario.years.last_historical
                )
            )
            factor[:, j] = series_values(f.emission_factor, years)
            content[:, j] = series_values(
                f.emission_factor if f.co2_content is None else f.co2_content, years
            )
            nonfossil[j] = 0.0 if f.fossil else 1.0
        if techs[t].nonfossil_fraction is not None:
            nonfossil[j] = techs[t].nonfossil_fraction
    capture = np.array([techs[t].capture_rate for t in names], dtype=float)
    eff = ds["efficiency"].values
    add_input(ds, "fuel_price", (YEAR, TECH), price, "yuan/MWh", "per MWh of fuel heat")
    add_input(ds, "fuel_cost", (YEAR, TECH), price / eff, "yuan/MWh", "fuel cost per MWh output")
    add_input(ds, "capture_rate", TECH, capture, "1", "share of flue-gas CO2 captured")
    add_input(
        ds,
        "emission_intensity",
        (YEAR, TECH),
        (factor - content * capture) / eff,
        "t CO2/MWh",
        "net direct CO2 per MWh of output (negative: BECCS)",
    )
    add_input(
        ds,
        "captured_intensity",
        (YEAR, TECH),
        content * capture / eff,
        "t CO2/MWh",
        "CO2 captured per MWh of output",
    )
    add_input(ds, "tech_fuel_carrier", TECH, carrier, "1", "model carrier the fuel is drawn from")
    rows = [TECH_CLASSES[techs[t].tech_class] for t in names]
    per_activity = {
        c: np.array(
            [
                [row.balance_coefficient(c, e, fc) for row, e, fc in zip(rows, eff_y, carrier,
                                                                          strict=True)]
                for eff_y in eff
            ]
        )
        for c in ("electricity", "hydrogen")
    }
    # a class's coefficient on electricity does not depend on the efficiency
    add_input(
        ds,
        "electricity_per_activity",
        TECH,
        per_activity["electricity"][0],
        "1",
        "MW of electricity injected per MW of activity (negative: drawn)",
    )
    # only what the table marks firm may count for the reserve margin
    ds["capacity_credit"] = ds["capacity_credit"].where(
        xr.DataArray([row.firm for row in rows], dims=TECH), 0.0
    )
    add_input(
        ds,
        "hydrogen_per_activity",
        (YEAR, TECH),
        per_activity["hydrogen"],
        "1",
        "MW of hydrogen (LHV) injected per MW of activity (negative: burnt)",
    )
    add_input(
        ds,
        "retrofit_of",
        TECH,
        np.array([techs[t].retrofit_of or "" for t in names], dtype=object),
        "1",
        "technology whose capacity a retrofit converts",
    )
    _no_build_before(ds, "build_max", [techs[t].available_from for t in names])
    fuel_names = list(fuels)
    ds.coords[FUEL] = np.array(fuel_names, dtype=object)
    limit = np.full((len(years), len(fuel_names)), np.inf)
    for k, f in enumerate(fuel_names):
        if fuels[f].max_use is not None:
            limit[:, k] = series_values(fuels[f].max_use, years)
    add_input(
        ds, "fuel_max_use", (YEAR, FUEL), limit, "MWh", "most fuel burnt per year (inf: none)"
    )
    add_input(ds, "nonfossil_fraction", TECH, nonfossil, "1")
    r = scenario.economics.discount_rate
    life = ds["lifetime"].values
    add_input(ds, "annuity_factor", TECH, _annuity(r, life), "1/yr", "capital recovery factor")
    avail = np.ones((len(names), time.hour.size))
    months = _step_months(scenario, time)
    for j, t in enumerate(names):
        a = techs[t].availability
        if isinstance(a, str):
            avail[j] = _rescale_availability(profiles[a], time, months)
        else:
            avail[j] = float(a)
    if np.any(avail < 0) or np.any(avail > 1 + 1e-9):
        bad = [names[j] for j in np.flatnonzero(((avail < 0) | (avail > 1 + 1e-9)).any(axis=1))]
        raise ScenarioError(
            [
                (
                    f"power.techs.{bad[0]}.availability",
                    "availability values must lie within 0..1 p.u.",
                )
            ]
        )
    add_input(ds, "availability", (TECH, TIME), avail, "1", "available output per unit capacity")


def _annuity(rate: float, life: np.ndarray) -> np.ndarray:
    """Capital recovery factor, 1/yr, for a real discount rate and lifetimes in years."""
    life = np.asarray(life, dtype=float)
    if rate > 0:
        return rate / (1 - (1 + rate) ** -life)
    return 1 / life


def _no_build_before(ds: xr.Dataset, name: str, first_years) -> None:
    """Set build limit ``name`` (year, item) to 0 before each item's first build year
    (``available_from``; ``None``: any year)."""
    years = ds[YEAR].values
    first = np.array([years[0] if y is None else y for y in first_years], dtype=int)
    dims = ds[name].dims
    ds[name] = ds[name].where(xr.DataArray(years[:, None] >= first[None, :], dims=dims), 0.0)


def _limit_path(value, years) -> np.ndarray:
    """A policy limit per year: interpolated, held after the last given year, and absent (NaN)
    before the first one (a cap path that starts in 2026 does not bind 2025)."""
    out = series_values(value, years)
    if isinstance(value, dict) and value:
        out = np.where(np.asarray(years) < min(value), np.nan, out)
    return out


def _add_policy(ds, scenario: Scenario, sectors) -> None:
    years = ds[YEAR].values
    pol = scenario.policy
    cap = np.where(ds["is_decision_year"].values, _limit_path(pol.co2_cap, years), np.nan)
    add_input(ds, "co2_cap", YEAR, cap, "t CO2", "cap on emissions in co2_cap_scope (NaN: none)")
    exo = np.zeros(len(years))
    if pol.co2_cap_scope == "province" and sectors is not None:
        exo = sectors["emissions"].sum("sector").sel(year=years).values
    add_input(
        ds,
        "exogenous_emissions",
        YEAR,
        exo,
        "t CO2",
        "emissions outside the LP that count under the cap",
    )
    add_input(
        ds,
        "co2_price_given",
        YEAR,
        # history years keep their sourced dispatch: the price applies to decision years only
        np.where(ds["is_decision_year"].values, series_values(pol.co2_price, years), 0.0),
        "yuan/t CO2",
        "carbon price given by the scenario (policy.co2_price), decision years only",
    )
    margin = np.nan if pol.reserve_margin is None else pol.reserve_margin
    add_input(
        ds,
        "reserve_margin",
        YEAR,
        np.where(ds["is_decision_year"].values, margin, np.nan),
        "1",
        "firm capacity above peak (NaN: not applied)",
    )
    share = _limit_path(pol.min_nonfossil_share, years)
    add_input(
        ds, "min_nonfossil_share", YEAR, np.where(ds["is_decision_year"].values, share, np.nan), "1"
    )


def _add_operating_reserve(ds: xr.Dataset, scenario: Scenario) -> None:
    """The operating reserve requirement's terms by year (NaN: no requirement); a physical
    requirement of operation, so it applies in history years too."""
    cfg = scenario.power.operating_reserve
    n = ds.sizes[YEAR]
    for name, unit, doc in (
        ("load_share", "1", "share of each time step's demand"),
        ("variable_share", "1", "share of each time step's wind and solar output"),
        ("contingency", "MW", "fixed amount (largest infeed lost)"),
        ("sustain_hours", "h", "hours a storage row sustains its reserve from its charge"),
    ):
        value = float(getattr(cfg, name)) if cfg.enabled else np.nan
        add_input(ds, f"operating_reserve_{name}", YEAR, np.full(n, value), unit,
             f"upward operating reserve: {doc} (NaN: no requirement)")
        ds[f"operating_reserve_{name}"].attrs["nan_means"] = "no operating reserve requirement"


def _add_hydrogen(ds: xr.Dataset, scenario: Scenario, sectors) -> None:
    years = ds[YEAR].values
    annual = series_values(scenario.hydrogen.demand, years) * H2_MWH_PER_T
    if sectors is not None and scenario.sectors.enabled and "hydrogen_demand" in sectors:
        sec = sectors["hydrogen_demand"].sel(year=years).values * H2_MWH_PER_T
        annual = np.where(ds["is_decision_year"].values, sec, annual)
    add_input(ds, "hydrogen_demand", YEAR, annual, "MWh", "hydrogen delivered to the sectors (LHV)")
    ds.attrs["hydrogen_delivery"] = scenario.hydrogen.delivery


def _add_ccus(ds: xr.Dataset, scenario: Scenario, sectors) -> None:
    years = ds[YEAR].values
    ccus = scenario.ccus
    names = list(ccus.sources)
    ds.coords[CO2_SOURCE] = np.array(names, dtype=object)
    n = (len(years), len(names))

    def per_source(field: str, default: float) -> np.ndarray:
        out = np.full(n, default, dtype=float)
        for k, name in enumerate(names):
            value = getattr(ccus.sources[name], field)
            if value is not None:
                out[:, k] = series_values(value, years)
        return out

    capturable = per_source("capturable", 0.0)
    if sectors is not None and scenario.sectors.enabled and "capturable_co2" in sectors:
        offered = sectors["capturable_co2"]
        for k, name in enumerate(names):
            if name in offered[CO2_SOURCE].values:
                capturable[:, k] = offered.sel({CO2_SOURCE: name, YEAR: years}).values
    add_input(ds, "capturable_co2", (YEAR, CO2_SOURCE), capturable, "t CO2", "per year")
    for name, field, units, default in (
        ("source_capex", "capex", "yuan/(t CO2/yr)", 0.0),
        ("source_fom", "fom", "yuan/(t CO2/yr)/yr", 0.0),
        ("source_vom", "vom", "yuan/t CO2", 0.0),
        ("source_build_max", "build_max", "t CO2/yr", np.inf),
    ):
        add_input(ds, name, (YEAR, CO2_SOURCE), per_source(field, default), units)
    _no_build_before(ds, "source_build_max", [ccus.sources[k].available_from for k in names])
    for name, field, units in (
        ("source_capture_rate", "capture_rate", "1"),
        ("source_electricity", "electricity", "MWh/t CO2"),
        ("source_lifetime", "lifetime", "yr"),
    ):
        values = [float(getattr(ccus.sources[k], field)) for k in names]
        add_input(ds, name, CO2_SOURCE, values, units)
    r = scenario.economics.discount_rate
    life = ds["source_lifetime"].values
    add_input(ds, "source_annuity_factor", CO2_SOURCE, _annuity(r, life), "1/yr")

    steps = list(ccus.storage.steps.values())
    ds.coords[STORAGE_STEP] = np.array(list(ccus.storage.steps), dtype=object)
    add_input(ds, "co2_storage_step_capacity", STORAGE_STEP, [s.capacity for s in steps], "t CO2")
    add_input(ds, "co2_storage_step_cost", STORAGE_STEP, [s.cost for s in steps], "yuan/t CO2")
    inj = ccus.storage.injection_max
    add_input(
        ds,
        "co2_injection_max",
        YEAR,
        np.full(len(years), np.inf) if inj is None else series_values(inj, years),
        "t CO2",
        "most CO2 stored per year",
    )
    add_input(
        ds,
        "co2_transport_cost",
        YEAR,
        series_values(ccus.storage.transport_cost, years),
        "yuan/t CO2",
    )
    add_input(ds, "co2_use_max", YEAR, series_values(ccus.use.max, years), "t CO2", "per year")
    add_input(ds, "co2_use_cost", YEAR, series_values(ccus.use.cost, years), "yuan/t CO2")
    ds.attrs["co2_use_permanence"] = float(ccus.use.permanence)
    ds.attrs["co2_cap_scope"] = scenario.policy.co2_cap_scope
