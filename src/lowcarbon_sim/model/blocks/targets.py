r"""Targets block: China's dual-control and peaking targets as constraints (``policy.targets``).

Formulation
-----------
With the blocks' contributions (primary energy by counting method :math:`k`, its non-fossil
part, CO2, renewable electricity) and the sectors' constants (outside the LP: fossil and
non-fossil primary energy :math:`S^f_y, S^n_y`, CO2 :math:`X_y`, GDP :math:`G_y`):

.. math::

   P_{y} = \sum_{\text{blocks}} \sum_g \sum_t w_t\, \rho_{g,y,k}\, p_{g,y,t} + S^f_y + S^n_y,
   \qquad N_{y} = \sum_g \sum_t w_t\, \phi_g \rho_{g,y,k}\, p_{g,y,t} + S^n_y

   E_y = \sum_{\text{blocks}} \mathrm{CO2}_y + X_y, \qquad
   C_y = P_y - i^{ren}_y\, f_{y,k}\, R_y - i^{feed}_y\, F_y, \qquad
   0 \le R_y \le \mathrm{RE}_y - \mathrm{RE}_{b_0}

   N_y \ge s_y P_y \qquad (\text{non-fossil share of primary energy})

   C_y \le (1 + c)\,\frac{G_y}{G_b}\, C_b, \qquad
   E_y \le (1 + c')\,\frac{G_y}{G_b}\, E_b \qquad (\text{intensity against base year } b)

   E_y \le \overline{E}_y, \qquad C_y \le \overline{C}_y, \qquad
   E_{y'} \le E_Y \;\; \forall y' > Y \qquad (\text{totals; peak by } Y)

Symbols: :math:`\rho` primary energy per MWh of activity (fuel heat :math:`1/\eta`, or the
counting factor :math:`f_{y,k}` for primary electricity: coal substitution rate, or 1),
:math:`\phi` non-fossil fraction, :math:`\mathrm{RE}` renewable electricity,
:math:`R_y` new renewable electricity deducted (base year :math:`b_0`), :math:`F_y`
feedstock energy, :math:`i` 1 where an exclusion rule is in force. Each applies only where
its target is set. Prices are the duals per year of the target's year, converted to
yuan per percentage point, yuan/tce or yuan/t CO2.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.user_units import UserAmount, value_of
from lowcarbon_sim.units import TCE_MWH

#: Per kind: description, index name, unit of the row, scenario key, price unit.
KINDS: dict[str, tuple[str, str, str, str, str]] = {
    "nonfossil_share": (
        "non-fossil share of primary energy", "year", "MWh",
        "policy.targets.nonfossil_share.{year}", "yuan/pp",
    ),
    "energy_intensity": (
        "energy intensity (energy under control per unit of GDP) against its base year",
        "period", "MWh", "policy.targets.energy_intensity.{period}", "yuan/tce",
    ),
    "co2_intensity": (
        "CO2 intensity (province CO2 per unit of GDP) against its base year",
        "period", "t CO2", "policy.targets.co2_intensity.{period}", "yuan/t CO2",
    ),
    "co2_total": (
        "province CO2 total", "year", "t CO2", "policy.targets.co2_total.{year}", "yuan/t CO2",
    ),
    "energy_total": (
        "energy consumption under control", "year", "MWh",
        "policy.targets.energy_total.{year}", "yuan/tce",
    ),
    "peak_by": (
        "emissions peak: no year after the peak year above it", "year", "t CO2",
        "policy.targets.peak_by", "yuan/t CO2",
    ),
}


class TargetsBlock(Block):
    """The enforced targets, built from the other blocks' contributions."""

    name = "targets"

    def __init__(self, blocks):
        self.blocks = blocks

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self.b = b
        inp = ix.inputs
        self.rows: list[dict[str, Any]] = []
        if "policy_target" not in inp.coords or inp.sizes["policy_target"] == 0:
            return
        kinds = inp["policy_target_kind"].values.astype(str)
        ty = inp["policy_target_year"].values
        base = inp["policy_target_base_year"].values
        limit = inp["policy_target_limit"].values
        counting = int(inp["policy_target_counting"].values[0])
        self.counting = counting
        self.rows = [
            {
                "name": str(n),
                "kind": str(k),
                "year": int(y),
                "base": int(b0),
                "limit": float(v),
                "key": str(key),
            }
            for n, k, y, b0, v, key in zip(
                inp["policy_target"].values, kinds, ty, base, limit,
                inp["policy_target_key"].values, strict=True,
            )
        ]
        needed = sorted({r["year"] for r in self.rows} | {r["base"] for r in self.rows} - {-1})
        b.Y = pyo.Set(initialize=needed, ordered=True)
        blocks = [blk for blk in self.blocks if blk is not self]
        subs = [(blk, getattr(m, blk.name)) for blk in blocks]
        yp = ix.year_pos
        sec_f, sec_n = ix.array("sector_primary_fossil"), ix.array("sector_primary_nonfossil")
        b.primary = pyo.Expression(
            b.Y,
            rule=lambda _b, y: sum(blk.primary_energy(s, y, counting) for blk, s in subs)
            + float(sec_f[yp[y]] + sec_n[yp[y]]),
            doc="primary energy, MWh/yr",
        )
        b.nonfossil = pyo.Expression(
            b.Y,
            rule=lambda _b, y: sum(blk.primary_energy(s, y, counting, True) for blk, s in subs)
            + float(sec_n[yp[y]]),
            doc="non-fossil primary energy, MWh/yr",
        )
        sec_e = ix.array("sector_emissions")
        b.co2 = pyo.Expression(
            b.Y,
            rule=lambda _b, y: sum(blk.province_emissions(s, y) for blk, s in subs)
            + float(sec_e[yp[y]]),
            doc="province CO2, t CO2/yr",
        )
        self._add_exclusions(m, b, ix, subs)
        by_kind: dict[str, list[dict]] = {}
        for r in self.rows:
            by_kind.setdefault(r["kind"], []).append(r)
        gdp = ix.array("gdp")
        for kind, rows in by_kind.items():
            what, index, unit, key, _ = KINDS[kind]
            lookup = {self._index(r): r for r in rows}

            def rule(_b, i, lookup=lookup, kind=kind):
                r = lookup[i]
                y, y0, v = r["year"], r["base"], r["limit"]
                if kind == "nonfossil_share":
                    return b.nonfossil[y] - v * b.primary[y] >= 0
                if kind in ("energy_intensity", "co2_intensity"):
                    expr = b.control if kind == "energy_intensity" else b.co2
                    g = float((1.0 + v) * gdp[yp[y]] / gdp[yp[y0]])
                    return expr[y] - g * expr[y0] <= 0
                if kind == "co2_total":
                    return b.co2[y] <= v
                if kind == "energy_total":
                    return b.control[y] <= v
                return b.co2[y] - b.co2[y0] <= 0  # peak_by

            comp = pyo.Constraint(list(lookup), rule=rule, doc=what)
            b.add_component(kind, comp)
            note = _note(kind, lookup, gdp, yp)
            user = _user(kind, lookup, gdp, yp, b)
            register(
                m,
                comp,
                ConstraintFamily(what, (index,), unit, keys=(key,), rhs_note=note, user=user),
            )
            for i, r in lookup.items():
                r["constraint"] = comp
                r["index"] = i

    def _index(self, r: dict) -> Any:
        return f"{r['base']}-{r['year']}" if r["kind"].endswith("intensity") else r["year"]

    def _add_exclusions(self, m, b, ix: ModelIndex, subs) -> None:
        """``b.control[y]``: energy under control (primary energy minus the exclusions)."""
        yp = ix.year_pos
        in_force = ix.array("exclusion_in_force")  # (year, rule): new_renewables, feedstock
        feed = ix.array("feedstock_energy")
        factor = (
            ix.array("coal_substitution_factor") if self.counting == 0 else np.ones(len(ix.years))
        )
        base = int(ix.inputs.attrs.get("renewables_base_year", 2020))
        uses = [
            y
            for y in b.Y
            if in_force[yp[y], 0] > 0 and any(r["kind"].startswith("energy") for r in self.rows)
        ]
        if uses and base not in yp:
            uses = []  # the base year is not modelled: nothing can be deducted (documented)
        b.new_renewables_years = pyo.Set(initialize=uses, ordered=True)
        b.new_renewables = pyo.Var(
            b.new_renewables_years,
            within=pyo.NonNegativeReals,
            doc="renewable electricity above the base year's, deducted, MWh/yr",
        )
        if uses:
            b.new_renewables_limit = pyo.Constraint(
                b.new_renewables_years,
                rule=lambda _b, y: b.new_renewables[y]
                <= sum(blk.renewable_output(s, y) for blk, s in subs)
                - sum(blk.renewable_output(s, base) for blk, s in subs),
                doc="deduction within the growth of renewable electricity, MWh/yr",
            )
        self.renewables_base = base
        b.control = pyo.Expression(
            b.Y,
            rule=lambda _b, y: b.primary[y]
            - (float(factor[yp[y]]) * b.new_renewables[y] if y in uses else 0.0)
            - float(in_force[yp[y], 1] * feed[yp[y]]),
            doc="energy consumption under control, MWh/yr",
        )

    def values(self, sol) -> dict[str, np.ndarray]:
        """Per target row: achieved value, threshold, margin (>= 0: met), price and its unit."""
        n = len(self.rows)
        out = {
            "value": np.zeros(n),
            "threshold": np.zeros(n),
            "margin": np.zeros(n),
            "price": np.zeros(n),
        }
        if not n:
            return out
        b, ix, gdp = self.b, self.ix, self.ix.array("gdp")
        weight = ix.array("objective_weight")
        yp = ix.year_pos
        years = list(b.Y)
        ev = {
            name: dict(zip(years, sol.evaluate(getattr(b, name), years), strict=True))
            for name in ("primary", "nonfossil", "co2", "control")
        }
        for j, r in enumerate(self.rows):
            kind, y, y0, v = r["kind"], r["year"], r["base"], r["limit"]
            dual = float(sol.dual(r["constraint"], [r["index"]])[0]) / float(weight[yp[y]])
            if kind == "nonfossil_share":
                value = ev["nonfossil"][y] / ev["primary"][y]
                margin = value - v
                price = dual * ev["primary"][y] * 0.01
            elif kind.endswith("intensity"):
                series = ev["control"] if kind == "energy_intensity" else ev["co2"]
                value = (series[y] / gdp[yp[y]]) / (series[y0] / gdp[yp[y0]]) - 1.0
                margin = v - value
                price = -dual * (TCE_MWH if kind == "energy_intensity" else 1.0)
            elif kind == "co2_total":
                value, margin, price = ev["co2"][y], v - ev["co2"][y], -dual
            elif kind == "energy_total":
                value, margin = ev["control"][y], v - ev["control"][y]
                price = -dual * TCE_MWH
            else:  # peak_by: the year's emissions above the peak year's
                value = ev["co2"][y] - ev["co2"][y0]
                margin, price = -value, -dual
            out["value"][j], out["threshold"][j] = value, v
            out["margin"][j], out["price"][j] = margin, max(price, 0.0) + 0.0
        out["primary"] = np.array([ev["primary"][y] for y in years])
        out["control"] = np.array([ev["control"][y] for y in years])
        out["co2"] = np.array([ev["co2"][y] for y in years])
        return out


