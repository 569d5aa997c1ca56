"""One input array added to the inputs dataset, with its units (and description) in attrs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xarray as xr


def add_input(
    ds: xr.Dataset, name: str, dims: str | Sequence[str], values, units: str, doc: str = ""
) -> None:
    """Set ``ds[name]`` over ``dims`` (coordinates already in ``ds``) with ``units`` and,
    if given, ``description`` in its attrs."""
    ds[name] = (dims, np.asarray(values))
    ds[name].attrs["units"] = units
    if doc:
        ds[name].attrs["description"] = doc
