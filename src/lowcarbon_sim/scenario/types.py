"""Field types shared by every part of the scenario schema.

* :class:`StrictModel`: the base of every schema section (unknown keys refused, frozen,
  attribute docstrings become the documented YAML reference, see :func:`document_fields`).
* :func:`quantity`: a float read in a declared unit; a string such as ``"8 GW"`` is
  converted to that unit, and a unit that does not fit is refused.
* :func:`series`: a value per year, written as one number (all years) or a mapping
  ``{year: value}``; :func:`series_values` interpolates it linearly between the given years
  and holds it flat outside them.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from lowcarbon_sim.units import parse_quantity


class StrictModel(BaseModel):
    """Base of all scenario sections: unknown keys are errors, instances are immutable.

    A field's description is its attribute docstring, given by :func:`document_fields`
    (the JSON schema calls it).
    """

    # no use_attribute_docstrings: pydantic would read every class's source at import,
    # 0.04 CPU-s of each run, which validates without the descriptions
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        validate_default=True,
    )

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """pydantic's JSON schema, with the fields' descriptions (:func:`document_fields`)."""
        document_fields()
        return super().model_json_schema(*args, **kwargs)


_documented: set[type] = set()


def document_fields() -> None:
    """Give each field of every :class:`StrictModel` its attribute docstring (the string
    right below its annotation) as ``description``, where none is given: what pydantic's
    ``use_attribute_docstrings`` does at import, done once when asked (the docs' YAML
    reference, the JSON schema).

    An inherited field keeps the description it has in the class that declares it.
    """
    todo = [c for c in _subclasses(StrictModel) if c not in _documented]
    if not todo:
        return
    # pydantic's own reader, the one ``use_attribute_docstrings`` runs at import
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    for cls in sorted(todo, key=lambda c: len(c.__mro__)):  # a base before its subclasses
        own = inspect.get_annotations(cls)
        docs = extract_docstrings_from_cls(cls, use_inspect=True) if own else {}
        for name, info in cls.model_fields.items():
            if info.description is not None:
                continue
            if name in own:
                info.description = docs.get(name)
            else:
                info.description = next(
                    (
                        base.model_fields[name].description
                        for base in cls.__mro__[1:]
                        if issubclass(base, StrictModel) and name in base.model_fields
                    ),
                    None,
                )
    # a model's schema holds the schemas of the models in its fields as they were built:
    # those are rebuilt first
    for cls in _fields_first(todo):
        cls.model_rebuild(force=True)  # the schema records the descriptions when built
        _documented.add(cls)


def _fields_first(models: list[type]) -> list[type]:
    """``models``, each after the models its fields hold (in their annotations)."""
    wanted, out = set(models), []
    seen: set[type] = set()

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for info in cls.model_fields.values():  # type: ignore[attr-defined]
            for sub in _models_in(info.annotation):
                visit(sub)
        if cls in wanted:
            out.append(cls)

    for cls in models:
        visit(cls)
    return out


def _models_in(annotation: Any) -> list[type]:
    """The :class:`StrictModel` classes in a field's annotation (``X | None``,
    ``dict[str, X]``, ``list[X]``, ``Annotated[X, ...]``)."""
    if isinstance(annotation, type) and issubclass(annotation, StrictModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _subclasses(cls: type) -> list[type]:
    """Every subclass of ``cls``, however deep."""
    out: list[type] = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return list(dict.fromkeys(out))


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
    return annotation_unit(info.annotation)


def annotation_unit(annotation: Any) -> str | None:
    """The unit an ``Annotated`` type declares (``None`` when it declares none)."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, Unit):
            return meta.unit
    return None


def field_named(model: type[BaseModel], name: str) -> str | None:
    """The name of ``model``'s field called ``name`` or aliased so (``class``), or None."""
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return field_name
    return None
