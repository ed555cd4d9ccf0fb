"""The Python API, for systems that call handout directly instead of running the command.

Both functions build through the same planner, pipeline, render processes and limits as
``handout build``: locales resolve the same way (``es-MX`` gives ``es``), incomplete
translations are refused the same way (unless ``allow_fallback``), the clinic profile's paper
is the default paper, and the same errors are raised with the same messages.
"""

from __future__ import annotations

from pathlib import Path

from .build.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits
from .build.run import build_one
from .content.project import Project
from .request import Request


def _build(
    topic: str,
    audience: str,
    locale: str,
    fmt: str,
    clinic: str | Path | None,
    paper: str | None,
    large_print: bool,
    allow_fallback: bool,
    root: str | Path,
    limits: Limits,
    length: str = "full",
) -> bytes:
    request = Request(
        topics=(topic,),
        audience=audience,
        locales=locale,
        paper=paper,
        large_print=large_print,
        clinic=Path(clinic) if clinic is not None else None,
        format=fmt,
        allow_fallback=allow_fallback,
        root=Path(root),
        length=length,
    )
    data = build_one(Project.open(request.root), request, limits).data
    assert data is not None
    return data


def build_pdf(
    topic: str,
    audience: str,
    locale: str,
    *,
    clinic: str | Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    allow_fallback: bool = False,
    root: str | Path = ".",
    length: str = "full",
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> bytes:
    """One verified PDF as bytes.

    ``topic`` is a topic id in the project at ``root`` (its ``content/`` folder); ``audience``
    ``"patient"`` or ``"clinician"``; ``locale`` a shipped locale or a tag that resolves to one;
    ``clinic`` a clinic profile file; ``paper`` ``"a4"`` or ``"letter"`` (default: the
    profile's, else A4); ``length`` ``"full"`` or ``"brief"`` (the one-sheet patient handout
    or one-page clinician summary, failing when over its page budget). The PDF is rendered in
    a render process under ``timeout`` seconds and
    ``memory_mb`` MiB, like ``handout build``. Raises ``handout.errors.ContentError`` for
    invalid content, catalogs or profiles, ``UsageError`` for unknown choices,
    ``IncompleteTranslation`` when the locale lacks strings, and ``DocumentError`` when the
    document fails to render or verify.
    """
    limits = Limits(timeout, memory_mb)
    return _build(
        topic,
        audience,
        locale,
        "pdf",
        clinic,
        paper,
        large_print,
        allow_fallback,
        root,
        limits,
        length,
    )


def build_html(
    topic: str,
    audience: str,
    locale: str,
    *,
    clinic: str | Path | None = None,
    paper: str | None = None,
    large_print: bool = False,
    allow_fallback: bool = False,
    root: str | Path = ".",
    length: str = "full",
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> str:
    """The same document as one self-contained HTML page (styles and images inline)."""
    limits = Limits(timeout, memory_mb)
    data = _build(
        topic,
        audience,
        locale,
        "html",
        clinic,
        paper,
        large_print,
        allow_fallback,
        root,
        limits,
        length,
    )
    return data.decode("utf-8")
