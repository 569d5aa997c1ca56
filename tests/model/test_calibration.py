"""The default scenario's history years (2020-2024) against the sourced statistics.

Statistics (TWh): NBS generation of industrial enterprises above designated size via Wind
(energyandcleanair/china_co2:inst/csv/power_generation_by_province_and_source.csv@4043449a);
wind and solar are Wind-series utilisation hours x the year's time-weighted average capacity
(derived; flexibility_figures.csv). The model counts all plants: solar differs from the
above-scale series by design (distributed PV), so it is checked against that derivation
instead. Tolerances are stated per row.
"""

import pytest

from lowcarbon_sim import run

# every test reads the solved default scenario (about 10 s to build and solve)
pytestmark = pytest.mark.slow

YEARS = [2020, 2021, 2022, 2023, 2024]
THERMAL = [85.12, 101.64, 101.85, 112.36, 103.38]  # coal + gas + biomass, above-scale
HYDRO = [53.90, 48.60, 45.25, 34.76, 45.62]
# utilisation hours (h) x time-weighted average capacity (GW); 2024 wind and 2021-2024 solar
# hours are estimated from their January-November values
WIND = [2028 * 4.758, 2080 * 7.155, 2144 * 8.440, 2271 * 9.195, 2035 * 10.092]
SOLAR = [902 * 3.637, 1011.1 * 4.085, 1087.5 * 5.180, 1094.2 * 8.545, 986.2 * 15.309]
CONSUMPTION = [192.9, 215.5, 223.6, 227.7, 237.4]


@pytest.fixture(scope="module")
def baseline(baseline_path):
    return run(baseline_path).dataset


def twh(ds, techs, year):
    return float(ds["generation"].sel(tech=techs, year=year).sum()) / 1e6


@pytest.mark.parametrize(("i", "year"), list(enumerate(YEARS)))
def test_history_follows_the_statistics(baseline, i, year):
    coal = ["coal_usc", "coal_sc", "coal_subcritical", "coal_small", "coal_new"]
    thermal = twh(baseline, [*coal, "gas", "biomass"], year)
    assert thermal == pytest.approx(THERMAL[i], rel=0.05)
    assert twh(baseline, ["hydro"], year) == pytest.approx(HYDRO[i], rel=0.01)
    assert twh(baseline, ["wind"], year) == pytest.approx(WIND[i] / 1e3, rel=0.03)
    assert twh(baseline, ["solar"], year) == pytest.approx(SOLAR[i] / 1e3, rel=0.03)
    supply = float(baseline["generation"].sel(year=year).sum()
                   - baseline["storage_charge"].sel(year=year).sum()) / 1e6
    assert supply == pytest.approx(CONSUMPTION[i], rel=1e-6)
    assert float(baseline["load_shedding_energy"].sel(year=year)) == pytest.approx(0, abs=1)


def test_no_new_build_is_decided_in_history(baseline):
    assert float(baseline["new_capacity"].sel(year=YEARS).sum()) == 0
