"""One scenario run: scenario -> sectors -> inputs -> model -> solve -> results.

Each stage is a public function; :func:`run` chains them and reports progress. This is the
one module that chains stages (see docs/design/module_map.md): besides :func:`run`,
:func:`sector_outputs`, :func:`check_scenario` (the data checks of ``lowcarbon-sim
validate``) and :func:`peak_report` (``lowcarbon-sim data --peaks``), which need the
sector modules and the model inputs together.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr
import yaml

from lowcarbon_sim import __version__
from lowcarbon_sim.data.statistics import statistics
from lowcarbon_sim.errors import SolverNotAvailableError
from lowcarbon_sim.inputs import build_inputs, hourly_demand, load_profiles
from lowcarbon_sim.inputs.availability import month_of_hour
from lowcarbon_sim.inputs.timeseries import HOURS_PER_YEAR
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.model.extract import extract_results
from lowcarbon_sim.model.gc_pause import gc_paused
from lowcarbon_sim.model.live import current_live_model, sector_key
from lowcarbon_sim.model.solve import DEFAULT_SOLVER, available_solvers, solve_model
from lowcarbon_sim.results.core import Results
from lowcarbon_sim.results.layout import LAYOUT_VERSION
from lowcarbon_sim.results.peak import peak_attrs
from lowcarbon_sim.results.province import combine
from lowcarbon_sim.scenario.load import (
    errors_located,
    load_scenario,
    scenario_hash,
    scenario_to_dict,
    value_at,
)
from lowcarbon_sim.scenario.schema import Scenario
from lowcarbon_sim.sectors import compute
from lowcarbon_sim.technology import techs_by_category

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def run(
    scenario: Scenario | str | Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    customize: Callable[[Any, Any], None] | None = None,
    progress: Progress | None = None,
    diagnose: bool = True,
):
    """Solve a scenario and return its :class:`~lowcarbon_sim.results.core.Results`.

    Parameters
    ----------
    scenario
        A validated :class:`Scenario` or a path to a scenario YAML file.
    overrides
        Dotted-key overrides applied when ``scenario`` is a path.
    customize
        ``customize(model, inputs)`` is called after the model is built and before it is
        solved: the hook for adding your own Pyomo variables and constraints.
    progress
        Called with one line per stage (the CLI prints them).
    diagnose
        Whether an infeasible LP is diagnosed (an elastic solve of the whole model) for the
        :class:`InfeasibleError`'s message; ``explain`` turns it off, it asks its own question.

    Raises
    ------
    ScenarioError, DataError
        Invalid input.
    InfeasibleError, SolveError
        The model has no solution; the message says why.
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    # the collector paused for the whole run: every full collection would walk the Pyomo
    # model's millions of objects again (about 2 CPU-s of the default run's 9 outside HiGHS)
    # a problem a stage finds names the file that set its key
    with errors_located(scenario), gc_paused():
        return _run(scenario, customize, progress, diagnose)


def _run(
    scenario: Scenario, customize, progress: Progress | None, diagnose: bool = True
) -> Results:
    """The stages of :func:`run` for a loaded scenario."""
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    live = current_live_model()  # sweeps and ensembles: model.live
    if live is not None:
        sectors = live.cached("sectors", sector_key(scenario), lambda: sector_outputs(scenario))
    else:
        sectors = sector_outputs(scenario)
    inputs = build_inputs(scenario, sectors)
    timings["inputs"] = time.perf_counter() - t0
    say(
        f"inputs: {inputs.sizes['year']} years x {inputs.sizes['timestep']} time steps x "
        f"{inputs.sizes['tech']} technologies ({timings['inputs']:.1f} s)"
    )
    t0 = time.perf_counter()
    # a live model may solve this member on its kept model, without a build
    reusable = live is not None and scenario.solver.name == DEFAULT_SOLVER
    model = live.reuse(inputs if customize is None else None) if reusable else None
    if model is None:
        model = build_model(inputs)
    if customize is not None:
        customize(model, inputs)
    timings["build"] = time.perf_counter() - t0
    say(f"model built ({timings['build']:.1f} s); solving with {scenario.solver.name}")
    sol = solve_model(
        model,
        scenario.solver.name,
        dict(scenario.solver.options),
        scenario.solver.time_limit,
        diagnose=diagnose,
    )
    timings.update({f"solver_{k}": v for k, v in sol.timings.items()})
    solve_s = sol.timings.get("compile", 0.0) + sol.timings.get("solve", 0.0)
    say(f"solved: objective {sol.objective:.6g} yuan ({solve_s:.1f} s)")
    t0 = time.perf_counter()
    ds = extract_results(model, sol)
    ds = _province(ds, sectors, scenario)
    timings["extract"] = time.perf_counter() - t0
    ds.attrs.update(
        scenario=scenario.name,
        solver=sol.solver,
        solver_version=sol.solver_version,
        solver_algorithm=sol.algorithm,
        **{f"solver_iterations_{k}": v for k, v in sol.iterations.items()},
        **{f"solver_{k}": v for k, v in sol.quality.items()},  # how exact (no crossover)
        **_live_attrs(sol.live),
        termination_condition=sol.termination_condition,
        objective=sol.objective,
        lowcarbon_sim_version=__version__,
        results_layout_version=LAYOUT_VERSION,
        scenario_hash=scenario_hash(scenario),
        scenario_yaml=yaml.safe_dump(
            scenario_to_dict(scenario), sort_keys=False, allow_unicode=True
        ),
        last_historical_year=scenario.years.last_historical,
        time_mode=scenario.time.mode,
        # provenance for reports and exports: the resolved YAML has `dataset: null`
        dataset=scenario.dataset or "",
        scenario_keys_set=_keys_set(scenario),
        **{f"seconds_{k}": round(v, 4) for k, v in timings.items()},
    )
    return Results(ds, model=model, inputs=inputs)


