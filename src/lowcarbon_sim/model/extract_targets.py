"""Results of the enforced targets and the binding user limits (for ``lowcarbon-sim explain``).

:func:`put_targets` adds, on the coordinate ``policy_target`` (one row per enforced target
row): ``policy_target_kind``, ``policy_target_key`` (the scenario key), ``policy_target_value``
(achieved: share or change p.u., t CO2, MWh), ``policy_target_threshold``,
``policy_target_margin`` (>= 0 where met; 0 where binding), ``policy_target_price`` and
``policy_target_price_unit`` (yuan per percentage point, yuan/tce, yuan/t CO2; the annual
cost in the target's year; 0 where slack), and ``tech_primary_basis``.

:func:`put_binding_limits` adds, on the coordinate ``binding_limit``, every row of a
constraint family with scenario keys whose dual is not zero: ``binding_limit_key``,
``binding_limit_family``, ``binding_limit_rhs`` (in ``binding_limit_unit``),
``binding_limit_dual`` (yuan per unit per year where the row has a year: the saving of the
year's cost per unit of relaxation) and ``binding_limit_value_1pct`` (yuan/yr: what
relaxing the limit by 1 % saves), ranked by the last.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.model.blocks.targets import KINDS

TARGET = "policy_target"
BINDING = "binding_limit"
_TOL = 1e-9


def put_targets(out: xr.Dataset, inputs: xr.Dataset, values: dict) -> None:
    """Add the enforced targets' values and prices (see the module docstring)."""
    if "tech_primary_basis" in inputs:
        out["tech_primary_basis"] = ("tech", inputs["tech_primary_basis"].values.astype(str))
        out["tech_primary_basis"].attrs.update(
            units="1", description="how output counts in primary energy"
        )
    if TARGET not in inputs.coords or inputs.sizes[TARGET] == 0:
        return
    out.coords[TARGET] = inputs[TARGET].values.astype(str)
    kinds = inputs["policy_target_kind"].values.astype(str)
    units = {
        "nonfossil_share": "1",
        "energy_intensity": "1",
        "co2_intensity": "1",
        "co2_total": "t CO2",
        "energy_total": "MWh",
        "peak_by": "t CO2",
    }
    for name, data, unit, doc in (
        ("policy_target_kind", kinds, "1", "kind of target"),
        ("policy_target_key", inputs["policy_target_key"].values.astype(str), "1", "scenario key"),
        ("policy_target_value", values["value"], "see policy_target_unit", "achieved value"),
        ("policy_target_threshold", values["threshold"], "see policy_target_unit", "limit"),
        (
            "policy_target_margin",
            values["margin"],
            "see policy_target_unit",
            "how far the target is met (>= 0), 0 where binding",
        ),
        ("policy_target_unit", np.array([units[k] for k in kinds]), "1", "unit of value"),
        (
            "policy_target_price",
            values["price"],
            "see policy_target_price_unit",
            "shadow price of the target (annual cost in the target's year; 0 where slack)",
        ),
        (
            "policy_target_price_unit",
            np.array([KINDS[k][4] for k in kinds]),
            "1",
            "unit of the price",
        ),
    ):
        out[name] = (TARGET, np.asarray(data))
        out[name].attrs.update(units=unit, description=doc)


def _binding_side(con: Any, dual: float) -> float | None:
    """The bound a binding row sits at. A row with both bounds (a minimum and a maximum
    full-load hours, say) binds at its lower one when its dual is positive: in a
    minimisation a binding ``>=`` side has a dual >= 0, a binding ``<=`` side one <= 0."""
    lower = pyo.value(con.lower) if con.has_lb() else None
    upper = pyo.value(con.upper) if con.has_ub() else None
    if lower is not None and (upper is None or dual > 0):
        return lower
    return upper


def put_binding_limits(out: xr.Dataset, model: pyo.ConcreteModel, sol) -> None:
    """Add the binding user limits (see the module docstring)."""
    families = getattr(model, "_lcs_families", {})
    ix = model.lcs_index
    weight = ix.array("objective_weight")
    rows = []
    for comp_name, family in families.items():
        if not family.keys or "timestep" in family.index:
            continue
        comp = model.find_component(comp_name)
        if comp is None:
            continue
        keys = list(comp.keys())
        if not keys:
            continue
        duals = sol.dual(comp, keys)
        for key, dual in zip(keys, duals, strict=True):
            if abs(dual) < _TOL:
                continue
            index = key if isinstance(key, tuple) else (key,)
            row = dict(zip(family.index, index, strict=False))
            if "year" in row and int(row["year"]) in ix.year_pos:
                dual = dual / float(weight[ix.year_pos[int(row["year"])]])
            con = comp[key]
            rhs = _binding_side(con, dual)
            fill = {k: v for k, v in row.items()}
            names = []
            for k in family.keys:
                try:
                    names.append(k.format(**fill))
                except (KeyError, IndexError):
                    names.append(k)
            note = family.rhs_note(row) if family.rhs_note is not None else ""
            rows.append(
                (
                    f"{comp_name}[{', '.join(str(i) for i in index)}]",
                    " or ".join(names),
                    family.description,
                    float(rhs if rhs is not None else np.nan),
                    family.unit,
                    float(abs(dual)),
                    note or "",
                )
            )
    # a 1 % relaxation of each limit, in yuan per year: comparable across units
    rows.sort(key=lambda r: -r[5] * max(abs(r[3]), 1.0))
    out.coords[BINDING] = np.array([r[0] for r in rows], dtype=str)
    for k, (name, unit, doc) in enumerate(
        (
            ("binding_limit_key", "1", "scenario key(s) that set the limit"),
            ("binding_limit_family", "1", "what the constraint is"),
            ("binding_limit_rhs", "see binding_limit_unit", "the limit as the LP holds it"),
            ("binding_limit_unit", "1", "unit of the limit"),
            ("binding_limit_dual", "yuan per unit (per year)", "shadow price of the limit"),
            ("binding_limit_note", "1", "how the limit is made"),
        ),
        start=1,
    ):
        out[name] = (BINDING, np.array([r[k] for r in rows], dtype=float if k in (3, 5) else str))
        out[name].attrs.update(units=unit, description=doc)
    value = np.array([r[5] * abs(r[3]) * 0.01 for r in rows], dtype=float)
    out["binding_limit_value_1pct"] = (BINDING, value)
    out["binding_limit_value_1pct"].attrs.update(
        units="yuan", description="saving from relaxing the limit by 1 % (dual x limit x 0.01)"
    )
