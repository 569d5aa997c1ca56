"""Property: mutate a shipped scenario anywhere and ``lowcarbon-sim validate`` either accepts
it or exits with code 2 and the library's own message naming a key; never a traceback or an
internal error (exit 1).

Each example takes one shipped scenario, either as its file (``extends:`` kept) or fully
resolved (every technology, fuel and sector figure from the packaged data written out), and
applies one mutation: a leaf replaced by a value of the wrong type, a negative number or a
string with a wrong unit; a key misspelt, deleted or added.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lowcarbon_sim.cli import main
from lowcarbon_sim.scenario.load import load_scenario, scenario_to_dict

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))

# a key path as the messages write it ("power.techs.coal.capex") or a top-level key
KEY_IN_MESSAGE = re.compile(r"(^|[\s:])([A-Za-z_][\w\-]*(\.[\w\-]+)*): ")


def _raw(path: Path) -> dict:
    tree = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "extends" in tree:  # the mutated copy lives elsewhere: point at the shipped parent
        tree["extends"] = str((path.parent / tree["extends"]).resolve())
    return tree


def _trees() -> list[tuple[str, dict]]:
    out = []
    for path in SCENARIOS:
        out.append((f"{path.name} (file)", _raw(path)))
        out.append((f"{path.name} (resolved)", scenario_to_dict(load_scenario(path))))
    return out


TREES = _trees()


def _paths(tree, prefix=()) -> tuple[list[tuple], list[tuple]]:
    """(leaf paths, mapping paths) of a YAML tree; list items are leaves by index."""
    leaves, maps = [], [prefix]
    items = tree.items() if isinstance(tree, dict) else enumerate(tree)
    for key, value in items:
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            sub_leaves, sub_maps = _paths(value, path)
            leaves += sub_leaves
            maps += sub_maps
        elif isinstance(value, list) and value and not isinstance(tree, list):
            leaves += [(*path, i) for i in range(len(value))] + [path]
        else:
            leaves.append(path)
    return leaves, maps


def _copy(tree):
    if isinstance(tree, dict):
        return {k: _copy(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_copy(v) for v in tree]
    return tree


def _at(tree, path):
    for key in path:
        tree = tree[key]
    return tree


WRONG_VALUES = st.sampled_from(
    [[1, 2], {"a": 1}, True, "not a number", None, "", 1e308 * 10, -1, -1e6, -0.5]
)
WRONG_UNITS = st.sampled_from(["5 furlongs", "3 MW", "7 t CO2", "2 yuan/kW", "12 %", "1 h"])


def _misspell(key: str, i: int) -> str:
    if len(key) < 2:
        return key + "x"
    i %= len(key) - 1
    return key[:i] + key[i + 1] + key[i] + key[i + 2 :] if key[i] != key[i + 1] else key + "s"


@st.composite
def mutated(draw):
    """(label, description of the mutation, mutated tree)."""
    label, original = draw(st.sampled_from(TREES))
    tree = _copy(original)
    leaves, maps = _paths(tree)
    kind = draw(st.sampled_from(["value", "negative", "unit", "misspell", "delete", "add"]))
    if kind in ("value", "negative", "unit"):
        path = draw(st.sampled_from(leaves))
        parent, key = _at(tree, path[:-1]), path[-1]
        if kind == "value":
            new = draw(WRONG_VALUES)
        elif kind == "unit":
            new = draw(WRONG_UNITS)
        else:
            old = parent[key]
            number = isinstance(old, int | float) and not isinstance(old, bool)
            new = -abs(old) - 1 if number else -1
        parent[key] = new
        return label, f"{kind}: {'.'.join(map(str, path))} = {new!r}", tree
    if kind == "add":
        path = draw(st.sampled_from(maps))
        _at(tree, path)["unexpected_key"] = 1
        return label, f"add: {'.'.join(map(str, (*path, 'unexpected_key')))}", tree
    keyed = [p for p in leaves + maps if p and isinstance(p[-1], str)]
    path = draw(st.sampled_from(keyed))
    parent, key = _at(tree, path[:-1]), path[-1]
    value = parent.pop(key)
    if kind == "misspell":
        parent[_misspell(key, draw(st.integers(0, 50)))] = value
    return label, f"{kind}: {'.'.join(map(str, path))}", tree


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutations")


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
@given(case=mutated())
def test_validate_accepts_or_names_the_problem(folder, case):
    label, mutation, tree = case
    path = folder / "mutated.yaml"
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), encoding="utf-8")
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["validate", str(path)])
    message = err.getvalue()
    context = f"{label}, {mutation}:\n{message}"
    assert code in (0, 2), context
    if code == 2:
        assert message.startswith("error: "), context
        assert "Traceback" not in message and "internal error" not in message, context
        assert KEY_IN_MESSAGE.search(message.removeprefix("error: ")), context
    else:  # valid: nothing printed to stderr but one-line scenario warnings
        assert all(line.startswith("warning: ") for line in message.splitlines()), context
