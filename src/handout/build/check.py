"""``handout check``: every topic's documents rendered as HTML (no PDF), patient leaflets
scored for health literacy."""

from __future__ import annotations

from ..choices import AUDIENCES
from ..content.project import Project
from ..literacy.htmltext import html_blocks
from ..literacy.jargon import load_jargon
from ..literacy.report import LiteracyReport, literacy_report
from ..request import Request
from .pipeline import Pipeline
from .plan import pick_topics, request_locales


def check(project: Project, request: Request) -> list[LiteracyReport]:
    """Render every document ``request`` names (raising on content or template problems) and
    report on each patient leaflet."""
    names = pick_topics(project, request.topics)
    locales = request_locales(project, request)
    pipeline = Pipeline(project, request)
    loaded = pipeline.load(names)
    reports = []
    for name in names:
        for locale in locales:
            for audience in AUDIENCES:
                document = request.document(name, audience, locale)
                rendered = pipeline.html(loaded[name], document)
                if audience == "patient":
                    jargon = load_jargon(project.locales_dir, locale.split("_")[0])
                    # Glossary and names as the reader sees them, in this locale.
                    shown, _ = pipeline.language(locale).localize(loaded[name])
                    blocks = html_blocks(rendered.html)
                    reports.append(literacy_report(shown, locale, rendered.html, blocks, jargon))
    return reports
