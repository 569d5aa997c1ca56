r"""Commitment block: linearised (clustered, LP-relaxed) unit commitment of thermal rows.

Applies to the technologies of the dispatch block whose ``min_stable_output`` is set; a
scenario without that field has no variable or row of this block. Each such row is treated
as a fleet of identical units whose committed capacity may take any value (the LP relaxation
of clustered unit commitment: Palmintier and Webster 2014; Hua, Liu and Zhang 2017, the
formulation of PyPSA's ``linearized_unit_commitment``; GenX's ``UCommit = 2``).

Formulation
-----------
Variables (MW): committed capacity :math:`u_{g,y,t}`, capacity started up :math:`s_{g,y,t}`
and, where a minimum down time is set, shut down :math:`d_{g,y,t}`, all :math:`\ge 0`. With
the output :math:`p` of the dispatch block, installed capacity :math:`K_{g,y}`, availability
:math:`\alpha_{g,t}` and :math:`t^-` the time step before :math:`t` (cyclic within each
representative day, or within the year in full-year mode) and :math:`\Delta_t` the hours
step :math:`t` covers (1 h, or several with segmented days):

.. math::

   u_{g,y,t} \le \alpha_{g,t} K_{g,y}, \qquad
   \underline{\mu}_g\, u_{g,y,t} \le p_{g,y,t} \le u_{g,y,t}, \qquad
   \sum_t w_t\, u_{g,y,t} \ge \kappa_{g,y} K_{g,y} \sum_t w_t\, \alpha_{g,t}

   s_{g,y,t} \ge u_{g,y,t} - u_{g,y,t^-}, \qquad d_{g,y,t} \ge u_{g,y,t^-} - u_{g,y,t}

   p_{g,y,t} - p_{g,y,t^-} \le \bar\Delta_t r^{up}_g\, u_{g,y,t^-} + (u_{g,y,t} - u_{g,y,t^-})

   p_{g,y,t^-} - p_{g,y,t} \le \bar\Delta_t r^{down}_g\, u_{g,y,t} + (u_{g,y,t^-} - u_{g,y,t})

   u_{g,y,t} \ge \sum_{q \in W^{up}_g(t)} s_{g,y,q}, \qquad
   u_{g,y,t} + \sum_{q \in W^{down}_g(t)} d_{g,y,q} \le K_{g,y}

with minimum stable output :math:`\underline{\mu}` (p.u. of committed capacity), the least
committed share :math:`\kappa` (``min_commitment``, p.u. of the year's available
capacity-hours, by year; :math:`w_t` the hours of the year step :math:`t` stands for; the row
exists only where it is above 0: a fleet kept on line by generation plans, the statistic
being annual operating hours over available hours), ramp limits
:math:`r` (p.u. of committed capacity per hour; capacity starting up or shutting down may
move its full output within the hour, PyPSA's default start-up and shut-down ramp of 1) and
minimum up and down times :math:`T` (h, at most the length of a period); :math:`W_g(t)` is
:math:`t` and the steps before it that start less than :math:`T_g` hours before :math:`t`
starts (the :math:`T_g` steps :math:`t, t-1, \dots` with 1-h steps), and
:math:`\bar\Delta_t = (\Delta_{t^-} + \Delta_t)/2` the hours between the middles of
:math:`t^-` and :math:`t` (1 h with 1-h steps; a step's output is its mean over its hours). A
ramp row is left out where it cannot bind (:math:`r \ge 1 - \underline{\mu}`, steps of at
least 1 h): then :math:`p_t - p_{t^-} \le u_t - \underline{\mu} u_{t^-}` already implies it.

Annual cost, with :math:`n_t = w_t / \Delta_t` the days of the year step :math:`t` stands for
(:math:`w`: hours of the year; each step has one transition a day), start-up
cost :math:`c^{su}` (yuan/MW) and start-up fuel :math:`\phi` (MWh of fuel per MW started),
fuel price :math:`\pi^{fuel}`, fuel emission factor :math:`\epsilon` and CO2 price
:math:`\pi^{CO2}_y`:
``variable_om`` :math:`\sum_t n_t c^{su}_g s_{g,y,t}`,
``fuel`` :math:`\sum_t n_t \phi_g \pi^{fuel}_{g,y} s_{g,y,t}`,
``carbon`` :math:`\pi^{CO2}_y \sum_t n_t \phi_g \epsilon_{g,y} s_{g,y,t}`; emissions
:math:`\sum_t n_t \phi_g \epsilon_{g,y} s_{g,y,t}` (t CO2/yr; the capture plant of a CCS row
is taken as not running during start-up). Start-up fuel of a fuel made inside the model
(hydrogen) is not drawn from its balance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex, fill_keys, timestep_duration
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder
from lowcarbon_sim.units import SECTOR, TECH, TIME, YEAR


class CommitmentBlock(Block):
    """Committed capacity, start-ups and shut-downs of the rows with a minimum stable
    output, tied to the output of the dispatch block."""

    name = "commitment"

    def __init__(self, dispatch: DispatchBlock):
        self.dispatch = dispatch

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.b = b
        disp = self.dispatch
        cap = disp.cap
        tp = ix.tech_pos
        msl = ix.array("min_stable_output")
        avail = ix.array("availability")
        self.techs = [g for g in disp.techs if np.isfinite(msl[tp[g]])]
        self.pairs = [(g, y) for g in self.techs for y in ix.years if (g, y) in disp.active]
        prev = ix.previous_timestep()
        steps = ix.timesteps
        self.prev = {t: steps[prev[i]] for i, t in enumerate(steps)}
        period = ix.array("timestep_period")
        period_len = int(np.bincount(period).min()) if period.size else 0
        dt = ix.duration()
        # hours between the middles of a step and the one before it
        gap = {t: float(dt[i] + dt[prev[i]]) / 2.0 for i, t in enumerate(steps)}
        index = [(g, y, t) for g, y in self.pairs for t in steps]
        b.U = pyo.Set(dimen=3, ordered=True, doc="(tech, year, time step)")
        fill_keys(b.U, index)

        def u_bounds(_b, g, y, t):
            if not cap.is_fixed(g, y):
                return (0.0, None)
            return (0.0, float(avail[tp[g], t]) * cap.operating_capacity(g, y))

        b.u = pyo.Var(b.U, bounds=u_bounds, doc="committed capacity, MW")
        b.s = pyo.Var(b.U, within=pyo.NonNegativeReals, doc="capacity started up, MW")
        p = disp.b.p
        varying = [(g, y, t) for g, y, t in index if not cap.is_fixed(g, y)]
        b.avail_set = pyo.Set(dimen=3, ordered=True)
        fill_keys(b.avail_set, varying)
        prev_index = [(g, y, self.prev[t]) for g, y, t in index]
        n, rows_n = len(varying), np.arange(len(index))

        def committed_available_rows() -> MatrixRows:
            rows = RowsBuilder(n)
            rows.add(b.u, np.arange(n), varying, 1.0)
            a = [float(avail[tp[g], t]) for g, _, t in varying]
            caps = [cap.operating_capacity(g, y) for g, y, _ in varying]
            rows.add_expressions(np.arange(n), caps, a, sign=-1.0)
            return rows.rows(None, 0.0)

        def stable_rows() -> MatrixRows:
            rows = RowsBuilder(len(index))
            rows.add(p, rows_n, index, 1.0)
            rows.add(b.u, rows_n, index, [-float(msl[tp[g]]) for g, _, _ in index])
            return rows.rows(0.0, None)

        def committed_max_rows() -> MatrixRows:
            rows = RowsBuilder(len(index))
            rows.add(p, rows_n, index, 1.0)
            rows.add(b.u, rows_n, index, -1.0)
            return rows.rows(None, 0.0)

        def startup_rows() -> MatrixRows:
            rows = RowsBuilder(len(index))
            rows.add(b.s, rows_n, index, 1.0)
            rows.add(b.u, rows_n, index, -1.0)
            rows.add(b.u, rows_n, prev_index, 1.0)
            return rows.rows(0.0, None)

        # rows as arrays for the hand-over to HiGHS: lowcarbon_sim.model.matrix
        b.committed_available = MatrixConstraint(
            b.avail_set,
            rule=lambda _b, g, y, t: b.u[g, y, t]
            - float(avail[tp[g], t]) * cap.operating_capacity(g, y) <= 0,
            rows=committed_available_rows,
            doc="committed capacity within available capacity, MW",
        )
        b.stable = MatrixConstraint(
            b.U,
            rule=lambda _b, g, y, t: p[g, y, t] - float(msl[tp[g]]) * b.u[g, y, t] >= 0,
            rows=stable_rows,
            doc="output at least the minimum stable output of committed capacity, MW",
        )
        b.committed_max = MatrixConstraint(
            b.U,
            rule=lambda _b, g, y, t: p[g, y, t] - b.u[g, y, t] <= 0,
            rows=committed_max_rows,
            doc="output within committed capacity, MW",
        )
        kappa = ix.array("min_commitment")  # (year, tech)
        weight = ix.array("timestep_weight")  # hours of the year each step stands for
        # no row where unset or 0 (a history-only share is 0 from the first decision year)
        floor_pairs = [(g, y) for g, y in self.pairs if kappa[ix.year_pos[y], tp[g]] > 0]
        b.committed_min_set = pyo.Set(dimen=2, ordered=True)
        fill_keys(b.committed_min_set, floor_pairs)

        def floor_hours(g, y) -> float:
            """kappa x the hours the row is available in the year (sum of w_t alpha_t), h."""
            return float(kappa[ix.year_pos[y], tp[g]] * (weight * avail[tp[g]]).sum())

        def committed_min_rows() -> MatrixRows:
            pairs = floor_pairs
            n_steps = len(steps)
            rows = RowsBuilder(len(pairs))
            keys = [(g, y, t) for g, y in pairs for t in steps]
            rows.add(b.u, np.repeat(np.arange(len(pairs)), n_steps), keys,
                     np.tile(weight, len(pairs)))
            caps = [cap.operating_capacity(g, y) for g, y in pairs]
            hours = [floor_hours(g, y) for g, y in pairs]
            rows.add_expressions(np.arange(len(pairs)), caps, hours, sign=-1.0)
            return rows.rows(0.0, None)

        b.committed_min = MatrixConstraint(
            b.committed_min_set,
            rule=lambda _b, g, y: sum(float(weight[i]) * b.u[g, y, t] for i, t in enumerate(steps))
            - floor_hours(g, y) * cap.operating_capacity(g, y)
            >= 0,
            rows=committed_min_rows,
            doc="committed capacity-hours of the year at least min_commitment of the "
            "available capacity-hours, MWh",
        )
        b.startup = MatrixConstraint(
            b.U,
            rule=lambda _b, g, y, t: b.s[g, y, t] - b.u[g, y, t] + b.u[g, y, self.prev[t]] >= 0,
            rows=startup_rows,
            doc="start-ups at least the increase of committed capacity, MW",
        )
        families = [
            (b.committed_available, "committed capacity within available capacity"),
            (b.stable, "output above minimum stable output of committed capacity"),
            (b.committed_max, "output within committed capacity"),
            (b.startup, "start-ups cover the increase of committed capacity"),
        ]

        up = ix.array("ramp_limit_up")
        down = ix.array("ramp_limit_down")
        # a ramp row binds only below 1 - min stable output (see the module docstring)
        ramp_up = [(g, y, t) for g, y, t in index if up[tp[g]] < 1.0 - msl[tp[g]]]
        ramp_down = [(g, y, t) for g, y, t in index if down[tp[g]] < 1.0 - msl[tp[g]]]
        b.ramp_up_set = pyo.Set(initialize=ramp_up, dimen=3, ordered=True)
        b.ramp_down_set = pyo.Set(initialize=ramp_down, dimen=3, ordered=True)

        def ramp_up_rule(_b, g, y, t):
            q = self.prev[t]
            return (
                p[g, y, t] - p[g, y, q] - float(up[tp[g]] * gap[t]) * b.u[g, y, q]
                - b.u[g, y, t] + b.u[g, y, q] <= 0
            )

        def ramp_down_rule(_b, g, y, t):
            q = self.prev[t]
            return (
                p[g, y, q] - p[g, y, t] - float(down[tp[g]] * gap[t]) * b.u[g, y, t]
                - b.u[g, y, q] + b.u[g, y, t] <= 0
            )

        b.ramp_up = pyo.Constraint(b.ramp_up_set, rule=ramp_up_rule, doc="ramp-up limit, MW")
        b.ramp_down = pyo.Constraint(
            b.ramp_down_set, rule=ramp_down_rule, doc="ramp-down limit, MW"
        )
        families += [(b.ramp_up, "ramp-up limit"), (b.ramp_down, "ramp-down limit")]

        t_up = ix.array("min_up_time")
        t_down = ix.array("min_down_time")

        def window(g_hours: float, t: int) -> list[int]:
            """The time steps t, t-1, ... starting less than the minimum time before t starts
            (cyclic in the period, at most a period)."""
            out, q, elapsed = [], t, 0.0
            for _ in range(period_len):
                if elapsed >= int(np.rint(g_hours)):
                    break
                out.append(q)
                q = self.prev[q]
                elapsed += float(dt[q])
            return out

        min_up = [(g, y, t) for g, y, t in index if round(t_up[tp[g]]) > 1]
        b.min_up_set = pyo.Set(initialize=min_up, dimen=3, ordered=True)
        b.min_up = pyo.Constraint(
            b.min_up_set,
            rule=lambda _b, g, y, t: b.u[g, y, t]
            - sum(b.s[g, y, q] for q in window(t_up[tp[g]], t)) >= 0,
            doc="capacity started within the minimum up time is still committed, MW",
        )
        self.shut_techs = [g for g in self.techs if round(t_down[tp[g]]) > 1]
        down_index = [(g, y, t) for g, y, t in index if g in self.shut_techs]
        b.D = pyo.Set(initialize=down_index, dimen=3, ordered=True)
        b.d = pyo.Var(b.D, within=pyo.NonNegativeReals, doc="capacity shut down, MW")
        b.shutdown = pyo.Constraint(
            b.D,
            rule=lambda _b, g, y, t: b.d[g, y, t] - b.u[g, y, self.prev[t]] + b.u[g, y, t] >= 0,
            doc="shut-downs at least the decrease of committed capacity, MW",
        )
        b.min_down = pyo.Constraint(
            b.D,
            rule=lambda _b, g, y, t: b.u[g, y, t]
            + sum(b.d[g, y, q] for q in window(t_down[tp[g]], t))
            - cap.operating_capacity(g, y) <= 0,
            doc="capacity shut down within the minimum down time stays off, MW",
        )
        families += [
            (b.min_up, "minimum up time"),
            (b.shutdown, "shut-downs cover the decrease of committed capacity"),
            (b.min_down, "minimum down time"),
        ]
        for comp, what in families:
            register(m, comp, ConstraintFamily(what, ("tech", "year", "timestep"), "MW"))
        register(
            m,
            b.committed_min,
            ConstraintFamily("committed capacity-hours at least the least committed share",
                             ("tech", "year"), "MWh"),
        )

        eff = ix.array("efficiency")
        # CO2 of the fuel burnt, t CO2/MWh fuel: net plus captured, per MWh output, times eta
        self.fuel_factor = (
            ix.array("emission_intensity") + ix.array("captured_intensity")
        ) * eff
        self.fuel_price = ix.array("fuel_price")
        self.startup_cost = ix.array("startup_cost")
        self.startup_fuel = ix.array("startup_fuel")
        self.co2_price = ix.array("co2_price_given")
        self.days = ix.array("timestep_weight") / dt  # days of the year per step

    def _startups(self, b: pyo.Block, y: int, coef: np.ndarray) -> Any:
        """Σ_g Σ_t n_t coef_g s[g, y, t] over the rows with a nonzero ``coef`` (by tech)."""
        tp = self.ix.tech_pos
        w = self.days
        return sum(
            float(coef[tp[g]] * w[k]) * b.s[g, y, t]
            for g, yy in self.pairs
            if yy == y and coef[tp[g]] != 0
            for k, t in enumerate(self.ix.timesteps)
        )

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 of the start-up fuel in year ``y``, t CO2/yr."""
        i = self.ix.year_pos[y]
        return self._startups(b, y, self.startup_fuel * self.fuel_factor[i])

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Start-up cost (``variable_om``), start-up fuel (``fuel``) and its CO2 price
        (``carbon``) in year ``y``, yuan/yr; nothing when no row has a start-up cost."""
        if not self.pairs:
            return {}
        i = self.ix.year_pos[y]
        fuel = self.startup_fuel
        return {
            "variable_om": self._startups(b, y, self.startup_cost),
            "fuel": self._startups(b, y, fuel * self.fuel_price[i]),
            "carbon": self._startups(b, y, fuel * self.fuel_factor[i] * self.co2_price[i]),
        }

    def values(self, sol) -> dict[str, np.ndarray]:
        """Committed capacity and start-ups (year, tech, timestep), MW; zero for rows
        without unit commitment."""
        ix = self.ix
        shape = (len(ix.years), len(ix.techs), len(ix.timesteps))
        out = {"committed": np.zeros(shape), "startup": np.zeros(shape)}
        if self.pairs:
            keys = [(g, y, t) for g, y in self.pairs for t in ix.timesteps]
            rows = [ix.year_pos[y] for _, y in self.pairs]
            cols = [ix.tech_pos[g] for g, _ in self.pairs]
            for name, var in (("committed", self.b.u), ("startup", self.b.s)):
                out[name][rows, cols, :] = sol.value(var, keys).reshape(len(self.pairs), -1)
        out["is_committable"] = np.isin(ix.techs, self.techs)
        return out


def add_commitment_results(out: xr.Dataset, vals: dict[str, np.ndarray] | None,
                           inp: xr.Dataset) -> xr.Dataset:
    """Add committed capacity and start-ups to the results, and the start-up fuel and its
    CO2 to ``fuel_use``, ``emissions_by_tech``, ``emissions_power`` and
    ``emissions[power]`` (what the block's cost and emission terms counted)."""
    if vals is None or not vals["is_committable"].any():
        return out
    w = inp["timestep_weight"].values / timestep_duration(inp)  # days per step
    committed = np.where(vals["is_committable"][None, :, None], vals["committed"], np.nan)
    out["committed_capacity"] = ((YEAR, TECH, TIME), committed)
    out["committed_capacity"].attrs.update(
        units="MW", description="committed capacity (linearised unit commitment; NaN: none)"
    )
    started = (vals["startup"] * w).sum(axis=2)
    out["startup_capacity"] = ((YEAR, TECH), started)
    out["startup_capacity"].attrs.update(
        units="MW", description="capacity started up in the year (MW started, summed)"
    )
    fuel = started * inp["startup_fuel"].values[None, :]
    factor = (
        inp["emission_intensity"].values + inp["captured_intensity"].values
    ) * inp["efficiency"].values
    out["startup_fuel_use"] = ((YEAR, TECH), fuel)
    out["startup_fuel_use"].attrs.update(units="MWh", description="fuel burnt to start up")
    co2 = fuel * factor
    for name in ("fuel_use", "emissions_by_tech"):
        attrs = out[name].attrs
        out[name] = out[name] + (fuel if name == "fuel_use" else co2)
        out[name].attrs.update(attrs)
    attrs = out["emissions_power"].attrs
    out["emissions_power"] = out["emissions_power"] + co2.sum(axis=1)
    out["emissions_power"].attrs.update(attrs)
    power = (out[SECTOR] == "power").values
    by_sector = out["emissions"].values.copy()
    by_sector[:, power] += co2.sum(axis=1)[:, None]
    out["emissions"] = out["emissions"].copy(data=by_sector)
    return out
