"""Constraint families that the hand-over to HiGHS assembles from arrays.

A :class:`MatrixConstraint` is an ordinary indexed Pyomo ``Constraint`` (same rule, same
index, same name; users read, deactivate or replace its rows as with any other), with two
differences:

- its rows' expressions are built from the rule only when something asks for one (``expr``,
  ``body``, ``lower``, ``upper``, a Pyomo writer, ``set_value``): the rows exist, their
  expressions wait;
- it carries a function returning the family's rows as arrays (:class:`MatrixRows`: the
  bounds of each row and its terms as variable positions and coefficients, computed from the
  block's own index arrays). :func:`lowcarbon_sim.model.highs.compile_model` takes the rows of
  a family from these arrays as long as none of its rows was touched (asked for its
  expression, deactivated, given a new one); otherwise the family goes through Pyomo's
  compiler like any other constraint.

The arrays must describe exactly the rows the rule builds: ``tests/model/test_matrix_rows.py``
compares both for every family on small systems (the same matrix, bounds and columns, to
the bit).

Depends on nothing of the package: blocks import it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary
from weakref import ref as weakref_ref

import numpy as np
from pyomo.core.base.constraint import ConstraintData, IndexedConstraint
from pyomo.core.expr.numeric_expr import LinearExpression, MonomialTermExpression

__all__ = [
    "MatrixConstraint",
    "MatrixRowData",
    "MatrixRows",
    "RowsBuilder",
    "Terms",
    "linear_sum",
    "linear_terms",
    "positions",
]


@dataclass
class Terms:
    """Terms of one variable component in a family's rows: ``coef[k] * var[key k]`` in row
    ``row[k]``, where key k is the ``pos[k]``-th index of ``var`` (in its index order)."""

    var: object  # an indexed pyomo Var
    row: np.ndarray  # int, row position in the family (its index order)
    pos: np.ndarray  # int, position of the variable in var's index order
    coef: np.ndarray  # float


@dataclass
class MatrixRows:
    """A family's rows as arrays: ``lower <= sum of terms <= upper`` per row, in the order
    of the family's index.

    The bounds are those of the rule's rows with the constant of the body moved over
    (``-inf``/``inf``: no bound; equal: an equality row). ``terms`` come in the order the
    rule's expression meets the variables (the compiler numbers columns of variable
    components in the order it first meets them).
    """

    lower: np.ndarray
    upper: np.ndarray
    terms: list[Terms] = field(default_factory=list)


def linear_sum(coefs: Iterable[float], variables: Iterable) -> Any:
    """``sum(c * v for c, v in zip(coefs, variables))`` for Python float coefficients and
    Pyomo variables, built directly: the same expression Pyomo's operators build (a
    ``LinearExpression`` of the terms in their order, ``1.0 * v`` as ``v`` itself, a zero
    coefficient kept as a term; one term on its own, none as 0) without a new expression
    object per ``+`` (a third of the time for the year-long cost sums)."""
    args = [
        v if c == 1 else MonomialTermExpression((c, v))
        for c, v in zip(coefs, variables, strict=True)
    ]
    if len(args) > 1:
        return LinearExpression(args)
    return args[0] if args else 0


#: positions() of each variable component, with its size then (several families of a block
#: look up the same component: 41 of 61 tables of the default model were repeats)
_POSITIONS: WeakKeyDictionary = WeakKeyDictionary()


def positions(var) -> dict:
    """Index -> position in the index order of the indexed Pyomo ``var`` (kept while the
    component keeps its size; do not change the returned dict)."""
    size, pos = _POSITIONS.get(var, (-1, None))
    if size != len(var) or pos is None:
        pos = {k: i for i, k in enumerate(var.keys())}
        _POSITIONS[var] = (len(var), pos)
    return pos


def linear_terms(expr) -> tuple[float, list[tuple[object, float]]]:
    """``(constant, [(variable, coefficient), ...])`` of a linear Pyomo expression or a
    number, as Pyomo's compiler sees it (for small shared expressions such as a capacity)."""
    if isinstance(expr, (int, float)):
        return float(expr), []
    from pyomo.repn.linear import LinearRepnVisitor
    from pyomo.repn.util import VarRecorder

    var_map: dict = {}
    repn = LinearRepnVisitor({}, var_recorder=VarRecorder(var_map, None)).walk_expression(expr)
    return repn.constant, [(var_map[i], c) for i, c in repn.linear.items()]


