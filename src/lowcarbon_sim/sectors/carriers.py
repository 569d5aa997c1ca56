"""Energy carriers: the energy units of sector data (tce, GJ, kWh) and their conversion.

Internally sector energy is MWh (heat content, lower heating value for fuels), emissions
t CO2, hydrogen t H2. The physical constants (:data:`~lowcarbon_sim.units.TCE_MWH`,
:data:`~lowcarbon_sim.units.H2_MWH_PER_T`) and the energy-unit table
(:data:`~lowcarbon_sim.units.ENERGY_UNITS`, :func:`~lowcarbon_sim.units.parse_amount`) live
in :mod:`lowcarbon_sim.units`, where the scenario schema reads them.
"""

from __future__ import annotations

# defined in units.py (the scenario stage reads them there) and still importable from here
from lowcarbon_sim.units import ENERGY_UNITS, H2_MWH_PER_T, TCE_MWH, parse_amount

__all__ = ["ENERGY_UNITS", "H2_MWH_PER_T", "TCE_MWH", "parse_amount"]
