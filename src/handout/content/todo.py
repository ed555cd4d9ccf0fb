"""Placeholders a new topic starts with (``TODO: ...``): text still to write, never accepted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import Problem
from .validate import format_path, position
from .yamlstrict import Parsed

PLACEHOLDER = re.compile(r"^\s*TODO\b")


def _strings(node: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*loc, i))
    elif isinstance(node, str):
        yield loc, node


def still_to_write(name: str, parsed: Parsed) -> list[Problem]:
    """Every value of the file that is still a ``TODO`` placeholder, at its line and column."""
    problems = []
    for loc, text in _strings(parsed.data, ()):
        if PLACEHOLDER.match(text):
            line, col = position(parsed, loc, prefer_key=False)
            problems.append(Problem(name, line, col, format_path(loc), f"still to write: {text}"))
    return problems
