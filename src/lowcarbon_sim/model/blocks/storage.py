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
whole year with 8760 hours), :math:`\Delta = \Delta_t` the hours time step :math:`t` covers
(``timestep_duration``: 1 h, or several with segmented days), :math:`\rho` the
energy-to-power ratio (h) and :math:`\lambda` the standing loss per hour. Net injection
:math:`d - c`.

Linked representative days (Kotzur et al. 2018, Applied Energy 213): with
``storage_linking``, for storage whose energy-to-power ratio reaches
``storage_linking_min_hours``, the state of charge is split into an intra-day part :math:`e`, which
starts every representative day at 0 (the :math:`e_{t^-}` term is dropped in its first
hour, so :math:`e` is a signed change), and a level :math:`S_{s,y,d} \ge 0` at the start of
each of the 365 days :math:`d` of the year, carried in chronological order, cyclic over the
year:

.. math::

   S_{s,y,d+1} = (1-\lambda_s)^{24} S_{s,y,d} + e_{s,y,\mathrm{last}(k_d)}

   S_{s,y,d} + \overline{e}_{s,y,k_d} \le \rho_s K_{s,y}, \qquad
   S_{s,y,d} + \underline{e}_{s,y,k_d} \ge 0, \qquad
   \underline{e}_{s,y,k} \le e_{s,y,t} \le \overline{e}_{s,y,k} \;(t \in k)

with :math:`k_d` the representative day standing for day :math:`d`. Seasonal storage
(filled in the wet season, emptied in the dry one) is thus represented with a few days.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder, linear_sum

# From this many time steps per year the storage capacity is copied per time step (see
# StorageBlock._capacity_per_step): full years, where HiGHS uses interior point;
# representative days and the dual-simplex sizes stay below it.
SPLIT_CAPACITY_MIN_STEPS = 4000


