"""Build groups (``power.build_groups``): the new build of several technologies together within
a yearly limit, against an optimum computed by hand, against PyPSA with the same row on the
generators' capacity variables (``extra_functionality``), and the scenario errors."""

import numpy as np
import pytest

from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0
R, LIFE = 0.05, 20
ANNUITY = R / (1 - (1 + R) ** -LIFE)
FUEL = {"f": {"price": 0.0, "emission_factor": 0.0}}


def _techs():
    return {
        "dear": {
            "class": "dispatchable",
            "fuel": "f",
            "extendable": False,
            "existing_capacity": 200.0,
            "vom": 100.0,
        },
        "a": {"class": "dispatchable", "fuel": "f", "capex": 3000.0, "vom": 10.0, "lifetime": LIFE},
        "b": {"class": "dispatchable", "fuel": "f", "capex": 3500.0, "vom": 10.0, "lifetime": LIFE},
        "c": {"class": "dispatchable", "fuel": "f", "capex": 6000.0, "vom": 10.0, "lifetime": LIFE},
    }


def _run(groups=None, demand=100.0):
    overrides = {"power.build_groups": groups} if groups is not None else None
    s = tiny_scenario(_techs(), demand, fuels=FUEL, discount_rate=R, overrides=overrides)
    return run(s).dataset


def test_the_group_limit_binds_on_its_members_and_the_cheaper_member_is_built_first():
    # a new MW of a saves (100 - 10) x 8760 = 788,400 yuan/yr against dear and costs
    # a x 3,000,000 = 240,728 (b: 280,850; c: 481,456): without a limit 100 MW of a.
    free = _run()
    assert float(free["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(100.0)
    # a and b together at most 60 MW: 60 of a; c (not in the group) pays too, so it takes
    # the remaining 40 MW instead of dear
    ds = _run({"vre": {"techs": ["a", "b"], "build_max": 60.0}})
    new = ds["new_capacity"].sel(year=2030)
    assert float(new.sel(tech="a")) == pytest.approx(60.0)
    assert float(new.sel(tech="b")) == pytest.approx(0.0, abs=1e-6)
    assert float(new.sel(tech="c")) == pytest.approx(40.0)
    hand = ANNUITY * (60 * 3000e3 + 40 * 6000e3) + H * 100 * 10
    assert ds.attrs["objective"] == pytest.approx(hand, rel=1e-7)


def test_relaxing_the_limit_by_one_mw_saves_the_difference_between_a_and_c():
    base = _run({"vre": {"techs": ["a", "b"], "build_max": 60.0}}).attrs["objective"]
    more = _run({"vre": {"techs": ["a", "b"], "build_max": 61.0}}).attrs["objective"]
    assert base - more == pytest.approx(ANNUITY * (6000e3 - 3000e3), rel=1e-7)


def test_a_limit_by_year_holds_in_the_years_given_only():
    ds = _run({"vre": {"techs": ["a", "b"], "build_max": {2030: 60.0}}})
    assert float(ds["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(60.0)
    inputs = build_inputs(
        tiny_scenario(
            _techs(),
            100.0,
            fuels=FUEL,
            year=2031,
            overrides={
                "years.first": 2030,
                "years.last_historical": 2029,
                "power.build_groups": {"vre": {"techs": ["a", "b"], "build_max": {2030: 60.0}}},
            },
        )
    )
    limit = inputs["build_group_max"].sel(build_group="vre")
    assert float(limit.sel(year=2030)) == 60.0
    assert np.isinf(float(limit.sel(year=2031)))  # not interpolated, not held
    rows = build_model(inputs).build_groups.group_limit
    assert [tuple(k) for k in rows] == [("vre", 2030)]


def test_limits_outside_the_decision_years_add_no_row():
    # 2029 is history of the one-year scenario and 2040 beyond it: no build, no row, no error
    s = tiny_scenario(
        _techs(),
        100.0,
        fuels=FUEL,
        overrides={
            "power.build_groups": {
                "vre": {"techs": ["a", "b"], "build_max": {2029: 1.0, 2040: 1.0}}
            }
        },
    )
    inputs = build_inputs(s)
    assert np.isinf(inputs["build_group_max"].values).all()
    assert len(build_model(inputs).build_groups.group_limit) == 0
    free = run(s).dataset
    assert float(free["new_capacity"].sel(year=2030, tech="a")) == pytest.approx(100.0)


def test_no_groups_no_rows_no_inputs():
    s = tiny_scenario(_techs(), 100.0, fuels=FUEL, discount_rate=R)
    inputs = build_inputs(s)
    assert "build_group_max" not in inputs
    assert not hasattr(build_model(inputs).build_groups, "group_limit")


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (
            {"techs": ["a", "wnd"], "build_max": 60.0},
            r"power\.build_groups\.vre\.techs: unknown technology 'wnd'",
        ),
        ({"techs": [], "build_max": 60.0}, r"power\.build_groups\.vre\.techs"),
        ({"techs": ["a"], "build_max": -1.0}, r"power\.build_groups\.vre\.build_max"),
    ],
)
def test_bad_groups_are_refused_with_the_key_path(group, message):
    with pytest.raises(ScenarioError, match=message):
        tiny_scenario(_techs(), 100.0, fuels=FUEL, overrides={"power.build_groups": {"vre": group}})


# one day of hourly availability, p.u.: a windy night, a sunny noon
WIND = [0.6, 0.7, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3] + [0.2] * 3 + [0.3] * 3 + [0.4, 0.4, 0.5]
WIND = [*WIND, 0.6, 0.6, 0.7, 0.7, 0.7, 0.6, 0.6]
SOLAR = [0.0] * 6 + [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1] + [0.0] * 6


def test_matches_pypsa_with_the_same_limit_on_its_capacity_variables(one_bus_pair):
    demand = [60 + 30 * np.sin(np.pi * h / 24) for h in range(24)]
    gens = {  # name: (capex yuan/kW, marginal cost yuan/MWh, availability)
        "wind": (4000.0, 0.0, WIND),
        "solar": (2500.0, 0.0, SOLAR),
        "gas": (3500.0, 450.0, [1.0] * 24),
    }
    limit = 70.0
    n, techs, profiles = one_bus_pair(
        demand, gens, R, LIFE, carriers={"wind": "vre", "solar": "vre", "gas": "gas"}
    )

    def group_limit(n, _snapshots):
        # PyPSA 1.2's tech_capacity_expansion_limit skips networks without investment
        # periods (its groupby drops the NaN period), so the same row is written here
        p_nom = n.model["Generator-p_nom"]
        n.model.add_constraints(p_nom.loc[["wind", "solar"]].sum() <= limit, name="vre_limit")

    status, _ = n.optimize(
        solver_name="highs",
        solver_options={"output_flag": False},
        log_to_console=False,
        include_objective_constant=False,
        extra_functionality=group_limit,
    )
    assert status == "ok"
    ours = run(
        tiny_scenario(
            techs,
            list(demand),
            profiles=profiles,
            discount_rate=R,
            overrides={
                "power.build_groups": {"vre": {"techs": ["wind", "solar"], "build_max": limit}}
            },
        )
    ).dataset
    theirs = n.generators.p_nom_opt
    assert float(theirs[["wind", "solar"]].sum()) == pytest.approx(limit, rel=1e-6)
    assert ours.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    for name in gens:
        assert float(ours["capacity"].sel(year=2030, tech=name)) == pytest.approx(
            float(theirs[name]), abs=1e-4, rel=1e-6
        )
