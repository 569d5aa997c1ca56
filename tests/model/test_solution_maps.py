"""The solution's lookup maps: a variable's column and a constraint's rows."""

import numpy as np

from lowcarbon_sim.model.solution import Solution, column_map, row_map


class _Item:
    """Stands for a VarData or ConstraintData: the maps use only its identity."""


def test_row_map_gives_one_number_or_the_rows_in_order():
    a, b, c = _Item(), _Item(), _Item()
    # a ranged row's upper and lower rows follow each other; any repeat is kept in order
    assert row_map([a, b, b, c, a]) == {id(a): [0, 4], id(b): [1, 2], id(c): 3}
    assert row_map([a, b, c]) == {id(a): 0, id(b): 1, id(c): 2}
    assert row_map([]) == {}
    assert column_map([c, a]) == {id(c): 0, id(a): 1}


def test_dual_sums_the_rows_of_a_constraint():
    a, b, c, missing = _Item(), _Item(), _Item(), _Item()

    class _Indexed(dict):
        def values(self):
            return list(super().values())

    sol = Solution(
        "optimal",
        0.0,
        "",
        "",
        _row_of=row_map([a, b, b, c]),
        _duals=np.array([0.0, 1.5, -2.0, 4.0]),
    )
    duals = sol.dual(_Indexed(enumerate([a, b, c, missing])))
    assert duals.tolist() == [0.0, -0.5, 4.0, 0.0]
