"""One locale's language: its checked catalogs, its formatter, and a topic translated into it."""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from ..choices import SOURCE_LOCALE
from ..content.model import Topic
from ..content.project import Project
from ..content.texts import entries, replace
from .figures import FigureWriter
from .formatting import Formatter
from .po import Catalogs, Gap, load_catalogs


def localize(
    topic: Topic, catalogs: Catalogs | None, writer: FigureWriter
) -> tuple[Topic, list[str]]:
    """``topic`` in the writer's locale: texts translated, figures filled.

    Returns the topic and the contexts that stayed in English (with --allow-fallback).
    """
    texts: dict[tuple[str | int, ...], str] = {}
    english: list[str] = []
    for entry in entries(topic):
        text = entry.text
        if catalogs is not None and entry.shown:  # what no template prints stays English
            translated = catalogs.topic_text(topic.id, entry.text, entry.context)
            if translated is None:
                english.append(entry.context)
            else:
                text = translated
        text = writer.fill(text, topic.figures)
        if text != entry.text:
            texts[entry.loc] = text
            if entry.twin is not None:
                texts[entry.twin] = text
    return replace(topic, texts), english


LOCALIZED_KEPT = 32


@dataclass
class Language:
    """Everything a document needs to be written in one locale."""

    locale: str
    catalogs: Catalogs | None = None  # None: the source language
    message_gaps: list[Gap] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.translations = self.catalogs.gettext() if self.catalogs else gettext.NullTranslations()
        self.fmt = Formatter(self.locale)
        self.writer = FigureWriter(self.fmt, self.translations)
        # Topics already localized (by identity; the topic is kept so its id stays its own):
        # every audience and length of a topic in this locale shares one translation.
        self._localized: dict[int, tuple[Topic, Topic, tuple[str, ...]]] = {}

    @property
    def rtl(self) -> bool:
        return self.fmt.babel.text_direction == "rtl"

    @property
    def draft_translation(self) -> bool:
        return self.catalogs is not None and not self.catalogs.reviewed

    def topic_gaps(self, topic: Topic) -> list[Gap]:
        return self.catalogs.topic_gaps(topic) if self.catalogs else []

    def localize(self, topic: Topic) -> tuple[Topic, list[str]]:
        found = self._localized.get(id(topic))
        if found is None or found[0] is not topic:
            done, english = localize(topic, self.catalogs, self.writer)
            if len(self._localized) >= LOCALIZED_KEPT:  # a preview server sees many versions
                del self._localized[next(iter(self._localized))]
            found = self._localized[id(topic)] = (topic, done, tuple(english))
        return found[1], list(found[2])


def load_language(project: Project, locale: str, template: Catalog | None = None) -> Language:
    """A locale's language: English needs no catalogs; others are read, checked and compared
    with ``template``, the strings the templates need (extracted from them when not given)."""
    if locale == SOURCE_LOCALE:
        return Language(locale)
    if template is None:
        from .extract import messages_template

        template = messages_template(project.template_dirs)
    display = project.display(project.locales_dir / locale / "LC_MESSAGES")
    shipped = project.shipped_messages(locale)
    catalogs = load_catalogs(project.locales_dir, locale, display, list(project.topics), shipped)
    return Language(locale, catalogs, catalogs.message_gaps(template))
