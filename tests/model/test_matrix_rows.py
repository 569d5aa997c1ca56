"""Row families assembled from arrays (``lowcarbon_sim.model.matrix``) against Pyomo's compiler.

Each case builds the same small system twice: one model is compiled with the fast path (the
families' arrays), the other through Pyomo's ``LinearStandardFormCompiler`` (every row's
expression built by its rule and walked). The two LPs must be the same to the bit: rows and
their senses, columns, matrix, costs, bounds; and each family's rows on their own, so that a
failure names the family.
"""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest

from lowcarbon_sim import build_inputs
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.model.highs import compile_model
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRowData
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen

BATTERY = {
    "class": "storage",
    "extendable": True,
    "existing_capacity": 10.0,
    "capex": 1e6,
    "energy_to_power": 4.0,
}
"""The battery row of the test systems below (extendable, 10 MW existing, 4 h)."""


def _system():
    """Extendable generators with unit commitment, a variable source with a profile,
    storage, and a fixed peaker: every matrix family has rows."""
    techs = {
        "base": {
            **gen(10.0, 60.0, min_stable_output=0.4, startup_cost=50.0),
            "extendable": True,
            "capex": 3e6,
        },
        "peak": gen(50.0, 100.0, min_stable_output=0.3),
        "sun": {
            "class": "variable",
            "availability": "sun",
            "extendable": True,
            "existing_capacity": 30.0,
            "capex": 2e6,
        },
        "battery": dict(BATTERY),
    }
    demand = [40.0] * 8 + [90.0] * 10 + [60.0] * 6
    sun = [0.0] * 6 + [0.8] * 12 + [0.0] * 6
    s = tiny_scenario(techs, demand, fuels=FREE_FUEL, profiles={"sun": sun}, days=2)
    return build_inputs(s)


def _storage_system(**time):
    """A battery and a long-duration store (linked across days with representative days;
    over a full year the storage capacity is copied per time step), both extendable."""
    techs = {
        "peak": gen(50.0, 200.0),
        "sun": {
            "class": "variable",
            "availability": "sun",
            "extendable": False,
            "existing_capacity": 80.0,
        },
        "battery": {**BATTERY, "standing_loss": 0.001},
        "reservoir": {
            "class": "storage",
            "extendable": True,
            "capex": 10.0,
            "capex_energy": 1.0,
            "energy_to_power": 500.0,
            "standing_loss": 0.0001,
        },
    }
    sun = [0.0] * 6 + [0.8] * 12 + [0.0] * 6
    overrides = {f"time.{k}": v for k, v in time.items()}
    s = tiny_scenario(
        techs, 60.0, fuels=FREE_FUEL, profiles={"sun": sun}, days=3, overrides=overrides
    )
    return build_inputs(s)


def _hydro_import_system():
    """Hydro with inflow, ecological flow and run-of-river (one fixed plant, whose output
    is split over months, and one extendable), and an extendable import line with a band."""
    band = {
        "all": {
            "peak_hours": [8, 22],
            "peak_min": 0.8,
            "peak_max": 1.0,
            "offpeak_min": 0.4,
            "offpeak_max": 0.6,
        }
    }
    hydro = {"class": "hydro", "availability": 1.0, "inflow": 300_000.0, "min_flow": 0.2}
    techs = {
        "peak": gen(50.0, 300.0),
        "old_hydro": {**hydro, "extendable": False, "existing_capacity": 80.0},
        "new_hydro": {
            **hydro,
            "extendable": True,
            "existing_capacity": 20.0,
            "capex": 1e6,
            "run_of_river": 0.3,
        },
        "line": {
            "class": "import",
            "price": 100.0,
            "extendable": True,
            "existing_capacity": 50.0,
            "capex": 1e6,
            "delivery_band": band,
        },
    }
    return build_inputs(tiny_scenario(techs, 150.0, fuels=FREE_FUEL, days=3))


