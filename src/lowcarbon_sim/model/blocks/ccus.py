r"""CCUS block: capture on industrial point sources, CO2 transport, storage and use, and the
CO2 balance that ties every capturing technology to a sink.

Formulation
-----------
Sets: industrial sources :math:`k`, storage cost steps :math:`s`, years :math:`y`.

Variables (t CO2/yr unless said): capture capacity built :math:`B_{k,v}` in decision years
(t CO2/yr of capacity), industrial capture :math:`x_{k,y}`, CO2 stored in step :math:`s`,
:math:`z_{s,y}`, CO2 used :math:`u_y`, all :math:`\ge 0`.

.. math::

   x_{k,y} \le \gamma_k\, Q_{k,y}, \qquad x_{k,y} \le \sum_{v \le y < v + L_k} B_{k,v}

   \sum_g \sum_t w_t\, c_{g,y}\, p_{g,y,t} + \sum_k x_{k,y} = \sum_s z_{s,y} + u_y
   \qquad (\text{CO2 balance: nothing captured appears from nowhere or vanishes})

   \sum_s z_{s,y} \le \overline{Z}_y, \qquad
   \sum_y W_y\, z_{s,y} \le V_s, \qquad u_y \le \overline{U}_y

with capturable CO2 :math:`Q` (t/yr, from the sectors), capture rate :math:`\gamma`,
captured CO2 per MWh of technology output :math:`c` (dispatch block), injection limit
:math:`\overline{Z}`, step volumes :math:`V` (t over the horizon), years represented
:math:`W`. Capture draws :math:`e_k x_{k,y} / 8760` MW from every hour's electricity
balance.

Emissions of the block: :math:`(1-\pi) u_y` (used CO2 that is released again, permanence
:math:`\pi`), minus :math:`\sum_k x_{k,y}` (industrial CO2 not emitted) where it counts: in
the CO2 price always (China's ETS covers cement and steel from 2025), under a cap only with
``co2_cap_scope: province`` (the sectors' emissions are then under the cap too).

Annual cost: :math:`\sum_k (a_k\,\mathrm{capex}_{k,v} B_{k,v} + \mathrm{fom}_k K_{k,y} +
\mathrm{vom}_k x_{k,y}) + \sum_s (\kappa_s + \tau_y) z_{s,y} + \mu_y u_y +
\pi^{CO2}_y\, \mathrm{emissions}_y`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import RowsBuilder
from lowcarbon_sim.units import HOURS_PER_YEAR


class CcusBlock(Block):
    """Industrial capture, storage steps, utilisation and the annual CO2 balance."""

    name = "ccus"

    def __init__(self, dispatch: DispatchBlock):
        self.dispatch = dispatch

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.b = b
        inp = ix.inputs
        self.sources = [str(k) for k in inp["co2_source"].values]
        self.steps = [str(s) for s in inp["co2_storage_step"].values]
        step_pos = {s: i for i, s in enumerate(self.steps)}
        src = {k: i for i, k in enumerate(self.sources)}
        self.src_pos = src
        decision = ix.array("is_decision_year").astype(bool)
        weight = ix.array("year_weight")
        life = ix.array("source_lifetime")
        build_max = ix.array("source_build_max")
        capturable = ix.array("capturable_co2")
        rate = ix.array("source_capture_rate")

        b.K = pyo.Set(initialize=self.sources, ordered=True, doc="industrial CO2 sources")
        b.S = pyo.Set(initialize=self.steps, ordered=True, doc="CO2 storage cost steps")
        b.Y = pyo.Set(initialize=ix.years, ordered=True)
        self.build_index = [
            (k, y)
            for k in self.sources
            for i, y in enumerate(ix.years)
            if decision[i] and build_max[i, src[k]] > 0
        ]
        b.build_set = pyo.Set(initialize=self.build_index, dimen=2, ordered=True)

        def build_bounds(_b, k, y):
            upper = build_max[ix.year_pos[y], src[k]] * weight[ix.year_pos[y]]
            return 0.0, None if np.isinf(upper) else float(upper)

        b.build = pyo.Var(b.build_set, bounds=build_bounds, doc="capture capacity built, t CO2/yr")
        self.alive: dict[tuple[str, int], list[int]] = {}
        for k, v in self.build_index:
            for y in ix.years:
                if v <= y < v + life[src[k]]:
                    self.alive.setdefault((k, y), []).append(v)
        b.capture = pyo.Var(
            b.K,
            b.Y,
            bounds=lambda _b, k, y: (
                0.0,
                float(rate[src[k]] * capturable[ix.year_pos[y], src[k]])
                if (k, y) in self.alive
                else 0.0,
            ),
            doc="CO2 captured at industrial sources, t CO2/yr",
        )
        b.capacity_set = pyo.Set(initialize=sorted(self.alive), dimen=2, ordered=True)
        b.capture_limit = pyo.Constraint(
            b.capacity_set,
            rule=lambda _b, k, y: b.capture[k, y] <= self.capacity(k, y),
            doc="capture within installed capture capacity, t CO2/yr",
        )
        register(
            m,
            b.capture_limit,
            ConstraintFamily(
                "industrial capture within capture capacity", ("source", "year"), "t CO2"
            ),
        )

        step_volume = ix.array("co2_storage_step_capacity")
        inj = ix.array("co2_injection_max")
        use_max = ix.array("co2_use_max")
        b.store = pyo.Var(b.S, b.Y, within=pyo.NonNegativeReals, doc="CO2 stored, t CO2/yr")
        b.use = pyo.Var(
            b.Y,
            bounds=lambda _b, y: (0.0, float(use_max[ix.year_pos[y]])),
            doc="CO2 used in products, t CO2/yr",
        )
        b.step_volume = pyo.Constraint(
            b.S,
            rule=lambda _b, s: sum(
                float(weight[ix.year_pos[y]]) * b.store[s, y] for y in ix.years
            )
            <= float(step_volume[step_pos[s]]),
            doc="CO2 stored over the horizon within the step's volume, t CO2",
        )
        inj_years = [y for y in ix.years if np.isfinite(inj[ix.year_pos[y]]) and self.steps]
        b.inj_set = pyo.Set(initialize=inj_years, ordered=True)
        b.injection = pyo.Constraint(
            b.inj_set,
            rule=lambda _b, y: sum(b.store[s, y] for s in self.steps)
            <= float(inj[ix.year_pos[y]]),
            doc="CO2 injected per year within the injection limit, t CO2/yr",
        )
        for comp, what, index in (
            (b.step_volume, "CO2 storage volume of a cost step over the horizon", ("step",)),
            (b.injection, "annual CO2 injection limit", ("year",)),
        ):
            register(m, comp, ConstraintFamily(what, index, "t CO2"))

        def balance_rule(_b, y):
            captured = self.dispatch.captured(m.dispatch, y) + sum(
                b.capture[k, y] for k in self.sources
            )
            sinks = sum(b.store[s, y] for s in self.steps) + b.use[y]
            return captured - sinks == 0

        b.co2_balance = pyo.Constraint(
            b.Y, rule=balance_rule, doc="captured CO2 = stored + used, t CO2/yr"
        )
        register(
            m,
            b.co2_balance,
            ConstraintFamily(
                "CO2 balance (captured = stored + used): storage and use must take all capture",
                ("year",),
                "t CO2",
            ),
        )
        self.electricity_per_t = ix.array("source_electricity")
        self.permanence = float(inp.attrs.get("co2_use_permanence", 0.0))
        self.province_scope = inp.attrs.get("co2_cap_scope", "power") == "province"
        self.b = b

    def capacity(self, k: str, y: int) -> Any:
        """Industrial capture capacity of source ``k`` in year ``y``, t CO2/yr."""
        return sum(self.b.build[k, v] for v in self.alive.get((k, y), []))

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`electricity` from the index arrays (:meth:`Block.injection_terms`): the
        same capture in every time step of the year."""
        if not (carrier == "electricity" and type(self).electricity is CcusBlock.electricity):
            super().injection_terms(carrier, b, rows, keys)
            return
        ix = self.ix
        per_hour = self.electricity_per_t / HOURS_PER_YEAR
        n_t = len(ix.timesteps)
        r, index, c = [], [], []
        for i, y in enumerate(ix.years):
            for k in self.sources:
                if per_hour[self.src_pos[k]] > 0:
                    r.append(i * n_t + np.arange(n_t))
                    index.extend([(k, y)] * n_t)
                    c.append(np.full(n_t, -float(per_hour[self.src_pos[k]])))
        if r:
            rows.add(b.capture, np.concatenate(r), index, np.concatenate(c))

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        per_hour = self.electricity_per_t / HOURS_PER_YEAR
        return -sum(
            float(per_hour[self.src_pos[k]]) * b.capture[k, y]
            for k in self.sources
            if per_hour[self.src_pos[k]] > 0
        )

    def _released(self, b: pyo.Block, y: int) -> Any:
        return (1.0 - self.permanence) * b.use[y]

    def _avoided(self, b: pyo.Block, y: int) -> Any:
        return sum(b.capture[k, y] for k in self.sources)

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 counted under the cap: released use, minus industrial capture if the cap
        covers the province."""
        if self.province_scope:
            return self._released(b, y) - self._avoided(b, y)
        return self._released(b, y)

    def province_emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 in the province's inventory: released use minus industrial capture, t CO2/yr."""
        return self._released(b, y) - self._avoided(b, y)

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """The block's whole annual cost (capture, storage, use and their CO2 price terms)
        under the ``ccus`` component, yuan/yr."""
        return {"ccus": self._annual_cost(b, y)}

    def _annual_cost(self, b: pyo.Block, y: int) -> Any:
        ix = self.ix
        i = ix.year_pos[y]
        annuity = ix.array("source_annuity_factor")
        capex = ix.array("source_capex")
        fom = ix.array("source_fom")[i]
        vom = ix.array("source_vom")[i]
        price = float(ix.array("co2_price_given")[i])
        step_cost = ix.array("co2_storage_step_cost")
        transport = float(ix.array("co2_transport_cost")[i])
        use_cost = float(ix.array("co2_use_cost")[i])
        terms = []
        for k in self.sources:
            j = self.src_pos[k]
            for v in self.alive.get((k, y), []):
                coef = annuity[j] * capex[ix.year_pos[v], j] + fom[j]
                terms.append(float(coef) * b.build[k, v])
            terms.append(float(vom[j] - price) * b.capture[k, y])
        terms += [
            float(step_cost[i] + transport) * b.store[s, y] for i, s in enumerate(self.steps)
        ]
        terms.append((use_cost + price * (1.0 - self.permanence)) * b.use[y])
        return sum(terms)

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved industrial capture (year, source), capture capacity (year, source), stored
        (year, step) and used (year) CO2, t CO2/yr."""
        ix = self.ix
        ny, nk = len(ix.years), len(self.sources)
        out = {
            "capture": np.zeros((ny, nk)),
            "capture_capacity": np.zeros((ny, nk)),
            "store": np.zeros((ny, len(self.steps))),
            "build": np.zeros((ny, nk)),
        }
        if nk:
            keys = [(k, y) for k in self.sources for y in ix.years]
            out["capture"] = sol.value(self.b.capture, keys).reshape(nk, ny).T
            if self.build_index:
                values = sol.value(self.b.build, self.build_index)
                built = dict(zip(self.build_index, values, strict=True))
                for (k, v), x in built.items():
                    out["build"][ix.year_pos[v], self.src_pos[k]] = x
                for (k, y), vintages in self.alive.items():
                    out["capture_capacity"][ix.year_pos[y], self.src_pos[k]] = sum(
                        built[k, v] for v in vintages
                    )
        if self.steps:
            keys = [(s, y) for s in self.steps for y in ix.years]
            out["store"] = sol.value(self.b.store, keys).reshape(len(self.steps), ny).T
        out["use"] = sol.value(self.b.use, list(ix.years))
        out["released"] = (1.0 - self.permanence) * out["use"]
        return out
