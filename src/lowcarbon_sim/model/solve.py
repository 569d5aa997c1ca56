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

import functools
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.errors import InfeasibleError, SolveError, SolverNotAvailableError
from lowcarbon_sim.model.gc_pause import gc_paused

log = logging.getLogger(__name__)

DEFAULT_SOLVER = "highs"
_TOL = 1e-6
# HiGHS algorithm by the length of a year's chronology, measured on the Hunan system
# (docs/performance.md): dual simplex solved the multi-year representative-day LP (12 days x
# 24 h, 6 decision years) in 6.4 s against 43 s for interior point; on one year of N hours
# interior point caught up near 1,500 hours and won from there (2190 h: 9.2 s against 30 s;
# 8760 h: dual simplex unfinished after 485 s). Dual simplex pays for every hour the few
# year-long rows (CO2 cap, annual energy, fuel limits) tie together. A user's
# `solver.options: {solver: ...}` always wins. HiGHS's "ipm" runs HiPO (interior point by
# direct factorisation) where highspy-extras is installed, IPX otherwise: on the 8760-hour
# Hunan year 70-100 s against 180-280 s (docs/performance.md).
IPM_MIN_TIMESTEPS = 2000


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
    """

    termination_condition: str
    objective: float
    solver: str
    solver_version: str
    timings: dict[str, float] = field(default_factory=dict)
    algorithm: str = ""
    iterations: dict[str, int] = field(default_factory=dict)
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


def default_algorithm(model: pyo.ConcreteModel) -> str:
    """HiGHS's algorithm for a model: ``"ipm"`` for long chronologies (``IPM_MIN_TIMESTEPS``
    time steps in a year or more), else ``"simplex"``. A model without the time-step set
    ``T`` of :func:`lowcarbon_sim.build_model` gets dual simplex."""
    steps = getattr(model, "T", None)
    n_steps = len(steps) if isinstance(steps, pyo.Set) else 0
    return "ipm" if n_steps >= IPM_MIN_TIMESTEPS else "simplex"


@functools.cache
def hipo_available() -> bool:
    """Whether this HiGHS build runs HiPO (``pip install highspy[extras]``); probed once on
    a two-column LP. HiGHS accepts the option either way: without the extras it refuses at
    run, and with extras built for another HiGHS version it falls back to simplex quietly,
    so the probe asks for interior-point iterations."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "hipo")
    h.setOptionValue("presolve", "off")
    h.addVar(0.0, 1.0)
    h.addVar(0.0, 1.0)
    h.changeColCost(0, 1.0)
    h.changeColCost(1, 2.0)
    h.addRow(1.0, highspy.kHighsInf, 2, np.array([0, 1], dtype=np.int32), np.ones(2))
    return (
        h.run() == highspy.HighsStatus.kOk
        and h.getModelStatus().name == "kOptimal"
        and h.getInfo().ipm_iteration_count > 0
    )


def algorithm_name(solver_option: str) -> str:
    """The HiGHS algorithm that a value of the ``solver`` option runs on an LP."""
    if solver_option == "ipm":
        return "hipo" if hipo_available() else "ipx"
    return "simplex" if solver_option in ("choose", "simplex") else solver_option


