r"""Import-contract block: hourly delivery bands and monthly contracted energy of import
lines (rows of class ``import`` with ``delivery_band`` or ``contract_monthly_shape``). It adds
no output of its own: it constrains the dispatch block's output :math:`p_{g,y,t}` of those
rows. The annual contract is the dispatch block's full-load-hour range
:math:`[\underline{h}_{g,y}, \overline{h}_{g,y}]`, the price per MWh its ``price``.

Formulation
-----------
Inputs: delivery band :math:`\underline{\beta}_{g,t} \le \overline{\beta}_{g,t}` (p.u. of the
line rating :math:`K_{g,y}`; by season and hour of day, averaged over the months the time
step stands for), hours of month :math:`m` behind time step :math:`t`, :math:`W_{t,m}` (h),
monthly contract shares :math:`s_{g,m}` (sum 1).

.. math::

   \underline{\beta}_{g,t}\, K_{g,y} \le p_{g,y,t} \le \overline{\beta}_{g,t}\, K_{g,y}

   s_{g,m}\, \underline{h}_{g,y}\, K_{g,y} \le \sum_t W_{t,m}\, p_{g,y,t}
       \le s_{g,m}\, \overline{h}_{g,y}\, K_{g,y}

Where :math:`K_{g,y}` is a constant the band tightens the bounds of :math:`p` (no rows); a
monthly side whose annual limit is unset is left out.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRows, RowsBuilder

_EPS = 1e-12


class ImportContractBlock(Block):
    """Delivery bands and monthly energy of import contracts."""

    name = "import_contracts"

    def __init__(self, dispatch: DispatchBlock | None = None):
        self.dispatch = dispatch

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        inp = ix.inputs
        if self.dispatch is None or ("band_min" not in inp and "contract_month_share" not in inp):
            return
        d, db = self.dispatch, m.component(self.dispatch.name)
        cap, tp = d.cap, ix.tech_pos
        pairs = [(g, y) for g in d.techs for y in ix.years if (g, y) in d.active]
        n = len(ix.timesteps)
        lo = ix.array("band_min") if "band_min" in inp else np.zeros((len(ix.techs), n))
        hi = ix.array("band_max") if "band_max" in inp else np.ones((len(ix.techs), n))
        rows_lo, rows_hi = [], []
        for g, y in pairs:
            j = tp[g]
            if cap.is_fixed(g, y):
                k = cap.operating_capacity(g, y)
                for t in ix.timesteps:
                    v = db.p[g, y, t]
                    if lo[j, t] > _EPS:
                        v.setlb(max(v.lb or 0.0, float(lo[j, t]) * k))
                    if hi[j, t] < 1 - _EPS:
                        v.setub(min(v.ub, float(hi[j, t]) * k))
                continue
            rows_lo += [(g, y, t) for t in ix.timesteps if lo[j, t] > _EPS]
            rows_hi += [(g, y, t) for t in ix.timesteps if hi[j, t] < 1 - _EPS]
        b.lo_set = pyo.Set(initialize=rows_lo, dimen=3, ordered=True)
        b.hi_set = pyo.Set(initialize=rows_hi, dimen=3, ordered=True)

        def band_rows(keys, band, lower, upper) -> MatrixRows:
            """The band rules' rows as arrays (lowcarbon_sim.model.matrix)."""
            rows = RowsBuilder(len(keys))
            r = np.arange(len(keys))
            rows.add(db.p, r, keys, 1.0)
            caps = [cap.operating_capacity(g, y) for g, y, _ in keys]
            rows.add_expressions(r, caps, [float(band[tp[g], t]) for g, _, t in keys], -1.0)
            return rows.rows(lower, upper)

        b.band_min = MatrixConstraint(
            b.lo_set,
            rule=lambda _b, g, y, t: (
                db.p[g, y, t] - float(lo[tp[g], t]) * cap.operating_capacity(g, y) >= 0
            ),
            rows=lambda: band_rows(rows_lo, lo, 0.0, None),
            doc="least delivery of the contract band, MW",
        )
        b.band_max = MatrixConstraint(
            b.hi_set,
            rule=lambda _b, g, y, t: (
                db.p[g, y, t] - float(hi[tp[g], t]) * cap.operating_capacity(g, y) <= 0
            ),
            rows=lambda: band_rows(rows_hi, hi, None, 0.0),
            doc="most delivery of the contract band, MW",
        )
        for comp, what in ((b.band_min, "least"), (b.band_max, "most")):
            register(
                m,
                comp,
                ConstraintFamily(
                    f"import delivery band ({what} delivery)", ("tech", "year", "timestep"), "MW"
                ),
            )
        self._add_monthly(m, b, ix, pairs)

    def _add_monthly(self, m, b, ix: ModelIndex, pairs) -> None:
        """Monthly delivery within the monthly shares of the annual contract range."""
        inp = ix.inputs
        d, db = self.dispatch, m.component(self.dispatch.name)
        tp, yp = ix.tech_pos, ix.year_pos
        if "contract_month_share" not in inp:
            share = np.full((len(ix.techs), 12), np.nan)
        else:
            share = ix.array("contract_month_share")
        hmin, hmax = ix.array("min_full_load_hours"), ix.array("max_full_load_hours")
        w_tm = ix.array("timestep_month_hours")
        index = []
        for g, y in pairs:
            if np.isnan(share[tp[g]]).any():
                continue
            for side, h in (("min", hmin), ("max", hmax)):
                if np.isfinite(h[yp[y], tp[g]]):
                    index += [(g, y, mo, side) for mo in range(1, 13)]
        b.month_set = pyo.Set(initialize=index, dimen=4, ordered=True)

        def rule(_b, g, y, mo, side):
            h = (hmin if side == "min" else hmax)[yp[y], tp[g]]
            target = float(share[tp[g], mo - 1] * h) * d.cap.operating_capacity(g, y)
            col = w_tm[:, mo - 1]
            delivered = sum(float(col[t]) * db.p[g, y, t] for t in np.flatnonzero(col > 0).tolist())
            if side == "min":
                return delivered - target >= 0
            return delivered - target <= 0

        b.monthly = pyo.Constraint(b.month_set, rule=rule, doc="monthly contracted energy, MWh")
        register(
            m,
            b.monthly,
            ConstraintFamily(
                "monthly import within the contract's share of the annual range",
                ("tech", "year", "month", "side"),
                "MWh",
            ),
        )


__all__ = ["ImportContractBlock"]
