"""The ways in, each through the one pipeline: a build into a folder, one document, a packet.

Render processes start before the content model, Jinja and the topics are loaded, so that on
two cores both warm-ups overlap; a build with nothing to do loads none of them.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..choices import SOURCE_LOCALE
from ..content.project import Project
from ..errors import HandoutError, UsageError
from ..i18n.locales import pick_locales
from ..pdf.task import PdfTask
from ..request import Document, Request
from .limits import Limits
from .plan import Digester, Split, pick_topics, plan, split_current
from .workers import RenderPool, Result
from .write import write_atomic

# Clinician briefs take about three times as long as leaflets: start the long ones first.
_COST = {"clinician": 0, "patient": 1}


class DocumentError(HandoutError):
    """One document failed to render or verify (its one-line reason is the message)."""


@dataclass
class Report:
    """What a build did: documents found current, written and failed."""

    unchanged: list[Result] = field(default_factory=list)
    written: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    warnings: list[str] = field(default_factory=list)  # one line each, for the user


class Executor(Protocol):
    """What renders PDF tasks: the local ``RenderPool`` or a cluster (``cluster.DaskExecutor``).

    ``run`` yields each document's Result as it finishes (Results among the tasks are passed
    on); ``close`` stops what the executor started.
    """

    def run(self, tasks: Iterable[PdfTask | Result]) -> Iterator[Result]: ...

    def close(self) -> None: ...


def open_executor(
    project: Project, workers: int, limits: Limits, cluster: str | None = None
) -> Executor:
    """Render processes on this machine, or on the Dask cluster at ``cluster`` (a scheduler
    address, or ``local[:N]``)."""
    if cluster is None:
        return RenderPool(project.template_dirs, workers, limits)
    from .cluster import DaskExecutor

    return DaskExecutor(cluster, project.template_dirs, limits)


def _executed(pool: Executor | None, stream: Iterator[PdfTask | Result]) -> Iterator[Result]:
    if pool is not None:
        return pool.run(stream)
    return (item for item in stream if isinstance(item, Result))


def _check_out(out_dir: Path) -> None:
    """Refuse an output folder that is a file (or lies under one) before anything renders."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() or folder.is_symlink():
            if not folder.is_dir():
                raise UsageError(f"{folder}: the output folder (--out) exists and is not a folder")
            return


def _keep(result: Result, out_dir: Path, split: Split, report: Report) -> None:
    """Write one finished document atomically and record it (or forget a failed one)."""
    report.peak_rss_mb = max(report.peak_rss_mb, result.peak_rss_mb)
    if result.data is not None:
        target = out_dir / result.name
        try:
            write_atomic(target, result.data)
            split.manifest.record(result.document, split.digests[result.document], result.data)
            result.path = target
        except OSError as exc:
            result.error = f"{target}: cannot write: {exc.strerror or exc}"
    else:
        split.manifest.forget(result.document)
    (report.failed if result.error else report.written).append(result)


def build(
    project: Project,
    request: Request,
    out_dir: Path,
    *,
    jobs: int,
    limits: Limits,
    force: bool = False,
    on_result: Callable[[Result], None] | None = None,
    on_start: Callable[[list[Document]], None] | None = None,
    cluster: str | None = None,
) -> Report:
    """Build what ``request`` asks for into ``out_dir``; skip documents whose inputs and file
    are unchanged (unless ``force``); a failed document is reported, the others built.

    PDFs render in ``jobs`` local processes, or on the Dask cluster ``cluster`` names (a
    scheduler address or ``local[:N]``; see ``build.cluster``): the same tasks, results and
    writing either way.

    ``on_result`` hears of each document as it is found current, written or failed;
    ``on_start`` of the documents to build, before the first is rendered. Raises ContentError
    or IncompleteTranslation before anything is written.
    """
    documents = plan(project, request)  # unknown topics and locales are named first
    _check_out(out_dir)
    report = Report()
    digest = Digester(project, request)
    split = split_current(documents, out_dir, digest, force=force)
    report.warnings += split.manifest.warnings
    for document in split.current:
        result = Result(document, document.filename, path=out_dir / document.filename)
        report.unchanged.append(result)
        if on_result:
            on_result(result)
    if not split.todo:
        return report
    if on_start:
        on_start(split.todo)
    pdfs = sum(1 for document in split.todo if document.format == "pdf")
    pool = open_executor(project, min(jobs, pdfs), limits, cluster) if pdfs else None
    from .pipeline import Pipeline, task_stream  # the content model and Jinja, while they warm

    manifest = split.manifest
    try:
        pipeline = Pipeline(project, request, digest)
        topics = pipeline.load(document.topic for document in split.todo)
        # Every catalog checked before anything renders: a gap means nothing is written.
        pipeline.check_translations(topics.values(), (d.locale for d in split.todo))
        ordered = sorted(split.todo, key=lambda d: (d.format == "pdf", _COST.get(d.audience, 1)))
        for result in _executed(pool, task_stream(pipeline, topics, ordered, limits)):
            _keep(result, out_dir, split, report)
            if on_result:
                on_result(result)
    except BaseException:
        if report.written:  # keep the record of what was written before the failure
            with contextlib.suppress(HandoutError):
                manifest.save()
        raise
    finally:
        if pool:
            pool.close()
    if report.written:
        manifest.save()  # a record that cannot be written is an error (ManifestError)
    return report


