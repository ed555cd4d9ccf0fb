"""The catalog files of a project: write the POT templates, update each locale's PO files, count.

Two kinds of standard gettext catalogs live under ``locales/``: ``messages`` (template strings)
and one per topic (the topic's text). ``extract`` says what goes into them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..choices import SOURCE_LOCALE
from ..content.model import Topic
from ..content.project import Project
from ..errors import UsageError
from .extract import messages_template, topic_template
from .headers import check_header, read_limited
from .po import REVIEW_HEADER, is_filled, overlay, review_status

DRAFT = "draft (not reviewed by a qualified medical translator)"


def _write(
    path: Path, catalog: Catalog, review: str | None = None, keep_obsolete: bool = False
) -> None:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        no_location=True,
        sort_output=False,  # document order: the order texts appear in
        width=100,
        ignore_obsolete=not keep_obsolete,
    )
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
    raw = read_limited(path, str(path))
    check_header(raw, str(path))
    return read_po(io.BytesIO(raw), locale=locale)


def extract(project: Project, topics: dict[str, Topic]) -> list[Path]:
    """Write locales/messages.pot and locales/<topic>.pot; return the files written."""
    written = [project.locales_dir / "messages.pot"]
    _write(written[0], messages_template(project.template_dirs))
    for topic in topics.values():
        path = project.locales_dir / f"{topic.id}.pot"
        _write(path, topic_template(topic))
        written.append(path)
    return written


def update(
    project: Project, locales: list[str], new: bool = False, keep_obsolete: bool = False
) -> list[Path]:
    """Merge every POT into each locale's PO files: changed source text becomes fuzzy (with
    the old translation as a suggestion), entries the source no longer has are dropped (kept
    as ``#~`` comments with ``keep_obsolete``), and the X-Review-Status header is kept."""
    written = []
    templates = sorted(project.locales_dir.glob("*.pot"))
    if not templates:
        raise UsageError(
            f"{project.display(project.locales_dir)}: no catalog templates (*.pot) to update "
            "from; run: handout i18n extract (or handout i18n update --locale LOCALE --new)"
        )
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
            _write(target, catalog, review, keep_obsolete)
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
            shipped = project.shipped_messages(locale) if pot.stem == "messages" else None
            if shipped is not None:  # handout's own strings fill what the project leaves
                base = _read(shipped, locale)
                catalog = base if catalog is None else overlay(base, catalog)[0]
            translated = fuzzy = 0
            source = path if path.is_file() else shipped
            review = review_status(source) if source is not None else "missing catalog"
            if catalog is not None:
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
