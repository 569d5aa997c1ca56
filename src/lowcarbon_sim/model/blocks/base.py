"""The block protocol, the cost components, and the registry of constraint families used
for diagnosis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyomo.core as pyo

from lowcarbon_sim.model.index import ModelIndex
from lowcarbon_sim.model.matrix import RowsBuilder


@dataclass(frozen=True)
class ConstraintFamily:
    """What a constraint family means, for messages: e.g. an infeasibility diagnosis.

    Attributes
    ----------
    description
        Plain words, e.g. "CO2 cap on emissions under the cap's scope".
    index
        Names of the index positions, e.g. ``("year",)`` or ``("tech", "year", "timestep")``.
    unit
        Unit of the constraint's rows (of a violation), e.g. ``"t CO2"``.
    keys
        The scenario keys that set the rows' right-hand sides, with ``{tech}``, ``{year}``
        ... standing for the row's index, e.g. ``"policy.co2_cap.{year}"``: what a user
        changes to relax the constraint.
    rhs_note
        For rows whose right-hand side is not the key's value alone: a function of the row's
        index (a dict by index name) returning how the right-hand side is made, in words
        (e.g. the cap minus the sectors' emissions outside the LP).
    """

    description: str
    index: tuple[str, ...]
    unit: str
    keys: tuple[str, ...] = ()
    rhs_note: Callable[[dict[str, Any]], str] | None = field(default=None, compare=False)
    data: tuple[str, ...] = ()
    """Keys or data rows behind the right-hand side that are inputs, not user limits
    (demand, availability, inflows): named in messages, never relaxed
    (:mod:`lowcarbon_sim.model.family_keys` fills ``keys`` and ``data`` where a block
    names none)."""
    user: Callable[[dict[str, Any], bool, float, float], Any] | None = field(
        default=None, compare=False
    )
    """For ``explain``: ``user(row, upper, limit, change)`` -> a
    :class:`~lowcarbon_sim.model.user_units.UserAmount` (or ``None``): the relaxation of a
    row (``upper``: its upper limit; ``limit`` and ``change`` in ``unit``) as the new value
    of the key the user wrote, in the key's unit. Called with the elastic solution loaded
    into the variables; without it, ``explain`` answers in the LP's unit."""


def register(model: pyo.ConcreteModel, component: Any, family: ConstraintFamily) -> None:
    """Record the meaning of a constraint component (keyed by its full Pyomo name)."""
    from lowcarbon_sim.model.family_keys import complete

    if not hasattr(model, "_lcs_families"):
        model._lcs_families = {}
    model._lcs_families[component.name] = complete(component.name, family)


#: Components of the annual system cost, in results order (``annual_cost`` coordinate).
COST_COMPONENTS: tuple[str, ...] = (
    "investment",
    "fixed_om",
    "variable_om",
    "fuel",
    "imports",
    "carbon",
    "load_shedding",
    "ccus",
)


class Block:
    """What every block provides; the defaults contribute nothing.

    A block is a plain object (composition, not a Pyomo subclass). The model builder creates
    a Pyomo sub-block under the block's ``name`` and calls :meth:`add`; afterwards it asks
    every block for its contributions, and sums them in one place each: the electricity and
    hydrogen balances (:mod:`~lowcarbon_sim.model.blocks.balance`), the CO2 cap, the reserve
    margin and the non-fossil share (:mod:`~lowcarbon_sim.model.blocks.policy`), and the
    objective (:func:`lowcarbon_sim.model.build.build_model`). The cost terms are Pyomo
    expressions held by the model (``model.annual_cost[year, component]``); the results
    evaluate those same expressions, so each cost formula exists once.
    """

    name: str = ""

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        """Add variables and constraints to ``b``."""

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net electricity injected in year ``y``, time step ``t`` (MW), or 0."""
        return 0

    def hydrogen(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net hydrogen injected in year ``y``, time step ``t`` (MW, LHV), or 0."""
        return 0

    def heat(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net heat injected in year ``y``, time step ``t`` (MW), or 0."""
        return 0

    def injection_terms(
        self, carrier: str, b: pyo.Block, rows: RowsBuilder, keys: list[tuple[int, int]]
    ) -> None:
        """Add the block's injection of ``carrier`` (``"electricity"``, ``"hydrogen"`` or
        ``"heat"``: what the method of that name returns) at ``keys[k] = (y, t)`` to row
        ``k`` of a balance's ``rows``; ``keys`` are the model's years times its time steps,
        in that order.

        The default builds the method's expression row by row and expands it; blocks with
        many terms override this from their index arrays, adding the terms in the order
        the method's expression meets its variables (``tests/model/test_matrix_rows.py``
        compares both)."""
        method = getattr(type(self), carrier)
        if method is getattr(Block, carrier):
            return  # injects nothing
        n = len(keys)
        rows.add_expressions(np.arange(n), [method(self, b, y, t) for y, t in keys], np.ones(n))

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 under the cap's scope in year ``y`` (t CO2/yr), or 0."""
        return 0

    def province_emissions(self, b: pyo.Block, y: int) -> Any:
        """CO2 of year ``y`` in the province's inventory (t CO2/yr), whatever the cap's
        scope: what province targets count. Equal to :meth:`emissions` unless a block leaves
        something out of a power-only cap."""
        return self.emissions(b, y)

    def firm_capacity(self, b: pyo.Block, y: int) -> Any:
        """Capacity counted for the planning reserve margin in year ``y`` (MW), or 0."""
        return 0

    def nonfossil_output(self, b: pyo.Block, y: int) -> Any:
        """Non-fossil electricity generated in year ``y`` (MWh/yr), or 0."""
        return 0

    def primary_energy(self, b: pyo.Block, y: int, counting: int, nonfossil: bool = False) -> Any:
        """Primary energy of year ``y`` (MWh/yr) by counting method ``counting`` (0 coal
        substitution, 1 physical content; input ``primary_energy_per_activity``), only its
        non-fossil part when ``nonfossil``, or 0."""
        return 0

    def renewable_output(self, b: pyo.Block, y: int) -> Any:
        """Renewable electricity generated in year ``y`` (MWh/yr), or 0."""
        return 0

    def cost_terms(self, b: pyo.Block, y: int) -> dict[str, Any]:
        """Cost of year ``y`` by component of :data:`COST_COMPONENTS` (yuan/yr,
        undiscounted); components the block does not touch are left out."""
        return {}

    def values(self, sol) -> dict[str, np.ndarray]:
        """Solved values of the block's variables, as arrays on the inputs' coordinates.

        A block holding technologies in the dispatch role returns their activity as
        ``"dispatch"`` (year, tech, timestep), MW, zero elsewhere; the extraction sums these
        over blocks and applies the technology's balance coefficients (generation, hydrogen,
        fuel, emissions)."""
        return {}


class TechnologyBlock(Block):
    """A block holding the technologies of some classes of the technology-class table,
    made by a factory of :data:`lowcarbon_sim.model.blocks.TECH_BLOCKS` from the capacity
    block (``cap``), the names of its classes and its Pyomo sub-block name."""

    def __init__(self, capacity: Any, classes: tuple[str, ...], name: str | None = None):
        self.cap = capacity
        self.classes = classes
        self.name = name or type(self).name
