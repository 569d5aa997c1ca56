"""to_pypsa: the exported network, re-optimised by PyPSA with our capacities fixed, has our
dispatch cost (to 1e-6) and, where the CO2 cap binds, our carbon shadow price."""

import logging
import sys

import numpy as np
import pytest
import yaml

from lowcarbon_sim.errors import DataError
from lowcarbon_sim.export.pypsa import to_pypsa
from lowcarbon_sim.pipeline import run
from lowcarbon_sim.results.core import Results, open_results
from lowcarbon_sim.scenario.load import scenario_to_dict

pypsa = pytest.importorskip("pypsa")
logging.getLogger("pypsa").setLevel(logging.ERROR)
logging.getLogger("linopy").setLevel(logging.ERROR)

#: Our annual cost components that depend on dispatch (the rest is fixed with capacities).
DISPATCH_COSTS = ["variable_om", "fuel", "imports", "carbon", "load_shedding"]


def optimise(n):
    status, _ = n.optimize(
        solver_name="highs",
        solver_options={"output_flag": False},
        log_to_console=False,
        include_objective_constant=False,
    )
    assert status == "ok"
    return n


def test_reoptimised_dispatch_cost_equals_ours(tiny):
    ds = tiny.dataset
    year = 2028
    n = to_pypsa(tiny, year)
    assert set(n.generators.index) == {"coal", "gas", "solar", "imp", "load_shedding"}
    assert list(n.storage_units.index) == ["battery"]
    assert not n.generators["p_nom_extendable"].any()
    np.testing.assert_allclose(
        n.generators.loc[["coal", "solar"], "p_nom"],
        ds["capacity"].sel(year=year, tech=["coal", "solar"]),
    )
    # hand check: coal 100 yuan/MWh fuel + CO2 price x 0.34 t/MWh
    price = float(ds["co2_price"].sel(year=year) - ds["co2_shadow_price"].sel(year=year))
    assert n.generators.at["coal", "marginal_cost"] == pytest.approx(100 + 0.34 * price)
    assert n.generators.at["imp", "e_sum_max"] == pytest.approx(20 * 4000)
    assert n.meta["lowcarbon_sim_not_exported"] == []
    optimise(n)
    ours = float(ds["annual_cost"].sel(year=year, cost_component=DISPATCH_COSTS).sum())
    assert ours > 0
    assert n.objective == pytest.approx(ours, rel=1e-6)
    # the same annual energy from each technology (solar and storage are degenerate-free here)
    for tech in ("coal", "solar"):
        theirs = float((n.generators_t.p[tech] * n.snapshot_weightings.generators).sum())
        assert theirs == pytest.approx(
            float(ds["generation"].sel(year=year, tech=tech)), rel=1e-6, abs=1e-3
        )


def test_cap_is_a_global_constraint_on_our_emission_intensities(tiny):
    ds = tiny.dataset
    n = to_pypsa(tiny, 2030)
    assert n.global_constraints.at["co2_cap", "constant"] == pytest.approx(1.0e5)
    assert "co2_cap" not in to_pypsa(tiny, 2028).global_constraints.index
    optimise(n)

    def emitted(net):
        e = net.carriers["co2_emissions"].reindex(net.generators["carrier"]).to_numpy()
        p = (
            net.generators_t.p[net.generators.index]
            * net.snapshot_weightings.generators.values[:, None]
        )
        return float((p.sum() * e).sum())

    assert emitted(n) == pytest.approx(float(ds["emissions"].sel(year=2030, sector="power")))
    ours = float(ds["annual_cost"].sel(year=2030, cost_component=DISPATCH_COSTS).sum())
    assert n.objective == pytest.approx(ours, rel=1e-6)
    # with capacities fixed the investment already meets the cap; a tighter one binds
    n.global_constraints.at["co2_cap", "constant"] = 0.9e5
    optimise(n)
    assert emitted(n) == pytest.approx(0.9e5, rel=1e-6)
    assert abs(float(n.global_constraints.at["co2_cap", "mu"])) > 0


