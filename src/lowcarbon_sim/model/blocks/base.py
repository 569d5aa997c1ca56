"""The block protocol and the registry of constraint families used for diagnosis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import pyomo.environ as pyo

from lowcarbon_sim.model.index import ModelIndex


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
    """

    description: str
    index: tuple[str, ...]
    unit: str


def register(model: pyo.ConcreteModel, component: Any, family: ConstraintFamily) -> None:
    """Record the meaning of a constraint component (keyed by its full Pyomo name)."""
    if not hasattr(model, "_lcs_families"):
        model._lcs_families = {}
    model._lcs_families[component.name] = family


class Block(Protocol):
    """What every block provides. ``ix`` carries the inputs; ``b`` is the block's Pyomo
    sub-block, created by the model builder under the block's ``name``."""

    name: str

    def add(self, m: pyo.ConcreteModel, b: pyo.Block, ix: ModelIndex) -> None:
        """Add variables and constraints to ``b``."""

    def electricity(self, b: pyo.Block, y: int, t: int) -> Any:
        """Net electricity injected in year ``y``, time step ``t`` (MW), or 0."""

    def annual_cost(self, b: pyo.Block, y: int) -> Any:
        """Cost of year ``y`` (yuan/yr, undiscounted), or 0."""

    def emissions(self, b: pyo.Block, y: int) -> Any:
        """Direct CO2 counted in the province in year ``y`` (t CO2/yr), or 0."""
