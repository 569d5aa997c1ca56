r"""Near-optimal alternatives (modelling to generate alternatives, MGA / SPORES).

The cost-optimal system is one of many that cost almost the same. :func:`run_alternatives`
solves the scenario once for its optimum :math:`C^*` (yuan, present value), then, for each
requested objective :math:`f`, solves

.. math::

    \min_x \; \pm f(x) \quad \text{s.t.} \quad c^\top x + c_0 \le C^* + \varepsilon\,|C^*|,
    \quad \text{and every constraint of the scenario,}

with :math:`\varepsilon` the cost slack (``--slack 0.05``: at most 5 % dearer). This is
the formulation of PyPSA's ``optimize_mga`` (a budget row on the original objective, a new
linear objective with weights on chosen variables). Objectives, ``min:`` or ``max:`` of:

* ``capacity:TECH`` (or ``capacity:wind+solar``): installed capacity in the last modelled
  year, MW;
* ``emissions``: CO2 under the cap's scope (the power system, industrial capture...)
  summed over the modelled years, t.

All solves go through one live HiGHS model (:mod:`lowcarbon_sim.model.live`): the first
alternative adds the budget row (a fresh solve), the following ones change only the
objective's costs and warm-start with primal simplex (the previous alternative is feasible
for the next). The results of every solve are stacked along a ``spores`` dimension
(``optimum`` first); ``spores_cost`` holds each one's system cost (yuan, present value) and
``spores_cost_increase`` its increase over the optimum (fraction). Electricity prices and
other duals of an alternative belong to its own objective, not to system cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.ensemble.plan import load_base_scenario
from lowcarbon_sim.errors import ScenarioError

__all__ = ["Alternative", "alternatives_table", "parse_objective", "run_alternatives"]

OPTIMUM = "optimum"


@dataclass(frozen=True)
class Alternative:
    """One objective of the search: ``sense`` ``min``/``max``, ``quantity`` ``capacity`` or
    ``emissions``, ``techs`` for a capacity; ``label`` as the user wrote it."""

    sense: str
    quantity: str
    techs: tuple[str, ...]
    label: str


def parse_objective(text: str) -> Alternative:
    """``min:capacity:coal``, ``max:capacity:wind+solar`` or ``min:emissions``."""
    parts = text.split(":")
    ok = len(parts) >= 2 and parts[0] in ("min", "max")
    if ok and parts[1] == "capacity" and len(parts) == 3 and parts[2]:
        return Alternative(parts[0], "capacity", tuple(parts[2].split("+")), text)
    if ok and parts[1] == "emissions" and len(parts) == 2:
        return Alternative(parts[0], "emissions", (), text)
    raise ScenarioError(
        [
            (
                "--objective",
                f"{text!r}: expected min: or max: followed by capacity:TECH (TECH+TECH...) "
                "or emissions, e.g. min:capacity:coal",
            )
        ]
    )


def _expression(model: pyo.ConcreteModel, alt: Alternative) -> Any:
    """The Pyomo expression of ``alt`` on a built model."""
    ix = model.lcs_index
    blocks = model.lcs_blocks
    if alt.quantity == "emissions":
        return sum(blk.emissions(getattr(model, blk.name), y) for blk in blocks for y in ix.years)
    capacity = next(b for b in blocks if b.name == "capacity")
    known = set(ix.techs)
    last = ix.years[-1]
    terms = []
    for tech in alt.techs:
        if tech not in known:
            raise ScenarioError([("--objective", f"{alt.label!r}: unknown technology {tech!r}")])
        terms.append(capacity.capacity(tech, last))
    expr = sum(terms)
    if isinstance(expr, (int, float, np.floating)):
        raise ScenarioError(
            [("--objective", f"{alt.label!r}: the capacity is fixed (nothing to decide)")]
        )
    return expr


def _customize(alt: Alternative, budget: float):
    """``customize(model, inputs)`` for :func:`lowcarbon_sim.run`: the budget row on the
    original objective, and ``alt`` as the objective (always minimised: HiGHS gets a
    minimisation; ``max`` minimises the negative)."""

    def customize(model: pyo.ConcreteModel, _inputs: Any) -> None:
        model.spores_budget = pyo.Constraint(expr=model.objective.expr <= budget)
        # columns in declaration order, not the objective's: every alternative then has
        # the same columns and only its costs differ (a warm start on the live model)
        model.lcs_column_order = True
        model.objective.deactivate()
        expr = _expression(model, alt)
        model.spores_objective = pyo.Objective(
            expr=expr if alt.sense == "min" else -expr, sense=pyo.minimize
        )

    return customize


def system_cost(ds: xr.Dataset, inputs: xr.Dataset) -> float:
    """Present value of system cost (yuan) from a results Dataset's ``annual_cost`` (the
    model's own cost expressions) and the inputs' ``objective_weight``: the optimum's
    objective, and the cost of an alternative."""
    annual = ds["annual_cost"].sum("cost_component")
    weight = inputs["objective_weight"].sel(year=annual["year"])
    return float((annual * weight).sum())


def run_alternatives(
    scenario: Any,
    objectives: Sequence[str | Alternative],
    slack: float = 0.05,
    *,
    overrides: Mapping[str, Any] | None = None,
    out: str | Path | None = None,
) -> xr.Dataset:
    """The cost optimum and one near-optimal alternative per objective, along ``spores``.

    Parameters
    ----------
    scenario
        A scenario path or :class:`~lowcarbon_sim.Scenario`.
    objectives
        ``min:capacity:coal``, ``max:capacity:wind+solar``, ``min:emissions`` ...
    slack
        Cost slack, fraction of the optimum (0.05: at most 5 % dearer).
    overrides
        Dotted-key overrides of the scenario.
    out
        Write the stacked Dataset there (NetCDF) when given.

    Returns
    -------
    Dataset
        The results of each solve along ``spores`` (``optimum`` first), with
        ``spores_cost`` (yuan) and ``spores_cost_increase`` (fraction of the optimum).
    """
    from lowcarbon_sim.model.live import LiveModel, live_model
    from lowcarbon_sim.pipeline import run

    if not 0 <= slack:
        raise ScenarioError([("--slack", f"expected a fraction >= 0, got {slack}")])
    alts = [a if isinstance(a, Alternative) else parse_objective(a) for a in objectives]
    scen = load_base_scenario(scenario, overrides)
    results = []
    lm = LiveModel()
    with live_model(lm):
        best = run(scen)
        optimum = float(best.dataset.attrs["objective"])
        budget = optimum + slack * abs(optimum)
        results.append(best)
        for alt in alts:
            results.append(run(scen, customize=_customize(alt, budget)))
    labels = [OPTIMUM] + [a.label for a in alts]
    costs = np.array([system_cost(r.dataset, r.inputs) for r in results])
    datasets = [r.dataset for r in results]
    ds = xr.concat(
        datasets,
        dim=pd.Index(labels, name="spores"),
        data_vars="all",  # every variable along spores, equal or not
        coords="minimal",
        compat="equals",
        combine_attrs="drop_conflicts",
        join="outer",
    )
    ds["spores_cost"] = xr.DataArray(
        costs, dims="spores", attrs={"units": "yuan", "description": "system cost, present value"}
    )
    ds["spores_cost_increase"] = xr.DataArray(
        costs / costs[0] - 1.0,
        dims="spores",
        attrs={"units": "1", "description": "system cost over the optimum's, fraction"},
    )
    ds["spores_solve"] = xr.DataArray(
        [str(r.dataset.attrs.get("solver_live_mode", "")) for r in results],
        dims="spores",
        attrs={"description": "fresh or warm (live HiGHS model)"},
    )
    ds.attrs.update(spores_slack=float(slack), spores_optimum=optimum, objective=optimum)
    if out is not None:
        from lowcarbon_sim.results.io import write_netcdf

        write_netcdf(ds, Path(out))
    return ds


def alternatives_table(ds: xr.Dataset) -> pd.DataFrame:
    """Cost increase, CO2 and last-year capacity by technology, one row per alternative."""
    year = int(ds["year"].values[-1])
    cap = ds["capacity"].sel(year=year).transpose("spores", "tech").to_pandas()
    keep = cap.columns[(cap.abs() > 1e-6).any(axis=0)]
    table = (cap[keep] / 1e3).round(2).add_prefix("GW ")
    emis = ds["total_emissions"] if "total_emissions" in ds else ds["emissions"].sum("sector")
    table.insert(0, "CO2 Mt (sum)", (emis.sum("year") / 1e6).round(2).to_pandas())
    table.insert(0, "cost +%", (100 * ds["spores_cost_increase"]).round(3).to_pandas())
    table.index.name = f"spores (capacity in {year})"
    return table
