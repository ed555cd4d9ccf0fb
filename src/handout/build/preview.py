"""What the live preview (``handout serve``) shows of one document, through the one pipeline.

Each page is the document's HTML as ``--format html`` makes it (and, once its PDF is made and
verified, pictures of the PDF's pages: the print layout), or the same ``file:line:col``
messages the command line prints when it cannot be made; the patient leaflet's literacy report
(each problem at its YAML line); and whether the build's checks would pass: every required part
(consult section, each caution and contraindication, regulatory status) rendered, the patient
numbers rule, and complete translations. Pages are cached per document and dropped by file:
a topic's YAML affects only that topic's pages, a locale's catalogs only that locale's, and
templates, the clinic profile or handout's template catalogs every page.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..choices import AUDIENCES, LENGTHS, SOURCE_LOCALE
from ..content.project import Project
from ..errors import ContentError, HandoutError, UsageError
from ..literacy.report import LiteracyReport
from ..pdf.pictures import page_pictures
from ..request import Document, Request
from .check import leaflet_report, patient_text_problems
from .pipeline import Pipeline
from .plan import Digester
from .run import build_one


@dataclass
class Page:
    """One document as the preview shows it."""

    document: Document
    html: str | None = None  # the self-contained document; None when it cannot be made
    errors: list[str] = field(default_factory=list)  # the build would fail: why, where
    notes: list[str] = field(default_factory=list)  # e.g. strings shown in English
    literacy: LiteracyReport | None = None
    pdf: str = "not checked"  # not checked | checking | verified | the build's error
    pictures: list[bytes] = field(default_factory=list)  # the verified PDF's pages, as PNG

    @property
    def passes(self) -> bool:
        return not self.errors and self.pdf in {"not checked", "checking", "verified"}


class Preview:
    """The documents of one project, rendered on demand and kept until a file they use changes."""

    def __init__(
        self,
        root: Path,
        clinic: Path | None = None,
        on_verified: Callable[[Page], None] | None = None,
    ) -> None:
        """``on_verified``: when given, each new page's PDF is made in the background (in a
        render process, in memory) and verified as the build verifies it; the callback then
        hears of the page's ``pdf`` verdict."""
        self.root, self.clinic = root.resolve(), clinic
        self._pages: dict[Document, Page] = {}
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()  # one render at a time: the pipeline is not shared-safe
        self._on_verified = on_verified
        self._queue: queue.Queue[Page] = queue.Queue()
        if on_verified is not None:
            threading.Thread(target=self._verify_forever, daemon=True).start()

    def _verify_forever(self) -> None:
        while True:
            page = self._queue.get()
            with self._lock:
                current = self._pages.get(page.document) is page
            if not current:  # a later save replaced it: its own check is queued
                continue
            page.pdf = "checking"
            document = page.document
            request = Request(
                topics=(document.topic,),
                audience=document.audience,
                locales=document.locale,
                clinic=self.clinic,
                allow_fallback=True,
                length=document.length,
                root=self.root,
            )
            try:
                result = build_one(Project.open(self.root), request)
                page.pictures = page_pictures(result.data or b"")  # the print layout
                page.pdf = "verified"
            except HandoutError as exc:
                page.pdf = str(exc)
            assert self._on_verified is not None
            self._on_verified(page)

    def request(self) -> Request:
        return Request(root=self.root, clinic=self.clinic, format="html", allow_fallback=True)

    def documents(self) -> list[Document]:
        """Every topic × audience × locale × length of the project (none without content/)."""
        project = Project.open(self.root)
        request = self.request()
        return [
            request.document(t, a, loc, length)
            for t in project.topics
            for a in AUDIENCES
            for loc in project.locales
            for length in LENGTHS
        ]

    def page(self, topic: str, audience: str, locale: str, length: str = "full") -> Page:
        if length not in LENGTHS:
            raise UsageError(f"unknown length '{length}'; choose from: {', '.join(LENGTHS)}")
        document = self.request().document(topic, audience, locale, length)
        with self._lock:
            if document not in self._pages:
                self._pages[document] = page = self._render(document)
                if self._on_verified is not None and page.html is not None:
                    self._queue.put(page)
            return self._pages[document]

    def changed(self, paths: set[Path]) -> None:
        """Drop what the changed files affect (and the shared pipeline if they shape it)."""
        with self._lock:
            for path in paths:
                self._forget(path.resolve())

    def _forget(self, path: Path) -> None:
        root = self.root
        if path.suffix == ".yaml" and path.parent == root / "content":
            for document in [d for d in self._pages if d.topic == path.stem]:
                del self._pages[document]
            return
        locales = root / "locales"
        if path.is_relative_to(locales) and path.suffix == ".po" and path.stem != "messages":
            locale = path.relative_to(locales).parts[0]
            self._pipeline = None  # its catalogs are read once per pipeline
            for document in [d for d in self._pages if d.locale == locale]:
                del self._pages[document]
            return
        self._pipeline, self._pages = None, {}  # templates, clinic, messages: everything

    def _shared(self, project: Project) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline(project, self.request())
        self._pipeline.digest = Digester(project, self.request())  # files are read afresh
        return self._pipeline

    def _render(self, document: Document) -> Page:
        page = Page(document)
        try:
            project = Project.open(self.root)
            pipeline = self._shared(project)
            topic = pipeline.load([document.topic])[document.topic]
            language = pipeline.language(document.locale)
            gaps = [*language.message_gaps, *language.topic_gaps(topic)]
            if gaps:
                page.errors.append(
                    f"locale {document.locale}: {len(gaps)} strings are not translated "
                    "(shown in English here; the build refuses them)"
                )
            rendered = pipeline.html(topic, document)  # raises when a required part is absent
            if document.audience == "patient":
                english = pipeline.html(
                    topic, Request(root=self.root).document(topic.id, "patient", SOURCE_LOCALE)
                )
                page.errors += [
                    f"ERROR {p}" for p in patient_text_problems(project, topic, english.html)
                ]
            page.html = pipeline.html_file(topic, document).decode("utf-8")
            if document.audience == "patient":
                page.literacy = leaflet_report(
                    project, pipeline, topic, document.locale, rendered.html
                )
        except ContentError as exc:
            page.errors += [f"ERROR {p}" for p in exc.problems]
        except HandoutError as exc:
            page.errors += [f"ERROR {line}" for line in str(exc).splitlines()]
        return page
