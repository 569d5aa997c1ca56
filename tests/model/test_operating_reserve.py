"""Operating reserve: hand-computed optima of the reserve block.

One decision year of identical days (one representative day weighing 365), costs
undiscounted, so the objective is 365 x the cost of one day. PyPSA has no operating reserve
of its own (PyPSA-Eur adds one as extra constraints), so there is no differential test.
"""

import numpy as np
import pytest
import xarray as xr

from lowcarbon_sim import build_inputs, run
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

DAYS = 365.0
HOURS = 24.0


def _wind(capacity: float) -> dict:
    return {"class": "variable", "availability": "flat", "extendable": False,
            "existing_capacity": capacity}


def _scenario(techs, reserve, demand=100.0):
    over = {} if reserve is None else {"power.operating_reserve": {"enabled": True, **reserve}}
    return tiny_scenario(techs, demand, fuels=FREE_FUEL, profiles={"flat": [1.0] * 24},
                         overrides=over)


def test_reserve_commits_thermal_at_minimum_output():
    # 100 MW demand, 100 MW of free wind, a coal row (300 yuan/MWh, 50 % minimum stable
    # output, 15 % of committed capacity as reserve). Without a requirement coal is off;
    # with 15 MW required coal must keep 100 MW committed (0.15 u >= 15) and so run at
    # least 50 MW: 50 MWh an hour of wind is curtailed.
    techs = {"coal": gen(300.0, 200.0, min_stable_output=0.5, reserve_share=0.15),
             "wind": _wind(100.0)}
    free = run(_scenario(techs, None)).dataset.sel(year=2030)
    assert free.attrs["objective"] == pytest.approx(0.0, abs=1e-6)
    assert "operating_reserve" not in free
    res = run(_scenario(techs, {"contingency": 15.0})).dataset.sel(year=2030)
    assert res.attrs["objective"] == pytest.approx(DAYS * HOURS * 50.0 * 300.0, rel=1e-9)
    np.testing.assert_allclose(res["dispatch"].sel(tech="coal"), 50.0, atol=1e-6)
    np.testing.assert_allclose(res["committed_capacity"].sel(tech="coal"), 100.0, atol=1e-6)
    np.testing.assert_allclose(res["operating_reserve"].sel(tech="coal"), 15.0, atol=1e-6)
    np.testing.assert_allclose(res["operating_reserve_requirement"], 15.0)
    # the reserve price: 1 MW more needs 1/0.15 MW more committed, hence 0.5/0.15 MW more
    # coal output displacing free wind at 300 yuan/MWh
    np.testing.assert_allclose(res["operating_reserve_price"], 0.5 / 0.15 * 300.0, rtol=1e-6)


def test_reserve_shares_load_and_wind_terms():
    # requirement 5 % of 100 MW load + 10 % of wind output + 5 MW; coal is the only holder.
    # With coal output c and wind 100 - c: 0.15 u >= 5 + 0.1 (100 - c) + 5 and c >= 0.5 u.
    # Least coal: c = 0.5 u, 0.15 u = 20 - 0.05 u -> u = 100, c = 50.
    techs = {"coal": gen(300.0, 200.0, min_stable_output=0.5, reserve_share=0.15),
             "wind": _wind(100.0)}
    reserve = {"load_share": 0.05, "variable_share": 0.10, "contingency": 5.0}
    res = run(_scenario(techs, reserve)).dataset.sel(year=2030)
    np.testing.assert_allclose(res["dispatch"].sel(tech="coal"), 50.0, atol=1e-6)
    np.testing.assert_allclose(res["operating_reserve_requirement"], 15.0, atol=1e-6)
    assert res.attrs["objective"] == pytest.approx(DAYS * HOURS * 50.0 * 300.0, rel=1e-9)


def test_storage_and_hydro_headroom_count():
    # A 10 MW battery (4 h) and 20 MW of hydro held at 50 % of availability hold reserve
    # from headroom: the battery's 10 MW (sustained 1 h from its charge: it keeps 10 MWh /
    # 0.9 stored) and hydro's 5 MW (reserve share 0.25 of 20 MW), so coal covers 30 - 15 =
    # 15 MW: u = 100 MW, coal runs 50 MW.
    techs = {
        "coal": gen(300.0, 200.0, min_stable_output=0.5, reserve_share=0.15),
        "wind": _wind(100.0),
        "hydro": {"class": "hydro", "availability": "flat", "extendable": False,
                  "existing_capacity": 20.0, "reserve_share": 0.25,
                  "max_full_load_hours": 0.0},
        "battery": {"class": "storage", "extendable": False, "existing_capacity": 10.0,
                    "energy_to_power": 4.0, "efficiency_charge": 0.9,
                    "efficiency_discharge": 0.9, "reserve_share": 1.0},
    }
    res = run(_scenario(techs, {"contingency": 30.0})).dataset.sel(year=2030)
    held = res["operating_reserve"]
    np.testing.assert_allclose(held.sel(tech="battery"), 10.0, atol=1e-6)
    np.testing.assert_allclose(held.sel(tech="hydro"), 5.0, atol=1e-6)
    np.testing.assert_allclose(held.sel(tech="coal"), 15.0, atol=1e-6)
    np.testing.assert_allclose(res["dispatch"].sel(tech="coal"), 50.0, atol=1e-6)
    assert (res["soc"].sel(tech="battery") >= 10.0 / 0.9 - 1e-6).all()


