"""Heat and CHP (model/blocks/heat.py): hand-computed optima and a differential test against
PyPSA (CHP as a Link with two outputs, boilers as Links, a fuel bus).

One decision year, costs undiscounted, 8760 h/yr; flat demands, so every hour is alike.
"""

import logging

import numpy as np
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.inputs import build_inputs
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0
FUEL = {"f": {"price": 100.0, "emission_factor": 0.0}, "c": {"price": 100.0,
                                                         "emission_factor": 0.34}}


def fixed(cls, capacity, **kw):
    return {"class": cls, "extendable": False, "existing_capacity": capacity, **kw}


def grid(marginal, capacity=500.0):
    """An electricity generator at a given marginal cost, yuan/MWh."""
    return fixed("dispatchable", capacity, fuel="free", vom=marginal)


FUELS = {**FUEL, "free": {"price": 0.0, "emission_factor": 0.0}}


def solve(techs, heat_mw, demand_mw=100.0, **kw):
    s = tiny_scenario(
        techs, demand_mw, fuels=FUELS, overrides={"heat.demand": heat_mw * H}, **kw
    )
    return run(s).dataset.sel(year=2030)


def boiler(capacity=500.0, eff=0.9, fuel="f"):
    return fixed("heat_boiler", capacity, fuel=fuel, efficiency=eff)


def test_backpressure_chp_and_boiler():
    # CHP: 250 yuan per MWh electricity (100 / 0.4) with 1.5 MWh heat; grid + boiler for the
    # same would cost 300 + 1.5 x 111.1: the CHP runs flat out, the boiler tops up the heat
    techs = {
        "chp": fixed("chp_backpressure", 60.0, fuel="f", efficiency=0.4, heat_to_power=1.5),
        "boiler": boiler(),
        "grid": grid(300.0),
    }
    res = solve(techs, heat_mw=150.0)
    heat = res["heat_supply"]
    assert float(res["generation"].sel(tech="chp")) == pytest.approx(60 * H)
    assert float(heat.sel(tech="chp")) == pytest.approx(1.5 * 60 * H)
    assert float(heat.sel(tech="boiler")) == pytest.approx(60 * H)
    assert float(res["generation"].sel(tech="grid")) == pytest.approx(40 * H)
    assert float(res["fuel_use"].sel(tech="chp")) == pytest.approx(60 / 0.4 * H)
    np.testing.assert_allclose(res["heat_price"], 100 / 0.9, rtol=1e-9)
    np.testing.assert_allclose(res["electricity_price"], 300.0, rtol=1e-9)
    assert res.attrs["objective"] == pytest.approx(H * (60 * 250 + 40 * 300 + 60 * 100 / 0.9))
    assert float(res["heat_demand"]) == pytest.approx(150 * H)


def test_backpressure_chp_limited_by_heat_has_negative_heat_price():
    # heat demand 60 MW: the CHP runs at 40 MW electric; one more MWh of heat lets it run
    # 1/1.5 MWh more and saves (300 - 250) / 1.5 yuan of grid power
    techs = {
        "chp": fixed("chp_backpressure", 60.0, fuel="f", efficiency=0.4, heat_to_power=1.5),
        "boiler": boiler(),
        "grid": grid(300.0),
    }
    res = solve(techs, heat_mw=60.0)
    assert float(res["generation"].sel(tech="chp")) == pytest.approx(40 * H)
    assert float(res["heat_supply"].sel(tech="boiler")) == pytest.approx(0.0, abs=1e-6)
    np.testing.assert_allclose(res["heat_price"], -50 / 1.5, rtol=1e-9)


def test_extraction_chp_in_pq_region():
    # condensing output a <= 100 MW at 200 yuan/MWh (100 / 0.5); heat Q costs c_v = 0.15 MWh
    # of grid power (45 yuan) < boiler (111.1): extract up to the back-pressure line
    # Q <= a / (c_b + c_v) = 100 / 0.95, then the boiler
    techs = {
        "chp": fixed("chp_extraction", 100.0, fuel="f", efficiency=0.5, heat_to_power=0.8,
                     power_loss_ratio=0.15),
        "boiler": boiler(),
        "grid": grid(300.0),
    }
    res = solve(techs, heat_mw=150.0)
    q = 100 / 0.95
    p = 100 - 0.15 * q
    assert float(res["heat_supply"].sel(tech="chp")) == pytest.approx(q * H)
    assert float(res["generation"].sel(tech="chp")) == pytest.approx(p * H)
    assert p == pytest.approx(0.8 * q)  # on the back-pressure line
    assert float(res["fuel_use"].sel(tech="chp")) == pytest.approx(100 / 0.5 * H)
    assert float(res["heat_supply"].sel(tech="boiler")) == pytest.approx((150 - q) * H)
    assert float(res["generation"].sel(tech="grid")) == pytest.approx((100 - p) * H)
    np.testing.assert_allclose(res["heat_price"], 100 / 0.9, rtol=1e-9)
    assert res.attrs["objective"] == pytest.approx(
        H * (100 * 200 + (100 - p) * 300 + (150 - q) * 100 / 0.9)
    )

    # less heat: interior of the region, the heat price is the lost power c_v x 300
    res = solve(techs, heat_mw=50.0)
    assert float(res["heat_supply"].sel(tech="chp")) == pytest.approx(50 * H)
    assert float(res["generation"].sel(tech="chp")) == pytest.approx((100 - 7.5) * H)
    np.testing.assert_allclose(res["heat_price"], 0.15 * 300, rtol=1e-9)


