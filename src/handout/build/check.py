"""``handout check``: every topic's documents rendered as HTML (no PDF), patient leaflets
scored for health literacy, and every text rule the build applies run on the content, each
problem reported at the file, line and column of the YAML field it came from."""

from __future__ import annotations

import gettext
from functools import lru_cache

from ..choices import AUDIENCES, LENGTHS, SOURCE_LOCALE
from ..content.model import Topic
from ..content.project import Project, shipped_locales
from ..content.texts import entries
from ..content.validate import format_path, position
from ..content.yamlstrict import Parsed, parse
from ..errors import ContentError, Problem
from ..i18n.figures import FigureWriter
from ..i18n.formatting import Formatter
from ..literacy.htmltext import html_blocks
from ..literacy.jargon import load_jargon
from ..literacy.locate import Locator
from ..literacy.report import LiteracyReport, literacy_report, untranslated_report
from ..pdf.verify import patient_number_problems
from ..request import Request
from .pipeline import Pipeline
from .plan import pick_topics, request_locales


def patient_text_problems(project: Project, topic: Topic, leaflet_html: str) -> list[Problem]:
    """The patient numbers rule (no ratios, intervals, p-values, decimals or percentages) on
    each patient-visible text of ``topic`` with its figures filled in, located in the YAML;
    then on the rendered English leaflet for what no single text explains (data, templates)."""
    parsed, name = _parsed(project, topic)
    writer = FigureWriter(Formatter(SOURCE_LOCALE), gettext.NullTranslations())
    problems: list[Problem] = []
    for entry in entries(topic):
        if "patient" not in entry.where:
            continue
        filled = writer.fill(entry.text, topic.figures)
        for found in patient_number_problems(filled):
            line, col = position(parsed, entry.loc, prefer_key=False)
            what = found.split(":", 1)[0].removeprefix("a ").removeprefix("an ")
            message = (
                f"expected natural frequencies only (no {what}) in patient text, found {found}"
            )
            problems.append(Problem(name, line, col, format_path(entry.loc), message))
    if not problems:
        for found in patient_number_problems("\n".join(html_blocks(leaflet_html))):
            message = (
                f"expected the patient leaflet to follow the numbers rule, found {found} "
                "(from data or templates, not from one text)"
            )
            problems.append(Problem(name, 1, 1, "", message))
    return problems


@lru_cache(maxsize=16)
def _parse_text(text: str) -> Parsed:
    """A topic file's YAML parsed once for every locale and length that reports on it (keyed by
    the text itself, so an edited file is parsed again). Callers only read it."""
    return parse(text)


def _parsed(project: Project, topic: Topic) -> tuple[Parsed, str]:
    """The YAML of ``topic``'s file, and the file's name as messages show it."""
    path = project.topic_file(topic.id)
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    return _parse_text(text), project.display(path)


def _locator(project: Project, topic: Topic, shown: Topic) -> Locator:
    """Finds the YAML field of each text the rendered leaflet shows."""
    parsed, name = _parsed(project, topic)
    return Locator(topic, shown, parsed, name)


def leaflet_report(
    project: Project,
    pipeline: Pipeline,
    topic: Topic,
    locale: str,
    html: str | None = None,
    length: str = "full",
) -> LiteracyReport:
    """The literacy report of ``topic``'s patient leaflet (or brief) in ``locale`` (rendered
    unless ``html`` is given), each problem one text explains located in the YAML."""
    if html is None:
        document = pipeline.request.document(topic.id, "patient", locale, length)
        html = pipeline.html(topic, document).html
    lang = locale.split("_")[0]
    shipped = shipped_locales()
    jargon = load_jargon(project.locales_dir, lang) or (
        load_jargon(shipped, lang) if shipped else []
    )
    # Glossary and names as the reader sees them, in this locale.
    shown, _ = pipeline.language(locale).localize(topic)
    locator = _locator(project, topic, shown)
    blocks = html_blocks(html)
    return literacy_report(shown, locale, html, blocks, jargon, locator=locator, length=length)


def check(project: Project, request: Request) -> list[LiteracyReport]:
    """Render every document ``request`` names (raising on content or template problems) and
    report on each patient leaflet; ContentError when a patient text breaks the numbers rule."""
    names = pick_topics(project, request.topics)
    locales = request_locales(project, request)
    pipeline = Pipeline(project, request)
    loaded = pipeline.load(names)
    problems: list[Problem] = []
    for name in names:
        english = pipeline.html(loaded[name], request.document(name, "patient", SOURCE_LOCALE))
        problems += patient_text_problems(project, loaded[name], english.html)
    if problems:
        raise ContentError(problems)
    reports = []
    for name in names:
        for locale in locales:
            for audience in AUDIENCES:
                for length in LENGTHS:  # the brief is reported on its own row
                    document = request.document(name, audience, locale, length)
                    rendered = pipeline.html(loaded[name], document)
                    if audience != "patient":
                        continue
                    language = pipeline.language(locale)
                    gaps = [*language.message_gaps, *language.topic_gaps(loaded[name])]
                    if gaps:  # English text is not scored with another language's formula
                        if length == LENGTHS[0]:
                            reports.append(untranslated_report(name, locale, len(gaps)))
                        continue
                    reports.append(
                        leaflet_report(
                            project, pipeline, loaded[name], locale, rendered.html, length
                        )
                    )
    return reports
