"""HiGHS by matrix hand-over: compile the Pyomo LP to arrays, pass them to HiGHS, read back.

The whole Pyomo model (the library's blocks and anything a user added) is compiled with
Pyomo's ``LinearStandardFormCompiler`` and the sparse matrices go to HiGHS in one
``passModel`` call; primal values and row duals come back as arrays and are mapped to Pyomo
components by position. This avoids Pyomo's per-constraint solver plugins, which were
measured 2.5x slower on an 8760-hour model.

Depends on :mod:`~lowcarbon_sim.model.solution` and :mod:`~lowcarbon_sim.model.algorithm`;
:mod:`~lowcarbon_sim.model.diagnose` builds on it, and :mod:`~lowcarbon_sim.model.solve`
hands it the diagnosis to run on an infeasible model (so this module never imports it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.errors import InfeasibleError, ScenarioError, SolveError
from lowcarbon_sim.model.algorithm import (
    SIMPLEX_SCALE_STRATEGY,
    algorithm_that_ran,
    default_algorithm,
    default_crossover,
    objective_scale_exponent,
)
from lowcarbon_sim.model.gc_pause import gc_paused
from lowcarbon_sim.model.solution import Solution, column_map, row_map

__all__ = [
    "HIGHS_STATUS",
    "Runner",
    "StandardForm",
    "compile_model",
    "load_highs",
    "run_highs",
    "set_options",
    "solution_quality",
    "solve_highs",
    "solve_integers",
]


@dataclass
class StandardForm:
    """The model as arrays: min c x + offset s.t. row_lower <= A x <= row_upper, bounds."""

    c: np.ndarray
    offset: float
    A: Any  # scipy.sparse.csc_array
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    columns: list
    rows: list  # (ConstraintData, sense) per row; sense -1: >=, 0: ==, 1: <=
    integrality: np.ndarray | None = None  # True for an integer column; None: an LP


def compile_model(model: pyo.ConcreteModel, fast: bool = True) -> StandardForm:
    """Compile a Pyomo LP into arrays, as Pyomo's ``LinearStandardFormCompiler`` does.

    Columns come in the order the compiler meets the variables (the objective's first). A
    model with ``lcs_column_order = True`` gets its variables in declaration order instead,
    so that LPs differing only in their objective have the same columns (near-optimal
    alternatives on a live model, :mod:`lowcarbon_sim.ensemble.alternatives`). With ``fast``
    the untouched rows of the library's large row families come from their arrays
    (:mod:`lowcarbon_sim.model.compile`; the same LP to the bit); without it every row goes
    through Pyomo's compiler (and gets its Pyomo expression built).
    """
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    from lowcarbon_sim.model.compile import compile_standard_form

    column_order = getattr(model, "lcs_column_order", None)
    if fast:
        repn = compile_standard_form(model, column_order=column_order)
    else:
        repn = LinearStandardFormCompiler().write(model, mixed_form=True, column_order=column_order)
    n_obj = repn.c.shape[0]
    if n_obj != 1:
        raise SolveError(f"the model must have exactly one active objective, it has {n_obj}")
    c = np.asarray(repn.c.toarray()).ravel().astype(float)
    rhs = np.asarray(repn.rhs, dtype=float)
    sense = np.fromiter(map(itemgetter(1), repn.rows), dtype=int, count=len(repn.rows))
    row_lower = np.where(sense <= 0, rhs, -np.inf)
    row_upper = np.where(sense >= 0, rhs, np.inf)
    cols = repn.columns
    lb, ub = column_bounds(cols)
    return StandardForm(
        c=c,
        offset=float(np.asarray(repn.c_offset).ravel()[0]) if len(repn.c_offset) else 0.0,
        A=repn.A,
        row_lower=row_lower,
        row_upper=row_upper,
        col_lower=lb,
        col_upper=ub,
        columns=list(cols),
        rows=list(repn.rows),
        integrality=column_integrality(cols),
    )


# numpy's float: a bound computed from the inputs' arrays (a quarter of the default LP's)
_PLAIN_BOUND = {int, float, np.float64, type(None)}
_LB, _UB, _DOMAIN = attrgetter("_lb"), attrgetter("_ub"), attrgetter("_domain")


def column_bounds(cols: list) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the variables ``cols`` (-inf / inf where unbounded): the
    tighter of each variable's own bound and its domain's, as ``VarData.bounds`` gives them.

    Reads the stored bounds directly where they are plain finite numbers (every variable
    the library declares) and asks ``VarData.bounds`` for the rest (a mutable Param, an
    expression, a non-finite number, which Pyomo checks).
    """
    n = len(cols)
    own_lb = list(map(_LB, cols))
    own_ub = list(map(_UB, cols))
    domains = list(map(_DOMAIN, cols))
    domain_bounds = {id(d): d.bounds() for d in {id(d): d for d in domains}.values()}
    dom = np.array([domain_bounds[id(d)] for d in domains], dtype=float).reshape(n, 2)
    kinds = {b.__class__ for b in own_lb} | {b.__class__ for b in own_ub}
    if kinds <= _PLAIN_BOUND:
        lb = np.array(own_lb, dtype=float)  # None: NaN
        ub = np.array(own_ub, dtype=float)
        plain = ~(np.isinf(lb) | np.isinf(ub))
    else:
        plain = np.fromiter(
            (
                a.__class__ in _PLAIN_BOUND and b.__class__ in _PLAIN_BOUND
                for a, b in zip(own_lb, own_ub, strict=True)
            ),
            dtype=bool,
            count=n,
        )
        lb = np.array([a if ok else None for a, ok in zip(own_lb, plain, strict=True)], float)
        ub = np.array([b if ok else None for b, ok in zip(own_ub, plain, strict=True)], float)
        plain &= ~(np.isinf(lb) | np.isinf(ub))
    lb = np.fmax(lb, dom[:, 0])  # NaN (no bound) gives way to the other
    ub = np.fmin(ub, dom[:, 1])
    for i in np.flatnonzero(~plain):
        lb[i], ub[i] = (np.nan if b is None else b for b in cols[i].bounds)
    return np.where(np.isnan(lb), -np.inf, lb), np.where(np.isnan(ub), np.inf, ub)


def column_integrality(cols: list) -> np.ndarray | None:
    """Which of the variables ``cols`` are integer (their domain steps by 1), as a boolean
    array; ``None`` when none is (the model is an LP)."""
    domains = list(map(_DOMAIN, cols))
    unique = {id(d): d for d in domains}
    integer = {k for k, d in unique.items() if d.get_interval()[2] == 1}
    if not integer:
        return None
    return np.fromiter((id(d) in integer for d in domains), dtype=bool, count=len(cols))


def run_highs(
    sf: StandardForm, options: dict[str, Any], time_limit: float | None, integer: bool = False
) -> Any:
    """Pass ``sf`` to a new, quiet ``highspy.Highs`` with ``options`` and run it; with
    ``integer`` its integer columns (``sf.integrality``) are integer, otherwise the LP
    relaxation runs.

    Returns the ``Highs`` object after the run (status, solution and info are read from it).
    A refused option raises :class:`~lowcarbon_sim.errors.ScenarioError` naming
    ``solver.options.<key>``; a refused model raises :class:`~lowcarbon_sim.errors.SolveError`.
    """
    h = load_highs(sf, options, time_limit, integer)
    h.run()
    return h


def load_highs(
    sf: StandardForm, options: dict[str, Any], time_limit: float | None, integer: bool = False
) -> Any:
    """:func:`run_highs`'s ``Highs`` object before its run."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    set_options(h, options, time_limit)
    A = sf.A
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(A.shape[1]), int(A.shape[0])
    lp.col_cost_, lp.offset_ = sf.c, sf.offset
    lp.col_lower_, lp.col_upper_ = sf.col_lower, sf.col_upper
    lp.row_lower_, lp.row_upper_ = sf.row_lower, sf.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    if integer and sf.integrality is not None:
        kind = highspy.HighsVarType
        lp.integrality_ = [kind.kInteger if i else kind.kContinuous for i in sf.integrality]
    # kWarning (e.g. tiny coefficients dropped) is fine; only kError is a refusal
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolveError("HiGHS refused the model (check for NaN or infinite coefficients)")
    return h


def set_options(h: Any, options: dict[str, Any], time_limit: float | None) -> None:
    """Set HiGHS ``options`` (and ``time_limit``, s) on ``h``; a refused one raises
    :class:`~lowcarbon_sim.errors.ScenarioError` naming ``solver.options.<key>``."""
    import highspy

    for key, value in options.items():
        status = h.setOptionValue(key, value)
        if status != highspy.HighsStatus.kOk:
            raise ScenarioError(
                [
                    (
                        f"solver.options.{key}",
                        f"HiGHS refused the option or its value {value!r} (expected a HiGHS "
                        "option name with a value of its type, see the HiGHS option list)",
                    )
                ]
            )
    h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else np.inf)


def solution_quality(h: Any) -> dict[str, float]:
    """How exact the solution is, from HiGHS's info: the largest primal and dual
    infeasibility (in the rows' and costs' own units), the relative gap between the primal
    and dual objectives, and the largest complementarity violation. Without crossover
    (interior point only) these are small but not zero; after simplex or crossover they are
    within HiGHS's feasibility tolerances (1e-7)."""
    info = h.getInfo()
    return {
        "max_primal_infeasibility": float(info.max_primal_infeasibility),
        "max_dual_infeasibility": float(info.max_dual_infeasibility),
        "objective_gap": float(info.primal_dual_objective_error),
        "max_complementarity_violation": float(info.max_complementarity_violation),
    }


# HiGHS model status -> our termination condition
HIGHS_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible_or_unbounded",
    "kTimeLimit": "time_limit",
    "kIterationLimit": "iteration_limit",
    "kModelEmpty": "optimal",
}


