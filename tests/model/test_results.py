"""Results: units everywhere, NetCDF round trip, costs that add up to the objective,
balances that close, and invariants of the LP (hypothesis)."""

import numpy as np
import pytest
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lowcarbon_sim import open_results, run
from lowcarbon_sim.testing import assert_results_close, tiny_scenario

FUELS = {
    "coal": {"price": 120.0, "emission_factor": 0.34},
    "gas": {"price": 250.0, "emission_factor": 0.2},
}
SOLAR = [0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1] + [0] * 6
DEMAND = [
    60,
    55,
    52,
    50,
    50,
    55,
    65,
    75,
    80,
    85,
    88,
    90,
    90,
    88,
    86,
    85,
    88,
    95,
    100,
    98,
    92,
    85,
    75,
    65,
]


def system(co2_cap=None, with_storage=True, **extra):
    techs = {
        "coal": {
            "class": "dispatchable",
            "fuel": "coal",
            "efficiency": 0.4,
            "existing_capacity": 80,
            "extendable": False,
            "fom": 50,
        },
        "gas": {
            "class": "dispatchable",
            "fuel": "gas",
            "efficiency": 0.55,
            "capex": 2000,
            "lifetime": 30,
        },
        "solar": {"class": "variable", "availability": "solar", "capex": 2200, "lifetime": 25},
    }
    if with_storage:
        techs["battery"] = {
            "class": "storage",
            "capex_energy": 650,
            "energy_to_power": 2,
            "efficiency_charge": 0.95,
            "efficiency_discharge": 0.95,
            "lifetime": 15,
        }
    policy = {"co2_cap": {2030: co2_cap}} if co2_cap is not None else {}
    return tiny_scenario(
        techs, DEMAND, fuels=FUELS, profiles={"solar": SOLAR}, policy=policy, **extra
    )


@pytest.fixture(scope="module")
def solved():
    return run(system())


def test_every_variable_has_units(solved):
    missing = [v for v in solved.dataset.data_vars if "units" not in solved.dataset[v].attrs]
    assert missing == []


def test_netcdf_round_trip(solved, tmp_path):
    path = solved.to_netcdf(tmp_path / "r.nc")
    back = open_results(path).dataset
    assert_results_close(solved.dataset, back, rtol=0, atol=0)
    assert back.attrs["scenario_hash"] == solved.dataset.attrs["scenario_hash"]
    assert back.attrs["lowcarbon_sim_version"]


def test_results_file_carries_the_inputs(solved, tmp_path):
    # one file: the results at the root, the model inputs in the group "inputs"
    path = solved.to_netcdf(tmp_path / "r.nc")
    back = open_results(path).inputs
    assert back is not None
    assert set(back.data_vars) == set(solved.inputs.data_vars)
    for name in solved.inputs.data_vars:
        xr.testing.assert_identical(back[name], solved.inputs[name])
    assert back.attrs == solved.inputs.attrs
    # written again from the opened file, the inputs stay
    again = open_results(open_results(path).to_netcdf(tmp_path / "again.nc")).inputs
    xr.testing.assert_identical(again, back)


def test_cap_path_in_results_is_the_inputs_cap(solved):
    assert np.isnan(solved.dataset["co2_cap"].values).all()  # no cap: NaN
    results = run(system(co2_cap=2.5e5))
    ds, inputs = results.dataset, results.inputs
    np.testing.assert_array_equal(ds["co2_cap"].values, inputs["co2_cap"].values)
    assert ds["co2_cap"].values[-1] == 2.5e5
    assert ds["co2_cap"].attrs["units"] == "t CO2"
    assert ds.attrs["co2_cap_scope"] == inputs.attrs["co2_cap_scope"] == "power"



def test_costs_add_up_to_objective(solved):
    ds = solved.dataset
    total = float((ds["total_cost"] * solved.inputs["objective_weight"]).sum())
    assert total == pytest.approx(ds.attrs["objective"], rel=1e-9)


def test_electricity_balance_closes_every_hour(solved):
    ds = solved.dataset
    supply = ds["dispatch"].sum("tech") - ds["charge"].sum("tech") + ds["load_shedding"]
    np.testing.assert_allclose(supply, ds["demand"], rtol=1e-6, atol=1e-6)


def test_rerun_is_identical_to_the_last_digit(solved):
    again = run(system())
    assert_results_close(solved.dataset, again.dataset, rtol=0, atol=0)
    assert again.dataset.attrs["objective"] == solved.dataset.attrs["objective"]


def test_milestone_years_weight_costs_and_builds():
    s = system(
        overrides={
            "years.first": 2026,
            "years.last": 2030,
            "years.last_historical": 2025,
            "years.milestones": [2026, 2028],
            "economics.base_year": 2026,
        }
    )
    ds = run(s).dataset
    assert list(ds["year"].values) == [2026, 2028]
    assert list(ds["year_weight"].values) == [2, 3]


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cap=st.floats(2e5, 3e5), tighter=st.floats(0.5, 0.99))
def test_tighter_cap_never_lowers_cost(cap, tighter):
    loose = run(system(co2_cap=cap)).dataset.attrs["objective"]
    tight = run(system(co2_cap=cap * tighter)).dataset.attrs["objective"]
    assert tight >= loose * (1 - 1e-9)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cap=st.floats(1.5e5, 3e5))
def test_removing_an_option_never_lowers_cost(cap):
    full = run(system(co2_cap=cap)).dataset.attrs["objective"]
    fewer = run(system(co2_cap=cap, with_storage=False)).dataset.attrs["objective"]
    assert fewer >= full * (1 - 1e-9)
