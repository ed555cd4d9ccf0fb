"""Gettext catalogs read and checked: syntax, placeholders, typed numbers, gaps, review status.

A locale's catalogs are ``locales/<locale>/LC_MESSAGES/messages.po`` (template strings) and
``<topic>.po`` (a topic's text, keyed by field path). They are read with Babel and compiled in
memory when building; compiled files are never written.
"""

from __future__ import annotations

import gettext
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from ..content.characters import SAFETY_SECTIONS, character_problem, letters_problem
from ..content.model import Topic
from ..content.texts import PLACEHOLDER, translatable
from ..errors import ContentError, HandoutError, Problem
from .headers import check_header, read_limited

REVIEW_HEADER = "X-Review-Status"
_REVIEW_LINE = re.compile(rb'^"X-Review-Status: ?(.*?)(?:\\n)?"\s*$', re.M)
_PYTHON_FORMAT = re.compile(r"%\((\w+)\)[sd]")
_DIGITS = re.compile(r"\d+")


def review_status(path: Path) -> str:
    """The ``X-Review-Status`` header of a PO file ('not stated' when absent)."""
    return _review_of(path.read_bytes())


def _review_of(raw: bytes) -> str:
    match = _REVIEW_LINE.search(raw)
    return match.group(1).decode("utf-8", "replace").strip() if match else "not stated"


def is_reviewed(status: str) -> bool:
    """A catalog counts as reviewed only when its header says so in words."""
    return status.lower().startswith("reviewed")


def is_filled(message: Message) -> bool:
    """Whether a catalog entry has a translation (every plural form, for plural entries)."""
    strings = message.string
    return all(strings) if isinstance(strings, tuple | list) else bool(strings)


@dataclass(frozen=True)
class Gap:
    """A string a document needs that the locale's catalog does not give (yet)."""

    file: str
    context: str
    kind: str  # missing | fuzzy

    def __str__(self) -> str:
        return f"{self.file}: {self.kind}: {self.context}"


class IncompleteTranslation(HandoutError):
    """A locale lacks strings a document needs (exit 1, nothing written)."""

    def __init__(self, locale: str, gaps: list[Gap]) -> None:
        self.gaps = gaps
        shown = "\n".join(f"  {g}" for g in gaps[:200])
        more = f"\n  … and {len(gaps) - 200} more" if len(gaps) > 200 else ""
        super().__init__(
            f"locale {locale}: {len(gaps)} strings are missing or fuzzy (translate them, or "
            f"build with --allow-fallback to show English in their place):\n{shown}{more}"
        )


def _placeholders(text: str, python_format: bool) -> Counter[str]:
    found = _PYTHON_FORMAT.findall(text) if python_format else PLACEHOLDER.findall(text)
    return Counter(found)


def _numbers(text: str) -> Counter[str]:
    bare = PLACEHOLDER.sub(" ", _PYTHON_FORMAT.sub(" ", text)).replace("%%", " ")
    return Counter(str(int(d)) for d in _DIGITS.findall(bare))


def _text_problem(text: str, source: str, context: str, script: str | None) -> str | None:
    """Characters a reader cannot see, or a translation that says nothing where it must."""
    found = character_problem(text)
    if found:
        return found
    section = re.split(r"[.\[]", context, maxsplit=1)[0]
    if section in SAFETY_SECTIONS:
        # A name kept as it is (COVID-19, FDA, a brand) needs no letters of the locale's script.
        return letters_problem(text, None if text == source else script)
    return None


def _message_problems(
    name: str, message: Message, python_format: bool, script: str | None = None
) -> list[Problem]:
    """Placeholders that differ from the source, stray % signs, numbers typed in, invisible
    characters, and safety texts without words."""
    problems: list[Problem] = []
    sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    wanted = _placeholders(sources[-1], python_format) | _placeholders(sources[0], python_format)
    allowed = _numbers(" ".join(sources))
    entry = message.context or sources[0]

    def add(text: str) -> None:
        problems.append(Problem(name, message.lineno or 1, 1, entry, text))

    def mark(placeholder: str) -> str:
        return f"%({placeholder})s" if python_format else f"{{{placeholder}}}"

    for text in strings:
        if not text:
            continue
        found = _text_problem(text, sources[0], message.context or "", script)
        if found:
            add(found)
        have = _placeholders(text, python_format)
        for p in sorted(set(wanted) - set(have)):
            add(f"translation drops {mark(p)}")
        for p in sorted(set(have) - set(wanted)):
            add(f"translation adds {mark(p)}, which the source does not have")
        if python_format and "%" in _PYTHON_FORMAT.sub("", text).replace("%%", ""):
            add("translation has a % that is not a placeholder (write %% for a percent sign)")
        for number in sorted(_numbers(text) - allowed):
            add(f"translation types the number {number}; numbers come from placeholders")
    return problems