class StorageBlock(Block):
    """Charge, discharge and state of charge of storage technologies of one class, on the
    balance of one carrier (electricity storage; hydrogen storage, in MW and MWh of H2 LHV).
    """

    def __init__(
        self,
        capacity: CapacityBlock,
        classes: tuple[str, ...] = ("storage",),
        carrier: str = "electricity",
        name: str = "storage",
    ):
        self.cap = capacity
        self.classes = classes
        self.carrier = carrier
        self.name = name

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.techs = ix.techs_of(*self.classes)
        cap = self.cap
        tp = ix.tech_pos
        ratio = ix.array("energy_to_power")
        min_hours = float(ix.inputs.attrs.get("storage_linking_min_hours", 0.0))
        linking_on = bool(ix.inputs.attrs.get("storage_linking", 0))
        self.linked = [s for s in self.techs if linking_on and ratio[tp[s]] >= min_hours]
        self.linking = bool(self.linked)
        linked = set(self.linked)
        eta_c = ix.array("efficiency_charge")
        eta_d = ix.array("efficiency_discharge")
        keep = 1.0 - ix.array("standing_loss")
        prev = ix.previous_timestep()
        period = ix.array("timestep_period")
        first = np.r_[True, period[1:] != period[:-1]]
        dt = ix.duration()
        b.S = pyo.Set(initialize=self.techs, ordered=True)
        b.Y = pyo.Set(initialize=ix.years, ordered=True)
        b.T = pyo.Set(initialize=ix.timesteps, ordered=True)

        def power_bounds(_b, s, y, t):
            return (0.0, cap.operating_capacity(s, y) if cap.is_fixed(s, y) else None)

        def energy_bounds(_b, s, y, t):
            if s in linked:  # a signed change within the day, bounded through the day levels
                return (None, None)
            if cap.is_fixed(s, y):
                return (0.0, float(ratio[tp[s]]) * cap.operating_capacity(s, y))
            return (0.0, None)

        b.charge = pyo.Var(b.S, b.Y, b.T, bounds=power_bounds, doc="charging power, MW")
        b.discharge = pyo.Var(b.S, b.Y, b.T, bounds=power_bounds, doc="discharging power, MW")
        b.soc = pyo.Var(b.S, b.Y, b.T, bounds=energy_bounds, doc="state of charge, MWh")

        def soc_rule(_b, s, y, t):
            j = tp[s]
            kept = float(keep[j] ** dt[t])
            before = 0.0 if s in linked and first[t] else kept * b.soc[s, y, int(prev[t])]
            return (
                b.soc[s, y, t]
                == before
                + float(dt[t] * eta_c[j]) * b.charge[s, y, t]
                - float(dt[t] / eta_d[j]) * b.discharge[s, y, t]
            )

        def soc_rows() -> MatrixRows:
            """soc_rule's rows as arrays (lowcarbon_sim.model.matrix)."""
            keys = [(s, y, t) for s in self.techs for y in ix.years for t in ix.timesteps]
            rows = RowsBuilder(len(keys))
            r = np.arange(len(keys))
            j = np.array([tp[s] for s, _, _ in keys], np.int64)
            step = np.array([t for _, _, t in keys], np.int64)
            hours = dt[step].astype(float)
            rows.add(b.soc, r, keys, 1.0)
            carried = np.array([not (s in linked and first[t]) for s, _, t in keys], bool)
            prev_keys = [
                (s, y, int(prev[t])) for (s, y, t), c in zip(keys, carried, strict=True) if c
            ]
            kept = keep[j[carried]].astype(float) ** hours[carried]
            rows.add(b.soc, r[carried], prev_keys, -kept)
            rows.add(b.charge, r, keys, -(hours * eta_c[j].astype(float)))
            rows.add(b.discharge, r, keys, hours / eta_d[j].astype(float))
            return rows.rows(0.0, 0.0)

        b.soc_balance = MatrixConstraint(
            b.S, b.Y, b.T, rule=soc_rule, rows=soc_rows, doc="state-of-charge balance, MWh"
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
        limit = self._capacity_per_step(m, b, ix, varying)
        energy_index = [k for k in varying if k[0] not in linked]

        def limit_rows(var, keys, scale) -> MatrixRows:
            """Rows ``var[k] <= scale[k] * limit(k)`` as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(keys))
            r = np.arange(len(keys))
            rows.add(var, r, keys, 1.0)
            if hasattr(b, "capacity_copy"):
                rows.add(b.capacity_copy, r, keys, -np.asarray(scale, float))
            else:
                caps = [cap.operating_capacity(s, y) for s, y, _ in keys]
                rows.add_expressions(r, caps, scale, sign=-1.0)
            return rows.rows(None, 0.0)

        b.charge_limit = MatrixConstraint(
            b.vary_set,
            rule=lambda _b, s, y, t: b.charge[s, y, t] <= limit(s, y, t),
            rows=lambda: limit_rows(b.charge, varying, np.ones(len(varying))),
        )
        b.discharge_limit = MatrixConstraint(
            b.vary_set,
            rule=lambda _b, s, y, t: b.discharge[s, y, t] <= limit(s, y, t),
            rows=lambda: limit_rows(b.discharge, varying, np.ones(len(varying))),
        )
        b.energy_set = pyo.Set(initialize=energy_index, dimen=3, ordered=True)
        b.energy_limit = MatrixConstraint(
            b.energy_set,
            rule=lambda _b, s, y, t: b.soc[s, y, t] <= float(ratio[tp[s]]) * limit(s, y, t),
            rows=lambda: limit_rows(
                b.soc, energy_index, [float(ratio[tp[s]]) for s, _, _ in energy_index]
            ),
        )
        for comp, what in (
            (b.charge_limit, "charging within power capacity"),
            (b.discharge_limit, "discharging within power capacity"),
            (b.energy_limit, "state of charge within energy capacity"),
        ):
            register(m, comp, ConstraintFamily(what, ("tech", "year", "timestep"), "MW"))
        if self.linked:
            self._add_day_links(m, b, ix, ratio, keep, period)
        self.weight = ix.array("timestep_weight")
        self.vom = ix.array("vom")
        self.b = b

    def _capacity_per_step(self, m, b, ix: ModelIndex, varying):
        """The capacity each time step's limits refer to.

        With few time steps, the capacity expression itself. With long periods (a full year),
        a copy per time step chained hour to hour (``capacity_copy``): the build variable
        would otherwise sit in three rows per hour, a dense column that made HiGHS's interior
        point about 8x slower per iteration on the 8760-hour Hunan year.
        """
        cap = self.cap
        if len(ix.timesteps) < SPLIT_CAPACITY_MIN_STEPS or not varying:
            return lambda s, y, t: cap.operating_capacity(s, y)
        prev = ix.previous_timestep()
        b.capacity_copy = pyo.Var(
            b.vary_set, within=pyo.NonNegativeReals, doc="capacity seen by a time step, MW"
        )

        def chain(_b, s, y, t):
            if t == ix.timesteps[0]:
                return b.capacity_copy[s, y, t] - cap.operating_capacity(s, y) == 0
            return b.capacity_copy[s, y, t] - b.capacity_copy[s, y, int(prev[t])] == 0

        b.capacity_chain = pyo.Constraint(
            b.vary_set, rule=chain, doc="capacity copied from step to step, MW"
        )
        register(
            m,
            b.capacity_chain,
            ConstraintFamily(
                "storage capacity copied from time step to time step",
                ("tech", "year", "timestep"),
                "MW",
            ),
        )
        return lambda s, y, t: b.capacity_copy[s, y, t]

    def _add_day_links(self, m, b, ix: ModelIndex, ratio, keep, period) -> None:
        """Day-to-day state of charge through the year (see the module docstring)."""
        cap = self.cap
        tp = ix.tech_pos
        sequence = ix.array("period_sequence")
        n_days = sequence.size
        periods = sorted(set(int(k) for k in period))
        members = {k: [t for t in ix.timesteps if period[t] == k] for k in periods}
        b.D = pyo.Set(initialize=range(n_days), ordered=True, doc="days of the year")
        b.K = pyo.Set(initialize=periods, ordered=True, doc="representative days")
        b.L = pyo.Set(initialize=self.linked, ordered=True, doc="storage linked across days")
        b.soc_day = pyo.Var(
            b.L,
            b.Y,
            b.D,
            within=pyo.NonNegativeReals,
            doc="state of charge at the start of each day, MWh",
        )
        b.soc_high = pyo.Var(b.L, b.Y, b.K, doc="highest intra-day change, MWh")
        b.soc_low = pyo.Var(b.L, b.Y, b.K, doc="lowest intra-day change, MWh")

        def day_rule(_b, s, y, d):
            k = int(sequence[d])
            nxt = (d + 1) % n_days
            return (
                b.soc_day[s, y, nxt]
                == float(keep[tp[s]] ** 24) * b.soc_day[s, y, d] + b.soc[s, y, members[k][-1]]
            )

        # the families' rows as arrays for the hand-over (lowcarbon_sim.model.matrix)
        day_keys = [(s, y, d) for s in self.linked for y in ix.years for d in range(n_days)]
        day_k = [(s, y, int(sequence[d])) for s, y, d in day_keys]
        day_r = np.arange(len(day_keys))

        def day_balance_rows() -> MatrixRows:
            rows = RowsBuilder(len(day_keys))
            rows.add(b.soc_day, day_r, [(s, y, (d + 1) % n_days) for s, y, d in day_keys], 1.0)
            rows.add(
                b.soc_day, day_r, day_keys, [-float(keep[tp[s]] ** 24) for s, _, _ in day_keys]
            )
            rows.add(b.soc, day_r, [(s, y, members[k][-1]) for s, y, k in day_k], -1.0)
            return rows.rows(0.0, 0.0)

        b.day_balance = MatrixConstraint(
            b.L,
            b.Y,
            b.D,
            rule=day_rule,
            rows=day_balance_rows,
            doc="state of charge carried from day to day, MWh",
        )
        index = [(s, y, t) for s in self.linked for y in ix.years for t in ix.timesteps]
        index_k = [(s, y, int(period[t])) for s, y, t in index]
        index_r = np.arange(len(index))

        def high_rows() -> MatrixRows:
            rows = RowsBuilder(len(index))
            rows.add(b.soc, index_r, index, 1.0)
            rows.add(b.soc_high, index_r, index_k, -1.0)
            return rows.rows(None, 0.0)

        def low_rows() -> MatrixRows:  # soc >= low is low - soc <= 0 in Pyomo
            rows = RowsBuilder(len(index))
            rows.add(b.soc_low, index_r, index_k, 1.0)
            rows.add(b.soc, index_r, index, -1.0)
            return rows.rows(None, 0.0)

        b.link_set = pyo.Set(initialize=index, dimen=3, ordered=True)
        b.high_bound = MatrixConstraint(
            b.link_set,
            rule=lambda _b, s, y, t: b.soc[s, y, t] <= b.soc_high[s, y, int(period[t])],
            rows=high_rows,
            doc="intra-day change below the day's highest, MWh",
        )
        b.low_bound = MatrixConstraint(
            b.link_set,
            rule=lambda _b, s, y, t: b.soc[s, y, t] >= b.soc_low[s, y, int(period[t])],
            rows=low_rows,
            doc="intra-day change above the day's lowest, MWh",
        )
        for comp, what in (
            (b.high_bound, "intra-day state-of-charge change below the day's highest"),
            (b.low_bound, "intra-day state-of-charge change above the day's lowest"),
        ):
            register(m, comp, ConstraintFamily(what, ("tech", "year", "timestep"), "MWh"))

        def upper_rule(_b, s, y, d):
            k = int(sequence[d])
            return b.soc_day[s, y, d] + b.soc_high[s, y, k] <= float(ratio[tp[s]]) * (
                cap.operating_capacity(s, y)
            )

        def lower_rule(_b, s, y, d):
            return b.soc_day[s, y, d] + b.soc_low[s, y, int(sequence[d])] >= 0

        def upper_rows() -> MatrixRows:
            rows = RowsBuilder(len(day_keys))
            rows.add(b.soc_day, day_r, day_keys, 1.0)
            rows.add(b.soc_high, day_r, day_k, 1.0)
            caps = [cap.operating_capacity(s, y) for s, y, _ in day_keys]
            rows.add_expressions(day_r, caps, [float(ratio[tp[s]]) for s, _, _ in day_keys], -1.0)
            return rows.rows(None, 0.0)

        def lower_rows() -> MatrixRows:
            rows = RowsBuilder(len(day_keys))
            rows.add(b.soc_day, day_r, day_keys, 1.0)
            rows.add(b.soc_low, day_r, day_k, 1.0)
            return rows.rows(0.0, None)

        b.day_upper = MatrixConstraint(b.L, b.Y, b.D, rule=upper_rule, rows=upper_rows)
        b.day_lower = MatrixConstraint(b.L, b.Y, b.D, rule=lower_rule, rows=lower_rows)
        for comp, what in (
            (b.day_balance, "state of charge carried from day to day"),
            (b.day_upper, "state of charge within energy capacity on every day"),
            (b.day_lower, "state of charge above zero on every day"),
        ):
            register(m, comp, ConstraintFamily(what, ("tech", "year", "day"), "MWh"))

    def _net(self, b: pyo.Block, y: int, t: int) -> Any:
        return sum(b.discharge[s, y, t] - b.charge[s, y, t] for s in self.techs)

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """:meth:`_net` of the store's own carrier from the index arrays
        (:meth:`Block.injection_terms`): discharge minus charge."""
        own = getattr(type(self), carrier, None) is getattr(StorageBlock, carrier, None)
        if not (own and carrier in ("electricity", "hydrogen")):
            super().injection_terms(carrier, b, rows, keys)
            return
        if carrier != self.carrier or not self.techs:
            return
        ix = self.ix
        n_t = len(ix.timesteps)
        r = np.concatenate(
            [i * n_t + np.arange(n_t) for _s in self.techs for i in range(len(ix.years))]
        )
        # b.discharge and b.charge are indexed by S x Y x T: this order
        index = [(s, y, t) for s in self.techs for y in ix.years for t in ix.timesteps]
        rows.add(b.discharge, r, index, 1.0)
        rows.add(b.charge, r, index, -1.0)

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        return self._net(b, y, t) if self.carrier == "electricity" else 0

    def hydrogen(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net hydrogen released from storage, MW (LHV)."""
        return self._net(b, y, t) if self.carrier == "hydrogen" else 0

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Variable O&M on the energy discharged in year ``y``, yuan/yr."""
        i = self.ix.year_pos[y]
        tp = self.ix.tech_pos
        techs = [s for s in self.techs if self.vom[i, tp[s]] != 0]
        steps = self.ix.timesteps
        return {
            "variable_om": linear_sum(
                [float(self.vom[i, tp[s]] * self.weight[t]) for s in techs for t in steps],
                [b.discharge[s, y, t] for s in techs for t in steps],
            )
        }

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved charge, discharge (MW) and state of charge (MWh) by (year, tech, timestep),
        and with linked days the level at the start of each day, (year, tech, day), MWh.

        With linked days, ``soc`` is the absolute level on the representative day itself:
        the day level of its own date plus the intra-day change.
        """
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), len(ix.timesteps))
        out = {k: np.zeros(shape) for k in ("charge", "discharge", "soc")}
        n_days = ix.array("period_sequence").size if self.linking else 0
        out["soc_day"] = np.zeros((len(ix.years), len(ix.techs), n_days))
        if not self.techs:
            return out
        keys = [(s, y, t) for s in self.techs for y in ix.years for t in ix.timesteps]
        cols = [ix.tech_pos[s] for s in self.techs]
        for name in ("charge", "discharge", "soc"):
            vals = sol.value(getattr(self.b, name), keys)
            out[name][:, cols, :] = vals.reshape(len(self.techs), len(ix.years), -1).transpose(
                1, 0, 2
            )
        if self.linking:
            dkeys = [(s, y, d) for s in self.linked for y in ix.years for d in range(n_days)]
            days = sol.value(self.b.soc_day, dkeys).reshape(len(self.linked), len(ix.years), -1)
            lcols = [ix.tech_pos[s] for s in self.linked]
            out["soc_day"][:, lcols, :] = days.transpose(1, 0, 2)
            own_day = ix.array("timestep_hour") // 24
            out["soc"][:, lcols, :] += out["soc_day"][:, lcols][:, :, own_day]
        return out
