"""Wind and solar fleet profiles as a planner checks them: full-load hours of every history
year against the statistics, a fleet maximum below a stated cap, Hunan's seasons, and the
representative days keeping the peak-load and the lowest-renewables day.

Utilisation hours (h): Wind series 'China: Hunan: Average Utilization Hours of Power
Generation Equipment: Wind Power / Solar Power Generation: YTD',
energyandcleanair/china_co2:inst/csv/wind_solar_utilization_capacity_by_province.csv@4043449a
(see /work/shared/data/hunan_facts.md, section 1e).
"""

import numpy as np
import pytest

from lowcarbon_sim.inputs import build_inputs
from lowcarbon_sim.inputs.build import load_profiles
from lowcarbon_sim.inputs.renewables import lowest_renewables_day, rescale_sampled
from lowcarbon_sim.inputs.timeseries import select_timesteps
from lowcarbon_sim.scenario.load import load_scenario

WIND_HOURS = {2020: 2028.0, 2021: 2080.0, 2022: 2144.0, 2023: 2271.0}
SOLAR_HOURS = {2020: 902.0}
#: time-weighted average capacity of each history year, MW: the mean of the monthly
#: capacities of the same Wind export (wind: plants >= 6 MW; solar: all PV). Utilisation
#: hours are generation per average capacity, so a history year's full-load hours on its
#: year-end capacity are hours x average / year-end (flexibility_figures.csv).
AVERAGE_CAPACITY = {
    "wind": {2020: 4758.0, 2021: 7155.0, 2022: 8440.0, 2023: 9195.0},
    "solar": {2020: 3637.0},
}
# fleet maxima (p.u. of installed capacity): a province-wide fleet of dispersed farms never
# reaches its rating; assumed caps, see data/hunan/profiles/README.md
CAP = {"wind": 0.85, "solar": 0.80}
MONTH = np.repeat(np.arange(12), np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24)


@pytest.fixture(scope="module")
def scenario(baseline_path):
    return load_scenario(baseline_path)


@pytest.fixture(scope="module")
def profiles(scenario):
    return load_profiles(scenario)


@pytest.fixture(scope="module")
def inputs(scenario):
    return build_inputs(scenario)


def _scale(scenario, tech, year):
    value = scenario.power.techs[tech].availability_scale
    return (
        1.0
        if value is None
        else float(np.interp(year, sorted(value), [value[k] for k in sorted(value)]))
    )


@pytest.mark.parametrize(("tech", "hours"), [("wind", WIND_HOURS), ("solar", SOLAR_HOURS)])
def test_annual_full_load_hours_of_each_history_year(scenario, profiles, inputs, tech, hours):
    full = profiles[tech]
    weight = inputs["timestep_weight"].values
    sampled = inputs["availability"].sel(tech=tech).values
    for year, stat in hours.items():
        year_end = scenario.power.techs[tech].existing_capacity[year]
        on_year_end = stat * AVERAGE_CAPACITY[tech][year] / year_end
        scale = _scale(scenario, tech, year)
        assert full.sum() * scale == pytest.approx(on_year_end, rel=0.03), year
        # and on the representative days the model dispatches
        model_scale = float(inputs["availability_scale"].sel(tech=tech, year=year))
        assert (sampled * weight).sum() * model_scale == pytest.approx(on_year_end, rel=0.03), year


@pytest.mark.parametrize("tech", ["wind", "solar"])
def test_fleet_maximum_stays_below_the_cap_in_every_year(profiles, inputs, tech):
    top = inputs["availability_scale"].sel(tech=tech).max().item()
    assert profiles[tech].max() * top <= CAP[tech]
    assert inputs["availability"].sel(tech=tech).max().item() * top <= CAP[tech]


def test_seasons_solar_in_summer_wind_without_the_winter_bulge(profiles):
    """Solar follows the sun; Hunan's wind fleet has no strong season in the CEC's monthly
    hours (test_profiles.py), so no quarter carries much more than its share of the year."""
    wind, solar = profiles["wind"], profiles["solar"]
    winter, summer = np.isin(MONTH, [11, 0, 1]), np.isin(MONTH, [5, 6, 7])
    assert solar[summer].mean() > solar[winter].mean()
    for months in ([11, 0, 1], [2, 3, 4], [5, 6, 7], [8, 9, 10]):
        assert 0.85 < wind[np.isin(MONTH, months)].mean() / wind.mean() < 1.1, months


def test_representative_days_keep_the_peak_load_day_and_the_lowest_renewables_day(
    profiles, inputs, scenario
):
    days = set(inputs["timestep_hour"].values // 24)
    assert int(np.argmax(profiles["load"])) // 24 in days
    low = lowest_renewables_day([profiles["solar"], profiles["wind"]])
    assert low in days
    assert len(days) == scenario.time.days  # the kept days are among the scenario's days


def test_kept_day_is_a_period_of_its_own():
    rng = np.random.default_rng(0)
    load = 1 + 0.3 * rng.random(8760)
    wind = rng.random(8760)
    wind[100 * 24 : 101 * 24] = 0.0  # a calm day
    time = select_timesteps("representative_days", 6, [load, wind], keep_days=(100,))
    days = time.hour[::24] // 24
    assert 100 in days
    k = list(days).index(100)
    assert time.weight[k * 24] == 1.0


def test_rescaled_sample_keeps_the_mean_below_the_cap():
    x = rescale_sampled(np.array([0.1, 0.5, 0.7]), np.array([2920.0] * 3), 0.5, 0.75)
    assert x.max() <= 0.75
    assert (x * 2920).sum() == pytest.approx(0.5 * 8760)
