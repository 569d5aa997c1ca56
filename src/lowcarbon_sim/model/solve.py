"""Solve the Pyomo LP: HiGHS by matrix hand-over (default) or any Pyomo solver by name.

The default path compiles the whole Pyomo model (the library's blocks and anything a user
added) with Pyomo's ``LinearStandardFormCompiler`` and passes the sparse matrices to HiGHS
in one ``passModel`` call; primal values and row duals come back as arrays and are mapped to
Pyomo components by position. This avoids Pyomo's per-constraint solver plugins, which were
measured 2.5x slower on an 8760-hour model.

When the LP is infeasible, :func:`diagnose_infeasibility` solves an elastic copy (every row
may be violated at a cost) and names the constraints, years and hours that must give way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.errors import InfeasibleError, SolveError, SolverNotAvailableError

log = logging.getLogger(__name__)

DEFAULT_SOLVER = "highs"
_TOL = 1e-6
# HiGHS algorithm by LP size, measured on the Hunan system (benchmarks/vs_pypsa.py,
# docs/performance.md): dual simplex solved the multi-year representative-day LP (57k
# columns) in 5.4 s against 17 s for interior point; interior point with crossover solved the
# 8760-hour year (149k columns) in 14 s against 79 s for dual simplex. A user's
# `solver.options: {solver: ...}` always wins.
IPM_MIN_COLUMNS = 100_000


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
    timings
        Seconds spent per stage (``compile``, ``solve`` ...).
    """

    termination_condition: str
    objective: float
    solver: str
    solver_version: str
    timings: dict[str, float] = field(default_factory=dict)
    _col_of: dict[int, int] = field(default_factory=dict, repr=False)
    _x: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    _row_of: dict[int, list[int]] = field(default_factory=dict, repr=False)
    _duals: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)

    def value(self, var: Any, keys: Sequence | None = None) -> np.ndarray:
        """Values of an indexed Var at ``keys`` (all its indices when ``None``), as an array.

        A variable that appears in no constraint and not in the objective takes its value
        from its fixed value or its bounds (closest to zero).
        """
        datas = [var[k] for k in keys] if keys is not None else list(var.values())
        out = np.empty(len(datas))
        col_of, x = self._col_of, self._x
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
            if rows:
                out[n] = float(self._duals[rows].sum())
        return out

    def load_into_model(self, model: pyo.ConcreteModel) -> None:
        """Write the primal values into the Pyomo variables (``var.value``)."""
        for v in model.component_data_objects(pyo.Var, descend_into=True):
            pos = self._col_of.get(id(v))
            if pos is not None:
                v.set_value(float(self._x[pos]), skip_validation=True)


def available_solvers() -> list[str]:
    """Names of solvers usable here: ``highs`` plus installed Pyomo plugins."""
    names = [DEFAULT_SOLVER]
    for name in ("appsi_highs", "glpk", "cbc", "gurobi", "cplex", "xpress", "scip", "ipopt"):
        try:
            if pyo.SolverFactory(name).available(exception_flag=False):
                names.append(name)
        except Exception:  # a broken plugin is simply not available
            continue
    return names


def solve_model(
    model: pyo.ConcreteModel,
    solver: str = DEFAULT_SOLVER,
    options: dict[str, Any] | None = None,
    time_limit: float | None = None,
    diagnose: bool = True,
) -> Solution:
    """Solve a model built by :func:`lowcarbon_sim.build_model` (plus any user additions).

    Parameters
    ----------
    model
        The Pyomo model.
    solver
        ``"highs"`` (matrix hand-over to highspy) or a Pyomo solver plugin name.
    options
        Solver options, passed as they are.
    time_limit
        Seconds.
    diagnose
        On infeasibility, find which constraints conflict (an extra elastic solve).

    Raises
    ------
    InfeasibleError
        With ``diagnosis`` lines naming constraints, years and hours.
    SolveError
        Unbounded, time limit without a solution, or a solver failure.
    SolverNotAvailableError
        The named solver is not installed (the message lists the available ones).
    """
    if solver == DEFAULT_SOLVER:
        return _solve_highs(model, options or {}, time_limit, diagnose)
    return _solve_pyomo_plugin(model, solver, options or {}, time_limit)


# --------------------------------------------------------------------------------------
# HiGHS through the standard-form compiler


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


def compile_model(model: pyo.ConcreteModel) -> StandardForm:
    """Compile a Pyomo LP into arrays with Pyomo's ``LinearStandardFormCompiler``."""
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    repn = LinearStandardFormCompiler().write(model, mixed_form=True)
    n_obj = repn.c.shape[0]
    if n_obj != 1:
        raise SolveError(f"the model must have exactly one active objective, it has {n_obj}")
    c = np.asarray(repn.c.toarray()).ravel().astype(float)
    rhs = np.asarray(repn.rhs, dtype=float)
    sense = np.fromiter((s for _, s in repn.rows), dtype=int, count=len(repn.rows))
    row_lower = np.where(sense <= 0, rhs, -np.inf)
    row_upper = np.where(sense >= 0, rhs, np.inf)
    cols = repn.columns
    lb = np.fromiter((v.lb if v.lb is not None else -np.inf for v in cols), float, len(cols))
    ub = np.fromiter((v.ub if v.ub is not None else np.inf for v in cols), float, len(cols))
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
    )