def _carriers_system(flexible: bool):
    """Every block that injects into a balance: generators, an electrolyser, hydrogen
    supply, a hydrogen store and a fuel cell (hydrogen balance, flat or flexible delivery),
    a battery, shiftable demand, an extraction CHP and a boiler (heat balance: the CHP's heat
    lowers its electricity), an industrial CO2 source drawing electricity; two years."""
    techs = {
        "coal": gen(50.0, 200.0, fuel="coal", efficiency=0.4),
        "sun": {"class": "variable", "availability": "sun", "capex": 3000.0},
        "ely": {"class": "electrolyser", "efficiency": 0.6, "capex": 2000.0, "lifetime": 20},
        "gasifier": {"class": "hydrogen_supply", "fuel": "coal", "efficiency": 0.6, "vom": 30.0},
        "tank": {
            "class": "hydrogen_storage",
            "energy_to_power": 12.0,
            "capex_energy": 50.0,
            "efficiency_charge": 0.95,
        },
        "fuel_cell": {"class": "dispatchable", "fuel": "h2", "efficiency": 0.5, "capex": 4000.0},
        "battery": dict(BATTERY),
        "dsm": {
            "class": "demand_shift",
            "extendable": False,
            "shift_share": 0.2,
            "shift_window": 12.0,
            "vom": 5.0,
        },
        "chp": {
            "class": "chp_extraction",
            "extendable": False,
            "existing_capacity": 100.0,
            "fuel": "coal",
            "efficiency": 0.5,
            "heat_to_power": 0.8,
            "power_loss_ratio": 0.15,
        },
        "boiler": {
            "class": "heat_boiler",
            "extendable": False,
            "existing_capacity": 500.0,
            "fuel": "coal",
            "efficiency": 0.9,
        },
    }
    fuels = {
        "coal": {"price": 100.0, "emission_factor": 0.34},
        "h2": {"carrier": "hydrogen"},
    }
    over = {
        "years.last": 2031,
        "hydrogen.demand": {2030: 2000.0, 2031: 3000.0},
        "heat.demand": 50.0 * 8760,
        "ccus.sources": {
            "kiln": {
                "capturable": {2030: 1e6, 2031: 9e5},
                "capture_rate": 0.85,
                "capex": 300.0,
                "vom": 50.0,
                "electricity": 0.1,
                "lifetime": 20,
                "build_max": 5e5,
            }
        },
        "ccus.storage": {"steps": {"cheap": {"capacity": 1e8, "cost": 10.0}}},
        "policy.co2_price": 80.0,
    }
    if flexible:
        over["hydrogen.delivery"] = "flexible"
    demand = [40.0] * 8 + [90.0] * 10 + [60.0] * 6
    sun = [0.0] * 6 + [0.8] * 12 + [0.0] * 6
    s = tiny_scenario(
        techs, demand, fuels=fuels, profiles={"sun": sun}, days=2, overrides=over
    )
    return build_inputs(s)


@pytest.fixture(scope="module")
def inputs():
    return _system()


@pytest.fixture(scope="module")
def hydro_import_inputs():
    return _hydro_import_system()


@pytest.fixture(scope="module")
def storage_inputs():
    return _storage_system()


@pytest.fixture(scope="module")
def full_year_inputs():
    return _storage_system(mode="full_year")


@pytest.fixture(scope="module")
def segmented_inputs():
    """Days cut into segments of several hours: durations enter the state-of-charge rows."""
    return _storage_system(segments=4)


def _families(model) -> list[str]:
    return [
        c.name
        for c in model.component_objects(descend_into=True)
        if isinstance(c, MatrixConstraint)
    ]


def _same_lp(fast, generic) -> None:
    assert [(c.name, s) for c, s in fast.rows] == [(c.name, s) for c, s in generic.rows]
    assert [v.name for v in fast.columns] == [v.name for v in generic.columns]
    assert fast.A.shape == generic.A.shape
    for part in ("indptr", "indices", "data"):
        np.testing.assert_array_equal(getattr(fast.A, part), getattr(generic.A, part))
    for part in ("c", "row_lower", "row_upper", "col_lower", "col_upper"):
        np.testing.assert_array_equal(getattr(fast, part), getattr(generic, part))
    assert fast.offset == generic.offset


def test_fast_path_is_the_generic_lp(inputs):
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    families = _families(fast_model)
    assert {"dispatch.available", "commitment.stable", "commitment.startup"} <= set(families)
    fast = compile_model(fast_model, fast=True)
    # the fast path built no row expression: every family row is still without one
    for name in families:
        comp = fast_model.find_component(name)
        assert all(type(d) is MatrixRowData for d in comp.values())
    _same_lp(fast, compile_model(generic_model, fast=False))


