"""Strict YAML reading: a node walk that keeps positions and refuses YAML's surprises."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_STRING = 5000

Path = tuple[str | int, ...]

# YAML 1.2 core schema for plain scalars; everything else is a string.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


@dataclass
class Issue:
    line: int
    column: int
    path: Path
    message: str


@dataclass
class Parsed:
    """Plain data plus the position of every value and key in it."""

    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


class _Strict:
    """Composes nodes without resolving implicit YAML 1.1 types; flags anchors and tags.

    Mixed into a loader with PyYAML's Composer, over either parser: libyaml's (fast) or
    PyYAML's own (whose errors messages report).
    """

    issues: list[Issue]
    _depth: int

    def _flag(self, mark: yaml.Mark, message: str) -> None:
        self.issues.append(Issue(mark.line + 1, mark.column + 1, (), message))

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.get_event()  # type: ignore[attr-defined]
            self._flag(event.start_mark, f"expected plain data, found an alias '*{event.anchor}'")
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.peek_event()  # type: ignore[attr-defined]
        if getattr(event, "anchor", None):
            self._flag(event.start_mark, f"expected plain data, found an anchor '&{event.anchor}'")
            event.anchor = None
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self._flag(event.start_mark, f"expected plain data, found the tag '{tag}'")
            event.tag = None
        self._depth += 1
        if self._depth > MAX_DEPTH:
            self._depth = 0
            raise yaml.MarkedYAMLError(
                problem=f"expected at most {MAX_DEPTH} levels of nesting",
                problem_mark=event.start_mark,
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[misc, no-any-return]
        finally:
            self._depth -= 1


class _Loader(_Strict, Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pure-Python reader, scanner and parser."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.issues, self._depth = [], 0


_FastLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser

    class _CLoader(_Strict, Composer, CParser, BaseResolver):  # type: ignore[misc]
        """libyaml's scanner and parser (ten times faster), the same composer and checks."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            BaseResolver.__init__(self)
            self.issues, self._depth = [], 0

    _FastLoader = _CLoader


def _compose(text: str, loader_class: type) -> tuple[Node | None, list[Issue]]:
    loader = loader_class(text)
    try:
        return loader.get_single_node(), loader.issues
    finally:
        loader.dispose()


def _scalar(node: ScalarNode) -> Any:
    value = node.value
    if node.style:  # quoted or block scalar: always a string (plain is None, or "" from libyaml)
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value


def _walk(node: Node, path: Path, out: Parsed) -> Any:
    mark = node.start_mark
    out.positions[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, ScalarNode):
        if len(node.value) > MAX_STRING:
            out.issues.append(
                Issue(
                    mark.line + 1,
                    mark.column + 1,
                    path,
                    f"expected at most {MAX_STRING} characters, found {len(node.value)}",
                )
            )
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_walk(item, (*path, i), out) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        kmark = key_node.start_mark
        where = (kmark.line + 1, kmark.column + 1)
        if not isinstance(key_node, ScalarNode):
            out.issues.append(Issue(*where, path, "expected a plain key, found a collection"))
            continue
        key = key_node.value
        if key == "<<" and not key_node.style:
            out.issues.append(Issue(*where, path, "expected plain data, found a merge key '<<'"))
            continue
        if key in result:
            first = out.key_positions[(*path, key)]
            out.issues.append(
                Issue(
                    *where,
                    (*path, key),
                    f"expected each key once, found a duplicate (first at line {first[0]})",
                )
            )
            continue
        out.key_positions[(*path, key)] = where
        result[key] = _walk(value_node, (*path, key), out)
    return result


def parse(text: str) -> Parsed:
    """Parse one YAML document strictly; structural problems are returned, syntax errors raised.

    Raises ``yaml.YAMLError`` (with a mark where known) on syntax errors, several documents,
    or nesting deeper than ``MAX_DEPTH``.
    """
    try:
        node, issues = _compose(text, _FastLoader or _Loader)
    except yaml.YAMLError:
        # libyaml words its errors differently: PyYAML's own parser says what went wrong.
        node, issues = _compose(text, _Loader)
    out = Parsed(data=None)
    out.issues.extend(issues)
    if node is not None:
        out.data = _walk(node, (), out)
    return out
