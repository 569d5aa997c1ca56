"""History years 2020-2024 against the province statistics (`lowcarbon-sim data --calibration`)."""

import pytest

import lowcarbon_sim as lcs
from lowcarbon_sim.data.statistics import statistics
from lowcarbon_sim.pipeline import calibration_report

HISTORY = range(2020, 2025)
FAST = {"time.days": 2, "years.milestones": [2020, 2021, 2022, 2023, 2024, 2025, 2030]}


@pytest.fixture(scope="module")
def report():
    s = lcs.load_scenario("scenarios/hunan_baseline.yaml", overrides=FAST)
    return calibration_report(s)


def rows(report, quantity):
    sel = report[(report["quantity"] == quantity) & report["year"].isin(HISTORY)]
    return list(sel.itertuples(index=False))


def test_every_history_year_has_a_province_co2_figure():
    stats = statistics("hunan")
    co2 = stats[stats["quantity"] == "co2.province"].set_index("year")
    assert set(HISTORY) <= set(co2.index)
    # no inventory year relabelled: only 2019 is CEADs itself, later years say their method
    assert co2.loc[2019, "status"] == "verified"
    for y in HISTORY:
        assert co2.loc[y, "status"] == "derived" and "stand-in" in co2.loc[y, "note"]


@pytest.mark.parametrize("quantity", ["co2.province", "electricity_consumption"])
def test_history_within_5_percent(report, quantity):
    found = rows(report, quantity)
    assert len(found) == len(HISTORY)
    for r in found:
        assert r.model == pytest.approx(r.statistic, rel=0.05), (r.year, r.model, r.statistic)


def test_power_and_heat_within_10_percent(report):
    # its heat is sized once (CEADs 2019), not fitted per year, so the row shows the LP's own
    # coal generation and fleet rate against the stand-in's NBS-based power part; 10 % as for
    # every inventory group (tests/sectors/test_sector_calibration.py)
    found = rows(report, "co2.power_heat")
    assert len(found) == len(HISTORY)
    for r in found:
        assert r.model == pytest.approx(r.statistic, rel=0.10), (r.year, r.model, r.statistic)


def test_coal_share_within_5_percent(report):
    (r,) = rows(report, "energy.coal_share")
    assert r.model == pytest.approx(r.statistic, rel=0.05)


def test_nonfossil_share_within_5_percent(report):
    (r,) = rows(report, "energy.nonfossil_share")
    assert r.model == pytest.approx(r.statistic, rel=0.05)


def test_energy_total_within_5_percent(report):
    found = rows(report, "energy.total")
    assert found  # 2024, derived from the Hunan Energy Development Report 2025
    for r in found:
        assert r.model == pytest.approx(r.statistic, rel=0.05), (r.year, r.model, r.statistic)


@pytest.mark.parametrize(
    "quantity", ["generation.thermal", "generation.hydro", "generation.wind"]
)
def test_generation_by_type_within_5_percent(report, quantity):
    # thermal is the dispatch's result (coal, gas, biomass; no floor); hydro and wind follow
    # their inflows and utilisation hours, so these two catch a mapping or unit slip
    found = rows(report, quantity)
    assert len(found) >= 4, quantity  # wind has no 2024 statistic
    for r in found:
        assert r.model == pytest.approx(r.statistic, rel=0.05), (r.year, r.model, r.statistic)
