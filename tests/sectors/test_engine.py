"""Hand-computed cases of the shared arithmetic: activity x routes x end uses x fuel mix."""

import numpy as np
import pytest

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.sectors import compute


def one_fuel(**sub):
    return {"industry": {"steel": {"activity_unit": "t", **sub}}}


def test_one_subsector_one_fuel(make):
    # 10 t x 2 MWh/t of coal at 0.3 t CO2/MWh = 20 MWh and 6 t CO2 in every year
    s = make(
        one_fuel(
            activity=10,
            routes={
                "r": {"share": 1, "end_uses": {"heat": {"intensity": 2.0, "shares": {"coal": 1}}}}
            },
        )
    )
    ds = compute(s, [2020, 2021, 2022])
    fe = ds["final_energy"].sel(sector="industry")
    assert fe.sel(carrier="coal").values.tolist() == pytest.approx([20, 20, 20])
    assert fe.sel(carrier="electricity").values.tolist() == pytest.approx([0, 0, 0])
    assert ds["emissions"].sel(sector="industry").values == pytest.approx([6, 6, 6])
    assert ds["electricity_demand"].values == pytest.approx([0, 0, 0])


def test_non_energy_use_counts_energy_but_no_co2(make):
    # 10 t x (2 MWh/t of coal burnt + 1 MWh/t of coal as feedstock) at 0.3 t CO2/MWh:
    # 30 MWh of coal, but only the 20 MWh burnt emit (6 t CO2)
    s = make(
        one_fuel(
            activity=10,
            routes={
                "r": {
                    "share": 1,
                    "end_uses": {
                        "heat": {"intensity": 2.0, "shares": {"coal": 1}},
                        "feedstock": {"intensity": 1.0, "shares": {"coal": 1}, "non_energy": True},
                    },
                }
            },
        )
    )
    ds = compute(s, [2020])
    fe = ds["final_energy"].sel(sector="industry", year=2020)
    assert float(fe.sel(carrier="coal")) == pytest.approx(30.0)
    assert float(ds["emissions"].sel(sector="industry", year=2020)) == pytest.approx(6.0)
    use = ds["end_use_energy"].sel(year=2020, subsector="steel")
    assert float(use.sel(end_use="feedstock")) == pytest.approx(10.0)


def test_end_use_emission_factor_replaces_the_carriers(make):
    # 10 t x 2 MWh/t of coal, basis efficiency 0.8: 25 MWh of coal burnt at the end use's
    # 0.24 t CO2/MWh = 6 t CO2, the CO2 of 20 MWh at the carrier's 0.3; a second end use
    # without the override burns 10 MWh at 0.3 = 3 t
    s = make(
        one_fuel(
            activity=10,
            routes={
                "r": {
                    "share": 1,
                    "end_uses": {
                        "heat": {
                            "intensity": 2.0,
                            "shares": {"coal": 1},
                            "efficiency": {"coal": 0.8},
                            "emission_factors": {"coal": 0.24},
                        },
                        "other": {"intensity": 1.0, "shares": {"coal": 1}},
                    },
                }
            },
        )
    )
    ds = compute(s, [2020])
    fe = ds["final_energy"].sel(sector="industry", year=2020)
    assert float(fe.sel(carrier="coal")) == pytest.approx(35.0)
    assert float(ds["emissions"].sel(sector="industry", year=2020)) == pytest.approx(9.0)
    burnt = ds["combustion_emissions"].sel(sector="industry", year=2020)
    assert float(burnt.sel(carrier="coal")) == pytest.approx(9.0)
    assert float(burnt.sel(carrier="electricity")) == pytest.approx(0.0)


def test_emission_factor_of_unknown_carrier_names_key_path(make):
    with pytest.raises(
        ScenarioError,
        match=r"industry\.steel\.routes\.r\.end_uses\.heat\.emission_factors: "
        r"unknown carrier 'lignite'",
    ):
        make(
            one_fuel(
                activity=1,
                routes={
                    "r": {
                        "share": 1,
                        "end_uses": {
                            "heat": {
                                "intensity": 1,
                                "shares": {"coal": 1},
                                "emission_factors": {"lignite": 0.4},
                            }
                        },
                    }
                },
            )
        )


def test_energy_units_and_balance_share(make):
    # 1 t x 1 tce/t = 8.141 MWh; electricity 25 % (balance coal 75 %)
    s = make(
        one_fuel(
            activity=1,
            routes={
                "r": {
                    "share": 1,
                    "end_uses": {
                        "heat": {
                            "intensity": "1 tce/t",
                            "shares": {"electricity": 0.25},
                            "balance": "coal",
                        }
                    },
                }
            },
        )
    )
    ds = compute(s, [2020])
    fe = ds["final_energy"].sel(sector="industry", year=2020)
    total = 29.3076 / 3.6
    assert float(fe.sel(carrier="electricity")) == pytest.approx(0.25 * total)
    assert float(fe.sel(carrier="coal")) == pytest.approx(0.75 * total)
    assert float(ds["emissions"].sel(sector="industry", year=2020)) == pytest.approx(
        0.75 * total * 0.3
    )


