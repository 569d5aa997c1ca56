"""The technology-class table: its rows drive the schema, the inputs and the model.

The last test adds a class with a block of its own from this file alone (no other module is
edited), solves a tiny system with it and checks the optimum computed by hand: what
``docs/how-to/add-technology.md`` promises.
"""

from __future__ import annotations

import math
import typing
from typing import Any

import numpy as np
import pyomo.environ as pyo
import pytest

from lowcarbon_sim import run
from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.model.blocks import Block, register_block, unregister_block
from lowcarbon_sim.scenario.schema import TechConfig
from lowcarbon_sim.scenario.types import Unit
from lowcarbon_sim.technology import (
    COMMON_FIELDS,
    TECH_CLASSES,
    TECH_FIELDS,
    TechClass,
    register_tech_class,
    tech_class,
    unregister_tech_class,
)
from lowcarbon_sim.testing import tiny_scenario

H = 8760.0


@pytest.mark.parametrize(
    ("cls", "fuel_carrier", "electricity", "hydrogen"),
    [
        # electricity out per MW of activity; hydrogen (LHV) in or out, for efficiency 0.5
        ("dispatchable", "", 1.0, 0.0),
        ("dispatchable", "hydrogen", 1.0, -2.0),  # a fuel cell burns 1/eta of hydrogen
        ("variable", "", 1.0, 0.0),
        ("hydro", "", 1.0, 0.0),
        ("import", "", 1.0, 0.0),
        ("electrolyser", "", -1.0, 0.5),  # activity is the electricity drawn
        ("hydrogen_supply", "", 0.0, 1.0),  # activity is the hydrogen made
        ("storage", "", 0.0, 0.0),  # the storage block writes its own flows
        ("hydrogen_storage", "", 0.0, 0.0),
    ],
)
def test_balance_coefficients_follow_carriers_and_activity(
    cls, fuel_carrier, electricity, hydrogen
):
    row = tech_class(cls)
    assert row.balance_coefficient("electricity", 0.5, fuel_carrier) == electricity
    assert row.balance_coefficient("hydrogen", 0.5, fuel_carrier) == hydrogen


def test_firm_classes_are_those_that_deliver_electricity():
    firm = {name for name, row in TECH_CLASSES.items() if row.firm}
    # interruptible load relieves the peak as a generator would (counted in peak balances)
    # and CHP units deliver electricity like any thermal plant
    assert firm == {
        "dispatchable", "variable", "hydro", "import", "storage", "interruptible",
        "chp_backpressure", "chp_extraction",
    }


def test_every_field_of_the_table_is_a_schema_field_with_its_unit_and_default():
    schema = TechConfig.model_fields
    for row in TECH_CLASSES.values():
        assert row.allows | row.requires <= set(schema), row.name
    assert COMMON_FIELDS <= set(schema)
    for f in TECH_FIELDS.values():
        info = schema[f.name]
        declared = info.default
        if declared is not None and not isinstance(declared, dict):
            # the schema's default is what the inputs get for an unset field
            assert f.default == pytest.approx(float(declared) * f.factor), f.name
        # the schema declares the unit on the field (quantity) or inside its series type
        assert f.unit in _units(info.annotation, info.metadata), f.name


def _units(annotation, metadata=()) -> set[str]:
    found = {m.unit for m in metadata if isinstance(m, Unit)}
    for arg in typing.get_args(annotation):
        found |= _units(arg, [arg] if isinstance(arg, Unit) else [])
    return found


def test_unknown_class_is_refused_with_the_known_ones():
    with pytest.raises(ScenarioError) as err:
        tiny_scenario({"x": {"class": "nuclear_fusion"}})
    assert "power.techs.x.class" in str(err.value) and "'dispatchable'" in str(err.value)


# --------------------------------------------------------------------------------------
# a new class with its own block, from this file alone


