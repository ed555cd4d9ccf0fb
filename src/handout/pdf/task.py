"""A document ready for WeasyPrint, and how a render process turns it into a checked PDF.

The parent process renders the HTML (content model, Jinja, translations) and reads from it
what the PDF needs beyond WeasyPrint (the languages of mixed-language parts); render processes
only need WeasyPrint, the PDF repair and the PDF reader, so they warm up while the parent
loads content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from ..literacy.htmltext import LangSpan
from ..request import Document


class Renders(Protocol):
    """What turns HTML into PDF bytes (``pdf.weasy.PdfRenderer``; imported only by workers)."""

    def render(self, html: str, attachments: list[Embedded] | None = None) -> bytes: ...


@dataclass(frozen=True)
class Embedded:
    """A file to embed in a PDF, given as bytes."""

    name: str
    data: bytes
    description: str
    date: dt.datetime


@dataclass(frozen=True)
class Checks:
    """What a rendered PDF must show when read back, and the rules its text must keep."""

    name: str  # the file name messages use
    must: dict[str, str]
    furniture: dict[str, str]
    rtl: bool = False
    patient_decimal: str | None = None  # set for patient documents: the patient numbers rule
    # Parts in another language: the structure elements showing them must carry it (/Lang).
    languages: tuple[LangSpan, ...] = ()
    # A brief's page budget, and its sections (name, heading text) to name when it overflows.
    max_pages: int | None = None
    sections: tuple[tuple[str, str], ...] = ()


def check_budget(pages: list[str], checks: Checks) -> None:
    """Raise PageBudgetError when the PDF has more pages than its budget, naming the longest
    sections by their lines of text in the PDF."""
    from ..errors import PageBudgetError
    from .verify import section_lines

    if checks.max_pages is None or len(pages) <= checks.max_pages:
        return
    counted = sorted(section_lines(pages, checks.furniture, checks.sections), key=lambda s: -s[1])
    longest = ", ".join(f"{name} {lines} lines" for name, lines in counted[:3])
    raise PageBudgetError(
        f"{len(pages)} pages, limit {checks.max_pages}; longest sections: "
        + (longest or "not measured")
        + " (shorten them, e.g. with the cautions' short forms: docs/content-model.md)"
    )


def check_pdf(data: bytes, checks: Checks) -> list[str]:
    """Verify rendered PDF bytes; return each page's text. Raises VerificationError."""
    from .verify import verify, verify_patient_numbers

    pages = verify(data, checks.must, checks.name, checks.furniture, checks.rtl)
    if checks.patient_decimal is not None:
        verify_patient_numbers(pages, checks.furniture, checks.name, checks.patient_decimal)
    check_budget(pages, checks)
    return pages


@dataclass(frozen=True)
class PdfTask:
    """One document's HTML, its attachments, and the checks its PDF must pass."""

    document: Document
    html: str
    checks: Checks
    attachments: tuple[Embedded, ...] = field(default=())


def produce(renderer: Renders, task: PdfTask) -> tuple[bytes, list[str]]:
    """Render ``task``, repair what WeasyPrint leaves short of PDF/UA-1 and verify the PDF;
    return its bytes and each page's text.

    Raises HandoutError (RenderError, VerificationError) when the PDF cannot be trusted.
    """
    from .repair import repair

    data = renderer.render(task.html, list(task.attachments))
    data = repair(data, task.checks.languages)
    return data, check_pdf(data, task.checks)
