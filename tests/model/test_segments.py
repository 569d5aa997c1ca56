"""Segmented representative days (``time.segments``): time steps of several hours.

The segmentation itself (adjacent hours merged by Ward's criterion, as tsam does), the
bookkeeping of the selection, and the model's use of the step duration wherever energy is
power x time: hand-computed optima of storage, demand shifting and start-ups on days whose
segments are known, and a segmented day against PyPSA with the same snapshot weightings
(``stores`` = hours of the step). One decision year of identical days, costs undiscounted,
so the objective is 365 x the cost of one day.
"""

import logging

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.inputs.timeseries import segment_days, select_timesteps
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

DAYS = 365.0
FUEL = FREE_FUEL


def test_segmentation_is_wards_clustering_of_adjacent_hours():
    sklearn = pytest.importorskip("sklearn.cluster")
    rng = np.random.default_rng(3)
    features = rng.random((5, 24, 3))
    chain = np.eye(24, k=1) + np.eye(24, k=-1)
    for k in (2, 6, 11):
        ours = segment_days(features, k)
        for d in range(5):
            labels = sklearn.AgglomerativeClustering(
                n_clusters=k, linkage="ward", connectivity=chain
            ).fit_predict(features[d])
            runs = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
            assert ours[d].tolist() == np.diff(np.r_[runs, 24]).tolist()


def test_the_peak_demand_hour_stays_a_segment_of_its_own():
    rng = np.random.default_rng(5)
    hours = np.arange(8760)
    load = 100 + 30 * np.sin(hours * 2 * np.pi / 24) + rng.normal(0, 5, 8760)
    peak = 200 * 24 + 9  # a morning spike, away from the daily maximum of the sine
    load[peak] = 400.0
    sun = np.clip(np.sin((hours % 24 - 6) * np.pi / 12), 0, None) * rng.random(365).repeat(24)
    for method in ("clustered", "monthly"):
        for k in (3, 4, 6):
            sel = select_timesteps("representative_days", 16, [load, sun], method=method,
                                   segments=k)
            i = int(np.flatnonzero(sel.hour == peak)[0])  # a step starts at the peak hour
            assert sel.duration[i] == 1.0 and sel.weight[i] == 1.0  # alone, on a kept day
            assert sel.hour.size == sel.n_periods * k
    # a day whose shape is set by the sun: Ward's criterion alone merges the load's peak
    # hour (9) into the daylight run; pinned, it is a run of its own
    day_load = np.full(24, 0.5)
    day_load[9] = 0.6
    day_sun = np.r_[np.zeros(7), np.ones(10), np.zeros(7)]
    features = np.stack([day_load, day_sun], axis=1)[None]
    assert segment_days(features, 3).tolist() == [[7, 10, 7]]
    assert segment_days(features, 3, {0: 9}).tolist() == [[9, 1, 14]]


def test_segmented_selection_bookkeeping():
    rng = np.random.default_rng(1)
    hours = np.arange(8760)
    load = 100 + 30 * np.sin(hours * 2 * np.pi / 24) + rng.normal(0, 5, 8760)
    sun = np.clip(np.sin((hours % 24 - 6) * np.pi / 12), 0, None) * rng.random(365).repeat(24)
    sel = select_timesteps("representative_days", 16, [load, sun], segments=6)
    hourly = select_timesteps("representative_days", 16, [load, sun])
    assert sel.hour.size == 16 * 6
    assert sel.weight.sum() == pytest.approx(8760)
    # the same days as without segments, each cut into 6 runs covering its 24 hours
    np.testing.assert_array_equal(sel.sequence, hourly.sequence)
    np.testing.assert_array_equal(sel.hour.reshape(16, 6)[:, 0], hourly.hour.reshape(16, 24)[:, 0])
    assert (sel.duration.reshape(16, 6).sum(axis=1) == 24).all()
    ends = sel.hour + sel.duration
    assert (ends.reshape(16, 6)[:, :-1] == sel.hour.reshape(16, 6)[:, 1:]).all()
    # weights: days represented x hours covered; a segment carries the mean of its hours
    days = np.bincount(sel.sequence, minlength=16)
    np.testing.assert_allclose(sel.weight, days[sel.period] * sel.duration)
    k = 7
    h0, n = int(sel.hour[k]), int(sel.duration[k])
    assert sel.sample(load)[k] == pytest.approx(load[h0 : h0 + n].mean())
    # both selections carry the days' energy alike
    assert (sel.sample(load) * sel.weight).sum() == pytest.approx(
        (hourly.sample(load) * hourly.weight).sum()
    )


@pytest.mark.parametrize("bad", [0, 25, 2.5, "six"])
def test_bad_number_of_segments_is_refused_with_its_key(bad):
    with pytest.raises(ScenarioError, match=r"time\.segments"):
        tiny_scenario({"g": gen(10.0, 200.0)}, 100.0, fuels=FUEL,
                      overrides={"time.segments": bad})


def _battery(loss: float = 0.0) -> dict:
    return {
        "class": "storage",
        "extendable": False,
        "existing_capacity": 50.0,
        "energy_to_power": 12.0,
        "efficiency_charge": 0.9,
        "efficiency_discharge": 0.9,
        "standing_loss": loss,
    }


