"""Field types shared by every part of the scenario schema.

* :class:`StrictModel`: the base of every schema section (unknown keys refused, frozen,
  attribute docstrings become the documented YAML reference).
* :func:`quantity`: a float read in a declared unit; a string such as ``"8 GW"`` is
  converted to that unit, and a unit that does not fit is refused.
* :func:`series`: a value per year, written as one number (all years) or a mapping
  ``{year: value}``; :func:`series_values` interpolates it linearly between the given years
  and holds it flat outside them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from lowcarbon_sim.units import parse_quantity


class StrictModel(BaseModel):
    """Base of all scenario sections: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        populate_by_name=True,
        validate_default=True,
    )


@dataclass(frozen=True)
class Unit:
    """Metadata marker: the unit a field's numbers are read in (used by docs and inputs)."""

    unit: str


def _to_unit(unit: str):
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return parse_quantity(value, unit)
        if isinstance(value, bool):
            raise ValueError(f"expected a number in {unit}, got a boolean")
        return value

    return convert


def quantity(unit: str, **bounds: float) -> Any:
    """A float read in ``unit`` (strings with a compatible unit are converted).

    ``bounds`` are pydantic's numeric constraints: ``ge``, ``gt``, ``le``, ``lt``.
    """
    return Annotated[
        float,
        BeforeValidator(_to_unit(unit)),
        Field(allow_inf_nan=False, **bounds),
        Unit(unit),
    ]


YearSeries = float | dict[int, float]


def series(unit: str, **bounds: float) -> Any:
    """A value per year in ``unit``: one number for every year, or ``{year: value}``."""
    q = quantity(unit, **bounds)
    return Annotated[q | dict[int, q], Unit(unit)]


def series_values(value: YearSeries | None, years: Sequence[int], default: float = np.nan):
    """Evaluate a year series at ``years``: linear between given years, flat outside.

    Examples
    --------
    >>> series_values({2020: 1.0, 2030: 2.0}, [2019, 2025, 2031]).tolist()
    [1.0, 1.5, 2.0]
    >>> series_values(3.0, [2020, 2021]).tolist()
    [3.0, 3.0]
    """
    years_arr = np.asarray(years, dtype=float)
    if value is None:
        return np.full(years_arr.shape, default, dtype=float)
    if isinstance(value, Mapping):
        if not value:
            return np.full(years_arr.shape, default, dtype=float)
        keys = np.array(sorted(value), dtype=float)
        vals = np.array([value[int(k)] for k in keys], dtype=float)
        return np.interp(years_arr, keys, vals)
    return np.full(years_arr.shape, float(value), dtype=float)


def field_unit(model: type[BaseModel], name: str) -> str | None:
    """The declared unit of ``model.name`` (``None`` for unitless or non-numeric fields)."""
    info = model.model_fields[name]
    for meta in info.metadata:
        if isinstance(meta, Unit):
            return meta.unit
    annotation = info.annotation
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Unit):
            return meta.unit
    return None