@dataclass
class Catalogs:
    """The checked catalogs of one locale."""

    display: str
    messages: Catalog | None = None
    topics: dict[str, Catalog] = field(default_factory=dict)
    reviews: dict[str, str] = field(default_factory=dict)

    @property
    def reviewed(self) -> bool:
        return bool(self.reviews) and all(is_reviewed(s) for s in self.reviews.values())

    def gettext(self) -> gettext.NullTranslations:
        """The template strings, compiled in memory (fuzzy and empty entries left out)."""
        if self.messages is None:
            return gettext.NullTranslations()
        buffer = io.BytesIO()
        write_mo(buffer, self.messages, use_fuzzy=False)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)

    def file(self, domain: str) -> str:
        return f"{self.display}/{domain}.po"

    def message_gaps(self, template: Catalog) -> list[Gap]:
        return _gaps(self.messages, template_ids(template), self.file("messages"))

    def topic_gaps(self, topic: Topic) -> list[Gap]:
        wanted = [(e.text, e.context) for e in translatable(topic)]
        return _gaps(self.topics.get(topic.id), wanted, self.file(topic.id))

    def topic_text(self, topic_id: str, text: str, context: str) -> str | None:
        catalog = self.topics.get(topic_id)
        message = catalog.get(text, context) if catalog is not None else None
        if message is None or message.fuzzy or not message.string:
            return None
        return str(message.string)


def template_ids(template: Catalog) -> list[tuple[str | tuple[str, ...], str | None]]:
    return [(m.id, m.context) for m in template if m.id]


def _gaps(catalog: Catalog | None, wanted: list[tuple[object, str | None]], name: str) -> list[Gap]:
    gaps = []
    for msgid, context in wanted:
        key = msgid[0] if isinstance(msgid, tuple | list) else msgid
        message = catalog.get(key, context) if catalog is not None else None
        label = context or str(key)
        if message is None or not is_filled(message):
            gaps.append(Gap(name, label, "missing"))
        elif message.fuzzy:
            gaps.append(Gap(name, label, "fuzzy"))
    return gaps


def read_catalog(path: Path, name: str, locale: str, python_format: bool) -> Catalog:
    """Read one PO file; raise ContentError for bad syntax or bad placeholders."""
    return parse_catalog(read_limited(path, name), name, locale, python_format)


def parse_catalog(raw: bytes, name: str, locale: str, python_format: bool) -> Catalog:
    """Parse one PO file's bytes; raise ContentError for bad syntax or bad placeholders."""
    check_header(raw, name)
    try:
        catalog = read_po(io.BytesIO(raw), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        raise ContentError([Problem(name, exc.lineno or 1, 1, "", str(exc))]) from exc
    except (ValueError, UnicodeError, LookupError) as exc:
        raise ContentError([Problem(name, 1, 1, "", f"cannot read catalog: {exc}")]) from exc
    script = locale_script(locale)
    problems = []
    for message in catalog:
        if message.id and message.string and not message.fuzzy:
            problems += _message_problems(name, message, python_format, script)
    if problems:
        raise ContentError(problems)
    return catalog


def locale_script(locale: str) -> str | None:
    """The ISO 15924 script a locale is written in (its own, else its language's usual one)."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        parsed = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    if parsed.script:
        return str(parsed.script)
    likely_subtags = get_global("likely_subtags")
    key = f"{parsed.language}_{parsed.territory}"
    likely = str(likely_subtags.get(key) or likely_subtags.get(parsed.language, "")).split("_")
    return next((part for part in likely[1:] if len(part) == 4), None)


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return str(msgid), message.context


def overlay(base: Catalog, own: Catalog) -> tuple[Catalog, int]:
    """``base`` (handout's shipped catalog) with every filled entry of ``own`` (the
    project's) in its place (a fuzzy one stays fuzzy, for a translator to check); entries
    ``own`` has that ``base`` lacks are added. Returns
    the merged catalog and how many of its filled entries came from ``base``."""
    merged = Catalog(locale=own.locale, domain=own.domain, fuzzy=False)
    merged.mime_headers = own.mime_headers
    mine = {_key(m): m for m in own if m.id}
    from_base = 0
    for message in base:
        if not message.id:
            continue
        theirs = mine.pop(_key(message), None)
        if theirs is not None and is_filled(theirs):  # fuzzy stays fuzzy: a translator checks
            merged[theirs.id] = theirs
        else:
            merged[message.id] = message
            from_base += bool(is_filled(message) and not message.fuzzy)
    for message in mine.values():
        merged[message.id] = message
    return merged, from_base


def load_catalogs(
    locales_dir: Path,
    locale: str,
    display: str,
    topics: list[str],
    shipped_messages: Path | None = None,
) -> Catalogs:
    """Read and check ``locale``'s catalogs (those that exist). ``shipped_messages`` is
    handout's own template catalog for the locale: the project's ``messages.po`` overrides it
    entry by entry (an entry the project leaves empty comes from it)."""
    folder = locales_dir / locale / "LC_MESSAGES"
    result = Catalogs(display)
    problems: list[Problem] = []
    for domain in ["messages", *topics]:
        path = folder / f"{domain}.po"
        if not path.is_file():
            continue
        name = result.file(domain)
        try:
            raw = read_limited(path, name)
            catalog = parse_catalog(raw, name, locale, domain == "messages")
        except ContentError as exc:
            problems += exc.problems
            continue
        result.reviews[domain] = _review_of(raw)
        if domain == "messages":
            result.messages = catalog
        else:
            result.topics[domain] = catalog
    if problems:
        raise ContentError(problems)
    if shipped_messages is not None:
        raw = shipped_messages.read_bytes()
        shipped = parse_catalog(raw, f"handout's {locale}/messages.po", locale, True)
        if result.messages is None:
            result.messages, used = shipped, 1
        else:
            result.messages, used = overlay(shipped, result.messages)
        if used:  # the document's review status depends on the shipped entries too
            result.reviews["messages (shipped with handout)"] = _review_of(raw)
    return result
