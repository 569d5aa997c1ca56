"""Units: the vocabulary of dimension names and unit strings, and conversions at the edges.

Internally every number is in one of these units (CONTRACT.md): power MW, energy MWh,
emissions t CO2, hydrogen t H2, money yuan (constant 2020 prices). Scenario fields declare the
unit their numbers are read in; a value may also be written as a string with another
compatible unit (``"8 GW"``, ``"192.9 TWh"``, ``"3500 yuan/kW"``), which is converted here.
"""

from __future__ import annotations

import re
from typing import Any

# Dimension names used in every Dataset (inputs and results).
YEAR = "year"
TECH = "tech"
TIME = "timestep"
SECTOR = "sector"
CARRIER = "carrier"
PERIOD = "period"

# Physical constants: defined here once, imported everywhere else.
#: Hours of a model year (a non-leap year), h: the time step weights of a year sum to this.
HOURS_PER_YEAR = 8760
#: Days of each month of the model year (January first), d: they sum to ``HOURS_PER_YEAR / 24``.
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: Lower heating value of hydrogen, MWh per t H2 (120 MJ/kg = 33.3 kWh/kg). Hydrogen is
#: balanced in MWh (LHV) and reported in t H2.
H2_MWH_PER_T = 120.0 / 3.6
#: MWh of heat in one tonne of coal equivalent (1 tce = 29.3076 GJ = 8.141 MWh, the unit of
#: Chinese energy statistics): prices and factors per tce convert to per MWh_th with it.
TCE_MWH = 29.3076 / 3.6
#: MWh of heat in one tonne of oil equivalent (1 toe = 41.868 GJ, IEA convention).
TOE_MWH = 41.868 / 3.6

# Factor to convert a unit into its reference unit, grouped by what it measures.
_FACTORS: dict[str, tuple[str, float]] = {}


def _register(reference: str, table: dict[str, float]) -> None:
    for name, factor in table.items():
        _FACTORS[name] = (reference, factor)


_register("MW", {"W": 1e-6, "kW": 1e-3, "MW": 1.0, "GW": 1e3, "TW": 1e6})
_register("MWh", {"kWh": 1e-3, "MWh": 1.0, "GWh": 1e3, "TWh": 1e6})
_register("t CO2", {"kg CO2": 1e-3, "t CO2": 1.0, "kt CO2": 1e3, "Mt CO2": 1e6, "Gt CO2": 1e9})
_register("t H2", {"kg H2": 1e-3, "t H2": 1.0, "kt H2": 1e3, "Mt H2": 1e6})
_register("yuan", {"yuan": 1.0, "kyuan": 1e3, "million yuan": 1e6, "bn yuan": 1e9})
_register("yuan/kW", {"yuan/W": 1e3, "yuan/kW": 1.0, "yuan/MW": 1e-3})
_register("yuan/kWh", {"yuan/Wh": 1e3, "yuan/kWh": 1.0, "yuan/MWh": 1e-3})
_register(
    "yuan/MWh",
    {
        "yuan/kWh": 1e3,
        "yuan/MWh": 1.0,
        "yuan/GWh": 1e-3,
        "yuan/tce": 1.0 / TCE_MWH,
        "yuan/GJ": 3.6,
        # steam coal of 5,500 kcal/kg: 23.03 GJ = 6.397 MWh of heat per tonne
        "yuan/t (5500 kcal)": 1.0 / (5.5 * 4.1868 / 3.6),
    },
)
_register("yuan/kW/yr", {"yuan/kW/yr": 1.0, "yuan/MW/yr": 1e-3})
_register("yuan/t CO2", {"yuan/t CO2": 1.0, "yuan/kt CO2": 1e-3})
_register(
    "t CO2/MWh",
    {
        "t CO2/MWh": 1.0,
        "kg CO2/kWh": 1.0,
        "g CO2/kWh": 1e-3,
        "kg CO2/MWh": 1e-3,
        "t CO2/tce": 1.0 / TCE_MWH,
        "kg CO2/GJ": 3.6e-3,
    },
)
_register("t CO2/yr", {"t CO2/yr": 1.0, "kt CO2/yr": 1e3, "Mt CO2/yr": 1e6})
_register("yuan/(t CO2/yr)", {"yuan/(t CO2/yr)": 1.0, "yuan/(kt CO2/yr)": 1e-3})
_register("MWh/t CO2", {"MWh/t CO2": 1.0, "kWh/t CO2": 1e-3, "GJ/t CO2": 1.0 / 3.6})
_register("h", {"h": 1.0})
_register("1", {"1": 1.0, "%": 0.01, "p.u.": 1.0})
_register("yr", {"yr": 1.0})
_register("week", {"week": 1.0})
_register("MWh/MW", {"MWh/MW": 1.0, "kWh/kW": 1.0})
# ramp rates: p.u. of capacity per hour; grid codes state them in % of rating per minute
_register("1/h", {"1/h": 1.0, "%/h": 0.01, "%/min": 0.6})

