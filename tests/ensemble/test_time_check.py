"""`check_time_aggregation` and `lowcarbon-sim check-time` on a one-year tiny system."""

import numpy as np
import pytest
import yaml

from lowcarbon_sim.cli.main import main
from lowcarbon_sim.cli.time_check import CHECK_FAILED
from lowcarbon_sim.ensemble.time_check import check_time_aggregation, full_year_variant
from lowcarbon_sim.errors import InputError
from lowcarbon_sim.scenario.load import scenario_to_dict
from lowcarbon_sim.testing import tiny_scenario

SUN = [0.0] * 6 + [0.3, 0.6, 0.8, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6, 0.3] + [0.0] * 8
FUELS = {"gas": {"price": 300.0, "emission_factor": 0.4}}


def system(solar_profile, **kw):
    """Gas (existing, 0.4 t/MWh at 300 yuan/MWh of fuel) and extendable solar."""
    techs = {
        "gas": {
            "class": "dispatchable",
            "fuel": "gas",
            "extendable": False,
            "existing_capacity": 150.0,
        },
        "solar": {
            "class": "variable",
            "extendable": True,
            "capex": 3000.0,
            "lifetime": 25.0,
            "availability": "sun",
            "capacity_max": 400.0,
        },
    }
    return tiny_scenario(techs, 100.0, fuels=FUELS, profiles={"sun": solar_profile}, **kw)


@pytest.fixture(scope="module")
def seasonal(tmp_path_factory):
    """A system whose sun is strong in summer and weak in winter, 2 sampled days, and the
    path of its saved 8760-hour solution."""
    season = 0.6 + 0.4 * np.sin(np.linspace(0, 2 * np.pi, 365, endpoint=False))
    profile = (np.repeat(season, 24) * np.tile(SUN, 365)).tolist()
    s = system(profile, days=2, overrides={"time.method": "sampled"})
    path = tmp_path_factory.mktemp("ref") / "full.nc"
    check = check_time_aggregation(s, save_reference=path)
    return s, path, check


def test_identical_days_match_the_full_year():
    # every day the same: one representative day is the year, so every error is ~0
    check = check_time_aggregation(system(SUN, days=1))
    assert check.passed
    assert check.co2_error == pytest.approx(0.0, abs=1e-6)
    assert check.build_error == pytest.approx(0.0, abs=1e-6)
    assert check.steps == {"aggregated": 24, "reference": 8760}
    assert set(check.seconds) == {"aggregated", "full year"}
    rows = check.table.set_index("quantity")
    assert rows.loc["new build to 2030, total", "full_year"] > 0.0  # solar is built
    assert "  new solar" in rows.index
    assert "PASS" in check.verdict()


def test_seasonal_errors_are_measured(seasonal):
    s, path, check = seasonal
    assert path.is_file()
    ref = check.table.set_index("quantity")
    # the errors are the table's own numbers against the 8760-h figures
    co2 = ref.loc["power CO2 2030"]
    assert check.co2_error == pytest.approx((co2.aggregated - co2.full_year) / co2.full_year)
    assert check.co2_difference == pytest.approx(co2.aggregated - co2.full_year)
    assert f"{check.co2_difference:+.2f} Mt" in check.verdict()
    total = ref.loc["new build to 2030, total"]
    mismatch = ref.loc["new build to 2030, mismatch"]
    assert check.build_error == pytest.approx(mismatch.aggregated / total.full_year)
    assert check.build_error >= abs(total.error) - 1e-12  # mismatch bounds the total's error
    # two sampled days miss the solar seasons: solar is over-built by about 13 %
    assert 0.08 < check.build_error < 0.2
    assert abs(check.co2_error) < 0.1
    assert not check.passed
    assert "FAIL" in check.verdict()
    # a reused reference gives the same table without a full-year solve
    again = check_time_aggregation(s, reference=path, build_tolerance=0.2)
    assert "full year" not in again.seconds
    np.testing.assert_allclose(again.table["error"], check.table["error"], atol=1e-9)
    assert again.passed


def test_co2_floor_passes_a_small_difference(seasonal):
    """A net CO2 near zero: the relative error can be large while the difference is small.
    With no relative tolerance left, the CO2 row passes only within the absolute floor."""
    s, path, check = seasonal
    diff = abs(check.co2_difference) * 1e6  # t CO2
    assert diff > 0
    strict = dict(reference=path, build_tolerance=0.2, co2_tolerance=0.0)
    within = check_time_aggregation(s, co2_floor=1.01 * diff, **strict)
    outside = check_time_aggregation(s, co2_floor=0.99 * diff, **strict)
    assert within.passed and not outside.passed
    assert bool(within.table.set_index("quantity").loc["power CO2 2030", "ok"])
    assert not bool(outside.table.set_index("quantity").loc["power CO2 2030", "ok"])
    assert f"or {1.01 * diff / 1e6:g} Mt" in within.verdict()


def test_near_zero_co2_shows_the_difference_not_a_percentage(seasonal):
    """Where the full year's power CO2 is within the floor of zero, a relative error (here
    the test system's ratio) is meaningless: the table and the verdict give the difference
    in Mt; above the floor they keep the percentage."""
    s, path, check = seasonal
    full = abs(float(check.table.set_index("quantity").loc["power CO2 2030", "full_year"]))
    near = check_time_aggregation(s, reference=path, co2_floor=2 * full * 1e6)
    far = check_time_aggregation(s, reference=path, co2_floor=0.5 * full * 1e6)
    row = next(line for line in near.markdown().splitlines() if "power CO2" in line)
    assert f"| {near.co2_difference:+.2f} Mt |" in row and " %" not in row.split("|")[5]
    assert "%, " not in near.verdict().split("power CO2")[1].split("Mt")[0]
    assert f"{100 * far.co2_error:+.1f} %, {far.co2_difference:+.2f} Mt" in far.verdict()


def test_reference_must_be_a_full_year(seasonal, tmp_path):
    s, _, _ = seasonal
    from lowcarbon_sim import run

    short = tmp_path / "short.nc"
    run(s).to_netcdf(short)
    with pytest.raises(InputError, match="not the 8760"):
        check_time_aggregation(s, reference=short)
    with pytest.raises(InputError, match="full year already"):
        check_time_aggregation(full_year_variant(s))


def test_cli_check_time(seasonal, tmp_path, capsys):
    s, path, _ = seasonal
    yml = tmp_path / "tiny.yaml"
    yml.write_text(yaml.safe_dump(scenario_to_dict(s), sort_keys=False))
    code = main(["check-time", str(yml), "--reference", str(path)])
    out = capsys.readouterr().out
    assert code == CHECK_FAILED
    assert "| power CO2 2030 | Mt |" in out
    assert "FAIL: tiny" in out
    args = ["check-time", str(yml), "--reference", str(path), "--build-tolerance", "20", "--csv"]
    code = main(args)
    out = capsys.readouterr().out
    assert out.startswith("quantity,unit,aggregated,full_year,error,tolerance,ok")
    assert code == 0
