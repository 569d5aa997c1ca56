"""Packaged hourly profiles: annual full-load hours, ranges, seasons, determinism."""

import numpy as np
import pytest

from lowcarbon_sim.data import make_profiles, package_path
from lowcarbon_sim.data.profiles import read_profile

PROFILES = package_path("hunan/profiles")
MONTH = np.repeat(np.arange(12), np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]) * 24)


def load(name, column):
    return read_profile(PROFILES / f"hunan_{name}_availability_pu.csv", column)


# solar: 2020 utilisation hours; wind: mean of the 2020-2023 utilisation hours (2,028,
# 2,080, 2,144, 2,271 h), scaled to each year by availability_scale (test_profile_years.py)
@pytest.mark.parametrize(("name", "hours"), [("solar", 902.0), ("wind", 2131.0)])
def test_full_load_hours_match_the_sourced_utilisation(name, hours):
    values = load(name, f"{name}_availability_pu")
    assert values.sum() == pytest.approx(hours, rel=5e-3)
    assert values.min() >= 0 and values.max() <= 1


def test_solar_has_night_and_summer():
    solar = load("solar", "solar_availability_pu")
    hour = np.arange(8760) % 24
    assert solar[(hour < 5) | (hour > 20)].max() == 0
    assert solar[MONTH == 7].mean() > 1.5 * solar[MONTH == 0].mean()


def test_wind_months_follow_the_cec_monthly_utilisation_hours():
    """Each month's share of the profile's year is the 2019-2023 mean share of the CEC's
    monthly wind hours, recomputed here from the year-to-date rows of the data file."""
    from lowcarbon_sim.data.monthly import monthly_statistics

    wind = load("wind", "wind_availability_pu")
    df = monthly_statistics(package_path("hunan"))
    rows = df[df["quantity"] == "full_load_hours.wind"]
    table = rows.pivot(index="year", columns="month", values="value")
    assert list(table.index) == [2019, 2020, 2021, 2022, 2023]
    assert list(table.columns) == list(range(2, 13))  # Jan+Feb in month 2
    # the rows add up to the full-year hours of the statistics (2020-2023 in hunan_facts.md)
    assert table.sum(axis=1).loc[2020:].tolist() == pytest.approx([2028, 2080, 2144, 2271])
    expected = (table.div(table.sum(axis=1), axis=0)).mean().to_numpy()
    got = np.bincount(MONTH, wind) / wind.sum()
    got = np.concatenate([[got[0] + got[1]], got[2:]])
    np.testing.assert_allclose(got, expected, rtol=1e-4)
    # hour-to-hour variability, not a smooth curve
    assert np.abs(np.diff(wind)).mean() > 0.005


def test_generator_is_deterministic_and_matches_the_files():
    np.testing.assert_allclose(make_profiles.solar_profile(), make_profiles.solar_profile())
    np.testing.assert_allclose(
        make_profiles.wind_profile(), load("wind", "wind_availability_pu"), atol=5e-7
    )
    np.testing.assert_allclose(
        make_profiles.solar_profile(), load("solar", "solar_availability_pu"), atol=5e-7
    )


@pytest.mark.parametrize("name", ["solar", "wind"])
def test_files_have_8760_finite_rows_in_hour_order(name):
    import pandas as pd

    frame = pd.read_csv(PROFILES / f"hunan_{name}_availability_pu.csv")
    assert list(frame.columns) == ["hour", f"{name}_availability_pu"]
    assert len(frame) == 8760
    assert (frame["hour"].to_numpy() == np.arange(8760)).all()
    assert frame.notna().all().all()


def test_regenerating_writes_the_same_bytes(tmp_path):
    for name, profile in [
        ("solar", make_profiles.solar_profile),
        ("wind", make_profiles.wind_profile),
    ]:
        out = tmp_path / f"{name}.csv"
        make_profiles.write_profile(out, f"{name}_availability_pu", profile())
        assert out.read_bytes() == (PROFILES / f"hunan_{name}_availability_pu.csv").read_bytes()


def test_a_different_seed_gives_a_different_series_with_the_same_hours():
    other = make_profiles.wind_profile(seed=1)
    assert not np.allclose(other, make_profiles.wind_profile())
    assert other.sum() == pytest.approx(2131.0, rel=1e-6)
