"""Near-optimal alternatives against PyPSA's ``optimize_mga`` on the same small system.

One representative day weighted 365, three extendable generators (base load, solar, peaker),
costs undiscounted as in test_vs_pypsa.py. Both sides: the optimum, then the least solar
and the most base-load capacity within 5 % of the least cost. The alternatives' objective
values (the capacities) must agree to 1e-6.
"""

import logging
import warnings

import numpy as np
import pytest

from lowcarbon_sim.ensemble.alternatives import run_alternatives
from lowcarbon_sim.testing import tiny_scenario

pypsa = pytest.importorskip("pypsa")
logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)

R = 0.05
SOLAR = [0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1]
SOLAR = SOLAR + [0] * (24 - len(SOLAR))
DEMAND = [60.0] * 7 + [90.0] * 10 + [120.0] * 4 + [70.0] * 3
GENS = {  # name: marginal cost yuan/MWh, capex yuan/kW, lifetime yr, availability
    "base": (40.0, 4000.0, 30, [1.0] * 24),
    "solar": (0.0, 800.0, 25, SOLAR),
    "peak": (150.0, 1500.0, 25, [1.0] * 24),
}
HIGHS = {
    "solver_name": "highs",
    "solver_options": {"output_flag": False},
    "include_objective_constant": False,
}


def annuity(life):
    return R / (1 - (1 + R) ** -life)


def pypsa_network():
    n = pypsa.Network()
    n.set_snapshots(range(24))
    n.snapshot_weightings.loc[:, ["objective", "generators"]] = 365.0
    n.add("Bus", "b")
    n.add("Load", "d", bus="b", p_set=np.asarray(DEMAND))
    for name, (mc, capex, life, avail) in GENS.items():
        n.add(
            "Generator",
            name,
            bus="b",
            marginal_cost=mc,
            p_nom_extendable=True,
            capital_cost=annuity(life) * capex * 1000,
            p_max_pu=np.asarray(avail, dtype=float),
        )
    return n


def ours():
    techs = {
        name: {
            "class": "variable",
            "availability": f"a_{name}",
            "vom": mc,
            "lifetime": life,
            "capex": capex,
        }
        for name, (mc, capex, life, _) in GENS.items()
    }
    profiles = {f"a_{name}": avail for name, (_, _, _, avail) in GENS.items()}
    return tiny_scenario(techs, DEMAND, profiles=profiles, discount_rate=R, load_shedding_cost=1e5)


@pytest.mark.parametrize(
    ("objective", "sense", "tech"),
    [("min:capacity:solar", "min", "solar"), ("max:capacity:base", "max", "base")],
)
def test_alternative_matches_optimize_mga(objective, sense, tech):
    n = pypsa_network()
    status, _ = n.optimize(**HIGHS)
    assert status == "ok"
    optimum = float(n.objective)
    with warnings.catch_warnings():  # PyPSA's own default of the objective constant
        warnings.simplefilter("ignore", FutureWarning)
        status, _ = n.optimize.optimize_mga(
            slack=0.05,
            sense=sense,
            weights={"Generator": {"p_nom": {tech: 1.0}}},
            solver_name="highs",
            solver_options={"output_flag": False},
        )
    assert status == "ok"
    ds = run_alternatives(ours(), [objective], slack=0.05)
    assert float(ds["spores_cost"][0]) == pytest.approx(optimum, rel=1e-6)
    theirs = float(n.generators.p_nom_opt[tech])
    mine = float(ds["capacity"].sel(spores=objective, year=2030, tech=tech))
    assert mine == pytest.approx(theirs, rel=1e-6, abs=1e-4)
    # the alternative differs from the optimum and the budget binds
    assert float(ds["spores_cost_increase"][1]) == pytest.approx(0.05, rel=1e-6)
