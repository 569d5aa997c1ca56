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
constraint families made the LP (anything a user adds with ``customize`` included).

Members without a Pyomo build. The live model also keeps the first member's Pyomo model
and LP numbers (:class:`_Span`). The member's inputs are flattened to one vector of numbers
(every numeric input value); the rest of the inputs (names, shapes, coordinates, text, the
sign/zero/NaN pattern of the numbers) must be the kept model's or a built member's. The LP's
numbers (costs, bounds, right-hand sides, matrix values, objective constant) and the
coefficients of the model's ``Expression`` components (the cost terms the results
evaluate) are affine in the inputs' numbers wherever an input enters a product with
constants of the structure only (prices, capex, fom, vom, demand, caps, CO2 price). So when
the member's input change is a linear combination of the changes of members built before
(least squares, residual <= :data:`SPAN_RTOL` per entry, relative to its size), its LP is
the same combination of their LP changes: pushed to HiGHS as above, with no Pyomo build
and no compile; the results evaluate the model's expressions with the member's
coefficients (``Solution.evaluator``) and read the member's inputs (the kept model's
``lcs_index.inputs``). Any other member is built (its record says why), and one of the kept
structure adds its change as a direction (at most :data:`MAX_SPAN_POINTS`). The first
prediction from a new set of directions is checked against a real build of that member to
:data:`PREDICT_RTOL` per entry; a miss (an input entering non-linearly, e.g. through a
maximum) stops predictions for this live model. A CO2-price sweep builds its first two
members and checks the third; an ensemble needs one built member per independent direction
of its draws (a GDP-growth draw moves the demand of 2026-2030 as a polynomial of the rate:
four directions in ``hunan_uncertainty``). The sector
modules' outputs are reused when a member changes none of the sections they read
(:func:`sector_key`). Runs with ``customize`` or another solver are always built.

Which basis a member starts from. The live model keeps the optimal basis of every member
it solved (at most :data:`MAX_BASES`) with the member's LP numbers, and starts each member
from the basis of the nearest one (:func:`_lp_distance`: changed entries weighted by their
relative change), not merely the previous one: an ensemble's draws are in no order, and
the nearest member solved so far is usually closer than the last. Primal simplex is chosen
when the member differs from that nearest one only in costs. A sweep's members come in order,
so the nearest is the previous one there.

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
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.highs import StandardForm, run_highs, set_options, solve_highs
from lowcarbon_sim.model.solution import Solution

__all__ = [
    "MAX_BASES",
    "MAX_COEFF_CHANGES",
    "MAX_SPAN_POINTS",
    "LiveModel",
    "current_live_model",
    "live_model",
    "sector_key",
]

# Built members kept as directions of the input space (their LP numbers, sparse)
MAX_SPAN_POINTS = 12
# A member's input change must be a combination of the kept ones to this relative residual
# (per entry, relative to the entry's size)
SPAN_RTOL = 1e-10
# A predicted LP must match the built one to this relative error per entry (verification)
PREDICT_RTOL = 1e-9
# Scenario sections the sector modules read (lowcarbon_sim.sectors): a member that changes
# none of them reuses the previous member's sector outputs
SECTOR_SECTIONS = ("sectors", "economy", "demand", "profiles", "years", "dataset")

