"""Hydro with seasons (monthly inflow, reservoir, spill, ecological flow, run-of-river) and
import contracts (delivery band, monthly energy) against hand-computed optima and PyPSA."""

import numpy as np
import pytest

from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.inputs.months import HOURS_IN_MONTH, timestep_month_hours
from lowcarbon_sim.inputs.timeseries import TimeSelection
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0
FUEL = {"f": {"price": 0.0, "emission_factor": 0.0}}


def gas(vom, capacity=300.0):
    return {"class": "dispatchable", "fuel": "f", "extendable": False,
            "existing_capacity": capacity, "vom": vom}


def hydro(capacity, **kw):
    return {"class": "hydro", "availability": 1.0, "extendable": False,
            "existing_capacity": capacity, **kw}


def test_month_weights_of_representative_days():
    # three representative days; day d of the year stands for period d % 3
    seq = np.arange(365) % 3
    time = TimeSelection(
        hour=np.arange(72),
        weight=np.repeat(np.bincount(seq, minlength=3).astype(float), 24),
        period=np.repeat(np.arange(3), 24),
        sequence=seq,
    )
    w = timestep_month_hours(time)
    np.testing.assert_allclose(w.sum(axis=1), time.weight)
    np.testing.assert_allclose(w.sum(axis=0), HOURS_IN_MONTH)
    full = TimeSelection(np.arange(8760), np.ones(8760), np.zeros(8760, int), np.zeros(1, int))
    wf = timestep_month_hours(full)
    assert wf[0, 0] == 1 and wf[31 * 24, 1] == 1 and wf[-1, 11] == 1
    np.testing.assert_allclose(wf.sum(axis=0), HOURS_IN_MONTH)


JAN_ONLY = [1.0] + [0.0] * 11


@pytest.mark.parametrize(("smax", "hydro_mwh"), [(20_000.0, 94_400.0), (0.0, 74_400.0)])
def test_reservoir_carries_january_inflow_into_later_months_and_spills_the_rest(smax, hydro_mwh):
    # all 100,000 MWh of inflow arrive in January; the 100 MW turbines can use 74,400 MWh
    # in January's 744 h; the reservoir carries up to smax into later months; the rest spills
    techs = {
        "hydro": hydro(100.0, inflow=100_000.0, inflow_shape=JAN_ONLY, reservoir_capacity=smax),
        "gas": gas(50.0),
    }
    res = run(tiny_scenario(techs, 100.0, fuels=FUEL, mode="full_year")).dataset.sel(year=2030)
    assert res["generation"].sel(tech="hydro") == pytest.approx(hydro_mwh)
    spill = res["hydro_spill"].sel(tech="hydro")
    assert float(spill.sum()) == pytest.approx(100_000.0 - hydro_mwh)
    assert float(spill.sel(month=1)) == pytest.approx(100_000.0 - hydro_mwh)
    monthly = res["monthly_output"].sel(tech="hydro")
    assert float(monthly.sel(month=1)) == pytest.approx(74_400.0)
    assert float(monthly.sel(month=slice(2, 12)).sum()) == pytest.approx(smax)
    assert float(res["reservoir_level"].sel(tech="hydro", month=1)) == pytest.approx(smax)
    assert res.attrs["objective"] == pytest.approx(50.0 * (100.0 * H - hydro_mwh))


def test_min_flow_forces_output_of_an_unwanted_hydro_plant():
    # gas is free, hydro costs 10 yuan/MWh: hydro runs only at its ecological flow,
    # 30 % of the 100 MW mean inflow, every hour; the rest of the inflow spills
    techs = {
        "hydro": hydro(200.0, inflow=100.0 * H, min_flow=0.3, vom=10.0),
        "gas": gas(0.0),
    }
    res = run(tiny_scenario(techs, 100.0, fuels=FUEL)).dataset.sel(year=2030)
    assert res["generation"].sel(tech="hydro") == pytest.approx(30.0 * H)
    assert float(res["hydro_spill"].sel(tech="hydro").sum()) == pytest.approx(70.0 * H)
    assert res.attrs["objective"] == pytest.approx(10.0 * 30.0 * H)


@pytest.mark.parametrize(("share", "gas_per_day"), [(0.5, 0.0), (0.75, 300.0), (1.0, 600.0)])
def test_run_of_river_share_cannot_be_stored(share, gas_per_day):
    # demand 50 MW for 12 h then 150 MW for 12 h; inflow 100 MW flat; turbines 200 MW.
    # The run-of-river part (share x 100 MW) is used in its hour or spilled; the rest may
    # move within the month. share 0.75: low hours take 50 of the 75 MW (25 spills),
    # high hours 75 + the 25 MW x 24 h stored = 125 MW, gas 25 MW x 12 h.
    demand = [50.0] * 12 + [150.0] * 12
    techs = {"hydro": hydro(200.0, inflow=100.0 * H, run_of_river=share), "gas": gas(50.0)}
    res = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset.sel(year=2030)
    assert res["generation"].sel(tech="gas") == pytest.approx(gas_per_day * 365)
    spill = float(res["hydro_spill"].sel(tech="hydro").sum())
    assert spill == pytest.approx(gas_per_day * 365)


def test_hydro_without_inflow_keeps_the_annual_budget():
    techs = {"hydro": hydro(100.0, max_full_load_hours=4380.0), "gas": gas(50.0)}
    scen = tiny_scenario(techs, 100.0, fuels=FUEL)
    assert "hydro_inflow" not in build_inputs(scen)
    res = run(scen).dataset.sel(year=2030)
    assert res["generation"].sel(tech="hydro") == pytest.approx(50.0 * H)
    assert "hydro_spill" not in res


