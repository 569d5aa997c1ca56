"""Sector pathways move the LP: electrification raises its demand and power emissions."""

import pytest

import lowcarbon_sim as lcs

BASE = {
    "sectors.enabled": True,
    "years.milestones": [2020, 2030],
    "time.days": 2,
}
SHARE = "sectors.industry.other_industry.routes.all.end_uses.process_heat.shares.electricity"


@pytest.fixture(scope="module")
def runs():
    base = lcs.run(lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=BASE))
    more = lcs.run(
        lcs.load_scenario(
            "scenarios/hunan_baseline.yaml", overrides={**BASE, SHARE: {2020: 0.0, 2030: 0.45}}
        )
    )
    return base.dataset, more.dataset


def test_electrification_raises_lp_demand_and_power_emissions(runs):
    base, more = runs
    d_base = float(base["annual_demand"].sel(year=2030))
    d_more = float(more["annual_demand"].sel(year=2030))
    # other industry process heat is ~38 TWh x growth; 30 more points of it turn electric
    assert d_more - d_base > 10e6
    assert float(more["emissions_power"].sel(year=2030)) > float(
        base["emissions_power"].sel(year=2030)
    )
    # ... while the industry's own direct CO2 falls
    ind = lambda ds: float(ds["emissions"].sel(sector="industry", year=2030))  # noqa: E731
    assert ind(more) < ind(base)
    # history is unchanged: 2020 demand is the statistic in both runs
    assert float(more["annual_demand"].sel(year=2020)) == pytest.approx(192.9e6)


def test_sector_demand_is_what_the_lp_serves(runs):
    base, _ = runs
    assert float(base["annual_demand"].sel(year=2030)) == pytest.approx(
        float(base["final_energy"].sel(carrier="electricity", year=2030).sum()), rel=1e-9
    )
    assert {"target_value", "target_threshold", "target_met"} <= set(base.data_vars)
    assert base.attrs["peak_year"] in (2020, 2030)
