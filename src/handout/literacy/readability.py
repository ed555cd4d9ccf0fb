"""Readability of rendered text, offline: Flesch–Kincaid (English), Fernández-Huerta (Spanish).

Syllables come from Pyphen's hyphenation dictionaries (no download, unlike textstat ≥ 0.7.9).
Sentences end at . ! ? (and their CJK and Arabic forms) or at the end of a block: a heading or a
list item without a full stop is one sentence. Chinese is counted in characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|(?<=[。！？])")
HYPHENATION = {"en": "en_US", "es": "es"}


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
