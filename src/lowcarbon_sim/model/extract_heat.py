"""Heat results: heat demand, supply by technology, the heat price and heat-sector CO2.

Called from :func:`lowcarbon_sim.model.extract.extract_results`; only when the model has a
heat balance (:func:`lowcarbon_sim.model.blocks.heat.add_heat_balance`) are the heat
variables written and a ``heat`` emissions sector reported.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.technology import class_attribute
from lowcarbon_sim.units import TECH, TIME, YEAR

HEAT = "heat"


def _heat_flow(vals: dict, shape: tuple[int, ...]) -> np.ndarray:
    """Heat output (year, tech, timestep), MW, summed over the blocks that report it."""
    out = np.zeros(shape)
    for v in vals.values():
        if "heat_supply" in v:
            out = out + v["heat_supply"]
    return out


def heat_emissions_of(
    inp: xr.Dataset, vals: dict, by_tech: np.ndarray, generation: np.ndarray
) -> np.ndarray:
    """CO2 of heat supply per year, t CO2: heat-only technologies (boilers) in full, CHP by
    the energy method (the heat share of its heat and electricity output in the year).

    Parameters
    ----------
    inp
        Model inputs.
    vals
        Solved values of every block.
    by_tech
        Net direct CO2 (year, tech), t CO2.
    generation
        Annual electricity output (year, tech), MWh.
    """
    if "heat_per_activity" not in inp:
        return np.zeros(by_tech.shape[0])
    w = inp["timestep_weight"].values
    heat = (_heat_flow(vals, (*by_tech.shape, w.size)) * w).sum(axis=2)
    classes = inp["tech_class"].values
    heat_only = np.array(class_attribute(classes, "carrier_out")) == HEAT
    chp = np.array(class_attribute(classes, "carrier_out2")) == HEAT
    total = heat + generation
    share = np.divide(heat, total, out=np.zeros_like(heat), where=total > 0)
    share = np.where(heat_only[None, :], 1.0, np.where(chp[None, :], share, 0.0))
    return (by_tech * share).sum(axis=1)


def put_heat(put, model, sol, vals: dict) -> None:
    """Write ``heat_demand`` (year) MWh, ``heat_supply`` (year, tech) MWh,
    ``heat_dispatch`` (year, tech, timestep) MW and ``heat_price`` (year, timestep)
    yuan/MWh (dual of the heat balance per MWh)."""
    ix = model.lcs_index
    inp = ix.inputs
    w = inp["timestep_weight"].values
    flow = _heat_flow(vals, (len(ix.years), len(ix.techs), len(ix.timesteps)))
    put("heat_demand", YEAR, inp["heat_demand"].values, "MWh", "heat delivered to the sectors")
    put("heat_supply", (YEAR, TECH), (flow * w).sum(axis=2), "MWh", "annual heat output")
    put("heat_dispatch", (YEAR, TECH, TIME), flow, "MW", "hourly heat output")
    keys = [(y, t) for y in ix.years for t in ix.timesteps]
    dual = sol.dual(model.heat_balance, keys).reshape(len(ix.years), -1)
    weight = inp["objective_weight"].values
    put(
        "heat_price",
        (YEAR, TIME),
        dual / (weight[:, None] * w[None, :]),
        "yuan/MWh",
        "marginal cost of heat (dual of the heat balance)",
    )