# --8<-- [start:new-class]
class InterruptibleLoadBlock(Block):
    """Demand that consumers give up at a price, within a yearly energy limit.

    Variables :math:`r_{g,y,t} \\ge 0` (MW, at most the contracted capacity); the energy limit
    :math:`\\sum_t w_t r_{g,y,t} \\le h_g K_g` uses the row's ``max_full_load_hours``.
    """

    def __init__(self, capacity, classes, name):
        self.cap, self.classes, self.name = capacity, classes, name

    def add(self, m, b, ix):
        self.ix, self.b = ix, b
        self.techs = ix.techs_of(*self.classes)
        self.weight = ix.array("timestep_weight")
        hours = ix.array("max_full_load_hours")
        b.r = pyo.Var(
            self.techs,
            ix.years,
            ix.timesteps,
            bounds=lambda _b, g, y, t: (0.0, self.cap.existing_capacity(g, y)),
        )
        b.energy = pyo.Constraint(
            self.techs,
            ix.years,
            rule=lambda _b, g, y: sum(float(self.weight[t]) * b.r[g, y, t] for t in ix.timesteps)
            <= float(hours[ix.year_pos[y], ix.tech_pos[g]]) * self.cap.existing_capacity(g, y),
        )

    def electricity(self, b, y, t):
        return sum(b.r[g, y, t] for g in self.techs)

    def cost_terms(self, b, y) -> dict[str, Any]:
        vom = self.ix.array("vom")[self.ix.year_pos[y]]
        return {
            "variable_om": sum(
                float(vom[self.ix.tech_pos[g]] * self.weight[t]) * b.r[g, y, t]
                for g in self.techs
                for t in self.ix.timesteps
            )
        }

    def values(self, sol):
        ix = self.ix
        out = np.zeros((len(ix.years), len(ix.techs), len(ix.timesteps)))
        for g in self.techs:
            keys = [(g, y, t) for y in ix.years for t in ix.timesteps]
            out[:, ix.tech_pos[g], :] = sol.value(self.b.r, keys).reshape(len(ix.years), -1)
        return {"dispatch": out}


@pytest.fixture
def interruptible_class():
    register_tech_class(
        TechClass(
            "interruptible_load",
            block="interruptible",
            carrier_out="electricity",
            carrier_in=None,
            activity="output",
            allows=frozenset({"max_full_load_hours"}),
            requires=frozenset({"max_full_load_hours"}),
            firm=False,
            display_name="Interruptible load",
        )
    )
    register_block("interruptible", InterruptibleLoadBlock)
    yield
    unregister_tech_class("interruptible_load")
    unregister_block("interruptible")


def test_a_new_class_with_its_own_block_meets_the_hand_optimum(interruptible_class):
    fuels = {"f": {"price": 0.0, "emission_factor": 0.0}}
    techs = {
        "cheap": {"class": "dispatchable", "fuel": "f", "extendable": False,
                  "existing_capacity": 60.0, "vom": 20.0},
        "dear": {"class": "dispatchable", "fuel": "f", "extendable": False,
                 "existing_capacity": 100.0, "vom": 500.0},
        "contracts": {"class": "interruptible_load", "extendable": False,
                      "existing_capacity": 50.0, "vom": 300.0, "max_full_load_hours": 4380.0},
    }
    res = run(tiny_scenario(techs, 100.0, fuels=fuels)).dataset
    # 40 MW short of the cheap plant in every hour: interruption (300 yuan/MWh) up to its
    # 4380 h x 50 MW = 219,000 MWh, the dear plant (500 yuan/MWh) for the rest
    interrupted = 4380.0 * 50.0
    expected = H * 60 * 20 + interrupted * 300 + (40 * H - interrupted) * 500
    assert res.attrs["objective"] == pytest.approx(expected, rel=1e-9)
    gen = res["generation"].sel(year=2030)
    assert float(gen.sel(tech="contracts")) == pytest.approx(interrupted, rel=1e-9)
    assert float(gen.sel(tech="dear")) == pytest.approx(40 * H - interrupted, rel=1e-9)
    # its cost is evaluated from the block's own cost terms into the results
    costs = res["annual_cost"].sel(year=2030)
    assert float(costs.sel(cost_component="variable_om")) == pytest.approx(expected, rel=1e-9)
    assert math.isclose(float(res["total_cost"].sel(year=2030)), expected, rel_tol=1e-9)
    # --8<-- [end:new-class]
    # not firm: the table's flag reaches the inputs
    assert "interruptible_load" not in {
        name for name, row in TECH_CLASSES.items() if row.firm
    }
