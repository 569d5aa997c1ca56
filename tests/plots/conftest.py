"""A tiny solved system shared by the figure, report and export tests.

Three years (2028-2030), one representative day each: fixed coal with a must-run share, an
import line with an energy limit, extendable gas, solar and a battery, a carbon price and a
CO2 cap that binds in 2030 only.
"""

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

SOLAR = [0] * 6 + [0.3, 0.5, 0.7, 0.8, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3] + [0] * 8
DEMAND = [60] * 8 + [90] * 10 + [100] * 6
CAP_2030 = 1.0e5  # t CO2: below the ~1.3e5 t emitted without a cap, so it binds


def solve_tiny(name: str = "tiny", co2_cap: float | None = CAP_2030):
    """Solve the tiny system (about 1 s) and return its Results."""
    from lowcarbon_sim import run

    return run(make_scenario(name, co2_cap, first_year=2028))


def make_scenario(name: str = "tiny", co2_cap: float | None = CAP_2030, first_year: int = 2030):
    """The tiny system from ``first_year`` to 2030 (2030 alone by default)."""
    from lowcarbon_sim.testing import tiny_scenario

    policy = {"co2_price": {2029: 50.0, 2030: 80.0}}
    if co2_cap is not None:
        policy["co2_cap"] = {2030: co2_cap}
    scenario = tiny_scenario(
        {
            "coal": {
                "class": "dispatchable",
                "fuel": "coal",
                "existing_capacity": 60,
                "extendable": False,
                "min_output": 0.3,
            },
            "gas": {"class": "dispatchable", "fuel": "gas", "capex": 2000, "lifetime": 30},
            "solar": {"class": "variable", "availability": "sol", "capex": 2200, "lifetime": 25},
            "battery": {
                "class": "storage",
                "capex": 0,
                "capex_energy": 650,
                "energy_to_power": 2,
                "lifetime": 15,
                "efficiency_charge": 0.95,
                "efficiency_discharge": 0.95,
            },
            "imp": {
                "class": "import",
                "existing_capacity": 20,
                "extendable": False,
                "price": 250,
                "max_full_load_hours": 4000,
            },
        },
        demand_mw=DEMAND,
        fuels={
            "coal": {"price": 100, "emission_factor": 0.34},
            "gas": {"price": 250, "emission_factor": 0.2},
        },
        profiles={"sol": SOLAR},
        policy=policy,
        overrides={
            "years.first": first_year,
            "years.last_historical": first_year - 1,
            "name": name,
        },
    )
    return scenario


def enrich(ds):
    """A copy of ``ds`` with the variables the sector, hydrogen and CCUS modules add."""
    ds = ds.copy(deep=True)
    years = ds["year"].values
    n = len(years)
    sectors = ["power", "industry", "buildings", "transport"]
    power = ds["emissions"].sel(sector="power").values
    em = np.stack([power, np.full(n, 2e5), np.full(n, 5e4), np.linspace(4e4, 6e4, n)], axis=1)
    ds = ds.drop_vars(["emissions", "total_emissions"]).drop_dims("sector")
    ds = ds.assign_coords(sector=sectors, carrier=["electricity", "coal"])
    ds["emissions"] = (("year", "sector"), em, {"units": "t CO2"})
    ds["total_emissions"] = (("year",), em.sum(axis=1), {"units": "t CO2"})
    ds["final_energy"] = (
        ("year", "sector", "carrier"),
        np.arange(n * 4 * 2, dtype=float).reshape(n, 4, 2) * 1e5,
        {"units": "MWh"},
    )
    captured = np.zeros((n, ds.sizes["tech"]))
    captured[:, 0] = [0.0, 1e4, 3e4]  # coal captures from 2029
    ds["captured_co2"] = (("year", "tech"), captured, {"units": "t CO2"})
    ds["co2_stored"] = (("year",), captured.sum(axis=1), {"units": "t CO2"})
    h2 = np.zeros((n, ds.sizes["tech"]))
    h2[:, 1] = [100.0, 200.0, 400.0]
    ds["hydrogen_production"] = (("year", "tech"), h2, {"units": "t H2"})
    ds = ds.assign_coords(target=["co2_2030", "peak_before_2030", "nonfossil_2030"])
    ds = ds.assign_coords(
        target_unit=("target", ["t CO2", "year", "1"]),
        target_year=("target", [2030, 2030, 2030]),
        target_sense=("target", ["<=", "<", ">="]),
    )
    ds["target_value"] = (("target",), [em[-1].sum(), 2028.0, 0.4], {"units": "(per target)"})
    ds["target_threshold"] = (("target",), [3.0e5, 2030.0, 0.25], {"units": "(per target)"})
    ds["target_met"] = (("target",), [em[-1].sum() <= 3.0e5, True, True], {"units": "1"})
    ds.attrs["peak_year"] = int(years[int(np.argmax(em.sum(axis=1)))])
    return ds


@pytest.fixture(scope="module")
def tiny():
    """The tiny system solved once per test module (Results with model and inputs)."""
    return solve_tiny()


@pytest.fixture(scope="module")
def rich(tiny):
    """The tiny results plus sector emissions, targets, hydrogen and captured CO2."""
    return enrich(tiny.dataset)
