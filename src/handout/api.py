"""The Python API, for systems that call handout directly instead of running the command."""

from __future__ import annotations

from pathlib import Path

from .build import Builder, load_all
from .plan import Job, Options
from .project import Project


def _prepare(
    topic: str,
    audience: str,
    locale: str,
    clinic: str | Path | None,
    paper: str | None,
    large_print: bool,
    root: str | Path,
    fmt: str,
) -> tuple[Builder, Job]:
    project = Project.open(Path(root))
    (name,) = project.pick_topics([topic])
    project.pick_audiences(audience)
    project.pick_locales(locale)
    options = Options(paper=paper, clinic_file=Path(clinic).resolve() if clinic else None)
    job = Job(name, audience, locale, large_print=large_print and audience == "patient", format=fmt)
    return Builder(project, options), job


def build_pdf(
    topic: str,
    audience: str,
    locale: str,
    *,
    clinic: str | Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    root: str | Path = ".",
) -> bytes:
    """One verified PDF as bytes, rendered in this process.

    ``topic`` is a topic id in the project at ``root`` (its ``content/`` folder); ``clinic`` a
    clinic profile file; ``paper`` ``"a4"`` or ``"letter"`` (default: the profile's, else A4).
    Raises ``handout.errors.ContentError`` for invalid content or profiles, ``UsageError`` for
    unknown choices, and ``RenderError`` or ``VerificationError`` when the document fails.
    Unlike ``handout build``, no worker process, time limit or memory limit is involved.
    """
    builder, job = _prepare(topic, audience, locale, clinic, paper, large_print, root, "pdf")
    loaded = load_all(builder.project, [job.topic])
    return builder.pdf(loaded[job.topic], job).pdf


def build_html(
    topic: str,
    audience: str,
    locale: str,
    *,
    clinic: str | Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    root: str | Path = ".",
) -> str:
    """The same document as one self-contained HTML page (styles and images inline)."""
    builder, job = _prepare(topic, audience, locale, clinic, paper, large_print, root, "html")
    loaded = load_all(builder.project, [job.topic])
    return builder.html_document(loaded[job.topic], job).decode("utf-8")
