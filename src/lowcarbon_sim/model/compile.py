"""The Pyomo model to standard-form arrays, with the row families known as arrays taken as such.

:func:`compile_standard_form` returns what Pyomo's ``LinearStandardFormCompiler``
(``mixed_form=True``) returns for the same model, to the bit: the same rows in the same order,
the same columns in the same order, the same coefficients and right-hand sides. It walks the
objective and every constraint with Pyomo's own linear visitor and variable recorder, except
the rows of :class:`~lowcarbon_sim.model.matrix.MatrixConstraint` families that nobody has
touched: those come from the family's arrays, in bulk. A family's arrays that do not fit the
model (a fixed variable in its terms) send the whole model back to Pyomo's compiler.

Depends on :mod:`~lowcarbon_sim.model.matrix`.
"""

from __future__ import annotations

import itertools
from operator import attrgetter
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.matrix import MatrixConstraint

__all__ = ["compile_standard_form"]


_FIXED = attrgetter("fixed")


class _Fallback(Exception):
    """The arrays of a family cannot be used: compile the generic way."""


def compile_standard_form(model: pyo.ConcreteModel, column_order=None):
    """Compile ``model`` like ``LinearStandardFormCompiler().write(model, mixed_form=True,
    column_order=column_order)`` and return an object with the same fields (``c``,
    ``c_offset``, ``A``, ``rhs``, ``rows``, ``columns``)."""
    from pyomo.common.gc_manager import PauseGC
    from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

    has_matrix = any(
        isinstance(c, MatrixConstraint)
        for c in model.component_objects(pyo.Constraint, active=True, descend_into=True)
    )
    with PauseGC():
        if has_matrix:
            try:
                return _Compiler(model, column_order).write()
            except _Fallback:
                pass
        return LinearStandardFormCompiler().write(model, mixed_form=True, column_order=column_order)


class _Info:
    """The fields of Pyomo's ``LinearStandardFormInfo`` that the hand-over reads."""

    def __init__(self, c, c_offset, A, rhs, rows, columns, objectives):
        self.c, self.c_offset, self.A, self.rhs = c, c_offset, A, rhs
        self.rows, self.columns, self.objectives = rows, columns, objectives


