"""Solution + inputs -> the power-system part of the results Dataset (units in attrs).

Annual costs are the model's own cost expressions (``model.annual_cost[year, component]``,
which the objective sums) evaluated at the solution, so each cost formula exists once and
``sum(objective_weight * total_cost) == objective`` (tested).
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.model.blocks import COST_COMPONENTS
from lowcarbon_sim.model.blocks.commitment import add_commitment_results
from lowcarbon_sim.model.blocks.operating_reserve import add_reserve_results
from lowcarbon_sim.model.blocks.storage import StorageBlock
from lowcarbon_sim.model.extract_heat import heat_emissions_of, put_heat
from lowcarbon_sim.model.extract_monthly import put_monthly
from lowcarbon_sim.model.extract_operation import put_operation
from lowcarbon_sim.model.extract_targets import put_binding_limits, put_targets
from lowcarbon_sim.model.flexibility import put_flexibility
from lowcarbon_sim.model.index import timestep_duration
from lowcarbon_sim.model.solve import Solution
from lowcarbon_sim.technology import class_attribute
from lowcarbon_sim.units import H2_MWH_PER_T, SECTOR, TECH, TIME, YEAR


def extract_results(model: pyo.ConcreteModel, sol: Solution) -> xr.Dataset:
    """Turn a solved model into a Dataset on the inputs' coordinates.

    Variables: ``capacity``, ``new_capacity``, ``operating_capacity``,
    ``storage_energy_capacity``, ``generation``,
    ``storage_charge``, ``fuel_use``, ``emissions_power``, ``imported_emissions``,
    ``annual_cost(year, cost_component)``, ``total_cost``, ``co2_price`` (the given price plus
    the shadow price), ``co2_price_given``, ``co2_shadow_price``, ``co2_cap`` (the cap path
    as applied, NaN where none; attribute ``co2_cap_scope``), hourly ``dispatch``,
    ``charge``, ``soc``, ``demand``,
    ``load_shedding``, ``electricity_price``, and the technology attributes.
    """
    ix = model.lcs_index
    inp = ix.inputs
    vals = {b.name: b.values(sol) for b in model.lcs_blocks}
    cap = vals["capacity"]
    # the activity of every block with technologies in the dispatch role (each fills its own)
    activity = sum(v["dispatch"] for v in vals.values() if "dispatch" in v)
    sto = _storage_values(model.lcs_blocks, vals, "electricity", inp)
    h2_sto = _storage_values(model.lcs_blocks, vals, "hydrogen", inp)
    shed = vals["shedding"]["load_shedding"]
    ccus = vals["ccus"]
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
        "operating_capacity",
        (YEAR, TECH),
        cap["operating_capacity"],
        "MW",
        "capacity in service on average over the year: year-end capacity less the part of "
        "the year's new build not yet running (first_year_availability)",
    )
    put(
        "storage_energy_capacity",
        (YEAR, TECH),
        cap["capacity"] * ratio[None, :],
        "MWh",
        "energy capacity of storage technologies",
    )
    # extraction CHP: electricity is the activity minus c_v x heat (heat block)
    output = disp + sto["discharge"] + sum(
        v["electricity_adjust"] for v in vals.values() if "electricity_adjust" in v
    )
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
    makes_h2 = (
        np.array(class_attribute(inp["tech_class"].values, "carrier_out")) == "hydrogen"
    )
    power_emissions = by_tech[:, ~makes_h2].sum(axis=1)
    heat_emissions = heat_emissions_of(inp, vals, by_tech, generation)
    power_emissions = power_emissions - heat_emissions
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

    costs = sol.evaluate(model.annual_cost, [(y, c) for y in ix.years for c in COST_COMPONENTS])
    costs = costs.reshape(len(ix.years), len(COST_COMPONENTS))
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
    given = inp["co2_price_given"].values
    put("co2_price_given", YEAR, given, "yuan/t CO2", "carbon price given by the scenario")
    put(
        "co2_price",
        YEAR,
        given + shadow,
        "yuan/t CO2",
        "carbon price: the given price plus the shadow price of the cap",
    )
    # the cap path as the model applied it, so figures need not re-read the scenario
    put("co2_cap", YEAR, inp["co2_cap"].values, "t CO2", "CO2 cap of the year (NaN: none)")
    out.attrs["co2_cap_scope"] = str(inp.attrs.get("co2_cap_scope", "power"))
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
    put_flexibility(put, inp, vals, output, cap["operating_capacity"])
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
    put("timestep_duration", TIME, timestep_duration(inp), "h", "hours the step covers")
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
    by_sector = {"power": power_emissions, "hydrogen": hydrogen_emissions, "ccus": ccus_emissions}
    if "heat_balance" in model.component_map(pyo.Constraint):
        by_sector["heat"] = heat_emissions
        put_heat(put, model, sol, vals)
    out = out.assign_coords({SECTOR: list(by_sector)})
    put(
        "emissions",
        (YEAR, SECTOR),
        np.stack(list(by_sector.values()), axis=1),
        "t CO2",
        "net CO2 emissions by sector (hydrogen: fossil hydrogen plants; ccus: industrial "
        "CO2 captured (negative) and used CO2 released again; heat: heat-only boilers and "
        "the heat share of CHP)",
    )
    out = put_monthly(out, inp, vals)
    out = put_operation(out)
    out = add_commitment_results(out, vals.get("commitment"), inp)
    out = add_reserve_results(out, vals.get("operating_reserve"), inp)
    put_targets(out, inp, vals["targets"])
    put_binding_limits(out, model, sol)
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


def _storage_values(blocks, vals, carrier: str, inp) -> dict[str, np.ndarray]:
    """Charge, discharge, state of charge (year, tech, timestep) of all storage blocks of one
    carrier, summed from their solved ``vals`` (each block fills only its own technologies)."""
    shape = (inp.sizes[YEAR], inp.sizes[TECH], inp.sizes[TIME])
    days = inp["period_sequence"].size if "period_sequence" in inp else 0
    out = {k: np.zeros(shape) for k in ("charge", "discharge", "soc")}
    out["soc_day"] = np.zeros((shape[0], shape[1], 0))
    for blk in blocks:
        if isinstance(blk, StorageBlock) and blk.carrier == carrier:
            own = vals[blk.name]
            for k in ("charge", "discharge", "soc"):
                out[k] = out[k] + own[k]
            if own["soc_day"].shape[2]:
                if out["soc_day"].shape[2] == 0:
                    out["soc_day"] = np.zeros((shape[0], shape[1], days))
                out["soc_day"] = out["soc_day"] + own["soc_day"]
    return out
