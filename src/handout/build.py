"""Plan topic × audience × locale, skip what is current, render the rest in workers, write."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.catalog import Catalog

from .catalogs import messages_template
from .clinic import Clinic, load_clinic
from .errors import ContentError, HandoutError, Problem
from .load import load_topic
from .model import Topic
from .plan import Job, Options, Split
from .project import SOURCE_LOCALE, Project
from .readability import html_blocks
from .render import Rendered, make_environment, render_html, render_packet
from .task import Checks, Embedded, PdfTask, check_pdf, produce
from .translate import IncompleteTranslation, Language, load_language
from .verify import verify_patient_numbers
from .workers import Limits, RenderPool, Result, TimeLimit, guarded

STYLESHEET = "handout.css"

if TYPE_CHECKING:
    from .pdf import PdfRenderer


@dataclass
class Outcome:
    job: Job
    path: Path | None = None
    pages: int = 0
    error: str | None = None


@dataclass
class Report:
    written: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    peak_rss_mb: float = 0.0


@dataclass
class Built:
    pdf: bytes
    pages: int
    rendered: Rendered


def load_clinic_option(project: Project, options: Options) -> Clinic | None:
    """The clinic profile the options name, validated (ContentError when invalid)."""
    if options.clinic_file is None:
        return None
    return load_clinic(options.clinic_file, project.display(options.clinic_file))


def load_all(project: Project, topics: Iterable[str]) -> dict[str, Topic]:
    """Load every topic; raise one ContentError holding the problems of all bad files."""
    loaded: dict[str, Topic] = {}
    problems: list[Problem] = []
    for name in topics:
        path = project.topic_file(name)
        try:
            loaded[name] = load_topic(path, project.display(path))
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return loaded


def _file_mode() -> int:
    """The mode a plain new file gets here (mkstemp's 0600 would hide PDFs from web servers)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), _file_mode())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Builder:
    """Renders documents of one project in this process, keeping Jinja and WeasyPrint warm."""

    def __init__(self, project: Project, options: Options | None = None) -> None:
        self.project = project
        self.options = options or Options()
        self.clinic = load_clinic_option(project, self.options)
        self.paper = self.options.paper or (self.clinic.profile.paper if self.clinic else "a4")
        self.env = make_environment(project.template_dirs)
        self._pdf: PdfRenderer | None = None
        self._digests: dict[Job, str] = {}
        self._digester = project.digester(self.options)
        self._languages: dict[str, Language] = {}

    def language(self, locale: str) -> Language:
        """The locale's checked catalogs (read once); ContentError when a catalog is invalid."""
        if locale not in self._languages:
            template = None if locale == SOURCE_LOCALE else self._template_strings
            self._languages[locale] = load_language(self.project, locale, template)
        return self._languages[locale]

    @cached_property
    def _template_strings(self) -> Catalog:
        """The strings the templates need, extracted once (it takes about 0.2 s)."""
        return messages_template(self.project.template_dirs)

    def check_translations(self, topics: Iterable[Topic], locales: Iterable[str]) -> None:
        """Raise IncompleteTranslation listing every missing or fuzzy string (unless fallback)."""
        for locale in dict.fromkeys(locales):
            language = self.language(locale)
            gaps = list(language.message_gaps)
            for topic in topics:
                gaps += language.topic_gaps(topic)
            if gaps and not self.options.allow_fallback:
                raise IncompleteTranslation(locale, gaps)

    def digest(self, job: Job) -> str:
        if job not in self._digests:
            self._digests[job] = self._digester(job)
        return self._digests[job]

    def html(self, topic: Topic, job: Job) -> Rendered:
        return render_html(
            topic,
            job.audience,
            job.locale,
            self.env,
            self.digest(job),
            clinic=self.clinic,
            paper=self.paper,
            large_print=job.large_print,
            language=self.language(job.locale),
        )

    @property
    def renderer(self) -> PdfRenderer:
        if self._pdf is None:
            from .pdf import PdfRenderer

            self._pdf = PdfRenderer(self.project.template_dirs)
        return self._pdf

    def html_document(self, topic: Topic, job: Job) -> bytes:
        """One self-contained HTML file: styles inline, images as data: URIs, no fetches."""
        rendered = self.html(topic, job)
        css = next(d / STYLESHEET for d in self.project.template_dirs if (d / STYLESHEET).is_file())
        style = f"<style>\n{css.read_text(encoding='utf-8')}\n</style>\n</head>"
        html = rendered.html.replace("</head>", style, 1)
        if job.audience == "patient":
            symbol = self.language(job.locale).fmt.decimal_symbol
            text = "\n".join(html_blocks(html))
            verify_patient_numbers([text], {}, job.filename, symbol)
        return html.encode("utf-8")

    def task(self, topic: Topic, job: Job, rendered: Rendered | None = None) -> PdfTask:
        """Everything a render process needs for one PDF (HTML rendered here)."""
        rendered = rendered or self.html(topic, job)
        attachments = []
        if job.audience == "clinician":  # the brief carries its source, for audit
            updated = topic.review.updated
            attachments.append(
                Embedded(
                    name=f"{job.topic}.yaml",
                    data=self.project.topic_file(job.topic).read_bytes(),
                    description=f"Source content of this brief (version {rendered.digest})",
                    date=dt.datetime(updated.year, updated.month, updated.day, tzinfo=dt.UTC),
                )
            )
        checks = self.checks(rendered, job.filename, job.audience, job.locale)
        return PdfTask(job, rendered.html, checks, tuple(attachments))

    def checks(self, rendered: Rendered, name: str, audience: str, locale: str) -> Checks:
        """What the PDF of ``rendered`` must show, and, for patients, the numbers rule."""
        language = self.language(locale)
        decimal = language.fmt.decimal_symbol if audience == "patient" else None
        return Checks(name, rendered.must, rendered.furniture, language.rtl, decimal)

    def pdf(self, topic: Topic, job: Job) -> Built:
        """Render and verify one document in this process; raise HandoutError on any failure."""
        rendered = self.html(topic, job)
        data, pages = produce(self.renderer, self.task(topic, job, rendered))
        return Built(data, len(pages), rendered)


def _html_results(builder: Builder, topics: dict[str, Topic], jobs: list[Job]) -> list[Result]:
    """HTML needs no WeasyPrint: rendered here, with the same checks as PDFs where they apply."""
    results = []
    for job in jobs:
        try:
            results.append(Result(job, pdf=builder.html_document(topics[job.topic], job)))
        except HandoutError as exc:
            results.append(Result(job, error=str(exc)))
    return results


# Clinician briefs take about three times as long as leaflets: start the long ones first.
_COST = {"clinician": 0, "patient": 1}


def _tasks(
    builder: Builder, topics: dict[str, Topic], jobs: list[Job], limits: Limits
) -> Iterator[PdfTask | Result]:
    """Each job's HTML, rendered here under the per-document limits, as render processes ask.

    A document whose HTML step fails, loops or runs out of memory becomes a failed Result; the
    others go on.
    """
    for job in jobs:
        item: PdfTask | Result
        try:
            with guarded(limits):
                item = builder.task(topics[job.topic], job)
        except TimeLimit:
            item = Result(
                job, error=f"{job.filename}: stopped after {limits.timeout:g} s (time limit)"
            )
        except MemoryError:
            item = Result(
                job, error=f"{job.filename}: ran out of memory (limit {limits.memory_mb} MiB)"
            )
        except RecursionError:
            item = Result(job, error=f"{job.filename}: the document nests too deeply to render")
        except HandoutError as exc:
            item = Result(job, error=f"{job.filename}: {exc}")
        yield item


def build(
    project: Project,
    split: Split,
    out_dir: Path,
    *,
    workers: int,
    limits: Limits,
    options: Options | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    pool: RenderPool | None = None,
) -> Report:
    """Build ``split.todo`` into ``out_dir``; a failed document is reported, the others built.

    ``split`` comes from ``plan.split_current``: the jobs it found current are not rebuilt.
    Raises ContentError, before anything is written, when a topic that needs building is invalid.
    ``pool``: render processes already started (the CLI starts them before loading content, so
    they warm up meanwhile); build closes it. Without it, build starts its own.
    """
    report = Report()
    manifest, digests, todo = split.manifest, split.digests, split.todo
    if not todo:
        return report
    options = options or Options()
    pdf_jobs = [job for job in todo if job.format == "pdf"]
    if pool is None and pdf_jobs:
        pool = RenderPool(project.template_dirs, min(workers, len(pdf_jobs)), limits)
    try:
        builder = Builder(project, options)  # an invalid clinic profile stops here: exit 2
        topics = load_all(project, dict.fromkeys(job.topic for job in todo))
        # Every catalog checked before anything renders: a gap means nothing is written.
        builder.check_translations(topics.values(), (job.locale for job in todo))
        ordered = sorted(pdf_jobs, key=lambda job: _COST.get(job.audience, 1))
        html_jobs = [job for job in todo if job.format == "html"]
        tasks = _tasks(builder, topics, ordered, limits)
        results = pool.run(tasks) if pool else iter(())
        for result in itertools.chain(_html_results(builder, topics, html_jobs), results):
            outcome = Outcome(result.job)
            report.peak_rss_mb = max(report.peak_rss_mb, result.peak_rss_mb)
            if result.pdf is not None:
                target = out_dir / result.job.filename
                try:
                    write_atomic(target, result.pdf)
                    manifest.record(result.job, digests[result.job], result.pdf)
                    outcome.path, outcome.pages = target, result.pages
                    report.written.append(outcome)
                except OSError as exc:
                    outcome.error = f"{target}: cannot write: {exc.strerror or exc}"
            else:
                outcome.error = result.error
                manifest.forget(result.job)
            if outcome.error:
                report.failed.append(outcome)
            if on_done:
                on_done(outcome)
    finally:
        if pool:
            pool.close()
        if report.written:
            # The PDFs are written; a manifest that cannot be saved only costs a rebuild.
            with contextlib.suppress(OSError):
                manifest.save()
    return report


def build_packet(
    project: Project,
    topic_ids: list[str],
    audience: str,
    locale: str,
    out_file: Path,
    *,
    options: Options | None = None,
    large_print: bool = False,
) -> int:
    """One PDF of several topics: cover, contents with page numbers, topics, bookmarks.

    Rendered in this process (no worker); verified like single documents. Returns the pages.
    """
    import hashlib

    builder = Builder(project, options)
    topics = load_all(project, topic_ids)
    builder.check_translations(topics.values(), [locale])
    parts = []
    for topic_id in topic_ids:
        job = Job(topic_id, audience, locale, large_print=large_print and audience == "patient")
        shown, _ = builder.language(locale).localize(topics[topic_id])  # titles on the cover
        parts.append((shown, builder.html(topics[topic_id], job)))
    digest = hashlib.sha256("".join(r.digest for _, r in parts).encode()).hexdigest()[:12]
    rendered = render_packet(
        parts,
        audience,
        locale,
        builder.env,
        digest,
        clinic=builder.clinic,
        paper=builder.paper,
        large_print=large_print and audience == "patient",
        language=builder.language(locale),
    )
    data = builder.renderer.render(rendered.html)
    pages = check_pdf(data, builder.checks(rendered, out_file.name, audience, locale))
    write_atomic(out_file, data)
    return len(pages)
