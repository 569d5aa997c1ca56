"""Row families assembled from arrays (``lowcarbon_sim.model.matrix``) against Pyomo's compiler.

Each case builds the same small system twice: one model is compiled with the fast path (the
families' arrays), the other through Pyomo's ``LinearStandardFormCompiler`` (every row's
expression built by its rule and walked). The two LPs must be the same to the bit: rows and
their senses, columns, matrix, costs, bounds; and each family's rows on their own, so that a
failure names the family.
"""

from __future__ import annotations

import numpy as np
import pytest

from lowcarbon_sim import build_inputs
from lowcarbon_sim.model.build import build_model
from lowcarbon_sim.model.highs import compile_model
from lowcarbon_sim.model.matrix import MatrixConstraint, MatrixRowData
from lowcarbon_sim.testing import FREE_FUEL, tiny_scenario
from lowcarbon_sim.testing import fixed_generator as gen


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
        "battery": {
            "class": "storage",
            "extendable": True,
            "existing_capacity": 10.0,
            "capex": 1e6,
            "energy_to_power": 4.0,
        },
    }
    demand = [40.0] * 8 + [90.0] * 10 + [60.0] * 6
    sun = [0.0] * 6 + [0.8] * 12 + [0.0] * 6
    s = tiny_scenario(techs, demand, fuels=FREE_FUEL, profiles={"sun": sun}, days=2)
    return build_inputs(s)


@pytest.fixture(scope="module")
def inputs():
    return _system()


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


@pytest.mark.parametrize(
    "family",
    [
        "dispatch.available",
        "commitment.committed_available",
        "commitment.stable",
        "commitment.committed_max",
        "commitment.startup",
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
