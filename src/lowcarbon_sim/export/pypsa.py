"""One year of the power system as a ``pypsa.Network``, for users who want PyPSA's tools.

:func:`to_pypsa` maps the model inputs of one year, one row per technology, onto PyPSA
components on a single bus ``electricity``:

=====================================  ==============================================
lowcarbon-sim                          PyPSA
=====================================  ==============================================
time steps, ``timestep_weight`` (h)    snapshots; weightings ``objective`` and
                                       ``generators`` = weight, ``stores`` = 1 (storage
                                       moves hour by hour, as in our model)
``demand`` (MW)                        Load ``demand``
classes dispatchable, variable,        Generator: ``p_max_pu`` = availability,
hydro, import                          ``p_min_pu`` = min(min_output, availability),
                                       ``marginal_cost`` = vom + fuel cost + import price +
                                       CO2 price x emission intensity (yuan/MWh),
                                       ``e_sum_min``/``e_sum_max`` = full-load-hour limits
                                       x capacity (fixed capacities only)
class storage                          StorageUnit: ``max_hours`` = energy_to_power,
                                       ``efficiency_store``/``_dispatch``,
                                       ``standing_loss``, ``marginal_cost`` = vom on
                                       discharge, cyclic state of charge
unserved demand                        Generator ``load_shedding`` at the load-shedding
                                       cost
CO2 cap of the year                    GlobalConstraint ``co2_cap`` (primary energy,
                                       carrier attribute ``co2_emissions``); each
                                       technology is its own Carrier with
                                       ``co2_emissions`` = its emission intensity
                                       (t CO2/MWh of electricity, generator efficiency 1)
=====================================  ==============================================

Capacities come from the solved results when given (``p_nom`` fixed, not extendable), so
re-optimising the network reproduces our dispatch cost for that year. Given inputs only,
existing capacity is ``p_nom`` (``p_nom_min`` for extendable technologies, which get
``capital_cost`` = annuity x capex + FOM, PyPSA's per-MW-and-year convention).

Not carried over (PyPSA has no direct equivalent; :attr:`pypsa.Network.meta` lists them
under ``lowcarbon_sim_not_exported``): the linking of representative days for long-duration
storage (the exported state of charge is cyclic over all snapshots instead of within each
representative day), the reserve margin, the minimum non-fossil share, full-load-hour
limits of extendable technologies, and technology classes other than those above
(hydrogen and CCUS blocks).
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

log = logging.getLogger(__name__)

BUS = "electricity"
SHEDDING = "load_shedding"


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
    n.snapshot_weightings.loc[:, "stores"] = 1.0
    n.add("Bus", BUS, carrier="AC")
    demand = _at(inp["demand"], year).values.astype(float)
    n.add("Load", "demand", bus=BUS, p_set=pd.Series(demand, index=snapshots))

    def value(name: str, tech: str, default: float = 0.0) -> float:
        if name not in inp:
            return default
        return float(_at(inp[name], year).sel(tech=tech))

    if res is not None:
        capacity = {t: float(res["capacity"].sel(year=year, tech=t)) for t in techs}
        extendable = dict.fromkeys(techs, False)
    else:
        capacity = {t: value("existing_capacity", t) for t in techs}
        extendable = {t: bool(inp["extendable"].sel(tech=t)) for t in techs}
    co2_price = (
        float(_at(inp["co2_price_given"], year)) if "co2_price_given" in inp else 0.0
    )
    avail = _at(inp["availability"], year)
    if "availability_scale" in inp:  # the profile scaled to the year (a windy or calm year)
        avail = avail * _at(inp["availability_scale"], year)

    def capital_cost(t: str) -> float:
        if not extendable[t]:
            return 0.0
        return value("annuity_factor", t) * value("capex_per_mw", t) + value("fom", t)

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
    stores: dict[str, dict[str, Any]] = {}
    for t in techs:
        cls = classes[t]
        component = pypsa_component(cls)
        if not component:
            not_exported.append(f"technology {t} (class {cls})")
            continue
        row: dict[str, Any] = {
            "p_nom": capacity[t],
            "p_nom_extendable": extendable[t],
            "capital_cost": capital_cost(t),
            "p_nom_min": capacity[t] if extendable[t] else 0.0,
            "p_nom_max": value("capacity_max", t, np.inf) if extendable[t] else np.inf,
        }
        if component == "StorageUnit":
            stores[t] = {
                **row,
                "max_hours": value("energy_to_power", t),
                "efficiency_store": value("efficiency_charge", t, 1.0),
                "efficiency_dispatch": value("efficiency_discharge", t, 1.0),
                "standing_loss": value("standing_loss", t),
                "marginal_cost": value("vom", t),
            }
            continue
        e_sum = {"e_sum_min": -np.inf, "e_sum_max": np.inf}
        for limit, attr in (
            ("min_full_load_hours", "e_sum_min"),
            ("max_full_load_hours", "e_sum_max"),
        ):
            hours = value(limit, t, np.nan)
            if np.isfinite(hours):
                if extendable[t]:
                    not_exported.append(f"{limit} of extendable technology {t}")
                else:
                    e_sum[attr] = hours * capacity[t]
        gens[t] = {
            **row,
            **e_sum,
            "marginal_cost": value("vom", t)
            + value("fuel_cost", t)
            + value("import_price", t)
            + co2_price * value("emission_intensity", t),
        }
    exported = [t for t in techs if t in gens or t in stores]
    n.add(
        "Carrier",
        exported,
        co2_emissions=[value("emission_intensity", t) for t in exported],
        color=[colours[t] for t in exported],
    )
    if gens:
        names = list(gens)
        table = pd.DataFrame.from_dict(gens, orient="index")
        a = avail.sel(tech=names).transpose("timestep", "tech").values.astype(float)
        must = np.minimum(np.array([value("min_output", t) for t in names])[None, :], a)
        n.add(
            "Generator",
            names,
            bus=BUS,
            carrier=names,
            efficiency=1.0,
            p_max_pu=pd.DataFrame(a, index=snapshots, columns=names),
            p_min_pu=pd.DataFrame(must, index=snapshots, columns=names),
            **{k: table[k].to_numpy() for k in table.columns},
        )
    if stores:
        names = list(stores)
        table = pd.DataFrame.from_dict(stores, orient="index")
        n.add(
            "StorageUnit",
            names,
            bus=BUS,
            carrier=names,
            cyclic_state_of_charge=True,
            **{k: table[k].to_numpy() for k in table.columns},
        )
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
    cap = float(_at(inp["co2_cap"], year)) if "co2_cap" in inp else np.nan
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
    linked_on = bool(inp.attrs.get("storage_linking", 0))
    min_hours = float(inp.attrs.get("storage_linking_min_hours", np.inf))
    periods = len(np.unique(inp["timestep_period"].values)) if "timestep_period" in inp else 1
    for t in techs:
        if pypsa_component(classes[t]) == "StorageUnit" and periods > 1:
            how = (
                "linked days"
                if linked_on and value("energy_to_power", t) >= min_hours
                else ("cyclic within each representative day")
            )
            not_exported.append(f"state of charge of {t} ({how}; exported cyclic over all)")
    for name in ("reserve_margin", "min_nonfossil_share"):
        if name in inp and np.isfinite(float(_at(inp[name], year))):
            if name == "reserve_margin" and not any(extendable.values()):
                continue  # does not bind with fixed capacities
            not_exported.append(name)
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
