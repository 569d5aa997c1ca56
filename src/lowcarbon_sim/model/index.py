"""Index helpers shared by the blocks: positions of names and which techs a block takes.

Blocks read the inputs Dataset through one :class:`ModelIndex`, which converts coordinates
to plain Python lists and numpy arrays once, so that constraint rules are cheap lookups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import xarray as xr

from lowcarbon_sim.units import TECH, TIME, YEAR


@dataclass
class ModelIndex:
    """Coordinates of the inputs as lists, with name -> position maps."""

    inputs: xr.Dataset
    years: list[int] = field(init=False)
    techs: list[str] = field(init=False)
    timesteps: list[int] = field(init=False)
    year_pos: dict[int, int] = field(init=False)
    tech_pos: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        ds = self.inputs
        self.years = [int(y) for y in ds[YEAR].values]
        self.techs = [str(t) for t in ds[TECH].values]
        self.timesteps = [int(t) for t in ds[TIME].values]
        self.year_pos = {y: i for i, y in enumerate(self.years)}
        self.tech_pos = {t: i for i, t in enumerate(self.techs)}

    def techs_of(self, *classes: str) -> list[str]:
        """Technologies whose ``tech_class`` is one of ``classes``, in input order."""
        cls = self.inputs["tech_class"].values
        return [t for t, c in zip(self.techs, cls, strict=True) if c in classes]

    def array(self, name: str) -> np.ndarray:
        """The values of input ``name`` as a numpy array (dims as stored)."""
        return self.inputs[name].values

    def duration(self) -> np.ndarray:
        """Consecutive hours each time step covers, h (see :func:`timestep_duration`)."""
        return timestep_duration(self.inputs)

    def previous_timestep(self) -> np.ndarray:
        """For each time step, the one before it, cyclic within its representative period."""
        period = self.array("timestep_period")
        prev = np.arange(period.size) - 1
        starts = np.flatnonzero(np.r_[True, period[1:] != period[:-1]])
        ends = np.r_[starts[1:], period.size] - 1
        prev[starts] = ends
        return prev


def timestep_duration(inputs: xr.Dataset) -> np.ndarray:
    """Consecutive hours each time step covers (``timestep_duration``), h: 1 h each for
    inputs without it (made before days could be segmented)."""
    if "timestep_duration" in inputs:
        return np.asarray(inputs["timestep_duration"].values, dtype=float)
    return np.ones(inputs.sizes[TIME])
