"""Planning an ensemble or a sweep: the base scenario and its members.

A member is one run: its index, its sampled (or swept) values and the overrides they become,
identified by a *token*, the hash of the base scenario and the member's overrides. Resume
(:mod:`~lowcarbon_sim.ensemble.store`) compares tokens, so a changed scenario, seed or sample
count never mixes stale members into a new ensemble.

Depends on :mod:`~lowcarbon_sim.ensemble.spec` only; the other ensemble modules
(``backends``, ``store``, ``combine``, ``runner``, ``sweep``) build on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lowcarbon_sim.ensemble.spec import apply_overrides, override_value

__all__ = ["Member", "load_base_scenario", "member_token", "plan_members"]


@dataclass(frozen=True)
class Member:
    """One planned run: its index, its sampled inputs and the overrides they become.

    Attributes
    ----------
    index
        Position in the ensemble (``member_0007`` is index 7).
    parameters
        The sampled value of each uncertain input by dotted key (a factor for ``apply:
        scale``), in the key's schema unit.
    overrides
        The dotted-key values written into the scenario for this member.
    token
        Hash of the base scenario and ``overrides``: what resume compares.
    """

    index: int
    parameters: dict[str, Any]
    overrides: dict[str, Any]
    token: str

    @property
    def name(self) -> str:
        """``member_0007``."""
        return f"member_{self.index:04d}"


def member_token(base_hash: str, overrides: Mapping[str, Any]) -> str:
    """SHA-256 (hex, first 16 characters) of the base scenario hash and the overrides."""
    text = json.dumps({"base": base_hash, "overrides": overrides}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_base_scenario(scenario: Any, overrides: Mapping[str, Any] | None) -> Any:
    """The validated base scenario of an ensemble or sweep.

    ``scenario`` is a YAML path or a :class:`~lowcarbon_sim.Scenario`; dotted-key
    ``overrides`` are applied on top (a Scenario is dumped, overridden and validated again,
    keeping its source file for relative paths).
    """
    from lowcarbon_sim.scenario.load import load_scenario
    from lowcarbon_sim.scenario.schema import Scenario

    if isinstance(scenario, Scenario):
        if overrides:
            from lowcarbon_sim.scenario.load import validate_tree

            tree = apply_overrides(
                scenario.model_dump(mode="json", by_alias=True, exclude_unset=True), overrides
            )
            if scenario.source_file:
                tree["source_file"] = scenario.source_file
            return validate_tree(tree, default_file=scenario.source_file)
        return scenario
    return load_scenario(scenario, overrides)


def plan_members(
    scenario: Any,
    draws: Sequence[Mapping[str, Any]],
    dists: Mapping[str, Any] | None,
    info: Mapping[str, Mapping[str, Any]],
) -> list[Member]:
    """Members from sampled (or swept, ``dists=None``) values.

    ``draws`` holds one mapping of dotted key to value per member. With ``dists`` (the
    uncertain parameters by key) a draw becomes an override through the parameter's
    ``apply`` rule, using ``info[key]`` (``current`` value, ``integer``) from
    :func:`~lowcarbon_sim.ensemble.spec.check_against`; a swept value is the override itself.
    """
    from lowcarbon_sim.scenario.load import scenario_hash

    base_hash = scenario_hash(scenario)
    members = []
    for i, draw in enumerate(draws):
        over = {}
        for key, value in draw.items():
            if dists is not None:
                k = info[key]
                over[key] = override_value(dists[key], value, k["current"], k["integer"])
            else:
                over[key] = value
        members.append(Member(i, dict(draw), over, member_token(base_hash, over)))
    return members
