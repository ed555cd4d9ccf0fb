"""Readability of a rendered document: Flesch–Kincaid grade, offline (pyphen syllables)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import pyphen

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "div", "section", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "wbr"}
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?])$|:\s+(?=[A-Z])")


class _Blocks(HTMLParser):
    """Text of each block element, skipping <head>, page furniture and data-readability=skip."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    @property
    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text and not self._skipping:
            self.blocks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        skip = (
            tag in {"head", "style", "script"}
            or a.get("data-readability") == "skip"
            or "running" in (a.get("class") or "").split()
        )
        if tag in BLOCKS:
            self._flush()
        self._stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag in BLOCKS:
            self._flush()
        while self._stack:
            name, _ = self._stack.pop()
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


@lru_cache(maxsize=4)
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang, left=1, right=1)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


def syllables(word: str, lang: str = "en_US") -> int:
    if word.isdigit() or (not word.isalpha() and any(c.isdigit() for c in word)):
        return 1
    return len(_dictionary(lang).positions(word.lower())) + 1


def measure_text(blocks: list[str], lang: str = "en_US") -> Readability:
    """Sentences are split at . ! ? and at block ends (a heading or list item is one)."""
    n_sentences = n_words = n_syllables = 0
    for block in blocks:
        for sentence in SENTENCE_END.split(block):
            words = WORD.findall(sentence)
            if not words:
                continue
            n_sentences += 1
            n_words += len(words)
            n_syllables += sum(syllables(w, lang) for w in words)
    return Readability(n_sentences, n_words, n_syllables)


def html_blocks(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


def patient_grade(html: str) -> float:
    """Flesch–Kincaid grade of a rendered English document's reading text."""
    return measure_text(html_blocks(html)).grade
