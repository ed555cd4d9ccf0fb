"""Every way in builds through the one pipeline: the Python API and the command line give the
same bytes for the same request, and refuse the same things with the same words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID, make_project

import handout
from handout.cli import main
from handout.errors import HandoutError, UsageError
from handout.i18n.po import IncompleteTranslation
from handout.pdf.verify import pdf_text


def test_api_and_cli_give_identical_bytes(tmp_path: Path, capsys) -> None:
    clinic = ROOT / "clinics" / "example" / "clinic.yaml"
    out = tmp_path / "out"
    argv = ["build", TOPIC_ID, "--root", str(ROOT), "--out", str(out), "--audience", "patient",
            "--locale", "es-MX", "--clinic", str(clinic), "--large-print"]  # fmt: skip
    assert main(argv) == 0
    cli = (out / f"{TOPIC_ID}.patient.es.large-print.pdf").read_bytes()
    api = handout.build_pdf(
        TOPIC_ID, "patient", "es-MX", clinic=clinic, large_print=True, root=ROOT
    )
    assert api == cli


def test_api_resolves_regional_locales_like_the_cli() -> None:
    html = handout.build_html(TOPIC_ID, "patient", "es_MX", root=ROOT)
    assert '<html lang="es"' in html
    assert "Puntos clave" in html  # Spanish text, not English text with Spanish dates


def _refusal(capsys, argv: list[str]) -> str:
    assert main(argv) != 0
    lines = [line.removeprefix("ERROR ") for line in capsys.readouterr().err.splitlines()]
    return lines[0]


def test_api_refuses_an_unknown_locale_with_the_cli_message(capsys) -> None:
    said = _refusal(capsys, ["build", "--root", str(ROOT), "--locale", "xx-YY", "--out", "/tmp/x"])
    with pytest.raises(UsageError) as refused:
        handout.build_pdf(TOPIC_ID, "patient", "xx-YY", root=ROOT)
    assert str(refused.value) == said
    assert said.startswith("unknown locale 'xx-YY'; shipped locales: ar, en, es, zh_Hans")


def test_api_refuses_an_incomplete_locale_with_the_cli_message(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p", translations=True)
    (root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC_ID}.po").unlink()
    out = tmp_path / "out"
    argv = ["build", "--root", str(root), "--locale", "es", "--out", str(out)]
    assert main(argv) == 1
    said = capsys.readouterr().err
    with pytest.raises(IncompleteTranslation) as refused:
        handout.build_pdf(TOPIC_ID, "patient", "es", root=root)
    assert f"ERROR {str(refused.value).splitlines()[0]}" in said
    assert not out.exists() or not list(out.iterdir())
    # With fallback, both build, and the PDF says what is in English.
    pdf = handout.build_pdf(TOPIC_ID, "patient", "es", root=root, allow_fallback=True)
    assert "appear in English" in " ".join(pdf_text(pdf))


def test_api_uses_the_clinic_paper_by_default(tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    shutil.copytree(ROOT / "clinics" / "example", folder)
    text = (folder / "clinic.yaml").read_text(encoding="utf-8")
    assert "paper: letter" in text
    pdf = handout.build_pdf(TOPIC_ID, "clinician", "en", clinic=folder / "clinic.yaml", root=ROOT)
    import io

    from pypdf import PdfReader

    assert round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == 612


def test_packet_for_all_audiences_is_a_usage_error(tmp_path: Path, capsys) -> None:
    out = tmp_path / "p.pdf"
    said = _refusal(
        capsys, ["packet", TOPIC_ID, "--root", str(ROOT), "--audience", "all", "-o", str(out)]
    )
    assert said.startswith("a packet is one PDF for one audience")
    assert not out.exists()


def test_api_failure_is_a_handout_error_naming_the_document(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    own = root / "templates"
    own.mkdir()
    (own / "patient.html.j2").write_text("{{ no_such_thing }}", encoding="utf-8")
    with pytest.raises(HandoutError, match=r"patient\.en\.pdf: .*'no_such_thing' is undefined"):
        handout.build_pdf(TOPIC_ID, "patient", "en", root=root)
