"""Industry: iron and steel, cement and other non-metallic minerals, non-ferrous metals,
chemicals and other industry.

Each subsector is activity (physical output in t where one fits, otherwise an index of value
added) x route shares (blast furnace-basic oxygen furnace, scrap-EAF, hydrogen DRI; clinker
substitution through the route's `material_ratio`) x end uses with a fuel mix that moves over
time (electrification of process heat), with compounding efficiency gains. Process CO2 is
material x `process_emissions` (clinker calcination, t CO2 per t clinker). The share of
direct CO2 in concentrated streams is offered to CCUS as `capturable_co2`.
"""

from __future__ import annotations

from lowcarbon_sim.scenario.sectors import SectorsConfig
from lowcarbon_sim.sectors.engine import Context, SubsectorResult, subsector

SECTION = "industry"


def compute(cfg: SectorsConfig, ctx: Context) -> list[SubsectorResult]:
    """Energy (MWh by carrier), direct and process CO2 (t) of every industrial subsector."""
    return [subsector(name, SECTION, sub, ctx) for name, sub in cfg.industry.items()]
