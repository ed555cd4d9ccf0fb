"""A document ready for WeasyPrint, and how a render process turns it into a checked PDF.

The parent process renders the HTML (content model, Jinja, translations); render processes
only need WeasyPrint and the PDF reader, so they warm up while the parent loads content.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .plan import Job

if TYPE_CHECKING:
    from .pdf import PdfRenderer


@dataclass(frozen=True)
class Embedded:
    """A file to embed in a PDF, given as bytes."""

    name: str
    data: bytes
    description: str
    date: dt.datetime


@dataclass(frozen=True)
class PdfTask:
    """One document's HTML and what its PDF must show when read back."""

    job: Job
    html: str
    must: dict[str, str]
    furniture: dict[str, str]
    rtl: bool = False
    patient_decimal: str | None = None  # set for patient documents: the patient numbers rule
    attachments: tuple[Embedded, ...] = field(default=())


def produce(renderer: PdfRenderer, task: PdfTask) -> tuple[bytes, list[str]]:
    """Render ``task`` and verify the PDF; return its bytes and each page's text.

    Raises HandoutError (RenderError, VerificationError) when the PDF cannot be trusted.
    """
    from .verify import verify, verify_patient_numbers

    data = renderer.render(task.html, list(task.attachments))
    name = task.job.filename
    pages = verify(data, task.must, name, task.furniture, task.rtl)
    if task.patient_decimal is not None:
        verify_patient_numbers(pages, task.furniture, name, task.patient_decimal)
    return data, pages