def test_hydro_import_fast_path_is_the_generic_lp(hydro_import_inputs):
    fast_model = build_model(hydro_import_inputs)
    generic_model = build_model(hydro_import_inputs)
    expected = {
        "hydro.ror_use",
        "hydro.min_flow",
        "hydro.split_link",
        "import_contracts.band_min",
        "import_contracts.band_max",
    }
    assert expected <= set(_families(fast_model))
    fast = compile_model(fast_model, fast=True)
    generic = compile_model(generic_model, fast=False)
    _same_lp(fast, generic)
    for name in expected:
        idx = [i for i, (c, _) in enumerate(generic.rows) if c.parent_component().name == name]
        assert idx, f"{name} has no rows in the test system"


@pytest.mark.parametrize("system", ["storage_inputs", "full_year_inputs", "segmented_inputs"])
def test_storage_fast_path_is_the_generic_lp(system, request):
    """Storage families, with days linked (representative days) and with the capacity
    copied per time step (full year)."""
    inputs = request.getfixturevalue(system)
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    families = set(_families(fast_model))
    expected = {
        "storage.soc_balance",
        "storage.charge_limit",
        "storage.discharge_limit",
        "storage.energy_limit",
    }
    if system in ("storage_inputs", "segmented_inputs"):
        expected |= {
            "storage.day_balance",
            "storage.day_upper",
            "storage.day_lower",
            "storage.high_bound",
            "storage.low_bound",
        }
    else:
        assert fast_model.find_component("storage.capacity_copy") is not None
    assert expected <= families
    fast = compile_model(fast_model, fast=True)
    for name in families:
        comp = fast_model.find_component(name)
        assert all(type(d) is MatrixRowData for d in comp.values())
    generic = compile_model(generic_model, fast=False)
    _same_lp(fast, generic)
    for name in expected:
        idx = [i for i, (c, _) in enumerate(generic.rows) if c.parent_component().name == name]
        assert idx, f"{name} has no rows in the test system"


@pytest.mark.parametrize(
    "family",
    [
        "dispatch.available",
        "commitment.committed_available",
        "commitment.stable",
        "commitment.committed_max",
        "commitment.startup",
        "storage.soc_balance",
        "storage.charge_limit",
        "storage.discharge_limit",
        "storage.energy_limit",
    ],
)
def test_family_rows(inputs, family):
    """The family's own rows: matrix, senses and right-hand sides."""
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    fast = compile_model(fast_model, fast=True)
    generic = compile_model(generic_model, fast=False)
    cols = [v.name for v in fast.columns]
    assert cols == [v.name for v in generic.columns]

    def part(sf):
        idx = [i for i, (c, _) in enumerate(sf.rows) if c.parent_component().name == family]
        assert idx, f"{family} has no rows in the test system"
        A = sf.A.tocsr()[idx]
        return A.toarray(), sf.row_lower[idx], sf.row_upper[idx], [sf.rows[i][1] for i in idx]

    for a, b in zip(part(fast), part(generic), strict=True):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


BALANCES = ("electricity_balance", "hydrogen_balance", "heat_balance")


@pytest.mark.parametrize("flexible", [False, True], ids=["flat", "flexible"])
def test_balances_fast_path_is_the_generic_lp(flexible):
    """The balances from every block's terms (Block.injection_terms) against their rules,
    with flat and flexible hydrogen delivery; each balance's own rows too."""
    inputs = _carriers_system(flexible)
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    assert set(BALANCES) <= set(_families(fast_model))
    injecting = {"dispatch", "heat", "storage", "hydrogen_storage", "shedding", "ccus",
                 "demand_response"}  # fmt: skip
    for name in injecting:  # every kind of injection is in the system
        assert len(list(fast_model.find_component(name).component_data_objects(pyo.Var)))
    assert len(fast_model.heat.q) and len(fast_model.ccus.capture)
    fast = compile_model(fast_model, fast=True)
    for name in BALANCES:
        assert all(type(d) is MatrixRowData for d in fast_model.find_component(name).values())
    generic = compile_model(generic_model, fast=False)
    _same_lp(fast, generic)
    for name in BALANCES:
        idx = [i for i, (c, _) in enumerate(generic.rows) if c.parent_component().name == name]
        assert len(idx) == len(generic_model.find_component(name))
        fast_a, generic_a = fast.A.tocsr()[idx].toarray(), generic.A.tocsr()[idx].toarray()
        np.testing.assert_array_equal(fast_a, generic_a)
        np.testing.assert_array_equal(fast.row_lower[idx], generic.row_lower[idx])


