"""`handout serve` in a real browser (Playwright driving Debian's chromium, the `browser`
fixture of conftest): open a preview, save an edit, a broken file and a fix, and watch the page
follow each save by itself. Screenshots of each step stay in the test's temporary folder."""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, hide_from_the_pdf

from handout.build.preview import Preview
from handout.cli import main
from handout.cli.serve import PreviewServer

FIXTURE = ROOT / "tests" / "fixtures" / "content" / "metformin.yaml"
OLD = "Do not use metformin if your kidneys work very poorly."
NEW = "Stop metformin and call us if your kidneys work very poorly."
WAIT_MS = 30_000  # a generous limit for a loaded machine; a save shows in about a second


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURE, tmp_path / "content" / "metformin.yaml")
    server = PreviewServer(tmp_path, port=0)
    url = server.start()
    yield tmp_path, url
    server.close()


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _document_text(page: Any) -> str:
    return page.frame_locator("#document").locator("body").inner_text(timeout=WAIT_MS)


def test_preview_follows_edits_errors_and_fixes(
    browser: Any, served, tmp_path: Path, capsys
) -> None:
    root, url = served
    topic = root / "content" / "metformin.yaml"
    original = topic.read_text(encoding="utf-8")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(url)
    link = page.get_by_role("link", name="metformin.patient.en.html", exact=True)
    assert link.count() == 1
    link.click()
    page.wait_for_selector("#document")
    assert OLD in _document_text(page)
    assert page.inner_text("#verdict") == "would pass the build's checks"
    assert "Flesch-Kincaid" in page.inner_text("#literacy")
    page.screenshot(path=shots / "1-preview.png")

    _save(topic, original.replace(OLD, NEW))  # an edit to a caution, saved
    page.wait_for_function(
        "t => { const f = document.querySelector('#document');"
        " return f && f.contentDocument && f.contentDocument.body"
        " && f.contentDocument.body.innerText.includes(t); }",
        arg=NEW,
        timeout=WAIT_MS,
    )
    page.screenshot(path=shots / "2-edited.png")

    broken = original.replace("cautions:\n  - id: kidneys", "cautions:\n  - id: kidneys\n   bad")
    _save(topic, broken)
    page.wait_for_selector("#errors", timeout=WAIT_MS)
    errors = page.inner_text("#errors")
    assert "ERROR content/metformin.yaml:" in errors, errors
    assert main(["check", "--root", str(root)]) == 2  # the command line says the same
    assert errors.splitlines()[0] == capsys.readouterr().err.splitlines()[0]
    assert page.locator("#document").count() == 0
    assert page.inner_text("#verdict") == "would fail the build"
    page.screenshot(path=shots / "3-broken.png")

    _save(topic, original)  # fixed
    page.wait_for_selector("#document", timeout=WAIT_MS)
    assert OLD in _document_text(page)
    assert page.locator("#errors").count() == 0
    page.wait_for_selector("#pdf:has-text('PDF: made and verified')", timeout=WAIT_MS * 4)
    page.screenshot(path=shots / "4-fixed.png")
    page.close()


def test_nothing_but_reading(served) -> None:
    """No endpoint writes: other methods are refused and the folder stays as it was."""
    root, url = served
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    for method in ("POST", "PUT", "DELETE"):
        request = urllib.request.Request(url, data=b"x", method=method)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 501
    with urllib.request.urlopen(url + "pdf/metformin/patient/en", timeout=120) as response:
        assert response.read(5) == b"%PDF-"
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    assert url.startswith("http://127.0.0.1:")


def test_a_save_rebuilds_only_what_it_affects(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURE, tmp_path / "content" / "metformin.yaml")
    flu = FIXTURE.with_name("seasonal-flu-vaccine.yaml")
    shutil.copy(flu, tmp_path / "content" / flu.name)
    preview = Preview(tmp_path)
    first = {t: preview.page(t, "patient", "en") for t in ("metformin", "seasonal-flu-vaccine")}
    assert all(p.passes and p.html for p in first.values())
    topic = tmp_path / "content" / "metformin.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    preview.changed({topic})
    assert preview.page("seasonal-flu-vaccine", "patient", "en") is first["seasonal-flu-vaccine"]
    again = preview.page("metformin", "patient", "en")
    assert again is not first["metformin"] and again.html and NEW in again.html
    template = tmp_path / "templates" / "patient.html.j2"  # a template: every page again
    preview.changed({template})
    assert (
        preview.page("seasonal-flu-vaccine", "patient", "en") is not first["seasonal-flu-vaccine"]
    )


def test_a_caution_the_pdf_would_not_show_is_an_error(tmp_path: Path) -> None:
    """The preview makes each document's PDF in the background and verifies it as the build
    does: a template that hides a caution from the PDF fails the page, it is not left out."""
    (tmp_path / "content").mkdir()
    shutil.copy(FIXTURE, tmp_path / "content" / "metformin.yaml")
    hidden = "{% if c.id == 'kidneys' %} and this sentence is not printed{% endif %}"
    hide_from_the_pdf(tmp_path, "patient.html.j2", "{{ t(c.text) }}", hidden)
    done = threading.Event()
    preview = Preview(tmp_path, on_verified=lambda page: done.set())
    page = preview.page("metformin", "patient", "en")
    assert page.html is not None and not page.errors  # the HTML alone looks fine
    assert done.wait(300)
    assert not page.passes
    assert "the PDF is missing required text: caution:kidneys" in page.pdf


def test_the_print_layout_is_the_verified_pdfs_pages(served) -> None:
    """Once the background check has made and verified the PDF, the preview shows its pages
    as pictures: the print layout, page for page."""
    import re
    import time

    from handout.pdf.verify import pdf_text

    _, url = served
    deadline = time.monotonic() + 180
    body = ""
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url + "preview/metformin/patient/en", timeout=60) as answer:
            body = answer.read().decode("utf-8")
        if 'id="print-pages"' in body:
            break
        time.sleep(0.5)
    pictures = re.findall(
        r'<img class="print-page" src="(/page/[^"]+)" alt="page (\d+) of (\d+)"', body
    )
    assert pictures, body[-600:]
    with urllib.request.urlopen(url + "pdf/metformin/patient/en", timeout=120) as answer:
        pages = len(pdf_text(answer.read()))
    assert len(pictures) == pages == int(pictures[0][2])
    with urllib.request.urlopen(url.rstrip("/") + pictures[0][0], timeout=30) as answer:
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.read(8) == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(url + f"page/metformin/patient/en/{pages + 1}", timeout=30)
    assert missing.value.code == 404


def test_the_index_lists_both_lengths_and_the_brief_previews(served) -> None:
    _, url = served
    with urllib.request.urlopen(url, timeout=60) as answer:
        index = answer.read().decode("utf-8")
    assert 'href="/preview/metformin/patient/en"' in index
    assert 'href="/preview/metformin/patient/en/brief"' in index
    with urllib.request.urlopen(url + "preview/metformin/patient/en/brief", timeout=120) as answer:
        page = answer.read().decode("utf-8")
    assert "metformin.patient.en.brief.html" in page
    with urllib.request.urlopen(url + "doc/metformin/patient/en/brief", timeout=120) as answer:
        assert 'class="patient brief' in answer.read().decode("utf-8")
