"""One year of the power, hydrogen and heat system as a ``pypsa.Network``, for users who
want PyPSA's tools.

:func:`to_pypsa` maps the model inputs of one year, one row per technology, onto PyPSA
components on the buses ``electricity`` and (when the scenario has them) ``hydrogen`` and
``heat``. What a technology draws and delivers per MW of activity comes from the inputs
``electricity_per_activity``, ``hydrogen_per_activity`` and ``heat_per_activity`` (the
technology table's carriers), so a technology is a Generator on the bus it delivers to, or a
Link from the bus it draws from:

=====================================  ==============================================
lowcarbon-sim                          PyPSA
=====================================  ==============================================
time steps, ``timestep_weight`` (h)    snapshots; weightings ``objective`` and
                                       ``generators`` = weight, ``stores`` =
                                       ``timestep_duration`` (1 h; more with segmented
                                       days: storage moves step by step, as in our model)
``demand`` (MW)                        Load ``demand``
``hydrogen_demand`` (MWh/yr, flat)     Load ``hydrogen_demand`` on bus ``hydrogen``,
                                       demand / 8760 h in every snapshot
classes dispatchable, variable,        Generator: ``p_max_pu`` = availability,
hydro, import, hydrogen_supply         ``p_min_pu`` = min(min_output, availability),
                                       ``marginal_cost`` = vom + fuel cost + import price +
                                       CO2 price x emission intensity (yuan/MWh),
                                       ``e_sum_min``/``e_sum_max`` = full-load-hour limits
                                       x capacity (fixed capacities only)
electrolysers; generators burning a    Link from the bus drawn (``bus0``) to the bus
model carrier (fuel cells)             delivered (``bus1``): ``p0`` is the input, so
                                       ``p_nom`` = capacity x input per MW of activity
                                       (a fuel cell of efficiency 0.5: 2 MW of hydrogen
                                       per MW electric), ``efficiency`` = output / input,
                                       costs per MW of input
classes storage, hydrogen_storage      StorageUnit on its carrier's bus: ``max_hours`` =
                                       energy_to_power, ``efficiency_store``/
                                       ``_dispatch``, ``standing_loss``,
                                       ``marginal_cost`` = vom on discharge; state of
                                       charge cyclic within each representative period
                                       (below)
``heat_demand`` (MWh/yr) x ``heat_shape``  Load ``heat_demand`` on bus ``heat`` (MW)
heat-only boiler (``heat_boiler``)     Generator on ``heat`` (a Link from ``hydrogen`` if
                                       it burns hydrogen)
heat pump (``heat_pump``)              Link ``electricity`` -> ``heat``, ``efficiency`` =
                                       COP
back-pressure CHP                      Generator ``<tech>`` (the activity: availability,
(``chp_backpressure``)                 must-run, costs, CO2) on bus ``<tech>|activity``,
                                       Link ``<tech>|split`` to ``electricity``
                                       (``efficiency`` 1) and ``heat`` (``efficiency2`` =
                                       ``heat_to_power``): the fixed power/heat ratio
extraction CHP (``chp_extraction``)    Generator ``<tech>`` on ``<tech>|activity`` as
                                       above, Link ``<tech>|condensing`` to electricity
                                       and Link ``<tech>|extraction`` drawing (c_b + c_v)
                                       Q for Q of heat (``efficiency``) and c_b Q of
                                       electricity (``efficiency2``): the PQ region of
                                       :mod:`lowcarbon_sim.model.blocks.heat` exactly,
                                       without PyPSA's extra constraint
unserved demand                        Generator ``load_shedding`` at the load-shedding
                                       cost
CO2 cap of the year                    GlobalConstraint ``co2_cap`` (primary energy,
                                       carrier attribute ``co2_emissions``); each
                                       technology is its own Carrier with
                                       ``co2_emissions`` = its emission intensity per MWh
                                       of the component's ``p``
=====================================  ==============================================

Storage and representative days: our state of charge is cyclic within each representative
period (or, for long-duration storage with ``storage_linking``, linked over the 365 days
of the year). PyPSA has no per-period cycle outside multi-period investment, so a storage
of fixed capacity becomes one StorageUnit per period, ``<tech>|<period>`` (carrier
``<tech>``), which may charge and discharge only in its period (``p_max_pu`` and
``p_min_pu`` zero elsewhere) and is cyclic over all snapshots: without standing losses its
state of charge is then cyclic within its period, our constraint exactly. Not covered (and
listed): the linking of days, standing losses between periods, and extendable storage over
several periods (exported as one unit cyclic over all snapshots).

Capacities come from the solved results when given (``p_nom`` fixed, not extendable), so
re-optimising the network reproduces our dispatch cost for that year. Given inputs only,
existing capacity is ``p_nom`` (``p_nom_min`` for extendable technologies, which get
``capital_cost`` = annuity x capex + FOM, PyPSA's per-MW-and-year convention).

Heat-only boilers are outside a power-sector CO2 cap and its price (as in the model): their
marginal cost has no carbon price and their carrier no ``co2_emissions`` unless the cap's
scope is ``province`` (listed as not exported when they emit).

Not carried over; :attr:`pypsa.Network.meta` lists what applies under
``lowcarbon_sim_not_exported``: technologies of classes without a PyPSA component
(interruptible load, demand shifting); CO2 capture, transport, storage and use (the CCUS
block: capture plants are exported with their residual emissions, without the chain's
costs); unit commitment,
ramp limits, monthly hydro inflow and reservoirs, import contract shapes and delivery
bands, annual fuel limits; flexible hydrogen delivery (exported flat); the reserve margin,
the minimum non-fossil share, full-load-hour limits of extendable technologies and of
links.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.results.core import open_results
from lowcarbon_sim.technology import TECH_CLASSES
from lowcarbon_sim.units import HOURS_PER_YEAR

log = logging.getLogger(__name__)

BUS = "electricity"
H2_BUS = "hydrogen"
HEAT_BUS = "heat"
#: Buses of the model carriers exported, and the inputs giving MW injected per MW of activity.
COEFFICIENTS: dict[str, str] = {
    BUS: "electricity_per_activity",
    H2_BUS: "hydrogen_per_activity",
    HEAT_BUS: "heat_per_activity",
}
SHEDDING = "load_shedding"
#: Suffixes of the components of a technology with two outputs (CHP): its activity bus, and
#: the links splitting the activity into the outputs.
ACTIVITY, SPLIT, CONDENSING, EXTRACTION = "|activity", "|split", "|condensing", "|extraction"


def pypsa_component(tech_class: str) -> str:
    """PyPSA component a class is exported as (the technology-class table), ``""`` if none."""
    row = TECH_CLASSES.get(tech_class)
    return row.pypsa_component if row is not None else ""


def _import_pypsa():
    try:
        import pypsa
    except ImportError:
        raise DataError(
            "to_pypsa needs the optional package 'pypsa': pip install pypsa "
            "(or pip install 'lowcarbon-sim[dev]')"
        ) from None
    return pypsa


def _split(obj: Any, inputs: xr.Dataset | None) -> tuple[xr.Dataset, xr.Dataset | None]:
    """(inputs, results dataset or None) from the argument forms of :func:`to_pypsa`."""
    if isinstance(obj, xr.Dataset):
        if "capacity" not in obj and "existing_capacity" in obj:
            return obj, None  # an inputs Dataset
        if inputs is None:
            raise DataError(
                "a results Dataset does not carry the model inputs: export from the Results of "
                "lowcarbon_sim.run or open_results, from the results file, or pass inputs="
            )
        return inputs, obj
    what = "these results"
    if isinstance(obj, str | Path):
        what = f"results file {obj}"
        obj = open_results(obj)
    ds = getattr(obj, "dataset", None)
    if not isinstance(ds, xr.Dataset):
        raise TypeError(
            f"expected Results, a results or inputs Dataset, or a path; got {type(obj).__name__}"
        )
    inp = inputs if inputs is not None else getattr(obj, "inputs", None)
    if inp is None:
        version = ds.attrs.get("lowcarbon_sim_version", "?")
        raise DataError(
            f"{what}: no model inputs (written by lowcarbon-sim {version}, before results "
            "files kept them in the group 'inputs'); run the scenario again, or pass "
            "inputs=lowcarbon_sim.build_inputs(scenario)"
        )
    return inp, ds


def _at(da: xr.DataArray, year: int) -> xr.DataArray:
    return da.sel(year=year) if "year" in da.dims else da


def to_pypsa(
    results_or_inputs: Any,
    year: int | None = None,
    inputs: xr.Dataset | None = None,
):
    """Export one year of the power system to a ``pypsa.Network``.

    Parameters
    ----------
    results_or_inputs
        :class:`~lowcarbon_sim.results.core.Results` or the path of a results file
        (capacities from the solution, inputs from the Results or the file's ``inputs``
        group), a results Dataset (with ``inputs``), or an inputs Dataset of
        :func:`lowcarbon_sim.build_inputs` (capacities from ``existing_capacity``, extendable
        where the scenario says so).
    year
        Modelled year to export (default: the last).
    inputs
        The model inputs, when ``results_or_inputs`` does not carry them.

    Returns
    -------
    pypsa.Network
        Units: MW, MWh, yuan; ``n.meta`` records the scenario, the year and what was not
        exported.

    Raises
    ------
    DataError
        If pypsa is not installed, the year is not modelled, or the inputs cannot be found.
    """
    pypsa = _import_pypsa()
    inp, res = _split(results_or_inputs, inputs)
    years = [int(y) for y in inp["year"].values]
    year = years[-1] if year is None else int(year)
    if year not in years:
        raise DataError(f"year {year} is not modelled (years: {years})")
    techs = [str(t) for t in inp["tech"].values]
    classes = dict(zip(techs, (str(c) for c in inp["tech_class"].values), strict=True))
    snapshots = pd.Index(inp["timestep"].values, name="snapshot")
    weight = inp["timestep_weight"].values.astype(float)
    not_exported: list[str] = []

    n = pypsa.Network()
    n.set_snapshots(snapshots)
    n.snapshot_weightings.loc[:, "objective"] = weight
    n.snapshot_weightings.loc[:, "generators"] = weight
    n.snapshot_weightings.loc[:, "stores"] = (
        inp["timestep_duration"].values.astype(float) if "timestep_duration" in inp else 1.0
    )
    n.add("Bus", BUS, carrier="AC")
    demand = _at(inp["demand"], year).values.astype(float)
    n.add("Load", "demand", bus=BUS, p_set=pd.Series(demand, index=snapshots))

    def value(name: str, tech: str, default: float = 0.0) -> float:
        if name not in inp:
            return default
        return float(_at(inp[name], year).sel(tech=tech))

    def flows(t: str) -> dict[str, float]:
        """MW of each model carrier injected per MW of activity (negative: drawn)."""
        out = {c: value(v, t) for c, v in COEFFICIENTS.items() if v in inp}
        if "electricity_per_activity" not in inp:  # files from before the coefficients
            out[BUS] = 1.0
        return {c: k for c, k in out.items() if k != 0}

    h2_demand = float(_at(inp["hydrogen_demand"], year)) if "hydrogen_demand" in inp else 0.0
    buses = {BUS: BUS}
    if h2_demand > 0 or any(
        H2_BUS in flows(t) or _carrier_out(classes[t]) == H2_BUS for t in techs
    ):
        buses[H2_BUS] = H2_BUS
        n.add("Bus", H2_BUS, carrier="H2")
    if h2_demand > 0:
        # flat delivery: the model's hydrogen balance takes H / 8760 every hour
        n.add("Load", "hydrogen_demand", bus=H2_BUS, p_set=h2_demand / HOURS_PER_YEAR)
        if inp.attrs.get("hydrogen_delivery", "flat") == "flexible":
            not_exported.append("flexible hydrogen delivery (exported flat, demand / 8760 h)")
    heat_demand = float(_at(inp["heat_demand"], year)) if "heat_demand" in inp else 0.0
    if heat_demand > 0 or any(_block(classes[t]) == "heat" for t in techs):
        buses[HEAT_BUS] = HEAT_BUS
        n.add("Bus", HEAT_BUS, carrier="heat")
    if heat_demand > 0:
        shape = inp["heat_shape"].values.astype(float) if "heat_shape" in inp else None
        if shape is None:
            shape = np.full(len(snapshots), 1.0 / HOURS_PER_YEAR)
        n.add(
            "Load",
            "heat_demand",
            bus=HEAT_BUS,
            p_set=pd.Series(heat_demand * shape, index=snapshots),
        )

    if res is not None:
        capacity = {t: float(res["capacity"].sel(year=year, tech=t)) for t in techs}
        extendable = dict.fromkeys(techs, False)
    else:
        capacity = {t: value("existing_capacity", t) for t in techs}
        extendable = {t: bool(inp["extendable"].sel(tech=t)) for t in techs}
    co2_price = float(_at(inp["co2_price_given"], year)) if "co2_price_given" in inp else 0.0
    # a power-sector cap and its price leave heat-only boilers out (model/blocks/heat.py)
    province_scope = inp.attrs.get("co2_cap_scope", "power") == "province"
    cap = float(_at(inp["co2_cap"], year)) if "co2_cap" in inp else np.nan
    avail = _at(inp["availability"], year)
    if "availability_scale" in inp:  # the profile scaled to the year (a windy or calm year)
        avail = avail * _at(inp["availability_scale"], year)

    def capital_cost(t: str) -> float:
        if not extendable[t]:
            return 0.0
        return value("annuity_factor", t) * value("capex_per_mw", t) + value("fom", t)

    def modular(t: str, scale: float = 1.0) -> dict[str, float]:
        """PyPSA's ``p_nom_mod`` for a row built in whole units (``unit_size``): PyPSA's
        units are of total capacity, ours of new build, so only a fleet that is a whole
        number of units (none, usually) exports as modular."""
        unit = value("unit_size", t, np.nan)
        if not extendable[t] or not np.isfinite(unit):
            return {}
        if not float(capacity[t] / unit).is_integer():
            not_exported.append(
                f"whole units of {t} (unit_size {unit:g} MW on a fleet of {capacity[t]:g} MW, "
                "not a whole number of units as PyPSA's p_nom_mod needs)"
            )
            return {}
        return {"p_nom_mod": unit * scale}

    # lowcarbon_sim.plots imports matplotlib, which an export does not need otherwise
    from lowcarbon_sim.plots.colours import tech_colours

    colours = tech_colours(
        techs,
        inp["tech_class"].values,
        inp["tech_fuel"].values,
        inp["tech_color"].values if "tech_color" in inp else None,
    )
    # one row of attributes per technology, then one vectorised n.add per component
    gens: dict[str, dict[str, Any]] = {}
    links: dict[str, dict[str, Any]] = {}
    stores: dict[str, dict[str, Any]] = {}
    splits: dict[str, dict[str, Any]] = {}  # links splitting a CHP's activity
    intensity: dict[str, float] = {}  # t CO2 per MWh of the component's p
    for t in techs:
        cls = classes[t]
        component = pypsa_component(cls)
        # the heat block's classes are exported by their carriers (Generator or Link)
        if not component and _block(cls) != "heat":
            not_exported.append(f"technology {t} (class {cls})")
            continue
        if component == "StorageUnit":
            stores[t] = {
                "bus": buses[_carrier_out(cls)],
                "p_nom": capacity[t],
                "p_nom_extendable": extendable[t],
                "capital_cost": capital_cost(t),
                "p_nom_min": capacity[t] if extendable[t] else 0.0,
                "p_nom_max": value("capacity_max", t, np.inf) if extendable[t] else np.inf,
                "max_hours": value("energy_to_power", t),
                "efficiency_store": value("efficiency_charge", t, 1.0),
                "efficiency_dispatch": value("efficiency_discharge", t, 1.0),
                "standing_loss": value("standing_loss", t),
                "marginal_cost": value("vom", t),
                **modular(t),
            }
            intensity[t] = 0.0
            continue
        f = flows(t)
        drawn = {c: -k for c, k in f.items() if k < 0}
        made = {c: k for c, k in f.items() if k > 0}
        extraction = _is_extraction(cls)
        chp = extraction or (len(made) == 2 and not drawn)
        if not set(f) <= set(buses) or len(drawn) > 1 or not (len(made) == 1 or chp):
            not_exported.append(f"technology {t} (class {cls}: carriers {f})")
            continue
        if chp:
            # the activity is a Generator on its own bus, split into the outputs by links
            out = f"{t}{ACTIVITY}"
            k_out = 1.0
            splits.update(_chp_links(t, f, extraction, value, capacity[t], extendable[t]))
        else:
            ((out, k_out),) = made.items()
        # PyPSA's p per MW of our activity: the carrier drawn (a Link's p0) or delivered
        scale = next(iter(drawn.values())) if drawn else k_out
        capped = 1.0 if province_scope or _carrier_out(cls) != HEAT_BUS else 0.0
        row: dict[str, Any] = {
            "p_nom": capacity[t] * scale,
            "p_nom_extendable": extendable[t],
            "capital_cost": capital_cost(t) / scale,
            "p_nom_min": capacity[t] * scale if extendable[t] else 0.0,
            "p_nom_max": value("capacity_max", t, np.inf) * scale if extendable[t] else np.inf,
            "marginal_cost": (
                value("vom", t)
                + value("fuel_cost", t)
                + value("import_price", t)
                + co2_price * value("emission_intensity", t) * capped
            )
            / scale,
            **modular(t, scale),
        }
        intensity[t] = value("emission_intensity", t) * capped / scale
        if not capped and value("emission_intensity", t) > 0:
            not_exported.append(
                f"CO2 of {t} (a heat-only boiler, outside the power-sector cap and price: "
                "counted in the province's emissions only)"
            )
        limits = {
            attr: value(limit, t, np.nan)
            for limit, attr in (
                ("min_full_load_hours", "e_sum_min"),
                ("max_full_load_hours", "e_sum_max"),
            )
        }
        if drawn:
            ((into, _),) = drawn.items()
            links[t] = {**row, "bus0": buses[into], "bus1": buses[out], "efficiency": k_out / scale}
            for limit, hours in limits.items():
                if np.isfinite(hours):
                    not_exported.append(f"{limit} of {t} (PyPSA links have none)")
            if intensity[t] and np.isfinite(cap):
                not_exported.append(f"CO2 of {t} under the cap (PyPSA counts generators only)")
            continue
        e_sum = {"e_sum_min": -np.inf, "e_sum_max": np.inf}
        for attr, hours in limits.items():
            if np.isfinite(hours):
                if extendable[t]:
                    not_exported.append(f"full-load-hour limit of extendable technology {t}")
                else:
                    e_sum[attr] = hours * capacity[t] * scale
        gens[t] = {**row, **e_sum, "bus": buses.get(out, out)}
    exported = [t for t in techs if t in gens or t in links or t in stores]
    n.add(
        "Carrier",
        exported,
        co2_emissions=[intensity[t] for t in exported],
        color=[colours[t] for t in exported],
    )
    activity_buses = sorted({row["bus0"] for row in splits.values()})
    if activity_buses:
        n.add("Bus", activity_buses, carrier=[b.split("|")[0] for b in activity_buses])

    def per_unit(names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
        a = avail.sel(tech=names).transpose("timestep", "tech").values.astype(float)
        must = np.minimum(np.array([value("min_output", t) for t in names])[None, :], a)
        return (
            pd.DataFrame(a, index=snapshots, columns=names),
            pd.DataFrame(must, index=snapshots, columns=names),
        )

    for component, rows in (("Generator", gens), ("Link", links)):
        if rows:
            names = list(rows)
            table = pd.DataFrame.from_dict(rows, orient="index").fillna({"p_nom_mod": 0.0})
            p_max, p_min = per_unit(names)
            n.add(
                component,
                names,
                carrier=names,
                p_max_pu=p_max,
                p_min_pu=p_min,
                **({"efficiency": 1.0} if component == "Generator" else {}),
                **{k: table[k].to_numpy() for k in table.columns},
            )
    if splits:
        table = pd.DataFrame.from_dict(splits, orient="index")
        n.add("Link", list(splits), **{k: table[k].to_numpy() for k in table.columns})
    _add_storage(n, inp, stores, extendable, value, not_exported)
    shed_cost = float(inp.attrs.get("load_shedding_cost", 0.0))
    if shed_cost > 0:
        n.add("Carrier", SHEDDING, co2_emissions=0.0)
        n.add(
            "Generator",
            SHEDDING,
            bus=BUS,
            carrier=SHEDDING,
            p_nom=float(demand.max()),
            marginal_cost=shed_cost,
        )
    if np.isfinite(cap):
        exo = float(_at(inp["exogenous_emissions"], year)) if "exogenous_emissions" in inp else 0.0
        n.add(
            "GlobalConstraint",
            "co2_cap",
            type="primary_energy",
            carrier_attribute="co2_emissions",
            sense="<=",
            constant=cap - exo,
        )
    for name in ("reserve_margin", "min_nonfossil_share"):
        if name in inp and np.isfinite(float(_at(inp[name], year))):
            if name == "reserve_margin" and not any(extendable.values()):
                continue  # does not bind with fixed capacities
            not_exported.append(name)
    not_exported += _not_exported_mechanisms(inp, year, [t for t in techs if t in exported])
    if not_exported:
        log.info("to_pypsa: not exported: %s", "; ".join(not_exported))
    n.meta = {
        "lowcarbon_sim_scenario": str(inp.attrs.get("scenario", "")),
        "lowcarbon_sim_year": year,
        "lowcarbon_sim_capacities": "solved" if res is not None else "inputs",
        "lowcarbon_sim_not_exported": not_exported,
    }
    n.name = f"{inp.attrs.get('scenario', 'lowcarbon-sim')} {year}"
    return n


def _carrier_out(tech_class: str) -> str:
    row = TECH_CLASSES.get(tech_class)
    return row.carrier_out if row is not None else BUS


def _block(tech_class: str) -> str:
    row = TECH_CLASSES.get(tech_class)
    return row.block if row is not None else ""


def _add_storage(n, inp: xr.Dataset, stores: dict, extendable: dict, value, not_exported) -> None:
    """StorageUnits on the bus of their carrier. With several representative periods our
    state of charge is cyclic within each period (or linked across the days of the year,
    see :mod:`lowcarbon_sim.model.blocks.storage`), which PyPSA has no attribute for: a
    fixed-capacity storage then becomes one copy per period (``<tech>|<period>``, carrier
    ``<tech>``), free to charge and discharge in its period only and cyclic over the
    snapshots, so that, without standing losses, its state of charge is cyclic within its
    period: our model's constraint exactly."""
    if not stores:
        return
    snapshots = n.snapshots
    period = inp["timestep_period"].values if "timestep_period" in inp else np.zeros(len(snapshots))
    periods = list(dict.fromkeys(int(p) for p in period))
    linked_on = bool(inp.attrs.get("storage_linking", 0))
    min_hours = float(inp.attrs.get("storage_linking_min_hours", np.inf))
    units: dict[str, dict[str, Any]] = {}
    p_max: dict[str, np.ndarray] = {}
    for t, row in stores.items():
        linked = linked_on and value("energy_to_power", t) >= min_hours
        if len(periods) == 1:
            units[t] = {**row, "carrier": t}
            continue
        if extendable[t]:
            not_exported.append(
                f"state of charge of {t} within each representative period (extendable: "
                "exported as one unit, cyclic over all snapshots)"
            )
            units[t] = {**row, "carrier": t}
            continue
        if linked:
            not_exported.append(
                f"linking of representative days for {t} (exported cyclic within each "
                "representative day)"
            )
        if row["standing_loss"] > 0:
            not_exported.append(f"standing loss of {t} outside its representative period")
        for k in periods:
            name = f"{t}|{k}"
            units[name] = {**row, "carrier": t}
            p_max[name] = (period == k).astype(float)
    names = list(units)
    table = pd.DataFrame.from_dict(units, orient="index").fillna({"p_nom_mod": 0.0})
    ones = np.ones(len(snapshots))
    pu = pd.DataFrame({u: p_max.get(u, ones) for u in names}, index=snapshots)
    n.add(
        "StorageUnit",
        names,
        cyclic_state_of_charge=True,
        p_max_pu=pu,
        p_min_pu=-pu,
        **{k: table[k].to_numpy() for k in table.columns},
    )


