"""Jargon: words a lay reader may not know, and whether a document defines them.

A term is jargon when the project's ``locales/<lang>/jargon.txt`` lists it or when it is rarer
than Zipf 3.0 in wordfreq's (bundled, offline) frequency lists. ``term_used`` is the one rule
for "does this text use this term", shared with the "Words to know" box.
"""

from __future__ import annotations

import re
from pathlib import Path

ZIPF_RARE = 3.0
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def term_used(term: str, text: str, script: str = "latin") -> bool:
    """Whether lower-cased ``text`` uses ``term`` (a word or phrase, plural forms included).

    Chinese has no spaces between words and Arabic joins articles and prepositions to them,
    so for those scripts any occurrence counts.
    """
    term = term.lower()
    if script in {"han", "arabic"}:
        return term in text
    return bool(re.search(rf"(?<!\w){re.escape(term)}(?:s|es)?(?!\w)", text))


def load_jargon(locales_dir: Path, lang: str) -> list[str]:
    """The project's list of terms that need defining for lay readers in ``lang``."""
    path = locales_dir / lang / "jargon.txt"
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip().lower() for line in lines if line.strip() and not line.startswith("#")]


def _defined(term: str, glossary: list[str]) -> bool:
    term = term.lower()
    for entry in glossary:
        entry = entry.lower()
        if term in entry.split() or term == entry or term.rstrip("s") in entry.split():
            return True
        if term in entry or entry in term:
            return True
    return False


def _rare_words(text: str, lang: str) -> set[str]:
    from wordfreq import zipf_frequency

    rare = set()
    for word in WORD.findall(text):
        low = word.lower()
        if len(low) > 3 and zipf_frequency(low, lang) < ZIPF_RARE:
            rare.add(low)
    return rare


def find_jargon(
    text: str, lang: str, listed: list[str], glossary: list[str], allowed: set[str]
) -> tuple[list[str], list[str]]:
    """Terms in ``text`` a lay reader may not know: (undefined, defined)."""
    low = text.lower()
    found = {t for t in listed if term_used(t, low)}
    if lang in {"en", "es"}:
        found |= _rare_words(text, lang)
    found = {t for t in found if t not in allowed}
    undefined = sorted(t for t in found if not _defined(t, glossary))
    defined = sorted(t for t in found if _defined(t, glossary))
    return undefined, defined
