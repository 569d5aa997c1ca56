r"""Electricity balance and load shedding.

.. math::

   \sum_{\text{blocks}} \mathrm{injection}_{y,t} + u_{y,t} = D_{y,t} \qquad (\text{dual:
   hourly electricity price})

with load shedding :math:`0 \le u_{y,t} \le D_{y,t}` (MW) costed at the value of lost load
:math:`\sum_t w_t\, \mathrm{VoLL}\, u_{y,t}`. Shedding keeps a tight case solvable and is
reported, so it says where supply falls short.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.technology import classes_where
from lowcarbon_sim.units import HOURS_PER_YEAR


class ShedBlock(Block):
    """Unserved demand at the value of lost load."""

    name = "shedding"

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        demand = ix.array("demand")
        b.Y = pyo.Set(initialize=ix.years, ordered=True)
        b.T = pyo.Set(initialize=ix.timesteps, ordered=True)
        b.shed = pyo.Var(
            b.Y,
            b.T,
            bounds=lambda _b, y, t: (0.0, float(demand[ix.year_pos[y], t])),
            doc="unserved demand, MW",
        )
        self.cost = float(ix.inputs.attrs["load_shedding_cost"])
        self.b = b
        self.weight = ix.array("timestep_weight")

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        return b.shed[y, t]

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Unserved energy of year ``y`` at the value of lost load, yuan/yr."""
        return {
            "load_shedding": sum(
                float(self.cost * self.weight[t]) * b.shed[y, t] for t in self.ix.timesteps
            )
        }

    def values(self, sol) -> dict[str, np.ndarray]:
        ix = self.ix
        keys = [(y, t) for y in ix.years for t in ix.timesteps]
        return {"load_shedding": sol.value(self.b.shed, keys).reshape(len(ix.years), -1)}


def add_balance(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    """Add ``m.electricity_balance[y, t]``: injections of all blocks equal demand."""
    demand = ix.array("demand")

    def rule(_m, y, t):
        supply = sum(blk.electricity(getattr(_m, blk.name), y, t) for blk in blocks)
        return supply == float(demand[ix.year_pos[y], t])

    m.electricity_balance = pyo.Constraint(
        m.Y, m.T, rule=rule, doc="electricity balance, MW (dual: price)"
    )
    register(
        m,
        m.electricity_balance,
        ConstraintFamily("electricity balance (supply = demand)", ("year", "timestep"), "MW"),
    )


def add_hydrogen_balance(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    r"""Add ``m.hydrogen_balance[y, t]``: hydrogen injected (electrolysers, hydrogen supply,
    storage, minus fuel cells and turbines) equals the sectors' hydrogen demand, MW (LHV).

    With ``flat`` delivery the demand is :math:`H_y / 8760` in every hour; with
    ``flexible`` delivery a variable :math:`h_{y,t} \ge 0` takes its place with
    :math:`\sum_t w_t h_{y,t} = H_y` (``m.hydrogen_delivery[y]``). Nothing is added when the
    scenario has neither hydrogen technologies nor hydrogen demand.
    """
    annual = ix.array("hydrogen_demand")
    touches_h2 = bool((ix.array("hydrogen_per_activity") != 0).any()) or bool(
        ix.techs_of(*classes_where(carrier_out="hydrogen"))
    )
    if not (annual > 0).any() and not touches_h2:
        return
    weight = ix.array("timestep_weight")
    flexible = ix.inputs.attrs.get("hydrogen_delivery", "flat") == "flexible"
    if flexible:
        m.hydrogen_delivered = pyo.Var(
            m.Y, m.T, within=pyo.NonNegativeReals, doc="hydrogen delivered to sectors, MW"
        )
        m.hydrogen_delivery = pyo.Constraint(
            m.Y,
            rule=lambda _m, y: sum(
                float(weight[t]) * _m.hydrogen_delivered[y, t] for t in ix.timesteps
            )
            == float(annual[ix.year_pos[y]]),
            doc="annual hydrogen delivered, MWh (LHV)",
        )
        register(
            m,
            m.hydrogen_delivery,
            ConstraintFamily("annual hydrogen demand delivered", ("year",), "MWh"),
        )

    def rule(_m, y, t):
        supply = sum(blk.hydrogen(getattr(_m, blk.name), y, t) for blk in blocks)
        if flexible:
            return supply - _m.hydrogen_delivered[y, t] == 0
        return supply == float(annual[ix.year_pos[y]] / HOURS_PER_YEAR)

    m.hydrogen_balance = pyo.Constraint(
        m.Y, m.T, rule=rule, doc="hydrogen balance, MW (LHV) (dual: hydrogen price)"
    )
    register(
        m,
        m.hydrogen_balance,
        ConstraintFamily("hydrogen balance (supply = demand)", ("year", "timestep"), "MW"),
    )
