"""Ensembles, sweeps and uncertainty: many runs of one scenario, in parallel with Dask.

* :func:`run_ensemble`: Latin hypercube samples of the scenario's ``uncertainty:``
  parameters, each member solved on a local or remote Dask cluster;
* :func:`run_sweep`: a grid over any scenario key; over ``policy.co2_price`` it also gives
  the marginal abatement cost curve (:func:`mac_curve`, :func:`mac_options`);
* :mod:`~lowcarbon_sim.ensemble.summary` and :mod:`~lowcarbon_sim.ensemble.plots` read the
  combined file (no model needed).

Dask, scipy and matplotlib are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "UncertaintyConfig": "lowcarbon_sim.ensemble.spec",
    "run_ensemble": "lowcarbon_sim.ensemble.runner",
    "EnsembleResults": "lowcarbon_sim.ensemble.runner",
    "run_sweep": "lowcarbon_sim.ensemble.sweep",
    "mac_curve": "lowcarbon_sim.ensemble.sweep",
    "mac_options": "lowcarbon_sim.ensemble.sweep",
    "summarize": "lowcarbon_sim.ensemble.summary",
    "sensitivity": "lowcarbon_sim.ensemble.summary",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'lowcarbon_sim.ensemble' has no attribute {name!r}")
