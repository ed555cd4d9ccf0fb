"""Unit tests of the render processes: results in, failures alone, limits held."""

from __future__ import annotations

from conftest import ROOT

from handout.build.limits import Limits
from handout.build.workers import RenderPool, Result
from handout.pdf.task import Checks, PdfTask
from handout.request import Document

DIRS = (ROOT / "templates",)
PAGE = '<html lang="en"><head><title>t</title></head><body><p data-must="k">{}</p></body></html>'


def _task(name: str, text: str, must: str | None = None) -> PdfTask:
    checks = Checks(f"{name}.pdf", {"k": must if must is not None else text}, {})
    return PdfTask(Document(name, "clinician", "en"), PAGE.format(text), checks)


def test_pool_renders_verifies_and_passes_failures_through() -> None:
    early = Result.failed(Document("early", "patient", "en"), "early.pdf", "failed before")
    with RenderPool(DIRS, 2, Limits(timeout=60)) as pool:
        tasks = [_task("a", "Hello"), early, _task("b", "Other", must="Not in the PDF")]
        results = {r.name: r for r in pool.run(tasks)}
    assert results["a.pdf"].data is not None and results["a.pdf"].data.startswith(b"%PDF")
    assert results["a.pdf"].pages == 1 and results["a.pdf"].error is None
    assert results["early.pdf"].error == "early.pdf: failed before"
    assert results["b.pdf"].data is None
    assert results["b.pdf"].error == "b.pdf: b.pdf: the PDF is missing required text: k"


def test_a_document_over_the_time_limit_fails_alone() -> None:
    # A table of many thousand rows takes WeasyPrint far longer than the limit.
    rows = "".join(f"<tr><td>{i}</td><td>cell</td></tr>" for i in range(20000))
    slow = PdfTask(
        Document("slow", "patient", "en"),
        PAGE.format("x").replace("</body>", f"<table>{rows}</table></body>"),
        Checks("slow.pdf", {}, {}),
    )
    with RenderPool(DIRS, 1, Limits(timeout=5)) as pool:
        results = list(pool.run([slow, _task("after", "Fine")]))
    by_name = {r.name: r for r in results}
    assert by_name["slow.pdf"].error == "slow.pdf: stopped after 5 s (time limit)"
    assert by_name["after.pdf"].error is None  # a fresh process took over
