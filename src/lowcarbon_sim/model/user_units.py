"""A relaxation in the unit of the key the user wrote (``lowcarbon-sim explain``).

The elastic answer (:func:`~lowcarbon_sim.model.elastic.what_would_it_take`) moves a row's
right-hand side in the LP's unit (MWh, t CO2), and that right-hand side is not always the
key's value: a share target is the row ``N - s P >= 0`` (right-hand side 0), a province
cap has the sectors' emissions moved over. A constraint family may give a converter
(``ConstraintFamily.user``) that turns the row's relaxation into the key's new value:
:class:`UserAmount`. Converters of linearised rows (shares, intensities, full-load hours of
a capacity the LP builds) read the other quantities (primary energy, GDP-scaled base-year
value, capacity) at the elastic solution, which is loaded into the model's variables first;
they say so in ``approximate``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pyomo.core as pyo

__all__ = ["UserAmount", "format_user", "full_load_hours_user", "value_of"]


@dataclass(frozen=True)
class UserAmount:
    """A key's value now and the value that makes the scenario feasible, in the key's unit."""

    key: str
    """The scenario key (index filled in), e.g. ``policy.targets.nonfossil_share.2030``."""
    value: float
    """The key's value in the scenario, in ``unit``."""
    needed: float
    """The value that the elastic solution meets, in ``unit``: raising an upper limit to it
    (or lowering a lower limit to it) makes the row hold."""
    unit: str
    """``"%"`` (a share, printed as percent), ``"% change"`` (an intensity change), or a unit
    such as ``"Mt CO2"``, ``"Mtce"``, ``"h"``, ``"TWh"``."""
    upper: bool
    """Whether the key is an upper limit (relaxed by raising it)."""
    approximate: str = ""
    """Why the conversion is approximate (read at the elastic solution); '' when exact."""


def value_of(expr) -> float:
    """The value of a Pyomo expression (or number) at the variables' current values."""
    return float(pyo.value(expr))


def _round(x: float, digits: int, up: bool) -> float:
    """``x`` to ``digits`` significant digits, rounded up (``up``) or down: the printed
    value still makes the scenario feasible."""
    if x == 0 or not math.isfinite(x):
        return x
    q = 10 ** (math.floor(math.log10(abs(x))) - digits + 1)
    return (math.ceil(x / q) if up else math.floor(x / q)) * q


def format_user(u: UserAmount, digits: int = 4) -> str:
    """``u.needed`` as printed: rounded towards the safe side to ``digits`` significant
    digits, in the key's unit (shares and changes in percent)."""
    pct = u.unit in ("%", "% change")
    x = u.needed * 100 if pct else u.needed
    x = _round(x, digits, u.upper)
    return f"{x:.{_decimals(x, digits)}f} %" if pct else f"{x:,.{_decimals(x, digits)}f} {u.unit}"


def format_plain(x: float, unit: str, digits: int = 4) -> str:
    """A key's current value in its unit (percent for shares and changes)."""
    if unit in ("%", "% change"):
        return f"{x * 100:.{_decimals(x * 100, digits)}f} %"
    return f"{x:,.{_decimals(x, digits)}f} {unit}"


def _decimals(x: float, digits: int) -> int:
    if x == 0 or not math.isfinite(x):
        return 0
    return max(0, digits - 1 - math.floor(math.log10(abs(x))))


def full_load_hours_user(ix, cap, hmin, hmax):
    """Converter of full-load-hour rows (``total`` within ``h K``): the hours move by the
    relaxation over the capacity ``K`` (``cap.operating_capacity``; read at the elastic
    solution when the LP builds it). ``hmin``/``hmax``: (year, tech) arrays of the limits, h."""
    def user(row: dict, upper: bool, _limit: float, change: float) -> UserAmount | None:
        g, y = row["tech"], int(row["year"])
        i, j = ix.year_pos[y], ix.tech_pos[g]
        h = float((hmax if upper else hmin)[i, j])
        k = value_of(cap.operating_capacity(g, y))
        if not math.isfinite(h) or k <= 0:
            return None
        side = "max" if upper else "min"
        return UserAmount(
            f"power.techs.{g}.{side}_full_load_hours.{y}",
            h,
            h + change / k,
            "h",
            upper=upper,
            approximate=""
            if cap.is_fixed(g, y)
            else f"at the capacity of the elastic solution, {k:,.0f} MW",
        )

    return user
