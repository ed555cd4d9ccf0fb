"""Plan topic × audience × locale, render each, verify it, and write it atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, HandoutError, Problem
from .i18n import Formatter
from .load import load_topic
from .model import Topic
from .project import Project
from .render import Rendered, inputs_digest, make_environment, render_html
from .verify import pdf_text, verify, verify_patient_numbers

if TYPE_CHECKING:
    from .pdf import PdfRenderer


@dataclass(frozen=True)
class Job:
    topic: str
    audience: str
    locale: str

    @property
    def filename(self) -> str:
        return f"{self.topic}.{self.audience}.{self.locale}.pdf"


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


def plan(topics: Iterable[str], audiences: Iterable[str], locales: Iterable[str]) -> list[Job]:
    return [Job(t, a, loc) for t in topics for a in audiences for loc in locales]


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
    """Renders documents of one project; holds the warm Jinja and WeasyPrint state."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.env = make_environment(project.template_dirs)
        self._pdf: PdfRenderer | None = None
        self._digests: dict[tuple[str, str], str] = {}

    def digest(self, job: Job) -> str:
        """The content version of a topic in a locale (same for both audiences)."""
        key = (job.topic, job.locale)
        if key not in self._digests:
            raw = self.project.topic_file(job.topic).read_bytes()
            self._digests[key] = inputs_digest(raw, self.project.template_dirs, job.locale)
        return self._digests[key]

    def html(self, topic: Topic, job: Job) -> Rendered:
        return render_html(topic, job.audience, job.locale, self.env, self.digest(job))

    def pdf(self, topic: Topic, job: Job) -> tuple[bytes, Rendered]:
        """Render and verify one document; raise HandoutError on any failure."""
        if self._pdf is None:
            from .pdf import PdfRenderer

            self._pdf = PdfRenderer(self.project.template_dirs)
        rendered = self.html(topic, job)
        data = self._pdf.render(rendered.html)
        pages = verify(data, rendered.must, job.filename, rendered.furniture)
        if job.audience == "patient":
            symbol = Formatter(job.locale).decimal_symbol
            verify_patient_numbers(pages, rendered.furniture, job.filename, symbol)
        return data, rendered

    def build(
        self,
        topics: dict[str, Topic],
        jobs: list[Job],
        out_dir: Path,
        on_done: Callable[[Outcome], None] | None = None,
    ) -> Report:
        """Build every job; a failed document is reported and the others still built."""
        report = Report()
        for job in jobs:
            outcome = Outcome(job)
            try:
                data, _ = self.pdf(topics[job.topic], job)
                target = out_dir / job.filename
                write_atomic(target, data)
                outcome.path = target
                outcome.pages = len(pdf_text(data))
                report.written.append(outcome)
            except HandoutError as exc:
                outcome.error = str(exc)
                report.failed.append(outcome)
            except OSError as exc:
                outcome.error = f"{out_dir / job.filename}: cannot write: {exc.strerror or exc}"
                report.failed.append(outcome)
            if on_done:
                on_done(outcome)
        return report
