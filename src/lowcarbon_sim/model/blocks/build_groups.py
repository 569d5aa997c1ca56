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
        # (build_group, year) and (build_group, tech), as add_build_groups stores them
        limit = ix.array("build_group_max")
        member = ix.array("build_group_member") > 0
        groups = [str(k) for k in ix.inputs["build_group"].values]
        weight = ix.array("year_weight")
        builds = set(self.capacity.build_index)
        # a group's members are the same every year; those not built in a year add nothing
        techs = {
            k: [g for g in ix.techs if member[i, ix.tech_pos[g]]] for i, k in enumerate(groups)
        }
        members: dict[tuple[str, int], list[str]] = {}
        rhs: dict[tuple[str, int], float] = {}
        for i, k in enumerate(groups):
            for y in ix.years:
                upper = limit[i, ix.year_pos[y]]
                built = [g for g in techs[k] if (g, y) in builds]
                if np.isfinite(upper) and built:
                    members[k, y] = built
                    rhs[k, y] = float(upper * weight[ix.year_pos[y]])
        self.index = list(members)
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
