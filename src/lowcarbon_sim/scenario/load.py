"""Loading scenarios: YAML files, ``extends:`` inheritance, dotted overrides, validation.

The layers are merged in this order, later ones winning key by key:

1. the packaged data set named by ``dataset:`` (default ``hunan``), folded from the sourced
   figures in ``lowcarbon_sim/data/<dataset>/``;
2. the ``extends:`` chain, parents first (paths relative to the file that names them);
3. the file itself;
4. overrides (``{"power.techs.wind.capex": 4000}`` or ``--set`` on the CLI).

A mapping merges into a mapping key by key; any other value replaces. ``null`` over a mapping
removes it (its schema default applies again), so a child can drop an inherited technology.
Every problem is reported at once, each with the file that set the key and its key path.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from lowcarbon_sim.data import available_datasets, dataset_tree
from lowcarbon_sim.data.profiles import PACKAGE_PREFIX, resolve_path
from lowcarbon_sim.errors import ScenarioError, ScenarioWarning
from lowcarbon_sim.scenario import safe_yaml
from lowcarbon_sim.scenario.demand_keys import refuse_inert_demand_keys
from lowcarbon_sim.scenario.override_units import warn_bare_number
from lowcarbon_sim.scenario.safe_text import text_problems
from lowcarbon_sim.scenario.schema import Scenario
from lowcarbon_sim.scenario.types import field_named

OVERRIDE_ORIGIN = "override"


def load_scenario(
    path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    data: Mapping[str, Any] | None = None,
) -> Scenario:
    """Load, merge and validate a scenario.

    Parameters
    ----------
    path
        A scenario YAML file. May be ``None`` when ``data`` is given.
    overrides
        Dotted keys and values applied last, e.g. ``{"policy.co2_price": 100}``. A string
        value is parsed as YAML (``"[1, 2]"`` becomes a list), as on the command line.
    data
        A scenario as a Python mapping (used instead of, or on top of, the file).

    Returns
    -------
    Scenario
        The validated, immutable scenario.

    Raises
    ------
    ScenarioError
        Naming the file, the key path, the bad value and what was expected.

    Examples
    --------
    >>> s = load_scenario(data={"dataset": None, "name": "tiny"})
    >>> s.name
    'tiny'
    >>> load_scenario(data={"dataset": None, "nmae": "x"})
    Traceback (most recent call last):
    ...
    lowcarbon_sim.errors.ScenarioError: nmae: unknown key (did you mean 'name'?)
    """
    origin: dict[str, str] = {}
    tree: dict[str, Any] = {}
    file_label = None
    if path is not None:
        path = Path(path)
        file_label = str(path)
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL
            raise ScenarioError([("", f"cannot be read: {exc}")], file=repr(str(path))) from None
        tree = _resolve_file(resolved, origin, chain=())
    if data is not None:
        label = file_label or "<data>"
        tree = _merge(tree, _plain(data), origin, label, ())
    overrides = dict(overrides or {})
    if "dataset" in overrides:  # decides the base layer, so it applies before the others
        tree = _apply_override(tree, "dataset", overrides.pop("dataset"), origin)
    dataset = tree.get("dataset", "hunan")
    if dataset is not None:
        base = dataset_defaults(dataset, file_label)
        base_origin: dict[str, str] = {}
        base = _merge({}, base, base_origin, f"package data '{dataset}'", ())
        base_origin.update(origin)
        origin = base_origin
        tree = _merge(base, tree, origin, "", ())
    if overrides:
        for key, value in overrides.items():
            tree = _apply_override(tree, key, value, origin)
    if path is not None:
        tree["source_file"] = str(Path(path).resolve())
    scenario = validate_tree(tree, origin, default_file=file_label)
    if dataset is not None:
        # keys the user set (not the data set's defaults) that would change nothing
        package = f"package data '{dataset}'"
        refuse_inert_demand_keys(scenario, [k for k, label in origin.items() if label != package])
    if path is not None:
        # kept for errors found after loading (locate_error); the file named as given
        resolved = tree["source_file"]
        scenario._key_origin = {k: file_label if v == resolved else v for k, v in origin.items()}
        scenario._file_label = file_label
    return scenario


def validate_tree(
    tree: Mapping[str, Any], origin: Mapping[str, str] | None = None, default_file=None
) -> Scenario:
    """Validate a merged scenario tree, turning pydantic's errors into one ScenarioError."""
    origin = origin or {}
    bad_text = text_problems(tree)  # NUL, lone surrogates: refused now, not after the solve
    if bad_text:
        raise ScenarioError(bad_text, file=default_file)
    try:
        return Scenario.model_validate(tree)
    except ValidationError as exc:
        problems: list[tuple[str, str]] = []
        files: list[str] = []
        for err in _drop_other_union_members(exc.errors()):
            for key, msg in _describe(err):
                problems.append((key, msg))
                files.append(_origin_of(key, origin) or default_file or "")
        distinct = sorted({f for f in files if f})
        if len(distinct) == 1:
            raise ScenarioError(problems, file=distinct[0]) from None
        problems = [(f"{f}: {k}" if f else k, m) for (k, m), f in zip(problems, files, strict=True)]
        raise ScenarioError(problems) from None


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """The fully resolved scenario as plain YAML-able data (aliases such as `class` used).

    Everything the scenario and its data set give is included, schema defaults are left
    out, and ``dataset`` is null because the data set's figures are already in: loading the
    dict again (``load_scenario(data=...)``) gives the same scenario. Profile files given
    relative to the scenario file are written as absolute paths.
    """
    tree = scenario.model_dump(mode="json", by_alias=True, exclude_unset=True)
    tree["dataset"] = None
    if scenario.source_file:
        # a relative profile file is relative to the scenario file, which the dump does not
        # keep: made absolute, the dump loads the same profiles from any working directory
        _rewrite_relative_profile_files(
            tree, lambda file: str(resolve_path(file, scenario.source_file))
        )
    return tree