# run(standard_form, options, time_limit) -> the Highs object after its run
Runner = Callable[[StandardForm, dict[str, Any], "float | None"], Any]


def solve_highs(
    model: pyo.ConcreteModel,
    options: dict[str, Any],
    time_limit: float | None = None,
    diagnose: Callable[[pyo.ConcreteModel, StandardForm], list[str]] | None = None,
    runner: Runner | None = None,
    standard_form: StandardForm | None = None,
) -> Solution:
    """Compile ``model``, solve it with HiGHS and return its :class:`Solution`.

    ``options`` are HiGHS options; without a ``solver`` option the algorithm is
    :func:`~lowcarbon_sim.model.algorithm.default_algorithm`, and without ``run_crossover`` an
    interior point on a long chronology skips crossover
    (:func:`~lowcarbon_sim.model.algorithm.default_crossover`). Dual simplex gets
    ``simplex_scale_strategy`` and, from the LP's costs, ``user_objective_scale``
    (:func:`~lowcarbon_sim.model.algorithm.objective_scale_exponent`) unless given.
    ``time_limit`` is in s. On an infeasible model, ``diagnose(model, standard_form)`` (when
    given) returns the lines carried by the :class:`~lowcarbon_sim.errors.InfeasibleError`.
    ``runner`` replaces :func:`run_highs` (a :class:`~lowcarbon_sim.model.live.LiveModel` passes
    its own, which reuses one HiGHS instance). ``standard_form``, when given, is ``model``'s LP
    already compiled (same columns and rows; a live model's member without a Pyomo build).
    A model with integer variables (``unit_size``) is solved by :func:`solve_integers`
    after its LP relaxation; ``timings["solve"]`` includes its ``timings["mip"]``.
    """
    import highspy

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    if standard_form is not None:
        sf = standard_form
    else:
        with gc_paused():
            sf = compile_model(model)
    timings["compile"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if "solver" not in options:
        options = {"solver": default_algorithm(model), **options}
    if "run_crossover" not in options:
        crossover = default_crossover(model, str(options["solver"]))
        if crossover != "on":
            options = {**options, "run_crossover": crossover}
    if options["solver"] == "simplex":
        options = simplex_defaults(options, sf.c)
    h = (runner or run_highs)(sf, options, time_limit)
    timings["solve"] = time.perf_counter() - t0
    timings["highs_run"] = float(h.getRunTime())
    status = _status(h)
    version = h.version() if hasattr(h, "version") else highspy.__version__
    if status in ("infeasible", "infeasible_or_unbounded"):
        lines = diagnose(model, sf) if diagnose is not None else []
        if lines or status == "infeasible":
            raise InfeasibleError(
                "the model is infeasible: no dispatch and build-out satisfies every constraint",
                status="infeasible",
                diagnosis=lines or ["no single constraint could be singled out"],
            )
        status = "unbounded"  # every row can hold, so the objective has no lower limit
    if status != "optimal":
        hint = {
            "unbounded": "a cost is negative without a limit (check negative prices or costs)",
            "infeasible_or_unbounded": "check negative costs and conflicting limits",
            "time_limit": "raise solver.time_limit or use fewer representative days",
            "iteration_limit": "raise or remove the iteration limit in solver.options",
        }.get(status, "see the solver status")
        raise SolveError(f"HiGHS stopped with status '{status}': {hint}", status=status)
    h, mip_nodes = solve_integers(sf, h, options, time_limit, timings)
    timings["solve"] += timings.get("mip", 0.0)  # the MILP and its fixed LP, when they ran
    sol = h.getSolution()
    info = h.getInfo()
    t0 = time.perf_counter()
    x = np.asarray(sol.col_value, dtype=float)
    duals = np.asarray(sol.row_dual, dtype=float)
    with gc_paused():
        col_of = column_map(sf.columns)
        row_of = row_map(list(map(itemgetter(0), sf.rows)))
    timings["map"] = time.perf_counter() - t0
    return Solution(
        termination_condition="optimal",
        objective=float(info.objective_function_value),
        solver="highs",
        solver_version=f"HiGHS {version}",
        timings=timings,
        algorithm=algorithm_that_ran(
            str(options["solver"]), info.ipm_iteration_count, info.simplex_iteration_count
        ),
        iterations={
            "ipm": int(info.ipm_iteration_count),
            "crossover": int(info.crossover_iteration_count),
            "simplex": int(info.simplex_iteration_count),
            **({"mip_nodes": mip_nodes} if mip_nodes is not None else {}),
        },
        quality=solution_quality(h),
        _col_of=col_of,
        _x=x,
        _row_of=row_of,
        _duals=duals,
    )


#: How far from a whole number an integer column of an LP may be and still count as whole
#: (a count of units; the LP's feasibility tolerance is 1e-7)
INTEGER_TOLERANCE = 1e-6
#: Nodes of the branch and bound before the MILP goes to HiGHS's own solver instead
MAX_NODES = 64
#: The relative gap of HiGHS's MILP unless ``solver.options`` sets ``mip_rel_gap``: HiGHS's
#: default (1e-4) is 65 million yuan on the Hunan objective, more than a line's yearly cost
MIP_REL_GAP = 1e-6
#: LP algorithm options that HiGHS would apply to a MILP by dropping its integrality
LP_ONLY_OPTIONS = frozenset({"solver", "run_crossover"})


def solve_integers(
    sf: StandardForm,
    h: Any,
    options: dict[str, Any],
    time_limit: float | None,
    timings: dict[str, float],
) -> tuple[Any, int | None]:
    """The solved ``Highs`` object of ``sf`` with its integer columns whole, and the number
    of LPs the branch and bound solved (``None`` when the relaxation was whole).

    ``h`` holds the LP relaxation's optimum. When its integer columns are whole already
    (within :data:`INTEGER_TOLERANCE`) it is the MILP's optimum too and is returned as it
    is. Otherwise a depth-first branch and bound on the integer columns solves each node's
    LP by dual simplex from the last node's basis (the relaxation's at first): with the few
    whole-unit decisions of a plan (a line, a few units) that is a handful of warm-started
    LPs, where HiGHS's MILP solves its root LP from scratch (decision 16 in
    ``docs/design/decisions.md``). Past :data:`MAX_NODES` nodes HiGHS's MILP takes over.
    The answer is the LP with the integer columns fixed at their best whole values: its
    duals are the prices and shadow prices given the units built (a MILP has none of its
    own). Records ``timings["mip"]`` (s).
    """
    cols = np.flatnonzero(sf.integrality) if sf.integrality is not None else np.zeros(0, int)
    if not cols.size:
        return h, None
    if _whole(np.asarray(h.getSolution().col_value, dtype=float)[cols]):
        return h, None
    t0 = time.perf_counter()
    deadline = None if time_limit is None else t0 + float(time_limit)
    basis = h.getBasis()
    # each node changes a few bounds: dual simplex from the last basis
    lp_options = options
    if basis.valid:
        lp_options = simplex_defaults({**options, "solver": "simplex"}, sf.c)
    node = load_highs(sf, lp_options, time_limit)
    if basis.valid:
        node.setBasis(basis)
    best, best_basis, nodes, complete = _branch_and_bound(node, cols, sf, h, deadline)
    if not complete:
        best, best_basis = _highs_milp(sf, cols, options, time_limit), None
    if best is None:
        raise InfeasibleError(
            "the model is infeasible in whole units: its LP relaxation builds part of a unit "
            "and no whole number of units meets every limit",
            status="infeasible",
            diagnosis=[
                "check the build_min, capacity_min and targets of the technologies with "
                "power.techs.<tech>.unit_size against whole multiples of the unit"
            ],
        )
    node.changeColsBounds(cols.size, cols, best, best)
    if best_basis is not None:  # the best leaf's basis: optimal for the fixed LP as well
        node.setBasis(best_basis)
    node.run()
    if _status(node) != "optimal":
        raise SolveError(
            "HiGHS found no optimum of the LP with the whole units fixed (status "
            f"'{_status(node)}'): try solver.options.solver: simplex"
        )
    timings["mip"] = time.perf_counter() - t0
    return node, nodes


def simplex_defaults(options: dict[str, Any], c: np.ndarray) -> dict[str, Any]:
    """``options`` with dual simplex's scaling (``simplex_scale_strategy``) and, from the
    LP's costs ``c``, its ``user_objective_scale``, unless given."""
    return {
        "simplex_scale_strategy": SIMPLEX_SCALE_STRATEGY,
        "user_objective_scale": objective_scale_exponent(c),
        **options,
    }


def _status(h: Any) -> str:
    """``h``'s model status as our termination condition (:data:`HIGHS_STATUS`)."""
    name = h.getModelStatus().name
    return HIGHS_STATUS.get(name, name.removeprefix("k").lower())


def _whole(x: np.ndarray) -> bool:
    """Whether every value of ``x`` is whole within :data:`INTEGER_TOLERANCE`."""
    return bool(np.all(np.abs(x - np.round(x)) <= INTEGER_TOLERANCE))


def _branch_and_bound(
    h: Any, cols: np.ndarray, sf: StandardForm, root: Any, deadline: float | None
) -> tuple[np.ndarray | None, Any, int, bool]:
    """Depth-first branch and bound over the integer columns ``cols`` of the LP loaded in
    ``h``, from the relaxation's solved ``Highs`` object ``root``: the best whole values of
    ``cols`` (``None`` when none is feasible) and the basis of their LP, the number of LPs
    solved, and whether the search finished within :data:`MAX_NODES`."""
    # a node must beat the incumbent's objective by a relative 1e-9 (inf: no incumbent yet)
    cutoff, best, best_basis = np.inf, None, None
    # (bound of the node's objective: its parent's, lower, upper)
    stack: list[tuple[float, np.ndarray, np.ndarray]] = []

    def branch(obj: float, x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        frac = np.abs(x - np.round(x))
        j = int(np.argmax(frac))
        down_upper, up_lower = upper.copy(), lower.copy()
        down_upper[j], up_lower[j] = np.floor(x[j]), np.ceil(x[j])
        down, up = (obj, lower, down_upper), (obj, up_lower, upper)
        # the nearer child last onto the stack: explored first
        stack.extend([up, down] if x[j] - np.floor(x[j]) < 0.5 else [down, up])

    branch(
        float(root.getInfo().objective_function_value),
        np.asarray(root.getSolution().col_value, dtype=float)[cols],
        sf.col_lower[cols].copy(),
        sf.col_upper[cols].copy(),
    )
    nodes = 0
    while stack:
        bound, lower, upper = stack.pop()
        if bound >= cutoff:
            continue  # its parent is no better than the best whole solution found
        if nodes >= MAX_NODES:
            return best, best_basis, nodes, False
        if deadline is not None and time.perf_counter() > deadline:
            raise SolveError(
                "the branch and bound of the whole units (unit_size) reached "
                "solver.time_limit: raise it",
                status="time_limit",
            )
        h.changeColsBounds(cols.size, cols, lower, upper)
        h.run()
        nodes += 1
        status = _status(h)
        if status in ("infeasible", "infeasible_or_unbounded"):
            continue
        if status != "optimal":
            raise SolveError(
                f"HiGHS stopped a node of the branch and bound with status '{status}'",
                status=status,
            )
        obj = float(h.getInfo().objective_function_value)
        if obj >= cutoff:
            continue  # no better than the best whole solution found
        x = np.asarray(h.getSolution().col_value, dtype=float)[cols]
        if _whole(x):
            cutoff, best, best_basis = obj - 1e-9 * abs(obj), np.round(x), h.getBasis()
        else:
            branch(obj, x, lower, upper)
    return best, best_basis, nodes, True


def _highs_milp(
    sf: StandardForm, cols: np.ndarray, options: dict[str, Any], time_limit: float | None
) -> np.ndarray | None:
    """HiGHS's MILP of ``sf``: the whole values of the integer columns ``cols`` (``None``
    when infeasible)."""
    mip_options = {k: v for k, v in options.items() if k not in LP_ONLY_OPTIONS}
    mip_options.setdefault("mip_rel_gap", MIP_REL_GAP)
    mip = load_highs(sf, mip_options, time_limit, integer=True)
    mip.run()
    status = _status(mip)
    if status == "infeasible":
        return None
    if status != "optimal":
        raise SolveError(
            f"HiGHS stopped the MILP of the whole units (unit_size) with status '{status}': "
            "raise solver.time_limit or solver.options.mip_rel_gap",
            status=status,
        )
    return np.round(np.asarray(mip.getSolution().col_value, dtype=float)[cols])


def solve_elastic(sf: StandardForm, lower_rows, upper_rows, weight=None):
    """Solve the elastic version of ``sf``: a slack column may relax the lower bound of each
    row in ``lower_rows`` and the upper bound of each row in ``upper_rows``; the objective is
    the sum of the slacks (each divided by ``weight``, one per slack, when given).

    Returns the slack values (lower-bound slacks first, then upper-bound ones), or ``None``
    when HiGHS finds no optimum (conflicting variable bounds).
    """
    x = elastic_solution(sf, lower_rows, upper_rows, weight)
    return None if x is None else x[sf.A.shape[1] :]


def elastic_solution(sf: StandardForm, lower_rows, upper_rows, weight=None):
    """:func:`solve_elastic`'s whole solution: the model's columns (in ``sf.columns``'
    order), then the slacks; ``None`` when HiGHS finds no optimum."""
    import highspy
    import scipy.sparse as sp

    lower_rows, upper_rows = np.asarray(lower_rows, int), np.asarray(upper_rows, int)
    n_rows, n_cols = sf.A.shape
    up = sp.csc_array(
        (np.ones(lower_rows.size), (lower_rows, np.arange(lower_rows.size))),
        shape=(n_rows, lower_rows.size),
    )
    dn = sp.csc_array(
        (-np.ones(upper_rows.size), (upper_rows, np.arange(upper_rows.size))),
        shape=(n_rows, upper_rows.size),
    )
    n_slack = lower_rows.size + upper_rows.size
    cost = np.ones(n_slack) if weight is None else 1.0 / np.asarray(weight, float)
    elastic = StandardForm(
        c=np.r_[np.zeros(n_cols), cost],
        offset=0.0,
        A=sp.hstack([sf.A, up, dn], format="csc"),
        row_lower=sf.row_lower,
        row_upper=sf.row_upper,
        col_lower=np.r_[sf.col_lower, np.zeros(n_slack)],
        col_upper=np.r_[sf.col_upper, np.full(n_slack, np.inf)],
        columns=sf.columns,
        rows=sf.rows,
    )
    h = run_highs(elastic, {}, None)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return np.asarray(h.getSolution().col_value)
