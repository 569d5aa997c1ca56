r"""Hydro block: reservoirs with monthly inflow, storage between months, ecological flow,
run-of-river share and spill, for the hydro rows that set ``inflow`` (others keep the annual
energy budget of the dispatch block). It adds no output of its own: it constrains the
dispatch block's output :math:`p_{g,y,t}` of those rows.

Formulation
-----------
Sets: reservoir rows :math:`g`, years :math:`y`, months :math:`m = 1..12`, time steps
:math:`t`. Inputs: monthly inflow energy :math:`I_{g,y,m}` (MWh), hours of month :math:`m`
that time step :math:`t` stands for :math:`W_{t,m}` (h; :math:`\sum_m W_{t,m} = w_t`, exact in
full-year mode, from the day-to-representative assignment with representative days), hours of
the month :math:`H_m`, reservoir energy capacity :math:`\overline{S}_g` (MWh), run-of-river
share :math:`\rho_g`, ecological-flow share :math:`\phi_g`.

Mean inflow rate behind time step :math:`t` (MW):
:math:`q_{g,y,t} = \frac{1}{w_t}\sum_m W_{t,m}\, I_{g,y,m} / H_m`.

Variables: stored energy at the end of each month :math:`0 \le S_{g,y,m} \le \overline{S}_g`
(MWh), spill of storable inflow :math:`\sigma_{g,y,m} \ge 0` (MWh), run-of-river output
:math:`0 \le u_{g,y,t} \le \rho_g\, q_{g,y,t}` (MW, only where :math:`\rho_g > 0`). It counts
against month :math:`m` with the share of that month's inflow behind the time step,
:math:`V_{g,y,t,m} = w_t\, W_{t,m} (I_{g,y,m}/H_m) / \sum_{m'} W_{t,m'} (I_{g,y,m'}/H_{m'})` (h;
:math:`V = W` in full-year mode), so no month uses more run-of-river inflow than it has
(with representative days an approximation: the split over months does not look at each
month's own inflow rate against the output).

.. math::

   S_{g,y,m} = S_{g,y,m-1} + (1-\rho_g)\, I_{g,y,m}
       - \sum_t (W_{t,m}\, p_{g,y,t} - V_{g,y,t,m}\, u_{g,y,t}) - \sigma_{g,y,m}
   \qquad (S_{g,y,0} \equiv S_{g,y,12}: \text{cyclic within the year})

   u_{g,y,t} \le p_{g,y,t}, \qquad
   p_{g,y,t} \ge \min(\phi_g\, q_{g,y,t},\ \alpha_{g,t} K_{g,y})

Month split (representative days): a time step that stands for hours of several months gets
an output per month :math:`0 \le x_{g,y,t,m} \le \alpha_{g,t} K_{g,y}` (MW, only for
:math:`W_{t,m} > 0`, rows of fixed capacity) with :math:`\sum_m W_{t,m}\, x_{g,y,t,m} = w_t\,
p_{g,y,t}`, and the balance counts :math:`W_{t,m}\, x_{g,y,t,m}` instead of :math:`W_{t,m}\,
p_{g,y,t}`: a representative day that stands for a wet and a dry month can use each month's
own water (without it the dry month binds the day and the wet month spills, e.g. 2.7 TWh of
the NBS 2022 inflow with 12 days). Its hourly output stays one value :math:`p` (the mean over
its months), so the electricity balance sees a month's water only through the days that stand
for it; monthly output is reported from :math:`x`. In full-year mode :math:`x \equiv p`.

Run-of-river inflow :math:`\rho_g I` cannot be stored: what the turbines do not use in its
hour is spilled. Reported spill of month :math:`m`:
:math:`\sigma_{g,y,m} + \rho_g I_{g,y,m} - \sum_t V_{g,y,t,m}\, u_{g,y,t}` (MWh). Where capacity
is a variable the ecological floor is :math:`\phi_g q_{g,y,t}` without the cap. Without
:math:`\overline{S}` the reservoir only shifts energy within the year (an annual budget); with
:math:`\overline{S} = 0` every month's output is at most its inflow.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder

MONTHS = tuple(range(1, 13))


class HydroBlock(Block):
    """Monthly reservoir balances of the hydro rows with ``inflow``."""

    name = "hydro"

    def __init__(self, dispatch: DispatchBlock | None = None):
        self.dispatch = dispatch

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.b = b
        self.m = m
        self.split: set[tuple[str, int, int]] = set()
        inp = ix.inputs
        self.pairs: list[tuple[str, int]] = []
        if self.dispatch is None or "hydro_inflow" not in inp:
            return
        d, db = self.dispatch, m.component(self.dispatch.name)
        inflow = ix.array("hydro_inflow")  # (year, tech, month), MWh
        w_tm = ix.array("timestep_month_hours")  # (timestep, month), h
        weight = ix.array("timestep_weight")
        hours = ix.array("month_hours")
        smax = ix.array("reservoir_capacity")
        rho = ix.array("run_of_river")
        phi = ix.array("min_flow")
        avail = ix.array("availability")
        tp, yp = ix.tech_pos, ix.year_pos
        self.pairs = [
            (g, y)
            for g in d.techs
            for y in ix.years
            if (g, y) in d.active and np.isfinite(inflow[yp[y], tp[g]]).all()
        ]
        # mean inflow rate behind each time step, MW: (pair, timestep)
        rate = {
            (g, y): (w_tm @ (inflow[yp[y], tp[g]] / hours)) / weight for g, y in self.pairs
        }
        self.rate = rate
        by_month = {mo: [int(t) for t in np.flatnonzero(w_tm[:, mo - 1] > 0)] for mo in MONTHS}
        b.R = pyo.Set(initialize=self.pairs, dimen=2, ordered=True, doc="(reservoir, year)")
        b.M = pyo.Set(initialize=MONTHS, ordered=True, doc="months")

        def level_bounds(_b, g, y, mo):
            cap = smax[tp[g]]
            return (0.0, None if np.isinf(cap) else float(cap))

        b.level = pyo.Var(b.R, b.M, bounds=level_bounds, doc="stored energy at month end, MWh")
        b.spill = pyo.Var(b.R, b.M, within=pyo.NonNegativeReals, doc="storable inflow spilled, MWh")
        # run-of-river output by time step; with representative days a time step stands for
        # hours of several months, and its run-of-river output counts against each month in
        # proportion to that month's run-of-river inflow behind it (exact in full-year mode)
        ror = [(g, y, t) for g, y in self.pairs if rho[tp[g]] > 0 for t in ix.timesteps]
        b.ror_set = pyo.Set(initialize=ror, dimen=3, ordered=True)
        b.ror = pyo.Var(
            b.ror_set,
            bounds=lambda _b, g, y, t: (0.0, float(rho[tp[g]] * rate[g, y][t])),
            doc="run-of-river output, MW",
        )
        self.ror_pairs = {(g, y) for g, y, _ in ror}
        self.ror_share = {}
        for g, y in self.ror_pairs:
            per_hour = w_tm * (inflow[yp[y], tp[g]] / hours)[None, :]  # (t, m), MWh/h
            total = per_hour.sum(axis=1, keepdims=True)
            self.ror_share[g, y] = np.where(
                total > 0, weight[:, None] * per_hour / np.where(total > 0, total, 1.0), w_tm
            )
        def ror_rows() -> MatrixRows:
            """The rows of ror_use as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(ror))
            rows.add(b.ror, np.arange(len(ror)), ror, 1.0)
            rows.add(db.p, np.arange(len(ror)), ror, -1.0)
            return rows.rows(None, 0.0)

        b.ror_use = MatrixConstraint(
            b.ror_set,
            rule=lambda _b, g, y, t: b.ror[g, y, t] <= db.p[g, y, t],
            rows=ror_rows,
            doc="run-of-river output within total output, MW",
        )
        register(
            m,
            b.ror_use,
            ConstraintFamily(
                "run-of-river output within hydro output", ("tech", "year", "timestep"), "MW"
            ),
        )

        self._add_month_split(b, d, db, w_tm, weight, avail)

        def balance_rule(_b, g, y, mo):
            prev = 12 if mo == 1 else mo - 1
            r = float(rho[tp[g]])
            used = sum(float(w_tm[t, mo - 1]) * self.output(g, y, t, mo) for t in by_month[mo])
            if (g, y) in self.ror_pairs:
                share = self.ror_share[g, y][:, mo - 1]
                used -= sum(float(share[t]) * b.ror[g, y, t] for t in by_month[mo])
            storable = (1.0 - r) * float(inflow[yp[y], tp[g], mo - 1])
            return b.level[g, y, mo] - b.level[g, y, prev] + used + b.spill[g, y, mo] == storable

        b.balance = pyo.Constraint(
            b.R, b.M, rule=balance_rule, doc="monthly reservoir energy balance, MWh"
        )
        register(
            m,
            b.balance,
            ConstraintFamily(
                "monthly reservoir balance (inflow = output + spill + storage change)",
                ("tech", "year", "month"),
                "MWh",
            ),
        )
        cap = d.cap
        flow = [(g, y, t) for g, y in self.pairs if phi[tp[g]] > 0 for t in ix.timesteps]
        b.flow_set = pyo.Set(initialize=flow, dimen=3, ordered=True)

        def floor_of(g, y, t) -> float:
            floor = float(phi[tp[g]] * rate[g, y][t])
            if cap.is_fixed(g, y):
                floor = min(floor, float(avail[tp[g], t]) * cap.operating_capacity(g, y))
            return floor

        def flow_rule(_b, g, y, t):
            return db.p[g, y, t] >= floor_of(g, y, t)

        def flow_rows() -> MatrixRows:
            """flow_rule's rows as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(flow))
            rows.add(db.p, np.arange(len(flow)), flow, 1.0)
            return rows.rows(np.array([floor_of(*k) for k in flow], float), None)

        b.min_flow = MatrixConstraint(
            b.flow_set, rule=flow_rule, rows=flow_rows, doc="ecological flow, MW"
        )
        register(
            m,
            b.min_flow,
            ConstraintFamily(
                "minimum ecological flow (min_flow x mean inflow rate)",
                ("tech", "year", "timestep"),
                "MW",
            ),
        )
        self.w_tm = w_tm
        self.inflow = inflow
        self.by_month = by_month

    def _add_month_split(self, b, d, db, w_tm, weight, avail) -> None:
        r"""Output of a time step by the months it stands for, where it stands for several
        (representative days): :math:`x_{g,y,t,m}` with
        :math:`\sum_m W_{t,m} x_{g,y,t,m} = w_t\, p_{g,y,t}`."""
        ix = self.ix
        tp = ix.tech_pos
        mixed = [int(t) for t in ix.timesteps if np.count_nonzero(w_tm[int(t)] > 0) > 1]
        keys = [
            (g, y, t, mo)
            for g, y in self.pairs
            if d.cap.is_fixed(g, y)
            for t in mixed
            for mo in MONTHS
            if w_tm[t, mo - 1] > 0
        ]
        self.split = {(g, y, t) for g, y, t, _ in keys}
        b.split_set = pyo.Set(initialize=keys, dimen=4, ordered=True)
        b.split = pyo.Var(
            b.split_set,
            bounds=lambda _b, g, y, t, mo: (
                0.0, float(avail[tp[g], t]) * d.cap.operating_capacity(g, y)
            ),
            doc="output of the time step counted against each month it stands for, MW",
        )
        link = sorted(self.split, key=lambda k: (k[0], k[1], k[2]))
        b.split_link_set = pyo.Set(initialize=link, dimen=3, ordered=True)

        def link_rule(_b, g, y, t):
            months = [mo for mo in MONTHS if w_tm[t, mo - 1] > 0]
            total = sum(float(w_tm[t, mo - 1]) * b.split[g, y, t, mo] for mo in months)
            return total == float(weight[t]) * db.p[g, y, t]

        def link_rows() -> MatrixRows:
            """link_rule's rows as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(link))
            row_of = {k: i for i, k in enumerate(link)}
            ordered = sorted(keys, key=lambda k: (row_of[k[:3]], k[3]))
            rows.add(
                b.split,
                [row_of[k[:3]] for k in ordered],
                ordered,
                [float(w_tm[t, mo - 1]) for _, _, t, mo in ordered],
            )
            rows.add(db.p, np.arange(len(link)), link, [-float(weight[t]) for _, _, t in link])
            return rows.rows(0.0, 0.0)

        b.split_link = MatrixConstraint(
            b.split_link_set,
            rule=link_rule,
            rows=link_rows,
            doc="month split adds up to the output, MWh",
        )
        register(
            self.m,
            b.split_link,
            ConstraintFamily(
                "output of a representative hour split over the months it stands for",
                ("tech", "year", "timestep"),
                "MWh",
            ),
        )
        self.db = db

    def output(self, g: str, y: int, t: int, mo: int):
        """Output of ``g`` in time step ``t`` counted against month ``mo``, MW."""
        if (g, y, t) in self.split:
            return self.b.split[g, y, t, mo]
        return self.db.p[g, y, t]

    def monthly_output(self, sol) -> dict[tuple[str, int], np.ndarray]:
        """Output by month of the reservoir rows, MWh, from the month split."""
        ix = self.ix
        out = {}
        for g, y in self.pairs:
            p = sol.value(self.db.p, [(g, y, t) for t in ix.timesteps])
            by_t_m = np.repeat(p[:, None], 12, axis=1)
            keys = [k for k in self.b.split_set if k[0] == g and k[1] == y]
            if keys:
                x = sol.value(self.b.split, keys)
                rows = [k[2] for k in keys]
                cols = [k[3] - 1 for k in keys]
                by_t_m[rows, cols] = x
            out[g, y] = (self.w_tm * by_t_m).sum(axis=0)
        return out

    def values(self, sol) -> dict[str, np.ndarray]:
        """Stored energy at month end and spill (inflow not turbined), (year, tech, month),
        MWh; zero for rows without a reservoir."""
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), 12)
        level, spill = np.zeros(shape), np.zeros(shape)
        if self.pairs:
            keys = [(g, y, mo) for g, y in self.pairs for mo in MONTHS]
            lv = sol.value(self.b.level, keys).reshape(len(self.pairs), 12)
            sp = sol.value(self.b.spill, keys).reshape(len(self.pairs), 12)
            rho = ix.array("run_of_river")
            for k, (g, y) in enumerate(self.pairs):
                i, j = ix.year_pos[y], ix.tech_pos[g]
                level[i, j], spill[i, j] = lv[k], sp[k]
                if (g, y) in self.ror_pairs:
                    u = sol.value(self.b.ror, [(g, y, t) for t in ix.timesteps])
                    spill[i, j] += rho[j] * self.inflow[i, j] - u @ self.ror_share[g, y]
        out = {"reservoir_level": level, "spill": spill}
        if self.split:
            monthly_out = np.full(shape, np.nan)
            for (g, y), v in self.monthly_output(sol).items():
                monthly_out[ix.year_pos[y], ix.tech_pos[g]] = v
            out["monthly_output"] = monthly_out
        return out


def monthly(values: np.ndarray, w_tm: np.ndarray) -> np.ndarray:
    """Monthly energy (..., month), MWh, of hourly values (..., timestep), MW."""
    return np.asarray(values) @ w_tm


__all__ = ["HydroBlock", "monthly"]
