"""No visual change by accident: every page's text and pixels against a committed snapshot.

The shipped topic's patient and clinician documents, full and brief, in en, es, ar and zh_Hans
are rendered
through the pipeline (as the render processes do, verification included) with a fixed content
version, so the footer's version hash, which changes with any template edit, changes nothing
here. Each page's text and a SHA-256 of its pixels rendered at 30 dpi are compared with
``tests/snapshots/visual.json``.

After an intended change to the layout, look at the pages (``pdftoppm -png -r 60``), then
regenerate the snapshot and commit it with the change::

    python -m pytest tests/test_visual.py --update-snapshots

The snapshot holds the renderer and font versions it was made with; on another set (a new
WeasyPrint, Pango, PDFium or Noto release) the comparison is skipped with the reason, since
line breaks and anti-aliasing may then differ without any change of ours.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import LOCALES, ROOT, TOPIC_ID

from handout.build.pipeline import Pipeline
from handout.build.plan import Digester, renderer_versions
from handout.choices import LENGTHS
from handout.content.project import Project
from handout.pdf.task import produce
from handout.pdf.verify import pdf_text
from handout.pdf.weasy import PdfRenderer
from handout.request import Document, Request

SNAPSHOT = Path(__file__).parent / "snapshots" / "visual.json"
DPI = 30
FIXED_VERSION = "0" * 12
DOCUMENTS = [
    (audience, locale, length)
    for length in LENGTHS
    for audience in ("patient", "clinician")
    for locale in LOCALES
]


def key(audience: str, locale: str, length: str) -> str:
    return f"{audience}.{locale}" + ("" if length == "full" else f".{length}")


class FixedVersion(Digester):
    """Every document's content version is the same placeholder: footers stop depending on it."""

    def __call__(self, job: Document) -> str:
        return FIXED_VERSION


def environment() -> dict[str, str]:
    """What else decides line breaks and pixels: renderer, text shaper, rasteriser, fonts."""
    from weasyprint.text.ffi import pango

    fonts = Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")
    font_hash = hashlib.sha256(fonts.read_bytes()).hexdigest()[:16] if fonts.is_file() else "-"
    return {
        "renderers": renderer_versions(),
        "pango": str(pango.pango_version()),
        "pdfium": f"{pdfium.version.PYPDFIUM_INFO} {pdfium.version.PDFIUM_INFO}",
        "noto_sans": font_hash,
    }


def pixel_hashes(pdf: bytes) -> list[str]:
    """SHA-256 of each page's raw pixels at DPI (greyscale, no anti-aliasing choices of ours)."""
    document = pdfium.PdfDocument(pdf)
    try:
        hashes = []
        for page in document:
            bitmap = page.render(scale=DPI / 72, grayscale=True)
            hashes.append(hashlib.sha256(bytes(bitmap.buffer)).hexdigest()[:16])
            bitmap.close()
            page.close()
        return hashes
    finally:
        document.close()


def pages_of_every_document() -> dict[str, dict[str, list[str]]]:
    """Each document's page texts and page pixel hashes, keyed ``audience.locale[.brief]``."""
    project = Project.open(ROOT)
    request = Request(topics=(TOPIC_ID,), locales=",".join(LOCALES), root=ROOT)
    pipeline = Pipeline(project, request, FixedVersion(project, request))
    topic = pipeline.load([TOPIC_ID])[TOPIC_ID]
    renderer = PdfRenderer(project.template_dirs)
    found = {}
    for audience, locale, length in DOCUMENTS:
        document = request.document(TOPIC_ID, audience, locale, length)
        data, _ = produce(renderer, pipeline.task(topic, document))
        found[key(audience, locale, length)] = {
            "text": pdf_text(data),
            "pixels": pixel_hashes(data),
        }
    return found


@pytest.fixture(scope="module")
def rendered_pages() -> dict[str, dict[str, list[str]]]:
    return pages_of_every_document()


def test_every_page_looks_as_the_snapshot_says(
    rendered_pages: dict[str, dict[str, list[str]]], request: pytest.FixtureRequest
) -> None:
    now = {"environment": environment(), "dpi": DPI, "documents": rendered_pages}
    if request.config.getoption("--update-snapshots"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        text = json.dumps(now, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        SNAPSHOT.write_text(text, encoding="utf-8")
        pytest.skip(f"wrote {SNAPSHOT.relative_to(ROOT)}: review its diff and commit it")
    assert SNAPSHOT.is_file(), "no snapshot: run pytest tests/test_visual.py --update-snapshots"
    before = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    if before["environment"] != now["environment"]:
        pytest.skip(
            f"snapshot made with {before['environment']}, this machine has "
            f"{now['environment']}: regenerate it here with --update-snapshots"
        )
    changed = []
    for name, was in before["documents"].items():
        is_ = rendered_pages[name]
        if len(was["text"]) != len(is_["text"]):
            changed.append(f"{name}: {len(was['text'])} pages before, {len(is_['text'])} now")
            continue
        for number, (old, new) in enumerate(zip(was["text"], is_["text"], strict=True), 1):
            if old != new:
                changed.append(f"{name} page {number}: text changed")
        for number, (old, new) in enumerate(zip(was["pixels"], is_["pixels"], strict=True), 1):
            if old != new:
                changed.append(f"{name} page {number}: pixels changed")
    assert sorted(before["documents"]) == sorted(rendered_pages)
    assert changed == [], "\n".join(changed)


def test_the_snapshot_has_every_document_and_no_version_hash() -> None:
    """The snapshot covers both audiences and lengths in the four locales, and no page text
    carries a real content version (only the fixed placeholder), so template edits alone change
    nothing."""
    snapshot = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(snapshot["documents"]) == sorted(key(*document) for document in DOCUMENTS)
    for name, pages in snapshot["documents"].items():
        assert len(pages["text"]) == len(pages["pixels"]) >= 1, name
        assert all(FIXED_VERSION in page for page in pages["text"]), name
