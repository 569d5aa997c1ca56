r"""Modular-build block: new capacity in whole units (``unit_size``), an integer decision.

A UHV DC line, a nuclear unit or a pumped-storage station is built whole or not at all; an LP
would build 2.3 GW of an 8 GW line when a fraction is all that pays. A row with
``unit_size`` builds each decision year's new capacity as a whole number of units. Rows
without it are untouched; a model without any stays an LP. PyPSA's ``p_nom_mod`` is the same
idea on total capacity; here it is on the new build, so a fleet whose existing capacity is
not a multiple of the unit can still grow by units.

Formulation
-----------
Sets: technologies with a unit size :math:`g`, their build years :math:`v`. Input: the unit
size :math:`u_g` (MW).

Variables: :math:`N_{g,v} \in \{0, 1, 2, \dots\}` units built in :math:`v`.

.. math:: B_{g,v} = u_g\, N_{g,v}

with :math:`B_{g,v}` the new build of the capacity block (MW). Build limits, capacity limits
and costs stay on :math:`B` (``build_max`` below one unit forbids the build). The solve
(:func:`~lowcarbon_sim.model.highs.solve_integers`) tries the LP relaxation first and runs
the MILP only when the relaxation builds part of a unit; prices and shadow prices then come
from the LP with the units fixed at the MILP's choice.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.index import ModelIndex


class ModularBuildBlock(Block):
    """New build of the rows with ``unit_size`` in whole units."""

    name = "modular_build"

    def __init__(self, capacity: CapacityBlock):
        self.capacity = capacity
        self.index: list[tuple[str, int]] = []

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        if "unit_size" not in ix.inputs:
            return
        size = ix.array("unit_size")
        self.index = [(g, v) for g, v in self.capacity.build_index
                      if np.isfinite(size[ix.tech_pos[g]])]
        if not self.index:
            return
        b.build_set = pyo.Set(initialize=self.index, dimen=2, ordered=True)
        b.units = pyo.Var(
            b.build_set, within=pyo.NonNegativeIntegers,
            doc="whole units of new capacity built in a year (unit_size MW each), count",
        )
        b.whole_units = pyo.Constraint(
            b.build_set,
            rule=lambda _b, g, v: m.capacity.build[g, v]
            == float(size[ix.tech_pos[g]]) * b.units[g, v],
            doc="the new build of a year is a whole number of units, MW",
        )
        register(
            m,
            b.whole_units,
            ConstraintFamily(
                "new build in whole units of unit_size",
                ("tech", "year"),
                "MW",
                keys=("power.techs.{tech}.unit_size",),
            ),
        )
