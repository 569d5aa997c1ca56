"""lowcarbon-sim: energy-system scenarios for a Chinese province's carbon-peak pathway.

Public API (everything else is private)::

    import lowcarbon_sim as lcs
    scenario = lcs.load_scenario("scenarios/hunan_baseline.yaml")
    results = lcs.run(scenario)
    results.dataset          # xarray.Dataset with units in attrs
    results.to_netcdf("out/results.nc")

Heavy modules (Pyomo, xarray, HiGHS) are imported on first use so that ``import
lowcarbon_sim`` and ``lowcarbon-sim --help`` start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from lowcarbon_sim.errors import (
    DataError,
    InfeasibleError,
    InputError,
    LowCarbonSimError,
    ModelBuildError,
    ModelError,
    ScenarioError,
    SolveError,
    SolverNotAvailableError,
)

__version__ = "0.1.0"

_LAZY = {
    "load_scenario": "lowcarbon_sim.scenario.load",
    "Scenario": "lowcarbon_sim.scenario.schema",
    "run": "lowcarbon_sim.pipeline",
    "build_inputs": "lowcarbon_sim.inputs",
    "build_model": "lowcarbon_sim.model.build",
    "solve_model": "lowcarbon_sim.model.solve",
    "Results": "lowcarbon_sim.results.core",
    "open_results": "lowcarbon_sim.results.core",
    "run_ensemble": "lowcarbon_sim.ensemble.runner",
    "run_sweep": "lowcarbon_sim.ensemble.sweep",
}

__all__ = [
    "DataError",
    "InfeasibleError",
    "InputError",
    "LowCarbonSimError",
    "ModelBuildError",
    "ModelError",
    "Results",
    "Scenario",
    "ScenarioError",
    "SolveError",
    "SolverNotAvailableError",
    "__version__",
    "build_inputs",
    "build_model",
    "load_scenario",
    "open_results",
    "run",
    "run_ensemble",
    "run_sweep",
    "solve_model",
]


def __dir__() -> list[str]:
    """The public API (``__all__``), so that ``dir(lowcarbon_sim)`` and tab completion list
    the lazily imported names such as ``run`` and not the module's own imports."""
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'lowcarbon_sim' has no attribute {name!r}")
