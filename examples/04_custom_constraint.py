"""Add your own constraint and cost term to the Pyomo model before it is solved.

Shows the ``customize`` hook of :func:`lowcarbon_sim.run`: ``customize(model, inputs)`` is
called with the built Pyomo model and the inputs Dataset, before the solve. Here:

1. a hard limit on new wind in the build year 2027 (a permitting bottleneck), as a Pyomo
   constraint on the capacity block's build variable
   ``model.capacity.build[tech, year]`` (MW);
2. the same limit as a soft one: building beyond the limit is allowed but pays a penalty
   per MW, a new variable and constraint plus a cost term added with
   :func:`lowcarbon_sim.model.build.add_to_objective`.

The limit is half of what the unconstrained reference builds, so it must bind: new wind in
2027 equals the limit and the system cost rises. The penalty is set at half the average
cost of the limit per MW; that is below the limit's marginal cost, so the model builds
beyond the limit again and pays the penalty instead.

Usage::

    python examples/04_custom_constraint.py [OUT_DIR]     # default out/04_custom

Writes ``reference.nc``, ``hard_limit.nc``, ``penalty.nc`` and ``wind_2027.csv`` to
OUT_DIR. ``LCS_EXAMPLE_FAST=1``: coarse, quick runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo

import lowcarbon_sim as lcs
from lowcarbon_sim.model.build import add_to_objective

ROOT = Path(__file__).resolve().parents[1]
# coarse time resolution for a quick check; not for planning results
FAST = {"time.days": 2, "years.milestones": [2020, 2024, 2025, 2027, 2030]}
YEAR = 2027
TECH = "wind"


def main(out: Path) -> None:
    overrides = FAST if os.environ.get("LCS_EXAMPLE_FAST") == "1" else {}
    scenario = lcs.load_scenario(ROOT / "scenarios" / "hunan_baseline.yaml", overrides=overrides)
    out.mkdir(parents=True, exist_ok=True)

    reference = lcs.run(scenario)
    built = float(reference.dataset["new_capacity"].sel(tech=TECH, year=YEAR))
    cap_mw = round(0.5 * built, -1)  # half of what the model builds unconstrained, MW
    print(f"reference: {built:,.0f} MW of new {TECH} in {YEAR}; limit set to {cap_mw:,.0f} MW")

    # --8<-- [start:hard_limit]
    def hard_limit(model: pyo.ConcreteModel, inputs) -> None:
        # build[tech, year] exists for every extendable technology and decision year
        model.wind_permits = pyo.Constraint(expr=model.capacity.build[TECH, YEAR] <= cap_mw)

    # --8<-- [end:hard_limit]

    limited = lcs.run(scenario, customize=hard_limit)
    # the average cost of the limit per MW not built (yuan/MW, present value); a penalty at
    # half of it is below the limit's marginal cost (the LP's cost is convex in the limit),
    # so building beyond the limit pays again
    cost_of_limit = limited.dataset.attrs["objective"] - reference.dataset.attrs["objective"]
    penalty_per_mw = 0.5 * cost_of_limit / (built - cap_mw)

    # --8<-- [start:penalty]
    def penalty(model: pyo.ConcreteModel, inputs) -> None:
        model.wind_excess = pyo.Var(within=pyo.NonNegativeReals, doc="MW above the limit")
        model.wind_excess_def = pyo.Constraint(
            expr=model.wind_excess >= model.capacity.build[TECH, YEAR] - cap_mw
        )
        add_to_objective(model, penalty_per_mw * model.wind_excess, name="wind_permit_penalty")

    # --8<-- [end:penalty]

    runs = {
        "reference": reference,
        "hard_limit": limited,
        "penalty": lcs.run(scenario, customize=penalty),
    }
    rows = []
    for name, res in runs.items():
        res.to_netcdf(out / f"{name}.nc")
        ds = res.dataset
        rows.append(
            {
                "run": name,
                "new_wind_2027_MW": float(ds["new_capacity"].sel(tech=TECH, year=YEAR)),
                "objective_bn_yuan": ds.attrs["objective"] / 1e9,
            }
        )
    table = pd.DataFrame(rows).set_index("run")
    table.to_csv(out / "wind_2027.csv")
    print(table.round(1).to_string())

    wind = table["new_wind_2027_MW"]
    binds = abs(wind["hard_limit"] - cap_mw) <= 1e-6 * max(cap_mw, 1.0)
    print(
        f"hard limit {'binds' if binds else 'does not bind'}: {wind['hard_limit']:,.0f} MW "
        f"built; the objective rises by {cost_of_limit / 1e9:.3f} bn yuan (present value)"
    )
    print(
        f"penalty of {penalty_per_mw / 1e3:.1f} yuan/kW above the limit: "
        f"{wind['penalty']:,.0f} MW built"
    )
    if not binds or not cap_mw < wind["penalty"] <= wind["reference"] + 1e-6:
        raise SystemExit("expected the hard limit to bind and the penalty to let some back in")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "04_custom")
