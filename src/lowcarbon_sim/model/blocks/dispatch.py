r"""Dispatch block: the technologies of every class whose ``block`` is ``dispatch`` in the
technology-class table (generators, imports, electrolysers, hydrogen plants).

Formulation
-----------
Variables: :math:`p_{g,y,t} \ge 0` activity of technology :math:`g` in year :math:`y`, time
step :math:`t` (MW): the electricity output of a generator, the electricity drawn by an
electrolyser, the hydrogen made by a hydrogen supply plant. Each technology injects
:math:`\epsilon_g p` into the electricity balance and :math:`\chi_{g,y} p` into the hydrogen
balance (inputs ``electricity_per_activity`` and ``hydrogen_per_activity``: +1/0 for a
generator, -1/+η for an electrolyser, 0/+1 for hydrogen supply, +1/-1/η for a fuel cell).

.. math::

   \max(\mu_g, 0)\,\min(\mu_g, s_{g,y}\alpha_{g,t})\,K_{g,y} \le p_{g,y,t}
   \le s_{g,y}\,\alpha_{g,t} K_{g,y}

   \underline{h}_{g,y} K_{g,y} \le \sum_t w_t\, p_{g,y,t} \le \overline{h}_{g,y} K_{g,y}

with availability :math:`\alpha` (p.u.) times its scale of the year :math:`s_{g,y}` (1 unless
``availability_scale`` is set: a windy or calm year), must-run share :math:`\mu`, time-step weights
:math:`w` (h) and full-load-hour limits :math:`\underline{h}, \overline{h}` (h/yr: hydro energy
budget, line energy). Where :math:`K_{g,y}` is a constant the first line is a variable bound,
not a constraint.

Annual cost: :math:`\sum_t w_t\, p_{g,y,t}\,(\mathrm{vom} + \pi^{fuel}/\eta + \pi^{import} +
\pi^{CO2}_y\, e_{g,y})`; emissions :math:`\sum_t w_t\, e_{g,y}\, p_{g,y,t}` with
:math:`e` = fuel emission factor / efficiency (t CO2/MWh).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import ConstraintFamily, TechnologyBlock, register
from lowcarbon_sim.model.index import ModelIndex, fill_keys
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder, linear_sum
from lowcarbon_sim.model.user_units import UserAmount, full_load_hours_user


class DispatchBlock(TechnologyBlock):
    """Hourly output of every generator, with availability and annual energy limits."""

    name = "dispatch"

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.techs = ix.techs_of(*self.classes)
        avail = ix.array("availability")
        min_out = ix.array("min_output")
        weight = ix.array("timestep_weight")
        cap = self.cap
        tp = ix.tech_pos
        b.G = pyo.Set(initialize=self.techs, ordered=True)
        b.Y = pyo.Set(initialize=ix.years, ordered=True)
        b.T = pyo.Set(initialize=ix.timesteps, ordered=True)

        # availability by year: the profile times the year's scale (a windy or calm year)
        self._availability, self._scale = avail, ix.array("availability_scale")

        def bounds(_b, g, y, t):
            if not cap.is_fixed(g, y):
                return (0.0, None)
            k = cap.operating_capacity(g, y)
            a = self.available_share(g, y, t)
            return (min(min_out[tp[g]], a) * k, a * k)

        # technologies with no capacity in a year (not yet built, not yet available) get no
        # variables at all: fewer Pyomo objects to build and compile
        self.active = {
            (g, y)
            for g in self.techs
            for y in ix.years
            if not cap.is_fixed(g, y) or cap.existing_capacity(g, y) > 0
        }
        b.P = pyo.Set(dimen=3, ordered=True, doc="(technology, year, time step) with capacity")
        fill_keys(
            b.P,
            [
                (g, y, t)
                for g in self.techs
                for y in ix.years
                if (g, y) in self.active
                for t in ix.timesteps
            ],
        )
        b.p = pyo.Var(b.P, bounds=bounds, doc="activity (output or input), MW")
        varying = [(g, y) for g in self.techs for y in ix.years if not cap.is_fixed(g, y)]
        self.varying = varying
        avail_index = [(g, y, t) for g, y in varying for t in ix.timesteps]
        b.avail_set = pyo.Set(dimen=3, ordered=True)
        fill_keys(b.avail_set, avail_index)

        def avail_rule(_b, g, y, t):
            return b.p[g, y, t] <= self.available_share(g, y, t) * cap.operating_capacity(g, y)

        def avail_rows() -> MatrixRows:
            """avail_rule's rows as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(avail_index))
            r = np.arange(len(avail_index))
            rows.add(b.p, r, avail_index, 1.0)
            a = [self.available_share(g, y, t) for g, y, t in avail_index]
            caps = [cap.operating_capacity(g, y) for g, y, _ in avail_index]
            rows.add_expressions(r, caps, a, sign=-1.0)
            return rows.rows(None, 0.0)

        b.available = MatrixConstraint(
            b.avail_set,
            rule=avail_rule,
            rows=avail_rows,
            doc="output within available capacity, MW",
        )
        register(
            m,
            b.available,
            ConstraintFamily(
                "output within available capacity", ("tech", "year", "timestep"), "MW"
            ),
        )

        must_run = [(g, y, t) for g, y in varying if min_out[tp[g]] > 0 for t in ix.timesteps]
        b.must_run_set = pyo.Set(initialize=must_run, dimen=3, ordered=True)

        def must_rule(_b, g, y, t):
            share = min(float(min_out[tp[g]]), self.available_share(g, y, t))
            return b.p[g, y, t] >= share * cap.operating_capacity(g, y)

        b.must_run = pyo.Constraint(b.must_run_set, rule=must_rule, doc="must-run output, MW")
        register(
            m,
            b.must_run,
            ConstraintFamily("must-run output (min_output)", ("tech", "year", "timestep"), "MW"),
        )

        hmax = ix.array("max_full_load_hours")
        hmin = ix.array("min_full_load_hours")
        energy_index = [
            (g, y)
            for g in self.techs
            for y in ix.years
            if (g, y) in self.active
            and (
                np.isfinite(hmax[ix.year_pos[y], tp[g]])
                or np.isfinite(hmin[ix.year_pos[y], tp[g]])
            )
        ]
        b.energy_set = pyo.Set(initialize=energy_index, dimen=2, ordered=True)

        def energy_rule(_b, g, y):
            i, j = ix.year_pos[y], tp[g]
            k = cap.operating_capacity(g, y)
            total = sum(float(weight[t]) * b.p[g, y, t] for t in ix.timesteps)
            lo = None if np.isnan(hmin[i, j]) else float(hmin[i, j])
            hi = None if np.isnan(hmax[i, j]) else float(hmax[i, j])
            if isinstance(k, float):
                return pyo.inequality(
                    None if lo is None else lo * k, total, None if hi is None else hi * k
                )
            # capacity is a variable: one row per limit (the upper row of a tech with both
            # limits is in annual_energy_max)
            if lo is not None:
                return total - lo * k >= 0
            return total - hi * k <= 0

        b.annual_energy = pyo.Constraint(
            b.energy_set, rule=energy_rule, doc="annual output within full-load-hour limits, MWh"
        )
        register(
            m,
            b.annual_energy,
            ConstraintFamily(
                "annual output within min/max full-load hours",
                ("tech", "year"),
                "MWh",
                user=full_load_hours_user(ix, cap, hmin, hmax),
            ),
        )
        # an extendable tech with both limits needs the upper row too
        both = [
            (g, y)
            for g, y in energy_index
            if not cap.is_fixed(g, y)
            and np.isfinite(hmax[ix.year_pos[y], tp[g]])
            and np.isfinite(hmin[ix.year_pos[y], tp[g]])
        ]
        b.energy_upper_set = pyo.Set(initialize=both, dimen=2, ordered=True)

        def energy_upper_rule(_b, g, y):
            i, j = ix.year_pos[y], tp[g]
            total = sum(float(weight[t]) * b.p[g, y, t] for t in ix.timesteps)
            return total - float(hmax[i, j]) * cap.operating_capacity(g, y) <= 0

        b.annual_energy_max = pyo.Constraint(b.energy_upper_set, rule=energy_upper_rule)
        register(
            m,
            b.annual_energy_max,
            ConstraintFamily(
                "annual output below max full-load hours",
                ("tech", "year"),
                "MWh",
                user=full_load_hours_user(ix, cap, hmin, hmax),
            ),
        )

        self.cost_per_activity = {
            "variable_om": ix.array("vom"),
            "fuel": ix.array("fuel_cost"),
            "imports": ix.array("import_price"),
            "carbon": ix.array("co2_price_given")[:, None] * ix.array("emission_intensity"),
        }
        self.intensity = ix.array("emission_intensity")
        self.captured_intensity = ix.array("captured_intensity")
        self.to_electricity = ix.array("electricity_per_activity")
        self.to_hydrogen = ix.array("hydrogen_per_activity")
        self.weight = weight
        self.b = b
        self._add_fuel_limits(m, b, ix)

    def available_share(self, g: str, y: int, t: int) -> float:
        """Share of row ``g``'s capacity available in year ``y``, time step ``t``: its
        availability profile times the year's ``availability_scale``, p.u."""
        j = self.ix.tech_pos[g]
        return float(self._availability[j, t] * self._scale[self.ix.year_pos[y], j])

    def _add_fuel_limits(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        """Annual fuel use within ``fuel_max_use`` (resource limits such as biomass)."""
        limit = ix.array("fuel_max_use")
        fuels = [str(f) for f in ix.inputs["fuel"].values]
        tech_fuel = ix.array("tech_fuel")
        eff = ix.array("efficiency")
        users = {f: [g for g in self.techs if tech_fuel[ix.tech_pos[g]] == f] for f in fuels}
        active = self.active
        index = [
            (f, y)
            for k, f in enumerate(fuels)
            if users[f]
            for y in ix.years
            if np.isfinite(limit[ix.year_pos[y], k])
        ]
        b.fuel_limit_set = pyo.Set(initialize=index, dimen=2, ordered=True)

        def rule(_b, f, y):
            i = ix.year_pos[y]
            burnt = sum(
                float(self.weight[t] / eff[i, ix.tech_pos[g]]) * b.p[g, y, t]
                for g in users[f]
                if (g, y) in active
                for t in ix.timesteps
            )
            return burnt <= float(limit[i, fuels.index(f)])

        b.fuel_limit = pyo.Constraint(b.fuel_limit_set, rule=rule, doc="fuel burnt, MWh/yr")
        register(
            m,
            b.fuel_limit,
            ConstraintFamily(
                "annual fuel use within max_use",
                ("fuel", "year"),
                "MWh",
                # max_use is in MWh of fuel heat: the row's unit, shown in TWh
                user=lambda row, _up, lim, change: UserAmount(
                    f"power.fuels.{row['fuel']}.max_use.{row['year']}",
                    lim / 1e6,
                    (lim + change) / 1e6,
                    "TWh",
                    upper=True,
                ),
            ),
        )

    def _activity_sum(self, b: pyo.Block, y: int, coef: np.ndarray, t: int | None = None) -> Any:
        """Σ_g coef_g p[g, y, t] over the technologies with capacity in year ``y`` and a
        nonzero coefficient (``coef`` by technology position): at time step ``t``, or summed
        over the year weighted by the hours each step stands for when ``t`` is None."""
        tp = self.ix.tech_pos
        techs = [g for g in self.techs if coef[tp[g]] != 0 and (g, y) in self.active]
        p = b.p
        if t is not None:
            return linear_sum([float(coef[tp[g]]) for g in techs], [p[g, y, t] for g in techs])
        w = self.weight
        steps = self.ix.timesteps
        return linear_sum(
            [float(coef[tp[g]] * w[s]) for g in techs for s in steps],
            [p[g, y, s] for g in techs for s in steps],
        )

    def _activity_terms(
        self, b: pyo.Block, rows: RowsBuilder, coef: Callable[[int], np.ndarray]
    ) -> None:
        """The terms of :meth:`_activity_sum` at every time step into a balance's ``rows``
        (row ``i * len(timesteps) + j``: year ``i``, time step ``j``), ``coef(i)`` by
        technology position in year ``i``: the same technologies and coefficients."""
        ix, tp = self.ix, self.ix.tech_pos
        n_t = len(ix.timesteps)
        steps = np.arange(n_t)
        r, keys, c = [], [], []
        for i, y in enumerate(ix.years):
            a = coef(i)
            for g in self.techs:
                if a[tp[g]] != 0 and (g, y) in self.active:
                    r.append(i * n_t + steps)
                    keys.extend((g, y, t) for t in ix.timesteps)
                    c.append(np.full(n_t, float(a[tp[g]])))
        if r:
            rows.add(b.p, np.concatenate(r), keys, np.concatenate(c))

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`electricity` and :meth:`hydrogen` from the index arrays
        (:meth:`Block.injection_terms`); a subclass's own formula the generic way."""
        own = getattr(type(self), carrier) is getattr(DispatchBlock, carrier)
        if own and carrier == "electricity":
            self._activity_terms(b, rows, lambda _i: self.to_electricity)
        elif own and carrier == "hydrogen":
            self._activity_terms(b, rows, lambda i: self.to_hydrogen[i])
        else:
            super().injection_terms(carrier, b, rows, keys)

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net electricity injected in year ``y``, time step ``t`` (MW)."""
        return self._activity_sum(b, y, self.to_electricity, t)

    def hydrogen(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net hydrogen injected in year ``y``, time step ``t`` (MW, LHV)."""
        return self._activity_sum(b, y, self.to_hydrogen[self.ix.year_pos[y]], t)

    def captured(self, b: pyo.Block, y: int) -> Any:
        """CO2 captured by the technologies in year ``y``, t CO2/yr."""
        return self._activity_sum(b, y, self.captured_intensity[self.ix.year_pos[y]])

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Variable O&M, fuel, import price and CO2 price of year ``y``, yuan/yr."""
        i = self.ix.year_pos[y]
        return {
            name: self._activity_sum(b, y, per_activity[i])
            for name, per_activity in self.cost_per_activity.items()
        }

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 emitted in year ``y``, t CO2/yr."""
        return self._activity_sum(b, y, self.intensity[self.ix.year_pos[y]])

    def nonfossil_output(self, b: pyo.Block, y: int) -> Any:
        """Annual non-fossil electricity of the generators in year ``y``, MWh."""
        nf = self.ix.array("nonfossil_fraction")
        # generators burning the model's hydrogen count through HydrogenOriginBlock
        burns_h2 = (self.to_electricity > 0) & (self.to_hydrogen[self.ix.year_pos[y]] < 0)
        return self._activity_sum(b, y, np.where((self.to_electricity > 0) & ~burns_h2, nf, 0.0))

    def primary_energy(self, b: pyo.Block, y: int, counting: int, nonfossil: bool = False) -> Any:
        """Primary energy of year ``y``, MWh: fuel heat, primary electricity by ``counting``."""
        coef = self.ix.array("primary_energy_per_activity")[self.ix.year_pos[y], :, counting]
        nf = self.ix.array("nonfossil_fraction") if nonfossil else 1.0
        return self._activity_sum(b, y, coef * nf)

    def renewable_output(self, b: pyo.Block, y: int) -> Any:
        """Renewable electricity of year ``y``, MWh (non-fossil output, nuclear excluded)."""
        return self._activity_sum(b, y, self.ix.array("renewable_per_activity"))

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved output (year, tech, timestep), MW, zero for non-generators."""
        ix = self.ix
        out = np.zeros((len(ix.years), len(ix.techs), len(ix.timesteps)))
        pairs = [(g, y) for g in self.techs for y in ix.years if (g, y) in self.active]
        if pairs:
            keys = [(g, y, t) for g, y in pairs for t in ix.timesteps]
            vals = sol.value(self.b.p, keys).reshape(len(pairs), -1)
            rows = [ix.year_pos[y] for _, y in pairs]
            cols = [ix.tech_pos[g] for g, _ in pairs]
            out[rows, cols, :] = vals
        return {"dispatch": out}