def line(price, capacity=100.0, **kw):
    return {"class": "import", "price": price, "extendable": False,
            "existing_capacity": capacity, **kw}


BAND = {"all": {"peak_hours": [8, 22], "peak_min": 0.8, "peak_max": 1.0,
                "offpeak_min": 0.4, "offpeak_max": 0.6}}


def test_import_band_minimum_forces_delivery_at_a_cost():
    # the line costs 300 yuan/MWh, gas 50: without a band the line is idle; with it the line
    # delivers its least: 80 MW for the 14 peak hours, 40 MW for the other 10
    techs = {"line": line(300.0, delivery_band=BAND), "gas": gas(50.0)}
    res = run(tiny_scenario(techs, 200.0, fuels=FUEL)).dataset.sel(year=2030)
    day = 14 * 80.0 + 10 * 40.0
    assert res["generation"].sel(tech="line") == pytest.approx(365 * day)
    hourly = res["dispatch"].sel(tech="line").values
    np.testing.assert_allclose(hourly[8:22], 80.0)
    np.testing.assert_allclose(np.r_[hourly[:8], hourly[22:]], 40.0)
    assert res.attrs["objective"] == pytest.approx(365 * (day * 300 + (200 * 24 - day) * 50))


def test_import_band_maximum_and_season():
    # a cheap line runs at the top of its band; in summer only, the off-peak top is 0.6
    band = {"summer": {"offpeak_max": 0.6}}
    techs = {"line": line(10.0, delivery_band=band), "gas": gas(50.0)}
    res = run(tiny_scenario(techs, 200.0, fuels=FUEL, mode="full_year")).dataset.sel(year=2030)
    summer_offpeak = 92 * 10 * 40.0
    assert res["generation"].sel(tech="line") == pytest.approx(100.0 * H - summer_offpeak)


def test_monthly_contract_shape():
    # 2000 h/yr contracted exactly, all in the first half of the year
    shape = [1.0] * 6 + [0.0] * 6
    techs = {
        "line": line(10.0, contract_monthly_shape=shape, min_full_load_hours=2000.0,
                     max_full_load_hours=2000.0),
        "gas": gas(50.0),
    }
    res = run(tiny_scenario(techs, 200.0, fuels=FUEL, mode="full_year")).dataset.sel(year=2030)
    monthly = res["monthly_output"].sel(tech="line")
    np.testing.assert_allclose(monthly.sel(month=slice(1, 6)), 100.0 * 2000.0 / 6, rtol=1e-9)
    np.testing.assert_allclose(monthly.sel(month=slice(7, 12)), 0.0, atol=1e-6)


def test_monthly_contract_shape_by_month_name():
    # a data set's files give one figure per row: the shape as a mapping jan..dec is the list
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    shape = [float(m) for m in range(1, 13)]
    by_name = dict(zip(reversed(names), reversed(shape), strict=True))
    techs = {"line": line(10.0, contract_monthly_shape=by_name), "gas": gas(50.0)}
    scenario = tiny_scenario(techs, 200.0, fuels=FUEL)
    assert scenario.power.techs["line"].contract_monthly_shape == shape
    short = dict(zip(names[:11], shape[:11], strict=True))
    with pytest.raises(ValueError, match="missing dec"):
        tiny_scenario({"line": line(10.0, contract_monthly_shape=short)}, 200.0, fuels=FUEL)


def test_reservoir_matches_pypsa_storage_unit_with_inflow():
    pypsa = pytest.importorskip("pypsa")
    # months as snapshots in PyPSA (weights = hours of the month); the full year in ours.
    # Inflow 150 MW Apr-Sep, 50 MW otherwise; demand 100 MW; a 100,000 MWh reservoir
    wet = np.array([50.0] * 3 + [150.0] * 6 + [50.0] * 3)
    hours = HOURS_IN_MONTH.astype(float)
    n = pypsa.Network()
    n.set_snapshots(range(12))
    for col in ("objective", "generators", "stores"):
        n.snapshot_weightings[col] = hours
    n.add("Bus", "b")
    n.add("Load", "d", bus="b", p_set=100.0)
    n.add("Generator", "gas", bus="b", p_nom=300.0, marginal_cost=50.0)
    n.add("StorageUnit", "hydro", bus="b", p_nom=100.0, max_hours=1000.0, inflow=wet,
          cyclic_state_of_charge=True)
    status, _ = n.optimize(solver_name="highs", solver_options={"output_flag": False},
                           log_to_console=False, include_objective_constant=False)
    assert status == "ok"
    inflow = float((wet * hours).sum())
    techs = {
        "hydro": hydro(100.0, inflow=inflow, inflow_shape=list(wet * hours),
                       reservoir_capacity=100_000.0),
        "gas": gas(50.0),
    }
    ours = run(tiny_scenario(techs, 100.0, fuels=FUEL, mode="full_year")).dataset
    assert ours.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    theirs_spill = float((n.storage_units_t.spill["hydro"] * hours).sum())
    assert float(ours["hydro_spill"].sum()) == pytest.approx(theirs_spill, rel=1e-6)
    theirs_month = n.storage_units_t.p["hydro"].values * hours
    np.testing.assert_allclose(
        ours["monthly_output"].sel(year=2030, tech="hydro").values.sum(), theirs_month.sum(),
        rtol=1e-6,
    )
