"""``handout check``: every topic's documents rendered as HTML (no PDF), patient leaflets
scored for health literacy, and every text rule the build applies run on the content, each
problem reported at the file, line and column of the YAML field it came from."""

from __future__ import annotations

import gettext

from ..choices import AUDIENCES, LENGTHS, SOURCE_LOCALE
from ..content.model import Topic
from ..content.project import Project
from ..content.texts import entries
from ..content.validate import format_path, position
from ..content.yamlstrict import parse
from ..errors import ContentError, Problem
from ..i18n.figures import FigureWriter
from ..i18n.formatting import Formatter
from ..literacy.htmltext import html_blocks
from ..literacy.jargon import load_jargon
from ..literacy.report import LiteracyReport, literacy_report
from ..pdf.verify import patient_number_problems
from ..request import Document, Request
from .pipeline import Pipeline
from .plan import pick_topics, request_locales


def patient_text_problems(project: Project, topic: Topic, leaflet_html: str) -> list[Problem]:
    """The patient numbers rule (no ratios, intervals, p-values, decimals or percentages) on
    each patient-visible text of ``topic`` with its figures filled in, located in the YAML;
    then on the rendered English leaflet for what no single text explains (data, templates)."""
    path = project.topic_file(topic.id)
    name = project.display(path)
    parsed = parse(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
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


def _report(pipeline: Pipeline, topic: Topic, html: str, document: Document) -> LiteracyReport:
    locale = document.locale
    jargon = load_jargon(pipeline.project.locales_dir, locale.split("_")[0])
    # Glossary and names as the reader sees them, in this locale.
    shown, _ = pipeline.language(locale).localize(topic)
    return literacy_report(shown, locale, html, html_blocks(html), jargon, document.length)


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
                    if audience == "patient":
                        reports.append(_report(pipeline, loaded[name], rendered.html, document))
    return reports
