"""The solution of a solved model: primal values and duals by Pyomo component and index.

Depends on no other ``lowcarbon_sim.model`` module; :mod:`~lowcarbon_sim.model.highs` and
:mod:`~lowcarbon_sim.model.solve` create it, :mod:`~lowcarbon_sim.model.extract` reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any

import numpy as np
import pyomo.core as pyo

__all__ = ["Solution"]

_PARENT = methodcaller("parent_component")


@dataclass
class Solution:
    """Primal values and duals of a solved model, looked up by Pyomo component and index.

    Attributes
    ----------
    termination_condition
        ``optimal``, ``infeasible``, ``unbounded``, ``time_limit`` ...
    objective
        Optimal objective value (yuan, present value).
    solver, solver_version
        Which solver produced it.
    algorithm
        For HiGHS, the algorithm that ran: ``simplex``, ``hipo`` or ``ipx`` (interior
        point by direct factorisation or by conjugate gradients), ``pdlp``.
    timings
        Seconds spent per stage (``compile``, ``solve`` ...).
    iterations
        For HiGHS, its iteration counts: ``ipm`` (interior point), ``crossover`` and
        ``simplex``. Where the time of a long run went.
    quality
        For HiGHS, how exact the solution is (see
        :func:`~lowcarbon_sim.model.highs.solution_quality`): ``max_primal_infeasibility``,
        ``max_dual_infeasibility``, ``objective_gap`` (relative), ``max_complementarity_violation``.
    live
        For a solve by a :class:`~lowcarbon_sim.model.live.LiveModel`: ``mode`` (``fresh``
        or ``warm``), ``reason`` for a fresh solve, and how many costs, column bounds, row
        bounds and matrix coefficients were pushed to the live HiGHS model.
    evaluator
        When set, :meth:`evaluate` hands its work to it: a live model's member solved
        without its own Pyomo model evaluates the expressions with its own coefficients.
    """

    termination_condition: str
    objective: float
    solver: str
    solver_version: str
    timings: dict[str, float] = field(default_factory=dict)
    algorithm: str = ""
    iterations: dict[str, int] = field(default_factory=dict)
    quality: dict[str, float] = field(default_factory=dict)
    live: dict[str, Any] = field(default_factory=dict)
    evaluator: Callable[[Any, Sequence], np.ndarray] | None = field(default=None, repr=False)
    _col_of: dict[int, int] = field(default_factory=dict, repr=False)
    _x: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    _row_of: dict[int, int | list[int]] = field(default_factory=dict, repr=False)
    _duals: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    def value(self, var: Any, keys: Sequence | None = None) -> np.ndarray:
        """Values of an indexed Var at ``keys`` (all its indices when ``None``), as an array.

        A variable that appears in no constraint and not in the objective takes its value
        from its fixed value or its bounds (closest to zero).
        """
        if keys is None:
            return self._values(list(var.values()))
        # the component's own dict first (a lookup without Pyomo's index normalisation); a
        # key it does not hold as given goes through ``var[key]`` (a dict ``var`` has no
        # ``_data`` and is its own)
        data = getattr(var, "_data", var)
        try:
            datas = list(map(data.__getitem__, keys))
        except KeyError:
            datas = [var[k] for k in keys]
        return self._values(datas)

    def _values(self, datas: Sequence) -> np.ndarray:
        """:meth:`value` of the variables ``datas`` (``VarData``)."""
        col_of, x = self._col_of, self._x
        pos = list(map(col_of.get, map(id, datas)))
        if None not in pos:  # every variable is a column (the usual case): one take
            return x[np.array(pos, dtype=np.intp)]
        out = np.empty(len(datas))
        for n, v in enumerate(datas):
            pos = col_of.get(id(v))
            if pos is not None:
                out[n] = x[pos]
            elif v.value is not None and (v.fixed or not col_of):
                out[n] = v.value
            else:
                lb, ub = v.lb, v.ub
                out[n] = min(
                    max(0.0, lb if lb is not None else -np.inf), ub if ub is not None else np.inf
                )
        return out

    def dual(self, con: Any, keys: Iterable | None = None) -> np.ndarray:
        """Duals of an indexed Constraint at ``keys``: d(objective)/d(right-hand side).

        For a minimisation a binding ``<=`` row has a dual <= 0 and a binding ``>=`` row a
        dual >= 0. Rows that the compiler dropped (no variables) have dual 0.
        """
        datas = [con[k] for k in keys] if keys is not None else list(con.values())
        out = np.zeros(len(datas))
        for n, c in enumerate(datas):
            rows = self._row_of.get(id(c))
            if rows is not None:
                out[n] = float(self._duals[rows].sum())
        return out

    def evaluate(self, expression: Any, keys: Sequence) -> np.ndarray:
        """Values of the indexed Pyomo ``expression`` (an ``Expression`` or ``Constraint``
        body) at ``keys`` for this solution.

        Each expression is taken apart into its linear terms once (Pyomo's standard
        representation) and its variables are looked up by component, so results evaluate
        the very expressions the model is made of (the cost terms the objective sums).
        """
        from pyomo.repn.standard_repn import generate_standard_repn

        if self.evaluator is not None:
            return self.evaluator(expression, keys)
        out = np.empty(len(keys))
        for n, key in enumerate(keys):
            repn = generate_standard_repn(
                expression[key].expr, compute_values=True, quadratic=False
            )
            total = float(repn.constant)
            datas = repn.linear_vars
            if datas:
                values = self._values(datas)
                coefs = np.array(repn.linear_coefs, dtype=float)
                # summed by component (in the order met), as the values were always summed
                component = list(map(id, map(_PARENT, datas)))
                met = dict.fromkeys(component)
                if len(met) == 1:
                    total += float(np.dot(values, coefs))
                else:
                    ids = np.array(component, dtype=np.uint64)
                    for c in met:
                        at = np.flatnonzero(ids == c)
                        total += float(np.dot(values[at], coefs[at]))
            out[n] = total
        return out

    def load_into_model(self, model: pyo.ConcreteModel) -> None:
        """Write the primal values into the Pyomo variables (``var.value``)."""
        for v in model.component_data_objects(pyo.Var, descend_into=True):
            pos = self._col_of.get(id(v))
            if pos is not None:
                v.set_value(float(self._x[pos]), skip_validation=True)


def column_map(columns: Sequence) -> dict[int, int]:
    """Position of each variable (by ``id``) in ``columns``: :class:`Solution`'s ``_col_of``."""
    return dict(zip(map(id, columns), range(len(columns)), strict=True))


def row_map(constraints: Sequence) -> dict[int, int | list[int]]:
    """Row numbers of each constraint (by ``id``) in ``constraints``, one entry per row:
    :class:`Solution`'s ``_row_of``. A constraint with one row maps to its number, one with
    several (a ranged row's upper and lower) to their list, in row order."""
    ids = list(map(id, constraints))
    out: dict[int, int | list[int]] = dict(zip(ids, range(len(ids)), strict=True))
    if len(out) < len(ids):  # rare: found with numpy rather than a list per row
        keys, counts = np.unique(np.array(ids, dtype=np.uint64), return_counts=True)
        shared = np.flatnonzero(np.isin(np.array(ids, dtype=np.uint64), keys[counts > 1]))
        several: dict[int, list[int]] = {}
        for i in shared.tolist():
            several.setdefault(ids[i], []).append(i)
        out.update(several)
    return out
