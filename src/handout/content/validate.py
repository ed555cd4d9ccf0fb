"""Strict YAML bytes → a validated model, every problem located as file:line:col: path.

Shared by topics and clinic profiles: the loader walks YAML nodes (``yamlstrict``), pydantic
validates, and each pydantic error is turned into a message that says what was expected and
what was found, at the line and column of the offending node.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem
from .characters import character_problem, strings
from .yamlstrict import MAX_BYTES, Parsed, parse

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """``('evidence', 0, 'effect')`` → ``evidence[0].effect``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'" if value else "empty text"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_REWRITES = (
    ("Input should be ", "expected "),
    ("String should have ", "expected text with "),
    ("String should match pattern ", "expected text matching "),
    ("List should have ", "expected a list with "),
    ("Tuple should have ", "expected a pair with "),
    ("Value error, ", ""),
)


def _model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for 'did you mean')."""
    ann: Any = root
    for part in loc:
        ann = _unwrap(ann, want_model=isinstance(part, str))
        if isinstance(part, int):
            args = typing.get_args(ann)
            ann = args[0] if args else None
        elif isinstance(ann, type) and issubclass(ann, BaseModel) and part in ann.model_fields:
            ann = ann.model_fields[part].annotation
        else:
            return None
    ann = _unwrap(ann, want_model=True)
    return ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None


def _unwrap(ann: Any, want_model: bool) -> Any:
    while True:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            ann = typing.get_args(ann)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(ann) if a is not type(None)]
            models = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
            ann = models[0] if (want_model and models) else members[0]
        else:
            return ann


def _message(err: Any, root: type[BaseModel]) -> str:
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    if kind == "missing":
        return f"expected '{loc[-1]}', found nothing (this field is required)"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        model = _model_at(loc[:-1], root)
        known = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"
        return f"expected a known field, found unknown field '{name}'{hint}"
    msg: str = err["msg"]
    for prefix, replacement in _REWRITES:
        if msg.startswith(prefix):
            msg = replacement + msg[len(prefix) :]
            break
    else:
        msg = msg[:1].lower() + msg[1:]
    msg = re.sub(r"a valid dictionary( or instance of \w+)?", "a mapping", msg)
    if "found" not in msg and kind != "value_error":
        msg += f", found {_describe(err.get('input'))}"
    return msg


def position(parsed: Parsed, loc: Loc, prefer_key: bool) -> tuple[int, int]:
    if prefer_key and loc in parsed.key_positions:
        return parsed.key_positions[loc]
    probe = loc
    while probe:
        if probe in parsed.positions:
            return parsed.positions[probe]
        probe = probe[:-1]
    return parsed.positions.get((), (1, 1))


def _validation_problems(
    name: str, parsed: Parsed, exc: ValidationError, root: type[BaseModel]
) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc: Loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "missing":
            line, col = position(parsed, loc[:-1], prefer_key=True)
        else:
            line, col = position(parsed, loc, prefer_key=kind == "extra_forbidden")
        problems.append(Problem(name, line, col, format_path(loc), _message(err, root)))
    return problems


def read_input(path: Path, name: str) -> bytes:
    """The bytes of an input file, or a ContentError naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read file: {exc.strerror}")]) from exc


def character_problems(name: str, parsed: Parsed) -> list[Problem]:
    """Bidi controls, invisible and control characters, stacked marks: in any string."""
    problems = []
    for loc, text in strings(parsed.data):
        found = character_problem(text)
        if found:
            line, col = position(parsed, loc, prefer_key=False)
            problems.append(Problem(name, line, col, format_path(loc), found))
    return problems


M = TypeVar("M", bound=BaseModel)


def validate_yaml(raw: bytes, name: str, model: type[M], what: str) -> tuple[M, Parsed]:
    """Strictly parse YAML bytes and validate them as ``model``; raise ContentError listing
    every problem, each located by line and column in ``name``."""
    if len(raw) > MAX_BYTES:
        raise ContentError(
            [Problem(name, 1, 1, "", f"expected at most {MAX_BYTES} bytes, found {len(raw)}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        found = f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}"
        raise ContentError([Problem(name, line, col, "", found)]) from exc
    text = text.removeprefix("\ufeff")
    try:
        parsed = parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        raise ContentError([Problem(name, line, col, "", f"invalid YAML: {problem}")]) from exc
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, 1, 1, "", f"invalid YAML: {exc}")]) from exc

    problems = [
        Problem(name, i.line, i.column, format_path(i.path), i.message) for i in parsed.issues
    ]
    problems += character_problems(name, parsed)
    if not isinstance(parsed.data, dict):
        found = f"expected a mapping of {what} fields, found {_describe(parsed.data)}"
        raise ContentError([*problems, Problem(name, 1, 1, "", found)])
    try:
        instance = model.model_validate(parsed.data)
    except ValidationError as exc:
        problems.extend(_validation_problems(name, parsed, exc, model))
        raise ContentError(problems) from exc
    if problems:
        raise ContentError(problems)
    return instance, parsed
