r"""Hydrogen origin: electricity from hydrogen counts as non-fossil only as far as the
hydrogen was made by electrolysers.

Formulation
-----------
A technology burning the model's hydrogen (a fuel cell: electricity per activity
:math:`\epsilon_g > 0`, hydrogen per activity :math:`\chi_{g,y} < 0`) is as clean as its
hydrogen. The hydrogen balance does not track where each MWh of hydrogen came from, so its
non-fossil output is a variable :math:`z_{g,y} \ge 0` (MWh/yr) bounded twice, in every year
:math:`y` with a minimum non-fossil share:

.. math::

   z_{g,y} \le \phi_g \sum_t w_t\, p_{g,y,t}

   \sum_{g \in H} (-\chi_{g,y})\, z_{g,y} \le \sum_{e \in E} \sum_t w_t\, \chi_{e,y}\, p_{e,y,t}

where :math:`H` are the hydrogen-burning technologies with a non-fossil fraction
:math:`\phi_g > 0`, :math:`E` the electrolysers (:math:`\epsilon_e < 0`,
:math:`\chi_{e,y} > 0`), :math:`p` the activity of the dispatch block (MW), :math:`w_t` the
time-step weights (h) and :math:`-\chi_{g,y} = 1/\eta_g` the hydrogen burnt per MWh of
electricity. The first row: no more than the output (times its fraction) counts; the second:
the hydrogen behind the counted output is no more than the year's electrolytic hydrogen
(MWh LHV). :math:`\sum_{g \in H} z_{g,y}` replaces :math:`\phi_g` times the output of these
technologies in the non-fossil share constraint; every other generator counts as before.

The bound is an upper bound, on purpose linear and annual: electrolytic hydrogen may be
attributed to fuel cells although industry uses part of it (the hydrogen balance only
says that all hydrogen used was made), and hydrogen stored across years is not followed.
Hydrogen from gas reforming, coal gasification or by-product plants never counts. The
electricity the electrolysers draw is not itself checked for its origin, and when it is
non-fossil it is counted where it is generated as well as again at the fuel cell: a
stricter accounting would subtract the non-fossil electricity allocated to electrolysis.
Without a minimum non-fossil share, or without hydrogen-burning rows, the block adds nothing
to the LP.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex


class HydrogenOriginBlock(Block):
    """Non-fossil output of hydrogen-burning technologies, bounded by electrolytic hydrogen."""

    name = "hydrogen_origin"

    def __init__(self, *dispatch: DispatchBlock):
        self.dispatch = dispatch

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        tp, yp = ix.tech_pos, ix.year_pos
        share = ix.array("min_nonfossil_share")
        nf = ix.array("nonfossil_fraction")
        years = [y for y in ix.years if np.isfinite(share[yp[y]])]
        # (dispatch block, tech, year) of hydrogen burners and of electrolysers
        burners, makers = [], []
        for d in self.dispatch:
            for g in d.techs:
                j = tp[g]
                for y in years:
                    if (g, y) not in d.active:
                        continue
                    to_e, to_h = d.to_electricity[j], d.to_hydrogen[yp[y], j]
                    if to_e > 0 and to_h < 0 and nf[j] > 0:
                        burners.append((d, g, y))
                    elif to_e < 0 and to_h > 0:
                        makers.append((d, g, y))
        self.burners = burners
        index = [(g, y) for _, g, y in burners]
        b.z_set = pyo.Set(initialize=index, dimen=2, ordered=True)
        b.z = pyo.Var(
            b.z_set,
            within=pyo.NonNegativeReals,
            doc="non-fossil output of a hydrogen-burning technology, MWh/yr",
        )
        block_of = {(g, y): d for d, g, y in burners}

        def annual(d: DispatchBlock, g: str, y: int) -> Any:
            p = getattr(m, d.name).p
            return sum(float(d.weight[t]) * p[g, y, t] for t in ix.timesteps)

        def output_rule(_b, g, y):
            return b.z[g, y] <= float(nf[tp[g]]) * annual(block_of[g, y], g, y)

        b.z_output = pyo.Constraint(
            b.z_set, rule=output_rule, doc="counted non-fossil output within output, MWh/yr"
        )
        register(
            m,
            b.z_output,
            ConstraintFamily(
                "non-fossil output of a hydrogen-burning technology within its output",
                ("tech", "year"),
                "MWh",
            ),
        )
        h2_years = sorted({y for _, _, y in burners})
        b.h2_years = pyo.Set(initialize=h2_years, ordered=True)

        def hydrogen_rule(_b, y):
            i = yp[y]
            burnt = sum(
                float(-d.to_hydrogen[i, tp[g]]) * b.z[g, y] for d, g, yy in burners if yy == y
            )
            made = sum(
                float(d.to_hydrogen[i, tp[g]]) * annual(d, g, y)
                for d, g, yy in makers
                if yy == y
            )
            return burnt - made <= 0

        b.electrolytic = pyo.Constraint(
            b.h2_years,
            rule=hydrogen_rule,
            doc="hydrogen behind counted non-fossil output within electrolytic hydrogen, MWh/yr",
        )
        register(
            m,
            b.electrolytic,
            ConstraintFamily(
                "hydrogen behind non-fossil fuel-cell output within the year's electrolytic "
                "hydrogen",
                ("year",),
                "MWh",
                keys=("policy.min_nonfossil_share.{year}",),
            ),
        )
        self.b = b

    def nonfossil_output(self, b: pyo.Block, y: int) -> Any:
        """Counted non-fossil output of the hydrogen burners in year ``y``, MWh/yr."""
        return sum(b.z[g, y] for _, g, yy in self.burners if yy == y)