def _note(kind: str, lookup: dict, gdp, yp):
    """The right-hand side of a row in words (the diagnosis appends it)."""

    def note(row: dict) -> str:
        i = row.get("year", row.get("period"))
        r = lookup.get(i)
        if r is None:
            return ""
        if kind == "nonfossil_share":
            return f"a share of {r['limit']:.1%} of primary energy (sectors' energy included)"
        if kind.endswith("intensity"):
            g = gdp[yp[r["year"]]] / gdp[yp[r["base"]]]
            return (
                f"{1 + r['limit']:.3f} x the {r['base']} value x GDP growth {g:.3f} "
                f"(sectors outside the LP included as constants)"
            )
        if kind == "peak_by":
            return f"the emissions of {r['base']} (sectors outside the LP included)"
        return "a province total (sectors outside the LP included as constants)"

    return note


def _user(kind: str, lookup: dict, gdp, yp, b):
    """A row's relaxation as the target key's new value (``ConstraintFamily.user``): shares
    and intensity changes in percent, totals in Mt CO2 and Mtce, the peak as the rise above
    the peak year in Mt CO2."""

    def user(row: dict, upper: bool, limit: float, change: float) -> UserAmount | None:
        r = lookup.get(row.get("year", row.get("period")))
        if r is None:
            return None
        key, v, y, y0 = KINDS[kind][3].format(**row), r["limit"], r["year"], r["base"]
        if kind == "nonfossil_share":
            # N - s P >= -slack: the share met at the elastic solution is s - slack / P
            p = value_of(b.primary[y])
            return UserAmount(
                key, v, v + change / p, "%", upper=False,
                approximate=f"at the primary energy of the elastic solution, "
                f"{p / TCE_MWH / 1e6:,.1f} Mtce; the LP may reach a slightly higher share",
            )
        if kind.endswith("intensity"):
            # E_y - (1 + c) G_y/G_b E_b <= slack: c grows by slack / (G_y/G_b E_b)
            expr = b.control if kind == "energy_intensity" else b.co2
            scaled = float(gdp[yp[y]] / gdp[yp[y0]]) * value_of(expr[y0])
            return UserAmount(
                key, v, v + change / scaled, "% change", upper=True,
                approximate=f"at the {y0} value of the elastic solution",
            )
        if kind == "energy_total":
            mtce = TCE_MWH * 1e6
            return UserAmount(key, v / mtce, (v + change) / mtce, "Mtce", upper=True)
        if kind == "co2_total":
            return UserAmount(key, v / 1e6, (v + change) / 1e6, "Mt CO2", upper=True)
        # peak_by: the rise of year y above the peak year's emissions
        return UserAmount(key, 0.0, change / 1e6, "Mt CO2", upper=True)

    return user
