"""Component blocks of the LP, and the registry that says which block holds which classes.

Each block is a plain object following :class:`lowcarbon_sim.model.blocks.base.Block`: it
adds its variables and constraints to a Pyomo sub-block of the model, and declares its
contributions to the electricity and hydrogen balances, the CO2 cap, the reserve margin, the
non-fossil share and the annual cost; each of those is assembled from the contributions in one
place (:mod:`lowcarbon_sim.model.build`).

Technology blocks are made from the technology-class table: every distinct ``block`` of
:data:`lowcarbon_sim.technology.TECH_CLASSES` is created once, by the factory registered under
its name in :data:`TECH_BLOCKS`, and receives all classes that name it. A new class that fits
an existing block needs no code here; a new block registers its factory with
:func:`register_block`.
"""

from __future__ import annotations

from collections.abc import Callable

from lowcarbon_sim.model.blocks.base import COST_COMPONENTS, Block
from lowcarbon_sim.model.blocks.capacity import CapacityBlock
from lowcarbon_sim.model.blocks.demand_response import DemandResponseBlock
from lowcarbon_sim.model.blocks.dispatch import DispatchBlock
from lowcarbon_sim.model.blocks.heat import HeatBlock
from lowcarbon_sim.model.blocks.storage import StorageBlock
from lowcarbon_sim.technology import TECH_CLASSES

#: A factory makes a technology block from the capacity block, the names of the classes it
#: holds and the block's name (its Pyomo sub-block).
BlockFactory = Callable[[CapacityBlock, tuple[str, ...], str], Block]


def _storage(capacity: CapacityBlock, classes: tuple[str, ...], name: str) -> StorageBlock:
    carriers = {TECH_CLASSES[c].carrier_out for c in classes}
    if len(carriers) != 1:
        raise ValueError(f"storage block {name!r} holds classes of several carriers: {carriers}")
    return StorageBlock(capacity, classes, carrier=carriers.pop(), name=name)


#: Factories of the technology blocks, by block name.
TECH_BLOCKS: dict[str, BlockFactory] = {
    "dispatch": lambda capacity, classes, name: DispatchBlock(capacity, classes, name),
    "storage": _storage,
    "hydrogen_storage": _storage,
    "demand_response": lambda capacity, classes, name: DemandResponseBlock(capacity, classes, name),
    "heat": lambda capacity, classes, name: HeatBlock(capacity, classes, name),
}


def register_block(name: str, factory: BlockFactory) -> None:
    """Register the factory of technology block ``name`` (named by a class's ``block``)."""
    TECH_BLOCKS[name] = factory


def unregister_block(name: str) -> None:
    """Remove the factory of block ``name`` (tests and plug-ins that add their own)."""
    TECH_BLOCKS.pop(name, None)


def technology_blocks(capacity: CapacityBlock) -> list[Block]:
    """One block per distinct ``block`` of the technology-class table, in table order."""
    by_block: dict[str, list[str]] = {}
    for name, row in TECH_CLASSES.items():
        by_block.setdefault(row.block, []).append(name)
    missing = sorted(set(by_block) - set(TECH_BLOCKS))
    if missing:
        raise ValueError(
            f"no block registered for {', '.join(missing)} (technology classes "
            f"{', '.join(c for b in missing for c in by_block[b])}); see register_block"
        )
    return [TECH_BLOCKS[b](capacity, tuple(classes), b) for b, classes in by_block.items()]


__all__ = [
    "COST_COMPONENTS",
    "TECH_BLOCKS",
    "Block",
    "register_block",
    "technology_blocks",
    "unregister_block",
]
