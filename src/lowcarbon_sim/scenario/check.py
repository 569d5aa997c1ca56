"""Checks of a validated scenario against its data, without building or solving the model.

:func:`load_scenario` checks the scenario's keys, types, units, ranges and references. Some
problems only show once the data behind the keys is read: a profile CSV with the wrong
number of rows, gaps or NaN; availability values above 1 p.u.; sector shares that do not add
up to 1 in some year; a solver named in the scenario that is not installed.
:func:`check_scenario` runs those checks (a fraction of a second for the Hunan scenarios);
``lowcarbon-sim validate`` calls it, so a scenario that validates does not fail later on
its input data.
"""

from __future__ import annotations

from lowcarbon_sim.errors import SolverNotAvailableError
from lowcarbon_sim.scenario.schema import Scenario


def check_scenario(scenario: Scenario) -> None:
    """Read the scenario's profiles, compute its sector modules and look for its solver.

    Raises
    ------
    ScenarioError, DataError
        A profile or a sector input is wrong (the message names the file or key path).
    SolverNotAvailableError
        ``solver.name`` is not installed here (the message lists the available solvers).
    """
    from lowcarbon_sim.inputs import _load_profiles
    from lowcarbon_sim.pipeline import _sector_outputs

    _load_profiles(scenario)
    _sector_outputs(scenario)
    check_solver(scenario.solver.name)


def check_solver(name: str) -> None:
    """Raise :class:`SolverNotAvailableError` when solver ``name`` cannot be used here."""
    from lowcarbon_sim.model.solve import DEFAULT_SOLVER, available_solvers

    if name == DEFAULT_SOLVER:
        return
    available = available_solvers()
    if name not in available:
        raise SolverNotAvailableError(
            f"solver.name: solver '{name}' is not available here "
            f"(available: {', '.join(available)})",
            status="not_available",
        )
