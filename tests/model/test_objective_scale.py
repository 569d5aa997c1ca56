"""The objective scale handed to dual simplex: the rule, and that it reaches HiGHS."""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.model import algorithm
from lowcarbon_sim.model.algorithm import objective_scale_exponent
from lowcarbon_sim.testing import FREE_FUEL, fixed_generator, tiny_scenario


@pytest.mark.parametrize(
    ("cost", "target", "expected"),
    [
        # largest |cost| 8.42e6 (yuan/MW of the default LP's build columns): 8.42e6 * 2**-13
        # = 1028 > 1000, 2**-14 = 514 in (500, 1000]
        ([27.9, -8.42e6, 9.8e3, 0.0], 1000.0, -14),
        ([27.9, -8.42e6, 9.8e3, 0.0], 1e6, -4),  # 526k: HiGHS's own suggestion
        ([1024.0], 1000.0, -1),  # 512 in (500, 1000]
        ([1000.0, -3.0], 1000.0, 0),  # already at the target: left alone
        ([1e-3, 5.0], 1000.0, 0),  # small costs are never scaled up
        ([0.0, 0.0], 1000.0, 0),  # no cost
        ([], 1000.0, 0),
        ([np.inf, np.nan, 4000.0], 1000.0, -2),  # only finite costs count: 1000
    ],
)
def test_the_exponent_brings_the_largest_cost_under_the_target(cost, target, expected):
    e = objective_scale_exponent(np.array(cost), target)
    assert e == expected
    finite = np.abs([c for c in cost if np.isfinite(c) and c != 0])
    if finite.size and finite.max() > target:
        assert target / 2 < finite.max() * 2.0**e <= target


def test_the_default_target_scales_the_default_lp_costs_down():
    cost = np.array([27.9, 8.42e6])
    e = objective_scale_exponent(cost)
    target = algorithm.OBJECTIVE_SCALE_TARGET
    assert e < 0
    assert target / 2 < 8.42e6 * 2.0**e <= target


def _scenario(**options):
    techs = {"cheap": fixed_generator(200.0, 60.0), "dear": fixed_generator(2.0e4, 100.0)}
    # one representative day: each hour's cost weighs 365 h, 2e4 yuan/MWh -> 7.3e6 yuan/MW
    over = {f"solver.options.{k}": v for k, v in options.items()}
    return tiny_scenario(techs, 80.0, fuels=FREE_FUEL, overrides=over)


def _options_seen(monkeypatch, scenario):
    from lowcarbon_sim.model import highs

    seen = {}
    inner = highs.run_highs

    def spy(sf, options, time_limit):
        seen.update(options)
        return inner(sf, options, time_limit)

    monkeypatch.setattr(highs, "run_highs", spy)
    return run(scenario).dataset, seen


def test_dual_simplex_gets_the_exponent_of_its_costs(monkeypatch):
    ds, seen = _options_seen(monkeypatch, _scenario())
    assert seen["solver"] == "simplex"
    assert seen["user_objective_scale"] < 0
    # 60 MW at 200 yuan/MWh and 20 MW at 2e4 yuan/MWh in each of the 8760 h: HiGHS hands
    # back the unscaled optimum
    assert ds.attrs["objective"] == pytest.approx(8760 * (60 * 200.0 + 20 * 2.0e4), rel=1e-9)


def test_a_users_objective_scale_wins(monkeypatch):
    _, seen = _options_seen(monkeypatch, _scenario(user_objective_scale=0))
    assert seen["user_objective_scale"] == 0


def test_the_interior_point_is_left_unscaled(monkeypatch):
    _, seen = _options_seen(monkeypatch, _scenario(solver="ipm"))
    assert "user_objective_scale" not in seen
