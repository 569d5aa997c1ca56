"""A bare number in an override where the data set writes the key with a unit.

`--set sectors.other.heat_supply.routes.all.end_uses.steam.intensity=33` is read in MWh, the
schema's unit, while the data set gives the key as "53.16 TWh": the user most likely meant
TWh and removed the heat instead. Such an override is accepted (a bare number is valid), and
warned about when it looks meant in the replaced value's unit: read in the schema's unit it
is more than 3 times off that value, read in the other unit it is closer.
"""

from __future__ import annotations

import math
import types
import typing
import warnings
from typing import Any, Union

from pydantic import BaseModel, TypeAdapter, ValidationError

from lowcarbon_sim.errors import ScenarioWarning
from lowcarbon_sim.scenario.types import Unit, annotation_unit, field_named, field_unit
from lowcarbon_sim.units import canonical, split_quantity


def _members(annotation: Any) -> list[Any]:
    """The annotations a value of ``annotation`` may hold (unions, Optional, Annotated
    unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in _members(a)]
    return [annotation]


def schema_field(model: type[BaseModel], parts: list[str]) -> tuple[str | None, Any]:
    """The unit the schema reads the numbers of a dotted key in, and the annotation of that
    key (``(None, None)`` if the key is not a numeric field with a unit, or not found)."""
    annotation: Any = model
    unit = None
    for part in parts:
        unit = None
        nxt = None
        for cand in _members(annotation):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                name = field_named(cand, part)
                if name is not None:
                    info = cand.model_fields[name]
                    unit = field_unit(cand, name)
                    nxt = info.annotation
                    if any(isinstance(m, Unit) for m in info.metadata):
                        # pydantic moved the unit and its validators off the annotation
                        nxt = typing.Annotated[(info.annotation, *info.metadata)]
                    break
            elif typing.get_origin(cand) is dict:
                value_type = typing.get_args(cand)[1]
                unit = annotation_unit(value_type) or unit
                nxt = value_type
                break
        if nxt is None:
            return unit, None if unit is None else annotation
        annotation = nxt
    return unit, annotation if unit is not None else None


def _one(annotation: Any, label: str) -> float | None:
    """One `label` in the schema's unit, read as the schema reads it (unit tables too)."""
    try:
        value = TypeAdapter(annotation).validate_python(f"1 {label}")
    except (ValidationError, ValueError, TypeError):
        return None
    if isinstance(value, dict):
        return None
    return float(value) if isinstance(value, int | float) else None


def _first_quantity(value: Any) -> tuple[float, str] | None:
    """Number and unit label of the first quantity string of a value or year series."""
    items = value.values() if isinstance(value, dict) else [value]
    for item in items:
        if isinstance(item, str):
            try:
                number, label = split_quantity(item, "")
            except ValueError:
                continue
            if label:
                return number, label
    return None


def _bare_numbers(value: Any) -> list[float]:
    items = value.values() if isinstance(value, dict) else [value]
    return [v for v in items if isinstance(v, int | float) and not isinstance(v, bool)]


def warn_bare_number(model: type[BaseModel], key: str, old: Any, new: Any) -> None:
    """Warn when a bare number of ``new`` for ``key`` looks meant in the unit of the value
    it replaces, ``old`` (the data set's or an inherited one): read in the schema's unit it
    is more than 3 times off that value, read in the old value's unit it is closer."""
    numbers = [abs(float(v)) for v in _bare_numbers(new) if v]
    quantity = _first_quantity(old)
    if not numbers or quantity is None or quantity[0] == 0:
        return
    number, label = quantity
    unit, annotation = schema_field(model, key.split("."))
    if unit is None or canonical(label) == canonical(unit):
        return
    per_label = _one(annotation, label)
    if not per_label:
        return
    reference = abs(number * per_label)  # the old value in the schema's unit
    bare = numbers[0]
    as_schema = abs(math.log(bare / reference))
    as_label = abs(math.log(bare * per_label / reference))
    if as_schema <= math.log(3) or as_label >= as_schema:
        return
    warnings.warn(
        f"{key}: the bare number {bare:g} is read in {unit}, the schema's unit; the value it "
        f"replaces is {number:g} {label}. Write '{bare:g} {label}' if you meant {label}",
        ScenarioWarning,
        stacklevel=3,
    )
