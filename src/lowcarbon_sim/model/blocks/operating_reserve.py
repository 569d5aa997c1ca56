r"""Operating reserve block: upward (spinning) reserve held in every time step.

Present only when the scenario enables ``power.operating_reserve``; then it holds in every
modelled year, history included (it is how the system is operated, not a policy).

Formulation
-----------
Variables: reserve held :math:`r_{g,y,t} \ge 0` (MW) by each row with a ``reserve_share``
:math:`\rho_g`. With the output :math:`p`, committed capacity :math:`u` (rows with unit
commitment), availability :math:`\alpha_{g,t}` times its scale of the year :math:`s_{g,y}`,
capacity :math:`K_{g,y}`, storage discharge :math:`p^{d}`, charge :math:`p^{c}`, state of
charge :math:`e` (end of the step) and discharge efficiency :math:`\eta^{d}`:

.. math::

   \text{unit commitment rows:}\quad r \le u - p, \qquad r \le \rho_g\, u

   \text{other dispatchable and hydro rows:}\quad r \le s\alpha K - p, \qquad
   r \le \rho_g\, s\alpha K

   \text{storage:}\quad r \le K - p^{d} + p^{c}, \qquad r \le \rho_g K, \qquad
   h\, r \le \eta^{d} e \;\;(\text{rows cyclic within a day})

   \sum_g r_{g,y,t} \;\ge\; \varepsilon^{L}_y D_{y,t} + \varepsilon^{V}_y
   \sum_{v \in \text{variable}} p_{v,y,t} + C_y \qquad (\text{dual: reserve price})

with load share :math:`\varepsilon^{L}`, wind-and-solar share :math:`\varepsilon^{V}`,
contingency :math:`C` (MW) and sustain time :math:`h` (h). Holding reserve costs nothing by
itself; it costs through what it forces: committed thermal capacity runs at least at its
minimum stable output, hydro and storage keep headroom instead of generating.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.commitment import CommitmentBlock
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.units import TECH, TIME, YEAR


class OperatingReserveBlock(Block):
    """Upward reserve per time step from committed thermal capacity, hydro and storage."""

    name = "operating_reserve"

    def __init__(self, dispatch: DispatchBlock, commitment: CommitmentBlock, storage: list):
        self.dispatch = dispatch
        self.commitment = commitment
        self.storage = [s for s in storage if getattr(s, "carrier", None) == "electricity"]
        self.index: list[tuple[str, int, int]] = []
        self.years: list[int] = []

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix, self.b = ix, b
        load_share = ix.array("operating_reserve_load_share")
        years = [y for y in ix.years if np.isfinite(load_share[ix.year_pos[y]])]
        if not years:
            return
        tp, yp = ix.tech_pos, ix.year_pos
        rho = ix.array("reserve_share")
        steps = ix.timesteps
        disp, uc = self.dispatch, self.commitment
        p = disp.b.p
        cap = disp.cap
        committed = [(g, y) for g, y in uc.pairs if y in years and np.isfinite(rho[tp[g]])]
        uc_techs = set(uc.techs)
        other = [
            (g, y)
            for g in disp.techs
            if g not in uc_techs and np.isfinite(rho[tp[g]])
            for y in years
            if (g, y) in disp.active
        ]
        stores = [
            (blk, s, y)
            for blk in self.storage
            for s in blk.techs
            if np.isfinite(rho[tp[s]])
            for y in years
            if not cap.is_fixed(s, y) or cap.existing_capacity(s, y) > 0
        ]
        # how each row holds reserve: committed capacity, available capacity or storage
        kind: dict[str, str] = {}
        store_of: dict[str, Any] = {}  # storage row -> its storage block
        for g, _ in committed:
            kind[g] = "committed"
        for g, _ in other:
            kind[g] = "dispatch"
        for blk, s, _ in stores:
            kind[s] = "storage"
            store_of[s] = blk
        pairs = committed + other + [(s, y) for _, s, y in stores]
        self.index = [(g, y, t) for g, y in pairs for t in steps]
        self.years = years
        b.R = pyo.Set(initialize=self.index, dimen=3, ordered=True, doc="(tech, year, step)")
        b.r = pyo.Var(b.R, within=pyo.NonNegativeReals, doc="upward reserve held, MW")

        def available(g, y, t):
            return disp.available_share(g, y, t) * cap.operating_capacity(g, y)

        def headroom_rule(_b, g, y, t):
            k = kind[g]
            if k == "committed":
                return b.r[g, y, t] + p[g, y, t] - uc.b.u[g, y, t] <= 0
            if k == "dispatch":
                return b.r[g, y, t] + p[g, y, t] - available(g, y, t) <= 0
            sb = store_of[g].b
            return (
                b.r[g, y, t]
                + sb.discharge[g, y, t]
                - sb.charge[g, y, t]
                - cap.operating_capacity(g, y)
                <= 0
            )

        def share_rule(_b, g, y, t):
            k, share = kind[g], float(rho[tp[g]])
            if k == "committed":
                return b.r[g, y, t] - share * uc.b.u[g, y, t] <= 0
            if k == "dispatch":
                return b.r[g, y, t] - share * available(g, y, t) <= 0
            return b.r[g, y, t] - share * cap.operating_capacity(g, y) <= 0

        b.headroom = pyo.Constraint(
            b.R, rule=headroom_rule, doc="reserve within the unused capacity, MW"
        )
        # the share row is implied by the headroom row for rows without unit commitment
        # whose share is 1 (r <= s alpha K - p <= s alpha K)
        shared = [
            (g, y, t) for g, y, t in self.index if not (kind[g] == "dispatch" and rho[tp[g]] >= 1.0)
        ]
        b.share_set = pyo.Set(initialize=shared, dimen=3, ordered=True)
        b.ramp_share = pyo.Constraint(
            b.share_set,
            rule=share_rule,
            doc="reserve within what the row adds in the activation time, MW",
        )
        families = [
            (b.headroom, "reserve within the row's unused (committed, available) capacity"),
            (b.ramp_share, "reserve within the row's reserve share of its capacity"),
        ]

        hours = ix.array("operating_reserve_sustain_hours")
        eta_d = ix.array("efficiency_discharge")
        linked = {s for blk in self.storage for s in blk.linked}
        energy = [
            (g, y, t) for _, g, y in stores if g not in linked and hours[yp[y]] > 0 for t in steps
        ]
        b.energy_set = pyo.Set(initialize=energy, dimen=3, ordered=True)
        b.energy = pyo.Constraint(
            b.energy_set,
            rule=lambda _b, g, y, t: (
                float(hours[yp[y]]) * b.r[g, y, t]
                - float(eta_d[tp[g]]) * store_of[g].b.soc[g, y, t]
                <= 0
            ),
            doc="storage reserve sustained from the state of charge, MWh",
        )
        for comp, what in families:
            register(m, comp, ConstraintFamily(what, ("tech", "year", "timestep"), "MW"))
        register(
            m,
            b.energy,
            ConstraintFamily(
                "storage reserve sustained from the state of charge",
                ("tech", "year", "timestep"),
                "MWh",
            ),
        )

        demand = ix.array("demand")
        var_share = ix.array("operating_reserve_variable_share")
        contingency = ix.array("operating_reserve_contingency")
        variable = [g for g in ix.techs_of("variable") if g in set(disp.techs)]
        by_year: dict[int, list[str]] = {}
        for g, y, _ in self.index[:: max(len(steps), 1)]:
            by_year.setdefault(y, []).append(g)
        self.requirement = {
            y: float(load_share[yp[y]]) * demand[yp[y]] + float(contingency[yp[y]]) for y in years
        }

        b.Y = pyo.Set(initialize=years, ordered=True)
        b.T = pyo.Set(initialize=steps, ordered=True)
        b.short = pyo.Var(
            b.Y, b.T, within=pyo.NonNegativeReals, doc="reserve requirement not met, MW"
        )
        self.short_cost = float(ix.inputs.attrs["load_shedding_cost"])
        self.weight = ix.array("timestep_weight")

        def requirement_rule(_m, y, t):
            held = sum(b.r[g, y, t] for g in by_year.get(y, []))
            vres = sum(p[g, y, t] for g in variable if (g, y) in disp.active)
            return held - float(var_share[yp[y]]) * vres + b.short[y, t] >= float(
                self.requirement[y][t]
            )

        b.requirement = pyo.Constraint(
            b.Y,
            b.T,
            rule=requirement_rule,
            doc="upward operating reserve requirement, MW (dual: reserve price)",
        )
        register(
            m,
            b.requirement,
            ConstraintFamily(
                "operating reserve requirement (reserve held >= load share x demand + "
                "wind-and-solar share x their output + contingency)",
                ("year", "timestep"),
                "MW",
                keys=(
                    "power.operating_reserve.load_share",
                    "power.operating_reserve.variable_share",
                    "power.operating_reserve.contingency",
                    "power.techs.<tech>.reserve_share",
                ),
            ),
        )

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Reserve not held in year ``y`` at the value of lost load (``load_shedding``), yuan
        per MW short and hour: keeps a short system solvable and says where."""
        if y not in self.years:
            return {}
        return {
            "load_shedding": sum(
                float(self.short_cost * self.weight[t]) * b.short[y, t] for t in self.ix.timesteps
            )
        }

    def values(self, sol) -> dict[str, np.ndarray]:
        """Reserve held (year, tech, timestep), MW; the requirement's fixed part (load share
        and contingency), MW, NaN where none; the requirement's dual (year, timestep), yuan per
        MW and time step (undivided); the shortfall, MW."""
        ix = self.ix
        held = np.zeros((len(ix.years), len(ix.techs), len(ix.timesteps)))
        required = np.full((len(ix.years), len(ix.timesteps)), np.nan)
        dual = np.full_like(required, np.nan)
        short = np.zeros_like(required)
        if not self.years:
            return {"reserve": held, "required": required, "dual": dual, "short": short}
        n_t = len(ix.timesteps)
        if self.index:
            vals = sol.value(self.b.r, self.index).reshape(-1, n_t)
            heads = self.index[::n_t]
            rows = [ix.year_pos[y] for _, y, _ in heads]
            cols = [ix.tech_pos[g] for g, _, _ in heads]
            held[rows, cols, :] = vals
        keys = [(y, t) for y in self.years for t in ix.timesteps]
        pos = [ix.year_pos[y] for y in self.years]
        short[pos] = sol.value(self.b.short, keys).reshape(len(self.years), -1)
        dual[pos] = sol.dual(self.b.requirement, keys).reshape(len(self.years), -1)
        for y in self.years:
            required[ix.year_pos[y]] = self.requirement[y]
        return {"reserve": held, "required": required, "dual": dual, "short": short}


