"""The ``uncertainty:`` section of a scenario: uncertain parameters, sweeps and the seed.

A scenario may declare, on any dotted key of the scenario, a probability distribution::

    uncertainty:
      seed: 42
      samples: 64
      parameters:
        demand.growth_rate: {distribution: triangular, low: 0.03, mode: 0.045, high: 0.06}
        power.techs.wind.capex: {distribution: uniform, low: 3600, high: 5200}
        policy.co2_price: {distribution: discrete, values: [0, 100, 200]}
        power.fuels.coal.price: {distribution: normal, mean: 1.0, sd: 0.1, low: 0.7,
                                 apply: scale}
      sweep:
        policy.co2_price: [0, 50, 100, 200, 400]

Each sampled value replaces the scenario's value at that key (``apply: set``, the default), or
multiplies it (``apply: scale``: a per-year series is scaled year by year, so the shape of a
sourced price path is kept). Values are in the unit the schema declares for the key (for
example ``yuan/kW`` for ``capex``); the sampled number itself carries no unit.

The section is validated by pydantic when the scenario loads; :func:`check_against` then
checks it against the resolved scenario (the key exists, every value the distribution can give
fits the key's type and bounds) and raises one :class:`~lowcarbon_sim.errors.ScenarioError`
naming the file, the key path and what was expected.

The schema of the section is :mod:`lowcarbon_sim.scenario.uncertainty` (re-exported here).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lowcarbon_sim.errors import ScenarioError
from lowcarbon_sim.scenario.demand_keys import inert_demand_key
from lowcarbon_sim.scenario.load import validate_tree

# The schema of the section is part of the scenario's; re-exported here, where it was first.
from lowcarbon_sim.scenario.uncertainty import (
    NORMAL_CHECK_SD,
    SECTION,
    ApplyMode,
    Discrete,
    Distribution,
    Normal,
    Triangular,
    UncertaintyConfig,
    Uniform,
)

if TYPE_CHECKING:  # pragma: no cover
    from lowcarbon_sim.scenario.schema import Scenario

__all__ = [
    "NORMAL_CHECK_SD",
    "SECTION",
    "ApplyMode",
    "Discrete",
    "Distribution",
    "Normal",
    "Triangular",
    "UncertaintyConfig",
    "Uniform",
    "apply_overrides",
    "base_tree",
    "check_against",
    "get_dotted",
    "override_value",
    "scaled",
    "set_dotted",
    "spec_json",
    "support",
    "to_plain",
]


def support(dist: Uniform | Normal | Triangular | Discrete) -> list[Any]:
    """The values to check a distribution against a key: its ends, or every discrete value.

    An unbounded normal is checked at mean +- 4 sd (see :data:`NORMAL_CHECK_SD`).
    """
    if isinstance(dist, Discrete):
        return list(dist.values)
    if isinstance(dist, Normal):
        lo = dist.low if dist.low is not None else dist.mean - NORMAL_CHECK_SD * dist.sd
        hi = dist.high if dist.high is not None else dist.mean + NORMAL_CHECK_SD * dist.sd
        return [lo, hi]
    return [dist.low, dist.high]


# --------------------------------------------------------------------------------------
# scenario trees and dotted keys


def base_tree(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the plain mapping it was built from (only the keys that were set),
    without its ``uncertainty`` section, ready for overrides and :func:`validate_tree`."""
    tree = scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    tree.pop(SECTION, None)
    if scenario.source_file is not None:
        tree["source_file"] = scenario.source_file
    return tree


def get_dotted(tree: Mapping[str, Any], key: str) -> Any:
    """The value at ``key`` (``a.b.c``) of a nested mapping; ``KeyError`` names the part."""
    node: Any = tree
    for n, part in enumerate(key.split(".")):
        if not isinstance(node, Mapping) or part not in node:
            raise KeyError(".".join(key.split(".")[: n + 1]))
        node = node[part]
    return node