def test_one_year_inputs_export_has_our_optimum_and_carbon_shadow_price(tiny_system_module):
    """With capacities left open, PyPSA solves our whole one-year problem."""
    from lowcarbon_sim import run

    scenario = tiny_system_module.make_scenario(co2_cap=1.0e5)
    ours = run(scenario)
    n = optimise(to_pypsa(ours.inputs))
    assert n.objective == pytest.approx(ours.dataset.attrs["objective"], rel=1e-6)
    shadow = float(ours.dataset["co2_shadow_price"].sel(year=2030))
    assert shadow > 0
    assert abs(float(n.global_constraints.at["co2_cap", "mu"])) == pytest.approx(shadow, rel=1e-5)
    np.testing.assert_allclose(
        n.generators.loc[["gas", "solar"], "p_nom_opt"],
        ours.dataset["capacity"].sel(year=2030, tech=["gas", "solar"]),
        rtol=1e-5,
        atol=1e-4,
    )


def test_export_from_a_saved_file_with_its_inputs(tiny, tmp_path):
    path = tiny.to_netcdf(tmp_path / "results.nc")
    a, b = to_pypsa(path, 2030, inputs=tiny.inputs), to_pypsa(tiny, 2030)
    for attr in ("p_nom", "marginal_cost"):
        np.testing.assert_allclose(a.generators[attr], b.generators[attr])
    np.testing.assert_allclose(a.generators_t.p_max_pu, b.generators_t.p_max_pu)
    np.testing.assert_allclose(a.snapshot_weightings, b.snapshot_weightings)


def test_export_of_a_saved_file_needs_no_scenario_file(tiny_system_module, tmp_path):
    # the scenario comes from a YAML file that is gone when the export runs: the results
    # file's inputs group is all the export reads (nothing rebuilt, nothing reloaded)
    scenario = tmp_path / "study" / "tiny.yaml"
    scenario.parent.mkdir()
    tree = scenario_to_dict(tiny_system_module.make_scenario(first_year=2028))
    scenario.write_text(yaml.safe_dump(tree))
    results = run(scenario)
    path = results.to_netcdf(tmp_path / "results.nc")
    scenario.rename(tmp_path / "moved.yaml")
    scenario.parent.rmdir()
    saved, live = to_pypsa(path, 2030), to_pypsa(results, 2030)
    assert saved.meta == live.meta
    for attr in ("p_nom", "marginal_cost", "e_sum_max"):
        np.testing.assert_allclose(saved.generators[attr], live.generators[attr])
    np.testing.assert_allclose(saved.generators_t.p_max_pu, live.generators_t.p_max_pu)
    np.testing.assert_allclose(saved.loads_t.p_set, live.loads_t.p_set)
    np.testing.assert_allclose(
        saved.global_constraints["constant"], live.global_constraints["constant"]
    )


def test_inputs_only_export_keeps_capacity_choices_open(tiny):
    inputs = tiny.inputs
    n = to_pypsa(inputs, 2030)
    assert n.meta["lowcarbon_sim_capacities"] == "inputs"
    assert bool(n.generators.at["solar", "p_nom_extendable"])
    assert not n.generators.at["coal", "p_nom_extendable"]
    annuity = float(inputs["annuity_factor"].sel(tech="solar"))
    assert n.generators.at["solar", "capital_cost"] == pytest.approx(annuity * 2200e3)
    battery = float(inputs["annuity_factor"].sel(tech="battery")) * 650e3 * 2
    assert n.storage_units.at["battery", "capital_cost"] == pytest.approx(battery)


def test_errors(tiny, monkeypatch, tmp_path):
    with pytest.raises(DataError, match="year 2040 is not modelled"):
        to_pypsa(tiny, 2040)
    # a results Dataset alone has no inputs: nothing is rebuilt from its scenario_yaml
    with pytest.raises(DataError, match=r"does not carry the model inputs.*pass inputs="):
        to_pypsa(tiny.dataset, 2030)
    # a file written before results files kept the inputs: told so, and what to do
    old = tmp_path / "old.nc"
    Results(tiny.dataset).to_netcdf(old)
    assert open_results(old).inputs is None
    with pytest.raises(DataError, match=r"old\.nc: no model inputs.*run the scenario again"):
        to_pypsa(old, 2030)
    monkeypatch.setitem(sys.modules, "pypsa", None)
    with pytest.raises(DataError, match="pip install pypsa"):
        to_pypsa(tiny, 2030)


