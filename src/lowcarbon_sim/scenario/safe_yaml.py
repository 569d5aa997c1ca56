"""A bounded YAML reader for user files: no alias bombs, no deep nesting, no duplicate keys.

PyYAML's ``safe_load`` refuses arbitrary objects but not documents that expand without
bound: anchors and aliases share one node, so a "billion laughs" document stays small until
a later walk over the tree (merging, validation) visits every alias as a copy. This reader
measures the *expanded* size of the composed document (with memoisation on shared nodes, so
the measurement itself stays cheap) and refuses it beyond :data:`MAX_EXPANDED_NODES`; it
refuses nesting beyond :data:`MAX_DEPTH` (PyYAML's composer recurses and would otherwise end
in ``RecursionError``) and a key written twice in one mapping (YAML 1.2 forbids it; PyYAML
keeps the last one silently).
"""

from __future__ import annotations

from typing import Any

import yaml

#: Most nodes the document may hold once every alias is expanded (a scenario has a few
#: thousand; an 8760-value inline profile about 9,000 per profile).
MAX_EXPANDED_NODES = 2_000_000
#: Deepest nesting of mappings and sequences (a scenario nests about six levels).
MAX_DEPTH = 64


class UnsafeYAMLError(yaml.YAMLError):
    """A YAML document beyond the reader's limits; ``problem`` and ``problem_mark`` as in
    PyYAML's own errors."""

    def __init__(self, problem: str, mark: Any = None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: Any):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise UnsafeYAMLError(
                    f"nesting deeper than {MAX_DEPTH} levels", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=False)
                try:
                    first = seen.setdefault(key, key_node.start_mark)
                except TypeError:
                    continue  # unhashable keys are refused by PyYAML itself
                if first is not key_node.start_mark:
                    raise UnsafeYAMLError(
                        f"duplicate key {key!r} (first at line {first.line + 1})",
                        key_node.start_mark,
                    )
        return super().construct_mapping(node, deep=deep)


def _expanded_size(root: yaml.Node) -> int:
    """Nodes of the document with every alias expanded, computed without expanding."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        if isinstance(node, yaml.ScalarNode):
            size[id(node)] = 1
            continue
        kids = (
            [k for pair in node.value for k in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if children_done:
            size[id(node)] = 1 + sum(size.get(id(k), 0) for k in kids)
            if size[id(node)] > MAX_EXPANDED_NODES:
                return size[id(node)]
        else:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in size)
    return size[id(root)]


def safe_load(text: str) -> Any:
    """Parse one YAML document like :func:`yaml.safe_load`, within the module's limits.

    Raises
    ------
    yaml.YAMLError
        For a syntax error, and :class:`UnsafeYAMLError` for a document beyond the limits
        (alias expansion, nesting depth) or with a duplicate key.

    Examples
    --------
    >>> safe_load("a: 1\\nb: [1, 2]")
    {'a': 1, 'b': [1, 2]}
    >>> safe_load("a: 1\\na: 2")
    Traceback (most recent call last):
    ...
    lowcarbon_sim.scenario.safe_yaml.UnsafeYAMLError: duplicate key 'a' (first at line 1)
    """
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        expanded = _expanded_size(node)
        if expanded > MAX_EXPANDED_NODES:
            raise UnsafeYAMLError(
                f"the document expands to more than {MAX_EXPANDED_NODES:,} values through "
                "anchors and aliases (*name); write the values out or use fewer aliases",
                node.start_mark,
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()