def test_efficiency_heat_pump_lowers_final_energy(make):
    # 100 MWh of heat: half by coal (50 MWh), half by heat pumps with COP 2.5 (20 MWh)
    s = make(
        {
            "buildings": {
                "homes": {
                    "activity": 1,
                    "routes": {
                        "r": {
                            "share": 1,
                            "end_uses": {
                                "space_heating": {
                                    "intensity": 100,
                                    "shares": {"coal": 0.5, "electricity": 0.5},
                                    "efficiency": {"electricity": 2.5},
                                }
                            },
                        }
                    },
                }
            }
        }
    )
    ds = compute(s, [2020])
    fe = ds["final_energy"].sel(sector="buildings", year=2020)
    assert float(fe.sel(carrier="coal")) == pytest.approx(50)
    assert float(fe.sel(carrier="electricity")) == pytest.approx(20)


def test_routes_process_emissions_and_material_ratio(make):
    # 100 t cement, clinker ratio 0.6, 0.5 t CO2/t clinker -> 30 t process CO2;
    # kiln 1 MWh per t clinker (per material) of coal -> 60 MWh, 18 t CO2; grinding 0.1 MWh/t
    s = make(
        {
            "industry": {
                "cement": {
                    "activity": 100,
                    "routes": {
                        "k": {
                            "share": 1,
                            "material_ratio": 0.6,
                            "process_emissions": 0.5,
                            "capturable_share": 0.5,
                            "end_uses": {
                                "kiln": {
                                    "intensity": 1,
                                    "shares": {"coal": 1},
                                    "per_material": True,
                                },
                                "grinding": {"intensity": 0.1, "shares": {"electricity": 1}},
                            },
                        }
                    },
                }
            }
        }
    )
    ds = compute(s, [2020])
    y = {"year": 2020}
    assert float(ds["process_emissions"].sel(sector="industry", **y)) == pytest.approx(30)
    assert float(ds["emissions"].sel(sector="industry", **y)) == pytest.approx(48)
    assert float(ds["capturable_co2"].sel(co2_source="cement", **y)) == pytest.approx(24)
    assert float(ds["end_use_energy"].sel(subsector="cement", end_use="kiln", **y)) == 60
    assert float(ds["electricity_demand"].sel(**y)) == pytest.approx(10)


def test_route_shares_move_and_hydrogen(make):
    # 10 t steel; h2 route share 0 -> 50 % over 2020..2022; h2 route 3 MWh/t of hydrogen
    s = make(
        one_fuel(
            activity=10,
            balance_route="bf",
            routes={
                "bf": {"end_uses": {"p": {"intensity": 5, "shares": {"coal": 1}}}},
                "h2": {
                    "share": {2020: 0.0, 2022: 0.5},
                    "end_uses": {"p": {"intensity": 3, "shares": {"hydrogen": 1}}},
                },
            },
        )
    )
    ds = compute(s, [2020, 2021, 2022])
    coal = ds["final_energy"].sel(sector="industry", carrier="coal").values
    assert coal == pytest.approx([50, 37.5, 25])
    h2_mwh = np.array([0, 7.5, 15])
    assert ds["hydrogen_demand"].values == pytest.approx(h2_mwh / (120 / 3.6))


def test_activity_growth_driver_and_efficiency_gain(make):
    econ = {"gdp_base": 100.0, "gdp_growth": 0.1, "population": 1.0}
    s = make(
        {
            "other": {
                "a": {
                    "activity": 1,
                    "growth": 0.05,
                    "routes": {
                        "r": {
                            "share": 1,
                            "end_uses": {"u": {"intensity": 1, "shares": {"coal": 1}}},
                        }
                    },
                },
                "b": {
                    "activity": 2,
                    "driver": "gdp",
                    "elasticity": 0.5,
                    "efficiency_gain": 0.1,
                    "routes": {
                        "r": {"share": 1, "end_uses": {"u": {"intensity": 1, "shares": {"gas": 1}}}}
                    },
                },
            }
        },
        economy=econ,
    )
    ds = compute(s, [2020, 2021, 2022])
    a = ds["final_energy_subsector"].sel(subsector="a", carrier="coal").values
    b = ds["final_energy_subsector"].sel(subsector="b", carrier="gas").values
    assert a == pytest.approx([1, 1.05, 1.1025])
    assert b == pytest.approx([2, 2 * 1.1**0.5 * 0.9, 2 * 1.1 * 0.81])
    assert ds["gdp"].values == pytest.approx([100, 110, 121])


