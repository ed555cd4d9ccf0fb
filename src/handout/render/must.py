"""Texts that must reach the PDF: what every document must show, collected from its HTML.

``data-must="key"`` elements hold text that verification must find again in the PDF;
``data-part`` marks a section that has to be rendered (its items carry their own
``data-must``); ``data-furniture`` is the text of the page margins, which verification removes
so that it can read across page breaks. Inside a ``data-scope="name"`` element (a topic in a
packet) keys are prefixed ``name/``, so that several documents' texts can be told apart;
the page-number words are shared by the whole PDF and keep their key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.clinic import Clinic
from ..content.model import Topic
from ..literacy.htmltext import (
    BLOCKS,
    Attrs,
    Blocks,
    LangSpan,
    LangSpans,
    TextWalker,
    walk_together,
)


@dataclass
class Rendered:
    """An HTML document, the texts that must survive into its PDF by key, and its parts in
    another language (which the PDF must mark with theirs)."""

    html: str
    must: dict[str, str] = field(default_factory=dict)
    furniture: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    spans: tuple[LangSpan, ...] = ()


SHARED_FURNITURE = frozenset({"page-word", "of-word"})


class MustCollector(TextWalker):
    """Collects the text of every ``data-must`` element, every ``data-part`` name and the
    page furniture."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self.furniture: dict[str, str] = {}
        self.parts: set[str] = set()
        self._open: list[tuple[str, int, list[str]]] = []
        self._scopes: list[tuple[str, int]] = []

    def _key(self, key: str) -> str:
        if not self._scopes or key in SHARED_FURNITURE:
            return key
        return f"{self._scopes[-1][0]}/{key}"

    def opened(self, tag: str, attrs: Attrs) -> None:
        if tag in BLOCKS:  # a new line, paragraph or item also separates words
            self.text(" ")
        if attrs.get("data-scope"):
            self._scopes.append((attrs["data-scope"], self.depth))
        if attrs.get("data-part"):
            self.parts.add(self._key(attrs["data-part"]))
        if attrs.get("data-must"):
            self._open.append((self._key(attrs["data-must"]), self.depth, []))
        if attrs.get("data-furniture"):
            key = self._key(attrs["data-furniture"])
            self._open.append(("furniture:" + key, self.depth, []))

    def closed(self, tag: str, attrs: Attrs) -> None:
        while self._open and self._open[-1][1] > self.depth:
            key, _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if key.startswith("furniture:"):
                self.furniture[key.removeprefix("furniture:")] = text
            else:
                self.found[key] = text
        while self._scopes and self._scopes[-1][1] > self.depth:
            self._scopes.pop()

    def text(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)


@dataclass
class Reading:
    """What one parse of a rendered document gives: must-texts, reading text, other languages."""

    must: MustCollector
    blocks: list[str]
    spans: tuple[LangSpan, ...]


def read(html: str) -> Reading:
    must, blocks, spans = MustCollector(), Blocks(), LangSpans()
    walk_together(html, must, blocks, spans)
    return Reading(must, blocks.blocks, tuple(spans.spans))


def required_keys(topic: Topic, clinic: Clinic | None = None, locale: str = "en") -> list[str]:
    """What every document of ``topic`` must show, whatever the template."""
    keys = ["consult", "consult-urgent", "regulatory", "cautions"]
    if clinic is not None and (clinic.profile.contact_for(locale) or clinic.profile.phone):
        keys.append("clinic-contact")
    keys += [f"caution:{c.id}" for c in topic.cautions]
    keys += [f"jurisdiction:{j.id}" for j in topic.regulatory.jurisdictions]
    return keys


def missing_parts(found: MustCollector, keys: list[str]) -> list[str]:
    """The required ``keys`` that a document, whose texts are ``found``, does not render."""
    return [k for k in keys if not found.found.get(k) and k not in found.parts]