def _keys_set(scenario: Scenario) -> str:
    """JSON list of ``[key, value, where]``: the leaf keys the scenario files and overrides
    set on top of the packaged data set (``where``: the file's name, or ``override``)."""
    import json

    origin = getattr(scenario, "_key_origin", {}) or {}
    own = {k: v for k, v in origin.items() if not v.startswith("package data")}
    leaves = [k for k in own if not any(o.startswith(k + ".") for o in own)]
    tree = scenario.model_dump(mode="json", by_alias=True)
    out = []
    for key in leaves:
        value = value_at(tree, key.split("."))
        out.append([key, value, Path(own[key]).name if own[key] != "override" else "override"])
    return json.dumps(out, ensure_ascii=False)


def _live_attrs(record: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes telling how a live HiGHS model (sweeps, ensembles) solved this run."""
    if not record:
        return {}
    changed = record.get("changed", {})
    return {
        "solver_live_mode": str(record.get("mode", "")),
        "solver_live_reason": str(record.get("reason", "")),
        "solver_live_strategy": str(record.get("strategy", "")),
        "solver_live_build": str(record.get("build", "")),
        "solver_live_cached_sectors": int(bool(record.get("cached_sectors", False))),
        **{f"solver_live_changed_{k}": int(v) for k, v in changed.items()},
    }


def sector_outputs(scenario: Scenario) -> xr.Dataset:
    """Sector demand and emissions of the scenario's modelled years (the sector modules)."""
    return compute(scenario, scenario.years.model_years)


def _province(ds, sectors, scenario: Scenario):
    """Add province totals, targets and the emission peak (power alone without sectors)."""
    if sectors is not None:
        return combine(ds, sectors, scenario)
    total = ds["emissions"].sum("sector")
    ds["total_emissions"] = total.assign_attrs(units="t CO2", description="province total")
    ds.attrs.update(peak_attrs(ds["year"].values, total.values, scenario.years.last_historical))
    return ds


# --------------------------------------------------------------------------------------
# checks of a scenario against its data, without building or solving the model


def check_scenario(scenario: Scenario) -> None:
    """Read the scenario's profiles, compute its sector modules and look for its solver.

    :func:`~lowcarbon_sim.scenario.load.load_scenario` checks the scenario's keys, types,
    units, ranges and references. Some problems only show once the data behind the keys is
    read: a profile CSV with the wrong number of rows, gaps or NaN; availability values
    above 1 p.u.; sector shares that do not add up to 1 in some year; a solver named in the
    scenario that is not installed. This runs those checks (a fraction of a second for the
    Hunan scenarios); ``lowcarbon-sim validate`` calls it, so a scenario that validates does
    not fail later on its input data.

    Raises
    ------
    ScenarioError, DataError
        A profile or a sector input is wrong (the message names the file or key path).
    SolverNotAvailableError
        ``solver.name`` is not installed here (the message lists the available solvers).
    """
    # the inputs are every number the LP will see: building them reads the profiles,
    # runs the sector modules and checks each value is finite (inputs.checks)
    with errors_located(scenario):
        build_inputs(scenario, sector_outputs(scenario))
    check_solver(scenario.solver.name)


def check_solver(name: str) -> None:
    """Raise :class:`SolverNotAvailableError` when solver ``name`` cannot be used here."""
    if name == DEFAULT_SOLVER:
        return
    available = available_solvers()
    if name not in available:
        raise SolverNotAvailableError(
            f"solver.name: solver '{name}' is not available here "
            f"(available: {', '.join(available)})",
            status="not_available",
        )


# --------------------------------------------------------------------------------------
# demand peaks against the sourced peak loads (lowcarbon-sim data --peaks)

PEAK_STATISTIC = "peak_load"


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
        after ``demand.peak`` calibration (:mod:`lowcarbon_sim.inputs.calibration`), equal to
        ``scaled_peak_mw`` without it);
        ``sourced_peak_mw`` (MW, ``NaN`` when none); ``difference_mw`` and
        ``difference_pct`` (model minus sourced, MW and % of sourced); ``source``.
        ``attrs["units"]`` maps columns to units.

    Notes
    -----
    The sourced peaks are grid peak loads (统调负荷) reported by State Grid Hunan; the scaled
    demand is total consumption (全社会用电量, incl. captive plants), so a scaled peak a few
    per cent above the sourced one is expected.
    """
    years = np.asarray(scenario.years.model_years, dtype=int)
    decision = years > scenario.years.last_historical
    with errors_located(scenario):
        if sectors is None and scenario.sectors.enabled:
            sectors = sector_outputs(scenario)
        shape = load_profiles(scenario)[scenario.demand.profile]
        annual, scaled, model = hourly_demand(scenario, years, decision, shape, sectors)
    stats = _statistics_or_empty(scenario.dataset, statistics)
    peaks = stats[stats["quantity"].str.startswith(PEAK_STATISTIC)]
    consumption = stats[stats["quantity"] == "electricity_consumption"].set_index("year")
    month = month_of_hour(np.arange(HOURS_PER_YEAR))
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


# --------------------------------------------------------------------------------------
# history against the province statistics (lowcarbon-sim data --calibration)

#: Inventory groups (``subsector_group``) of each CO2 sector of the calibration table; the
#: power sector of the LP counts in ``power_heat``.
CALIBRATION_GROUPS = {
    "power_heat": ("power_heat",),
    "industry": ("industry",),
    "transport": ("transport",),
    "buildings": ("residential", "commerce_and_others"),
    "agriculture_construction": ("agriculture", "construction"),
}


def calibration_report(scenario: Scenario, results: xr.Dataset | None = None) -> pd.DataFrame:
    """The model's history years against the province statistics, per year and sector.

    Compares province CO2 (``co2.province``) and CO2 by sector (``co2.<sector>``, the groups
    of :data:`CALIBRATION_GROUPS`), total primary energy (``energy.total``, coal-substitution
    counting, Mtce), the coal and non-fossil shares of it (%), the change of energy per GDP
    since the first modelled year (``energy.intensity_change``, %), whole-society
    electricity consumption (TWh) and generation by type (``generation.<type>``, TWh, the
    types of :data:`GENERATION_TYPES`) with the rows of the data set's statistics
    (:func:`lowcarbon_sim.data.statistics.statistics`) for the modelled years.

    Parameters
    ----------
    scenario
        A validated scenario with sector modules (``sectors`` section).
    results
        Its results Dataset (``run(scenario).dataset``); run here when ``None``.

    Returns
    -------
    pandas.DataFrame
        Columns ``quantity``, ``year``, ``model``, ``statistic``, ``unit``,
        ``difference_pct`` (model minus statistic, % of the statistic; for shares and
        changes in % the difference in points), ``status`` (of the statistic: verified or
        derived) and ``source``.
    """
    ds = results if results is not None else run(scenario).dataset
    stats = _statistics_or_empty(scenario.dataset, statistics)
    years = [int(y) for y in ds["year"].values]
    model = _calibration_quantities(ds)
    rows = []
    for r in stats.itertuples(index=False):
        fn = model.get(r.quantity)
        if fn is None or r.year not in years:
            continue
        value = fn(r.year)
        if value is None:
            continue
        points = r.unit == "%"
        diff = value - r.value if points else 100.0 * (value / r.value - 1.0)
        rows.append((r.quantity, r.year, value, r.value, r.unit, diff, r.status, r.source))
    return pd.DataFrame(
        rows,
        columns=[
            "quantity",
            "year",
            "model",
            "statistic",
            "unit",
            "difference_pct",
            "status",
            "source",
        ],
    )


def _calibration_quantities(ds: xr.Dataset) -> dict[str, Callable[[int], float | None]]:
    """Model values of the calibration quantities, by statistic name, as functions of year."""
    from lowcarbon_sim.units import TCE_MWH

    out: dict[str, Callable[[int], float | None]] = {}
    if "total_emissions" in ds:
        out["co2.province"] = lambda y: float(ds["total_emissions"].sel(year=y)) / 1e6
    if "emissions_subsector" in ds and "subsector_group" in ds:
        group = ds["subsector_group"].values.astype(str)
        # the LP's sectors: power, and heat supply since heat is in the LP
        lp_sectors = [s for s in ("power", "heat") if s in ds["sector"]]
        power = ds["emissions"].sel(sector=lp_sectors).sum("sector") if lp_sectors else 0.0

        def sector(names, with_power):
            mask = np.isin(group, names)

            def value(y):
                sub = float(ds["emissions_subsector"].sel(year=y).values[mask].sum())
                extra = float(power.sel(year=y)) if with_power else 0.0
                return (sub + extra) / 1e6

            return value

        for name, names in CALIBRATION_GROUPS.items():
            out[f"co2.{name}"] = sector(names, name == "power_heat")
    if "primary_energy" in ds:
        energy = ds["primary_energy"].sel(counting="coal_substitution")
        first = int(ds["year"].values[0])
        out["energy.total"] = lambda y: float(energy.sel(year=y)) / TCE_MWH / 1e6
        out["energy.nonfossil_share"] = lambda y: (
            100.0 * float(ds["nonfossil_share"].sel(counting="coal_substitution", year=y))
        )
        intensity = energy / ds["gdp"]
        out["energy.intensity_change"] = lambda y: (
            100.0 * float(intensity.sel(year=y) / intensity.sel(year=first) - 1.0)
        )
        if "coal" in ds["carrier"] and "tech_fuel" in ds:
            coal_techs = ds["tech_fuel"].values.astype(str) == "coal"

            def coal_share(y):
                final = float(ds["final_energy"].sel(year=y, carrier="coal").sum())
                fuel = float(ds["fuel_use"].sel(year=y).values[coal_techs].sum())
                return 100.0 * (final + fuel) / float(energy.sel(year=y))

            out["energy.coal_share"] = coal_share
    if "annual_demand" in ds:
        out["electricity_consumption"] = lambda y: float(ds["annual_demand"].sel(year=y)) / 1e6
    if "generation" in ds and "tech_class" in ds:
        for quantity, techs in _generation_types(ds).items():
            gen = ds["generation"].sel(tech=techs).sum("tech")
            out[quantity] = lambda y, gen=gen: float(gen.sel(year=y)) / 1e6
    return out


#: Statistic ``generation.<type>`` -> the IAMC categories of technology it counts. NBS
#: "thermal" is every fuel-burning plant (coal, gangue, gas, biomass, waste). Solar is left
#: out: its statistic covers enterprises above designated size, without most distributed PV.
GENERATION_TYPES: dict[str, tuple[str, ...]] = {
    "generation.thermal": ("Coal", "Gas", "Oil", "Biomass"),
    "generation.hydro": ("Hydro",),
    "generation.wind": ("Wind",),
}


def _generation_types(ds: xr.Dataset) -> dict[str, list[str]]:
    """Technologies of each :data:`GENERATION_TYPES` statistic: electricity generators of its
    categories (storage, imports and heat-only plants are not generation)."""
    fuels = ds["tech_fuel"].values if "tech_fuel" in ds else [""] * ds.sizes["tech"]
    cats = techs_by_category(ds["tech"].values, ds["tech_class"].values, fuels, "electricity")
    out = {
        quantity: [t for c in categories for t in cats.get(c, [])]
        for quantity, categories in GENERATION_TYPES.items()
    }
    return {quantity: techs for quantity, techs in out.items() if techs}


def format_calibration_report(frame: pd.DataFrame) -> str:
    """Render :func:`calibration_report` as a text table."""
    lines = [
        f"{'quantity':<32} {'year':>4} {'model':>9} {'statistic':>9} {'unit':<7} "
        f"{'diff':>7}  status"
    ]
    for r in frame.itertuples(index=False):
        diff = f"{r.difference_pct:+.1f}" + (" pt" if r.unit == "%" else " %")
        lines.append(
            f"{r.quantity:<32} {r.year:>4} {r.model:>9.2f} {r.statistic:>9.2f} {r.unit:<7} "
            f"{diff:>7}  {r.status}"
        )
    return "\n".join(lines)