def test_shares_that_do_not_add_up_are_refused(make):
    s = make(
        one_fuel(
            activity=1,
            routes={
                "r": {
                    "share": 1,
                    "end_uses": {"heat": {"intensity": 1, "shares": {"coal": 0.5, "gas": 0.3}}},
                }
            },
        )
    )
    with pytest.raises(
        ScenarioError,
        match=r"sectors\.industry\.steel\.routes\.r\.end_uses"
        r"\.heat\.shares: shares add up to 0\.8 in 2020",
    ):
        compute(s, [2020])


def test_balance_cannot_go_negative(make):
    s = make(
        one_fuel(
            activity=1,
            routes={
                "r": {
                    "share": 1,
                    "end_uses": {
                        "heat": {
                            "intensity": 1,
                            "shares": {
                                "gas": {2020: 0.5, 2022: 0.6},
                                "electricity": {2020: 0.2, 2022: 0.6},
                            },
                            "balance": "coal",
                        }
                    },
                }
            },
        )
    )
    with pytest.raises(
        ScenarioError,
        match=r"heat\.shares\.coal: the other shares add up "
        r"to 1\.2 in 2022, leaving a negative share for the balance 'coal'",
    ):
        compute(s, [2020, 2022])


def test_unknown_carrier_names_key_path(make):
    with pytest.raises(
        ScenarioError,
        match=r"industry\.steel\.routes\.r\.end_uses\.heat"
        r"\.shares: unknown carrier 'diesel'",
    ):
        make(
            one_fuel(
                activity=1,
                routes={
                    "r": {
                        "share": 1,
                        "end_uses": {"heat": {"intensity": 1, "shares": {"diesel": 1}}},
                    }
                },
            )
        )


def test_activity_unit_label_must_match(make):
    with pytest.raises(ScenarioError, match="activity_unit 't'"):
        make(one_fuel(activity={2020: "5 m2"}))


def coal_use(activity=None, **sub):
    """A subsector burning 1 MWh of coal per unit of activity."""
    route = {"r": {"share": 1, "end_uses": {"u": {"intensity": 1, "shares": {"coal": 1}}}}}
    return {**({"activity": activity} if activity is not None else {}), "routes": route, **sub}


def test_driver_can_be_a_subsector_of_an_earlier_section(make):
    # steel makes 10, 8, 6 t (given); a subsector of `other` following it from an index of
    # 2 in 2020 has 2 x 0.8 = 1.6 and 2 x 0.6 = 1.2 after; elasticity 0.5 takes the square root
    s = make(
        {
            "industry": {"steel": coal_use({2020: 10, 2021: 8, 2022: 6})},
            "other": {
                "works": coal_use(2, driver="steel"),
                "soft": coal_use(1, driver="steel", elasticity=0.5),
            },
        }
    )
    ds = compute(s, [2020, 2021, 2022])
    act = ds["activity"]
    assert act.sel(subsector="works").values == pytest.approx([2, 1.6, 1.2])
    assert act.sel(subsector="soft").values == pytest.approx([1, 0.8**0.5, 0.6**0.5])
    coal = ds["final_energy_subsector"].sel(subsector="works", carrier="coal").values
    assert coal == pytest.approx([2, 1.6, 1.2])


def test_driver_can_be_a_route_of_an_earlier_subsector(make):
    # steel 10 t a year; its route "bf" makes 80 %, 70 %, 60 % of it (8, 7, 6 t): a subsector
    # following "steel.bf" from an index of 1 has 1, 7/8, 6/8
    steel = {
        "activity": 10,
        "routes": {
            "bf": {"share": {2020: 0.8, 2022: 0.6}, "end_uses": {}},
            "eaf": {"share": {2020: 0.2, 2022: 0.4}, "end_uses": {}},
        },
    }
    s = make({"industry": {"steel": steel}, "other": {"gas": coal_use(1, driver="steel.bf")}})
    ds = compute(s, [2020, 2021, 2022])
    assert ds["activity"].sel(subsector="gas").values == pytest.approx([1, 7 / 8, 6 / 8])


@pytest.mark.parametrize(
    ("sectors", "message"),
    [
        (
            {"other": {"works": coal_use(1, driver="stel")}},
            r"other\.works\.driver: 'stel' is neither a macro driver",
        ),
        (  # a later section is computed after: refused rather than silently undefined
            {"industry": {"a": coal_use(1, driver="b")}, "other": {"b": coal_use(1)}},
            r"industry\.a\.driver: 'b' is neither a macro driver .* nor a subsector or "
            r"subsector\.route of an earlier section \(none\)",
        ),
        (  # a subsector named like a macro driver would shadow it for later sections
            {"industry": {"gdp": coal_use(1)}},
            r"industry\.gdp: 'gdp' names a macro driver",
        ),
        (
            {"industry": {"a": coal_use(1)}, "other": {"b": coal_use(1, driver="a.nope")}},
            r"other\.b\.driver: 'a\.nope' is neither .* \(a, a\.r\)",
        ),
    ],
)
def test_unknown_or_later_driver_is_refused_with_its_key(make, sectors, message):
    with pytest.raises(ScenarioError, match=message):
        make(sectors)
