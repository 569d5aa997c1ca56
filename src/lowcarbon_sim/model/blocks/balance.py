r"""Electricity balance and load shedding.

.. math::

   \sum_{\text{blocks}} \mathrm{injection}_{y,t} + u_{y,t} = D_{y,t} \qquad (\text{dual:
   hourly electricity price})

with load shedding :math:`0 \le u_{y,t} \le D_{y,t}` (MW) costed at the value of lost load
:math:`\sum_t w_t\, \mathrm{VoLL}\, u_{y,t}`. Shedding keeps a tight case solvable and is
reported, so it says where supply falls short.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder, linear_sum
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

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`electricity` from the index (``shed`` is indexed like the balance)."""
        if carrier == "electricity" and type(self).electricity is ShedBlock.electricity:
            rows.add(b.shed, np.arange(len(keys)), keys, 1.0)
        else:
            super().injection_terms(carrier, b, rows, keys)

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Unserved energy of year ``y`` at the value of lost load, yuan/yr."""
        steps = self.ix.timesteps
        return {
            "load_shedding": linear_sum(
                [float(self.cost * self.weight[t]) for t in steps], [b.shed[y, t] for t in steps]
            )
        }

    def values(self, sol) -> dict[str, np.ndarray]:
        ix = self.ix
        keys = [(y, t) for y in ix.years for t in ix.timesteps]
        return {"load_shedding": sol.value(self.b.shed, keys).reshape(len(ix.years), -1)}


def balance_keys(ix: ModelIndex) -> list[tuple[int, int]]:
    """The rows of a balance over ``m.Y`` x ``m.T``: (year, time step), years first."""
    return [(y, t) for y in ix.years for t in ix.timesteps]


def balance_rows(
    m: pyo.ConcreteModel,
    ix: ModelIndex,
    blocks,
    carrier: str,
    rhs: np.ndarray,
    extra: Callable[[RowsBuilder], None] | None = None,
) -> Callable[[], MatrixRows]:
    """The rows of a balance ``Σ_blocks injection of carrier (+ extra) == rhs`` as arrays
    (:class:`~lowcarbon_sim.model.matrix.MatrixConstraint`): each block adds its terms
    (:meth:`Block.injection_terms`) in the order the rule sums the blocks; ``rhs`` by row
    of :func:`balance_keys`."""
    keys = balance_keys(ix)

    def rows_fn() -> MatrixRows:
        rows = RowsBuilder(len(keys))
        for blk in blocks:
            blk.injection_terms(carrier, getattr(m, blk.name), rows, keys)
        if extra is not None:
            extra(rows)
        return rows.rows(rhs, rhs)

    return rows_fn


def add_carrier_balance(
    m: pyo.ConcreteModel, ix: ModelIndex, blocks, carrier: str, rhs: np.ndarray, doc: str
) -> None:
    """Add ``m.<carrier>_balance[y, t]``: the injections of all blocks (each block's method
    named ``carrier``) equal ``rhs`` (MW, by row of :func:`balance_keys`); the rule and the
    rows read the same right-hand side."""
    row = {key: i for i, key in enumerate(balance_keys(ix))}

    def rule(_m, y, t):
        supply = sum(getattr(blk, carrier)(getattr(_m, blk.name), y, t) for blk in blocks)
        return supply == float(rhs[row[y, t]])

    name = f"{carrier}_balance"
    setattr(m, name, MatrixConstraint(
        m.Y, m.T, rule=rule, rows=balance_rows(m, ix, blocks, carrier, rhs), doc=doc
    ))
    register(
        m,
        getattr(m, name),
        ConstraintFamily(f"{carrier} balance (supply = demand)", ("year", "timestep"), "MW"),
    )


def add_balance(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    """Add ``m.electricity_balance[y, t]``: injections of all blocks equal demand."""
    demand = ix.array("demand")
    rhs = np.array([float(demand[ix.year_pos[y], t]) for y, t in balance_keys(ix)])
    add_carrier_balance(m, ix, blocks, "electricity", rhs, "electricity balance, MW (dual: price)")


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

    keys = balance_keys(ix)

    def delivered(rows: RowsBuilder) -> None:
        rows.add(m.hydrogen_delivered, np.arange(len(keys)), keys, -1.0)

    if flexible:
        rhs = np.zeros(len(keys))
    else:
        rhs = np.array([float(annual[ix.year_pos[y]] / HOURS_PER_YEAR) for y, _ in keys])
    m.hydrogen_balance = MatrixConstraint(
        m.Y,
        m.T,
        rule=rule,
        rows=balance_rows(m, ix, blocks, "hydrogen", rhs, delivered if flexible else None),
        doc="hydrogen balance, MW (LHV) (dual: hydrogen price)",
    )
    register(
        m,
        m.hydrogen_balance,
        ConstraintFamily("hydrogen balance (supply = demand)", ("year", "timestep"), "MW"),
    )
