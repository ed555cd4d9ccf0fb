"""Characters a reader can see: what text may hold, and whether a warning says anything at all.

Bidirectional controls reorder what is printed, zero-width and control characters hide it,
and a stack of combining marks paints over the lines around it; all of them are refused where
text is read (topics, clinic profiles, catalogs), with the character named. A caution, a
regulatory statement or the consult section must also hold letters once normalised: a soft
hyphen or a full stop alone prints nothing a reader can act on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed by Arabic, Indic scripts and emoji
ALLOWED_CONTROLS = frozenset("\t\n")
SOFT_HYPHEN = "\u00ad"
# Sections whose every text must say something: who should be careful, what the regulators
# decided, when and how to reach a provider.
SAFETY_SECTIONS = frozenset({"cautions", "regulatory", "consult"})
MAX_MARKS = 3
# Scripts (the first word of a character's Unicode name) whose spelling uses ZWJ or ZWNJ.
JOINING_SCRIPTS = frozenset(
    {"ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI",
     "ORIYA", "TAMIL", "TELUGU", "KANNADA", "MALAYALAM", "SINHALA", "MYANMAR", "KHMER",
     "TIBETAN"}
)  # fmt: skip
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}
# ISO 15924 script codes (as Babel's likely subtags give them) → Unicode name prefixes.
SCRIPT_LETTERS = {
    "Latn": ("LATIN",),
    "Arab": ("ARABIC",),
    "Hans": ("CJK",),
    "Hant": ("CJK",),
    "Hani": ("CJK",),
    "Jpan": ("CJK", "HIRAGANA", "KATAKANA"),
    "Kore": ("HANGUL", "CJK"),
    "Cyrl": ("CYRILLIC",),
    "Grek": ("GREEK",),
    "Hebr": ("HEBREW",),
    "Deva": ("DEVANAGARI",),
    "Thai": ("THAI",),
}


def describe(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    code = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        kind = unicodedata.category(char)
        name = {"Cc": "a control character", "Co": "a private-use character"}.get(
            kind, "an unassigned character"
        )
    return f"U+{code:04X} ({name})"


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0]


def _joins(text: str, i: int) -> bool:
    """Whether the joiner at ``i`` sits between characters of a script that uses it."""
    before = text[:i].rstrip("\u200c\u200d")
    after = text[i + 1 :].lstrip("\u200c\u200d")
    if not before or not after:
        return False
    prev, nxt = before[-1], after[0]
    if unicodedata.category(prev)[0] == "M":  # a vowel sign or virama: its base decides
        prev = next((c for c in reversed(before) if unicodedata.category(c)[0] != "M"), prev)
    emoji = {"So", "Sk"}
    if unicodedata.category(prev) in emoji or prev == "\ufe0f":
        return unicodedata.category(nxt) in emoji
    return _script(prev) in JOINING_SCRIPTS or _script(nxt) in JOINING_SCRIPTS


# Printable ASCII, tabs and line breaks: nothing any rule below refuses (most of an English
# topic's strings; checked in one pass instead of a character at a time).
_PLAIN_ASCII = re.compile(r"[\t\n\x20-\x7e]*")


def character_problem(text: str) -> str | None:
    """Why ``text`` cannot be printed as it is (the first reason), or None."""
    if _PLAIN_ASCII.fullmatch(text):
        return None
    marks = 0
    for i, char in enumerate(text):
        kind = unicodedata.category(char)
        if kind in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS:
                return (
                    f"expected at most {MAX_MARKS} combining marks on one character, found more "
                    f"(a stack of {describe(char)} paints over the text around it)"
                )
            continue
        marks = 0
        if char in BIDI_CONTROLS:
            return (
                "expected text without bidirectional controls (the page sets the direction), "
                f"found {describe(char)}"
            )
        if char in JOINERS:
            if not _joins(text, i):
                return (
                    f"expected {describe(char)} only between letters of a script that uses it "
                    "(Arabic, Indic scripts, emoji), found it elsewhere"
                )
            continue
        if kind == "Cc" and char not in ALLOWED_CONTROLS:
            return f"expected printable text, found the control character {describe(char)}"
        if kind in ("Cf", "Zl", "Zp") and char != SOFT_HYPHEN:
            return f"expected visible characters, found the invisible {describe(char)}"
        if kind in ("Co", "Cn", "Cs"):
            return f"expected assigned characters, found {describe(char)}"
    return None


def visible(text: str) -> str:
    """``text`` as a reader sees it: NFKC, soft hyphens and invisible characters removed."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc", "Zl", "Zp"))


def has_letters(text: str, script: str | None = None) -> bool:
    """Whether ``text`` holds a letter (of ``script``, an ISO 15924 code, when given)."""
    prefixes = SCRIPT_LETTERS.get(script or "", ())
    for char in visible(text):
        if unicodedata.category(char).startswith("L") and (
            not prefixes or _script(char) in prefixes
        ):
            return True
    return False


def letters_problem(text: str, script: str | None = None) -> str | None:
    """Why ``text`` says nothing a reader can act on (in ``script``, when given), or None."""
    if not has_letters(text):
        shown = repr(visible(text)) if visible(text).strip() else "no visible text"
        return f"expected words a reader can see, found {shown}"
    if script and script in SCRIPT_LETTERS and not has_letters(text, script):
        letters = SCRIPT_LETTERS[script][0].replace("CJK", "Han").title()
        return f"expected words in the locale's script ({letters} letters), found {text[:40]!r}"
    return None


def strings(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple, str]]:  # type: ignore[type-arg]
    """Every string inside plain data (mappings, lists), with its path."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from strings(item, (*path, i))
