"""What a user might pick instead of WeasyPrint: a warm headless Chromium printing the same HTML.

Debian's chromium under Playwright (as the accessibility tests drive it), one browser kept warm,
each document printed with ``page.pdf`` from the same HTML and stylesheet that WeasyPrint gets,
interleaved run by run with a WeasyPrint render in this process. CPU is the user + system time of
every process the browser runs (read from /proc); memory is the proportional set size (PSS) of
those processes after printing, against the peak resident size of a render process. What the
browser's PDF leaves out is read from its own text: the running head and foot (draft mark,
version, "Page X of Y") that every handout document must carry on every page.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from perpage import spread

from handout.build.pipeline import Pipeline
from handout.pdf.verify import pdf_text
from handout.pdf.weasy import PdfRenderer
from handout.render.must import SHARED_FURNITURE
from handout.request import Document

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.parent.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, p in parents.items() if p == parent]
        found += children
        todo += children
    return found


def _cpu_ms(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total * 1000 / TICKS


def _pss_mb(pids: list[int]) -> float:
    """PSS of the browser's own processes (not Playwright's driver)."""
    total = 0
    for pid in pids:
        try:
            if "chrom" not in Path(f"/proc/{pid}/comm").read_text():
                continue
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def compare(pipeline: Pipeline, topics: dict, runs: int) -> None:  # type: ignore[type-arg]
    print("\n## A warm headless Chromium printing the same HTML (interleaved with WeasyPrint)")
    try:
        browsers = _browser()
        browser = next(browsers)
    except Exception as exc:  # no playwright or chromium: say so, measure the rest
        print(f"skipped: Chromium could not start ({type(exc).__name__}: {exc})")
        return
    renderer = PdfRenderer(pipeline.project.template_dirs)
    css = renderer.stylesheet_path.read_text(encoding="utf-8") if renderer.stylesheet_path else ""
    tree = _descendants(os.getpid())
    print(f"{'document':<40} {'WeasyPrint CPU ms':<20} {'Chromium CPU ms':<20} ratio")
    try:
        page = browser.new_page()
        for name, topic in topics.items():
            for audience in ("patient", "clinician"):
                document = Document(name, audience, "en")
                rendered = pipeline.html(topic, document)
                html = rendered.html
                styled = html.replace("</head>", f"<style>{css}</style></head>", 1)
                chromium = _chromium_pdf(page, styled)  # warm-up, and its text
                renderer.render(html)
                ours_ms, theirs_ms = [], []
                for _ in range(runs):
                    start = time.process_time()
                    renderer.render(html)
                    ours_ms.append((time.process_time() - start) * 1000)
                    tree = _descendants(os.getpid())
                    before = _cpu_ms(tree)
                    _chromium_pdf(page, styled)
                    theirs_ms.append(_cpu_ms(tree) - before)
                ratios = [b / a for a, b in zip(ours_ms, theirs_ms, strict=True)]
                print(
                    f"{document.filename:<40} {spread(ours_ms):<20} {spread(theirs_ms):<20} "
                    f"{spread(ratios, 2)}"
                )
                _what_is_missing("Chromium", chromium, rendered.furniture)
                _what_is_missing("WeasyPrint", renderer.render(html), rendered.furniture)
        print(
            f"memory: Chromium's processes {_pss_mb(_descendants(os.getpid())):.0f} MB (PSS, "
            "browser, renderer and helpers, one page open); a WeasyPrint render process: see the "
            "matrix section's peak RSS"
        )
    finally:
        for _ in browsers:  # closes the browser
            pass
    print(
        "Chromium CPU = user + system time of every browser process during page.pdf(); "
        "WeasyPrint CPU = this process during PdfRenderer.render (PDF/UA-1)."
    )


def _chromium_pdf(page: Any, html: str) -> bytes:
    page.set_content(html, wait_until="load")
    return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)  # type: ignore[no-any-return]


def _what_is_missing(who: str, data: bytes, words: dict[str, str]) -> None:
    """Which running head and foot texts (``words``: the document's furniture) the PDF
    ``data`` shows on every page, and on how many pages it shows "Page X of Y"."""
    pages = [" ".join(page.split()) for page in pdf_text(data)]
    # "page-word" and "of-word" are parts of "Page X of Y", not texts of their own
    furniture = [text for key, text in words.items() if text and key not in SHARED_FURNITURE]
    every_page = [text for text in furniture if all(text in page for page in pages)]
    missing = [text for text in furniture if text not in every_page]
    label = f"{words.get('page-word', 'Page')} {{}} {words.get('of-word', 'of')} {len(pages)}"
    numbered = sum(1 for n, page in enumerate(pages, 1) if label.format(n) in page)
    print(
        f"    {who}: {len(pages)} pages; running head and foot texts on every page: "
        f"{len(every_page)} of {len(furniture)}"
        + (f" (missing: {', '.join(repr(m[:40]) for m in missing)})" if missing else "")
        + f"; pages showing their number: {numbered} of {len(pages)}"
    )