def hydrogen_scenario(days: int = 2):
    """Cheap power by day, dear power at night, a fixed hydrogen demand: electrolysers,
    a hydrogen tank, fuel cells and a battery all enter. Two kinds of day (the second with
    a higher evening load), so two representative days."""
    from lowcarbon_sim.testing import tiny_scenario

    sun = [0.0] * 6 + [1.0] * 12 + [0.0] * 6
    low = [100.0] * 24
    high = [100.0] * 18 + [180.0] * 6
    demand = [x for d in range(365) for x in (high if d % 2 else low)]

    def gen(vom, capacity, **kw):
        return {
            "class": "dispatchable",
            "fuel": "f",
            "extendable": False,
            "existing_capacity": capacity,
            "vom": vom,
            **kw,
        }

    techs = {
        "day": gen(10.0, 600.0, availability="sun"),
        "night": gen(1000.0, 300.0),
        "ely": {"class": "electrolyser", "efficiency": 0.6, "capex": 1000.0, "lifetime": 20},
        "tank": {
            "class": "hydrogen_storage",
            "energy_to_power": 12.0,
            "capex_energy": 20.0,
            "vom": 1.0,
            "lifetime": 30,
        },
        "fc": {
            "class": "dispatchable",
            "fuel": "hydrogen",
            "efficiency": 0.5,
            "capex": 2000.0,
            "vom": 5.0,
            "lifetime": 20,
        },
        "battery": {
            "class": "storage",
            "energy_to_power": 4.0,
            "capex_energy": 100.0,
            "capacity_max": 40.0,
            "efficiency_charge": 0.9,
            "efficiency_discharge": 0.9,
            "lifetime": 15,
        },
    }
    fuels = {
        "f": {"price": 0.0, "emission_factor": 0.0},
        "hydrogen": {"carrier": "hydrogen", "fossil": False},
    }
    return tiny_scenario(
        techs,
        demand,
        fuels=fuels,
        profiles={"sun": sun},
        days=days,
        overrides={"hydrogen.demand": 2000.0},
    )


@pytest.fixture(scope="module")
def hydrogen():
    return run(hydrogen_scenario())


def test_hydrogen_chain_exported_as_links_store_and_load(hydrogen):
    ds = hydrogen.dataset
    cap = ds["capacity"].sel(year=2030)
    assert all(float(cap.sel(tech=t)) > 1 for t in ("ely", "tank", "fc", "battery"))
    n = to_pypsa(hydrogen)
    assert set(n.buses.index) == {"electricity", "hydrogen"}
    # the fuel cell draws hydrogen: a Link, not a free generator
    assert "fc" not in n.generators.index
    fc, ely = n.links.loc["fc"], n.links.loc["ely"]
    assert (fc["bus0"], fc["bus1"], fc["efficiency"]) == ("hydrogen", "electricity", 0.5)
    assert fc["p_nom"] == pytest.approx(2 * float(cap.sel(tech="fc")))  # MW of hydrogen
    assert (ely["bus0"], ely["bus1"], ely["efficiency"]) == ("electricity", "hydrogen", 0.6)
    assert n.loads.at["hydrogen_demand", "bus"] == "hydrogen"
    assert n.loads.at["hydrogen_demand", "p_set"] == pytest.approx(2000.0 * 120 / 3.6 / 8760)
    # storage cyclic within each of the two representative days: one copy per day
    assert sorted(n.storage_units.index) == ["battery|0", "battery|1", "tank|0", "tank|1"]
    assert set(n.storage_units.loc[["tank|0", "tank|1"], "bus"]) == {"hydrogen"}
    assert n.meta["lowcarbon_sim_not_exported"] == []
    optimise(n)
    ours = float(ds["annual_cost"].sel(year=2030, cost_component=DISPATCH_COSTS).sum())
    assert n.objective == pytest.approx(ours, rel=1e-6)
    w = n.snapshot_weightings.generators
    fc_out = float((n.links_t.p1["fc"] * -w).sum())
    assert fc_out == pytest.approx(float(ds["generation"].sel(year=2030, tech="fc")), rel=1e-5)


