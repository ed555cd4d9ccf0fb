"""Where a piece of a rendered leaflet came from: the YAML field, line and column.

Literacy checks read the rendered document (what the reader sees: texts translated, figures
filled in, template words around them). To name a line, each block of reading text is matched
back to the topic text it shows: the words of the block against the words of each text as
shown (``shown`` is the topic in the document's locale, figures filled), by overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.model import Topic
from ..content.texts import Entry, entries
from ..content.validate import format_path, position
from ..content.yamlstrict import Parsed
from .jargon import term_used
from .readability import sentences_of

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_OVERLAP = 0.6  # the share of a text's words a block must hold to count as showing it


@dataclass(frozen=True)
class Place:
    """A field of a topic file: ``file:line:col: path``."""

    file: str
    line: int
    col: int
    path: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.path}"


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class Locator:
    """Finds the patient-visible texts of one topic in a rendered document's text."""

    def __init__(self, topic: Topic, shown: Topic, parsed: Parsed, file: str) -> None:
        as_shown = {e.loc: e.text for e in entries(shown)}
        self.file, self.parsed = file, parsed
        self.texts: list[tuple[Entry, str]] = [
            (e, as_shown.get(e.loc, e.text))
            for e in entries(topic)
            if e.shown and "patient" in e.where
        ]

    def place(self, entry: Entry) -> Place:
        line, col = position(self.parsed, entry.loc, prefer_key=False)
        return Place(self.file, line, col, format_path(entry.loc))

    def block(self, block: str) -> Place | None:
        """The text a block of the document shows (the best match, if any is good enough)."""
        have = set(_words(block))
        best, best_score = None, 0.0
        for entry, text in self.texts:
            words = _words(text)
            if not words:
                continue
            score = sum(w in have for w in words) / max(len(words), len(have) * 0.5)
            if score > best_score:
                best, best_score = entry, score
        return self.place(best) if best is not None and best_score >= MIN_OVERLAP else None

    def term(self, term: str, script: str = "latin") -> list[Place]:
        """Every text that uses ``term`` (as the reader sees it)."""
        return [self.place(e) for e, text in self.texts if term_used(term, text.lower(), script)]

    def sentence(self, sentence: str, lang: str) -> list[Place]:
        """Every text that says ``sentence`` (as one of its sentences)."""
        wanted = _words(sentence)
        return [
            self.place(e)
            for e, text in self.texts
            if any(_words(s) == wanted for s in sentences_of(text, lang))
        ]
