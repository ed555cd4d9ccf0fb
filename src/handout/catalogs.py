"""Translation catalogs: extract a topic's text and the templates' strings, update, report status.

Two kinds of standard gettext catalogs live under ``locales/``: ``messages`` (template strings)
and one per topic (the topic's text, extracted from the model, with the field path as msgctxt
and a comment saying where the text appears and for which audience).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract as babel_extract
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from . import __version__, figures
from .figures import FigureWriter
from .i18n import Formatter
from .model import Topic
from .project import SOURCE_LOCALE, Project
from .texts import entries, placeholders
from .translate import REVIEW_HEADER, is_filled, review_status

FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # POT dates come from nothing that changes


def topic_template(topic: Topic) -> Catalog:
    catalog = Catalog(
        project="handout",
        version=__version__,
        domain=topic.id,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    english = FigureWriter(Formatter(SOURCE_LOCALE), gettext.NullTranslations())
    for entry in entries(topic):
        comments = [entry.where]
        for name in dict.fromkeys(placeholders(entry.text)):
            figure = topic.figures.get(name)
            if figure is not None:  # the translator needs the number to choose word forms
                shown = english.write(figure)
                comments.append(f"{{{name}}} is a figure; in English it reads '{shown}'")
        catalog.add(entry.text, context=entry.context, auto_comments=comments)
    return catalog


def messages_template(template_dirs: tuple[Path, ...]) -> Catalog:
    """The template strings of the shipped and project templates."""
    catalog = Catalog(project="handout", version=__version__, creation_date=FIXED_DATE, fuzzy=False)
    options = {
        "**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    }
    for folder in template_dirs:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), [("**.j2", "jinja2")], options
        ):
            catalog.add(
                message, locations=[(filename, lineno)], auto_comments=comments, context=context
            )
    # Unit names for figures ("28 days") are plural-aware strings in Python code.
    source = Path(figures.__file__)
    with source.open("rb") as handle:
        for lineno, message, comments, context in babel_extract("python", handle):
            catalog.add(
                message,
                locations=[(f"handout/{source.name}", lineno)],
                auto_comments=[*comments, "a figure in prose (unit name or range of numbers)"],
                context=context,
            )
    return catalog


DRAFT = "draft (not reviewed by a qualified medical translator)"


def _write(path: Path, catalog: Catalog, review: str | None = None) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, no_location=True, sort_output=True, width=100)
    data = buffer.getvalue()
    if review is not None:
        # Babel keeps only the headers it knows; the review status goes back in by hand.
        header = f'"{REVIEW_HEADER}: {review}\\n"\n'.encode()
        marker = b'"Generated-By: '
        at = data.find(b"\n", data.find(marker)) + 1 if marker in data else data.find(b"\n\n")
        data = data[:at] + header + data[at:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def extract(project: Project, topics: dict[str, Topic]) -> list[Path]:
    """Write locales/messages.pot and locales/<topic>.pot; return the files written."""
    written = [project.locales_dir / "messages.pot"]
    _write(written[0], messages_template(project.template_dirs))
    for topic in topics.values():
        path = project.locales_dir / f"{topic.id}.pot"
        _write(path, topic_template(topic))
        written.append(path)
    return written


def update(project: Project, locales: list[str], new: bool = False) -> list[Path]:
    """Merge every POT into each locale's PO files (changed source text becomes fuzzy)."""
    written = []
    templates = sorted(project.locales_dir.glob("*.pot"))
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        folder = project.locales_dir / locale / "LC_MESSAGES"
        for pot in templates:
            target = folder / f"{pot.stem}.po"
            template = _read(pot)
            if target.is_file():
                catalog = _read(target, locale)
                review = review_status(target)
            elif new:
                catalog = Catalog(locale=locale, domain=pot.stem, project="handout", fuzzy=False)
                review = DRAFT
            else:
                continue
            catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
            _write(target, catalog, review)
            written.append(target)
    return written


@dataclass
class Status:
    locale: str
    domain: str
    total: int
    translated: int
    fuzzy: int
    missing: int
    review: str


def status(project: Project, locales: list[str]) -> list[Status]:
    """Translated, fuzzy and missing counts per locale and catalog, with its review status."""
    rows = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        for pot in sorted(project.locales_dir.glob("*.pot")):
            template = _read(pot)
            ids = {(m.id, m.context) for m in template if m.id}
            path = project.locales_dir / locale / "LC_MESSAGES" / f"{pot.stem}.po"
            catalog = _read(path, locale) if path.is_file() else None
            translated = fuzzy = 0
            review = "missing catalog"
            if catalog is not None:
                review = review_status(path)
                for key in ids:
                    message = catalog.get(*key)
                    if message is None or not is_filled(message):
                        continue
                    if message.fuzzy:
                        fuzzy += 1
                    else:
                        translated += 1
            rows.append(
                Status(
                    locale,
                    pot.stem,
                    len(ids),
                    translated,
                    fuzzy,
                    len(ids) - translated - fuzzy,
                    review,
                )
            )
    return rows
