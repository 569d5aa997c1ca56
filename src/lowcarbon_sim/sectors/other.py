"""The rest of the inventory: agriculture, construction, services not in buildings, and heat
supply and captive generation outside the power LP; plus the optional land-use sink.

These are subsectors like any other (usually an activity index driven by GDP with the base
year's energy use as intensity). Their `sector` names them in the results (`agriculture`,
`construction`, `heat_supply`, `other`).
"""

from __future__ import annotations

import numpy as np

from lowcarbon_sim.scenario.sectors import SectorsConfig
from lowcarbon_sim.scenario.types import series_values
from lowcarbon_sim.sectors.engine import Context, SubsectorResult, subsector

SECTION = "other"
LAND_SECTOR = "land_use"


def compute(cfg: SectorsConfig, ctx: Context) -> list[SubsectorResult]:
    """Energy (MWh by carrier) and direct CO2 (t) of the remaining subsectors."""
    return [subsector(name, SECTION, sub, ctx) for name, sub in cfg.other.items()]


def land_sink(cfg: SectorsConfig, ctx: Context) -> np.ndarray:
    """Net removal by land use and forestry per calendar year, t CO2 (positive = removal)."""
    return series_values(cfg.land_sink, ctx.years)
