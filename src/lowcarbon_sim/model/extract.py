"""Solution + inputs -> the power-system part of the results Dataset (units in attrs).

Annual costs are recomputed from the solution and the inputs with the same coefficients as
the objective, so that ``sum(objective_weight * total_cost) == objective`` (tested).
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import xarray as xr

from lowcarbon_sim.model.solve import Solution
from lowcarbon_sim.units import H2_MWH_PER_T, SECTOR, TECH, TIME, YEAR

COST_COMPONENTS = (
    "investment",
    "fixed_om",
    "variable_om",
    "fuel",
    "imports",
    "carbon",
    "load_shedding",
    "ccus",
)


def extract_results(model: pyo.ConcreteModel, sol: Solution) -> xr.Dataset:
    """Turn a solved model into a Dataset on the inputs' coordinates.

    Variables: ``capacity``, ``new_capacity``, ``storage_energy_capacity``, ``generation``,
    ``storage_charge``, ``fuel_use``, ``emissions_power``, ``imported_emissions``,
    ``annual_cost(year, cost_component)``, ``total_cost``, ``co2_price``,
    ``co2_shadow_price``, hourly ``dispatch``, ``charge``, ``soc``, ``demand``,
    ``load_shedding``, ``electricity_price``, and the technology attributes.
    """
    ix = model.lcs_index
    inp = ix.inputs
    blk = {b.name: b for b in model.lcs_blocks}
    cap = blk["capacity"].values(sol)
    activity = blk["dispatch"].values(sol)["dispatch"]
    sto = blk["storage"].values(sol)
    h2_sto = blk["hydrogen_storage"].values(sol)
    shed = blk["shedding"].values(sol)["load_shedding"]
    ccus = blk["ccus"].values(sol)
    to_el = inp["electricity_per_activity"].values[None, :, None]
    to_h2 = inp["hydrogen_per_activity"].values[:, :, None]
    disp = activity * np.clip(to_el, 0.0, None)  # electricity output of generators
    w = inp["timestep_weight"].values
    ratio = inp["energy_to_power"].values

    out = xr.Dataset(coords={YEAR: inp[YEAR], TECH: inp[TECH], TIME: inp[TIME]})

    def put(name, dims, values, units, doc):
        out[name] = (dims, np.asarray(values))
        out[name].attrs.update(units=units, description=doc)

    put("capacity", (YEAR, TECH), cap["capacity"], "MW", "installed capacity at year end")
    put("new_capacity", (YEAR, TECH), cap["new_capacity"], "MW", "capacity built in the year")
    put(
        "storage_energy_capacity",
        (YEAR, TECH),
        cap["capacity"] * ratio[None, :],
        "MWh",
        "energy capacity of storage technologies",
    )
    output = disp + sto["discharge"]
    generation = (output * w).sum(axis=2)
    annual_activity = (activity * w).sum(axis=2)
    put(
        "generation",
        (YEAR, TECH),
        generation,
        "MWh",
        "annual electricity output (imports and storage discharge included)",
    )
    put(
        "storage_charge",
        (YEAR, TECH),
        (sto["charge"] * w).sum(axis=2),
        "MWh",
        "annual electricity drawn by storage",
    )
    eff = inp["efficiency"].values
    has_fuel = (inp["tech_fuel"].values != "")[None, :]
    put(
        "fuel_use",
        (YEAR, TECH),
        np.where(has_fuel, annual_activity / eff, 0.0),
        "MWh",
        "fuel burnt (heat, LHV)",
    )
    intensity = inp["emission_intensity"].values
    by_tech = annual_activity * intensity
    makes_h2 = np.isin(inp["tech_class"].values, ("electrolyser", "hydrogen_supply"))
    power_emissions = by_tech[:, ~makes_h2].sum(axis=1)
    hydrogen_emissions = by_tech[:, makes_h2].sum(axis=1)
    put("emissions_power", YEAR, power_emissions, "t CO2", "direct CO2 of the power sector")
    put(
        "emissions_by_tech",
        (YEAR, TECH),
        by_tech,
        "t CO2",
        "net direct CO2 by technology (negative: BECCS)",
    )
    put(
        "imported_emissions",
        YEAR,
        (generation * inp["embodied_emission_intensity"].values).sum(axis=1),
        "t CO2",
        "CO2 emitted outside the province for imported electricity (not in the inventory)",
    )

    costs = _annual_costs(inp, cap, annual_activity, sto, h2_sto, shed, ccus)
    out = out.assign_coords(cost_component=list(COST_COMPONENTS))
    put(
        "annual_cost",
        (YEAR, "cost_component"),
        costs,
        "yuan",
        "annualised system cost by component",
    )
    put("total_cost", YEAR, costs.sum(axis=1), "yuan", "annualised system cost")

    yearly_weight = inp["objective_weight"].values
    shadow = np.zeros(len(ix.years))
    if len(model.co2_cap_years):
        keys = list(model.co2_cap_years)
        d = sol.dual(model.co2_cap, keys)
        for y, dual in zip(keys, d, strict=True):
            i = ix.year_pos[y]
            shadow[i] = max(0.0, -dual / yearly_weight[i])
    put("co2_shadow_price", YEAR, shadow, "yuan/t CO2", "dual of the CO2 cap (0 if not binding)")
    put(
        "co2_price",
        YEAR,
        inp["co2_price"].values + shadow,
        "yuan/t CO2",
        "carbon price: the given price plus the shadow price of the cap",
    )
    keys = [(y, t) for y in ix.years for t in ix.timesteps]
    price = sol.dual(model.electricity_balance, keys).reshape(len(ix.years), -1)
    price = price / (yearly_weight[:, None] * w[None, :])
    put(
        "electricity_price",
        (YEAR, TIME),
        price,
        "yuan/MWh",
        "marginal cost of electricity (dual of the balance)",
    )

    put("dispatch", (YEAR, TECH, TIME), output, "MW", "hourly output")
    put("charge", (YEAR, TECH, TIME), sto["charge"], "MW", "hourly storage charging")
    put("soc", (YEAR, TECH, TIME), sto["soc"], "MWh", "storage state of charge")
    if sto["soc_day"].shape[2]:
        put("soc_day", (YEAR, TECH, "day"), sto["soc_day"], "MWh",
            "storage state of charge at the start of each day (linked representative days)")
    put("demand", (YEAR, TIME), inp["demand"].values, "MW", "electricity demand")
    put("load_shedding", (YEAR, TIME), shed, "MW", "unserved demand")
    put("load_shedding_energy", YEAR, (shed * w).sum(axis=1), "MWh", "annual unserved energy")
    put("annual_demand", YEAR, inp["annual_demand"].values, "MWh", "annual electricity demand")
    put("peak_demand", YEAR, inp["peak_demand"].values, "MW", "peak of hourly demand")
    put("timestep_weight", TIME, w, "h", "hours of the year represented by the time step")
    put("timestep_hour", TIME, inp["timestep_hour"].values, "h", "hour of the year")
    for name in ("tech_class", "tech_fuel", "tech_color"):
        put(name, TECH, inp[name].values.astype(str), "1", name.replace("_", " "))
    put(
        "tech_nonfossil_fraction",
        TECH,
        inp["nonfossil_fraction"].values,
        "1",
        "share of output counted as non-fossil",
    )
    put(
        "is_decision_year",
        YEAR,
        inp["is_decision_year"].values.astype(np.int8),
        "1",
        "1 where new build was decided by the model",
    )
    put("year_weight", YEAR, inp["year_weight"].values, "yr", "years each modelled year stands for")
    _put_hydrogen(put, inp, activity, to_h2, w, h2_sto)
    _put_ccus(put, out, inp, activity, w, ccus)
    ccus_emissions = ccus["released"] - (
        ccus["capture"].sum(axis=1) if ccus["capture"].size else 0.0
    )
    out = out.assign_coords({SECTOR: ["power", "hydrogen", "ccus"]})
    put(
        "emissions",
        (YEAR, SECTOR),
        np.stack([power_emissions, hydrogen_emissions, ccus_emissions], axis=1),
        "t CO2",
        "net CO2 emissions by sector (hydrogen: fossil hydrogen plants; ccus: industrial "
        "CO2 captured (negative) and used CO2 released again)",
    )
    return out


def _put_hydrogen(put, inp, activity, to_h2, w, h2_sto) -> None:
    """Hydrogen production by technology, use by fuel cells, storage operation (t H2)."""
    flow = activity * to_h2 * w[None, None, :]  # MWh H2 per time step
    put(
        "hydrogen_production",
        (YEAR, TECH),
        np.clip(flow, 0.0, None).sum(axis=2) / H2_MWH_PER_T,
        "t H2",
        "hydrogen produced",
    )
    put(
        "hydrogen_use",
        (YEAR, TECH),
        -np.clip(flow, None, 0.0).sum(axis=2) / H2_MWH_PER_T,
        "t H2",
        "hydrogen burnt to make electricity (fuel cells, H2 turbines)",
    )
    put(
        "hydrogen_demand",
        YEAR,
        inp["hydrogen_demand"].values / H2_MWH_PER_T,
        "t H2",
        "hydrogen delivered to the sectors",
    )
    put(
        "hydrogen_storage_charge",
        (YEAR, TECH),
        (h2_sto["charge"] * w).sum(axis=2) / H2_MWH_PER_T,
        "t H2",
        "hydrogen put into storage",
    )
    put(
        "hydrogen_storage_discharge",
        (YEAR, TECH),
        (h2_sto["discharge"] * w).sum(axis=2) / H2_MWH_PER_T,
        "t H2",
        "hydrogen taken from storage",
    )
    put(
        "hydrogen_soc",
        (YEAR, TECH, TIME),
        h2_sto["soc"] / H2_MWH_PER_T,
        "t H2",
        "hydrogen in storage",
    )


def _put_ccus(put, out, inp, activity, w, ccus) -> None:
    """Captured CO2 by technology and source, stored and used CO2 (t CO2)."""
    captured = (activity * w).sum(axis=2) * inp["captured_intensity"].values
    put("captured_co2", (YEAR, TECH), captured, "t CO2", "CO2 captured by CCUS, by technology")
    out.coords["co2_source"] = inp["co2_source"].values
    put(
        "captured_co2_industry",
        (YEAR, "co2_source"),
        ccus["capture"],
        "t CO2",
        "CO2 captured at industrial point sources",
    )
    put(
        "capture_capacity_industry",
        (YEAR, "co2_source"),
        ccus["capture_capacity"],
        "t CO2/yr",
        "capture capacity installed at industrial sources",
    )
    out.coords["co2_storage_step"] = inp["co2_storage_step"].values
    put("co2_stored_by_step", (YEAR, "co2_storage_step"), ccus["store"], "t CO2", "per year")
    stored = ccus["store"].sum(axis=1)
    put("co2_stored", YEAR, stored, "t CO2", "CO2 injected into geological storage")
    put(
        "co2_stored_cumulative",
        YEAR,
        np.cumsum(stored * inp["year_weight"].values),
        "t CO2",
        "CO2 in storage at year end",
    )
    put("co2_used", YEAR, ccus["use"], "t CO2", "captured CO2 used in products")


def _annual_costs(inp, cap, activity, sto, h2_sto, shed, ccus) -> np.ndarray:
    """Cost components (year, component), yuan/yr, with the objective's coefficients.

    ``activity`` is the annual activity of the dispatch block's technologies (MWh).
    """
    years = inp[YEAR].values
    capacity = cap["capacity"]
    build = cap["new_capacity"]
    life = inp["lifetime"].values
    annuity = inp["annuity_factor"].values
    capex = inp["capex"].values + inp["capex_energy"].values * inp["energy_to_power"].values
    invest = _investment(years, life, annuity, capex, build)
    fixed = (inp["fom"].values * capacity).sum(axis=1)
    w = inp["timestep_weight"].values
    discharge = ((sto["discharge"] + h2_sto["discharge"]) * w).sum(axis=2)
    is_storage = np.isin(inp["tech_class"].values, ("storage", "hydrogen_storage"))
    vom_energy = np.where(is_storage[None, :], discharge, activity)
    variable = (inp["vom"].values * vom_energy).sum(axis=1)
    fuel = (inp["fuel_cost"].values * activity).sum(axis=1)
    imports = (inp["import_price"].values * activity).sum(axis=1)
    price = inp["co2_price"].values
    carbon = price * (inp["emission_intensity"].values * activity).sum(axis=1)
    shedding = float(inp.attrs["load_shedding_cost"]) * (shed * w).sum(axis=1)
    return np.stack(
        [invest, fixed, variable, fuel, imports, carbon, shedding, _ccus_costs(inp, ccus)],
        axis=1,
    )


def _investment(years, life, annuity, capex, build) -> np.ndarray:
    """Annualised investment per year, yuan/yr: every vintage ``(year, item)`` of ``build``
    pays ``annuity x capex`` of its build year while it is alive (as in the objective)."""
    invest = np.zeros(len(years))
    for vi, v in enumerate(years):
        alive = (years >= v)[:, None] & (years[:, None] < v + life[None, :])
        invest += (alive * (annuity * capex[vi] * build[vi])[None, :]).sum(axis=1)
    return invest


def _ccus_costs(inp, ccus) -> np.ndarray:
    """Annual cost of the CCUS block, yuan/yr (its carbon price terms included)."""
    years = inp[YEAR].values
    price = inp["co2_price"].values
    built = ccus["build"]
    life = inp["source_lifetime"].values
    invest = _investment(
        years, life, inp["source_annuity_factor"].values, inp["source_capex"].values, built
    )
    fixed = (inp["source_fom"].values * ccus["capture_capacity"]).sum(axis=1)
    capture = ccus["capture"]
    variable = ((inp["source_vom"].values - price[:, None]) * capture).sum(axis=1)
    storage = (
        ccus["store"] * (inp["co2_storage_step_cost"].values[None, :]
                         + inp["co2_transport_cost"].values[:, None])
    ).sum(axis=1)
    use = (inp["co2_use_cost"].values + price) * ccus["use"] - price * (
        ccus["use"] - ccus["released"]
    )
    return invest + fixed + variable + storage + use
