"""Targets the LP must meet (``policy.targets``): China's dual-control and peaking targets as
constraints, each with its shadow price in the results.

Each field is optional; nothing is enforced when it is unset. The same targets can be only
*checked* after the solve with ``sectors.targets`` (no constraint, no price). Formulas,
sources and an example: docs/targets.md.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from lowcarbon_sim.scenario.sectors import ENERGY
from lowcarbon_sim.scenario.types import StrictModel, quantity, series

_PERIOD = re.compile(r"^\d{4}-\d{4}$")

#: Rules that take energy out of the energy-consumption total under control (their
#: documents and first years: :data:`lowcarbon_sim.inputs.targets.EXCLUSION_RULES`).
Exclusion = Literal["new_renewables", "feedstock"]


class TargetPolicyConfig(StrictModel):
    """Targets enforced as constraints of the LP, each with its price in the results."""

    nonfossil_share: dict[int, quantity("1", ge=0, le=1)] = Field(default_factory=dict)
    """Least non-fossil share of primary energy (province: sectors plus power), p.u., by
    year; counted by `method`."""
    method: Literal["coal_substitution", "physical_content"] | None = None
    """How primary electricity is counted for `nonfossil_share` and the energy targets:
    `coal_substitution` (Chinese statistics, at `sectors.targets.coal_substitution_rate`) or
    `physical_content` (1 kWh = 3.6 MJ); `sectors.targets.nonfossil_method` when unset."""
    energy_intensity: dict[str, quantity("1", ge=-1, le=10)] = Field(default_factory=dict)
    """Largest change of energy consumption (under control: `exclusions` taken out) per unit
    of GDP, p.u., keyed `"<base>-<year>"` (e.g. `{"2020-2025": -0.14}`)."""
    co2_intensity: dict[str, quantity("1", ge=-1, le=10)] = Field(default_factory=dict)
    """Largest change of province CO2 per unit of GDP, p.u., keyed `"<base>-<year>"`."""
    co2_total: series("t CO2", ge=0) | None = None
    """Most province CO2 (power plus the sectors), t CO2/yr, per year (the amount half of
    carbon dual control; independent of `policy.co2_cap` and its scope)."""
    energy_total: ENERGY | None = None
    """Most energy consumption under control (primary energy minus `exclusions`), MWh/yr
    (`tce`, `Mtce` accepted), per year."""
    peak_by: int | None = None
    """Province CO2 of every modelled year after this one is not above this year's."""
    exclusions: list[Exclusion] = Field(default_factory=lambda: ["new_renewables", "feedstock"])
    """Rules that take energy out of the total under control, each from its first year in
    force: `new_renewables` (renewable electricity above the base year's), `feedstock`
    (`feedstock_energy`)."""
    renewables_base_year: int = 2020
    """Base year of the `new_renewables` exclusion (the rule's base: 2020)."""
    feedstock_energy: ENERGY = 0.0
    """Fossil energy used as feedstock (raw material, not fuel), MWh/yr, per year: taken
    out of the energy under control where the `feedstock` rule is in force. The sector
    modules do not separate feedstock use, so it is an input."""

    @model_validator(mode="after")
    def _periods(self) -> TargetPolicyConfig:
        for name in ("energy_intensity", "co2_intensity"):
            for period in getattr(self, name):
                if not _PERIOD.match(period):
                    raise ValueError(f"{name}.{period}: expected a period like '2020-2025'")
                a, b = (int(p) for p in period.split("-"))
                if b <= a:
                    raise ValueError(f"{name}.{period}: the base year must come first")
        return self

    @property
    def active(self) -> bool:
        """Whether any target is enforced."""
        return bool(
            self.nonfossil_share
            or self.energy_intensity
            or self.co2_intensity
            or self.co2_total is not None
            or self.energy_total is not None
            or self.peak_by is not None
        )
