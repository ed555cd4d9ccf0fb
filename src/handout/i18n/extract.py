"""What translators translate: a topic's texts and the templates' strings, as Babel catalogs.

Template strings are extracted from the Jinja templates and from ``figures`` (unit names);
a topic's texts come from the model, with the field path as msgctxt and a comment saying
where the text appears and for which audience.
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract as babel_extract
from babel.messages.extract import extract_from_dir

from ..choices import SOURCE_LOCALE
from ..content.model import Topic
from ..content.texts import placeholders, translatable
from ..version import __version__
from . import figures, regimen
from .figures import FigureWriter
from .formatting import Formatter

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
    for entry in translatable(topic):
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
    # Unit names for figures ("28 days") and regimens ("twice a day") are plural-aware strings
    # in Python code.
    for module, note in (
        (figures, "a figure in prose (unit name or range of numbers)"),
        (regimen, "part of a dosing sentence (amount, route, frequency or schedule)"),
    ):
        source = Path(module.__file__ or "")
        with source.open("rb") as handle:
            for lineno, message, comments, context in babel_extract("python", handle):
                catalog.add(
                    message,
                    locations=[(f"handout/i18n/{source.name}", lineno)],
                    auto_comments=[*comments, note],
                    context=context,
                )
    return catalog