def build_one(project: Project, request: Request, limits: Limits | None = None) -> Result:
    """The one document ``request`` names, rendered and verified, as bytes (nothing written).

    Raises UsageError when the request names more than one document, and DocumentError when
    the document fails.
    """
    documents = plan(project, request)
    if len(documents) != 1:
        raise UsageError(
            f"expected a request for one document, found {len(documents)}: "
            + ", ".join(d.filename for d in documents[:8])
        )
    document = documents[0]
    limits = limits or Limits()
    pool = RenderPool(project.template_dirs, 1, limits) if document.format == "pdf" else None
    from .pipeline import Pipeline, task_stream

    try:
        pipeline = Pipeline(project, request)
        topics = pipeline.load([document.topic])
        pipeline.check_translations(topics.values(), [document.locale])
        (result,) = _executed(pool, task_stream(pipeline, topics, [document], limits))
    finally:
        if pool:
            pool.close()
    if result.error or result.data is None:
        raise DocumentError(result.error or f"{result.name}: no output")
    return result


def build_packet(
    project: Project, request: Request, out_file: Path, limits: Limits | None = None
) -> Result:
    """One PDF of several topics for one audience and locale: cover, contents with page
    numbers, each topic from a new page, bookmarks; verified like single documents."""
    if request.length == "all":
        raise UsageError("a packet is one length: choose --length full or --length brief")
    if request.audience == "all" or request.format != "pdf":
        raise UsageError(
            "a packet is one PDF for one audience: choose --audience patient or "
            "--audience clinician"
        )
    topics_wanted = pick_topics(project, request.topics)
    # A packet is one locale: the one asked for, else the source language.
    locales = pick_locales(request.locales or SOURCE_LOCALE, project.locales)
    if len(locales) != 1:
        raise UsageError(
            f"a packet is in one locale, found {len(locales)}: {', '.join(locales)}; "
            "choose one with --locale"
        )
    locale, audience = locales[0], request.audience
    limits = limits or Limits()
    pool = RenderPool(project.template_dirs, 1, limits)
    from .pipeline import Pipeline, guarded_step

    try:
        pipeline = Pipeline(project, request)
        topics = pipeline.load(topics_wanted)
        pipeline.check_translations(topics.values(), [locale])
        packet_doc = request.document(out_file.stem, audience, locale)

        def make() -> PdfTask:
            language = pipeline.language(locale)
            parts = []
            for topic_id in topics_wanted:
                document = request.document(topic_id, audience, locale)
                fragment = pipeline.html(topics[topic_id], document, fragment=True)
                parts.append((language.localize(topics[topic_id])[0], fragment))
            joined = "".join(r.digest for _, r in parts).encode()
            digest = hashlib.sha256(joined).hexdigest()[:12]
            setting = pipeline.setting(
                audience, locale, packet_doc.large_print, digest, packet_doc.length
            )
            rendered = pipeline.renderer.packet(parts, setting)
            checks = pipeline.checks(rendered, out_file.name, audience, locale)
            return PdfTask(packet_doc, rendered.html, checks)

        item = guarded_step(packet_doc, out_file.name, limits, make)
        (result,) = _executed(pool, iter([item]))
    finally:
        pool.close()
    if result.error or result.data is None:
        raise DocumentError(result.error or f"{out_file.name}: no output")
    write_atomic(out_file, result.data)
    result.path = out_file
    return result
