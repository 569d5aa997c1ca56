"""Assemble the Pyomo LP from the inputs: a flat, readable list of block calls.

The model is a plain :class:`pyomo.environ.ConcreteModel`. Users may add their own
variables, constraints and objective terms before solving (see :func:`add_to_objective`);
the solver hand-over compiles whatever the model holds, so those are honoured.
"""

from __future__ import annotations

import pyomo.core as pyo
import xarray as xr

from lowcarbon_sim.model.blocks import COST_COMPONENTS, technology_blocks
from lowcarbon_sim.model.blocks.balance import ShedBlock, add_balance, add_hydrogen_balance
from lowcarbon_sim.model.blocks.build_groups import BuildGroupBlock
from lowcarbon_sim.model.blocks.build_steps import BuildStepsBlock
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.blocks.ccus import CcusBlock
from lowcarbon_sim.model.blocks.commitment import CommitmentBlock
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.blocks.heat import add_heat_balance
from lowcarbon_sim.model.blocks.hydro import HydroBlock
from lowcarbon_sim.model.blocks.hydrogen_origin import HydrogenOriginBlock
from lowcarbon_sim.model.blocks.imports import ImportContractBlock
from lowcarbon_sim.model.blocks.modular_build import ModularBuildBlock
from lowcarbon_sim.model.blocks.operating_reserve import OperatingReserveBlock
from lowcarbon_sim.model.blocks.policy import add_policy
from lowcarbon_sim.model.blocks.storage import StorageBlock
from lowcarbon_sim.model.blocks.targets import TargetsBlock
from lowcarbon_sim.model.gc_pause import gc_paused
from lowcarbon_sim.model.index import ModelIndex


def build_model(inputs: xr.Dataset) -> pyo.ConcreteModel:
    """Build the LP of one scenario from its inputs (see :func:`lowcarbon_sim.build_inputs`).

    Returns
    -------
    pyomo.environ.ConcreteModel
        With sub-blocks ``capacity``, ``dispatch``, ``storage``, ``hydrogen_storage``,
        ``shedding``, ``ccus``, the constraints ``electricity_balance[year, timestep]``,
        ``hydrogen_balance[year, timestep]`` (when the scenario has hydrogen), ``co2_cap[year]``,
        ``reserve_margin[year]``, ``nonfossil_share[year]`` and the objective
        ``objective`` (present value of system cost, yuan). ``model.lcs_blocks`` holds the
        block objects used to extract results.
    """
    ix = ModelIndex(inputs)
    m = pyo.ConcreteModel(name=str(inputs.attrs.get("scenario", "lowcarbon_sim")))
    with gc_paused():
        m.Y = pyo.Set(initialize=ix.years, ordered=True, doc="modelled years")
        m.T = pyo.Set(initialize=ix.timesteps, ordered=True, doc="time steps of a year")
        capacity = CapacityBlock()
        tech_blocks = technology_blocks(capacity)
        dispatch = [b for b in tech_blocks if isinstance(b, DispatchBlock)]
        storage = [b for b in tech_blocks if isinstance(b, StorageBlock)]
        commitment = CommitmentBlock(*dispatch[:1])
        # power-plant capture feeds the CO2 balance of the CCUS block; the operating reserve
        # reads committed capacity, dispatch and storage
        blocks = (capacity, *tech_blocks, ShedBlock(), CcusBlock(*dispatch[:1]),
                  HydroBlock(*dispatch[:1]), ImportContractBlock(*dispatch[:1]),
                  commitment, OperatingReserveBlock(dispatch[0], commitment, storage),
                  HydrogenOriginBlock(*dispatch), BuildStepsBlock(capacity),
                  BuildGroupBlock(capacity), ModularBuildBlock(capacity))
        blocks = (*blocks, TargetsBlock(blocks))  # last: reads the others' contributions
        for blk in blocks:
            sub = pyo.Block()
            m.add_component(blk.name, sub)
            blk.add(m, sub, ix)
        add_balance(m, ix, blocks)
        add_hydrogen_balance(m, ix, blocks)
        add_heat_balance(m, ix, blocks)
        add_policy(m, ix, blocks)
        _add_objective(m, ix, blocks)
    m.lcs_index = ix
    m.lcs_blocks = blocks
    return m


def _add_objective(m: pyo.ConcreteModel, ix: ModelIndex, blocks) -> None:
    """``m.annual_cost[y, component]`` from the blocks' cost terms (yuan/yr), ``m.system_cost[y]``
    their sum, and the objective: the present value of system cost (yuan)."""
    m.cost_component = pyo.Set(initialize=COST_COMPONENTS, ordered=True)

    by_year = {
        y: [blk.cost_terms(getattr(m, blk.name), y) for blk in blocks] for y in ix.years
    }
    m.annual_cost = pyo.Expression(
        m.Y,
        m.cost_component,
        rule=lambda _m, y, c: sum(terms.get(c, 0) for terms in by_year[y]),
        doc="annual system cost by component, yuan/yr (undiscounted)",
    )
    m.system_cost = pyo.Expression(
        m.Y,
        rule=lambda _m, y: sum(_m.annual_cost[y, c] for c in COST_COMPONENTS),
        doc="annual system cost, yuan/yr",
    )
    weight = ix.array("objective_weight")
    m.objective = pyo.Objective(
        expr=sum(float(weight[ix.year_pos[y]]) * m.system_cost[y] for y in ix.years),
        sense=pyo.minimize,
        doc="present value of system cost, yuan",
    )


def add_to_objective(model: pyo.ConcreteModel, expr, name: str = "user_cost") -> None:
    """Add a cost term (yuan, present value) to the model's objective.

    Examples
    --------
    >>> # model.extra = pyo.Var(bounds=(0, 1)); add_to_objective(model, 5 * model.extra)
    """
    old = model.objective.expr
    model.del_component(model.objective)
    model.add_component(name + "_term", pyo.Expression(expr=expr))
    model.objective = pyo.Objective(expr=old + getattr(model, name + "_term"), sense=pyo.minimize)