def _highs(sf: StandardForm, options: dict[str, Any], time_limit: float | None):
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, value in options.items():
        status = h.setOptionValue(key, value)
        if status != highspy.HighsStatus.kOk:
            raise SolveError(f"solver.options.{key}: HiGHS refused the option value {value!r}")
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
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
    # kWarning (e.g. tiny coefficients dropped) is fine; only kError is a refusal
    if h.passModel(lp) == highspy.HighsStatus.kError:
        raise SolveError("HiGHS refused the model (check for NaN or infinite coefficients)")
    h.run()
    return h


_HIGHS_STATUS = {
    "kOptimal": "optimal",
    "kInfeasible": "infeasible",
    "kUnbounded": "unbounded",
    "kUnboundedOrInfeasible": "infeasible_or_unbounded",
    "kTimeLimit": "time_limit",
    "kIterationLimit": "iteration_limit",
    "kModelEmpty": "optimal",
}


def _solve_highs(model, options, time_limit, diagnose) -> Solution:
    import highspy

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sf = compile_model(model)
    timings["compile"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if "solver" not in options:
        # columns fixed by their bounds (technologies not yet available) do not count:
        # presolve removes them
        free = int(np.count_nonzero(sf.col_upper > sf.col_lower))
        options = {"solver": "ipm" if free >= IPM_MIN_COLUMNS else "simplex", **options}
    h = _highs(sf, options, time_limit)
    timings["solve"] = time.perf_counter() - t0
    timings["highs_run"] = float(h.getRunTime())
    status_name = h.getModelStatus().name
    status = _HIGHS_STATUS.get(status_name, status_name.removeprefix("k").lower())
    version = h.version() if hasattr(h, "version") else highspy.__version__
    if status in ("infeasible", "infeasible_or_unbounded"):
        lines = diagnose_infeasibility(model, sf) if diagnose else []
        if lines or status == "infeasible":
            raise InfeasibleError(
                "the model is infeasible: no dispatch and build-out satisfies every constraint",
                status="infeasible",
                diagnosis=lines,
            )
    if status != "optimal":
        hint = {
            "unbounded": "a cost is negative without a limit (check negative prices or costs)",
            "infeasible_or_unbounded": "check negative costs and conflicting limits",
            "time_limit": "raise solver.time_limit or use fewer representative days",
        }.get(status, "see the solver status")
        raise SolveError(f"HiGHS stopped with status '{status}': {hint}", status=status)
    sol = h.getSolution()
    t0 = time.perf_counter()
    x = np.asarray(sol.col_value, dtype=float)
    duals = np.asarray(sol.row_dual, dtype=float)
    col_of = {id(v): i for i, v in enumerate(sf.columns)}
    row_of: dict[int, list[int]] = {}
    for i, (con, _sense) in enumerate(sf.rows):
        row_of.setdefault(id(con), []).append(i)
    timings["map"] = time.perf_counter() - t0
    return Solution(
        termination_condition="optimal",
        objective=float(h.getInfo().objective_function_value),
        solver="highs",
        solver_version=f"HiGHS {version}",
        timings=timings,
        _col_of=col_of,
        _x=x,
        _row_of=row_of,
        _duals=duals,
    )


def diagnose_infeasibility(model: pyo.ConcreteModel, sf: StandardForm, top: int = 8) -> list[str]:
    """Explain an infeasible LP in model terms.

    Solves the elastic problem: every row may be violated, at a cost of 1 per unit of
    violation, and nothing else costs. The rows that must be violated are those that cannot
    all hold together; each is reported with its constraint family, index (year, hour) and
    the violation in the family's unit.
    """
    import highspy
    import scipy.sparse as sp

    n_rows, n_cols = sf.A.shape
    finite_lo = np.isfinite(sf.row_lower)
    finite_hi = np.isfinite(sf.row_upper)
    # slack s_up relaxes the lower bound (adds to the row), s_dn relaxes the upper bound
    up_rows = np.flatnonzero(finite_lo)
    dn_rows = np.flatnonzero(finite_hi)
    eye_up = sp.csc_array(
        (np.ones(up_rows.size), (up_rows, np.arange(up_rows.size))), shape=(n_rows, up_rows.size)
    )
    eye_dn = sp.csc_array(
        (-np.ones(dn_rows.size), (dn_rows, np.arange(dn_rows.size))), shape=(n_rows, dn_rows.size)
    )
    A = sp.hstack([sf.A, eye_up, eye_dn], format="csc")
    n_slack = up_rows.size + dn_rows.size
    elastic = StandardForm(
        c=np.r_[np.zeros(n_cols), np.ones(n_slack)],
        offset=0.0,
        A=A,
        row_lower=sf.row_lower,
        row_upper=sf.row_upper,
        col_lower=np.r_[sf.col_lower, np.zeros(n_slack)],
        col_upper=np.r_[sf.col_upper, np.full(n_slack, np.inf)],
        columns=sf.columns,
        rows=sf.rows,
    )
    h = _highs(elastic, {}, None)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return ["the elastic diagnosis did not solve; variable bounds conflict"]
    slack = np.asarray(h.getSolution().col_value)[n_cols:]
    violation = np.zeros(n_rows)
    np.add.at(violation, up_rows, slack[: up_rows.size])
    np.add.at(violation, dn_rows, -slack[up_rows.size :])
    order = np.argsort(-np.abs(violation))
    families = getattr(model, "_lcs_families", {})
    inputs = getattr(getattr(model, "lcs_index", None), "inputs", None)
    lines = []
    for i in order[:top]:
        v = violation[i]
        if abs(v) <= _TOL * max(1.0, abs(sf.row_lower[i]) if finite_lo[i] else 1.0):
            break
        con, _sense = sf.rows[i]
        lines.append(_describe_row(con, v, sf, i, families, inputs))
    remaining = int((np.abs(violation) > _TOL).sum()) - len(lines)
    if remaining > 0:
        lines.append(f"... and {remaining} more row(s) of the same kind")
    return lines or ["no single constraint could be singled out"]


def _describe_row(con, violation, sf, i, families, inputs) -> str:
    parent = con.parent_component()
    family = families.get(parent.name)
    index = con.index()
    if not isinstance(index, tuple):
        index = (index,)
    where = []
    names = family.index if family else ()
    for name, value in zip(names, index, strict=False):
        if name == "timestep" and inputs is not None:
            hour = int(inputs["timestep_hour"].values[int(value)])
            where.append(f"hour {hour}")
        else:
            where.append(f"{name} {value}")
    unit = family.unit if family else ""
    what = family.description if family else parent.name
    bound = sf.row_upper[i] if violation < 0 else sf.row_lower[i]
    direction = "above" if violation < 0 else "below"
    place = ", ".join(where) if where else con.name
    return (
        f"{place}: {what} [{con.name}] cannot hold; it must be relaxed by "
        f"{abs(violation):.4g} {unit} (the achievable value lies {direction} the limit "
        f"{bound:.6g} {unit} of this row)"
    )


# --------------------------------------------------------------------------------------
# any Pyomo solver plugin


def _solve_pyomo_plugin(model, name, options, time_limit) -> Solution:
    from pyomo.opt import TerminationCondition

    try:
        opt = pyo.SolverFactory(name)
        ok = opt is not None and opt.available(exception_flag=False)
    except Exception:
        ok = False
    if not ok:
        raise SolverNotAvailableError(
            f"solver.name: solver '{name}' is not available here "
            f"(available: {', '.join(available_solvers())})",
            status="not_available",
        )
    for key, value in options.items():
        opt.options[key] = value
    if time_limit is not None and name.endswith("highs"):
        opt.options["time_limit"] = time_limit
    if not hasattr(model, "dual"):
        model.dual = pyo.Suffix(direction=pyo.Suffix.IMPORT)
    t0 = time.perf_counter()
    res = opt.solve(model, load_solutions=False)
    elapsed = time.perf_counter() - t0
    tc = res.solver.termination_condition
    if tc == TerminationCondition.infeasible:
        raise InfeasibleError(
            f"the model is infeasible (solver '{name}'); use solver 'highs' for a diagnosis",
            status="infeasible",
        )
    if tc != TerminationCondition.optimal:
        raise SolveError(f"solver '{name}' stopped with status '{tc}'", status=str(tc))
    model.solutions.load_from(res)
    variables = list(model.component_data_objects(pyo.Var, descend_into=True))
    col_of = {id(v): i for i, v in enumerate(variables)}
    x = np.array([v.value if v.value is not None else 0.0 for v in variables])
    cons = list(model.component_data_objects(pyo.Constraint, active=True, descend_into=True))
    row_of = {id(c): [i] for i, c in enumerate(cons)}
    duals = np.array([model.dual.get(c, 0.0) for c in cons])
    objective = float(pyo.value(next(model.component_data_objects(pyo.Objective, active=True))))
    return Solution(
        termination_condition="optimal",
        objective=objective,
        solver=name,
        solver_version=str(getattr(opt, "version", lambda: "")() or ""),
        timings={"solve": elapsed},
        _col_of=col_of,
        _x=x,
        _row_of=row_of,
        _duals=duals,
    )