def heat_scenario(co2_cap=None):
    """Power and heat: coal and solar for electricity; a back-pressure CHP (with must-run),
    an extraction CHP, a coal boiler and a heat pump for a flat heat demand of 90 MW. Cheap
    solar by day runs the heat pump; the CHPs and the boiler run at night."""
    from lowcarbon_sim.testing import tiny_scenario

    sun = [0.0] * 6 + [1.0] * 12 + [0.0] * 6

    def fixed(cls, capacity, **kw):
        return {"class": cls, "extendable": False, "existing_capacity": capacity, **kw}

    techs = {
        "coal": fixed("dispatchable", 150.0, fuel="c", efficiency=0.4),
        "solar": fixed("variable", 120.0, availability="sun"),
        "bp": fixed(
            "chp_backpressure", 30.0, fuel="c", efficiency=0.35, heat_to_power=1.2, min_output=0.2
        ),
        "ex": fixed(
            "chp_extraction",
            40.0,
            fuel="c",
            efficiency=0.45,
            heat_to_power=0.8,
            power_loss_ratio=0.15,
        ),
        "boiler": fixed("heat_boiler", 80.0, fuel="c", efficiency=0.85),
        "hp": fixed("heat_pump", 15.0, cop=3.0),
    }
    fuels = {"c": {"price": 100.0, "emission_factor": 0.34}}
    policy = {"co2_price": {2030: 60.0}}
    overrides = {"heat.demand": 90.0 * 8760}
    if co2_cap is not None:
        policy["co2_cap"] = {2030: co2_cap}
        overrides["policy.co2_cap_scope"] = "province"
    return tiny_scenario(
        techs,
        [60.0] * 8 + [110.0] * 10 + [140.0] * 6,
        fuels=fuels,
        profiles={"sun": sun},
        policy=policy,
        overrides=overrides,
    )


@pytest.mark.parametrize("cap", [None, 4.8e5], ids=["price", "binding_cap"])
def test_heat_exported_with_chp_links_and_same_dispatch_cost(cap):
    results = run(heat_scenario(cap))
    ds = results.dataset.sel(year=2030)
    heat = ds["heat_supply"]
    if "timestep" in heat.dims:
        heat = heat.sum("timestep")
    assert all(float(heat.sel(tech=t)) > 1e3 for t in ("bp", "ex", "boiler", "hp"))
    n = to_pypsa(results)
    assert set(n.buses.index) == {"electricity", "heat", "bp|activity", "ex|activity"}
    assert n.loads.at["heat_demand", "bus"] == "heat"
    np.testing.assert_allclose(n.loads_t.p_set["heat_demand"], 90.0)
    # a boiler makes heat from a bought fuel: a generator on the heat bus; a heat pump a link
    assert n.generators.at["boiler", "bus"] == "heat"
    hp = n.links.loc["hp"]
    assert (hp["bus0"], hp["bus1"], hp["efficiency"]) == ("electricity", "heat", 3.0)
    # back-pressure: the activity split at the fixed ratio, 1.2 MW heat per MW electric
    bp = n.links.loc["bp|split"]
    assert (bp["bus1"], bp["efficiency"], bp["bus2"], bp["efficiency2"]) == (
        "electricity",
        1.0,
        "heat",
        pytest.approx(1.2),
    )
    # extraction: condensing output, or (c_b + c_v) Q of activity for Q heat and c_b Q power
    ex = n.links.loc["ex|extraction"]
    assert ex["efficiency"] == pytest.approx(1 / 0.95)
    assert ex["efficiency2"] == pytest.approx(0.8 / 0.95)
    listed = n.meta["lowcarbon_sim_not_exported"]
    if cap is None:  # a power-sector price leaves the boiler out
        assert listed == [
            "CO2 of boiler (a heat-only boiler, outside the power-sector cap and price: "
            "counted in the province's emissions only)"
        ]
    else:
        assert listed == []
        assert float(ds["co2_shadow_price"]) > 0  # the cap binds
    optimise(n)
    ours = float(ds["annual_cost"].sel(cost_component=DISPATCH_COSTS).sum())
    assert n.objective == pytest.approx(ours, rel=1e-6)
    w = n.snapshot_weightings.generators
    theirs = {
        "bp": float((-n.links_t.p2["bp|split"] * w).sum()),
        "ex": float((-n.links_t.p1["ex|extraction"] * w).sum()),
        "boiler": float((n.generators_t.p["boiler"] * w).sum()),
        "hp": float((-n.links_t.p1["hp"] * w).sum()),
    }
    for tech, value in theirs.items():  # the same heat from each (no degenerate ties here)
        assert value == pytest.approx(float(heat.sel(tech=tech)), rel=1e-5), tech


