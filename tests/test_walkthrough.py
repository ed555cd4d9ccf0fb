"""The README's "Writing your first topic", followed step by step in a folder outside the
repository with the installed command only (`python -m handout`): new → check → serve →
build → translate → build in Spanish."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

from babel.messages.pofile import read_po

from handout.i18n.catalogs import _write
from handout.i18n.po import review_status
from handout.pdf.verify import normalize, pdf_text

TODO = re.compile(r'"TODO: ([^"]*)"')
README = Path(__file__).resolve().parents[1] / "README.md"


def handout(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handout", *argv],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _text(pdf: Path) -> str:
    return normalize(" ".join(pdf_text(pdf.read_bytes())))


def _serve_once(folder: Path) -> str:
    """Start `handout serve`, read one preview page, stop it (by its own process id)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "handout", "serve", "--port", "0"],
        cwd=folder,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert url, first
        page = url.group(0) + "preview/vitamin-d/patient/en"
        with urllib.request.urlopen(page, timeout=120) as response:
            return response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_writing_your_first_topic(tmp_path: Path) -> None:
    steps = README.read_text(encoding="utf-8").split("## Writing your first topic", 1)[1]
    folder = tmp_path / "my-clinic"
    folder.mkdir()
    # 1. new
    assert "handout new vitamin-d --kind supplement" in steps
    assert handout(folder, "new", "vitamin-d", "--kind", "supplement").returncode == 0
    topic = folder / "content" / "vitamin-d.yaml"
    # 2. check lists what is still to write, with lines
    check = handout(folder, "check")
    assert check.returncode == 2 and "content/vitamin-d.yaml:" in check.stderr
    assert "still to write: TODO:" in check.stderr
    # The author writes every placeholder (here a stand-in: the hint itself, as plain text).
    text = topic.read_text(encoding="utf-8")
    body = text.index("\nid: ")
    filled = TODO.sub(
        lambda m: json.dumps(m.group(1).replace("'", "").capitalize() + "."), text[body:]
    )
    topic.write_text(text[:body] + filled, encoding="utf-8")
    check = handout(folder, "check")
    assert "still to write" not in check.stderr and check.returncode in (0, 1), check.stderr
    # 3. serve: the preview shows the document and the build's verdict
    page = _serve_once(folder)
    assert "would pass the build&#x27;s checks" in page or "would pass the build's checks" in page
    # 4. build in English
    assert "handout build --locale en" in steps
    built = handout(folder, "build", "--locale", "en")
    assert built.returncode == 0, built.stderr
    assert "The name patients know." in _text(folder / "out" / "vitamin-d.patient.en.pdf")
    # 5. translate: catalogs for Spanish; handout's own Spanish template strings fill in
    assert "handout i18n update --locale es --new" in steps
    assert handout(folder, "i18n", "update", "--locale", "es", "--new").returncode == 0
    po = folder / "locales" / "es" / "LC_MESSAGES" / "vitamin-d.po"
    refused = handout(folder, "build", "--locale", "es")
    assert refused.returncode == 1 and "vitamin-d.po: missing:" in refused.stderr
    review = review_status(po)
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            message.string = "ES " + message.id  # a translator's work, as a stand-in
    _write(po, catalog, review)
    status = handout(folder, "i18n", "status", "--locale", "es")
    assert re.search(r"es\s+vitamin-d\s+\d+\s+0\s+0", status.stdout), status.stdout
    # 6. build in Spanish
    built = handout(folder, "build", "--locale", "es")
    assert built.returncode == 0, built.stderr
    spanish = _text(folder / "out" / "vitamin-d.patient.es.pdf")
    assert "ES The name patients know." in spanish and "Puntos clave" in spanish
