"""One live HiGHS model for many solves of the same LP structure (sweeps, ensembles).

Members of a sweep or an ensemble usually differ only in numbers: costs, bounds, right-hand
sides. A :class:`LiveModel` keeps one ``highspy.Highs`` instance; each member's Pyomo model
is compiled to its standard form as usual (:func:`~lowcarbon_sim.model.highs.compile_model`)
and compared with the LP held by HiGHS. When the rows, columns and matrix pattern are the
same, only the entries that differ are pushed (``changeColsCost``, ``changeColsBounds``,
``changeRowsBounds``, ``changeCoeff`` for a few matrix values) and HiGHS starts from the
previous optimal basis: primal simplex when only costs changed (the basis stays primal
feasible), dual simplex when bounds or right-hand sides changed (it stays dual feasible).
Any other difference (rows or columns added or dropped, a new matrix pattern, many matrix
values, other solver options) means a fresh solve, and the member's record says why.

The comparison works on the compiled arrays only, so it does not depend on which blocks or
constraint families made the LP (anything a user adds with ``customize`` included). The
member's Pyomo model is still built and compiled: the results evaluate the model's own
expressions, and the compiled arrays are what tells which entries changed.

A warm start that does not end optimal (infeasible, unbounded, a limit) is solved again from
scratch, so statuses and diagnoses are those of a fresh solve.

Depends on :mod:`~lowcarbon_sim.model.highs`; :mod:`~lowcarbon_sim.model.solve` uses
:func:`current_live_model` to hand its HiGHS solves to the live model while one is active.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.model.highs import StandardForm, run_highs, set_options, solve_highs
from lowcarbon_sim.model.solution import Solution

__all__ = ["MAX_COEFF_CHANGES", "LiveModel", "current_live_model", "live_model"]

# Matrix values pushed one by one (changeCoeff) at most; beyond, a fresh passModel is cheaper.
MAX_COEFF_CHANGES = 1000
# simplex_strategy values of HiGHS
_DUAL, _PRIMAL = 1, 4

_ACTIVE: contextvars.ContextVar[LiveModel | None] = contextvars.ContextVar(
    "lowcarbon_sim_live_model", default=None
)


def current_live_model() -> LiveModel | None:
    """The :class:`LiveModel` active in this context (see :func:`live_model`), or ``None``."""
    return _ACTIVE.get()


@contextlib.contextmanager
def live_model(live: LiveModel | None = None) -> Iterator[LiveModel]:
    """Within the block, every HiGHS solve of :func:`~lowcarbon_sim.model.solve.solve_model`
    (and so of :func:`lowcarbon_sim.run`) goes through ``live`` (a new one by default)::

        with live_model() as lm:
            for price in (0, 50, 100):
                lcs.run(path, overrides={"policy.co2_price": price})
        print(lm.records)
    """
    lm = live if live is not None else LiveModel()
    token = _ACTIVE.set(lm)
    try:
        yield lm
    finally:
        _ACTIVE.reset(token)


class LiveModel:
    """A HiGHS model kept alive between solves of LPs of one structure.

    Attributes
    ----------
    records
        One dict per solve: ``mode`` (``fresh`` or ``warm``), ``reason`` (why fresh),
        ``changed`` (entries pushed: ``cost``, ``col_bounds``, ``row_bounds``, ``coeff``),
        ``strategy`` (``primal``/``dual`` simplex, or the algorithm of the options),
        ``seconds`` (HiGHS, s) and ``iterations`` (simplex).
    """

    def __init__(self) -> None:
        self._h: Any = None
        self._sf: StandardForm | None = None
        self._options: dict[str, Any] | None = None
        self.records: list[dict[str, Any]] = []
        self._record: dict[str, Any] = {}

    def close(self) -> None:
        """Drop the HiGHS model (the next solve is fresh)."""
        self._h = self._sf = self._options = None

    def solve(
        self,
        model: pyo.ConcreteModel,
        options: dict[str, Any],
        time_limit: float | None = None,
        diagnose: Callable[[pyo.ConcreteModel, StandardForm], list[str]] | None = None,
    ) -> Solution:
        """Solve ``model`` like :func:`~lowcarbon_sim.model.highs.solve_highs`, reusing the
        live HiGHS model where the structure allows; the record goes to ``Solution.live``."""
        self._record = {}
        try:
            sol = solve_highs(model, options, time_limit, diagnose, runner=self._run)
        finally:
            self.records.append(self._record)
        sol.live = dict(self._record)
        # HiGHS's own run clock adds up over the life of the instance: this solve's share
        sol.timings["highs_run"] = float(self._record.get("highs_run", sol.timings["solve"]))
        return sol

    # ----------------------------------------------------------------------------------

    def _fresh(self, sf: StandardForm, options: dict[str, Any], time_limit, reason: str):
        t0 = time.perf_counter()
        h = run_highs(sf, options, time_limit)
        self._h, self._sf, self._options = h, sf, dict(options)
        self._record = {
            "mode": "fresh",
            "reason": reason,
            "changed": {},
            "strategy": str(options.get("solver", "")),
            "seconds": time.perf_counter() - t0,
            "highs_run": float(h.getRunTime()),
            "iterations": int(h.getInfo().simplex_iteration_count),
        }
        return h

    def _run(self, sf: StandardForm, options: dict[str, Any], time_limit: float | None):
        import highspy

        if self._h is None or self._sf is None:
            return self._fresh(sf, options, time_limit, "first solve")
        if options != self._options:
            return self._fresh(sf, options, time_limit, "solver options differ")
        base = self._sf
        coeff = _coeff_changes(base.A, sf.A)
        if isinstance(coeff, str):
            return self._fresh(sf, options, time_limit, coeff)
        t0 = time.perf_counter()
        h = self._h
        cost = np.flatnonzero(base.c != sf.c)
        cols = np.flatnonzero((base.col_lower != sf.col_lower) | (base.col_upper != sf.col_upper))
        rows = np.flatnonzero((base.row_lower != sf.row_lower) | (base.row_upper != sf.row_upper))
        if cost.size:
            h.changeColsCost(cost.size, cost.astype(np.int32), sf.c[cost])
        if cols.size:
            h.changeColsBounds(
                cols.size, cols.astype(np.int32), sf.col_lower[cols], sf.col_upper[cols]
            )
        if rows.size:
            h.changeRowsBounds(
                rows.size, rows.astype(np.int32), sf.row_lower[rows], sf.row_upper[rows]
            )
        for r, c, v in zip(*coeff, strict=True):
            h.changeCoeff(int(r), int(c), float(v))
        if sf.offset != base.offset:
            h.changeObjectiveOffset(sf.offset)
        self._sf = sf  # HiGHS now holds this member's LP
        warm_basis = str(options.get("solver", "choose")) in ("simplex", "choose") and bool(
            h.getBasis().valid
        )
        strategy = str(options.get("solver", ""))
        set_options(h, options, time_limit)
        if warm_basis and "simplex_strategy" not in options:
            only_costs = not (cols.size or rows.size or len(coeff[0]))
            h.setOptionValue("simplex_strategy", _PRIMAL if only_costs else _DUAL)
            strategy = "primal" if only_costs else "dual"
        run0 = float(h.getRunTime())
        h.run()
        changed = {
            "cost": int(cost.size),
            "col_bounds": int(cols.size),
            "row_bounds": int(rows.size),
            "coeff": len(coeff[0]),
        }
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            status = h.getModelStatus().name
            h = self._fresh(sf, options, time_limit, f"warm start ended {status}; solved again")
            self._record["changed"] = changed
            return h
        self._record = {
            "mode": "warm",
            "reason": "",
            "changed": changed,
            "strategy": strategy,
            "seconds": time.perf_counter() - t0,
            "highs_run": float(h.getRunTime()) - run0,
            "iterations": int(h.getInfo().simplex_iteration_count),
        }
        return h


def _coeff_changes(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray] | str:
    """(rows, columns, new values) of the matrix entries where ``b`` differs from ``a``
    (CSC arrays), or why the two cannot be bridged by ``changeCoeff``."""
    if a.shape != b.shape:
        return (
            f"the LP's size differs ({b.shape[0]} rows x {b.shape[1]} columns against "
            f"{a.shape[0]} x {a.shape[1]})"
        )
    if not (np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)):
        return "the matrix pattern differs"
    k = np.flatnonzero(a.data != b.data)
    if k.size > MAX_COEFF_CHANGES:
        return f"{k.size} matrix coefficients differ (more than {MAX_COEFF_CHANGES})"
    col = np.searchsorted(b.indptr, k, side="right") - 1
    return b.indices[k], col, b.data[k]
