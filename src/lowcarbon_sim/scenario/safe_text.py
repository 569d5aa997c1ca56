"""Text a scenario may hold: no NUL characters and no lone surrogates.

Names and descriptions travel into NetCDF attributes, CSV files and reports. HDF5 cuts a
string at a NUL, and a lone surrogate (``"\\ud800"`` in YAML) is not valid Unicode, so
neither can be written: a run would fail only after its solve. :func:`text_problems` finds
them in a scenario tree at load time, naming the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Most problems reported from one tree (the rest are summed up by ScenarioError).
_MAX = 60


def _bad_char(text: str) -> str | None:
    """A description of the first character of ``text`` that cannot be stored, or None."""
    for i, ch in enumerate(text):
        code = ord(ch)
        if code == 0:
            return f"a NUL character at position {i + 1}"
        if 0xD800 <= code <= 0xDFFF:
            return f"a lone surrogate (U+{code:04X}) at position {i + 1}, not valid Unicode"
    return None


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str, bool]]:
    """``(key path, text, is_key)`` of every string key and string value under ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield (*path, key), key, True
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, str(i)))
    elif isinstance(value, str):
        yield path, value, False


def text_problems(tree: Any) -> list[tuple[str, str]]:
    """``(key path, message)`` for each key or text value of ``tree`` that holds a NUL or
    a lone surrogate; empty when all text can be stored."""
    problems = []
    for path, text, is_key in _walk(tree, ()):
        bad = _bad_char(text)
        if bad is None:
            continue
        # the path itself holds the bad character: show it escaped
        shown = ".".join(p.encode("unicode_escape").decode("ascii") for p in path)
        what = "the key name" if is_key else "the text"
        problems.append((shown, f"{what} contains {bad}; names and text cannot hold it"))
        if len(problems) >= _MAX:
            break
    return problems
