"""Why an LP is infeasible, in model terms: an elastic solve and HiGHS's IIS.

:func:`diagnose_infeasibility` solves an elastic copy of the standard form (every row may be
violated at a cost) and names the constraints, years and hours that must give way;
:func:`conflict_summary` adds an irreducible infeasible subset from HiGHS on small models.

Depends on :mod:`~lowcarbon_sim.model.highs` (the standard form and the HiGHS hand-over);
:mod:`~lowcarbon_sim.model.solve` passes :func:`diagnose_infeasibility` to
:func:`~lowcarbon_sim.model.highs.solve_highs`.
"""

from __future__ import annotations

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.highs import StandardForm, run_highs, solve_elastic

__all__ = ["IIS_MAX_ROWS", "IIS_STRATEGY", "conflict_summary", "diagnose_infeasibility"]

# a row counts as violated above this, relative to its right-hand side (at least 1)
_TOL = 1e-6


def diagnose_infeasibility(model: pyo.ConcreteModel, sf: StandardForm, top: int = 8) -> list[str]:
    """Explain an infeasible LP in model terms.

    Solves the elastic problem: every row may be violated, at a cost of 1 per unit of
    violation, and nothing else costs. The rows that must be violated are those that cannot
    all hold together; each is reported with its constraint family, index (year, hour) and
    the violation in the family's unit.
    """
    n_rows = sf.A.shape[0]
    finite_lo = np.isfinite(sf.row_lower)
    finite_hi = np.isfinite(sf.row_upper)
    # slack s_up relaxes the lower bound (adds to the row), s_dn relaxes the upper bound
    up_rows = np.flatnonzero(finite_lo)
    dn_rows = np.flatnonzero(finite_hi)
    slack = solve_elastic(sf, up_rows, dn_rows)
    if slack is None:
        return ["the elastic diagnosis did not solve; variable bounds conflict"]
    violation = np.zeros(n_rows)
    np.add.at(violation, up_rows, slack[: up_rows.size])
    np.add.at(violation, dn_rows, -slack[up_rows.size :])
    families = getattr(model, "_lcs_families", {})
    inputs = getattr(getattr(model, "lcs_index", None), "inputs", None)
    rhs = np.where(finite_lo, sf.row_lower, np.where(finite_hi, sf.row_upper, 0.0))
    bad = np.flatnonzero(np.abs(violation) > _TOL * np.maximum(1.0, np.abs(rhs)))
    bad = bad[np.argsort(-np.abs(violation[bad]), kind="stable")]
    # one group per constraint family and index outside time (year, tech ...), worst first
    groups: dict[tuple, list[int]] = {}
    for i in bad:
        con = sf.rows[i][0]
        family = families.get(con.parent_component().name)
        names, index = _index_names(con, family)
        fixed = tuple((n, v) for n, v in zip(names, index, strict=True) if n != "timestep")
        groups.setdefault((con.parent_component().name, fixed, violation[i] > 0), []).append(i)
    lines = [
        _describe_group(rows, violation, sf, families, inputs)
        for rows in list(groups.values())[:top]
    ]
    if len(groups) > top:
        lines.append(f"... and {len(groups) - top} more group(s) of constraints")
    if len(groups) > 1:
        lines.append(
            "(values are from the point that violates these constraints least in total; "
            "relaxing some of them, not necessarily all, resolves the conflict)"
        )
    conflict = conflict_summary(model, sf)
    if conflict:
        lines.append(conflict)
    return lines


# Largest LP (rows) for which an irreducible infeasible subset is computed. Assumption: the
# IIS took 0.01 s on the 1-year test systems; HiGHS documents no bound on its run time,
# so large models skip it and rely on the elastic diagnosis above.
IIS_MAX_ROWS = 20_000
IIS_STRATEGY = 6  # HiGHS kIisStrategyFromLp (2) + kIisStrategyIrreducible (4)


def conflict_summary(
    model: pyo.ConcreteModel, sf: StandardForm, max_rows: int = IIS_MAX_ROWS
) -> str | None:
    """One line naming an irreducible infeasible subset (IIS) from HiGHS, or ``None``.

    The IIS is a smallest set of rows and variable bounds that cannot all hold: removing any
    one of them makes the rest feasible. Rows are named by constraint family, variables by
    component; entries that differ only in the time step are counted together.
    """
    if sf.A.shape[0] > max_rows:
        return None
    try:
        import highspy

        h = run_highs(sf, {}, None)
        # from the LP, then reduced to an irreducible set (the default "light" strategy
        # only finds conflicting bounds)
        h.setOptionValue("iis_strategy", IIS_STRATEGY)
        status, iis = h.getIis()
        if status == highspy.HighsStatus.kError or not iis.valid_:
            return None
        rows, cols = list(iis.row_index_), list(iis.col_index_)
    except Exception:  # the IIS is an extra; the elastic diagnosis stands without it
        return None
    if not rows and not cols:
        return None
    families = getattr(model, "_lcs_families", {})
    counts: dict[str, int] = {}
    for i in rows:
        con = sf.rows[i][0]
        family = families.get(con.parent_component().name)
        names, index = _index_names(con, family)
        what = family.description if family else con.parent_component().name
        where = ", ".join(str(v) for n, v in zip(names, index, strict=True) if n != "timestep")
        label = f"{what} ({where})" if where else what
        counts[label] = counts.get(label, 0) + 1
    for j in cols:
        var = sf.columns[j]
        comp = var.parent_component()
        index = var.index() if isinstance(var.index(), tuple) else (var.index(),)
        where = ", ".join(str(v) for v in index[:-1]) if len(index) > 1 else str(index[0])
        doc = f" ({comp.doc})" if comp.doc else ""
        label = f"bounds of {comp.name}{doc}" + (f" for {where}" if index != (None,) else "")
        counts[label] = counts.get(label, 0) + 1
    parts = [f"{label} x {n}" if n > 1 else label for label, n in counts.items()]
    return "these cannot all hold together (irreducible infeasible subset): " + "; ".join(parts)


