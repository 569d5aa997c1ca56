r"""Capacity block: existing fleet, new build by vintage, capacity limits, capital and fixed cost.

Formulation
-----------
Sets: technologies :math:`g`, modelled years :math:`y`, build years :math:`v` (decision years
in which :math:`g` is extendable).

Variables: :math:`B_{g,v} \ge 0` new capacity built in year :math:`v` (MW).

Capacity in year :math:`y` (an expression, not a variable):

.. math:: K_{g,y} = E_{g,y} + \sum_{v \le y < v + L_g} B_{g,v}

with :math:`E` the existing capacity and :math:`L` the lifetime. Capacity counts at year end
(as the statistics count it); in its build year new capacity runs only part of the year, so
every operating limit (dispatch, storage, reserve, commitment, import bands) uses the
capacity in service on average over the year

.. math:: \bar K_{g,y} = K_{g,y} - (1 - \phi_g)\,B_{g,y} / w_y - P_{g,y} / w_y

with :math:`\phi_g` the share of its first year that new capacity runs
(``first_year_availability``, 1 by default), :math:`w_y` the years that :math:`y` stands
for (each of them builds :math:`B_{g,y}/w_y` and runs it :math:`\phi_g` of that year) and
:math:`P` the committed projects' capacity not yet running in their first year
(``pipeline_idle_capacity``: :math:`(1 - \text{share})` times their capacity; negative for
a retirement, whose capacity runs part of the year). The
reserve margin counts :math:`\bar K` too, and the build year pays the annuity and fixed O&M
of the running share only (payments start when the capacity runs, so a build late in the
horizon is not penalised against an earlier one); a retrofit's converted units stay the
parent's (running and paying its fixed O&M) for the rest of the year. Capacity and build
limits are on :math:`K`. A retrofit :math:`r` of
technology :math:`g` (``retrofit_of``, e.g. coal with CCS) converts capacity: every MW of
:math:`r` alive in :math:`y` is subtracted from :math:`K_{g,y}`, and
:math:`\sum_{r} \sum_{v} B_{r,v} \le E_{g,y}` (only existing capacity is retrofitted). Bounds:
:math:`w_v\,\underline{b}_{g,v} \le B_{g,v} \le w_v\,\overline{b}_{g,v}` (build limits per
year times the years :math:`w_v` that year :math:`v` stands for), and
:math:`\underline{K}_{g,y} \le K_{g,y} \le \overline{K}_{g,y}` in decision years.

Annual cost: :math:`\sum_{v \le y < v+L} a_g\, c_{g,v}\, B_{g,v} + f_{g,y} K_{g,y}` (in the
build year :math:`B_{g,y}` counted at its running share, and a committed project's first
year without :math:`P_{g,y}/w_y`) with
:math:`a_g` the annuity factor, :math:`c` the capex per MW (storage: plus energy capex times
the energy-to-power ratio) and :math:`f` the fixed O&M per MW and year.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.blocks.base import Block, ConstraintFamily, register
from lowcarbon_sim.model.index import ModelIndex


class CapacityBlock(Block):
    """Existing and new capacity of every technology."""

    name = "capacity"

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        self.ix = ix
        self._capacity: dict[tuple[str, int], Any] = {}  # capacity(g, y), built once each
        self._fixed: dict[tuple[str, int], bool] = {}  # is_fixed(g, y), found once each
        years = ix.years
        decision = ix.array("is_decision_year").astype(bool)
        extendable = ix.array("extendable").astype(bool)
        weight = ix.array("year_weight")
        life = ix.array("lifetime")
        self.existing = ix.array("existing_capacity")
        build_min = ix.array("build_min")
        build_max = ix.array("build_max")
        self.capex_per_mw = ix.array("capex_per_mw")
        # (year, tech): the share of the year's build not yet running on average
        self._idle = (1.0 - ix.array("first_year_availability"))[None, :] / weight[:, None]
        # (year, tech): committed projects' capacity not yet running in their first year, MW
        self._pipeline_idle = ix.array("pipeline_idle_capacity") / weight[:, None]
        self._operating: dict[tuple[str, int], Any] = {}
        self.build_index = [
            (g, y)
            for g, ext in zip(ix.techs, extendable, strict=True)
            if ext
            for i, y in enumerate(years)
            if decision[i]
        ]

        def bounds(_b, g, y):
            i, j = ix.year_pos[y], ix.tech_pos[g]
            upper = build_max[i, j] * weight[i]
            return build_min[i, j] * weight[i], (None if np.isinf(upper) else upper)

        self._build_keys = set(self.build_index)
        b.build_set = pyo.Set(initialize=self.build_index, dimen=2, ordered=True)
        b.build = pyo.Var(
            b.build_set,
            within=pyo.NonNegativeReals,
            bounds=bounds,
            doc="new capacity built in a year, MW",
        )
        # which builds are alive in each (tech, year)
        self.alive: dict[tuple[str, int], list[int]] = {}
        for g, v in self.build_index:
            j = ix.tech_pos[g]
            for y in years:
                if v <= y < v + life[j]:
                    self.alive.setdefault((g, y), []).append(v)
        self.b = b
        self._add_retrofits(m, b, ix)
        self._capacity.clear()  # the retrofits change what capacity(g, y) is
        self._fixed.clear()
        self._operating.clear()

        cap_max = ix.array("capacity_max")
        cap_min = ix.array("capacity_min")
        limited = [
            (g, y)
            for (g, y) in sorted(self.alive, key=lambda k: (ix.tech_pos[k[0]], k[1]))
            if np.isfinite(cap_max[ix.year_pos[y], ix.tech_pos[g]])
            or cap_min[ix.year_pos[y], ix.tech_pos[g]] > 0
        ]

        def limit_rule(_b, g, y):
            i, j = ix.year_pos[y], ix.tech_pos[g]
            upper = cap_max[i, j]
            lower = cap_min[i, j] if cap_min[i, j] > 0 else None
            return pyo.inequality(lower, self.capacity(g, y), None if np.isinf(upper) else upper)

        b.limit_set = pyo.Set(initialize=limited, dimen=2, ordered=True)
        b.capacity_limit = pyo.Constraint(
            b.limit_set, rule=limit_rule, doc="installed capacity within its limits, MW"
        )
        register(
            m,
            b.capacity_limit,
            ConstraintFamily(
                "installed capacity within capacity_min..capacity_max",
                ("tech", "year"),
                "MW",
                keys=("power.techs.{tech}.capacity_min", "power.techs.{tech}.capacity_max"),
            ),
        )

    def _add_retrofits(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        """Retrofits take capacity from the technology they convert (``retrofit_of``)."""
        parent_of = ix.array("retrofit_of")
        self.retrofits: dict[str, list[str]] = {}
        for r, parent in zip(ix.techs, parent_of, strict=True):
            if parent:
                self.retrofits.setdefault(str(parent), []).append(r)
        index = [
            (g, y)
            for g, children in self.retrofits.items()
            for y in ix.years
            if any((r, y) in self.alive for r in children)
        ]
        b.retrofit_set = pyo.Set(initialize=index, dimen=2, ordered=True)

        def rule(_b, g, y):
            converted = sum(
                b.build[r, v] for r in self.retrofits[g] for v in self.alive.get((r, y), [])
            )
            return converted <= self.existing_capacity(g, y)

        b.retrofit_limit = pyo.Constraint(
            b.retrofit_set, rule=rule, doc="retrofitted capacity within the existing fleet, MW"
        )
        register(
            m,
            b.retrofit_limit,
            ConstraintFamily(
                "retrofits within the existing capacity of the technology they convert",
                ("tech", "year"),
                "MW",
            ),
        )

    def _converted(self, g: str, y: int) -> list[tuple[str, int]]:
        """(retrofit, build year) pairs whose capacity is taken from ``g`` in ``y``."""
        return [
            (r, v) for r in self.retrofits.get(g, ()) for v in self.alive.get((r, y), [])
        ]

    def is_fixed(self, g: str, y: int) -> bool:
        """Whether the capacity of ``g`` in ``y`` is a constant (no new build affects it)."""
        # asked for every dispatch, commitment and storage variable's bounds (135k calls)
        fixed = self._fixed.get((g, y))
        if fixed is None:
            fixed = self._fixed[g, y] = (g, y) not in self.alive and not self._converted(g, y)
        return fixed

    def existing_capacity(self, g: str, y: int) -> float:
        """Existing capacity of ``g`` in ``y``, MW."""
        return float(self.existing[self.ix.year_pos[y], self.ix.tech_pos[g]])

    def capacity(self, g: str, y: int) -> Any:
        """Installed capacity of ``g`` in ``y``, MW (a constant or a linear expression).

        Each (tech, year) expression is built once and shared by every row using it (Pyomo
        expressions may share sub-expressions): 62k calls in the default build, 0.4 CPU-s.
        """
        key = (g, y)
        if key not in self._capacity:
            self._capacity[key] = self._new_capacity(g, y)
        return self._capacity[key]

    def _new_capacity(self, g: str, y: int) -> Any:
        """The expression :meth:`capacity` returns, built afresh."""
        base = self.existing_capacity(g, y)
        builds = self.alive.get((g, y))
        converted = self._converted(g, y)
        if not builds and not converted:
            return base
        return (
            base
            + sum(self.b.build[g, v] for v in builds or ())
            - sum(self.b.build[r, v] for r, v in converted)
        )

    def running_share(self, g: str, v: int, y: int) -> float:
        """Share of the build ``B[g, v]`` running in ``y`` on average (1 after its build
        year): what the build pays in ``y`` (annuity, fixed O&M) and serves (operation,
        reserve margin)."""
        if v != y:
            return 1.0
        return 1.0 - float(self._idle[self.ix.year_pos[y], self.ix.tech_pos[g]])

    def operating_capacity(self, g: str, y: int) -> Any:
        """Capacity of ``g`` in service on average over ``y``, MW: :meth:`capacity` less the
        part of the year's new build not yet running (``first_year_availability``); what the
        operating limits use. Built once per (tech, year), like :meth:`capacity`."""
        key = (g, y)
        if key not in self._operating:
            idle = 1.0 - self.running_share(g, y, y)
            k = self.capacity(g, y)
            committed = float(self._pipeline_idle[self.ix.year_pos[y], self.ix.tech_pos[g]])
            if committed:
                k = k - committed
            if idle > 0 and key in self._build_keys:
                k = k - idle * self.b.build[g, y]
            # a unit converted this year stays the parent's until its retrofit runs
            for r, v in self._converted(g, y):
                back = 1.0 - self.running_share(r, v, y)
                if back > 0:
                    k = k + back * self.b.build[r, v]
            self._operating[key] = k
        return self._operating[key]

    def firm_capacity(self, b: pyo.Block, y: int) -> Any:
        """Capacity in service times capacity credit of every technology in year ``y``, MW
        (the credit is zero where the technology-class table says a class is not firm)."""
        credit = self.ix.array("capacity_credit")
        return sum(
            float(credit[j]) * self.operating_capacity(g, y)
            for j, g in enumerate(self.ix.techs)
            if credit[j] > 0
        )

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Annualised investment of the vintages alive in ``y`` and fixed O&M of the capacity
        installed in ``y``, yuan/yr."""
        ix = self.ix
        i = ix.year_pos[y]
        annuity = ix.array("annuity_factor")
        fom = ix.array("fom")[i]
        # committed projects pay from when they run, as new build does
        existing = self.existing[i] - self._pipeline_idle[i]
        invest, fixed = [], [float((fom * existing).sum())]
        for (g, yy), builds in self.alive.items():
            if yy != y:
                continue
            j = ix.tech_pos[g]
            for v in builds:
                paid = self.running_share(g, v, y)  # payments start when the capacity runs
                invest.append(float(paid * annuity[j] * self.capex_per_mw[ix.year_pos[v], j])
                              * b.build[g, v])
                fixed.append(float(paid * fom[j]) * b.build[g, v])
        # converted capacity no longer pays the fixed O&M of the technology it came from
        for g in self.retrofits:
            for r, v in self._converted(g, y):
                share = self.running_share(r, v, y)  # the parent's until the retrofit runs
                fixed.append(-float(share * fom[ix.tech_pos[g]]) * b.build[r, v])
        return {"investment": sum(invest), "fixed_om": sum(fixed)}

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved capacity (year, tech), capacity in service on average over the year
        (:meth:`operating_capacity`) and new build (year, tech), MW."""
        ix = self.ix
        build = np.zeros(self.existing.shape)
        if self.build_index:
            vals = sol.value(self.b.build, self.build_index)
            for (g, v), x in zip(self.build_index, vals, strict=True):
                build[ix.year_pos[v], ix.tech_pos[g]] = x
        capacity = self.existing.copy()
        for (g, y), builds in self.alive.items():
            for v in builds:
                capacity[ix.year_pos[y], ix.tech_pos[g]] += build[ix.year_pos[v], ix.tech_pos[g]]
        for g in self.retrofits:
            for y in ix.years:
                for r, v in self._converted(g, y):
                    capacity[ix.year_pos[y], ix.tech_pos[g]] -= build[
                        ix.year_pos[v], ix.tech_pos[r]
                    ]
        idle = self._idle
        operating = capacity - idle * build - self._pipeline_idle
        for g in self.retrofits:
            for y in ix.years:
                for r, v in self._converted(g, y):
                    if v == y:  # a unit converted this year stays the parent's until then
                        i, jr = ix.year_pos[y], ix.tech_pos[r]
                        operating[i, ix.tech_pos[g]] += idle[i, jr] * build[i, jr]
        return {"capacity": capacity, "operating_capacity": operating, "new_capacity": build}
