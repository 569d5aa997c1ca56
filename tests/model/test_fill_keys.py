"""fill_keys: the Set Pyomo's initializer makes, without its check of each key."""

import pyomo.core as pyo
import pytest

from lowcarbon_sim.model.index import fill_keys


def test_fill_keys_holds_what_the_initializer_holds():
    keys = [("coal", 2030, 5), ("coal", 2030, 1), ("wind", 2025, 0), ("coal", 2030, 5)]
    m = pyo.ConcreteModel()
    m.A = pyo.Set(initialize=keys, dimen=3, ordered=True)
    m.B = pyo.Set(dimen=3, ordered=True)
    fill_keys(m.B, keys)
    assert list(m.B) == list(m.A) == keys[:3]
    assert m.B.ord(("wind", 2025, 0)) == m.A.ord(("wind", 2025, 0)) == 3
    m.x = pyo.Var(m.B)
    assert [v.index() for v in m.x.values()] == keys[:3]
    assert m.x["coal", 2030, 1] is m.x[("coal", 2030, 1)]


def test_fill_keys_refuses_keys_of_another_length():
    m = pyo.ConcreteModel()
    m.B = pyo.Set(dimen=3, ordered=True)
    with pytest.raises(ValueError, match="tuples of 3"):
        fill_keys(m.B, [("coal", 2030)])
