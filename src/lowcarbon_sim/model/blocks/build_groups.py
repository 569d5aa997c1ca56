r"""Build-group block: the new build of several technologies together within a yearly limit
(``power.build_groups``).

Formulation
-----------
Sets: groups :math:`k` with members :math:`G_k`, decision (build) years :math:`v` in which
the group has a limit. Inputs: the limit :math:`\overline{B}_{k,v}` (MW/yr) and the years
:math:`w_v` that build year :math:`v` stands for.

.. math:: \sum_{g \in G_k} B_{g,v} \le w_v\, \overline{B}_{k,v}

with :math:`B_{g,v}` the new build of the capacity block (members not extendable in
:math:`v` add nothing). The row's dual is what one more MW/yr of the group's limit would save.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.index import ModelIndex


class BuildGroupBlock(Block):
    """Yearly limits on the new build of groups of technologies together."""

    name = "build_groups"

    def __init__(self, capacity: CapacityBlock):
        self.capacity = capacity
        self.index: list[tuple[str, int]] = []

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        if "build_group_max" not in ix.inputs:
            return
        limit = ix.inputs["build_group_max"]
        member = ix.inputs["build_group_member"]
        groups = [str(k) for k in limit["build_group"].values]
        weight = ix.array("year_weight")
        builds = set(self.capacity.build_index)
        members = {
            (k, y): [
                g for g in ix.techs if member.sel(build_group=k, tech=g) > 0 and (g, y) in builds
            ]
            for k in groups
            for y in ix.years
        }
        self.index = [
            (k, y)
            for k in groups
            for y in ix.years
            if np.isfinite(limit.sel(build_group=k, year=y)) and members[k, y]
        ]
        rhs = {
            (k, y): float(limit.sel(build_group=k, year=y)) * float(weight[ix.year_pos[y]])
            for k, y in self.index
        }
        b.group_set = pyo.Set(initialize=self.index, dimen=2, ordered=True)
        b.group_limit = pyo.Constraint(
            b.group_set,
            rule=lambda _b, k, y: sum(m.capacity.build[g, y] for g in members[k, y]) <= rhs[k, y],
            doc="new build of a group of technologies within its yearly limit, MW",
        )
        register(
            m,
            b.group_limit,
            ConstraintFamily(
                "new build of the group's technologies together within its build_max",
                ("build_group", "year"),
                "MW",
                keys=("power.build_groups.{build_group}.build_max",),
            ),
        )
