"""Energy carriers: unit conversions (tce, GJ, kWh), emission factors, hydrogen content.

Internally sector energy is MWh (heat content, lower heating value for fuels), emissions
t CO2, hydrogen t H2.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import xarray as xr

from lowcarbon_sim.scenario.types import series_values

#: MWh of heat in one tonne of coal equivalent (1 tce = 29.3076 GJ, Chinese statistics).
TCE_MWH = 29.3076 / 3.6
#: Lower heating value of hydrogen, MWh per t H2 (33.3 kWh/kg, 120 MJ/kg).
H2_MWH_PER_T = 120.0 / 3.6
#: Coal equivalent of one MWh of electricity by physical content (0.1229 kgce/kWh), MWh/MWh.
PHYSICAL_CONTENT_MWH = 1.0

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
    "toe": 41.868 / 3.6,
    "": 1.0,
}

_AMOUNT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


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
    match = _AMOUNT.match(text)
    if not match:
        raise ValueError(f"expected a number with a unit like '1.5 {unit}', got {text!r}")
    number, rest = float(match.group(1)), match.group(2)
    name = rest.split("/", 1)[0].strip() if rest not in table else rest
    if name not in table:
        known = ", ".join(k for k in list(table)[:2] if k)
        raise ValueError(
            f"unknown unit {name!r} in {text!r} (expected one of: {known or unit}, ...)"
        )
    return number * table[name]


def emission_factors(carriers, years) -> xr.DataArray:
    """Emission factor of every carrier per year, t CO2/MWh, dims (carrier, year).

    Parameters
    ----------
    carriers
        ``{name: CarrierConfig}`` of the scenario's ``sectors.carriers``.
    years
        Years to evaluate.
    """
    import xarray as xr  # imported here: the scenario schema imports this module

    names = list(carriers)
    values = np.array([series_values(carriers[c].emission_factor, years) for c in names])
    return xr.DataArray(
        values.reshape(len(names), len(years)),
        dims=("carrier", "year"),
        coords={"carrier": names, "year": list(years)},
        attrs={"units": "t CO2/MWh"},
    )
