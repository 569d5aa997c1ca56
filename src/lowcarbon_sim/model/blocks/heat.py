r"""Heat block: heat-only boilers, heat pumps and combined heat and power (CHP), and the heat
balance.

The block holds the technologies of every class whose ``block`` is ``heat`` in the
technology-class table. It is a dispatch block (the same activity variable, availability,
must-run, full-load-hour limits, fuel, variable cost and CO2 per unit of activity, see
:mod:`~lowcarbon_sim.model.blocks.dispatch`) with a second output, heat.

Formulation
-----------
Activity :math:`p_{g,y,t} \ge 0` (MW) as in the dispatch block, with capacity :math:`K_{g,y}`:

* heat-only boiler (``heat_boiler``): activity is heat output; fuel :math:`p/\eta`;
* heat pump (``heat_pump``): activity is electricity drawn; heat :math:`\mathrm{COP}_{g,y}\,p`;
* back-pressure CHP (``chp_backpressure``): activity is electricity output; heat
  :math:`c^b_g\, p` (fixed power-to-heat relation); fuel :math:`p/\eta` with :math:`\eta`
  the electrical efficiency (PyPSA: a Link with ``efficiency`` :math:`\eta` and
  ``efficiency2`` :math:`c^b\eta`);
* extraction CHP (``chp_extraction``): activity is the condensing-mode output
  :math:`p = P + c^v_g Q` (MW electric), fuel :math:`p/\eta` (:math:`\eta`: condensing
  efficiency), heat :math:`Q_{g,y,t} \ge 0` a variable of this block, electricity
  :math:`P = p - c^v_g Q`. The operating (PQ) region of the standard Cv/Cb formulation
  (oemof-solph ``ExtractionTurbineCHP``; PyPSA's CHP example with two Links):

.. math::

   P + c^v_g Q = p \le \alpha_{g,t} K_{g,y}, \qquad P \ge c^b_g Q
   \;\Leftrightarrow\; (c^b_g + c^v_g)\, Q_{g,y,t} \le p_{g,y,t}

Heat balance, per year and time step (MW; dual: hourly heat price):

.. math::

   \sum_{g} \chi^{Q}_{g,y}\, p_{g,y,t} + \sum_{g \in \mathrm{extr}} Q_{g,y,t}
   = H_y\, s_t

with :math:`\chi^{Q}` the heat per unit of activity (``heat_per_activity``: 1, COP,
:math:`c^b`, 0), annual heat demand :math:`H_y` (MWh) and the hourly share :math:`s_t`
(``heat_shape``, 1/h, flat). The extraction units inject :math:`-c^v_g Q` into the
electricity balance on top of :math:`p`.

CO2 and the cap: every technology emits :math:`e_{g,y}\, p` (fuel emission factor over
efficiency) and the emissions are reported as sector ``heat`` (boilers; CHP by the energy
method: the heat share of its output). When the cap's scope is ``power`` the cap and the
given carbon price cover CHP plants (power generators, as in China's national ETS) but not
heat-only boilers, which are industrial and heating-company boilers outside it; with scope
``province`` everything counts.

Symbols: :math:`c^b` ``heat_to_power`` (MW heat per MW electric), :math:`c^v`
``power_loss_ratio`` (MW electric lost per MW heat extracted), :math:`\mathrm{COP}` ``cop``,
:math:`\eta` ``efficiency``. Nothing of this is built when the scenario has neither heat
demand nor heat technologies.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.balance import add_carrier_balance, balance_keys
from lowcarbon_sim.model.blocks.base import ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import RowsBuilder
from lowcarbon_sim.technology import TECH_CLASSES

HEAT = "heat"


def heat_is_modelled(ix: ModelIndex) -> bool:
    """Whether the scenario has heat demand or technologies delivering heat."""
    if "heat_demand" not in ix.inputs:
        return False
    has_demand = bool((ix.array("heat_demand") > 0).any())
    makes_heat = any(
        HEAT in (TECH_CLASSES[str(c)].carrier_out, TECH_CLASSES[str(c)].carrier_out2)
        for c in ix.array("tech_class")
    )
    return has_demand or makes_heat


class HeatBlock(DispatchBlock):
    """Boilers, heat pumps and CHP: a dispatch block with a heat output."""

    name = "heat"

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        super().add(m, b, ix)
        self.on = heat_is_modelled(ix) and bool(self.techs)
        tp = ix.tech_pos
        rows = [TECH_CLASSES[str(c)] for c in ix.array("tech_class")]
        self.extraction = [
            g for g in self.techs
            if rows[tp[g]].carrier_out2 == HEAT and rows[tp[g]].output2 == "free"
        ]
        self.heat_only = np.array([row.carrier_out == HEAT for row in rows], dtype=bool)
        self.to_heat = (
            ix.array("heat_per_activity") if "heat_per_activity" in ix.inputs else None
        )
        self.c_v = ix.array("power_loss_ratio") if self.extraction else None
        c_b = ix.array("heat_to_power") if self.extraction else None
        self.province_scope = ix.inputs.attrs.get("co2_cap_scope", "power") == "province"
        if not self.province_scope:
            # heat-only boilers are outside a power-sector cap and its carbon price
            carbon = self.cost_per_activity["carbon"]
            self.cost_per_activity["carbon"] = np.where(self.heat_only[None, :], 0.0, carbon)
        keys = [
            (g, y, t)
            for g in self.extraction
            for y in ix.years
            if (g, y) in self.active
            for t in ix.timesteps
        ]
        b.Q_set = pyo.Set(initialize=keys, dimen=3, ordered=True)
        b.q = pyo.Var(b.Q_set, within=pyo.NonNegativeReals, doc="heat of extraction CHP, MW")

        def pq_rule(_b, g, y, t):
            j = tp[g]
            return float(c_b[j] + self.c_v[j]) * b.q[g, y, t] - b.p[g, y, t] <= 0

        b.pq_region = pyo.Constraint(
            b.Q_set, rule=pq_rule, doc="extraction CHP: electricity >= c_b x heat, MW"
        )
        register(
            m,
            b.pq_region,
            ConstraintFamily(
                "extraction CHP operating region (electricity >= c_b x heat)",
                ("tech", "year", "timestep"),
                "MW",
            ),
        )

    def _add_fuel_limits(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        """Fuel limits are written by the dispatch block for its own technologies; a heat
        technology burning a limited fuel would get a second, separate allowance."""
        limit = ix.array("fuel_max_use")
        fuels = [str(f) for f in ix.inputs["fuel"].values]
        tech_fuel = ix.array("tech_fuel")
        limited = {f for k, f in enumerate(fuels) if np.isfinite(limit[:, k]).any()}
        clash = [g for g in self.techs if tech_fuel[ix.tech_pos[g]] in limited]
        if clash:
            raise ValueError(
                f"heat technologies {', '.join(clash)} burn a fuel with max_use; fuel limits "
                "shared between the dispatch and heat blocks are not supported"
            )
        b.fuel_limit_set = pyo.Set(initialize=[], dimen=2)

    def _q_sum(self, b: pyo.Block, y: int, t: int, coef: np.ndarray | None = None) -> Any:
        """Σ_g coef_g Q[g, y, t] over the extraction CHP with capacity in ``y``."""
        return sum(
            (1.0 if coef is None else float(coef[self.ix.tech_pos[g]])) * b.q[g, y, t]
            for g in self.extraction
            if (g, y) in self.active
        )

    def _q_terms(self, b: pyo.Block, rows: RowsBuilder, coef: np.ndarray | None) -> None:
        """The terms of :meth:`_q_sum` at every time step into a balance's ``rows`` (as
        :meth:`DispatchBlock._activity_terms`), ``coef`` None for 1."""
        ix, tp = self.ix, self.ix.tech_pos
        n_t = len(ix.timesteps)
        r, keys, c = [], [], []
        for g in self.extraction:
            # a zero coefficient stays a term (0 * q is a Pyomo monomial, and the compiler
            # numbers q's column where it meets it)
            a = 1.0 if coef is None else float(coef[tp[g]])
            for i, y in enumerate(ix.years):
                if (g, y) in self.active:
                    r.append(i * n_t + np.arange(n_t))
                    keys.extend((g, y, t) for t in ix.timesteps)
                    c.append(np.full(n_t, a))
        if r:
            rows.add(b.q, np.concatenate(r), keys, np.concatenate(c))

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`electricity` and :meth:`heat` from the index arrays
        (:meth:`Block.injection_terms`)."""
        own = getattr(type(self), carrier) is getattr(HeatBlock, carrier)
        if own and carrier == "electricity":
            self._activity_terms(b, rows, lambda _i: self.to_electricity)
            if self.extraction:
                self._q_terms(b, rows, -self.c_v)  # out - Σ c_v q
        elif own and carrier == "heat":
            if self.to_heat is None:
                return
            self._activity_terms(b, rows, lambda i: self.to_heat[i])
            if self.extraction:
                self._q_terms(b, rows, None)
        else:
            super().injection_terms(carrier, b, rows, keys)

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net electricity injected (CHP output, heat pumps drawn), MW."""
        out = super().electricity(b, y, t)
        if self.extraction:
            out = out - self._q_sum(b, y, t, self.c_v)
        return out

    def nonfossil_output(self, b: pyo.Block, y: int) -> Any:
        """Annual non-fossil electricity in year ``y`` (extraction heat lowers it), MWh."""
        out = super().nonfossil_output(b, y)
        if self.extraction:
            nf = self.ix.array("nonfossil_fraction") * self.c_v
            out = out - sum(
                float(self.weight[t]) * self._q_sum(b, y, t, nf) for t in self.ix.timesteps
            )
        return out

    def heat(self, b: pyo.Block, y: int, t: int) -> Any:
        """Heat injected in year ``y``, time step ``t``, MW."""
        if self.to_heat is None:
            return 0
        out = self._activity_sum(b, y, self.to_heat[self.ix.year_pos[y]], t)
        if self.extraction:
            out = out + self._q_sum(b, y, t)
        return out

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 under the cap in year ``y``: all, or without heat-only boilers when the cap
        covers the power sector only, t CO2/yr."""
        intensity = self.intensity[self.ix.year_pos[y]]
        if not self.province_scope:
            intensity = np.where(self.heat_only, 0.0, intensity)
        return self._activity_sum(b, y, intensity)

    def province_emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 of all heat and CHP rows in year ``y``, t CO2/yr (the inventory counts heat-only
        boilers whatever the cap's scope)."""
        return self._activity_sum(b, y, self.intensity[self.ix.year_pos[y]])

    def values(self, sol) -> dict[str, np.ndarray]:
        """Activity (``dispatch``), heat output (``heat_supply``, year, tech, timestep, MW)
        and the electricity that extraction lowers (``electricity_adjust``, MW, <= 0)."""
        out = super().values(sol)
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), len(ix.timesteps))
        heat = np.zeros(shape)
        if self.to_heat is not None:
            heat = out["dispatch"] * self.to_heat[:, :, None]
        q = np.zeros(shape)
        pairs = [(g, y) for g in self.extraction for y in ix.years if (g, y) in self.active]
        if pairs:
            keys = [(g, y, t) for g, y in pairs for t in ix.timesteps]
            vals = sol.value(self.b.q, keys).reshape(len(pairs), -1)
            q[[ix.year_pos[y] for _, y in pairs], [ix.tech_pos[g] for g, _ in pairs], :] = vals
        out["heat_supply"] = heat + q
        c_v = self.c_v if self.c_v is not None else np.zeros(len(ix.techs))
        out["electricity_adjust"] = -q * c_v[None, :, None]
        return out


def add_heat_balance(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    """Add ``m.heat_balance[y, t]``: heat injected equals heat demand, MW (dual: heat price).
    Nothing is added when the scenario has neither heat demand nor heat technologies."""
    if not heat_is_modelled(ix):
        return
    annual = ix.array("heat_demand")
    shape = ix.array("heat_shape")
    rhs = np.array([float(annual[ix.year_pos[y]] * shape[t]) for y, t in balance_keys(ix)])
    add_carrier_balance(m, ix, blocks, "heat", rhs, "heat balance, MW (dual: price)")