def test_reserve_not_held_is_shortfall_at_value_of_lost_load():
    # wind has no reserve share: nothing can hold the 10 MW, which is reported as shortfall
    # and priced at the value of lost load (tiny_scenario: 1e5 yuan/MWh)
    res = run(_scenario({"wind": _wind(100.0)}, {"contingency": 10.0})).dataset.sel(year=2030)
    np.testing.assert_allclose(res["operating_reserve_shortfall"], 10.0, atol=1e-6)
    assert res.attrs["objective"] == pytest.approx(DAYS * HOURS * 10.0 * 1e5, rel=1e-9)
    np.testing.assert_allclose(res["operating_reserve"], 0.0)


def test_no_rows_without_a_requirement():
    techs = {"coal": gen(300.0, 200.0, min_stable_output=0.5, reserve_share=0.15)}
    m = build_model(build_inputs(_scenario(techs, None)))
    assert not hasattr(m.operating_reserve, "r")


def test_against_pypsa_eur_reserve_formulation():
    """The same one-day system in PyPSA with PyPSA-Eur's operational reserve added as extra
    constraints (``r + p <= p_max_pu p_nom``, ``sum r >= epsilon_load load + contingency``):
    rows without unit commitment, a reserve share of 1 and no wind-and-solar term, where the
    two formulations are the same. The reserve binds through an extendable peaker built to
    hold headroom at the evening peak."""
    import logging

    pypsa = pytest.importorskip("pypsa")
    logging.getLogger("pypsa").setLevel(logging.ERROR)
    logging.getLogger("linopy").setLevel(logging.ERROR)
    rate, life, capex_kw = 0.05, 20, 300.0
    annuity = rate / (1 - (1 + rate) ** -life)
    demand = np.array([60.0] * 6 + [90.0] * 6 + [120.0] * 6 + [80.0] * 6)
    wind = np.array([0.9] * 6 + [0.5] * 6 + [0.2] * 6 + [0.7] * 6)
    fixed = {"a": (30.0, 60.0), "b": (60.0, 50.0)}  # yuan/MWh, MW
    load_share, contingency = 0.1, 15.0

    n = pypsa.Network()
    n.set_snapshots(range(24))
    n.snapshot_weightings.loc[:, ["objective", "generators"]] = DAYS
    n.add("Bus", "bus")
    n.add("Load", "load", bus="bus", p_set=demand)
    n.add("Generator", "wind", bus="bus", p_nom=100.0, p_max_pu=wind, marginal_cost=0.0)
    for name, (cost, size) in fixed.items():
        n.add("Generator", name, bus="bus", p_nom=size, marginal_cost=cost)
    n.add("Generator", "peak", bus="bus", p_nom_extendable=True, marginal_cost=200.0,
          capital_cost=annuity * capex_kw * 1000)
    n.optimize.create_model(include_objective_constant=False)
    model = n.model
    holders = [*fixed, "peak"]
    p = model["Generator-p"].sel(name=holders)
    r = model.add_variables(lower=0.0, coords=p.coords, name="Generator-r")
    p_nom = xr.DataArray([size for _, size in fixed.values()], coords={"name": list(fixed)})
    model.add_constraints(r.sel(name=list(fixed)) + p.sel(name=list(fixed)) <= p_nom,
                          name="reserve-headroom-fixed")
    peak_nom = model["Generator-p_nom"].sel(name="peak")
    model.add_constraints(r.sel(name="peak") + p.sel(name="peak") - peak_nom <= 0,
                          name="reserve-headroom-extendable")
    required = xr.DataArray(load_share * demand + contingency, coords={"snapshot": n.snapshots})
    model.add_constraints(r.sum("name") >= required, name="reserve-requirement")
    n.optimize.solve_model(solver_name="highs")

    techs = {name: gen(cost, size, reserve_share=1.0) for name, (cost, size) in fixed.items()}
    techs["peak"] = {**gen(200.0, 0.0, reserve_share=1.0), "extendable": True,
                     "capex": capex_kw, "lifetime": life}
    techs["wind"] = {"class": "variable", "availability": "wind", "extendable": False,
                     "existing_capacity": 100.0}
    reserve = {"load_share": load_share, "contingency": contingency}
    res = run(_with_wind(techs, demand, wind, reserve)).dataset.sel(year=2030)
    assert res.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    # at the evening peak a and b run 100 MW and hold 10 MW: the peaker holds the rest
    peak_mw = load_share * 120.0 + contingency - 10.0
    assert float(res["capacity"].sel(tech="peak")) == pytest.approx(peak_mw, abs=1e-4)
    assert float(n.generators.p_nom_opt["peak"]) == pytest.approx(peak_mw, abs=1e-4)
    free = run(_with_wind(techs, demand, wind, None)).dataset.sel(year=2030)
    assert float(res.attrs["objective"] - free.attrs["objective"]) == pytest.approx(
        peak_mw * annuity * capex_kw * 1000, rel=1e-6
    )


def _with_wind(techs, demand, wind, reserve):
    over = {} if reserve is None else {"power.operating_reserve": {"enabled": True, **reserve}}
    return tiny_scenario(techs, list(demand), fuels=FREE_FUEL, profiles={"wind": list(wind)},
                         overrides=over)
