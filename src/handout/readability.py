"""Readability of rendered text, offline: Flesch–Kincaid (English), Fernández-Huerta (Spanish).

Syllables come from Pyphen's hyphenation dictionaries (no download, unlike textstat ≥ 0.7.9).
Sentences end at . ! ? (and their CJK and Arabic forms) or at the end of a block: a heading or a
list item without a full stop is one sentence. Chinese is counted in characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import pyphen

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "div", "section", "title"}
VOID = {"br", "img", "meta", "link", "hr", "input", "wbr"}
WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|(?<=[。！？])")
HYPHENATION = {"en": "en_US", "es": "es"}


class _Blocks(HTMLParser):
    """Text of each block element, skipping <head>, page furniture and marked sections."""

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
            or "data-readability" in a
            or "data-glossary" in a
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


def html_blocks(html: str) -> list[str]:
    """The reading text of a document, block by block (no glossary, sources or margins)."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


@lru_cache(maxsize=4)
def _dictionary(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHENATION[lang], left=1, right=1)


def syllables(word: str, lang: str = "en") -> int:
    if any(c.isdigit() for c in word) or lang not in HYPHENATION:
        return 1
    return len(_dictionary(lang).positions(word.lower())) + 1


def sentences_of(block: str, lang: str = "en") -> list[str]:
    return [s for s in SENTENCE_END.split(block) if s.strip()]


def words_of(sentence: str, lang: str = "en") -> list[str]:
    if lang == "zh":
        return CJK.findall(sentence) + [w for w in WORD.findall(CJK.sub(" ", sentence))]
    return WORD.findall(sentence)


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    lang: str = "en"

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level (English)."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def fernandez_huerta(self) -> float:
        """Fernández-Huerta reading ease (Spanish; higher is easier, 60+ is plain)."""
        if not self.words or not self.sentences:
            return 0.0
        per100_syllables = 100 * self.syllables / self.words
        per100_sentences = 100 * self.sentences / self.words
        return 206.84 - 0.60 * per100_syllables - 1.02 * per100_sentences

    def sentence_words(self, sentence: str) -> int:
        return len(words_of(sentence, self.lang))


def measure_text(blocks: list[str], lang: str = "en") -> Readability:
    """Count sentences, words and syllables over ``blocks``."""
    n_sentences = n_words = n_syllables = 0
    for block in blocks:
        for sentence in sentences_of(block, lang):
            words = words_of(sentence, lang)
            if not words:
                continue
            n_sentences += 1
            n_words += len(words)
            n_syllables += sum(syllables(w, lang) for w in words)
    return Readability(n_sentences, n_words, n_syllables, lang)