class _Compiler:
    """Pyomo's ``_LinearStandardFormCompiler_impl.write`` for ``mixed_form=True``, without
    templates, slack form or nonnegative variables, plus the bulk rows of matrix families."""

    def __init__(self, model, column_order):
        from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

        self.model = model
        self._cols: dict[int, np.ndarray] = {}  # column of each variable, by component
        self.config = LinearStandardFormCompiler().config(
            {"mixed_form": True, "column_order": column_order}
        )

    def write(self):
        import scipy.sparse as sp
        from pyomo.common.errors import (
            InfeasibleConstraintException,
            InvalidConstraintError,
            InvalidExpressionError,
        )
        from pyomo.common.numeric_types import native_types, value
        from pyomo.core.base import (
            Block,
            Constraint,
            Expression,
            ExternalFunction,
            Objective,
            Param,
            RangeSet,
            Set,
            Suffix,
            Var,
        )
        from pyomo.network import Port
        from pyomo.repn.linear import LinearRepnVisitor
        from pyomo.repn.plugins.standard_form import RowEntry
        from pyomo.repn.util import (
            FileDeterminism_to_SortComponents,
            TemplateVarRecorder,
            categorize_valid_components,
            initialize_var_map_from_column_order,
        )

        model, config = self.model, self.config
        sorter = FileDeterminism_to_SortComponents(config.file_determinism)
        component_map, unknown = categorize_valid_components(
            model,
            active=True,
            sort=sorter,
            valid={
                Block,
                Constraint,
                Var,
                Param,
                Expression,
                ExternalFunction,
                Set,
                RangeSet,
                Port,
            },
            targets={Suffix, Objective},
        )
        if unknown or component_map[Suffix]:
            raise _Fallback  # Pyomo's compiler says what it cannot take
        var_map: dict[int, Any] = {}
        initialize_var_map_from_column_order(model, config, var_map)
        recorder = TemplateVarRecorder(var_map, sorter)
        visitor = LinearRepnVisitor({}, var_recorder=recorder)

        objectives = []
        for blk in component_map[Objective]:
            objectives.extend(
                blk.component_data_objects(Objective, active=True, descend_into=False, sort=sorter)
            )
        obj_offset, obj_rows, obj_cols, obj_data = [], [], [], []
        for k, obj in enumerate(objectives):
            repn = visitor.walk_expression(obj.expr)
            if repn.nonlinear is not None:
                raise InvalidExpressionError(
                    f"Model objective ({obj.name}) contains nonlinear terms that cannot be "
                    "compiled to standard (linear) form."
                )
            order = recorder.var_order
            obj_cols.append(np.fromiter(map(order.__getitem__, repn.linear), np.int64))
            obj_data.append(np.fromiter(repn.linear.values(), float))
            obj_rows.append(np.full(obj_cols[-1].size, k))
            obj_offset.append(repn.constant)

        # rows: generic ones as lists (like Pyomo), matrix families as arrays; each part
        # keeps its first row number so that the parts join in the model's order
        rows: list = []
        rhs: list = []
        gen_index: list = []  # per generic row: (row number, column indices, data)
        bulk: list = []  # (row numbers, columns, data) per matrix family
        for blk in model.block_data_objects(active=True, sort=sorter):
            for comp in blk.component_objects(
                Constraint, active=True, descend_into=False, sort=sorter
            ):
                if isinstance(comp, MatrixConstraint) and comp.untouched():
                    self._bulk(comp, recorder, rows, rhs, bulk, RowEntry)
                    continue
                for con in comp.values(sorter):
                    if not con.active:
                        continue
                    lb, body, ub = con.to_bounded_expression()
                    if lb.__class__ not in native_types:
                        lb = value(lb)
                    if ub.__class__ not in native_types:
                        ub = value(ub)
                    repn = visitor.walk_expression(body)
                    if repn.nonlinear is not None:
                        raise InvalidConstraintError(
                            f"Model constraint ({con.name}) contains nonlinear terms that "
                            "cannot be compiled to standard (linear) form."
                        )
                    if lb is None and ub is None:
                        continue
                    n = len(repn.linear)
                    offset = repn.constant
                    if not n and offset.__class__ in native_types:
                        if (lb is None or lb <= offset) and (ub is None or ub >= offset):
                            continue
                        raise InfeasibleConstraintException(
                            f"model contains a trivially infeasible constraint, '{con.name}'"
                        )
                    order = recorder.var_order
                    cols = list(map(order.__getitem__, repn.linear))
                    data = list(repn.linear.values())
                    if lb == ub:
                        senses = ((0, ub),)
                    else:
                        senses = tuple((s, b) for s, b in ((1, ub), (-1, lb)) if b is not None)
                    for sense, bound in senses:
                        gen_index.append((len(rows), cols, data))
                        rows.append(RowEntry(con, sense))
                        rhs.append(bound - offset)

        columns = list(var_map.values())
        n_cols, n_rows = len(columns), len(rows)
        nnz = sum(len(c) for _, c, _ in gen_index)
        g_rows = np.repeat(
            np.fromiter((r for r, _, _ in gen_index), np.int64, len(gen_index)),
            np.fromiter((len(c) for _, c, _ in gen_index), np.int64, len(gen_index)),
        )
        g_cols = np.fromiter(
            itertools.chain.from_iterable(c for _, c, _ in gen_index), np.int64, nnz
        )
        g_data = np.fromiter(itertools.chain.from_iterable(d for _, _, d in gen_index), float, nnz)
        all_rows = np.concatenate([g_rows, *(b[0] for b in bulk)])
        all_cols = np.concatenate([g_cols, *(b[1] for b in bulk)])
        all_data = np.concatenate([g_data, *(b[2] for b in bulk)])
        A = _csc(all_data, all_rows, all_cols, (n_rows, n_cols))
        c = _csc(
            np.concatenate([np.zeros(0), *obj_data]),
            np.concatenate([np.zeros(0, np.int64), *obj_rows]),
            np.concatenate([np.zeros(0, np.int64), *obj_cols]),
            (len(objectives), n_cols),
        )

        # columns that appear nowhere go (like Pyomo); a fixed column anywhere: Pyomo's way
        active = (np.diff(A.indptr) > 0) | (np.diff(c.indptr) > 0)
        used = columns if active.all() else [columns[i] for i in np.flatnonzero(active)]
        if any(map(_FIXED, used)):
            raise _Fallback
        if not active.all():
            keep = np.flatnonzero(active)
            columns = [columns[i] for i in keep]
            A = sp.csc_array(A[:, keep])
            c = sp.csc_array(c[:, keep])
        return _Info(c, np.array(obj_offset), A, rhs, rows, columns, objectives)

    def _bulk(self, comp, recorder, rows, rhs, bulk, RowEntry) -> None:
        """Append the rows of the untouched matrix family ``comp`` from its arrays."""
        mr = comp.matrix_rows()
        cons = list(comp._data.values())
        if len(cons) != mr.lower.size:
            raise _Fallback
        # record the family's variable components in the order its rows meet them
        firsts = []
        for k, t in enumerate(mr.terms):
            first = next(iter(t.var.values()), None)
            if first is not None and t.row.size and id(first) not in recorder.var_map:
                firsts.append((int(t.row.min()), k, first))
        for _, _, first in sorted(firsts, key=lambda f: f[:2]):
            if id(first) not in recorder.var_map:
                recorder.add(first)
        order = recorder.var_order
        r_parts, c_parts, d_parts = [], [], []
        for t in mr.terms:
            if not t.row.size:
                continue
            col_of = self._cols.get(id(t.var))
            if col_of is None or col_of.size != len(t.var):
                col_of = np.fromiter(
                    map(order.__getitem__, map(id, t.var.values())), np.int64, len(t.var)
                )
                self._cols[id(t.var)] = col_of
            r_parts.append(np.asarray(t.row, np.int64))
            c_parts.append(col_of[t.pos])
            d_parts.append(np.asarray(t.coef, float))
        n = len(cons)
        local = _csc(
            np.concatenate([np.zeros(0), *d_parts]),
            np.concatenate([np.zeros(0, np.int64), *r_parts]),
            np.concatenate([np.zeros(0, np.int64), *c_parts]),
            (n, len(recorder.var_map)),
        ).tocsr()
        local.sort_indices()
        count = np.diff(local.indptr)
        lo, up = np.asarray(mr.lower, float), np.asarray(mr.upper, float)
        # rows without terms are constants: dropped when they hold (as Pyomo does)
        empty = count == 0
        if (empty & ((lo > 0) | (up < 0))).any():
            bad = cons[int(np.flatnonzero(empty & ((lo > 0) | (up < 0)))[0])]
            from pyomo.common.errors import InfeasibleConstraintException

            raise InfeasibleConstraintException(
                f"model contains a trivially infeasible constraint, '{bad.name}'"
            )
        eq = (lo == up) & ~empty
        has_up = np.isfinite(up) & ~eq & ~empty
        has_lo = np.isfinite(lo) & ~eq & ~empty
        # per family row: equality, or upper then lower (Pyomo's mixed form)
        n_out = eq.astype(np.int64) + has_up + has_lo
        src = np.repeat(np.arange(n), n_out)
        first_of = np.cumsum(n_out) - n_out
        k_in = np.arange(src.size) - first_of[src]
        sense = np.where(eq[src], 0, np.where(has_up[src] & (k_in == 0), 1, -1))
        bound = np.where(sense >= 0, up[src], lo[src])
        start = len(rows)
        rows.extend(map(RowEntry, map(cons.__getitem__, src.tolist()), sense.tolist()))
        rhs.extend(bound.tolist())
        # the matrix rows of each output row: its family row's terms
        reps = count[src]
        term_start = np.repeat(local.indptr[src], reps)
        within = np.arange(reps.sum()) - np.repeat(np.cumsum(reps) - reps, reps)
        take = term_start + within
        out_rows = start + np.repeat(np.arange(src.size), reps)
        bulk.append((out_rows, local.indices[take].astype(np.int64), local.data[take]))


def _csc(data, rows, cols, shape):
    """A CSC array from triplets: duplicates summed, zeros dropped (as Pyomo's compiler)."""
    import scipy.sparse as sp

    A = sp.coo_array((data, (rows, cols)), shape=shape).tocsc()
    A.sum_duplicates()
    A.eliminate_zeros()
    return A
