"""Topic files: strict YAML → Topic, with the checks that need the whole topic.

Ids unique per list, citations that exist, areas that exist, placeholders that name figures and
no numbers typed into text; every problem of a file reported at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ContentError, Problem
from .characters import SAFETY_SECTIONS, letters_problem
from .model import Topic
from .project import Project
from .texts import entries, placeholders, typed_numbers
from .todo import still_to_write
from .validate import Loc, format_path, position, read_input, validate_yaml
from .yamlstrict import Parsed


def _walk_models(node: Any, loc: Loc):  # type: ignore[no-untyped-def]
    """Yield (loc, model) for every model inside ``node``."""
    if isinstance(node, BaseModel):
        yield loc, node
        for field in type(node).model_fields:
            yield from _walk_models(getattr(node, field), (*loc, field))
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from _walk_models(item, (*loc, i))


def _reference_problems(name: str, parsed: Parsed, topic: Topic) -> list[Problem]:
    problems: list[Problem] = []

    def add(loc: Loc, message: str) -> None:
        line, col = position(parsed, loc, prefer_key=False)
        problems.append(Problem(name, line, col, format_path(loc), message))

    ref_ids = [r.id for r in topic.references]
    area_ids = [a.id for a in topic.areas]
    seen_lists: dict[Loc, dict[str, Loc]] = {}
    for loc, model in _walk_models(topic, ()):
        if loc and isinstance(loc[-1], int) and "id" in type(model).model_fields:
            ids = seen_lists.setdefault(loc[:-1], {})
            ident = model.id  # type: ignore[attr-defined]
            if ident in ids:
                first = position(parsed, (*ids[ident], "id"), prefer_key=False)[0]
                add(
                    (*loc, "id"),
                    f"expected a unique id, found '{ident}' again (first at line {first})",
                )
            else:
                ids[ident] = loc
        for i, cite in enumerate(getattr(model, "cites", None) or []):
            if cite not in ref_ids:
                hint = difflib.get_close_matches(cite, ref_ids, n=1)
                extra = f"; did you mean '{hint[0]}'?" if hint else ""
                add((*loc, "cites", i), f"expected a reference id, found '{cite}'{extra}")
        area = getattr(model, "area", None)
        if isinstance(area, str) and area not in area_ids:
            add((*loc, "area"), f"expected one of the areas {area_ids}, found '{area}'")
    return problems


def _text_problems(name: str, parsed: Parsed, topic: Topic) -> list[Problem]:
    """Placeholders must name a figure; numbers must be figures, never typed into text."""
    problems: list[Problem] = []
    used: set[str] = set()
    for entry in entries(topic):
        line, col = position(parsed, entry.loc, prefer_key=False)
        where = format_path(entry.loc)
        for name_ in placeholders(entry.text):
            used.add(name_)
            if name_ not in topic.figures:
                known = ", ".join(sorted(topic.figures)) or "none defined"
                found = f"expected a figure defined under 'figures' ({known}), found {{{name_}}}"
                problems.append(Problem(name, line, col, where, found))
        for number in dict.fromkeys(typed_numbers(entry.text, topic.terms)):
            found = (
                f"expected numbers as figures (write {{name}} and give the value under "
                f"'figures', or list a name such as 'type 2 diabetes' under 'terms'), found "
                f"the number '{number}' typed into the text"
            )
            problems.append(Problem(name, line, col, where, found))
    for entry in entries(topic):
        found = letters_problem(entry.text) if entry.loc[0] in SAFETY_SECTIONS else None
        if found:
            loc = entry.loc if entry.loc in parsed.positions else entry.loc[:-1]
            line, col = position(parsed, loc, prefer_key=False)
            problems.append(Problem(name, line, col, format_path(loc), found))
    for name_ in sorted(set(topic.figures) - used):
        line, col = position(parsed, ("figures", name_), prefer_key=True)
        found = f"expected every figure to be used in some text, found '{name_}' unused"
        problems.append(Problem(name, line, col, f"figures.{name_}", found))
    return problems


def load_topic(path: Path, display: str | None = None) -> Topic:
    """Read and validate one topic file; raise ContentError listing every problem."""
    name = display or str(path)
    return load_topic_text(read_input(path, name), name, expected_id=path.stem)


def load_topic_text(raw: bytes, name: str, expected_id: str | None = None) -> Topic:
    """Validate topic YAML given as bytes; ``name`` is used in messages."""
    topic, parsed = validate_yaml(raw, name, Topic, "topic")
    problems = still_to_write(name, parsed)
    problems += _reference_problems(name, parsed, topic) + _text_problems(name, parsed, topic)
    if expected_id is not None and topic.id != expected_id:
        line, col = position(parsed, ("id",), prefer_key=False)
        found = f"expected '{expected_id}' (the file name), found '{topic.id}'"
        problems.append(Problem(name, line, col, "id", found))
    if problems:
        raise ContentError(problems)
    return topic


def load_topics(project: Project, names: Iterable[str]) -> dict[str, Topic]:
    """Load every named topic of ``project``; one ContentError holds the problems of all."""
    loaded: dict[str, Topic] = {}
    problems: list[Problem] = []
    for name in dict.fromkeys(names):
        path = project.topic_file(name)
        try:
            loaded[name] = load_topic(path, project.display(path))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return loaded
