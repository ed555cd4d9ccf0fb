"""The HTML for patient portals, opened in a real browser as a clinic's accessibility staff would.

Playwright drives Debian's chromium (installed by scripts/system-deps.sh; Playwright downloads
no browser) and axe-core (axe-playwright-python) checks WCAG 2.2 A/AA and best practice, at a
phone's width (390 CSS px, honouring the viewport meta) and a desktop's (1280 px). Screenshots
of every page at both widths are kept in the test's temporary folder to look at.

Without playwright or chromium these tests skip, except under CI (CI=1), where they fail:
a pipeline must not go green by skipping its accessibility checks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, TOPIC_ID

from handout.cli import main

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PAGES = [(a, loc) for a in ("patient", "clinician") for loc in ("en", "ar")]


@pytest.fixture(scope="module")
def html_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Both audiences in English and Arabic, with the example clinic (logo, contact, QR code)."""
    out = tmp_path_factory.mktemp("html")
    clinic = ROOT / "clinics" / "example" / "clinic.yaml"
    args = ["build", "--root", str(ROOT), "--out", str(out), "--format", "html"]
    assert main([*args, "--locale", "en,ar", "--clinic", str(clinic)]) == 0
    return {(a, loc): out / f"{TOPIC_ID}.{a}.{loc}.html" for a, loc in PAGES}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _open(browser: Any, path: Path, device: dict[str, Any]) -> Any:
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(path.as_uri())
    return page


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found]


@pytest.mark.parametrize(("audience", "locale"), PAGES)
@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_axe_violations(
    browser: Any,
    html_pages: dict[tuple[str, str], Path],
    screenshots: Path,
    width: str,
    audience: str,
    locale: str,
) -> None:
    page = _open(browser, html_pages[(audience, locale)], PHONE if width == "phone" else DESKTOP)
    try:
        assert _axe_violations(page) == []
        shot = screenshots / f"{audience}.{locale}.{width}.jpg"  # JPEG: half the time of PNG
        page.screenshot(path=shot, full_page=True, type="jpeg", quality=80)
        assert shot.stat().st_size > 10_000
    finally:
        page.context.close()


# The font size most of the main text is shown in, the widest thing on the page, and the
# characters per full line of the longest paragraph (its last line left out).
MEASURE = """() => {
  const sizes = new Map();
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    sizes.set(size, (sizes.get(size) || 0) + node.textContent.trim().length);
  }
  const body = [...sizes.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const longest = [...document.querySelectorAll('main p')]
    .sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const range = document.createRange();
  range.selectNodeContents(longest);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  const text = longest.textContent.replace(/\\s+/g, ' ').trim();
  const lines = tops.size;
  return {scroll: document.documentElement.scrollWidth, body, viewport: window.innerWidth,
          perLine: lines > 1 ? text.length / (lines - 0.5) : text.length, lines};
}"""


@pytest.mark.parametrize(("audience", "locale"), PAGES)
def test_phone_reads_without_zooming(
    browser: Any, html_pages: dict[tuple[str, str], Path], audience: str, locale: str
) -> None:
    page = _open(browser, html_pages[(audience, locale)], PHONE)
    try:
        seen = page.evaluate(MEASURE)
    finally:
        page.context.close()
    assert seen["viewport"] == 390  # laid out at the phone's width, not zoomed out from 980
    assert seen["scroll"] <= 390, "the page scrolls sideways"
    assert seen["body"] >= 16


@pytest.mark.parametrize(("audience", "locale"), PAGES)
def test_desktop_lines_keep_a_readable_measure(
    browser: Any, html_pages: dict[tuple[str, str], Path], audience: str, locale: str
) -> None:
    page = _open(browser, html_pages[(audience, locale)], DESKTOP)
    try:
        seen = page.evaluate(MEASURE)
    finally:
        page.context.close()
    assert 55 <= seen["perLine"] <= 85, f"about {seen['perLine']:.0f} characters a line"
