"""Conservation on the packaged Hunan sectors, and LMDI exactness."""

import numpy as np
import pytest
import xarray as xr

from lowcarbon_sim.scenario.load import load_scenario
from lowcarbon_sim.sectors import compute
from lowcarbon_sim.sectors.lmdi import FACTORS, lmdi

YEARS = list(range(2020, 2031))


@pytest.fixture(scope="module")
def hunan():
    s = load_scenario(data={"name": "hunan_sectors"})
    return s, compute(s, YEARS)


def test_carriers_sum_to_end_uses(hunan):
    _, ds = hunan
    by_carrier = ds["final_energy_subsector"].sum("carrier")
    by_use = ds["end_use_energy"].sum("end_use")
    np.testing.assert_allclose(by_carrier.values, by_use.values, rtol=1e-12, atol=1e-6)


def test_sectors_sum_subsectors_and_electricity_is_the_demand(hunan):
    _, ds = hunan
    grouped = ds["final_energy_subsector"].groupby(ds["subsector_sector"]).sum()
    grouped = grouped.rename(subsector_sector="sector").reindex(
        sector=ds["sector"].values, fill_value=0.0
    )
    np.testing.assert_allclose(
        grouped.transpose(*ds["final_energy"].dims).values, ds["final_energy"].values, rtol=1e-12
    )
    elec = ds["final_energy"].sel(carrier="electricity").sum("sector")
    np.testing.assert_allclose(elec.values, ds["electricity_demand"].values, rtol=1e-12)
    np.testing.assert_allclose(
        ds["emissions_subsector"].sum("subsector").values,
        ds["emissions"].sum("sector").values,
        rtol=1e-12,
    )


def test_history_matches_the_consumption_statistics(hunan):
    s, ds = hunan
    stats = s.demand.electricity
    for y in range(2020, 2025):
        assert float(ds["electricity_demand"].sel(year=y)) == pytest.approx(stats[y], rel=1e-9)
    # and the bottom-up model needs only a small statistical difference to get there
    diff = ds["final_energy_subsector"].sel(
        subsector="electricity_statistical_difference", carrier="electricity"
    )
    assert np.all(
        np.abs(diff.sel(year=slice(2020, 2024)).values)
        < 0.05 * ds["electricity_demand"].sel(year=slice(2020, 2024)).values
    )


def _fake_results(seed: int) -> xr.Dataset:
    rng = np.random.default_rng(seed)
    years, sectors, carriers = (
        [2020, 2030],
        ["power", "industry", "buildings"],
        ["coal", "gas", "electricity"],
    )
    fe = rng.uniform(1, 100, (2, 3, 3))
    fe[:, 0, :2] = 0.0  # the power sector only has its own electricity use
    fe[0, 2, 1] = 0.0  # a carrier that appears only later (zero in the first year)
    ef = np.array([[0.34, 0.2, 0.0]] * 2)
    direct = (fe * ef[:, None, :]).sum(axis=2)
    proc = np.zeros((2, 3))
    proc[:, 1] = rng.uniform(5, 20, 2)
    power = rng.uniform(10, 50, 2)
    emissions = direct + proc
    emissions[:, 0] = power
    ds = xr.Dataset(coords={"year": years, "sector": sectors, "carrier": carriers})
    ds["final_energy"] = (("year", "sector", "carrier"), fe)
    ds["carrier_emission_factor"] = (("year", "carrier"), ef)
    ds["process_emissions"] = (("year", "sector"), proc)
    ds["emissions"] = (("year", "sector"), emissions)
    ds["total_emissions"] = ("year", emissions.sum(axis=1))
    ds["gdp"] = ("year", rng.uniform(1e12, 2e12, 2))
    ds["population"] = ("year", rng.uniform(6e7, 7e7, 2))
    return ds


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lmdi_effects_sum_exactly_to_the_change(seed):
    ds = _fake_results(seed)
    d = lmdi(ds, 2020, 2030)
    assert list(d["factor"].values) == list(FACTORS)
    change = float(ds["total_emissions"].sel(year=2030) - ds["total_emissions"].sel(year=2020))
    assert float(d["effect"].sum() + d["unallocated_change"]) == pytest.approx(change, abs=1e-6)
    assert float(d["unallocated_change"]) == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(d["effect"].sum("factor").values, d["change"].values, atol=1e-6)


def test_lmdi_pure_population_growth():
    # everything per capita fixed, population x1.5: the whole change is the population effect
    ds = _fake_results(0)
    one = ds.sel(year=[2020])
    later = one.copy(deep=True).assign_coords(year=[2030])
    for name in (
        "final_energy",
        "process_emissions",
        "emissions",
        "total_emissions",
        "gdp",
        "population",
    ):
        later[name] = later[name] * 1.5
    ds = xr.concat([one, later], dim="year")
    d = lmdi(ds, 2020, 2030)
    total = float(one["total_emissions"].squeeze())
    assert float(d["effect"].sel(factor="population").sum()) == pytest.approx(0.5 * total)
    other = d["effect"].drop_sel(factor="population")
    assert np.abs(other.values).max() < 1e-6


def test_lmdi_uses_the_sectors_own_co2_per_mwh():
    # industry burns its coal at 0.25 t CO2/MWh (an end-use factor), not the carrier's 0.34:
    # with combustion_emissions the effects still add up to the change of total_emissions
    ds = _fake_results(1)
    fe = ds["final_energy"].values
    ef = np.broadcast_to(ds["carrier_emission_factor"].values[:, None, :], fe.shape).copy()
    ef[:, 1, 0] = 0.25
    burnt = fe * ef
    burnt[:, 0, :] = 0.0
    emissions = ds["emissions"].values.copy()
    emissions[:, 1:] = burnt[:, 1:].sum(axis=2) + ds["process_emissions"].values[:, 1:]
    ds["combustion_emissions"] = (("year", "sector", "carrier"), burnt)
    ds["emissions"] = (("year", "sector"), emissions)
    ds["total_emissions"] = ("year", emissions.sum(axis=1))
    d = lmdi(ds, 2020, 2030)
    assert float(d["unallocated_change"]) == pytest.approx(0.0, abs=1e-6)
    # industry's change: its own CO2 plus its share of the power sector's (electricity use)
    share = fe[:, 1, 2] / fe[:, :, 2].sum(axis=1)
    own = emissions[:, 1] + share * emissions[:, 0]
    assert float(d["change"].sel(sector="industry")) == pytest.approx(own[1] - own[0])
