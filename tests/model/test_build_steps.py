"""Build steps (rising cost of fast build) against an optimum computed by hand."""

import pytest

from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.model.solve import solve_model
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0
R, LIFE = 0.05, 20
ANNUITY = R / (1 - (1 + R) ** -LIFE)
FUEL = {"f": {"price": 0.0, "emission_factor": 0.0}}


def _techs(**new):
    return {
        "dear": {"class": "dispatchable", "fuel": "f", "extendable": False,
                 "existing_capacity": 200.0, "vom": 100.0},
        "new": {"class": "dispatchable", "fuel": "f", "capex": 3000.0, "vom": 10.0,
                "lifetime": LIFE, **new},
    }


# listed out of order on purpose: the model sorts the tranches by adder
STEPS = {
    "fast": {"size": 30.0, "capex_adder": 500.0},
    "base": {"size": 40.0, "capex_adder": 0.0},
    "rush": {"capex_adder": 10_000.0},
}


def test_demand_forces_second_tranche_and_objective_is_hand_sum():
    # a new MW saves (100 - 10) x 8760 = 788,400 yuan/yr. It costs a x 3,000,000 = 240,728
    # (base), + a x 500,000 = 40,121 more (fast): both pay; + a x 10,000,000 (rush) does not.
    # So 70 MW are built, 40 in the base and 30 in the fast tranche; dear covers 30 MW.
    scenario = tiny_scenario(_techs(build_steps=STEPS), 100.0, fuels=FUEL, discount_rate=R)
    res = run(scenario)
    ds = res.dataset.sel(year=2030)
    assert float(ds["new_capacity"].sel(tech="new")) == pytest.approx(70.0)
    model = build_model(build_inputs(scenario))
    sol = solve_model(model)
    blk = next(b for b in model.lcs_blocks if b.name == "build_steps")
    tranche = blk.tranche_values(sol)
    assert tranche[("new", 2030, 0)] == pytest.approx(40.0)  # base (adder 0) first
    assert tranche[("new", 2030, 1)] == pytest.approx(30.0)  # then fast
    assert tranche[("new", 2030, 2)] == pytest.approx(0.0, abs=1e-6)
    hand = (ANNUITY * (70 * 3000e3 + 30 * 500e3) + H * (70 * 10 + 30 * 100))
    assert res.dataset.attrs["objective"] == pytest.approx(hand, rel=1e-7)


def test_build_max_still_caps_the_tranches():
    res = run(tiny_scenario(_techs(build_steps=STEPS, build_max=50.0), 100.0, fuels=FUEL,
                            discount_rate=R))
    assert float(res.dataset["new_capacity"].sel(year=2030, tech="new")) == pytest.approx(50.0)
    hand = ANNUITY * (50 * 3000e3 + 10 * 500e3) + H * (50 * 10 + 50 * 100)
    assert res.dataset.attrs["objective"] == pytest.approx(hand, rel=1e-7)


def test_no_steps_no_inputs():
    inputs = build_inputs(tiny_scenario(_techs(), 100.0, fuels=FUEL))
    assert "build_step_max" not in inputs
