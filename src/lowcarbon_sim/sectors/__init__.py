"""Sector modules: industry, buildings, transport and the rest of the economy.

Pure functions from the scenario's ``sectors`` and ``economy`` sections to energy demand by
carrier and direct CO2 per year (see :func:`lowcarbon_sim.sectors.compute`). Their schema
(``economy:`` and ``sectors:``) is part of the scenario stage,
:mod:`lowcarbon_sim.scenario.sectors`. The package imports nothing heavy until
:func:`compute` is called.
"""

from __future__ import annotations

from typing import Any

__all__ = ["compute"]


def compute(scenario: Any, years: Any) -> Any:
    """Sector demand and emissions of a scenario; see
    :func:`lowcarbon_sim.sectors.aggregate.compute`."""
    from lowcarbon_sim.sectors.aggregate import compute as _compute

    return _compute(scenario, years)
