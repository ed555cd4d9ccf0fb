"""Reads a rendered PDF back and checks that the texts every document must carry are in it."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium

from .errors import VerificationError


def normalize(text: str) -> str:
    """Compare texts as a reader sees them: NFKC, no soft hyphens, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def _comparable(text: str) -> str:
    # Case-insensitive (CSS may uppercase) and space-insensitive (extraction may split words).
    return "".join(normalize(text).casefold().split())


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf``, as PDFium extracts it (fast and faithful)."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            # No automatic hyphenation here, so a hyphen at a line end belongs to the word.
            pages.append(textpage.get_text_range().replace("-\r\n", "-"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def verify(pdf: bytes, must: dict[str, str], name: str) -> None:
    """Raise VerificationError listing every required text missing from ``pdf``."""
    whole = _comparable(" ".join(pdf_text(pdf)))
    missing = [key for key, text in must.items() if _comparable(text) not in whole]
    if missing:
        raise VerificationError(
            f"{name}: the PDF is missing required text: {', '.join(sorted(missing))}"
        )
