"""The peak the model decides, policy inputs that leave history alone, demand keys that act."""

import numpy as np
import pytest

import lowcarbon_sim as lcs
from lowcarbon_sim.ensemble.spec import check_against
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.results.peak import PLATEAU_TOLERANCE, find_peak, peak_attrs

HISTORY = [2020, 2021, 2022, 2023, 2024]
FAST = {"time.days": 2, "years.milestones": [2020, 2021, 2022, 2023, 2024, 2025, 2027, 2030]}


def test_plateau_rule_by_hand():
    # max 304 in 2027; 2026 (303.5) is within 1 % of it, 2025 (300 < 300.96) is not
    peak = find_peak([2025, 2026, 2027, 2028], [300.0, 303.5, 304.0, 290.0])
    assert (peak.year, peak.emissions, peak.maximum, peak.peaked) == (2026, 303.5, 304.0, True)
    assert PLATEAU_TOLERANCE == 0.01
    rising = find_peak([2025, 2026, 2027], [300.0, 310.0, 320.0])
    assert rising.year == 2027 and not rising.peaked


def test_decision_peak_ignores_history():
    years = [2020, 2021, 2024, 2025, 2026, 2027, 2030]
    co2 = [310.0, 322.0, 305.0, 290.0, 295.0, 299.0, 280.0]
    attrs = peak_attrs(years, co2, last_historical=2024)
    assert attrs["peak_year_all"] == 2021
    assert attrs["peak_year_decision"] == 2027  # 299 is the top; 295 is 1.3 % below it
    assert attrs["peak_year"] == 2027 and attrs["peak_basis"] == "decision_years"


@pytest.fixture(scope="module")
def baseline():
    return lcs.run(lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=FAST)).dataset


@pytest.fixture(scope="module")
def priced():
    s = lcs.load_scenario(
        "scenarios/hunan_baseline.yaml", overrides={**FAST, "policy.co2_price": 100}
    )
    return lcs.run(s).dataset


def test_co2_price_leaves_history_unchanged(baseline, priced):
    for name in ("generation", "total_emissions", "emissions"):
        a = baseline[name].sel(year=HISTORY).values
        b = priced[name].sel(year=HISTORY).values
        np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-3, err_msg=name)
    assert float(priced["co2_price_given"].sel(year=HISTORY).max()) == 0.0
    # but the decision years respond
    assert float(priced["co2_price_given"].sel(year=2030)) == 100.0
    assert not np.allclose(
        priced["generation"].sel(year=2030).values, baseline["generation"].sel(year=2030).values
    )


def test_results_carry_both_peaks(baseline):
    a = baseline.attrs
    assert a["peak_year_all"] in baseline["year"].values
    assert a["peak_year_decision"] > 2024
    assert a["peak_year"] == a["peak_year_decision"]
    assert a["peak_plateau_tolerance"] == PLATEAU_TOLERANCE


def test_two_scenarios_with_different_decision_peaks(baseline):
    # demand that keeps growing fast (GDP +9 %/yr from 2025) with no new wind, solar or UHV
    # lines (and the Ningxia line three years late) moves the decided peak later
    s = lcs.load_scenario(
        "scenarios/hunan_baseline.yaml",
        overrides={
            **FAST,
            "economy.gdp_growth.2025": 0.09,
            "economy.gdp_growth.2030": 0.09,
            "power.pipeline.ningxia_uhvdc.delay": 3,
            "power.techs.wind.build_max": 0,
            "power.techs.solar.build_max": 0,
            "power.techs.import_new_uhv.extendable": False,
        },
    )
    fast = lcs.run(s).dataset
    np.testing.assert_allclose(
        fast["total_emissions"].sel(year=HISTORY), baseline["total_emissions"].sel(year=HISTORY)
    )
    assert fast.attrs["peak_year_decision"] != baseline.attrs["peak_year_decision"]
    assert fast.attrs["peak_year_decision"] > baseline.attrs["peak_year_decision"]


def test_inert_demand_keys_are_refused():
    with pytest.raises(ScenarioError, match=r"demand\.growth_rate"):
        lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides={"demand.growth_rate": 0.06})
    with pytest.raises(ScenarioError, match=r"demand\.electricity\.2027"):
        lcs.load_scenario(
            "scenarios/hunan_baseline.yaml", overrides={"demand.electricity.2027": 3e8}
        )
    # history years of demand.electricity act (the statistics the sectors close to)
    lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides={"demand.electricity.2022": 2.2e8})
    # without the sectors, growth_rate drives demand and is accepted
    lcs.load_scenario(
        "scenarios/hunan_baseline.yaml",
        overrides={"demand.growth_rate": 0.06, "sectors.enabled": False},
    )


def test_uncertainty_scenario_samples_keys_that_act():
    s = lcs.load_scenario("scenarios/hunan_uncertainty.yaml")
    keys = check_against(s)
    assert "demand.growth_rate" not in keys and "economy.gdp_growth.2030" in keys
    spec = s.uncertainty.model_copy(
        update={
            "parameters": {
                **s.uncertainty.parameters,
                "demand.growth_rate": next(iter(s.uncertainty.parameters.values())),
            }
        }
    )
    with pytest.raises(ScenarioError, match=r"demand\.growth_rate"):
        check_against(s, spec)