def _index_names(con, family) -> tuple[tuple[str, ...], tuple]:
    """Index position names (from the family, else ``i0, i1 ...``) and values of a row."""
    index = con.index()
    if index is None:
        return (), ()
    if not isinstance(index, tuple):
        index = (index,)
    names = tuple(family.index) if family and len(family.index) == len(index) else ()
    return names or tuple(f"i{k}" for k in range(len(index))), index


_BIGGER_UNITS = {
    "t CO2": ((1e6, "Mt CO2"), (1e3, "kt CO2")),
    "MWh": ((1e6, "TWh"), (1e3, "GWh")),
    "MW": ((1e3, "GW"),),
}


def _amount(x: float, unit: str) -> str:
    """``x`` in ``unit`` with 4 significant digits, in a larger unit when that reads better."""
    for factor, name in _BIGGER_UNITS.get(unit, ()):
        if abs(x) >= factor:
            return f"{x / factor:,.4g} {name}"
    return f"{x:,.4g} {unit}".rstrip()


def _describe_group(rows: list[int], violation, sf, families, inputs) -> str:
    """One line for the violated rows of one constraint family at one year (tech ...)."""
    i = rows[0]  # the worst
    con = sf.rows[i][0]
    family = families.get(con.parent_component().name)
    names, index = _index_names(con, family)
    unit = family.unit if family else ""
    what = family.description if family else con.parent_component().name
    year, others, hours = None, [], []
    for r in rows:
        _, idx = _index_names(sf.rows[r][0], family)
        for n, v in zip(names, idx, strict=True):
            if n == "timestep":
                hour = int(inputs["timestep_hour"].values[int(v)]) if inputs is not None else v
                hours.append(int(hour))
    for n, v in zip(names, index, strict=True):
        if n == "year":
            year = v
        elif n != "timestep":
            others.append(f"{n} {v}")
    if hours:  # the worst hour first, then how many more
        head = f"hour {hours[0]} of {year}" if year is not None else f"hour {hours[0]}"
    else:
        head = str(year) if year is not None else ""
    if len(hours) > 1:
        more = sorted(hours[1:])
        shown = ", ".join(str(h) for h in more[:6]) + (", ..." if len(more) > 6 else "")
        others.append(f"and {len(more)} more time step(s): hours {shown}")
    head = ", ".join(p for p in (head, *others) if p)
    v = float(violation[i])
    lower = pyo.value(con.lower) if con.has_lb() else None
    upper = pyo.value(con.upper) if con.has_ub() else None
    gap = _amount(abs(v), unit)
    if lower is not None and upper is not None and lower > upper + _TOL * max(1.0, abs(upper)):
        text = (
            f"its lower limit {_amount(lower, unit)} is above its upper limit "
            f"{_amount(upper, unit)}"
        )
    elif con.equality:
        bound = float(upper)
        if v < 0:
            text = (
                f"needs {_amount(bound, unit)}, but the other constraints allow no less than "
                f"{_amount(bound - v, unit)} (excess {gap})"
            )
        else:
            text = (
                f"needs {_amount(bound, unit)}, but the other constraints allow no more than "
                f"{_amount(bound - v, unit)} (shortfall {gap})"
            )
    elif v < 0:
        text = (
            f"the limit {_amount(float(upper), unit)} is below the least achievable "
            f"{_amount(float(upper) - v, unit)} given the other constraints (over by {gap})"
        )
    else:
        text = (
            f"the requirement {_amount(float(lower), unit)} is above the most achievable "
            f"{_amount(float(lower) - v, unit)} given the other constraints (short by {gap})"
        )
    if len(rows) > 1:
        total = _amount(float(np.abs(violation[rows]).sum()), unit)
        text += f"; worst row shown, {len(rows)} rows off by {total} in total"
    text += _what_sets_it(family, dict(zip(names, index, strict=True)))
    return f"{head}: {what}: {text} [{con.name}]" if head else f"{what}: {text} [{con.name}]"


class _KeepMissing(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def _what_sets_it(family, row: dict) -> str:
    """The scenario keys behind a row's right-hand side (a
    :class:`~lowcarbon_sim.model.blocks.base.ConstraintFamily`'s ``keys`` filled with the
    row's index) and how the right-hand side is made, in words."""
    if family is None:
        return ""
    parts = []
    note = family.rhs_note(row) if family.rhs_note is not None else ""
    if note:
        parts.append(f"the limit is {note}")
    if family.keys:
        fill = _KeepMissing({k: v for k, v in row.items()})
        parts.append("set by " + ", ".join(f"`{k.format_map(fill)}`" for k in family.keys))
    if getattr(family, "data", ()):
        fill = _KeepMissing({k: v for k, v in row.items()})
        parts.append("from the inputs " + ", ".join(f"`{k.format_map(fill)}`" for k in family.data))
    return f" ({'; '.join(parts)})" if parts else ""