def _not_exported_mechanisms(inp: xr.Dataset, year: int, exported: list[str]) -> list[str]:
    """Mechanisms of the exported technologies that PyPSA's components do not carry."""
    out = []

    def where(name: str, test) -> list[str]:
        if name not in inp or not exported:
            return []
        da = _at(inp[name], year).sel(tech=exported)
        other = [d for d in da.dims if d != "tech"]
        hit = test(da)
        if other:
            hit = hit.any(other)
        return [str(t) for t in da["tech"].values[hit.values]]

    checks = (
        ("unit commitment (min_stable_output)", "min_stable_output", np.isfinite),
        ("start-up costs", "startup_cost", lambda a: a > 0),
        ("start-up fuel", "startup_fuel", lambda a: a > 0),
        ("ramp limits", "ramp_limit_up", np.isfinite),
        ("ramp limits (down)", "ramp_limit_down", np.isfinite),
        ("minimum up time", "min_up_time", lambda a: a > 0),
        ("minimum down time", "min_down_time", lambda a: a > 0),
        ("monthly inflow and reservoir", "hydro_inflow", np.isfinite),
        ("monthly contract shape", "contract_month_share", np.isfinite),
        ("delivery band (least)", "band_min", lambda a: a > 0),
        ("delivery band (most)", "band_max", lambda a: a < 1),
        (
            "part-year operation of new build (first_year_availability)",
            "first_year_availability",
            lambda a: a < 1,
        ),
        (
            "part-year operation of committed projects (first_year_share)",
            "pipeline_idle_capacity",
            lambda a: a != 0,
        ),
        (
            "CO2 capture: transport, storage and use (the CCUS block)",
            "capture_rate",
            lambda a: a > 0,
        ),
    )
    for label, name, test in checks:
        hit = where(name, test)
        if hit:
            out.append(f"{label} of {', '.join(hit)}")
    if "fuel_max_use" in inp:
        lim = _at(inp["fuel_max_use"], year)
        fuels = [str(f) for f in lim["fuel"].values[np.isfinite(lim.values)]]
        if fuels:
            out.append(f"annual fuel limits ({', '.join(fuels)})")
    if "source_capture_rate" in inp and inp["source_capture_rate"].size:
        out.append("industrial CO2 capture and the CO2 storage and use chain (CCUS block)")
    return out


