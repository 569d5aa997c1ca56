"""Representative days: the clustering's bookkeeping, and storage linked across days.

The seasonal case: a run-of-river plant produces 200 MW in the first half of the year and
nothing in the second; demand is a flat 100 MW; backup power costs 1000 yuan/MWh. The
cheapest system fills a seasonal reservoir in the wet half and empties it in the dry half.
Only the linked formulation finds this with a few representative days; it must match the
8760-hour solution.
"""

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.inputs.timeseries import select_timesteps
from lowcarbon_sim.testing import tiny_scenario

WET_DAYS = 182
RIVER = [1.0] * (WET_DAYS * 24) + [0.0] * ((365 - WET_DAYS) * 24)


def seasonal(**time):
    techs = {
        "river": {"class": "variable", "availability": "river", "existing_capacity": 200.0,
                  "extendable": False},
        "backup": {"class": "dispatchable", "fuel": "f", "vom": 1000.0,
                   "existing_capacity": 100.0, "extendable": False},
        "reservoir": {"class": "storage", "capex": 10.0, "capex_energy": 1.0,
                      "energy_to_power": 5000.0, "lifetime": 50},
    }
    overrides = {f"time.{k}": v for k, v in time.items()}
    return tiny_scenario(techs, 100.0, fuels={"f": {"price": 0.0}},
                         profiles={"river": RIVER}, overrides=overrides)


@pytest.fixture(scope="module")
def full_year():
    return run(seasonal(mode="full_year")).dataset


@pytest.mark.slow
def test_linked_days_match_the_full_year(full_year):
    linked = run(seasonal(days=4, method="clustered", storage_linking=True)).dataset
    assert linked.attrs["objective"] == pytest.approx(full_year.attrs["objective"], rel=1e-6)
    for tech in ("reservoir", "backup"):
        assert float(linked["capacity"].sel(year=2030, tech=tech)) == pytest.approx(
            float(full_year["capacity"].sel(year=2030, tech=tech)), rel=1e-6, abs=1e-6)
    # the reservoir is full at the end of the wet season and empty at the end of the dry one
    # (182 wet days store 100 MW x 24 h each; the 183 dry days need one day more: backup)
    level = linked["soc_day"].sel(year=2030, tech="reservoir").values
    stored = 100.0 * 24 * WET_DAYS
    assert level.max() == pytest.approx(stored, rel=1e-6)
    assert level[WET_DAYS] == pytest.approx(stored, rel=1e-6)
    assert float(linked["generation"].sel(year=2030, tech="backup")) == pytest.approx(
        100.0 * 24 * (365 - 2 * WET_DAYS), rel=1e-6)


@pytest.mark.slow
def test_unlinked_days_lose_the_seasonal_shift(full_year):
    unlinked = run(seasonal(days=4, storage_linking=False)).dataset
    assert unlinked.attrs["objective"] > 10 * full_year.attrs["objective"]
    dry_backup = 100.0 * 24 * (365 - WET_DAYS)
    assert float(unlinked["generation"].sel(year=2030, tech="backup")) == pytest.approx(
        dry_backup, rel=1e-6)


@pytest.mark.parametrize("method", ["clustered", "sampled"])
def test_selection_bookkeeping(method):
    rng = np.random.default_rng(1)
    load = 100 + 30 * np.sin(np.arange(8760) * 2 * np.pi / 24) + rng.normal(0, 5, 8760)
    load[5000:5024] += 80  # an extreme day
    sel = select_timesteps("representative_days", 8, [load, rng.random(8760)], method=method)
    assert sel.weight.sum() == pytest.approx(8760)
    assert sel.n_periods == 8
    assert sel.sequence.size == 365
    counts = np.bincount(sel.sequence, minlength=8) * 24
    np.testing.assert_allclose(sel.weight.reshape(8, 24)[:, 0] * 24, counts)
    # every representative day is a real day that it represents itself
    own = sel.hour.reshape(8, 24)[:, 0] // 24
    assert (sel.sequence[own] == np.arange(8)).all()
    if method == "clustered":
        assert 5000 // 24 in own  # the peak day is kept


def _solar_scenario(**time):
    """A flat 100 MW load, solar with a daily bell scaled by a random daily weather factor;
    day 200 is the sunniest (its midday the deepest net-load trough)."""
    rng = np.random.default_rng(3)
    bell = np.clip(np.sin((np.arange(24) - 6) * np.pi / 12), 0, None)
    weather = rng.uniform(0.2, 0.9, 365)
    weather[200] = 1.0
    solar = (weather[:, None] * bell[None, :]).ravel()
    load = 100 + 10 * np.sin(np.arange(8760) * 2 * np.pi / 24)
    techs = {
        "solar": {"class": "variable", "availability": "solar", "capex": 1.0, "lifetime": 25},
        "backup": {"class": "dispatchable", "fuel": "f", "vom": 500.0,
                   "existing_capacity": 150.0, "extendable": False},
    }
    overrides = {f"time.{k}": v for k, v in time.items()}
    return tiny_scenario(techs, list(load), fuels={"f": {"price": 0.0}},
                         profiles={"solar": list(solar)}, overrides=overrides)


def test_net_load_keeps_its_extreme_days_and_is_off_by_default():
    from lowcarbon_sim.inputs.build import build_inputs

    def days_of(scenario):
        hours = build_inputs(scenario)["timestep_hour"].values
        return set((hours[::24] // 24).tolist())

    with_net = days_of(_solar_scenario(days=6, net_load={"solar": 0.5}))
    assert 200 in with_net  # the midday surplus day is a period of its own
    # unset (the default), the selection is the one without the net-load feature
    plain = _solar_scenario(days=6)
    assert plain.time.net_load is None
    assert days_of(plain) == days_of(_solar_scenario(days=6, net_load={}))


def test_net_load_names_a_used_profile():
    from lowcarbon_sim.errors import ScenarioError
    from lowcarbon_sim.inputs.build import build_inputs

    with pytest.raises(ScenarioError, match=r"time\.net_load\.wind"):
        build_inputs(_solar_scenario(days=6, net_load={"wind": 0.2}))