# Matrix values pushed one by one (changeCoeff) at most; beyond, a fresh passModel is cheaper
# (about 1.7 us per value against 0.38 s for passModel on a 1.85 M-nonzero LP; members that
# sample a yield change every one of its availability entries, docs/performance.md).
MAX_COEFF_CHANGES = 200_000
# Optimal bases kept to warm-start later members from the nearest one (each with the LP's
# numbers as float32, about 6 MB on the default scenario)
MAX_BASES = 32
# Where a warm member starts: "nearest" kept basis, or the "previous" member's (the basis
# HiGHS holds); `benchmarks/many_solves.py --warm-basis` compares the two
WARM_BASIS = "nearest"
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

    Members solved without a build share the kept Pyomo model: their ``Results.model``
    holds the first member's numbers (the datasets hold each member's own).
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

    def __init__(self, reuse_models: bool = True) -> None:
        self._h: Any = None
        self._sf: StandardForm | None = None
        self._options: dict[str, Any] | None = None
        self.records: list[dict[str, Any]] = []
        self._record: dict[str, Any] = {}
        self.reuse_models = reuse_models
        self._span = _Span()
        self._member: dict[str, Any] = {}  # this member's inputs, prediction, build note
        self._cache: dict[str, tuple[str, Any]] = {}
        # (LP numbers as float32, number of costs, optimal basis) of solved members
        self._bases: list[tuple[np.ndarray, int, Any]] = []

    def close(self) -> None:
        """Drop the HiGHS model (the next solve is fresh) and the kept Pyomo model."""
        self._h = self._sf = self._options = None
        self._span = _Span()
        self._member = {}
        self._cache.clear()
        self._bases.clear()

    # ----------------------------------------------------------------------------------
    # members without a Pyomo build (called by lowcarbon_sim.pipeline)

    def cached(self, name: str, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, or its previous result when ``key`` is the previous call's key
        (the sector outputs of members that change no sector key, see :func:`sector_key`)."""
        hit = self._cache.get(name)
        if hit is not None and hit[0] == key:
            self._member[f"cached_{name}"] = True
            return hit[1].copy(deep=True) if hasattr(hit[1], "copy") else hit[1]
        value = compute()
        self._cache[name] = (key, value.copy(deep=True) if hasattr(value, "copy") else value)
        return value

    def reuse(self, inputs: Any) -> pyo.ConcreteModel | None:
        """The kept Pyomo model, ready to solve the member of ``inputs`` without a build,
        or ``None`` (build it; the reason goes to the member's record as ``build``).

        ``inputs`` ``None`` (a run with ``customize``) always builds and is not kept. The
        kept model's index then reads this member's inputs (``lcs_index.inputs``), and its
        solve and expression values use the member's numbers (:meth:`solve`).
        """
        self._member = {k: v for k, v in self._member.items() if k.startswith("cached_")}
        if inputs is None or not self.reuse_models:
            self._member["build"] = "built: customized run" if inputs is not None else ""
            return None
        point = _InputPoint.of(inputs)
        self._member["point"] = point
        sf, exprs, reason = self._span.predict(point)
        if sf is None:
            self._member["build"] = f"built: {reason}"
            return None
        if not self._span.verified():
            # the first prediction from these directions is checked against a real build
            self._member["verify"] = (sf, exprs)
            self._member["build"] = "built: checking the prediction of the LP from kept members"
            return None
        model = self._span.model
        model.lcs_index.inputs = inputs  # results read this member's inputs
        self._member.update(predicted=(sf, exprs), build=f"skipped: {reason}")
        return model

    def solve(
        self,
        model: pyo.ConcreteModel,
        options: dict[str, Any],
        time_limit: float | None = None,
        diagnose: Callable[[pyo.ConcreteModel, StandardForm], list[str]] | None = None,
    ) -> Solution:
        """Solve ``model`` like :func:`~lowcarbon_sim.model.highs.solve_highs`, reusing the
        live HiGHS model where the structure allows; the record goes to ``Solution.live``.

        After :meth:`reuse` returned the kept model, the member's LP is the predicted one
        (no compile), and ``Solution.evaluate`` of the model's expressions uses the member's
        coefficients. A model built for the member is compiled and, when its structure is
        the kept one's, its numbers become a new direction (or check a prediction).
        """
        self._record = {}
        member, self._member = self._member, {}
        predicted = member.get("predicted") if model is self._span.model else None
        t0 = time.process_time()
        try:
            sol = solve_highs(
                model,
                options,
                time_limit,
                diagnose,
                runner=self._run,
                standard_form=predicted[0] if predicted else None,
            )
        finally:
            self._record["build"] = member.get("build", "")
            self._record["cached_sectors"] = bool(member.get("cached_sectors", False))
            self.records.append(self._record)
        if predicted:
            sol.evaluator = predicted[1].evaluator(sol)
        elif self.reuse_models and "point" in member and self._sf is not None:
            t1 = time.process_time()
            note = self._span.add(model, self._sf, member["point"], member.get("verify"))
            if note:
                self._record["build"] += f" ({note})"
            sol.timings["live_keep"] = time.process_time() - t1
        sol.timings["live_cpu"] = time.process_time() - t0
        sol.live = dict(self._record)
        # HiGHS's own run clock adds up over the life of the instance: this solve's share
        sol.timings["highs_run"] = float(self._record.get("highs_run", sol.timings["solve"]))
        return sol

    # ----------------------------------------------------------------------------------

    def _keep_basis(self, h: Any, numbers: np.ndarray) -> None:
        """Keep ``h``'s optimal basis with the LP ``numbers`` (:func:`_lp_numbers`)."""
        import highspy

        basis = h.getBasis()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal or not basis.valid:
            return
        if len(self._bases) >= MAX_BASES:
            self._bases.pop(0)
        self._bases.append((numbers.astype(np.float32), len(self._sf.c), basis))

    def _nearest_basis(self, numbers: np.ndarray) -> tuple[int, bool]:
        """Index of the kept basis whose LP is nearest to ``numbers`` (-1: none), and
        whether that LP differs from it in costs only."""
        if not self._bases:
            return -1, False
        mine = numbers.astype(np.float32)
        dist = [_lp_distance(mine, f) for f, _, _ in self._bases]
        k = int(np.argmin(dist)) if WARM_BASIS == "nearest" else len(self._bases) - 1
        f, n_cost, _ = self._bases[k]
        # bounds, right-hand sides and matrix values; the objective constant (last) is a cost
        same = f.shape == mine.shape and np.array_equal(f[n_cost:-1], mine[n_cost:-1])
        return k, bool(same)

    def _fresh(self, sf: StandardForm, options: dict[str, Any], time_limit, reason: str):
        t0 = time.perf_counter()
        h = run_highs(sf, options, time_limit)
        self._h, self._sf, self._options = h, sf, dict(options)
        self._bases.clear()
        self._keep_basis(h, _lp_numbers(sf)[0])
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
        if _without_path_options(options) != _without_path_options(self._options or {}):
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
        numbers = _lp_numbers(sf)[0]
        only_costs = not (cols.size or rows.size or len(coeff[0]))
        start = len(self._bases) - 1  # the basis HiGHS holds: the previous member's
        if warm_basis:
            k, costs_only_from_k = self._nearest_basis(numbers)
            if 0 <= k != start:
                h.setBasis(self._bases[k][2])
                start, only_costs = k, costs_only_from_k
        # Only costs changed: the basis stays primal feasible, and primal simplex from it
        # beat dual simplex by about half the iterations on the default LP; the scaling
        # and presolve options made no difference (docs/performance.md, many solves).
        if warm_basis and "simplex_strategy" not in options:
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
            "basis_from": len(self._bases) - start,  # 1: the previous member's
            "seconds": time.perf_counter() - t0,
            "highs_run": float(h.getRunTime()) - run0,
            "iterations": int(h.getInfo().simplex_iteration_count),
        }
        self._keep_basis(h, numbers)
        return h


def _lp_distance(a: np.ndarray, b: np.ndarray) -> float:
    """How far two LPs of one structure are apart: the sum over their numbers of
    |a - b| / max(|a|, |b|) (0 where equal, 1 for an entry that becomes or leaves zero)."""
    if a.shape != b.shape:
        return float("inf")
    diff = np.abs(a - b)
    size = np.maximum(np.abs(a), np.abs(b))
    return float(np.sum(diff[diff > 0] / size[diff > 0]))


def _without_path_options(options: dict[str, Any]) -> dict[str, Any]:
    """``options`` without those that change HiGHS's path but not the LP or its optimum:
    the objective scale follows each member's costs
    (:func:`~lowcarbon_sim.model.algorithm.objective_scale_exponent`), and a member whose
    exponent differs still warm-starts from the kept basis."""
    return {k: v for k, v in options.items() if k != "user_objective_scale"}


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


# --------------------------------------------------------------------------------------
# members as points of the input space: predicting a member's LP without a Pyomo build


def sector_key(scenario: Any) -> str:
    """What the sector modules read of ``scenario`` (:data:`SECTOR_SECTIONS` and the file
    it came from), as one string: equal keys give equal sector outputs."""
    import json

    tree = scenario.model_dump(mode="json", by_alias=True)
    part = {k: tree.get(k) for k in SECTOR_SECTIONS}
    part["source_file"] = str(getattr(scenario, "source_file", "") or "")
    return json.dumps(part, sort_keys=True, default=str)


@dataclass
class _InputPoint:
    """A member's inputs as numbers: every numeric input value in one flat vector, the
    rest (names, shapes, coordinates, text inputs, attributes) as a signature that must
    be equal, and the sign pattern of the numbers (zero, NaN and infinite entries
    included), which must be one already seen on a built member."""

    theta: np.ndarray
    signature: tuple
    pattern: np.ndarray

    @classmethod
    def of(cls, inputs: Any) -> _InputPoint:
        parts, sig = [], []
        for name in sorted(inputs.data_vars):
            a = inputs[name].values
            if a.dtype.kind in "fiub":
                parts.append(np.asarray(a, dtype=float).ravel())
                sig.append((name, a.shape))
            else:
                sig.append((name, a.shape, tuple(map(str, a.ravel()))))
        for name in sorted(inputs.coords):
            sig.append((name, tuple(map(str, np.asarray(inputs[name].values).ravel()))))
        sig.append(tuple(sorted((k, str(v)) for k, v in inputs.attrs.items())))
        theta = np.concatenate(parts) if parts else np.zeros(0)
        finite = np.isfinite(theta)
        pattern = np.where(finite, np.sign(theta), np.where(np.isnan(theta), 2, 3 * np.sign(theta)))
        return cls(np.where(finite, theta, 0.0), tuple(sig), pattern.astype(np.int8))


@dataclass
class _Exprs:
    """The model's ``Expression`` components as linear functions of the LP's columns: a
    sparse matrix with one row per expression entry and the constant as its last column.
    How results evaluate them for a member whose Pyomo model was not built. (Its pattern
    may differ between members: Pyomo drops a term whose coefficient is 0.)"""

    keys: dict[tuple[str, Any], int]
    matrix: Any  # scipy.sparse.csr_array, n_entries x (n_columns + 1)

    @classmethod
    def of(cls, model: pyo.ConcreteModel, columns: list) -> _Exprs:
        import scipy.sparse as sp
        from pyomo.repn.standard_repn import generate_standard_repn

        n = len(columns)
        col_of = {id(v): i for i, v in enumerate(columns)}
        keys: dict[tuple[str, Any], int] = {}
        rows, cols, vals = [], [], []
        probe = Solution("optimal", 0.0, "", "", _col_of=col_of, _x=np.zeros(n))
        for e in model.component_data_objects(pyo.Expression, active=True, descend_into=True):
            repn = generate_standard_repn(e.expr, compute_values=True, quadratic=False)
            r = len(keys)
            keys[(e.parent_component().name, e.index())] = r
            total = float(repn.constant)
            for var, coef in zip(repn.linear_vars, repn.linear_coefs, strict=True):
                pos = col_of.get(id(var))
                if pos is None:  # not in the LP: its value is a constant (Solution.value)
                    total += float(coef) * float(probe.value({0: var}, [0])[0])
                else:
                    rows.append(r)
                    cols.append(pos)
                    vals.append(float(coef))
            rows.append(r)
            cols.append(n)
            vals.append(total)
        matrix = sp.csr_array((vals, (rows, cols)), shape=(len(keys), n + 1))
        matrix.sum_duplicates()
        return cls(keys, matrix)

    def evaluator(self, sol: Solution) -> Callable[[Any, Any], np.ndarray]:
        """``evaluate(expression, keys)`` for :attr:`Solution.evaluator`."""
        values = self.matrix @ np.r_[sol._x, 1.0]

        def evaluate(expression: Any, keys: Any) -> np.ndarray:
            name = expression.name
            return np.array([values[self.keys[(name, key)]] for key in keys], dtype=float)

        return evaluate


def _lp_numbers(sf: StandardForm) -> tuple[np.ndarray, tuple]:
    """Every number of the LP in one vector (infinite bounds as 0), and the structure
    (sizes, matrix pattern, where bounds are infinite) that must match."""
    bounds = (sf.col_lower, sf.col_upper, sf.row_lower, sf.row_upper)
    f = np.concatenate(
        [sf.c, *(np.where(np.isfinite(b), b, 0.0) for b in bounds), sf.A.data, [sf.offset]]
    )
    structure = (
        sf.A.shape,
        sf.A.indptr.tobytes(),
        sf.A.indices.tobytes(),
        tuple(np.where(np.isfinite(b), 0, np.sign(b)).astype(np.int8).tobytes() for b in bounds),
    )
    return f, structure


def _mismatch(want: np.ndarray, got: np.ndarray, scale: np.ndarray) -> bool:
    return bool(np.any(np.abs(want - got) > PREDICT_RTOL * scale))


class _Span:
    """The kept Pyomo model, its LP numbers, and built members as directions.

    Where the LP's numbers are affine in the inputs' numbers (costs, bounds and right-hand
    sides are sums of products of one input with constants of the structure), a member
    whose input change is a combination of the kept members' changes has the same
    combination of their LP changes. The first prediction from a new set of directions is
    checked against a real build; if it misses, predictions stop for this live model.
    """

    def __init__(self) -> None:
        self.model: pyo.ConcreteModel | None = None
        self.base: _InputPoint | None = None
        self.sf: StandardForm | None = None
        self.exprs: _Exprs | None = None
        self.f0 = np.zeros(0)
        self.structure: tuple = ()
        self.patterns: list[np.ndarray] = []
        self.d_theta: list[np.ndarray] = []
        self.d_f: list[Any] = []  # scipy.sparse rows
        self.d_e: list[Any] = []  # scipy.sparse matrices (expressions)
        self.n_verified = 0
        self.broken = ""

    def verified(self) -> bool:
        return self.n_verified == len(self.d_theta)

    def predict(self, point: _InputPoint):
        """(standard form, expressions, how) for ``point``, or (None, None, why not)."""
        if self.model is None or self.base is None or self.sf is None:
            return None, None, "no kept model yet"
        if self.broken:
            return None, None, self.broken
        if point.signature != self.base.signature:
            return None, None, "the inputs' structure differs from the kept model's"
        if not any(np.array_equal(point.pattern, p) for p in self.patterns):
            return None, None, "inputs become zero, nonzero or change sign (a new pattern)"
        d = point.theta - self.base.theta
        if not d.any():
            alpha = np.zeros(0)
        elif not self.d_theta:
            return None, None, "the inputs change in a direction not seen yet"
        else:
            D = np.stack(self.d_theta, axis=1)
            # The inputs mix units (GDP in yuan next to prices in yuan/t): each entry is
            # weighted by its own size, so the residual bound holds per entry and not only
            # against the largest change (a CO2 price could be off by 1 % otherwise).
            scale = np.abs(self.base.theta) + np.abs(D).max(axis=1) + np.abs(d)
            w = 1.0 / np.where(scale > 0, scale, 1.0)
            alpha = np.linalg.lstsq(D * w[:, None], d * w, rcond=None)[0]
            if np.abs((D @ alpha - d) * w).max() > SPAN_RTOL:
                return None, None, "the inputs change in a direction not seen yet"
        f = self.f0.copy()
        assert self.exprs is not None
        e = self.exprs.matrix
        for a, g, h in zip(alpha, self.d_f, self.d_e, strict=True):
            f[g.indices] += a * g.data
            e = e + a * h
        sf, ex = self._unpack(f), _Exprs(self.exprs.keys, e)
        n = len(alpha)
        return sf, ex, f"LP numbers from the kept model and {n} built member(s)"

    def add(self, model, sf: StandardForm, point: _InputPoint, verify) -> str:
        """Keep a built member: the first becomes the kept model; one of the same structure
        adds a direction, or checks a prediction (``verify``). Returns a note."""
        import scipy.sparse as sp

        ex = _Exprs.of(model, sf.columns)
        f, structure = _lp_numbers(sf)
        structure = (*structure, tuple(ex.keys))
        if self.model is None:
            self.model, self.base, self.sf, self.exprs = model, point, sf, ex
            self.f0, self.structure, self.patterns = f, structure, [point.pattern]
            return "kept for the next members"
        if structure != self.structure or point.signature != self.base.signature:
            return "structure differs from the kept model's; not kept"
        if verify is not None:
            want, _ = _lp_numbers(verify[0])
            scale = np.abs(self.f0) + np.abs(want - self.f0) + np.abs(f)
            e_want, e_got = verify[1].matrix, ex.matrix
            e_scale = abs(self.exprs.matrix) + abs(e_want) + abs(e_got)
            e_miss = (abs(e_want - e_got) - PREDICT_RTOL * e_scale).max() > 0
            if _mismatch(want, f, scale) or e_miss:
                self.broken = (
                    "the LP is not affine in the inputs (a prediction missed the built "
                    "member's numbers); every member is built"
                )
                return self.broken
            self.n_verified = len(self.d_theta)
            if not any(np.array_equal(point.pattern, p) for p in self.patterns):
                self.patterns.append(point.pattern)
            return "prediction checked"
        if len(self.d_theta) >= MAX_SPAN_POINTS:
            return "not kept (enough directions)"
        if not any(np.array_equal(point.pattern, p) for p in self.patterns):
            self.patterns.append(point.pattern)
        self.d_theta.append(point.theta - self.base.theta)
        self.d_f.append(sp.csr_array((f - self.f0)[None, :]))
        self.d_e.append(ex.matrix - self.exprs.matrix)
        return f"kept as direction {len(self.d_theta)}"

    def _unpack(self, f: np.ndarray) -> StandardForm:
        """A standard form of the kept structure with the numbers ``f``."""
        base = self.sf
        assert base is not None
        n_col, n_row = len(base.c), len(base.row_lower)
        cuts = np.cumsum([n_col, n_col, n_col, n_row, n_row, base.A.nnz])
        c, cl, cu, rl, ru, a, off = np.split(f, cuts)
        keep = (base.col_lower, base.col_upper, base.row_lower, base.row_upper)
        cl, cu, rl, ru = (
            np.where(np.isfinite(k), v, k) for k, v in zip(keep, (cl, cu, rl, ru), strict=True)
        )
        A = base.A.copy()
        A.data = a
        return StandardForm(
            c=c,
            offset=float(off[0]),
            A=A,
            row_lower=rl,
            row_upper=ru,
            col_lower=cl,
            col_upper=cu,
            columns=base.columns,
            rows=base.rows,
            integrality=base.integrality,
        )