class RowsBuilder:
    """Collects a family's terms chunk by chunk (in the order the rule meets them) and
    returns its :class:`MatrixRows`.

    ``n`` rows; :attr:`constant` is each row's body constant (moved into the bounds by
    :meth:`rows`)."""

    def __init__(self, n: int):
        self.n = n
        self.constant = np.zeros(n)
        self._terms: list[Terms] = []
        self._pos: dict[int, dict] = {}

    def _positions(self, var) -> dict:
        if id(var) not in self._pos:
            self._pos[id(var)] = positions(var)
        return self._pos[id(var)]

    def add(self, var, rows, keys, coef) -> None:
        """Terms ``coef[k] * var[keys[k]]`` in rows ``rows[k]`` (``coef`` a number or one per
        key)."""
        pos = self._positions(var)
        idx = np.fromiter(map(pos.__getitem__, keys), np.int64)  # no generator frame: 2x
        rows = np.asarray(rows, np.int64)
        coef = np.broadcast_to(np.asarray(coef, float), rows.shape).copy()
        self._terms.append(Terms(var, rows, idx, coef))

    def add_expressions(self, rows, exprs, scale, sign: float = 1.0) -> None:
        """Terms of ``sign * (scale[k] * exprs[k])`` in rows ``rows[k]``: each expression is
        a number or a small linear expression (shared between rows, expanded once each)."""
        rows = np.asarray(rows, np.int64)
        scale = np.asarray(scale, float)
        ids = list(map(id, exprs))
        by_id = dict(zip(ids, exprs, strict=True))  # the expressions in order of appearance
        unique = list(by_id.values())  # one per group
        first = dict(zip(by_id, range(len(by_id)), strict=True))  # expression id -> group
        group = np.fromiter(map(first.__getitem__, ids), np.int64, len(ids))
        by_var: dict[int, tuple[object, list, list, list]] = {}
        order = np.argsort(group, kind="stable")
        bounds = np.searchsorted(group[order], np.arange(len(unique) + 1))
        for k, e in enumerate(unique):
            sel = order[bounds[k] : bounds[k + 1]]
            const, terms = linear_terms(e)
            a = scale[sel]
            np.add.at(self.constant, rows[sel], sign * (a * const))
            for v, c in terms:
                comp = v.parent_component()
                entry = by_var.setdefault(id(comp), (comp, [], [], []))
                entry[1].append(rows[sel])
                entry[2].extend([v.index()] * sel.size)
                entry[3].append(sign * (a * c))
        for comp, r_, k_, c_ in by_var.values():
            self.add(comp, np.concatenate(r_), k_, np.concatenate(c_))

    def rows(self, lower, upper) -> MatrixRows:
        """The :class:`MatrixRows` for rule bounds ``lower <= body <= upper`` (``None`` or
        ``±inf``: none), the body's constant moved into them."""
        lo = np.broadcast_to(np.asarray(-np.inf if lower is None else lower, float), (self.n,))
        up = np.broadcast_to(np.asarray(np.inf if upper is None else upper, float), (self.n,))
        return MatrixRows(lo - self.constant, up - self.constant, self._terms)


class MatrixRowData(ConstraintData):
    """A row of a :class:`MatrixConstraint` whose expression has not been built yet.

    The first access to the expression builds it from the component's rule and turns the
    object into a plain ``ConstraintData`` (so the compiler takes the family the generic way
    from then on)."""

    __slots__ = ()

    def __init__(self, component, index):  # inlined ConstraintData/ComponentData
        self._component = component
        self._active = True
        self._index = index

    @property
    def _expr(self):
        self.__class__ = ConstraintData
        comp = self.parent_component()
        self.set_value(comp.rule(comp.parent_block(), self._index))
        return self._expr

    @_expr.setter
    def _expr(self, value):
        self.__class__ = ConstraintData
        self._expr = value


class MatrixConstraint(IndexedConstraint):
    """An indexed ``Constraint`` whose rows HiGHS gets from arrays (module docstring).

    ``rows()`` returns the family's :class:`MatrixRows`; it is called at most once, when the
    model is compiled.
    """

    def __init__(self, *args, rows: Callable[[], MatrixRows], **kwargs):
        self._matrix_rows_fn = rows
        self._matrix_rows: MatrixRows | None = None
        super().__init__(*args, **kwargs)

    def construct(self, data=None) -> None:
        """Create the rows (without their expressions)."""
        if self._constructed:
            return
        self._constructed = True
        if self._anonymous_sets is not None:
            for s in self._anonymous_sets:
                s.construct()
        comp = weakref_ref(self)
        self._data = {idx: MatrixRowData(comp, idx) for idx in self.index_set()}

    def matrix_rows(self) -> MatrixRows:
        """The family's rows as arrays (built on the first call)."""
        if self._matrix_rows is None:
            self._matrix_rows = self._matrix_rows_fn()
        return self._matrix_rows

    def untouched(self) -> bool:
        """Whether every row is active and still without a built expression."""
        return self.active and all(
            d.__class__ is MatrixRowData and d._active for d in self._data.values()
        )