def add_reserve_results(
    out: xr.Dataset, vals: dict[str, np.ndarray] | None, inp: xr.Dataset
) -> xr.Dataset:
    """Add the reserve held by technology, the requirement (its wind-and-solar part from
    ``out["dispatch"]``) and the reserve price (only when the scenario has a requirement)."""
    if vals is None or not np.isfinite(vals["required"]).any():
        return out
    w = inp["timestep_weight"].values
    weight = inp["objective_weight"].values
    out["operating_reserve"] = ((YEAR, TECH, TIME), vals["reserve"])
    out["operating_reserve"].attrs.update(units="MW", description="upward operating reserve held")
    variable = (inp["tech_class"] == "variable").values
    wind_solar = out["dispatch"].values[:, variable, :].sum(axis=1)
    share = inp["operating_reserve_variable_share"].values[:, None]
    required = vals["required"] + share * wind_solar  # NaN share: no requirement, stays NaN
    out["operating_reserve_requirement"] = ((YEAR, TIME), required)
    out["operating_reserve_requirement"].attrs.update(
        units="MW", description="upward operating reserve required (NaN: no requirement)"
    )
    out["operating_reserve_shortfall"] = ((YEAR, TIME), vals["short"])
    out["operating_reserve_shortfall"].attrs.update(
        units="MW",
        description="operating reserve required but not held (priced at the value of lost load)",
    )
    price = vals["dual"] / (weight[:, None] * w[None, :])
    out["operating_reserve_price"] = ((YEAR, TIME), price)
    out["operating_reserve_price"].attrs.update(
        units="yuan/MW/h",
        description="marginal cost of holding 1 MW more reserve for an hour (dual of the "
        "requirement)",
    )
    return out
