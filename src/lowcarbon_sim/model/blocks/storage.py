r"""Storage block: pumped hydro, batteries (class ``storage``).

Formulation
-----------
Variables (MW, MWh): charge :math:`c_{s,y,t}`, discharge :math:`d_{s,y,t}`, state of charge
:math:`e_{s,y,t}`, all :math:`\ge 0`.

.. math::

   c_{s,y,t} \le K_{s,y}, \quad d_{s,y,t} \le K_{s,y}, \quad e_{s,y,t} \le \rho_s K_{s,y}

   e_{s,y,t} = (1-\lambda_s)^{\Delta} e_{s,y,t^-} + \Delta\,(\eta^c_s c_{s,y,t}
   - d_{s,y,t}/\eta^d_s)

with :math:`t^-` the previous time step, cyclic within each representative period (the
whole year with 8760 hours), :math:`\Delta` = 1 h, :math:`\rho` the energy-to-power ratio (h)
and :math:`\lambda` the standing loss per hour. Net injection :math:`d - c`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.model.blocks.base import ConstraintFamily, register
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.index import ModelIndex


class StorageBlock:
    """Charge, discharge and state of charge of storage technologies."""

    name = "storage"

    def __init__(self, capacity: CapacityBlock):
        self.cap = capacity

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.techs = ix.techs_of("storage")
        cap = self.cap
        tp = ix.tech_pos
        ratio = ix.array("energy_to_power")
        eta_c = ix.array("efficiency_charge")
        eta_d = ix.array("efficiency_discharge")
        keep = 1.0 - ix.array("standing_loss")
        prev = ix.previous_timestep()
        b.S = pyo.Set(initialize=self.techs, ordered=True)
        b.Y = pyo.Set(initialize=ix.years, ordered=True)
        b.T = pyo.Set(initialize=ix.timesteps, ordered=True)

        def power_bounds(_b, s, y, t):
            return (0.0, cap.existing_capacity(s, y) if cap.is_fixed(s, y) else None)

        def energy_bounds(_b, s, y, t):
            if cap.is_fixed(s, y):
                return (0.0, float(ratio[tp[s]]) * cap.existing_capacity(s, y))
            return (0.0, None)

        b.charge = pyo.Var(b.S, b.Y, b.T, bounds=power_bounds, doc="charging power, MW")
        b.discharge = pyo.Var(b.S, b.Y, b.T, bounds=power_bounds, doc="discharging power, MW")
        b.soc = pyo.Var(b.S, b.Y, b.T, bounds=energy_bounds, doc="state of charge, MWh")

        def soc_rule(_b, s, y, t):
            j = tp[s]
            return (
                b.soc[s, y, t]
                == float(keep[j]) * b.soc[s, y, int(prev[t])]
                + float(eta_c[j]) * b.charge[s, y, t]
                - (1.0 / float(eta_d[j])) * b.discharge[s, y, t]
            )

        b.soc_balance = pyo.Constraint(
            b.S, b.Y, b.T, rule=soc_rule, doc="state-of-charge balance, MWh"
        )
        register(
            m,
            b.soc_balance,
            ConstraintFamily(
                "storage state-of-charge balance", ("tech", "year", "timestep"), "MWh"
            ),
        )

        varying = [
            (s, y, t)
            for s in self.techs
            for y in ix.years
            if not cap.is_fixed(s, y)
            for t in ix.timesteps
        ]
        b.vary_set = pyo.Set(initialize=varying, dimen=3, ordered=True)
        b.charge_limit = pyo.Constraint(
            b.vary_set, rule=lambda _b, s, y, t: b.charge[s, y, t] <= cap.capacity(s, y)
        )
        b.discharge_limit = pyo.Constraint(
            b.vary_set, rule=lambda _b, s, y, t: b.discharge[s, y, t] <= cap.capacity(s, y)
        )
        b.energy_limit = pyo.Constraint(
            b.vary_set,
            rule=lambda _b, s, y, t: b.soc[s, y, t] <= float(ratio[tp[s]]) * cap.capacity(s, y),
        )
        for comp, what in (
            (b.charge_limit, "charging within power capacity"),
            (b.discharge_limit, "discharging within power capacity"),
            (b.energy_limit, "state of charge within energy capacity"),
        ):
            register(m, comp, ConstraintFamily(what, ("tech", "year", "timestep"), "MW"))
        self.weight = ix.array("timestep_weight")
        self.vom = ix.array("vom")
        self.b = b

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        return sum(b.discharge[s, y, t] - b.charge[s, y, t] for s in self.techs)

    def annual_cost(self, b: pyo.Block, y: int) -> Any:
        i = self.ix.year_pos[y]
        tp = self.ix.tech_pos
        return sum(
            float(self.vom[i, tp[s]] * self.weight[t]) * b.discharge[s, y, t]
            for s in self.techs
            if self.vom[i, tp[s]] != 0
            for t in self.ix.timesteps
        )

    def emissions(self, b, y):
        return 0

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved charge, discharge (MW) and state of charge (MWh) by (year, tech, timestep)."""
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), len(ix.timesteps))
        out = {k: np.zeros(shape) for k in ("charge", "discharge", "soc")}
        if self.techs:
            keys = [(s, y, t) for s in self.techs for y in ix.years for t in ix.timesteps]
            cols = [ix.tech_pos[s] for s in self.techs]
            for name in out:
                vals = sol.value(getattr(self.b, name), keys)
                out[name][:, cols, :] = vals.reshape(len(self.techs), len(ix.years), -1).transpose(
                    1, 0, 2
                )
        return out
