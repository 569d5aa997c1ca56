"""Limits on the yearly new build of groups of technologies together (``power.build_groups``).

Each group becomes a row of two inputs over ``build_group``: ``build_group_max`` (MW/yr, by
year; +inf where the group has no limit, e.g. years not given) and ``build_group_member``
(1 where a technology belongs to the group). Nothing is added when the scenario has no
groups (the LP is then unchanged).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.inputs.arrays import add_input
from lowcarbon_sim.scenario.schema import Scenario
from lowcarbon_sim.units import TECH, YEAR

BUILD_GROUP = "build_group"


def add_build_groups(ds: xr.Dataset, scenario: Scenario) -> None:
    """Add ``build_group_max`` (MW/yr over build_group x year) and ``build_group_member``
    (over build_group x tech) for the scenario's ``power.build_groups``."""
    groups = scenario.power.build_groups
    if not groups:
        return
    names = list(groups)
    years = [int(y) for y in ds[YEAR].values]
    techs = [str(t) for t in ds[TECH].values]
    limit = np.full((len(names), len(years)), np.inf)
    member = np.zeros((len(names), len(techs)))
    for k, name in enumerate(names):
        group = groups[name]
        given = group.build_max
        for i, y in enumerate(years):
            if isinstance(given, dict):
                limit[k, i] = float(given.get(y, np.inf))
            else:
                limit[k, i] = float(given)
        for t in group.techs:
            member[k, techs.index(t)] = 1.0
    ds.coords[BUILD_GROUP] = names
    add_input(ds, "build_group_max", (BUILD_GROUP, YEAR), limit, "MW/yr",
              "most new build of the group's technologies together in a year (inf: no limit)")
    add_input(ds, "build_group_member", (BUILD_GROUP, TECH), member, "1",
              "1 where the technology's new build counts towards the group's limit")
