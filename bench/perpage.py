"""Warm per-page cost of each document against bare WeasyPrint and against the text's floor.

Three renders per document, interleaved run by run and timed in CPU time of this process
(``time.process_time``: on a shared machine wall time mostly measures the neighbours):

- *pipeline*: what a build spends on the document: its HTML (Jinja) and then what a render
  process does, PDF/UA-1 rendering and reading the text back to verify it;
- *bare*: WeasyPrint alone on the same HTML, with the same reused FontConfiguration, the same
  parsed stylesheet and the same PDF variant (PDF/UA-1): handout's own cost is pipeline - bare;
- *floor*: all the text on the document's pages (``literacy.htmltext.shown_blocks``: glossary
  and sources included, page-margin texts not) as plain ``<p>`` paragraphs under one style line
  (Noto Sans 11 pt, line height 1.45, A4, 20 mm margins): what WeasyPrint needs for this much
  text at least; bare - floor is what the stylesheet costs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from handout.build.pipeline import Pipeline
from handout.choices import AUDIENCES, LENGTHS
from handout.literacy.htmltext import shown_blocks
from handout.pdf.task import produce
from handout.pdf.verify import pdf_text
from handout.pdf.weasy import PdfRenderer
from handout.request import Document

FLOOR_STYLE = (
    "@page { size: A4; margin: 20mm } "
    "body { font-family: 'Noto Sans'; font-size: 11pt; line-height: 1.45 }"
)


def floor_html(html: str, lang: str) -> tuple[str, int]:
    """The text on the pages of ``html`` as plain paragraphs; and its number of characters."""
    blocks = shown_blocks(html)
    body = "".join(f"<p>{escape(block)}</p>" for block in blocks)
    page = f'<html lang="{lang}"><head><style>{FLOOR_STYLE}</style></head><body>{body}</body>'
    return page, sum(len(block) for block in blocks)


def documents(topic: str) -> list[Document]:
    """Each audience and length in English, and large print (a new audience or length is
    measured when it ships)."""
    found = [
        Document(topic, audience, "en", length=length)
        for length in LENGTHS
        for audience in AUDIENCES
    ]
    return [*found, Document(topic, "patient", "en", large_print=True)]


@dataclass
class Row:
    name: str
    pages: dict[str, int]  # pipeline, bare, floor
    chars: int
    cpu_ms: dict[str, list[float]]  # per run

    def per_page(self, kind: str) -> list[float]:
        return [ms / self.pages[kind] for ms in self.cpu_ms[kind]]

    def ratio(self, first: str, second: str) -> list[float]:
        pairs = zip(self.cpu_ms[first], self.cpu_ms[second], strict=True)
        return [a / b for a, b in pairs]


def _cpu_ms(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def cases_of(
    pipeline: Pipeline, renderer: PdfRenderer, topic: object, document: Document
) -> tuple[dict[str, Callable[[], bytes]], int]:
    """The three renders of ``document`` (pipeline, bare WeasyPrint and the text's floor), and
    the number of characters on its pages."""
    from weasyprint import HTML

    html = pipeline.html(topic, document).html  # type: ignore[arg-type]
    floor, chars = floor_html(html, document.locale)

    def ours() -> bytes:
        data, _ = produce(renderer, pipeline.task(topic, document))  # type: ignore[arg-type]
        return data

    def bare() -> bytes:
        page = HTML(string=html, base_url=renderer.base_url)
        return page.write_pdf(  # type: ignore[no-any-return]
            stylesheets=[renderer.stylesheet],
            font_config=renderer.font_config,
            pdf_variant="pdf/ua-1",
        )

    def plain() -> bytes:
        return HTML(string=floor).write_pdf(font_config=renderer.font_config)  # type: ignore[no-any-return]

    return {"pipeline": ours, "bare": bare, "floor": plain}, chars


def measure(pipeline: Pipeline, topic: object, document: Document, runs: int) -> Row:
    renderer = PdfRenderer(pipeline.project.template_dirs)
    cases, chars = cases_of(pipeline, renderer, topic, document)
    pages = {kind: len(pdf_text(fn())) for kind, fn in cases.items()}  # also the warm-up
    samples: dict[str, list[float]] = {kind: [] for kind in cases}
    for _ in range(runs):
        for kind, fn in cases.items():
            samples[kind].append(_cpu_ms(fn))
    return Row(document.filename, pages, chars, samples)


def spread(values: list[float], digits: int = 0) -> str:
    """Median [min-max]."""
    low, mid, high = min(values), statistics.median(values), max(values)
    return f"{mid:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]"


def report(rows: list[Row]) -> None:
    print(f"{'document':<46} {'pages':>11} {'chars':>6}  CPU ms per page: median [min-max]")
    print(f"{'':<46} {'ours/floor':>11} {'':>6}  {'pipeline':<16} {'bare':<16} {'floor':<16}")
    for row in rows:
        pages = f"{row.pages['pipeline']}/{row.pages['floor']}"
        cells = " ".join(f"{spread(row.per_page(kind)):<16}" for kind in row.cpu_ms)
        print(f"{row.name:<46} {pages:>11} {row.chars:>6}  {cells}")
    print(f"\n{'document':<46} CPU ms per 1,000 characters (median)   ratios: median [min-max]")
    print(f"{'':<46} {'pipeline':>9} {'bare':>7} {'floor':>7}   {'pipeline/floor':<17} "
          f"{'pipeline/bare':<17} {'bare/floor':<17}")  # fmt: skip
    for row in rows:
        per_k = [statistics.median(row.cpu_ms[k]) * 1000 / row.chars for k in row.cpu_ms]
        ratios = [
            spread(row.ratio(a, b), 2)
            for a, b in (("pipeline", "floor"), ("pipeline", "bare"), ("bare", "floor"))
        ]
        print(
            f"{row.name:<46} {per_k[0]:>9.1f} {per_k[1]:>7.1f} {per_k[2]:>7.1f}   "
            + " ".join(f"{r:<17}" for r in ratios)
        )
    print(
        "CPU time of this process (time.process_time), the three renders interleaved run by run; "
        "ratios are per run (pipeline/floor: same text, whole documents). Target: pipeline <= "
        "2.0x floor for each audience and the briefs."
    )


def warm_per_page(pipeline: Pipeline, topics: dict, runs: int) -> list[Row]:  # type: ignore[type-arg]
    print("\n## Warm, per page: pipeline versus bare WeasyPrint versus the text's floor")
    rows = [
        measure(pipeline, topic, document, runs)
        for name, topic in topics.items()
        for document in documents(name)
    ]
    report(rows)
    return rows