def set_dotted(tree: Mapping[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A copy of ``tree`` with ``key`` set to ``value`` (intermediate mappings copied)."""
    out = dict(tree)
    parts = key.split(".")
    node = out
    for part in parts[:-1]:
        child = node.get(part)
        child = dict(child) if isinstance(child, Mapping) else {}
        node[part] = child
        node = child
    node[parts[-1]] = copy.deepcopy(value)
    return out


def apply_overrides(tree: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Apply ``{dotted key: value}`` to a scenario tree (each value replaces the old one)."""
    out = dict(tree)
    for key, value in overrides.items():
        out = set_dotted(out, key, value)
    return out


def scaled(current: Any, factor: float) -> Any:
    """``current`` (a number or a ``{year: value}`` series) multiplied by ``factor``."""
    if isinstance(current, Mapping):
        return {k: float(v) * factor for k, v in current.items()}
    return float(current) * factor


def to_plain(value: Any) -> Any:
    """A numpy scalar or value turned into plain JSON/YAML-able Python."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        return value.item()
    return value


def override_value(dist: Any, sample: Any, current: Any, integer: bool) -> Any:
    """The value written at the key for one sample (scaled or rounded as the key needs)."""
    sample = to_plain(sample)
    if dist.apply == "scale":
        return scaled(current, float(sample))
    if integer and isinstance(sample, float):
        return round(sample)
    return sample


# --------------------------------------------------------------------------------------
# checks against the resolved scenario


def check_against(
    scenario: Scenario,
    spec: UncertaintyConfig | None = None,
    *,
    sweep: Mapping[str, Sequence[Any]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Check uncertain parameters and sweep values against ``scenario``.

    Every dotted key must exist in the resolved scenario (an optional key that is unset
    counts), and every value the distribution can give (its ends, or each discrete value)
    must validate at that key.

    Returns
    -------
    dict
        Per key: ``{"current": value or None, "integer": bool}`` (``integer`` when the
        scenario holds a whole number there, so continuous samples are rounded).

    Raises
    ------
    ScenarioError
        Naming the scenario file, ``uncertainty.parameters.<key>`` (or ``sweep.<key>``) and
        what was expected; all problems at once.
    """
    spec = spec if spec is not None else (scenario.uncertainty or UncertaintyConfig())
    sweep = dict(spec.sweep if sweep is None else sweep)
    full = scenario.model_dump(mode="json", by_alias=True)
    tree = base_tree(scenario)
    problems: list[tuple[str, str]] = []
    info: dict[str, dict[str, Any]] = {}
    items: list[tuple[str, str, Any, list[Any]]] = [
        (f"{SECTION}.parameters.{k}", k, d, support(d)) for k, d in spec.parameters.items()
    ]
    items += [(f"{SECTION}.sweep.{k}", k, None, list(v)) for k, v in sweep.items()]
    for label, key, dist, values in items:
        why = inert_demand_key(scenario, key)
        if why:
            problems.append((label, f"{key} {why}"))
            continue
        try:
            current = get_dotted(full, key)
        except KeyError as exc:
            missing = exc.args[0]
            parent = missing.rpartition(".")[0]
            try:
                known = get_dotted(full, parent) if parent else full
            except KeyError:  # pragma: no cover - the walk stops at the first missing part
                known = {}
            names = ", ".join(sorted(known)) if isinstance(known, Mapping) else ""
            problems.append(
                (label, f"'{missing}' is not a key of the scenario (known there: {names})")
            )
            continue
        integer = isinstance(current, int) and not isinstance(current, bool)
        info[key] = {"current": current, "integer": integer}
        if dist is not None and dist.apply == "scale":
            if current is None or isinstance(current, (bool, str)):
                problems.append(
                    (label, f"apply: scale needs a number or a year series there, got {current!r}")
                )
                continue
        for raw in values:
            value = override_value(dist, raw, current, integer) if dist is not None else raw
            try:
                validate_tree(set_dotted(tree, key, value))
            except ScenarioError as exc:
                why = "; ".join(m for _, m in exc.problems) or str(exc)
                expected = (
                    f"a factor that keeps {key} valid"
                    if dist and dist.apply == "scale"
                    else f"a value valid for {key}"
                )
                problems.append((label, f"value {raw!r} does not fit: expected {expected} ({why})"))
                break
    if problems:
        raise ScenarioError(problems, file=scenario.source_file)
    return info


def spec_json(spec: UncertaintyConfig) -> str:
    """The specification as compact, sorted JSON (stored in output files)."""
    return json.dumps(spec.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