def algorithm_that_ran(solver_option: str, ipm_iterations: int, simplex_iterations: int) -> str:
    """:func:`algorithm_name`, corrected by HiGHS's iteration counts: an interior point that
    made no iteration while simplex made some was a fallback to simplex."""
    name = algorithm_name(solver_option)
    if name in ("hipo", "ipx") and ipm_iterations == 0 and simplex_iterations > 0:
        return "simplex"
    return name


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
            from lowcarbon_sim.errors import ScenarioError

            raise ScenarioError(
                [
                    (
                        f"solver.options.{key}",
                        f"HiGHS refused the option or its value {value!r} (expected a HiGHS "
                        "option name with a value of its type, see the HiGHS option list)",
                    )
                ]
            )
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
    with gc_paused():
        sf = compile_model(model)
    timings["compile"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if "solver" not in options:
        options = {"solver": default_algorithm(model), **options}
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
    sol = h.getSolution()
    info = h.getInfo()
    t0 = time.perf_counter()
    x = np.asarray(sol.col_value, dtype=float)
    duals = np.asarray(sol.row_dual, dtype=float)
    with gc_paused():
        col_of = {id(v): i for i, v in enumerate(sf.columns)}
        row_of: dict[int, list[int]] = {}
        for i, (con, _sense) in enumerate(sf.rows):
            row_of.setdefault(id(con), []).append(i)
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
        },
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
    families = getattr(model, "_lcs_families", {})
    inputs = getattr(getattr(model, "lcs_index", None), "inputs", None)
    rhs = np.where(finite_lo, sf.row_lower, np.where(finite_hi, sf.row_upper, 0.0))
    bad = np.flatnonzero(np.abs(violation) > _TOL * np.maximum(1.0, np.abs(rhs)))
    bad = bad[np.argsort(-np.abs(violation[bad]), kind="stable")]
    # one group per constraint family and index outside time (year, tech ...), worst first
    groups: dict[tuple, list[int]] = {}
    for i in bad:
        con = sf.rows[i][0]
        family = families.get(con.parent_component().name)
        names, index = _index_names(con, family)
        fixed = tuple((n, v) for n, v in zip(names, index, strict=True) if n != "timestep")
        groups.setdefault((con.parent_component().name, fixed, violation[i] > 0), []).append(i)
    lines = [
        _describe_group(rows, violation, sf, families, inputs)
        for rows in list(groups.values())[:top]
    ]
    if len(groups) > top:
        lines.append(f"... and {len(groups) - top} more group(s) of constraints")
    if len(groups) > 1:
        lines.append(
            "(values are from the point that violates these constraints least in total; "
            "relaxing some of them, not necessarily all, resolves the conflict)"
        )
    conflict = conflict_summary(model, sf)
    if conflict:
        lines.append(conflict)
    return lines


# Largest LP (rows) for which an irreducible infeasible subset is computed. Assumption: the
# IIS took 0.01 s on the 1-year test systems; HiGHS documents no bound on its run time,
# so large models skip it and rely on the elastic diagnosis above.
IIS_MAX_ROWS = 20_000
IIS_STRATEGY = 6  # HiGHS kIisStrategyFromLp (2) + kIisStrategyIrreducible (4)


def conflict_summary(
    model: pyo.ConcreteModel, sf: StandardForm, max_rows: int = IIS_MAX_ROWS
) -> str | None:
    """One line naming an irreducible infeasible subset (IIS) from HiGHS, or ``None``.

    The IIS is a smallest set of rows and variable bounds that cannot all hold: removing any
    one of them makes the rest feasible. Rows are named by constraint family, variables by
    component; entries that differ only in the time step are counted together.
    """
    if sf.A.shape[0] > max_rows:
        return None
    try:
        import highspy

        h = _highs(sf, {}, None)
        # from the LP, then reduced to an irreducible set (the default "light" strategy
        # only finds conflicting bounds)
        h.setOptionValue("iis_strategy", IIS_STRATEGY)
        status, iis = h.getIis()
        if status == highspy.HighsStatus.kError or not iis.valid_:
            return None
        rows, cols = list(iis.row_index_), list(iis.col_index_)
    except Exception:  # the IIS is an extra; the elastic diagnosis stands without it
        return None
    if not rows and not cols:
        return None
    families = getattr(model, "_lcs_families", {})
    counts: dict[str, int] = {}
    for i in rows:
        con = sf.rows[i][0]
        family = families.get(con.parent_component().name)
        names, index = _index_names(con, family)
        what = family.description if family else con.parent_component().name
        where = ", ".join(str(v) for n, v in zip(names, index, strict=True) if n != "timestep")
        label = f"{what} ({where})" if where else what
        counts[label] = counts.get(label, 0) + 1
    for j in cols:
        var = sf.columns[j]
        comp = var.parent_component()
        index = var.index() if isinstance(var.index(), tuple) else (var.index(),)
        where = ", ".join(str(v) for v in index[:-1]) if len(index) > 1 else str(index[0])
        doc = f" ({comp.doc})" if comp.doc else ""
        label = f"bounds of {comp.name}{doc}" + (f" for {where}" if index != (None,) else "")
        counts[label] = counts.get(label, 0) + 1
    parts = [f"{label} x {n}" if n > 1 else label for label, n in counts.items()]
    return "these cannot all hold together (irreducible infeasible subset): " + "; ".join(parts)