_ALIASES = {
    "tco2": "t CO2",
    "t co2": "t CO2",
    "mtco2": "Mt CO2",
    "mt co2": "Mt CO2",
    "mt": "Mt CO2",
    "ktco2": "kt CO2",
    "kt co2": "kt CO2",
    "cny/kw": "yuan/kW",
    "cny/kwh": "yuan/kWh",
    "cny/mwh": "yuan/MWh",
    "rmb/kw": "yuan/kW",
    "pu": "p.u.",
    "percent": "%",
}

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def canonical(unit: str) -> str:
    """Return the spelling of ``unit`` that this module knows (case of aliases folded)."""
    u = " ".join(unit.replace("·", " ").split())
    if u in _FACTORS:
        return u
    return _ALIASES.get(u.lower(), u)


def conversion_factor(from_unit: str, to_unit: str) -> float:
    """Factor that turns a number in ``from_unit`` into ``to_unit``.

    Raises
    ------
    ValueError
        If either unit is unknown or the two measure different things.

    Examples
    --------
    >>> conversion_factor("GW", "MW")
    1000.0
    >>> conversion_factor("TWh", "MWh")
    1000000.0
    """
    src, dst = canonical(from_unit), canonical(to_unit)
    if src not in _FACTORS:
        raise ValueError(f"unknown unit {from_unit!r}")
    if dst not in _FACTORS:
        raise ValueError(f"unknown unit {to_unit!r}")
    ref_src, f_src = _FACTORS[src]
    ref_dst, f_dst = _FACTORS[dst]
    if ref_src != ref_dst:
        raise ValueError(f"unit {from_unit!r} does not fit, expected a unit like {to_unit!r}")
    return f_src / f_dst


def split_quantity(text: str, unit: str) -> tuple[float, str]:
    """Split ``"8 GW"`` into its number and its unit string (``""`` for a bare number).

    ``unit`` only serves the error message (the unit a number is expected in). Every
    quantity string of a scenario is read through this one pattern.

    Examples
    --------
    >>> split_quantity("545 kgce/t", "MWh")
    (545.0, 'kgce/t')
    >>> split_quantity("GW", "MW")
    Traceback (most recent call last):
    ...
    ValueError: expected a number with a unit like '1.5 MW', got 'GW'
    """
    match = _QUANTITY.match(text)
    if not match:
        raise ValueError(f"expected a number with a unit like '1.5 {unit}', got {text!r}")
    return float(match.group(1)), match.group(2)


def parse_quantity(text: str, to_unit: str) -> float:
    """Parse ``"8 GW"`` into a float in ``to_unit`` (a bare number is taken as ``to_unit``).

    Examples
    --------
    >>> parse_quantity("8 GW", "MW")
    8000.0
    >>> parse_quantity("5 %", "1")
    0.05
    >>> parse_quantity("3 m", "MW")
    Traceback (most recent call last):
    ...
    ValueError: unknown unit 'm' in '3 m'
    """
    number, unit = split_quantity(text, to_unit)
    if not unit:
        return number
    try:
        return number * conversion_factor(unit, to_unit)
    except ValueError as exc:
        raise ValueError(f"{exc} in {text!r}") from None


#: The unit each model unit is shown in by summaries, reports, figures and the CLI
#: (CONVENTIONS.md: convert at the edges). Keys are the model's units.
DISPLAY: dict[str, str] = {
    "MW": "GW",
    "MWh": "TWh",
    "t CO2": "Mt CO2",
    "t H2": "kt H2",
    "yuan": "bn yuan",
}


def display_scale(unit: str, shown: str | None = None) -> tuple[float, str]:
    """Divisor that turns numbers in the model's ``unit`` into ``shown``, and ``shown``.

    ``shown`` defaults to :data:`DISPLAY`'s choice for ``unit``; any unit convertible to
    ``unit`` may be given instead (``"GWh"`` for storage levels, ``"Mt"`` for a short label).

    Examples
    --------
    >>> display_scale("MW")
    (1000.0, 'GW')
    >>> display_scale("t CO2", "Mt")
    (1000000.0, 'Mt')
    >>> display_scale("t CO2", "GW")
    Traceback (most recent call last):
    ...
    ValueError: unit 'GW' does not fit, expected a unit like 't CO2'
    """
    if shown is None:
        if unit not in DISPLAY:
            raise ValueError(f"no display unit for {unit!r} (known: {', '.join(DISPLAY)})")
        shown = DISPLAY[unit]
    return conversion_factor(shown, unit), shown


def to_display(values: Any, unit: str, shown: str | None = None) -> tuple[Any, str]:
    """``values`` in the model's ``unit`` (a number, array or DataArray) in the unit shown.

    Returns ``(values / divisor, shown unit)``; see :func:`display_scale`.

    Examples
    --------
    >>> to_display(192_900_000.0, "MWh")
    (192.9, 'TWh')
    >>> to_display(43.47e9, "yuan")
    (43.47, 'bn yuan')
    """
    divisor, shown = display_scale(unit, shown)
    return values / divisor, shown


# --------------------------------------------------------------------------------------
# energy units of sector data (the scenario's sector section is read in them)

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
