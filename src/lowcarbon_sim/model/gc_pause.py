"""Pause Python's cyclic garbage collector around allocation-heavy stages."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, restoring its previous state afterwards.

    Building, compiling and mapping an 8760-hour model allocate millions of small objects;
    each full collection would scan the whole Pyomo model again (0.35 s of the 0.43 s spent
    mapping HiGHS's solution back at 8760 hours). Nothing cyclic is freed meanwhile; the
    next collection after the pause does that.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
