"""The one pipeline every way in goes through: load → translate → render HTML → task.

A ``Pipeline`` holds what one request shares (project, clinic, paper, Jinja, catalogs, input
hashes); ``task_stream`` turns documents into PDF tasks for an executor (HTML output is
finished here), each under the per-document limits. ``build.run`` drives it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from ..choices import BRIEF_PAGES, SOURCE_LOCALE, STYLESHEET
from ..content.clinic import Clinic, load_clinic
from ..content.model import Topic
from ..content.project import Project, template_file
from ..content.topic import load_topics
from ..errors import HandoutError, RenderError
from ..i18n.language import Language, load_language
from ..i18n.po import IncompleteTranslation
from ..pdf.task import Checks, Embedded, PdfTask
from ..render.context import Setting
from ..render.document import Renderer
from ..render.must import Rendered
from ..request import Document, Request
from .limits import Limits, TimeLimit, guarded
from .plan import Digester
from .workers import Result

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


class Pipeline:
    """What the documents of one request share, loaded once: clinic, paper, Jinja, catalogs."""

    def __init__(self, project: Project, request: Request, digest: Digester | None = None):
        self.project, self.request = project, request
        self.clinic: Clinic | None = None
        if request.clinic is not None:  # an invalid profile stops here: exit 2
            self.clinic = load_clinic(request.clinic, project.display(request.clinic))
        self.paper = request.paper or (self.clinic.profile.paper if self.clinic else "a4")
        self.renderer = Renderer(project.template_dirs)
        self.digest = digest or Digester(project, request)
        self._languages: dict[str, Language] = {}

    def load(self, topics: Iterable[str]) -> dict[str, Topic]:
        """Load every topic; raise one ContentError holding the problems of all bad files."""
        return load_topics(self.project, topics)

    def language(self, locale: str) -> Language:
        """The locale's checked catalogs (read once); ContentError when a catalog is invalid."""
        if locale not in self._languages:
            template = None if locale == SOURCE_LOCALE else self._template_strings
            self._languages[locale] = load_language(self.project, locale, template)
        return self._languages[locale]

    @cached_property
    def _template_strings(self) -> Catalog:
        """The strings the templates need, extracted once (it takes about 0.2 s); imported
        here, as English documents never need them."""
        from ..i18n.extract import messages_template

        return messages_template(self.project.template_dirs)

    def check_translations(self, topics: Iterable[Topic], locales: Iterable[str]) -> None:
        """Raise IncompleteTranslation listing every missing or fuzzy string (unless fallback)."""
        topics = list(topics)
        for locale in dict.fromkeys(locales):
            language = self.language(locale)
            gaps = list(language.message_gaps)
            for topic in topics:
                gaps += language.topic_gaps(topic)
            if gaps and not self.request.allow_fallback:
                raise IncompleteTranslation(locale, gaps)

    def setting(
        self, audience: str, locale: str, large_print: bool, digest: str, length: str = "full"
    ) -> Setting:
        return Setting(
            audience, self.language(locale), self.paper, large_print, self.clinic, digest, length
        )

    def html(self, topic: Topic, document: Document, *, fragment: bool = False) -> Rendered:
        setting = self.setting(
            document.audience,
            document.locale,
            document.large_print,
            self.digest(document),
            document.length,
        )
        return self.renderer.document(topic, setting, fragment=fragment)

    def checks(self, rendered: Rendered, name: str, audience: str, locale: str) -> Checks:
        """What the PDF of ``rendered`` must show, the languages of its mixed-language parts
        and, for patients, the numbers rule."""
        language = self.language(locale)
        decimal = language.fmt.decimal_symbol if audience == "patient" else None
        return Checks(
            name, rendered.must, rendered.furniture, language.rtl, decimal, rendered.spans
        )

    def task(self, topic: Topic, document: Document) -> PdfTask:
        """Everything a render process needs for one PDF (HTML rendered here)."""
        rendered = self.html(topic, document)
        attachments = []
        if document.audience == "clinician":  # the brief carries its source, for audit
            updated = topic.review.updated
            attachments.append(
                Embedded(
                    name=f"{document.topic}.yaml",
                    data=self.project.topic_file(document.topic).read_bytes(),
                    description=f"Source content of this brief (version {rendered.digest})",
                    date=dt.datetime(updated.year, updated.month, updated.day, tzinfo=dt.UTC),
                )
            )
        checks = self.checks(rendered, document.filename, document.audience, document.locale)
        if document.length == "brief":
            checks = brief_checks(checks, rendered, document)
        return PdfTask(document, rendered.html, checks, tuple(attachments))

    def html_file(self, topic: Topic, document: Document) -> bytes:
        """One self-contained HTML file: styles inline, images as data: URIs, no fetches."""
        from ..literacy.htmltext import html_blocks
        from ..pdf.verify import verify_patient_numbers  # the PDF reader: only here

        rendered = self.html(topic, document)
        css = template_file(self.project.template_dirs, STYLESHEET)
        if css is None:
            raise RenderError(f"stylesheet {STYLESHEET} not found")
        style = f"<style>\n{css.read_text(encoding='utf-8')}\n</style>\n</head>"
        html = rendered.html.replace("</head>", style, 1)
        if document.audience == "patient":
            symbol = self.language(document.locale).fmt.decimal_symbol
            text = "\n".join(html_blocks(html))
            verify_patient_numbers([text], {}, document.filename, symbol)
        return html.encode("utf-8")


def brief_checks(checks: Checks, rendered: Rendered, document: Document) -> Checks:
    """A brief's checks: its page budget, and its sections (headings marked
    ``data-must="brief-head:<name>"``, and the consult box) to name when it overflows."""
    sections = tuple(
        (key.removeprefix("brief-head:").replace("-", " "), text)
        if key != "consult"
        else ("talk to a provider", text)
        for key, text in rendered.must.items()
        if key.startswith("brief-head:") or key == "consult"
    )
    budget = BRIEF_PAGES.get((document.audience, document.large_print))
    return dataclasses.replace(checks, max_pages=budget, sections=sections)


def guarded_step(
    document: Document, name: str, limits: Limits, step: Callable[[], PdfTask | Result]
) -> PdfTask | Result:
    """Run one document's in-process step under the per-document limits.

    A step that fails, loops or runs out of memory becomes a failed Result; others go on.
    """
    try:
        with guarded(limits):
            return step()
    except TimeLimit:
        return Result.failed(document, name, f"stopped after {limits.timeout:g} s (time limit)")
    except MemoryError:
        return Result.failed(document, name, f"ran out of memory (limit {limits.memory_mb} MiB)")
    except RecursionError:
        return Result.failed(document, name, "the document nests too deeply to render")
    except HandoutError as exc:
        return Result.failed(document, name, str(exc))


def task_stream(
    pipeline: Pipeline, topics: dict[str, Topic], documents: list[Document], limits: Limits
) -> Iterator[PdfTask | Result]:
    """Each document's PDF task, rendered here as executors ask for the next one; HTML
    documents come out finished (a Result), as do documents that failed before the PDF."""
    for document in documents:
        topic, name = topics[document.topic], document.filename
        if document.format == "html":

            def html(topic: Topic = topic, document: Document = document) -> Result:
                data = pipeline.html_file(topic, document)
                return Result(document, document.filename, data=data)

            yield guarded_step(document, name, limits, html)
        else:
            yield guarded_step(
                document, name, limits, lambda t=topic, d=document: pipeline.task(t, d)
            )
