"""Exports of results to other tools' formats.

* :mod:`lowcarbon_sim.export.iamc`: IAMC long table (pyam, IPCC-style databases);
* :mod:`lowcarbon_sim.export.pypsa`: one year's power system as a ``pypsa.Network``
  (needs the optional dependency ``pypsa``).
"""

from __future__ import annotations

from lowcarbon_sim.export.iamc import IAMC_COLUMNS, to_iamc, write_iamc

__all__ = ["IAMC_COLUMNS", "to_iamc", "to_pypsa", "write_iamc"]


def to_pypsa(*args, **kwargs):
    """See :func:`lowcarbon_sim.export.pypsa.to_pypsa` (imported on first use)."""
    from lowcarbon_sim.export.pypsa import to_pypsa as _to_pypsa

    return _to_pypsa(*args, **kwargs)