def test_storage_on_segments_of_18_h_and_6_h():
    # 18 h at 50 MW, then 6 h at 150 MW: two segments. The battery charges c MW for 18 h
    # (0.9 x 18 c MWh stored) and gives back d = 0.9 x 0.9 x 18 c / 6 = 2.43 c MW for 6 h,
    # at most its 50 MW: c = 50 / 2.43, and the dear plant never runs.
    demand = [50.0] * 18 + [150.0] * 6
    techs = {"cheap": gen(10.0, 100.0), "dear": gen(100.0, 200.0), "battery": _battery()}
    s = tiny_scenario(techs, demand, fuels=FUEL, overrides={"time.segments": 2})
    res = run(s).dataset.sel(year=2030)
    np.testing.assert_array_equal(res["timestep_duration"].values, [18.0, 6.0])
    c = 50.0 / 2.43
    assert res["charge"].sel(tech="battery").values[0] == pytest.approx(c)
    assert res["dispatch"].sel(tech="battery").values[1] == pytest.approx(50.0)
    assert float(res["soc"].sel(tech="battery").max()) == pytest.approx(0.9 * 18 * c)
    assert float(res["generation"].sel(tech="dear")) == pytest.approx(0.0, abs=1e-6)
    day = 10.0 * (18 * (50.0 + c) + 6 * 100.0)
    assert res.attrs["objective"] == pytest.approx(DAYS * day, rel=1e-9)


def test_storage_standing_loss_over_a_segment():
    # 6 h at 50 MW, then 18 h at 150 MW; 1 %/h standing loss. The battery charges its full
    # 50 MW for 6 h (270 MWh), loses 1 - 0.99^18 of it over the 18-h segment and gives back
    # d = 0.9 x 0.99^18 x 270 / 18 MW, so the dear plant supplies 50 - d MW for 18 h.
    demand = [50.0] * 6 + [150.0] * 18
    techs = {"cheap": gen(10.0, 100.0), "dear": gen(100.0, 200.0), "battery": _battery(0.01)}
    s = tiny_scenario(techs, demand, fuels=FUEL, overrides={"time.segments": 2})
    res = run(s).dataset.sel(year=2030)
    np.testing.assert_array_equal(res["timestep_duration"].values, [6.0, 18.0])
    d = 0.9 * 0.99**18 * 270.0 / 18
    assert res["dispatch"].sel(tech="battery").values[1] == pytest.approx(d)
    day = 10.0 * 24 * 100.0 + 100.0 * 18 * (50.0 - d)
    assert res.attrs["objective"] == pytest.approx(DAYS * day, rel=1e-9)


def test_demand_shift_balances_energy_not_power_across_segments():
    # cheap power only in the first 6 h (two segments: 6 h and 18 h). 20 MW moved into the
    # 6-h segment (120 MWh) is 6.67 MW moved out of the 18-h one, not 20 MW.
    techs = {
        "cheap": gen(10.0, 120.0, availability="half"),
        "dear": gen(100.0, 200.0),
        "dsm": {"class": "demand_shift", "extendable": False, "shift_share": 0.2,
                "shift_window": 24.0, "vom": 5.0},
    }
    s = tiny_scenario(techs, 100.0, fuels=FUEL, profiles={"half": [1.0] * 6 + [0.0] * 18},
                      overrides={"time.segments": 2})
    res = run(s).dataset.sel(year=2030)
    np.testing.assert_allclose(res["demand_shift"].sel(tech="dsm").values, [-20.0, 120 / 18])
    day = 120 * 6 * 10 + (100 * 18 - 120) * 100 + 120 * 5
    assert res.attrs["objective"] == pytest.approx(DAYS * day, rel=1e-9)


@pytest.mark.parametrize(
    ("startup_cost", "kept_overnight", "day_cost"),
    [
        (100.0, 60.0, 30 * 12 * 10 + 100 * 12 * 10 + 40 * 100.0),
        (40.0, 0.0, 100 * 12 * 10 + 100 * 40.0),
    ],
)
def test_startups_count_once_a_day_on_segments(startup_cost, kept_overnight, day_cost):
    # tests/model/test_unit_commitment.py's case (12 h at 30 MW with 30 MW of free power,
    # 12 h at 100 MW) on two segments of 12 h: the same optimum, a start-up counted once a
    # day (365 a year), not once per hour of the segment
    demand = [30.0] * 12 + [100.0] * 12
    techs = {
        "base": gen(10.0, 100.0, min_stable_output=0.5, startup_cost=startup_cost),
        "peak": gen(50.0, 100.0),
        "free": {"class": "variable", "availability": "sun", "extendable": False,
                 "existing_capacity": 30.0},
    }
    s = tiny_scenario(techs, demand, fuels=FUEL, profiles={"sun": [1.0] * 12 + [0.0] * 12},
                      overrides={"time.segments": 2})
    res = run(s).dataset.sel(year=2030)
    np.testing.assert_array_equal(res["timestep_duration"].values, [12.0, 12.0])
    assert res.attrs["objective"] == pytest.approx(DAYS * day_cost, rel=1e-9)
    assert float(res["startup_capacity"].sel(tech="base")) == pytest.approx(
        DAYS * (100.0 - kept_overnight)
    )


