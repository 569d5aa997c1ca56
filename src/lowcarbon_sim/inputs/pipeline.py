"""Committed projects and fuel-price cases: scenario -> model inputs.

* :func:`pipeline_additions`: the capacity that committed projects (``power.pipeline``: plants
  and lines under construction or approved, planned retirements) add to each technology's
  existing capacity, MW by (year, tech). A project counts from ``year + delay`` on and never
  when ``cancel`` is set. :func:`add_pipeline` adds it to ``existing_capacity`` of the model
  inputs, so the model sees committed capacity like any other fixed fleet: it pays its fixed
  O&M but not its investment (sunk when construction has started). In its first year a
  project runs (and pays) only its ``first_year_share`` (:func:`pipeline_idle`), as new
  build does.
* :func:`fuel_price`: the price path of a fuel under ``power.fuel_price_case`` (history
  keeps the recorded prices).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import xarray as xr

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.schema import FuelConfig, PipelineProject, Scenario
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.units import TECH, YEAR


def _counted(scenario: Scenario, techs) -> Iterator[tuple[PipelineProject, int, int]]:
    """The projects that count: ``(project, first year, position of its tech in techs)``
    for each project not cancelled whose technology is among ``techs``."""
    pos = {t: j for j, t in enumerate(techs)}
    for project in scenario.power.pipeline.values():
        first = project.first_year
        if first is not None and project.tech in pos:
            yield project, first, pos[project.tech]


def pipeline_additions(scenario: Scenario, years, techs) -> np.ndarray:
    """Capacity added by committed projects, MW, shape ``(len(years), len(techs))``.

    A project adds its ``capacity`` (negative: a retirement) in every year from its first
    year (``year + delay``) on; cancelled projects add nothing.

    Examples
    --------
    >>> from lowcarbon_sim.testing import tiny_scenario
    >>> s = tiny_scenario(
    ...     {"g": {"class": "dispatchable", "fuel": "f", "extendable": False}},
    ...     fuels={"f": {"price": 1.0}},
    ...     overrides={"power.pipeline.p": {"tech": "g", "capacity": 50, "year": 2028},
    ...                "power.pipeline.p.delay": 1},
    ... )
    >>> pipeline_additions(s, [2028, 2029, 2030], ["g"])[:, 0].tolist()
    [0.0, 50.0, 50.0]
    """
    years_arr = np.asarray(years, dtype=int)
    added = np.zeros((len(years_arr), len(techs)))
    for project, first, j in _counted(scenario, techs):
        added[years_arr >= first, j] += project.capacity
    return added


def pipeline_idle(scenario: Scenario, years, techs, first_year_availability) -> np.ndarray:
    """Committed capacity not in service on average over its first year, MW, shape
    ``(len(years), len(techs))``: ``(1 - share) * capacity`` of each project in its first
    year, where that year is modelled (negative for a retirement: the retired capacity runs
    part of that year). A project whose first year falls before the run or between modelled
    years has run for a year or more when it is first counted, so it has none. ``share`` is
    the project's ``first_year_share``, else the technology's ``first_year_availability``
    (array by tech, p.u.).

    Examples
    --------
    >>> from lowcarbon_sim.testing import tiny_scenario
    >>> s = tiny_scenario(
    ...     {"g": {"class": "dispatchable", "fuel": "f", "extendable": False}},
    ...     fuels={"f": {"price": 1.0}},
    ...     overrides={"power.pipeline.p": {"tech": "g", "capacity": 50, "year": 2028,
    ...                                     "first_year_share": 0.4}},
    ... )
    >>> pipeline_idle(s, [2028, 2029], ["g"], [1.0])[:, 0].tolist()
    [30.0, 0.0]
    >>> pipeline_idle(s, [2029, 2030], ["g"], [1.0])[:, 0].tolist()  # a run from 2029
    [0.0, 0.0]
    """
    years_arr = np.asarray(years, dtype=int)
    idle = np.zeros((len(years_arr), len(techs)))
    for project, first, j in _counted(scenario, techs):
        if first not in years_arr:
            continue
        share = project.first_year_share
        share = float(first_year_availability[j]) if share is None else share
        idle[np.flatnonzero(years_arr == first)[0], j] += (1.0 - share) * project.capacity
    return idle


def add_pipeline(ds: xr.Dataset, scenario: Scenario) -> None:
    """Add committed projects to ``existing_capacity`` of the inputs ``ds`` (in place).

    Also stores ``pipeline_capacity`` (MW by year and tech) so results can show what came
    from the pipeline, and ``pipeline_idle_capacity`` (:func:`pipeline_idle`), which the
    model's operating limits take off the capacity of a project's first year.

    Raises
    ------
    ScenarioError
        If retirements would make a technology's existing capacity negative.
    """
    added = pipeline_additions(scenario, ds[YEAR].values, list(ds[TECH].values))
    total = ds["existing_capacity"].values + added
    if (total < -1e-6).any():
        i, j = np.argwhere(total < -1e-6)[0]
        tech, year = ds[TECH].values[j], int(ds[YEAR].values[i])
        raise ScenarioError(
            [
                (
                    "power.pipeline",
                    f"retirements exceed the existing capacity of {tech} in "
                    f"{year} ({total[i, j]:.0f} MW)",
                )
            ]
        )
    ds["existing_capacity"] = ((YEAR, TECH), np.maximum(total, 0.0))
    ds["existing_capacity"].attrs["units"] = "MW"
    ds["pipeline_capacity"] = ((YEAR, TECH), added)
    ds["pipeline_capacity"].attrs.update(
        units="MW", description="committed projects in existing_capacity (power.pipeline)"
    )
    idle = pipeline_idle(
        scenario, ds[YEAR].values, list(ds[TECH].values), ds["first_year_availability"].values
    )
    ds["pipeline_idle_capacity"] = ((YEAR, TECH), idle)
    ds["pipeline_idle_capacity"].attrs.update(
        units="MW",
        description="committed capacity not yet in service (retirements: still in service) "
        "on average over the project's first year (first_year_share)",
    )


def fuel_price(fuel: FuelConfig, case: str, years, last_historical: int) -> np.ndarray:
    """Price of ``fuel`` in ``years`` under the fuel-price case ``case``, yuan/MWh of heat.

    ``low`` and ``high`` use ``price_low`` / ``price_high`` where given, after
    ``last_historical`` only: history keeps the recorded (``price``) path, so a price case
    never changes a historical year.
    """
    central = series_values(fuel.price, years)
    chosen = {"low": fuel.price_low, "high": fuel.price_high}.get(case)
    if chosen is None:
        return central
    future = np.asarray(years) > last_historical
    return np.where(future, series_values(chosen, years), central)
