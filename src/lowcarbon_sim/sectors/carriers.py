"""Energy carriers: the energy units of sector data (tce, GJ, kWh) and their conversion.

Internally sector energy is MWh (heat content, lower heating value for fuels), emissions
t CO2, hydrogen t H2. The physical constants (:data:`~lowcarbon_sim.units.TCE_MWH`,
:data:`~lowcarbon_sim.units.H2_MWH_PER_T`) live in :mod:`lowcarbon_sim.units`.
"""

from __future__ import annotations

# TCE_MWH and H2_MWH_PER_T are defined in units.py and stay importable from here.
from lowcarbon_sim.units import H2_MWH_PER_T, TCE_MWH, TOE_MWH, split_quantity

__all__ = ["ENERGY_UNITS", "H2_MWH_PER_T", "TCE_MWH", "parse_amount"]

#: Energy units accepted in sector data, as factors to MWh.
ENERGY_UNITS: dict[str, float] = {
    "MWh": 1.0,
    "kWh": 1e-3,
    "GWh": 1e3,
    "TWh": 1e6,
    "MJ": 1.0 / 3600.0,
    "GJ": 1.0 / 3.6,
    "TJ": 1e3 / 3.6,
    "PJ": 1e6 / 3.6,
    "kgce": TCE_MWH / 1e3,
    "tce": TCE_MWH,
    "ktce": TCE_MWH * 1e3,
    "Mtce": TCE_MWH * 1e6,
    "toe": TOE_MWH,
    "": 1.0,
}


def parse_amount(text: str, unit: str, table: dict[str, float]) -> float:
    """Parse ``"545 kgce"`` or ``"545 kgce/t"`` into a float in ``unit`` using ``table``.

    The part after a ``/`` names what the amount is per (the activity unit) and is not
    converted.

    Examples
    --------
    >>> round(parse_amount("1 tce/t", "MWh", ENERGY_UNITS), 4)
    8.141
    >>> parse_amount("3 furlongs", "MWh", ENERGY_UNITS)
    Traceback (most recent call last):
    ...
    ValueError: unknown unit 'furlongs' in '3 furlongs' (expected one of: MWh, kWh, ...)
    """
    number, rest = split_quantity(text, unit)
    name = rest.split("/", 1)[0].strip() if rest not in table else rest
    if name not in table:
        known = ", ".join(k for k in list(table)[:2] if k)
        raise ValueError(
            f"unknown unit {name!r} in {text!r} (expected one of: {known or unit}, ...)"
        )
    return number * table[name]