def _is_extraction(tech_class: str) -> bool:
    """An extraction CHP: heat a free second output (a variable of the heat block)."""
    row = TECH_CLASSES.get(tech_class)
    return row is not None and row.carrier_out2 == HEAT_BUS and row.output2 == "free"


def _chp_links(
    t: str, f: dict[str, float], extraction: bool, value, capacity: float, extendable: bool
) -> dict[str, dict[str, Any]]:
    """The links splitting the activity of CHP ``t`` (bus ``<t>|activity``) into
    electricity and heat, each with capacity for the whole activity.

    Back-pressure: one link ``<t>|split`` with ``efficiency`` = electricity and
    ``efficiency2`` = heat per MW of activity (the fixed power/heat ratio). Extraction
    (activity p = P + c_v Q, heat Q within c_b Q <= P): ``<t>|condensing`` (electricity
    only, efficiency 1) and ``<t>|extraction``, drawing (c_b + c_v) Q to give Q of heat and
    c_b Q of electricity; so P = condensing + c_b Q and P >= c_b Q is the condensing flow's
    sign: the PQ region exactly, without extra constraints (PyPSA's CHP example needs one).
    """
    act = f"{t}{ACTIVITY}"
    base = {
        "bus0": act,
        "carrier": t,
        "p_nom": capacity,
        "p_nom_extendable": extendable,
        "capital_cost": 0.0,
        "marginal_cost": 0.0,
    }
    if not extraction:
        return {
            f"{t}{SPLIT}": {
                **base,
                "bus1": BUS,
                "efficiency": f.get(BUS, 0.0),
                "bus2": HEAT_BUS,
                "efficiency2": f.get(HEAT_BUS, 0.0),
            }
        }
    c_b, c_v = value("heat_to_power", t), value("power_loss_ratio", t)
    both = c_b + c_v
    return {
        f"{t}{CONDENSING}": {
            **base,
            "bus1": BUS,
            "efficiency": 1.0,
            "bus2": "",
            "efficiency2": 0.0,
        },
        f"{t}{EXTRACTION}": {
            **base,
            "bus1": HEAT_BUS,
            "efficiency": 1.0 / both,
            "bus2": BUS,
            "efficiency2": c_b / both,
        },
    }