def test_ccus_is_listed_not_exported():
    inputs = open_results_inputs_of_a_heat_case()
    n = to_pypsa(inputs)
    listed = "; ".join(n.meta["lowcarbon_sim_not_exported"])
    assert "CO2 capture" in listed
    assert "heat demand" not in listed and "heat_boiler" not in listed
    assert n.generators.at["boiler", "bus"] == "heat"


def open_results_inputs_of_a_heat_case():
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.testing import tiny_scenario

    techs = {
        "coal": {
            "class": "dispatchable",
            "fuel": "coal",
            "existing_capacity": 200,
            "extendable": False,
            "capture_rate": 0.9,
        },
        "boiler": {"class": "heat_boiler", "fuel": "coal", "existing_capacity": 50},
    }
    fuels = {"coal": {"price": 100.0, "emission_factor": 0.34}}
    s = tiny_scenario(techs, 100.0, fuels=fuels, overrides={"heat.demand": 1.0e5})
    return build_inputs(s)


def test_committed_project_part_year_is_listed_not_exported():
    """A committed project in its first year runs its first_year_share; PyPSA's generator has
    no such thing, so the export says so (the capacity it writes is the whole project)."""
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.testing import FREE_FUEL, fixed_generator, tiny_scenario

    project = {"tech": "g", "capacity": 100.0, "year": 2030, "first_year_share": 0.4}
    s = tiny_scenario({"g": fixed_generator(10.0, 0.0)}, 50.0, fuels=FREE_FUEL,
                      overrides={"power.pipeline.p": project})
    listed = "; ".join(to_pypsa(build_inputs(s)).meta["lowcarbon_sim_not_exported"])
    assert "committed projects (first_year_share) of g" in listed
    whole = tiny_scenario({"g": fixed_generator(10.0, 0.0)}, 50.0, fuels=FREE_FUEL,
                          overrides={"power.pipeline.p": {**project, "first_year_share": 1.0}})
    assert "first_year_share" not in "; ".join(
        to_pypsa(build_inputs(whole)).meta["lowcarbon_sim_not_exported"])


def test_whole_units_export_as_p_nom_mod_and_pypsa_finds_our_milp_optimum():
    """A row with unit_size and no fleet exports as PyPSA's modular expansion (p_nom_mod);
    PyPSA's MILP then has our optimum. A fleet that is not a whole number of units is listed
    as not exported (PyPSA's units are of total capacity)."""
    from lowcarbon_sim import run as run_scenario
    from lowcarbon_sim.inputs import build_inputs
    from lowcarbon_sim.testing import tiny_scenario

    fuels = {"f": {"price": 0.0, "emission_factor": 0.0}}
    dear = {"class": "dispatchable", "fuel": "f", "extendable": False,
            "existing_capacity": 200.0, "vom": 100.0}
    unit = {"class": "dispatchable", "fuel": "f", "capex": 3000.0, "vom": 10.0,
            "lifetime": 20, "unit_size": 60.0}
    ours = run_scenario(tiny_scenario({"dear": dear, "a": unit}, 130.0, fuels=fuels))
    assert "solver_iterations_mip_nodes" in ours.dataset.attrs
    n = to_pypsa(ours.inputs)
    assert float(n.generators.at["a", "p_nom_mod"]) == 60.0
    assert float(n.generators.at["dear", "p_nom_mod"]) == 0.0
    optimise(n)
    assert n.objective == pytest.approx(ours.dataset.attrs["objective"], rel=1e-6)
    assert float(n.generators.at["a", "p_nom_opt"]) == pytest.approx(120.0, abs=1e-6)
    fleet = tiny_scenario({"dear": dear, "a": {**unit, "existing_capacity": 30.0}}, 130.0,
                          fuels=fuels)
    listed = "; ".join(to_pypsa(build_inputs(fleet)).meta["lowcarbon_sim_not_exported"])
    assert "whole units of a" in listed
