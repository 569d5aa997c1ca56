"""Demand peaks: peak calibration (power transform) and the report against sourced peaks."""

import numpy as np
import pytest

from lowcarbon_sim import load_scenario
from lowcarbon_sim.data import package_path
from lowcarbon_sim.data.profiles import read_profile
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs.calibration import peak_targets, reshape_to_peak
from lowcarbon_sim.pipeline import peak_report

LOAD = read_profile(package_path("hunan/profiles/hunan_load_hourly_mw.csv"), "load_mw")
E_2025 = 247.5e6  # MWh, about the baseline's 2025 demand


def scaled(energy=E_2025):
    return (energy * LOAD / LOAD.sum())[None, :]


def test_hand_computed_power_transform():
    # x = [0.25, 1], E = 5 MWh: g = 0.5 gives sum x^g = 1.5, so a 10/3 MW peak and
    # d' = 5 * [0.5, 1] / 1.5; g = 2 gives sum = 1.0625 and d' = 5 * [0.0625, 1] / 1.0625
    d = np.array([[1.0, 4.0], [1.0, 4.0]])
    out = reshape_to_peak(d, np.array([10 / 3, 5 / 1.0625]))
    np.testing.assert_allclose(out[0], [5 / 3, 10 / 3], rtol=1e-12)
    np.testing.assert_allclose(out[1], [5 * 0.0625 / 1.0625, 5 / 1.0625], rtol=1e-12)


@pytest.mark.parametrize("target", [46.64e3, 55.0e3])  # flatten (sourced 2025) and sharpen
def test_peak_hits_target_energy_kept_order_preserved(target):
    before = scaled()
    assert before.max() == pytest.approx(49.15e3, rel=0.01)  # the shape's own 2025 peak
    after = reshape_to_peak(before, np.array([target]))[0]
    assert after.max() == pytest.approx(target, rel=1e-3)
    assert abs(after.max() / target - 1) < 1e-9  # bisection converges far below 0.1 %
    assert after.sum() == pytest.approx(before.sum(), rel=1e-9)
    assert after.min() > 0
    order = np.argsort(before[0], kind="stable")
    assert np.all(np.diff(after[order]) >= 0)  # hours keep their ranking
    assert after.argmax() == before.argmax() and after.argmin() == before.argmin()
    # flattening raises the valleys, sharpening deepens them
    assert (after.min() > before.min()) == (target < before.max())


def test_years_without_a_target_are_untouched():
    two = np.vstack([scaled(), scaled(200e6)])
    out = reshape_to_peak(two, np.array([np.nan, 40e3]))
    np.testing.assert_array_equal(out[0], two[0])
    assert out[1].max() == pytest.approx(40e3, rel=1e-9)


def test_unreachable_target_is_refused_with_the_key():
    with pytest.raises(ScenarioError, match=r"demand\.peak: 2025: a peak of 20,000 MW") as info:
        reshape_to_peak(scaled(), np.array([20e3]), years=[2025])
    assert "average load 28,253 MW" in str(info.value)


def test_targets_carry_the_load_factor_to_other_years():
    years = [2024, 2025, 2026]
    annual = np.array([237.4e6, 247.5e6, 257.8e6])
    t = peak_targets({2025: 46.64e3}, years, annual, 8760)
    assert t[1] == 46.64e3
    # same load factor 247.5e6 / (8760 * 46.64e3) = 0.6058 in 2024 and 2026
    np.testing.assert_allclose(t[[0, 2]], annual[[0, 2]] * 46.64e3 / 247.5e6, rtol=1e-12)
    assert np.isnan(peak_targets(None, years, annual, 8760)).all()


@pytest.fixture(scope="module")
def report_without_sectors():
    s = load_scenario(
        data={"dataset": "hunan", "years": {"first": 2020, "last": 2026}},
        overrides={"demand.peak": {2025: "46.64 GW"}},
    )
    return peak_report(s)


def test_peak_report_against_sourced_peaks(report_without_sectors):
    r = report_without_sectors.set_index("year")
    # 2019: the shape scaled to 186.4 TWh (peak/sum of the shape 34.65 GW / 174.5 TWh)
    assert r.loc[2019, "scaled_peak_mw"] == pytest.approx(186.4e6 * LOAD.max() / LOAD.sum())
    assert r.loc[2019, "sourced_peak_mw"] == 30.17e3
    assert r.loc[2019, "difference_pct"] == pytest.approx(
        100 * (r.loc[2019, "scaled_peak_mw"] / 30.17e3 - 1)
    )
    assert r.loc[2020, "sourced_peak_mw"] == 35.0e3  # winter 2020, derived from the shortfall
    assert r.loc[2025, "model_peak_mw"] == pytest.approx(46.64e3, rel=1e-9)
    assert r.loc[2025, "scaled_peak_mw"] > r.loc[2025, "model_peak_mw"]
    assert np.isnan(r.loc[2022, "sourced_peak_mw"])
    # the shape peaks in the December evening (hour 8709), every year
    assert set(r["scaled_peak_month"]) == {12}


def test_calibrated_peak_reaches_the_model_inputs():
    from lowcarbon_sim.inputs import build_inputs

    s = load_scenario(
        data={
            "dataset": "hunan",
            "years": {"first": 2025, "last": 2025},
            "time": {"mode": "full_year"},
        },
        overrides={"demand.peak": "46.64 GW"},
    )
    ds = build_inputs(s)
    assert float(ds["peak_demand"].sel(year=2025)) == pytest.approx(46.64e3, rel=1e-9)
    assert float(ds["demand"].sel(year=2025).max()) == pytest.approx(46.64e3, rel=1e-9)
    assert float(ds["demand"].sel(year=2025).sum()) == pytest.approx(
        float(ds["annual_demand"].sel(year=2025)), rel=1e-9
    )


def test_cli_prints_the_peak_report(capsys, baseline_path):
    from lowcarbon_sim.cli import main

    code = main(["data", "--peaks", str(baseline_path), "--set", "demand.peak={2025: 46.64 GW}"])
    out = capsys.readouterr().out
    assert code == 0
    line_2025 = next(line for line in out.splitlines() if line.startswith("2025"))
    # scaled 49.31 GW (sector demand 247.5 TWh), calibrated 46.64, sourced 46.64
    assert line_2025.split()[1:7] == ["247.5", "49.31", "12", "46.64", "46.64", "+0.00"]
    assert main(["data", "--peaks", "--set", "demand.peak={2025: 10 GW}"]) == 2
    assert "demand.peak.2025: a peak of 10,000 MW is not above" in capsys.readouterr().err
