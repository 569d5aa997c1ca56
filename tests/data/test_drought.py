"""The drought weather-year variant lowers hydro energy in decision years only."""

import numpy as np
import pytest

from lowcarbon_sim import load_scenario
from lowcarbon_sim.scenario.types import series_values

YEARS = list(range(2020, 2031))
# sourced full-load hours: NBS above-scale hydro generation / CEC capacity (figures.csv)
HISTORY = [3409, 3080, 2851, 2129, 2787]


def hydro_budget(path):
    s = load_scenario(path)
    hydro = s.power.techs["hydro"]
    hours = series_values(hydro.max_full_load_hours, YEARS)
    capacity = series_values(hydro.existing_capacity, YEARS)
    return hours, hours * capacity / 1e6  # h, TWh


def test_drought_takes_the_2023_hours_in_decision_years(scenarios_dir):
    base_h, base_twh = hydro_budget(scenarios_dir / "hunan_baseline.yaml")
    dry_h, dry_twh = hydro_budget(scenarios_dir / "hunan_drought.yaml")
    np.testing.assert_array_equal(dry_h[:5], HISTORY)  # history as sourced
    np.testing.assert_array_equal(base_h[:5], HISTORY)
    assert (base_h[5:] == 2922).all()  # average water year
    assert (dry_h[5:] == 2129).all()  # 34.76 TWh / 16,330 MW in 2023
    # 2129 h x 16,370 MW = 34.85 TWh a year, 13.0 TWh below the average year
    assert dry_twh[5:] == pytest.approx(np.full(6, 34.85), abs=0.01)
    assert (base_twh[5:] - dry_twh[5:]) == pytest.approx(np.full(6, 12.98), abs=0.01)
    # the hourly profile is left as packaged, so the history keeps its statistics
    assert load_scenario(scenarios_dir / "hunan_drought.yaml").profiles["hydro"].scale == 1.0
