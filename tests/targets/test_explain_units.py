"""`explain` answers in the unit of the key the user wrote (issue 19, item 4), checked
independently: the printed value is re-solved (feasible) and a relaxation 1 % smaller than
the printed one is re-solved (infeasible).

The tiny system of test_target_constraints with coal's must-run output at 50 MW (shedding
load cannot lower it, and `explain` does not relax a row per time step): the least CO2 is
50 MW x 0.85 t/MWh, the highest non-fossil share is R / (R + 2.5) (R the coal-substitution
factor, 2.5 MWh of heat per MWh of coal power), and the 2030 CO2 can fall to at most half
of an all-coal 2029.
"""

import re

import pytest
from test_target_constraints import COAL_CO2, COAL_HEAT, RATE, H, system

from lowcarbon_sim import run
from lowcarbon_sim.errors import InfeasibleError
from lowcarbon_sim.inputs import build_inputs
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.model.elastic import what_would_it_take
from lowcarbon_sim.model.user_units import UserAmount, format_user
from lowcarbon_sim.pipeline import sector_outputs

MUST_RUN = 50.0  # MW

#: The number printed after the key, in the key's unit; its factor to the YAML value.
PRINTED = re.compile(r"(raise|lower) `([^`]+)` to (at least|at most) (-?[\d,.]+) (%|Mt CO2)")
TO_YAML = {"%": 0.01, "Mt CO2": 1e6}


def explain(targets):
    """The relaxations of an infeasible tiny system, and their printed lines."""
    scenario = system(targets, must_run=MUST_RUN)
    relax = what_would_it_take(build_model(build_inputs(scenario, sector_outputs(scenario))))
    assert relax, "expected a relaxation"
    return relax, [str(r) for r in relax]


def printed(line: str) -> tuple[str, float]:
    m = PRINTED.search(line)
    assert m, line
    return m.group(2), float(m.group(4).replace(",", "")) * TO_YAML[m.group(5)]


def feasible(targets) -> bool:
    try:
        run(system(targets, must_run=MUST_RUN))
    except InfeasibleError:
        return False
    return True


def check_independently(targets, field, index, now):
    """Re-solve at the printed value (feasible) and 1 % of the change short of it."""
    relax, lines = explain(targets)
    key, value = printed(lines[0])
    assert key == f"policy.targets.{field}.{index}"
    assert feasible({field: {index: value}})
    short = now + 0.99 * (value - now)
    assert not feasible({field: {index: short}})
    return relax[0].user, value


def test_co2_total_in_mt_co2():
    least = MUST_RUN * COAL_CO2 * H  # t CO2
    user, value = check_independently(
        {"co2_total": {2030: 0.1 * least}}, "co2_total", 2030, 0.1 * least
    )
    assert user.unit == "Mt CO2" and not user.approximate
    assert user.needed == pytest.approx(least / 1e6, rel=1e-6)
    assert value == pytest.approx(least, rel=1e-3)


def test_nonfossil_share_in_percent():
    best = RATE / (RATE + COAL_HEAT)  # half import, half coal
    user, value = check_independently(
        {"nonfossil_share": {2030: 0.7}}, "nonfossil_share", 2030, 0.7
    )
    assert user.unit == "%" and not user.upper and user.approximate
    assert user.needed == pytest.approx(best, rel=1e-6)
    assert value == pytest.approx(best, abs=1e-4) and value <= best


def test_co2_intensity_in_percent_change():
    # 2030 CO2 at least half of the all-coal 2029; GDP grows 10 %
    best = 0.5 / 1.1 - 1.0
    user, value = check_independently(
        {"co2_intensity": {"2029-2030": -0.9}}, "co2_intensity", "2029-2030", -0.9
    )
    assert user.unit == "% change" and user.upper
    assert user.needed == pytest.approx(best, rel=1e-6)
    assert value >= best and value == pytest.approx(best, abs=1e-4)


def test_printed_values_round_towards_the_feasible_side():
    up = UserAmount("k", 150.0, 179.8712, "Mt CO2", upper=True)
    down = UserAmount("k", 0.6, 0.462649, "%", upper=False)
    assert format_user(up) == "179.9 Mt CO2"
    assert format_user(down) == "46.26 %"
    assert format_user(UserAmount("k", 0.0, -0.54545, "% change", upper=True)) == "-54.54 %"
