"""One scenario run: scenario -> sectors -> inputs -> model -> solve -> results.

Each stage is a public function; :func:`run` chains them and reports progress.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from lowcarbon_sim.scenario.schema import Scenario

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def run(
    scenario: Scenario | str | Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    customize: Callable[[Any, Any], None] | None = None,
    progress: Progress | None = None,
):
    """Solve a scenario and return its :class:`~lowcarbon_sim.results.core.Results`.

    Parameters
    ----------
    scenario
        A validated :class:`Scenario` or a path to a scenario YAML file.
    overrides
        Dotted-key overrides applied when ``scenario`` is a path.
    customize
        ``customize(model, inputs)`` is called after the model is built and before it is
        solved: the hook for adding your own Pyomo variables and constraints.
    progress
        Called with one line per stage (the CLI prints them).

    Raises
    ------
    ScenarioError, DataError
        Invalid input.
    InfeasibleError, SolveError
        The model has no solution; the message says why.
    """
    from lowcarbon_sim import __version__
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.model.build import build_model
    from lowcarbon_sim.model.extract import extract_results
    from lowcarbon_sim.model.solve import solve_model
    from lowcarbon_sim.results.core import Results
    from lowcarbon_sim.scenario.load import load_scenario, scenario_hash, scenario_to_dict

    say = progress or (lambda _msg: None)
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, overrides)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sectors = _sector_outputs(scenario)
    inputs = build_inputs(scenario, sectors)
    timings["inputs"] = time.perf_counter() - t0
    say(
        f"inputs: {inputs.sizes['year']} years x {inputs.sizes['timestep']} time steps x "
        f"{inputs.sizes['tech']} technologies ({timings['inputs']:.1f} s)"
    )
    t0 = time.perf_counter()
    model = build_model(inputs)
    if customize is not None:
        customize(model, inputs)
    timings["build"] = time.perf_counter() - t0
    say(f"model built ({timings['build']:.1f} s); solving with {scenario.solver.name}")
    sol = solve_model(
        model, scenario.solver.name, dict(scenario.solver.options), scenario.solver.time_limit
    )
    timings.update({f"solver_{k}": v for k, v in sol.timings.items()})
    solve_s = sol.timings.get("compile", 0.0) + sol.timings.get("solve", 0.0)
    say(f"solved: objective {sol.objective:.6g} yuan ({solve_s:.1f} s)")
    t0 = time.perf_counter()
    ds = extract_results(model, sol)
    ds = _province(ds, sectors, scenario)
    timings["extract"] = time.perf_counter() - t0
    import yaml

    ds.attrs.update(
        scenario=scenario.name,
        solver=sol.solver,
        solver_version=sol.solver_version,
        solver_algorithm=sol.algorithm,
        **{f"solver_iterations_{k}": v for k, v in sol.iterations.items()},
        termination_condition=sol.termination_condition,
        objective=sol.objective,
        lowcarbon_sim_version=__version__,
        scenario_hash=scenario_hash(scenario),
        scenario_yaml=yaml.safe_dump(
            scenario_to_dict(scenario), sort_keys=False, allow_unicode=True
        ),
        last_historical_year=scenario.years.last_historical,
        time_mode=scenario.time.mode,
        **{f"seconds_{k}": round(v, 4) for k, v in timings.items()},
    )
    return Results(ds, model=model, inputs=inputs)


def _sector_outputs(scenario: Scenario):
    """Sector demand and emissions of the scenario (``None`` when it has no subsectors)."""
    from lowcarbon_sim.sectors import compute

    return compute(scenario, scenario.years.model_years)


def _province(ds, sectors, scenario: Scenario):
    """Add province totals, targets and the emission peak (power alone without sectors)."""
    if sectors is not None:
        from lowcarbon_sim.results.province import combine

        return combine(ds, sectors, scenario)
    total = ds["emissions"].sum("sector")
    ds["total_emissions"] = total.assign_attrs(units="t CO2", description="province total")
    ds.attrs["peak_year"] = int(ds["year"].values[int(np.argmax(total.values))])
    ds.attrs["peak_emissions"] = float(total.max())
    return ds