def test_touched_balance_rows_go_the_generic_way():
    """A balance row read, one deactivated and one replaced: Pyomo's LP; a lazily built
    row is its rule's."""
    inputs = _carriers_system(False)
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    for m in (fast_model, generic_model):
        keys = list(m.electricity_balance.keys())
        assert m.electricity_balance[keys[0]].upper is not None
        m.hydrogen_balance[keys[1]].deactivate()
        row = m.heat_balance[keys[2]]
        row.set_value(row.body >= 1.0)
    _same_lp(compile_model(fast_model, fast=True), compile_model(generic_model, fast=False))
    m = build_model(inputs)
    y, t = next(iter(m.electricity_balance.keys()))
    assert type(m.electricity_balance[y, t]) is MatrixRowData
    blocks = m.lcs_blocks
    want = sum(blk.electricity(getattr(m, blk.name), y, t) for blk in blocks)
    demand = float(inputs["demand"].values[0, t])
    assert str(m.electricity_balance[y, t].expr) == str(want == demand)


def test_touched_rows_go_the_generic_way(inputs):
    """A row read, replaced or deactivated by the user: the LP is what Pyomo compiles."""
    fast_model, generic_model = build_model(inputs), build_model(inputs)
    for m in (fast_model, generic_model):
        avail = m.dispatch.available
        first = next(iter(avail.keys()))
        assert avail[first].upper is not None  # reading builds this row's expression
        startup = m.commitment.startup
        startup[next(iter(startup.keys()))].deactivate()
        stable = m.commitment.stable
        k = list(stable.keys())[1]
        stable[k].set_value(stable[k].body >= 1.0)  # a user's own row in its place
        soc = m.storage.soc_balance
        soc[list(soc.keys())[3]].deactivate()
    assert type(fast_model.dispatch.available[first]) is not MatrixRowData
    _same_lp(compile_model(fast_model, fast=True), compile_model(generic_model, fast=False))


def test_lazy_row_expression_is_the_rule(inputs):
    """A row's expression, built on first access, is what the rule returns."""
    m = build_model(inputs)
    row = m.commitment.committed_max
    key = next(iter(row.keys()))
    assert type(row[key]) is MatrixRowData
    g, y, t = key
    assert str(row[key].expr) == str(
        m.dispatch.p[g, y, t] - m.commitment.u[g, y, t] <= 0
    )


def test_column_bounds_match_pyomo_for_every_kind_of_bound():
    """The direct read of stored bounds gives what ``VarData.bounds`` gives: plain numbers,
    none, the domain's bound (and the tighter of the two), a mutable Param, an infinite
    bound, and a binary-like domain."""
    import pyomo.environ as pyo

    from lowcarbon_sim.model.highs import column_bounds

    m = pyo.ConcreteModel()
    m.p = pyo.Param(mutable=True, initialize=3.0)
    m.a = pyo.Var(bounds=(m.p, None))
    m.b = pyo.Var(domain=pyo.NonNegativeReals, bounds=(-2, 5))
    m.c = pyo.Var(domain=pyo.Reals)
    m.d = pyo.Var(domain=pyo.NonPositiveReals, bounds=(-4.5, 7))
    m.e = pyo.Var(bounds=(1, float("inf")))
    m.f = pyo.Var(domain=pyo.UnitInterval, bounds=(0.25, None))
    m.g = pyo.Var([1, 2], bounds=lambda _m, i: (i, 2 * i))
    cols = [m.a, m.b, m.c, m.d, m.e, m.f, m.g[1], m.g[2]]
    lb, ub = column_bounds(cols)
    want = np.array([v.bounds for v in cols], dtype=float)
    np.testing.assert_array_equal(lb, np.where(np.isnan(want[:, 0]), -np.inf, want[:, 0]))
    np.testing.assert_array_equal(ub, np.where(np.isnan(want[:, 1]), np.inf, want[:, 1]))
    assert list(lb) == [3.0, 0.0, -np.inf, -4.5, 1.0, 0.25, 1.0, 2.0]
    assert list(ub) == [np.inf, 5.0, np.inf, 0.0, np.inf, 1.0, 2.0, 4.0]
    m.p = 4.0  # a mutable bound is read at compile time
    assert column_bounds([m.a])[0][0] == 4.0
