"""Policy inputs mean what they say: limits that cannot act, or contradict each other, are
refused once the inputs are built (``validate`` builds them), naming the key, year and
numbers, instead of being ignored or ending in a solver error.

* ``capacity_max`` below the existing fleet of a year: existing capacity cannot retire
  early, so the limit could never hold (for a non-extendable technology the LP would not
  even see it). Technologies that retrofits convert (``retrofit_of``) are left out: their
  capacity can fall below the existing fleet.
* ``min_full_load_hours`` above ``max_full_load_hours`` of the same technology and year.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.units import TECH, YEAR

#: Relative slack before a limit counts as below the fleet (round-off of retirements).
REL_TOL = 1e-9


def policy_problems(inputs: xr.Dataset) -> list[tuple[str, str]]:
    """``(key, message)`` for each technology with a limit that cannot hold (first year
    only per technology and limit)."""
    problems: list[tuple[str, str]] = []
    if TECH not in inputs.dims or YEAR not in inputs.dims:
        return problems
    techs = [str(t) for t in inputs[TECH].values]
    years = [int(y) for y in inputs[YEAR].values]
    converted = set()
    if "retrofit_of" in inputs:
        converted = {str(p) for p in inputs["retrofit_of"].values if str(p)}

    def table(name: str) -> np.ndarray | None:
        if name not in inputs:
            return None
        return inputs[name].transpose(YEAR, TECH).values.astype(float)

    existing, cap_max = table("existing_capacity"), table("capacity_max")
    if existing is not None and cap_max is not None:
        for j, tech in enumerate(techs):
            if tech in converted:
                continue
            over = np.flatnonzero(existing[:, j] > cap_max[:, j] * (1 + REL_TOL) + 1e-6)
            if over.size:
                i = int(over[0])
                problems.append(
                    (
                        f"power.techs.{tech}.capacity_max",
                        f"{cap_max[i, j]:,.6g} MW in {years[i]} is below the {existing[i, j]:,.6g}"
                        f" MW of existing capacity that year (existing_capacity), which cannot "
                        "retire early: the limit cannot act on a fixed fleet; expected "
                        f"capacity_max >= {existing[i, j]:,.6g} MW",
                    )
                )
    hmin, hmax = table("min_full_load_hours"), table("max_full_load_hours")
    if hmin is not None and hmax is not None:
        with np.errstate(invalid="ignore"):
            clash = np.isfinite(hmin) & np.isfinite(hmax) & (hmin > hmax * (1 + REL_TOL))
        for j, tech in enumerate(techs):
            rows = np.flatnonzero(clash[:, j])
            if rows.size:
                i = int(rows[0])
                problems.append(
                    (
                        f"power.techs.{tech}.min_full_load_hours",
                        f"{hmin[i, j]:,.6g} h in {years[i]} is above max_full_load_hours "
                        f"{hmax[i, j]:,.6g} h; expected min_full_load_hours <= "
                        "max_full_load_hours",
                    )
                )
    return problems


def check_policy_inputs(inputs: xr.Dataset) -> None:
    """Refuse limits that cannot act or contradict each other (see the module notes).

    Raises
    ------
    ScenarioError
        One problem per technology and limit.
    """
    problems = policy_problems(inputs)
    if problems:
        raise ScenarioError(problems)