@pytest.mark.parametrize(
    ("power_cost", "hp_heat"),
    [(50.0, 60.0), (400.0, 0.0)],  # heat from the pump: 50/3 or 400/3 yuan/MWh vs 111.1
)
def test_heat_pump_vs_boiler_merit_order(power_cost, hp_heat):
    techs = {
        "hp": fixed("heat_pump", 20.0, cop=3.0),
        "boiler": boiler(),
        "grid": grid(power_cost),
    }
    res = solve(techs, heat_mw=100.0)
    assert float(res["heat_supply"].sel(tech="hp")) == pytest.approx(hp_heat * H, abs=1e-3)
    assert float(res["heat_supply"].sel(tech="boiler")) == pytest.approx(
        (100 - hp_heat) * H, abs=1e-3
    )
    assert float(res["generation"].sel(tech="grid")) == pytest.approx(
        (100 + hp_heat / 3) * H, abs=1e-3
    )
    # the boiler is the marginal heat supplier in both cases
    np.testing.assert_allclose(res["heat_price"], 100 / 0.9, rtol=1e-9)


def test_heat_emissions_sector_and_power_scope_cap():
    # coal boiler: 100 MW heat at 0.9 -> 0.34 / 0.9 t/MWh; CHP's CO2 split by energy
    techs = {
        "chp": fixed("chp_backpressure", 50.0, fuel="c", efficiency=0.4, heat_to_power=1.0),
        "boiler": boiler(fuel="c"),
        "grid": grid(300.0),
    }
    res = solve(techs, heat_mw=100.0)
    chp_co2 = 50 / 0.4 * 0.34 * H
    boiler_co2 = 50 / 0.9 * 0.34 * H
    em = res["emissions"]
    assert float(em.sel(sector="heat")) == pytest.approx(boiler_co2 + chp_co2 / 2)
    assert float(em.sel(sector="power")) == pytest.approx(chp_co2 / 2)
    # a power-scope cap binds the CHP (a power plant) but not the heat-only boiler
    capped = solve(techs, heat_mw=100.0, policy={"co2_cap": 0.0})
    assert float(capped["generation"].sel(tech="chp")) == pytest.approx(0.0, abs=1e-3)
    assert float(capped["heat_supply"].sel(tech="boiler")) == pytest.approx(100 * H)


def test_heat_is_off_without_heat():
    s = tiny_scenario({"grid": grid(10.0)}, 100.0, fuels=FUELS)
    m = build_model(build_inputs(s))
    assert not hasattr(m, "heat_balance")
    res = run(s).dataset
    assert "heat" not in res["sector"].values
    assert "heat_price" not in res


# --- differential test against PyPSA -------------------------------------------------------

pypsa = pytest.importorskip("pypsa")
logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)


@pytest.mark.parametrize("heat_mw", [30.0, 80.0, 150.0])
def test_backpressure_chp_vs_pypsa(heat_mw):
    """Back-pressure CHP (a Link fuel -> electricity + heat with efficiency and efficiency2),
    a gas boiler (Link fuel -> heat) and a heat pump (Link electricity -> heat), a daily
    electricity demand shape, a flat heat demand, one day weighted 365."""
    demand = [80.0] * 8 + [120.0] * 12 + [90.0] * 4
    eta, cb, cop = 0.4, 1.2, 2.5
    n = pypsa.Network()
    n.set_snapshots(range(24))
    n.snapshot_weightings.loc[:, :] = 365.0
    for bus in ("el", "heat", "fuel"):
        n.add("Bus", bus, carrier=bus)
    n.add("Load", "d", bus="el", p_set=np.asarray(demand))
    n.add("Load", "h", bus="heat", p_set=heat_mw)
    n.add("Generator", "fuel", bus="fuel", p_nom=1e5, marginal_cost=100.0)
    n.add("Generator", "grid", bus="el", p_nom=500.0, marginal_cost=230.0)
    n.add("Generator", "peaker", bus="el", p_nom=500.0, marginal_cost=330.0)
    # PyPSA's Link capacity is on its input (bus0): fuel for the CHP, electricity for the pump
    n.add("Link", "chp", bus0="fuel", bus1="el", bus2="heat", efficiency=eta,
          efficiency2=cb * eta, p_nom=60.0 / eta)
    n.add("Link", "boiler", bus0="fuel", bus1="heat", efficiency=0.9, p_nom=500.0 / 0.9)
    n.add("Link", "hp", bus0="el", bus1="heat", efficiency=cop, p_nom=10.0)
    status, _ = n.optimize(solver_name="highs", solver_options={"output_flag": False},
                           log_to_console=False, include_objective_constant=False)
    assert status == "ok"

    techs = {
        "chp": fixed("chp_backpressure", 60.0, fuel="f", efficiency=eta, heat_to_power=cb),
        "boiler": boiler(),
        "hp": fixed("heat_pump", 10.0, cop=cop),
        "grid": grid(230.0),
        "peaker": grid(330.0),
    }
    ours = solve(techs, heat_mw, demand_mw=demand, load_shedding_cost=1e5)
    assert ours.attrs["objective"] == pytest.approx(n.objective, rel=1e-6)
    w = 365.0
    chp_el = float((n.links_t.p1["chp"] * -w).sum())
    assert float(ours["generation"].sel(tech="chp")) == pytest.approx(chp_el, rel=1e-6, abs=1e-3)
    for link in ("boiler", "hp"):
        theirs = float((n.links_t.p1[link] * -w).sum())
        assert float(ours["heat_supply"].sel(tech=link)) == pytest.approx(
            theirs, rel=1e-6, abs=1e-3
        )
    # the heat price is the dual of the heat bus balance in both (per MWh)
    theirs_price = n.buses_t.marginal_price["heat"].values
    np.testing.assert_allclose(ours["heat_price"].values, theirs_price, rtol=1e-6, atol=1e-6)
