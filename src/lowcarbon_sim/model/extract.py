"""Solution + inputs -> the power-system part of the results Dataset (units in attrs).

Annual costs are recomputed from the solution and the inputs with the same coefficients as
the objective, so that ``sum(objective_weight * total_cost) == objective`` (tested).
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import xarray as xr

from lowcarbon_sim.model.solve import Solution
from lowcarbon_sim.units import SECTOR, TECH, TIME, YEAR

COST_COMPONENTS = (
    "investment",
    "fixed_om",
    "variable_om",
    "fuel",
    "imports",
    "carbon",
    "load_shedding",
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
    capacity_blk, dispatch_blk, storage_blk, shed_blk = model.lcs_blocks[:4]
    cap = capacity_blk.values(sol)
    disp = dispatch_blk.values(sol)["dispatch"]
    sto = storage_blk.values(sol)
    shed = shed_blk.values(sol)["load_shedding"]
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
        np.where(has_fuel, generation / eff, 0.0),
        "MWh",
        "fuel burnt (heat, LHV)",
    )
    intensity = inp["emission_intensity"].values
    power_emissions = (generation * intensity).sum(axis=1)
    put("emissions_power", YEAR, power_emissions, "t CO2", "direct CO2 of the power sector")
    put(
        "emissions_by_tech",
        (YEAR, TECH),
        generation * intensity,
        "t CO2",
        "direct CO2 by technology",
    )
    put(
        "imported_emissions",
        YEAR,
        (generation * inp["embodied_emission_intensity"].values).sum(axis=1),
        "t CO2",
        "CO2 emitted outside the province for imported electricity (not in the inventory)",
    )

    costs = _annual_costs(inp, cap, generation, sto, shed)
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
    empty = np.zeros((len(ix.years), len(ix.techs)))
    put("captured_co2", (YEAR, TECH), empty, "t CO2", "CO2 captured by CCUS")
    put("hydrogen_production", (YEAR, TECH), empty.copy(), "t H2", "hydrogen produced")
    out = out.assign_coords({SECTOR: ["power"]})
    put(
        "emissions",
        (YEAR, SECTOR),
        power_emissions[:, None],
        "t CO2",
        "net CO2 emissions by sector",
    )
    return out


def _annual_costs(inp, cap, generation, sto, shed) -> np.ndarray:
    """Cost components (year, component), yuan/yr, with the objective's coefficients."""
    years = inp[YEAR].values
    n_years = len(years)
    capacity = cap["capacity"]
    build = cap["new_capacity"]
    life = inp["lifetime"].values
    annuity = inp["annuity_factor"].values
    capex = inp["capex"].values + inp["capex_energy"].values * inp["energy_to_power"].values
    invest = np.zeros(n_years)
    for vi, v in enumerate(years):
        alive = (years >= v)[:, None] & (years[:, None] < v + life[None, :])
        invest += (alive * (annuity * capex[vi] * build[vi])[None, :]).sum(axis=1)
    fixed = (inp["fom"].values * capacity).sum(axis=1)
    w = inp["timestep_weight"].values
    is_storage = inp["tech_class"].values == "storage"
    vom_energy = np.where(is_storage[None, :], (sto["discharge"] * w).sum(axis=2), generation)
    variable = (inp["vom"].values * vom_energy).sum(axis=1)
    fuel = (inp["fuel_cost"].values * generation).sum(axis=1)
    imports = (inp["import_price"].values * generation).sum(axis=1)
    carbon = inp["co2_price"].values * (inp["emission_intensity"].values * generation).sum(axis=1)
    shedding = float(inp.attrs["load_shedding_cost"]) * (shed * w).sum(axis=1)
    return np.stack([invest, fixed, variable, fuel, imports, carbon, shedding], axis=1)
