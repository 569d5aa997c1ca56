"""Rising cost of fast build: the tranches (``build_steps``) of a technology's yearly new build.

A row's ``build_steps`` becomes two inputs over (tech, build_step): ``build_step_max``, the
width of each tranche (MW/yr; +inf for an unlimited tranche, 0 for the padding of rows with
fewer tranches) and ``build_step_capex``, the investment cost added to ``capex`` in that
tranche (yuan/MW). Tranches are sorted by their adder, so position 0 is the cheapest. Nothing
is added when no row has tranches (the LP is then unchanged).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.arrays import add_input
from lowcarbon_sim.scenario.schema import Scenario
from lowcarbon_sim.technology import KW_PER_MW
from lowcarbon_sim.units import TECH

BUILD_STEP = "build_step"


def add_build_steps(ds: xr.Dataset, scenario: Scenario) -> None:
    """Add ``build_step_max`` (MW/yr) and ``build_step_capex`` (yuan/MW) over (tech,
    build_step) for the rows with ``build_steps``."""
    techs = scenario.power.techs
    names = [str(t) for t in ds[TECH].values]
    steps = {t: sorted(techs[t].build_steps.values(), key=lambda s: s.capex_adder)
             for t in names if techs[t].build_steps}
    if not steps:
        return
    n = max(len(s) for s in steps.values())
    size = np.zeros((len(names), n))
    adder = np.zeros((len(names), n))
    for j, t in enumerate(names):
        for k, step in enumerate(steps.get(t, ())):
            size[j, k] = np.inf if step.size is None else step.size
            adder[j, k] = step.capex_adder * KW_PER_MW
    ds.coords[BUILD_STEP] = np.arange(n)
    add_input(ds, "build_step_max", (TECH, BUILD_STEP), size, "MW/yr",
              "width of each tranche of the yearly new build (inf: unlimited; 0: no such tranche)")
    add_input(ds, "build_step_capex", (TECH, BUILD_STEP), adder, "yuan/MW",
              "investment cost added to capex in each tranche of the yearly new build")
