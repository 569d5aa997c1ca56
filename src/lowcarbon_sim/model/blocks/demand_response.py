r"""Demand-response block: shiftable demand (technologies of class ``demand_shift``).

A share of each hour's demand may be moved to other hours; what is moved out of a window of
consecutive hours is moved back in within the same window, so the energy demanded is
unchanged. Windows of ``shift_window`` hours tile each representative period (a day) from
its first hour; the last window of a period may be shorter, and with segmented days a step
belongs to the window its first hour lies in. In ``full_year`` mode the windows tile the
year.

Formulation
-----------
Variables: :math:`d^{-}_{g,y,t} \ge 0` demand moved out of time step :math:`t` and
:math:`d^{+}_{g,y,t} \ge 0` demand moved into it (MW), for each shifting technology
:math:`g`, year :math:`y`.

.. math::

   d^{-}_{g,y,t} \le \sigma_{g,y}\, D_{y,t}, \qquad d^{+}_{g,y,t} \le \sigma_{g,y}\, D_{y,t}

   \sum_{t \in W} \Delta_t d^{+}_{g,y,t} = \sum_{t \in W} \Delta_t d^{-}_{g,y,t}
   \quad \text{for every window } W \text{ of } g

with demand :math:`D` (MW), :math:`\Delta_t` the hours step :math:`t` covers (1 h unless
days are segmented) and shiftable share :math:`\sigma` (p.u., ``shift_share``); the
same bound on moved-in demand limits the rebound. The block injects
:math:`\sum_g (d^{-}_{g,y,t} - d^{+}_{g,y,t})` into the electricity balance. Annual cost
(``variable_om``): :math:`\sum_t w_t\, c_{g,y}\, d^{-}_{g,y,t}` with :math:`c` = ``vom``
(yuan per MWh moved) and time-step weights :math:`w` (h). Time steps of a window carry the
same weight (they lie in one representative day), so the window balance holds for the
energy of every day the representative day stands for.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import ConstraintFamily, TechnologyBlock, register
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import RowsBuilder


def shift_windows(
    period: np.ndarray, window_hours: float, duration: np.ndarray | None = None
) -> np.ndarray:
    """Window number of each time step: windows of ``window_hours`` consecutive hours tile
    each period (``period``: the representative period of each step) from its first step;
    a step lies in the window of its first hour (``duration``: hours of each step, 1 h each
    when None).

    >>> shift_windows(np.array([0, 0, 0, 0, 1, 1, 1, 1]), 3).tolist()
    [0, 0, 0, 1, 2, 2, 2, 3]
    >>> shift_windows(np.array([0, 0, 0]), 3, np.array([2.0, 2.0, 20.0])).tolist()
    [0, 0, 1]
    """
    width = max(1, round(float(window_hours)))
    hours = np.ones(period.size) if duration is None else np.asarray(duration, dtype=float)
    out = np.empty(period.size, dtype=int)
    next_id, start = 0, 0
    for stop in [*np.flatnonzero(period[1:] != period[:-1]) + 1, period.size]:
        elapsed = np.cumsum(hours[start:stop]) - hours[start:stop]  # at each step's start
        pos = np.rint(elapsed).astype(int) // width
        out[start:stop] = next_id + pos
        next_id += int(pos.max()) + 1
        start = stop
    return out


class DemandResponseBlock(TechnologyBlock):
    """Shiftable demand: moved out of some hours, moved into others within a window."""

    name = "demand_response"

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.techs = ix.techs_of(*self.classes)
        share = ix.array("shift_share")
        demand = ix.array("demand")
        self.weight = ix.array("timestep_weight")
        self.vom = ix.array("vom")
        tp, yp = ix.tech_pos, ix.year_pos
        active = [(g, y) for g in self.techs for y in ix.years if share[yp[y], tp[g]] > 0]
        self.active = active
        index = [(g, y, t) for g, y in active for t in ix.timesteps]
        b.S = pyo.Set(initialize=index, dimen=3, ordered=True, doc="(tech, year, time step)")

        def bounds(_b, g, y, t):
            return (0.0, float(share[yp[y], tp[g]] * demand[yp[y], t]))

        b.shift_out = pyo.Var(b.S, bounds=bounds, doc="demand moved out of the hour, MW")
        b.shift_in = pyo.Var(b.S, bounds=bounds, doc="demand moved into the hour, MW")
        period = ix.array("timestep_period")
        window_hours = ix.array("shift_window")
        dt = ix.duration()
        self.windows = {g: shift_windows(period, window_hours[tp[g]], dt) for g in self.techs}
        members: dict[tuple, list[int]] = {}
        for g, y in active:
            for t, k in zip(ix.timesteps, self.windows[g], strict=True):
                members.setdefault((g, y, int(k)), []).append(t)
        b.W = pyo.Set(initialize=list(members), dimen=3, ordered=True)

        def window_rule(_b, g, y, k):
            steps = members[g, y, k]
            return sum(float(dt[t]) * b.shift_in[g, y, t] for t in steps) == sum(
                float(dt[t]) * b.shift_out[g, y, t] for t in steps
            )

        b.window_balance = pyo.Constraint(
            b.W, rule=window_rule, doc="demand moved in = moved out within each window, MWh"
        )
        register(
            m,
            b.window_balance,
            ConstraintFamily(
                "shifted demand made up within its window", ("tech", "year", "window"), "MW"
            ),
        )
        self.b = b

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`electricity` from the index arrays (:meth:`Block.injection_terms`)."""
        own = type(self).electricity is DemandResponseBlock.electricity
        if not (own and carrier == "electricity"):
            super().injection_terms(carrier, b, rows, keys)
            return
        if not self.active:
            return
        ix = self.ix
        n_t = len(ix.timesteps)
        r = np.concatenate([ix.year_pos[y] * n_t + np.arange(n_t) for _g, y in self.active])
        index = [(g, y, t) for g, y in self.active for t in ix.timesteps]  # b.S's order
        rows.add(b.shift_out, r, index, 1.0)
        rows.add(b.shift_in, r, index, -1.0)

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        """Demand moved out minus demand moved in at ``(y, t)``, MW."""
        return sum(
            b.shift_out[g, y, t] - b.shift_in[g, y, t] for g, yy in self.active if yy == y
        )

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Cost of moving demand (``vom`` per MWh moved out) in year ``y``, yuan/yr."""
        i, tp = self.ix.year_pos[y], self.ix.tech_pos
        terms = [
            float(self.vom[i, tp[g]] * self.weight[t]) * b.shift_out[g, y, t]
            for g, yy in self.active
            if yy == y and self.vom[i, tp[g]] != 0
            for t in self.ix.timesteps
        ]
        return {"variable_om": sum(terms)} if terms else {}

    def values(self, sol) -> dict[str, np.ndarray]:
        """Demand moved out and in, (year, tech, timestep), MW."""
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), len(ix.timesteps))
        out = {"shift_out": np.zeros(shape), "shift_in": np.zeros(shape)}
        if self.active:
            keys = [(g, y, t) for g, y in self.active for t in ix.timesteps]
            rows = [ix.year_pos[y] for _, y in self.active]
            cols = [ix.tech_pos[g] for g, _ in self.active]
            for name in out:
                vals = sol.value(getattr(self.b, name), keys).reshape(len(self.active), -1)
                out[name][rows, cols, :] = vals
        return out
