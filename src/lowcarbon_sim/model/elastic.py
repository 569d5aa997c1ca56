"""What would it take: the user limits to relax, and by how much, to make an LP feasible.

:func:`what_would_it_take` solves a weighted elastic copy of the model in which only the rows
of constraint families set by scenario keys (``ConstraintFamily.keys``: CO2 caps, targets,
reserve margin, capacity and fuel limits ...) may be violated; everything physical (balances,
availability, storage) stays hard. Each unit of violation costs ``1 / max(|limit|, 1)``, so
the answer minimises the sum of *relative* relaxations. The rows that give way are reported
with their keys, the limit as the LP holds it, and the relaxation in the family's unit.
It solves one LP of the model's size plus one column per keyed row: it works at the size of
the default scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyomo.environ as pyo

from lowcarbon_sim.model.highs import StandardForm, compile_model, run_highs

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

    def __str__(self) -> str:
        from lowcarbon_sim.model.diagnose import _amount

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
    import highspy
    import scipy.sparse as sp

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
    n_rows, n_cols = sf.A.shape
    up = sp.csc_array((np.ones(lo.size), (lo, np.arange(lo.size))), shape=(n_rows, lo.size))
    dn = sp.csc_array((-np.ones(hi.size), (hi, np.arange(hi.size))), shape=(n_rows, hi.size))
    scale = np.r_[
        np.maximum(np.abs(sf.row_lower[lo]), 1.0), np.maximum(np.abs(sf.row_upper[hi]), 1.0)
    ]
    n_slack = lo.size + hi.size
    elastic = StandardForm(
        c=np.r_[np.zeros(n_cols), 1.0 / scale],
        offset=0.0,
        A=sp.hstack([sf.A, up, dn], format="csc"),
        row_lower=sf.row_lower,
        row_upper=sf.row_upper,
        col_lower=np.r_[sf.col_lower, np.zeros(n_slack)],
        col_upper=np.r_[sf.col_upper, np.full(n_slack, np.inf)],
        columns=sf.columns,
        rows=sf.rows,
    )
    h = run_highs(elastic, {}, None)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    slack = np.asarray(h.getSolution().col_value)[n_cols:]
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
            rel = Relaxation(
                tuple(keys),
                fam.description,
                con.name,
                float(limit),
                float(sign * v),
                fam.unit,
                note or "",
            )
            out.append((v / max(abs(bound[i]), 1.0), rel))
    out.sort(key=lambda p: -p[0])
    return [r for _, r in out]
