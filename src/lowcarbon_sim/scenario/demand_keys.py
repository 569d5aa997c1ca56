"""Demand keys that have no effect when the sector modules drive demand, and their refusal.

With ``sectors.enabled: true`` the decision years' electricity demand is the sector
modules' whole-society consumption (:func:`lowcarbon_sim.sectors.compute`): the growth path
``demand.growth_rate`` and any ``demand.electricity`` value after ``years.last_historical``
are not read. A scenario, an override or an ensemble that sets them would change nothing,
so they are refused with a :class:`~lowcarbon_sim.errors.ScenarioError` naming the key. The
keys that act are the history years of ``demand.electricity`` (the statistics the sectors
are closed to), ``demand.profile`` and ``demand.peak``, and the sector drivers
(``economy.gdp_growth``, ``sectors.<section>.<subsector>.growth``, ``elasticity``, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["inert_demand_key", "refuse_inert_demand_keys"]

_HINT = (
    "is not used when the sector modules drive demand (sectors.enabled: true): decision-year "
    "demand comes from the sectors; set their drivers instead (economy.gdp_growth, "
    "sectors.<section>.<subsector>.growth or .elasticity) or set sectors.enabled: false"
)


def inert_demand_key(scenario: Any, key: str) -> str | None:
    """Why dotted ``key`` has no effect in ``scenario`` (None when it acts or is no demand key)."""
    if not scenario.sectors.enabled:
        return None
    parts = key.split(".")
    if parts[:2] == ["demand", "growth_rate"]:
        return _HINT
    if parts[:2] == ["demand", "electricity"] and len(parts) == 3:
        try:
            year = int(parts[2])
        except ValueError:
            return None
        if year > scenario.years.last_historical:
            return (
                f"year {year} is after years.last_historical "
                f"({scenario.years.last_historical}) and " + _HINT
            )
    return None


def refuse_inert_demand_keys(scenario: Any, keys: Iterable[str]) -> None:
    """Raise ScenarioError listing every key of ``keys`` that has no effect in ``scenario``."""
    from lowcarbon_sim.errors import ScenarioError

    problems = [(k, why) for k in keys if (why := inert_demand_key(scenario, k))]
    if problems:
        raise ScenarioError(problems)
