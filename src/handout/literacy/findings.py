"""Findings a content author acts on: each problem at the YAML field its text came from, and
sentences said more than once."""

from __future__ import annotations

from .locate import Locator

# A repeated sentence is one that ends like a sentence and is long enough to be read twice:
# labels (a column heading under an icon array) and formulas ("Tell your provider.") are not.
_SENTENCE_END = ".!?。！？؟"
REPEAT_MIN_WORDS, REPEAT_MIN_CHARS = 6, 12  # words, or characters in scripts without spaces


def repeated(sentences: list[str]) -> list[str]:
    """Sentences that appear more than once (compared without case or spacing)."""
    seen: dict[str, int] = {}
    for sentence in sentences:
        key = " ".join(sentence.casefold().split())
        long_enough = len(key.split()) >= REPEAT_MIN_WORDS or (
            " " not in key and len(key) >= REPEAT_MIN_CHARS
        )
        if key and key[-1] in _SENTENCE_END and long_enough:
            seen[key] = seen.get(key, 0) + 1
    return [s for s, n in seen.items() if n > 1]


def located(
    locator: Locator | None,
    undefined: list[str],
    hardest: tuple[str, float] | None,
    paragraph_failure: str,
    script: str,
) -> list[str]:
    """Each failure that one text explains, at that text's YAML field."""
    if locator is None:
        return []
    found = []
    if paragraph_failure and hardest:
        place = locator.block(hardest[0])
        if place is not None:
            found.append(f"{place}: {paragraph_failure}")
    for term in undefined:
        for place in locator.term(term, script):
            found.append(
                f"{place}: undefined jargon '{term}': define it under glossary: or say it plainly"
            )
    return found


def repeated_notes(locator: Locator | None, sentences: list[str], lang: str) -> list[str]:
    """Sentences the leaflet says more than once (a content author's copy and paste)."""
    seen: dict[str, int] = {}
    for sentence in sentences:
        if len(sentence.split()) >= REPEAT_MIN_WORDS or lang not in {"en", "es"}:
            key = " ".join(sentence.lower().split())
            seen[key] = seen.get(key, 0) + 1
    notes = []
    for key, count in seen.items():
        if count < 2 or len(key) < 20:
            continue
        places = locator.sentence(key, lang) if locator is not None else []
        if places:  # what templates repeat (a certainty verb per outcome) is meant
            where = ", ".join(str(p) for p in places)
            notes.append(f"{where}: repeated sentence ({count} times): {key[:100]}")
    return notes