def _index_names(con, family) -> tuple[tuple[str, ...], tuple]:
    """Index position names (from the family, else ``i0, i1 ...``) and values of a row."""
    index = con.index()
    if index is None:
        return (), ()
    if not isinstance(index, tuple):
        index = (index,)
    names = tuple(family.index) if family and len(family.index) == len(index) else ()
    return names or tuple(f"i{k}" for k in range(len(index))), index


_BIGGER_UNITS = {
    "t CO2": ((1e6, "Mt CO2"), (1e3, "kt CO2")),
    "MWh": ((1e6, "TWh"), (1e3, "GWh")),
    "MW": ((1e3, "GW"),),
}


def _amount(x: float, unit: str) -> str:
    """``x`` in ``unit`` with 4 significant digits, in a larger unit when that reads better."""
    for factor, name in _BIGGER_UNITS.get(unit, ()):
        if abs(x) >= factor:
            return f"{x / factor:,.4g} {name}"
    return f"{x:,.4g} {unit}".rstrip()


def _describe_group(rows: list[int], violation, sf, families, inputs) -> str:
    """One line for the violated rows of one constraint family at one year (tech ...)."""
    i = rows[0]  # the worst
    con = sf.rows[i][0]
    family = families.get(con.parent_component().name)
    names, index = _index_names(con, family)
    unit = family.unit if family else ""
    what = family.description if family else con.parent_component().name
    year, others, hours = None, [], []
    for r in rows:
        _, idx = _index_names(sf.rows[r][0], family)
        for n, v in zip(names, idx, strict=True):
            if n == "timestep":
                hour = int(inputs["timestep_hour"].values[int(v)]) if inputs is not None else v
                hours.append(int(hour))
    for n, v in zip(names, index, strict=True):
        if n == "year":
            year = v
        elif n != "timestep":
            others.append(f"{n} {v}")
    if hours:  # the worst hour first, then how many more
        head = f"hour {hours[0]} of {year}" if year is not None else f"hour {hours[0]}"
    else:
        head = str(year) if year is not None else ""
    if len(hours) > 1:
        more = sorted(hours[1:])
        shown = ", ".join(str(h) for h in more[:6]) + (", ..." if len(more) > 6 else "")
        others.append(f"and {len(more)} more time step(s): hours {shown}")
    head = ", ".join(p for p in (head, *others) if p)
    v = float(violation[i])
    lower = pyo.value(con.lower) if con.has_lb() else None
    upper = pyo.value(con.upper) if con.has_ub() else None
    gap = _amount(abs(v), unit)
    if lower is not None and upper is not None and lower > upper + _TOL * max(1.0, abs(upper)):
        text = (
            f"its lower limit {_amount(lower, unit)} is above its upper limit "
            f"{_amount(upper, unit)}"
        )
    elif con.equality:
        bound = float(upper)
        if v < 0:
            text = (
                f"needs {_amount(bound, unit)}, but the other constraints allow no less than "
                f"{_amount(bound - v, unit)} (excess {gap})"
            )
        else:
            text = (
                f"needs {_amount(bound, unit)}, but the other constraints allow no more than "
                f"{_amount(bound - v, unit)} (shortfall {gap})"
            )
    elif v < 0:
        text = (
            f"the limit {_amount(float(upper), unit)} is below the least achievable "
            f"{_amount(float(upper) - v, unit)} given the other constraints (over by {gap})"
        )
    else:
        text = (
            f"the requirement {_amount(float(lower), unit)} is above the most achievable "
            f"{_amount(float(lower) - v, unit)} given the other constraints (short by {gap})"
        )
    if len(rows) > 1:
        total = _amount(float(np.abs(violation[rows]).sum()), unit)
        text += f"; worst row shown, {len(rows)} rows off by {total} in total"
    return f"{head}: {what}: {text} [{con.name}]" if head else f"{what}: {text} [{con.name}]"


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
