"""Traceable pages, embedded source, self-contained HTML and the Python API."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_FILE
from pypdf import PdfReader

import handout
from handout.cli import main
from handout.errors import UsageError
from handout.pdf.verify import normalize, pdf_text


def _footer_hash(pdf: bytes) -> set[str]:
    return set(re.findall(r"version ([0-9a-f]{12})", " ".join(pdf_text(pdf))))


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_footer_hash_equals_metadata_hash(built: dict[str, bytes], audience: str) -> None:
    (footer,) = _footer_hash(built[audience])  # one hash, on every page
    meta = PdfReader(io.BytesIO(built[audience])).metadata
    assert meta is not None
    assert f"content version {footer}" in str(meta["/Keywords"])
    assert meta["/Creator"] == f"handout {handout.__version__}"


def test_hash_changes_with_every_input(tmp_path: Path, scratch: Path) -> None:
    def digest(*extra: str) -> str:
        out = tmp_path / f"o{len(list(tmp_path.iterdir()))}"
        args = ["build", "--root", str(scratch), "--out", str(out), "--format", "html"]
        assert main([*args, "--audience", "patient", *extra]) == 0
        html = (out / "thymosin-alpha-1.patient.en.html").read_text(encoding="utf-8")
        return re.findall(r"version ([0-9a-f]{12})", html)[0]

    seen = {digest()}
    topic = scratch / "content" / "thymosin-alpha-1.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + "# edit\n", encoding="utf-8")
    seen.add(digest())
    own = scratch / "templates"
    own.mkdir()
    (own / "handout.css").write_text(
        (ROOT / "templates" / "handout.css").read_text(encoding="utf-8") + "/* x */",
        encoding="utf-8",
    )
    seen.add(digest())
    catalog = scratch / "locales" / "messages.pot"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(digest())
    clinic = tmp_path / "clinic" / "clinic.yaml"
    clinic.parent.mkdir()
    clinic.write_text("name: A clinic\n", encoding="utf-8")
    seen.add(digest("--clinic", str(clinic)))
    clinic.write_text("name: Another clinic\n", encoding="utf-8")
    seen.add(digest("--clinic", str(clinic)))
    seen.add(digest("--clinic", str(clinic), "--paper", "letter"))
    assert len(seen) == 7  # content, template, catalog, profile, profile again, paper


def test_clinician_pdf_embeds_its_source_yaml(built: dict[str, bytes]) -> None:
    attachments = PdfReader(io.BytesIO(built["clinician"])).attachments
    assert attachments["thymosin-alpha-1.yaml"] == [TOPIC_FILE.read_bytes()]
    assert not PdfReader(io.BytesIO(built["patient"])).attachments


def test_html_is_self_contained(tmp_path: Path) -> None:
    out = tmp_path / "html"
    profile = ROOT / "clinics" / "example" / "clinic.yaml"
    args = ["build", "--root", str(ROOT), "--out", str(out), "--format", "html"]
    assert main([*args, "--clinic", str(profile)]) == 0
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 8  # the example clinic asks for all four locales
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<style>" in html and 'data-must="consult"' in html
        refs = re.findall(r"""(?:src|href|data|poster|action)\s*=\s*["']?([^"'\s>]+)""", html, re.I)
        assert refs and all(r.startswith("data:") for r in refs), refs
        assert not re.search(r"<(?:link|script|iframe|object|embed|base)\b", html, re.I)
        assert not re.search(r"@import|url\(\s*[\"']?(?!data:)", html, re.I)


def test_python_api(tmp_path: Path) -> None:
    pdf = handout.build_pdf("thymosin-alpha-1", "patient", "en", root=ROOT, paper="letter")
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Talk to a provider" in normalize(" ".join(pdf_text(pdf)))
    html = handout.build_html("thymosin-alpha-1", "clinician", "en", root=ROOT)
    assert html.startswith("<!DOCTYPE html>") and "Consultation and referral" in html
    with pytest.raises(UsageError, match="unknown audience 'nurse'"):
        handout.build_pdf("thymosin-alpha-1", "nurse", "en", root=ROOT)
