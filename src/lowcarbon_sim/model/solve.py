"""Solve the Pyomo LP: HiGHS by matrix hand-over (default) or any Pyomo solver by name.

The entry point, :func:`solve_model`, chains the modules that do the work:

* :mod:`~lowcarbon_sim.model.solution`: the :class:`Solution` handed back (values, duals);
* :mod:`~lowcarbon_sim.model.algorithm`: which HiGHS algorithm runs (and the HiPO probe);
* :mod:`~lowcarbon_sim.model.highs`: compile to a standard form, hand it to HiGHS, read back;
* :mod:`~lowcarbon_sim.model.live`: one HiGHS model kept alive over many solves (sweeps,
  ensembles), used while :func:`~lowcarbon_sim.model.live.live_model` is active;
* :mod:`~lowcarbon_sim.model.diagnose`: on infeasibility, name the constraints, years and
  hours that must give way (an elastic solve, plus HiGHS's IIS on small models).

Imports point one way only: ``solution`` and ``algorithm`` import no sibling, ``highs``
imports both, ``diagnose`` imports ``highs``, and this module imports them all. Any other
Pyomo solver plugin (``appsi_highs``, ``glpk`` ...) is run here by name.

The names that used to live here are re-exported, so ``from lowcarbon_sim.model.solve
import ...`` keeps working.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.errors import InfeasibleError, SolveError, SolverNotAvailableError
from lowcarbon_sim.model.algorithm import (
    IPM_MIN_TIMESTEPS,
    algorithm_name,
    algorithm_that_ran,
    default_algorithm,
    hipo_available,
)
from lowcarbon_sim.model.diagnose import (
    IIS_MAX_ROWS,
    IIS_STRATEGY,
    conflict_summary,
    diagnose_infeasibility,
)
from lowcarbon_sim.model.highs import StandardForm, compile_model, solve_highs
from lowcarbon_sim.model.live import current_live_model
from lowcarbon_sim.model.solution import Solution

__all__ = [
    "DEFAULT_SOLVER",
    "IIS_MAX_ROWS",
    "IIS_STRATEGY",
    "IPM_MIN_TIMESTEPS",
    "Solution",
    "StandardForm",
    "algorithm_name",
    "algorithm_that_ran",
    "available_solvers",
    "compile_model",
    "conflict_summary",
    "default_algorithm",
    "diagnose_infeasibility",
    "hipo_available",
    "solve_model",
]

DEFAULT_SOLVER = "highs"


def available_solvers() -> list[str]:
    """Names of solvers usable here: ``highs`` plus installed Pyomo plugins."""
    from pyomo.environ import SolverFactory  # registers the solver plugins

    names = [DEFAULT_SOLVER]
    for name in ("appsi_highs", "glpk", "cbc", "gurobi", "cplex", "xpress", "scip", "ipopt"):
        try:
            if SolverFactory(name).available(exception_flag=False):
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
        live = current_live_model()  # inside lowcarbon_sim.model.live.live_model()
        if live is not None:
            return live.solve(
                model, options or {}, time_limit, diagnose_infeasibility if diagnose else None
            )
        return solve_highs(
            model, options or {}, time_limit, diagnose_infeasibility if diagnose else None
        )
    return _solve_pyomo_plugin(model, solver, options or {}, time_limit)


# --------------------------------------------------------------------------------------
# any Pyomo solver plugin


def _solve_pyomo_plugin(model, name, options, time_limit) -> Solution:
    from pyomo.environ import SolverFactory  # registers the solver plugins

    try:
        opt = SolverFactory(name)
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
    whole = [
        v
        for v in model.component_data_objects(pyo.Var, active=True, descend_into=True)
        if v.is_integer() and not v.fixed
    ]
    if whole:
        # whole units (unit_size): the MILP has no duals; as solve_highs does, the prices are
        # the duals of the LP with the units fixed at the MILP's counts
        direction = model.dual.direction
        model.dual.direction = pyo.Suffix.LOCAL  # asks the solver for no duals
        try:
            _solve_and_load(opt, model, name)
        finally:
            model.dual.direction = direction
        domains = [v.domain for v in whole]
        for v in whole:
            v.fix(round(v.value))
            v.domain = pyo.Reals  # a fixed integer still makes some plugins solve a MILP
        try:
            _solve_and_load(opt, model, name)
        finally:
            for v, domain in zip(whole, domains, strict=True):
                v.domain = domain
                v.unfix()
    else:
        _solve_and_load(opt, model, name)
    elapsed = time.perf_counter() - t0
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



def _solve_and_load(opt: Any, model: pyo.ConcreteModel, name: str) -> None:
    """Solve ``model`` with the Pyomo solver ``opt`` (named ``name``) and load its solution;
    an infeasible or unfinished solve raises."""
    from pyomo.opt import TerminationCondition

    res = opt.solve(model, load_solutions=False)
    tc = res.solver.termination_condition
    if tc == TerminationCondition.infeasible:
        raise InfeasibleError(
            f"the model is infeasible (solver '{name}'); use solver 'highs' for a diagnosis",
            status="infeasible",
        )
    if tc != TerminationCondition.optimal:
        raise SolveError(f"solver '{name}' stopped with status '{tc}'", status=str(tc))
    model.solutions.load_from(res)
