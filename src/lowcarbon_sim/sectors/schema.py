"""Scenario schema of the economy and the sector modules (``economy:`` and ``sectors:``)."""

from __future__ import annotations

from lowcarbon_sim.scenario.types import StrictModel


class EconomyConfig(StrictModel):
    """Macro drivers of the province: GDP and population."""


class SectorsConfig(StrictModel):
    """The sector modules; when ``enabled``, their electricity demand drives the LP."""

    enabled: bool = False
    """Whether sector demand replaces `demand.electricity` in the decision years."""
