"""The content model is its own documentation: docs/content-model.md cannot disagree with it."""

from __future__ import annotations

import re

from conftest import ROOT

from handout.content.model import Topic
from handout.content.reference import END, START, field_reference

DOC = ROOT / "docs" / "content-model.md"


def _fields() -> set[str]:
    schema = Topic.model_json_schema()
    names = set(schema["properties"])
    for model in schema["$defs"].values():
        names |= set(model.get("properties", {}))
    return names


def test_the_field_reference_is_written_from_the_model() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index(START) : text.index(END) + len(END)] + "\n"
    assert section == field_reference(), "run `make docs` to refresh docs/content-model.md"


def test_every_field_the_guide_names_exists() -> None:
    text = DOC.read_text(encoding="utf-8")
    guide = text[: text.index(START)]
    named = set(re.findall(r"^\| `([a-z_]+)`", guide, re.M))
    assert named, "the guide's tables name fields"
    assert named <= _fields(), sorted(named - _fields())
