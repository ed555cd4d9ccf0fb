"""Pictures of a PDF's pages (PNG), for showing the print layout on a screen."""

from __future__ import annotations

import io

import pypdfium2 as pdfium


def page_pictures(pdf: bytes, dpi: int = 96) -> list[bytes]:
    """Each page of ``pdf`` as a PNG image at ``dpi`` (a screen's resolution by default)."""
    document = pdfium.PdfDocument(pdf)
    try:
        pictures = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=False)
            pictures.append(buffer.getvalue())
            page.close()
        return pictures
    finally:
        document.close()
