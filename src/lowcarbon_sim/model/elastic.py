"""What would it take: the user limits to relax, and by how much, to make an LP feasible.

:func:`what_would_it_take` solves a weighted elastic copy of the model in which only the rows
of constraint families set by scenario keys (``ConstraintFamily.keys``: CO2 caps, targets,
reserve margin, capacity and fuel limits ...) may be violated; everything physical (balances,
availability, storage) stays hard. Each unit of violation costs ``1 / max(|limit|, 1)``, so
the answer minimises the sum of *relative* relaxations. The rows that give way are reported
with their keys, the limit as the LP holds it, and the relaxation in the family's unit;
where the family has a converter (``ConstraintFamily.user``,
:mod:`~lowcarbon_sim.model.user_units`), also as the new value of the key the user wrote,
in the key's unit (a share in %, an intensity change in %, totals in Mt CO2 or Mtce,
full-load hours in h), converted at the elastic solution, which is left loaded in the
model's variables.
It solves one LP of the model's size plus one column per keyed row: it works at the size of
the default scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.highs import compile_model, elastic_solution
from lowcarbon_sim.model.user_units import UserAmount, format_plain, format_user

__all__ = ["Relaxation", "what_would_it_take"]

_TOL = 1e-6


@dataclass(frozen=True)
class Relaxation:
    """One user limit to relax."""

    keys: tuple[str, ...]
    """Scenario keys that set the limit (with the row's index filled in)."""
    description: str
    """What the constraint is."""
    row: str
    """The Pyomo row, e.g. ``co2_cap[2030]``."""
    limit: float
    """The limit as the LP holds it, in ``unit``."""
    change: float
    """How much the limit must move (positive: raise an upper limit or lower a lower one)."""
    unit: str
    note: str
    user: UserAmount | None = None
    """The relaxation as the new value of the key the user wrote, in its unit."""

    def __str__(self) -> str:
        from lowcarbon_sim.model.diagnose import _amount

        needed = _amount(self.limit + self.change, self.unit)
        lp = f"the LP row's limit {_amount(self.limit, self.unit)}, {needed} needed"
        u = self.user
        if u is not None:
            if u.key.endswith("peak_by"):
                text = (
                    f"let the emissions of {self.row.split('[')[-1].rstrip(']')} exceed the "
                    f"peak year's by {format_user(u)}: a later `{u.key}` ({self.description}) "
                    f"[{self.row}]"
                )
            else:
                way = "raise" if u.upper else "lower"
                bound = "at least" if u.upper else "at most"
                text = (
                    f"{way} `{u.key}` to {bound} {format_user(u)} (now "
                    f"{format_plain(u.value, u.unit)}; {self.description}: {lp}) "
                    f"[{self.row}]"
                )
            if u.approximate:
                text += f"; approximate: converted {u.approximate}"
            return text + (f"; the limit is {self.note}" if self.note else "")
        way = "raise" if self.change > 0 else "lower"
        keys = " or ".join(f"`{k}`" for k in self.keys)
        text = (
            f"{way} {keys} by at least {_amount(abs(self.change), self.unit)} "
            f"({self.description}: the limit {_amount(self.limit, self.unit)} in the LP, "
            f"{_amount(self.limit + self.change, self.unit)} needed) [{self.row}]"
        )
        return text + (f"; the limit is {self.note}" if self.note else "")


def what_would_it_take(model: pyo.ConcreteModel) -> list[Relaxation] | None:
    """The keyed limits to relax, largest relative relaxation first; ``None`` when relaxing
    keyed limits alone cannot make the model feasible (see the elastic diagnosis then)."""

    sf = compile_model(model)
    families = getattr(model, "_lcs_families", {})
    keyed = []
    for i, (con, _sense) in enumerate(sf.rows):
        fam = families.get(con.parent_component().name)
        if fam is not None and fam.keys and "timestep" not in fam.index:
            keyed.append(i)
    keyed = np.asarray(keyed, dtype=int)
    lo = keyed[np.isfinite(sf.row_lower[keyed])]
    hi = keyed[np.isfinite(sf.row_upper[keyed])]
    scale = np.r_[
        np.maximum(np.abs(sf.row_lower[lo]), 1.0), np.maximum(np.abs(sf.row_upper[hi]), 1.0)
    ]
    x = elastic_solution(sf, lo, hi, weight=scale)
    if x is None:
        return None
    n_cols = sf.A.shape[1]
    slack = x[n_cols:]
    # the converters to the user's units read quantities at the elastic solution
    for var, v in zip(sf.columns, x[:n_cols], strict=True):
        var.set_value(float(v), skip_validation=True)
    out: list[tuple[float, Relaxation]] = []
    for rows, values, sign, bound in (
        (lo, slack[: lo.size], -1.0, sf.row_lower),
        (hi, slack[lo.size :], 1.0, sf.row_upper),
    ):
        for i, v in zip(rows, values, strict=True):
            if v <= _TOL * max(1.0, abs(bound[i])):
                continue
            con = sf.rows[i][0]
            fam = families[con.parent_component().name]
            index = con.index() if isinstance(con.index(), tuple) else (con.index(),)
            row = dict(zip(fam.index, index, strict=False))
            keys = []
            for k in fam.keys:
                try:
                    keys.append(k.format(**row))
                except (KeyError, IndexError):
                    keys.append(k)
            limit = pyo.value(con.upper) if sign > 0 else pyo.value(con.lower)
            note = fam.rhs_note(row) if fam.rhs_note is not None else ""
            user = fam.user(row, sign > 0, float(limit), float(sign * v)) if fam.user else None
            rel = Relaxation(
                tuple(keys),
                fam.description,
                con.name,
                float(limit),
                float(sign * v),
                fam.unit,
                note or "",
                user,
            )
            out.append((v / max(abs(bound[i]), 1.0), rel))
    out.sort(key=lambda p: -p[0])
    return [r for _, r in out]
