"""Translation catalogs: extract a topic's text and the templates' strings, update, report status.

Two kinds of standard gettext catalogs live under ``locales/``: ``messages`` (template strings)
and one per topic (the topic's text, extracted from the model, with the field path as msgctxt
and a comment saying where the text appears and for which audience).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from pydantic import BaseModel

from . import __version__
from .model import PerAudience, Topic
from .project import SOURCE_LOCALE, Project

# Fields whose text is not translated: identifiers, names, bibliographic data, units.
NOT_TRANSLATED = {
    "id",
    "cites",
    "area",
    "generic",
    "brands",
    "abbreviation",
    "reviewed_by",
    "unit",
}
NOT_TRANSLATED_IN = {"references": {"title", "subtitle", "publisher", "authors"}}
# Fields shown to one audience only, whatever their type.
AUDIENCE_OF = {
    "glossary": "patient",
    "unknowns": "patient",
    "plain_summary": "patient",
    "approach": "clinician",
    "evidence_limits": "clinician",
    "research_needed": "clinician",
    "certainty_reason": "clinician",
    "design": "clinician",
    "notes": "clinician",
    "references": "clinician",
}
REVIEW_HEADER = "X-Review-Status"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # POT dates come from nothing that changes


@dataclass(frozen=True)
class Entry:
    context: str
    text: str
    where: str


def _label(model: BaseModel, part: str) -> str:
    ident = getattr(model, "id", None)
    return f"{part}[{ident}]" if ident else part


def _walk(node: Any, path: str, section: str, audience: str) -> Iterator[Entry]:
    if isinstance(node, PerAudience):
        same = node.patient == node.clinician
        for aud in ("patient", "clinician"):
            if same and aud == "clinician":
                continue
            shown = "patient leaflet and clinician brief" if same else f"{aud} document"
            context = path if same else f"{path}.{aud}"
            yield Entry(context, getattr(node, aud), f"{section}; {shown}")
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in NOT_TRANSLATED or name in NOT_TRANSLATED_IN.get(section, set()):
                continue
            value = getattr(node, name)
            aud = name if name in ("patient", "clinician") else AUDIENCE_OF.get(name, audience)
            yield from _walk(value, f"{path}.{name}" if path else name, section or name, aud)
        return
    if isinstance(node, list | tuple):
        for i, item in enumerate(node):
            # Keyed by id (or glossary term), so reordering a list keeps its translations.
            ident = getattr(item, "id", None) or getattr(item, "term", None)
            yield from _walk(item, f"{path}[{ident or i}]", section, audience)
        return
    if isinstance(node, str):
        shown = {"patient": "patient leaflet", "clinician": "clinician brief"}.get(
            audience, "patient leaflet and clinician brief"
        )
        yield Entry(path, node, f"{section}; {shown}")


def topic_entries(topic: Topic) -> list[Entry]:
    """Every translatable text of ``topic``, with a stable field path as its context."""
    return [e for e in _walk(topic, "", "", "both") if e.text.strip()]


def topic_template(topic: Topic) -> Catalog:
    catalog = Catalog(
        project="handout",
        version=__version__,
        domain=topic.id,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    for entry in topic_entries(topic):
        catalog.add(entry.text, context=entry.context, auto_comments=[entry.where])
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
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, no_location=True, sort_output=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


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
            elif new:
                catalog = Catalog(locale=locale, domain=pot.stem, project="handout", fuzzy=False)
            else:
                continue
            catalog.update(template, no_fuzzy_matching=False, update_creation_date=False)
            _write(target, catalog)
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
                review = dict(catalog.mime_headers).get(REVIEW_HEADER, "not stated")
                for key in ids:
                    message = catalog.get(*key)
                    if message is None or not message.string:
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