def scenario_hash(scenario: Scenario) -> str:
    """SHA-256 of the fully resolved scenario, defaults included (stable across runs and
    machines)."""
    # the data set's name is provenance: its figures are already in the scenario
    full = scenario.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"dataset"})
    text = json.dumps(full, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --------------------------------------------------------------------------------------
# files and inheritance


def read_yaml(path: Path) -> dict[str, Any]:
    """Read one YAML mapping; syntax errors name the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([("", "file not found")], file=str(path)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # a folder, no permission, a loop
        raise ScenarioError([("", f"cannot be read: {exc}")], file=str(path)) from None
    try:
        content = safe_yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        kind = "refused" if isinstance(exc, safe_yaml.UnsafeYAMLError) else "YAML syntax error"
        raise ScenarioError([("", f"{kind} at {where}{problem}")], file=str(path)) from None
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise ScenarioError(
            [("", f"expected a mapping of keys at the top level, got {type(content).__name__}")],
            file=str(path),
        )
    bad = [k for k in content if not isinstance(k, str)]
    if bad:
        raise ScenarioError([(str(bad[0]), "keys at the top level must be names")], file=str(path))
    return content


#: Longest ``extends:`` chain (files from the scenario to its last ancestor).
MAX_EXTENDS_DEPTH = 64


def _parent_path(path: Path, parent: str) -> Path:
    """The file ``parent`` names from ``path``'s folder, resolved (symlinks followed)."""
    if "\0" in parent:
        raise ScenarioError(
            [("extends", f"parent scenario {parent!r}: a file name cannot hold a NUL character")],
            file=str(path),
        )
    try:
        return (path.parent / parent).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a symlink loop
        raise ScenarioError(
            [("extends", f"parent scenario {parent!r} cannot be resolved: {exc}")],
            file=str(path),
        ) from None


def _resolve_file(path: Path, origin: dict[str, str], chain: tuple[Path, ...]) -> dict[str, Any]:
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError(
            [
                (
                    "extends",
                    f"inheritance deeper than {MAX_EXTENDS_DEPTH} files (from {chain[0]}); "
                    "a chain that long is a mistake or a loop through links",
                )
            ],
            file=str(chain[-1]),
        )
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise ScenarioError([("extends", f"inheritance cycle: {cycle}")], file=str(chain[-1]))
    content = read_yaml(path)
    parents = content.pop("extends", None)
    if parents is None:
        parents = []
    elif isinstance(parents, str):
        parents = [parents]
    elif not (isinstance(parents, list) and all(isinstance(p, str) for p in parents)):
        raise ScenarioError(
            [("extends", f"expected a file name or a list of file names, got {parents!r}")],
            file=str(path),
        )
    tree: dict[str, Any] = {}
    for parent in parents:
        parent_path = _parent_path(path, parent)
        if not parent_path.is_file():
            raise ScenarioError(
                [("extends", f"parent scenario '{parent}' not found (looked for {parent_path})")],
                file=str(path),
            )
        parent_tree = _resolve_file(parent_path, origin, (*chain, path))
        if parent_path.parent != path.parent:
            # relative to the parent that names them; from here on, relative to the child
            folder = parent_path.parent
            _rewrite_relative_profile_files(
                parent_tree, lambda file, folder=folder: _relative_path(folder / file, path.parent)
            )
        # no label: origin is only read, to name the parent that wrote an empty mapping
        tree = _merge(tree, parent_tree, origin, "", ())
    return _merge(tree, content, origin, str(path), ())


def _rewrite_relative_profile_files(tree: dict[str, Any], rewrite: Callable[[str], str]) -> None:
    """Apply ``rewrite`` to each profile ``file`` given relative to a scenario file (neither
    ``package:...`` nor absolute). Such paths are relative to the file that names them, and
    are kept relative (machine-independent) until a dump needs them absolute."""
    profiles = tree.get("profiles")
    if not isinstance(profiles, Mapping):
        return
    for profile in profiles.values():
        file = profile.get("file") if isinstance(profile, dict) else None
        relative = isinstance(file, str) and not file.startswith(PACKAGE_PREFIX)
        if relative and not Path(file).is_absolute():
            profile["file"] = rewrite(file)


def _relative_path(target: Path, start: Path) -> str:
    """``target`` relative to the folder ``start``; absolute where none exists (another
    drive on Windows)."""
    try:
        return Path(os.path.relpath(target, start)).as_posix()
    except ValueError:
        return str(target)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _merge(base: Any, top: Any, origin: dict[str, str], label: str, path: tuple) -> Any:
    """Deep-merge ``top`` over ``base``; record in ``origin`` which label set each key
    (with an empty ``label``, ``origin`` is only read, to name who wrote an empty mapping)."""
    if isinstance(top, Mapping) and isinstance(base, Mapping):
        if not top and base and path:
            _warn_empty_mapping(path, base, label or origin.get(".".join(path), ""))
        out = dict(base)
        for key, value in top.items():
            sub = (*path, str(key))
            if value is None and isinstance(base.get(key), Mapping):
                out.pop(key, None)
                if label:
                    origin[".".join(sub)] = label
                continue
            out[key] = _merge(base.get(key), value, origin, label, sub)
        return out
    if label:
        origin[".".join(path)] = label
        _mark_children(top, origin, label, path)
    return top


def _warn_empty_mapping(path: tuple, base: Mapping, who: str) -> None:
    """``key: {}`` over an inherited mapping merges nothing; a user who wrote it most likely
    meant to empty it (this happened to our own benchmarks with ``ccus.sources``)."""
    key = ".".join(path)
    names = ", ".join(map(str, list(base)[:4])) + (" ..." if len(base) > 4 else "")
    warnings.warn(
        f"{who + ': ' if who else ''}{key}: {{}} merges nothing into the {len(base)} inherited "
        f"entries ({names}); write `{key}: null` to remove them",
        ScenarioWarning,
        stacklevel=2,
    )


def _mark_children(value: Any, origin: dict[str, str], label: str, path: tuple) -> None:
    if isinstance(value, Mapping):
        for key, sub in value.items():
            origin[".".join((*path, str(key)))] = label
            _mark_children(sub, origin, label, (*path, str(key)))


def _apply_override(tree: dict, key: str, value: Any, origin: dict[str, str]) -> dict:
    if not isinstance(key, str) or not key or any(not part for part in key.split(".")):
        raise ScenarioError([(str(key), "override keys are dotted paths like 'policy.co2_price'")])
    if isinstance(value, _ParsedText):  # parsed once already (--set)
        value = str(value)
    elif isinstance(value, str):
        try:
            value = safe_yaml.safe_load(value)
        except safe_yaml.UnsafeYAMLError as exc:
            raise ScenarioError([(key, f"refused: {exc.problem}")]) from None
        except yaml.YAMLError:
            pass
    parts = key.split(".")
    warn_bare_number(Scenario, key, value_at(tree, parts), value)
    nested: Any = value
    for part in reversed(parts):
        nested = {part: nested}
    return _merge(tree, nested, origin, OVERRIDE_ORIGIN, ())


def value_at(tree: Any, parts: list[str]) -> Any:
    """The value at the parts of a dotted key in a scenario tree (year keys may be ints), or
    None where the path ends."""
    node = tree
    for part in parts:
        if not isinstance(node, Mapping):
            return None
        node = node.get(part, node.get(int(part)) if part.isdigit() else None)
    return node


class _ParsedText(str):
    """A ``--set`` value that YAML already parsed to a string (``x="off"`` is the text
    ``off``): :func:`load_scenario` takes it as it is instead of parsing it a second time,
    which would turn the quoted ``"off"`` into ``False``."""


def parse_set_option(text: str) -> tuple[str, Any]:
    """Split a CLI ``--set key=value`` into the key and the YAML-parsed value."""
    if "=" not in text:
        raise ScenarioError([(text, "--set expects KEY=VALUE, e.g. policy.co2_price=100")])
    key, raw = text.split("=", 1)
    try:
        value = safe_yaml.safe_load(raw) if raw.strip() else None
    except safe_yaml.UnsafeYAMLError as exc:
        raise ScenarioError([(key.strip(), f"refused: {exc.problem}")]) from None
    except yaml.YAMLError:
        value = raw
    return key.strip(), (_ParsedText(value) if isinstance(value, str) else value)


def _origin_of(key: str, origin: Mapping[str, str]) -> str | None:
    parts = key.split(".")
    for n in range(len(parts), 0, -1):
        label = origin.get(".".join(parts[:n]))
        if label:
            return label
    return None


# --------------------------------------------------------------------------------------
# error messages


def _describe(err: dict) -> list[tuple[str, str]]:
    loc = [str(p) for p in err["loc"] if not _is_union_tag(p)]
    key = ".".join(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        return [(key, f"unknown key{_suggest(loc)}")]
    if kind == "value_error" and not loc:
        # model-level cross-reference checks: one "key: message" per line
        lines = str(err["ctx"]["error"]).splitlines() if "ctx" in err else [err["msg"]]
        out = []
        for line in lines:
            k, _, m = line.partition(": ")
            out.append((k, m) if m else ("", line))
        return out
    if kind == "value_error" and isinstance(err.get("input"), Mapping):
        # a section's own check: lines "sub.key: message" name keys below the section; the
        # section's whole content is not repeated as the bad value
        lines = str(err["ctx"]["error"]).splitlines() if "ctx" in err else [err["msg"]]
        out = []
        for line in lines:
            sub, sep, rest = line.partition(": ")
            if sep and _KEY_LIKE.match(sub):
                out.append((f"{key}.{sub}" if key else sub, rest))
            else:
                out.append((key, line))
        return out
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "missing":
        return [(key, "required key is missing")]
    if loc and loc[-1] == "[key]":  # a mapping key of the wrong kind, e.g. a year series
        key = ".".join(loc[:-1])
        wanted = "a year such as 2030" if kind.startswith("int") else msg
        return [(key, f"the key {err.get('input')!r} is not valid here: expected {wanted}")]
    if kind == "union_tag_invalid" or (kind == "literal_error" and loc and loc[-1] == "class"):
        return [(key, f"{msg} (got {err.get('input')!r})")]
    return [(key, f"{msg} (got {err.get('input')!r})")]


_KEY_LIKE = re.compile(r"^[A-Za-z_][\w\-]*(\.[\w\-]+)*$")


def _drop_other_union_members(errors: list[dict]) -> list[dict]:
    """Keep, for a value that may be a number or a mapping (a year series), only the errors
    of the member that matches the kind of value given."""

    def union_key(err: dict) -> tuple:
        # the key of the value itself: loc up to the first union member's tag (an error
        # inside a mapping member, such as price.2030, belongs to the union at price)
        out = []
        for part in err["loc"]:
            if _is_union_tag(part):
                break
            out.append(part)
        return tuple(out)

    by_key: dict[tuple, int] = {}
    for err in errors:
        key = union_key(err)
        by_key[key] = by_key.get(key, 0) + 1
    kept = []
    for err in errors:
        key = union_key(err)
        own = tuple(p for p in err["loc"] if not _is_union_tag(p)) == key  # not a member's inner
        if by_key[key] > 1 and own:
            is_map = isinstance(err.get("input"), Mapping)
            if not is_map and err["type"] == "dict_type":
                continue
            if is_map and err["type"] in ("float_type", "float_parsing", "string_type"):
                continue
            is_number = isinstance(err.get("input"), int | float) and not isinstance(
                err.get("input"), bool
            )
            if is_number and err["type"] == "string_type":  # a name or a number: a number
                continue
        kept.append(err)
    return kept or errors


def _is_union_tag(part: Any) -> bool:
    # pydantic inserts the union member's type name into loc ('float', 'dict[int,...]', ...)
    return isinstance(part, str) and (
        part in {"float", "int", "str", "bool", "none"}
        or part.startswith(("dict[", "function-", "constrained-", "list["))
    )


def _suggest(loc: list[str]) -> str:
    """' (did you mean 'x'?)' for a misspelt key, using the schema at ``loc``."""
    if not loc:
        return ""
    fields = _fields_at(loc[:-1])
    if not fields:
        return ""
    close = difflib.get_close_matches(loc[-1], fields, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(fields)})"


def _fields_at(loc: list[str]) -> list[str]:
    """Names allowed at ``loc`` in the schema (empty when ``loc`` is a free name level)."""
    import typing

    model: Any = Scenario
    free_name_next = False
    for part in loc:
        if free_name_next:  # a user-chosen key, such as a technology name
            free_name_next = False
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        name = field_named(model, part)
        if name is None:
            return []
        annotation = model.model_fields[name].annotation
        if typing.get_origin(annotation) is dict:
            model, free_name_next = typing.get_args(annotation)[1], True
        else:
            model = annotation
    if free_name_next or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return sorted((f.alias or n) for n, f in model.model_fields.items() if not f.exclude)


# --------------------------------------------------------------------------------------
# packaged data sets


def dataset_defaults(name: str, file_label: str | None = None) -> dict[str, Any]:
    """The scenario tree of a packaged data set (structure plus sourced figures)."""
    if not isinstance(name, str):
        raise ScenarioError(
            [
                (
                    "dataset",
                    f"expected the name of a packaged data set ({', '.join(available_datasets())})"
                    f" or null, got {name!r}",
                )
            ],
            file=file_label,
        )
    try:
        return dataset_tree(name)
    except KeyError:
        raise ScenarioError(
            [
                (
                    "dataset",
                    f"unknown data set '{name}' (available: {', '.join(available_datasets())})",
                )
            ],
            file=file_label,
        ) from None


# --------------------------------------------------------------------------------------
# errors found after loading


def locate_error(error: ScenarioError, scenario: Scenario) -> ScenarioError:
    """Name the file that set each key of an error raised after loading.

    The sector modules and the model inputs find some problems (shares that do not add up,
    availability profiles outside 0..1) only once they compute with the scenario; their
    :class:`ScenarioError` has key paths but no file. The loader recorded which file of the
    ``extends:`` chain, which override or which packaged data set set each key of a scenario
    read from a file; this returns an error that names them (``error`` itself when it
    already has a file, or the scenario was not read from a file).
    """
    origin = scenario._key_origin
    label = scenario._file_label
    if error.file is not None or label is None or not error.problems:
        return error
    fallback = f"package data '{scenario.dataset}'" if scenario.dataset else label
    files = [_origin_of(key, origin) or fallback if key else label for key, _ in error.problems]
    if len(set(files)) == 1:
        return ScenarioError(error.problems, file=files[0])
    problems = [(f"{f}: {k}", m) for (k, m), f in zip(error.problems, files, strict=True)]
    return ScenarioError(problems)


@contextmanager
def errors_located(scenario: Scenario) -> Iterator[None]:
    """Re-raise a :class:`ScenarioError` of the block with its files named
    (:func:`locate_error`): the stages that compute with a loaded scenario run in it."""
    try:
        yield
    except ScenarioError as exc:
        located = locate_error(exc, scenario)
        if located is exc:
            raise
        raise located from exc
