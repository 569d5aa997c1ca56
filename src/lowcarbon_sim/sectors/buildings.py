"""Buildings: urban residential, rural residential, commercial and public.

Activity is floor area (m2), given for the base year and driven by urban or rural population
(or a growth rate). End uses (space heating, cooling, water heating, cooking, appliances and
lighting) have an intensity per m2 and a fuel mix; heat pumps enter through the electricity
share of heating together with a conversion efficiency above 1 (the coefficient of
performance), so electrification lowers final energy. Efficiency standards are the
subsector's `efficiency_gain`.
"""

from __future__ import annotations

from lowcarbon_sim.scenario.sectors import SectorsConfig
from lowcarbon_sim.sectors.engine import Context, SubsectorResult, subsector

SECTION = "buildings"


def compute(cfg: SectorsConfig, ctx: Context) -> list[SubsectorResult]:
    """Energy (MWh by carrier) and direct CO2 (t) of every building subsector."""
    return [subsector(name, SECTION, sub, ctx) for name, sub in cfg.buildings.items()]