def test_min_up_time_spans_the_segments_that_start_within_it():
    # a 50 MW peaker must run from noon (12 h at 150 MW, base 100 MW); a minimum up time of
    # 16 h keeps it committed into the night. Hourly: 4 h at its minimum of 25 MW. On two
    # 12-h segments the night segment starts 12 h < 16 h after the noon start-up, so both
    # start-ups are in both windows: u_night >= s_noon >= 50 - u_night, i.e. 25 MW
    # committed and 12.5 MW running all night (the LP relaxation of a cyclic day).
    demand = [50.0] * 12 + [150.0] * 12
    techs = {
        "base": gen(10.0, 100.0),
        "peak": gen(100.0, 50.0, min_stable_output=0.5, min_up_time=16.0),
    }
    day = 10.0 * (50 * 12 + 100 * 12) + 100.0 * 50 * 12
    hourly = run(tiny_scenario(techs, demand, fuels=FUEL)).dataset
    assert hourly.attrs["objective"] == pytest.approx(DAYS * (day + 4 * 25 * 90.0), rel=1e-9)
    s = tiny_scenario(techs, demand, fuels=FUEL, overrides={"time.segments": 2})
    segmented = run(s).dataset
    assert segmented.attrs["objective"] == pytest.approx(DAYS * (day + 12 * 12.5 * 90.0),
                                                         rel=1e-9)


def test_segmented_day_matches_pypsa_with_store_weightings():
    pypsa = pytest.importorskip("pypsa")
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    r = 0.05
    solar = [0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3, 0.1,
             0, 0, 0, 0, 0, 0]
    demand = [60, 55, 52, 50, 50, 55, 65, 75, 80, 85, 88, 90, 90, 88, 86, 85, 88, 95, 100,
              98, 92, 85, 75, 65]
    life = {"gas": 30, "solar": 25, "battery": 15}
    techs = {
        "coal": gen(300.0, 70.0),
        "gas": {"class": "dispatchable", "fuel": "f", "vom": 550.0, "capex": 2000.0,
                "lifetime": life["gas"]},
        "solar": {"class": "variable", "availability": "sun", "capex": 2200.0,
                  "lifetime": life["solar"]},
        "battery": {"class": "storage", "capex": 0.0, "capex_energy": 650.0,
                    "energy_to_power": 2.0, "efficiency_charge": 0.95,
                    "efficiency_discharge": 0.95, "standing_loss": 0.02,
                    "lifetime": life["battery"]},
    }
    s = tiny_scenario(techs, demand, fuels=FUEL, profiles={"sun": solar}, discount_rate=r,
                      load_shedding_cost=1e4, overrides={"time.segments": 6})
    result = run(s)
    ours, inp = result.dataset, result.inputs
    dt = inp["timestep_duration"].values
    assert dt.size == 6 and len(set(dt)) > 1  # the case has segments of different lengths

    def annuity(n: int) -> float:
        return r / (1 - (1 + r) ** -n)

    n = pypsa.Network()
    n.set_snapshots(range(dt.size))
    for column in ("objective", "generators"):
        n.snapshot_weightings.loc[:, column] = inp["timestep_weight"].values
    n.snapshot_weightings.loc[:, "stores"] = dt  # storage moves dt hours per snapshot
    n.add("Bus", "b")
    load = inp["demand"].sel(year=2030).values
    n.add("Load", "d", bus="b", p_set=load)
    n.add("Generator", "shed", bus="b", p_nom=load.max(), marginal_cost=1e4)
    n.add("Generator", "coal", bus="b", p_nom=70.0, marginal_cost=300.0)
    n.add("Generator", "gas", bus="b", p_nom_extendable=True, marginal_cost=550.0,
          capital_cost=annuity(30) * 2000 * 1000)
    n.add("Generator", "solar", bus="b", p_nom_extendable=True,
          capital_cost=annuity(25) * 2200 * 1000,
          p_max_pu=inp["availability"].sel(tech="solar").values)
    n.add("StorageUnit", "battery", bus="b", p_nom_extendable=True,
          capital_cost=annuity(15) * 650 * 2.0 * 1000, max_hours=2.0,
          efficiency_store=0.95, efficiency_dispatch=0.95, standing_loss=0.02,
          cyclic_state_of_charge=True)
    status, _ = n.optimize(solver_name="highs", solver_options={"output_flag": False},
                           log_to_console=False, include_objective_constant=False)
    assert status == "ok"
    assert ours.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    for tech, theirs in (("gas", n.generators.p_nom_opt["gas"]),
                         ("solar", n.generators.p_nom_opt["solar"]),
                         ("battery", n.storage_units.p_nom_opt["battery"])):
        assert float(ours["capacity"].sel(year=2030, tech=tech)) == pytest.approx(
            float(theirs), abs=1e-4, rel=1e-6)
    assert float(ours["capacity"].sel(year=2030, tech="battery")) > 1  # storage is used
