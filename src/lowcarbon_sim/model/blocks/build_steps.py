r"""Build-step block: investment cost that rises with the yearly new build (``build_steps``).

A row with tranches splits its new build of each decision year into steps of rising cost
(land further from the roads and lines, dearer grid connection, the supply-chain premium of
building faster), instead of a hard yearly cap. Rows without ``build_steps`` are untouched;
``build_max`` still applies on top as an absolute ceiling.

Formulation
-----------
Sets: technologies with tranches :math:`g`, decision (build) years :math:`v`, tranches
:math:`k` of :math:`g`. Inputs: tranche width :math:`s_{g,k}` (MW/yr, may be unlimited),
capex adder :math:`\Delta c_{g,k}` (yuan/MW), the years :math:`w_v` that build year :math:`v`
stands for, annuity factor :math:`a_g`, lifetime :math:`L_g`.

Variables: :math:`X_{g,v,k} \ge 0` new capacity of :math:`g` built in :math:`v` in tranche
:math:`k` (MW).

.. math::

   0 \le X_{g,v,k} \le w_v\, s_{g,k}, \qquad \sum_k X_{g,v,k} = B_{g,v}

with :math:`B_{g,v}` the new build of the capacity block. Annual cost added to the
investment component in year :math:`y`:

.. math:: \sum_{v \le y < v + L_g} \sum_k a_g\, \Delta c_{g,k}\, X_{g,v,k}

Because the adders rise with :math:`k` and the objective is minimised, the LP fills the
cheap tranche first; the cost of new build is a convex, piecewise-linear function of the
yearly build (no binaries).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.index import ModelIndex


class BuildStepsBlock(Block):
    """Tranches of the yearly new build at rising investment cost."""

    name = "build_steps"

    def __init__(self, capacity: CapacityBlock):
        self.capacity = capacity
        self.index: list[tuple[str, int, int]] = []

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        if "build_step_max" not in ix.inputs:
            return
        size = ix.array("build_step_max")
        self.adder = ix.array("build_step_capex")
        weight = ix.array("year_weight")
        cap = self.capacity
        builds = [(g, v) for g, v in cap.build_index if (size[ix.tech_pos[g]] > 0).any()]
        self.index = [
            (g, v, k)
            for g, v in builds
            for k in range(size.shape[1])
            if size[ix.tech_pos[g], k] > 0
        ]

        def bounds(_b, g, v, k):
            upper = size[ix.tech_pos[g], k] * weight[ix.year_pos[v]]
            return 0.0, (None if np.isinf(upper) else float(upper))

        b.step_set = pyo.Set(initialize=self.index, dimen=3, ordered=True)
        b.tranche = pyo.Var(
            b.step_set, within=pyo.NonNegativeReals, bounds=bounds,
            doc="new capacity built in a year in one tranche of the build cost, MW",
        )
        b.build_set = pyo.Set(initialize=builds, dimen=2, ordered=True)
        steps: dict[tuple[str, int], list[int]] = {}
        for g, v, k in self.index:
            steps.setdefault((g, v), []).append(k)
        self.steps = steps
        b.split = pyo.Constraint(
            b.build_set,
            rule=lambda _b, g, v: sum(b.tranche[g, v, k] for k in steps[g, v])
            == m.capacity.build[g, v],
            doc="the new build of a year is the sum of its tranches, MW",
        )
        register(
            m,
            b.split,
            ConstraintFamily(
                "new build within the tranches of build_steps (sum of the tranche widths)",
                ("tech", "year"),
                "MW",
                keys=("power.techs.{tech}.build_steps",),
            ),
        )
        self.b = b

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Annualised capex adders of the tranches alive in ``y``, yuan/yr."""
        if not self.index:
            return {}
        ix = self.ix
        annuity = ix.array("annuity_factor")
        terms = []
        for g, v in self.steps:
            if v not in self.capacity.alive.get((g, y), ()):
                continue
            j = ix.tech_pos[g]
            paid = self.capacity.running_share(g, v, y)
            for k in self.steps[g, v]:
                c = float(paid * annuity[j] * self.adder[j, k])
                if c:
                    terms.append(c * b.tranche[g, v, k])
        return {"investment": sum(terms)} if terms else {}

    def tranche_values(self, sol) -> dict[tuple[str, int, int], float]:
        """Solved new build by (tech, build year, tranche position), MW."""
        if not self.index:
            return {}
        vals = sol.value(self.b.tranche, self.index)
        return dict(zip(self.index, (float(x) for x in vals), strict=True))
