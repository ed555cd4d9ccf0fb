"""Content is data, never template or markup; WeasyPrint may fetch project assets only."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hide_from_the_pdf, make_project

from handout.cli import main
from handout.content.project import Project
from handout.errors import RenderError
from handout.pdf.verify import normalize, pdf_text
from handout.pdf.weasy import PdfRenderer


def _swap_first_key_point(text: str, new: str) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("key_points:"))
    item = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("- "))
    indent = lines[item][: len(lines[item]) - len(lines[item].lstrip())]
    lines[item] = f"{indent}- {new}"
    return "\n".join(lines) + "\n"


def test_jinja_and_html_in_content_print_literally(tmp_path: Path, topic_text: str) -> None:
    shown = 'Try {{ "ab" ~ "cd" }} and {% raw %} <b>bold</b> <img src="file:///etc/passwd"> &amp;.'
    planted = "'" + shown.replace("'", "''") + "'"
    root = make_project(tmp_path / "p", _swap_first_key_point(topic_text, planted))
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out), "--audience", "patient"]) == 0
    body = normalize(" ".join(pdf_text((out / "thymosin-alpha-1.patient.en.pdf").read_bytes())))
    assert shown in body
    assert "abcd" not in body


@pytest.fixture(scope="module")
def renderer() -> PdfRenderer:
    from conftest import ROOT

    return PdfRenderer(Project.open(ROOT).template_dirs)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd" alt="x">',
        '<img src="http://127.0.0.1:9/x.png" alt="x">',
        '<link rel="stylesheet" href="file:///etc/hostname">',
        "<style>@import url(file:///etc/passwd);</style>",
        '<p style="background: url(file:///etc/passwd)">x</p>',
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
        '<img src="../../../../etc/passwd" alt="x">',
    ],
)
def test_fetcher_refuses_anything_outside_assets(renderer: PdfRenderer, markup: str) -> None:
    html = f'<html lang="en"><head><title>t</title></head><body><p>hello</p>{markup}</body></html>'
    with pytest.raises(RenderError, match=r"refused to fetch|only project assets"):
        renderer.render(html)


def test_fetcher_serves_data_urls(renderer: PdfRenderer) -> None:
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    html = f'<html lang="en"><head><title>t</title></head><body><img src="{png}" alt="d">'
    html += "</body></html>"
    assert renderer.render(html).startswith(b"%PDF")


def test_weasyprint_error_fails_the_render(renderer: PdfRenderer) -> None:
    # PDF/UA requires alt text: WeasyPrint only logs an ERROR; we fail.
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    html = f'<html lang="en"><head><title>t</title></head><body><img src="{png}"></body></html>'
    with pytest.raises(RenderError, match="WeasyPrint reported"):
        renderer.render(html)


def test_override_template_that_drops_cautions_fails_and_writes_nothing(
    tmp_path: Path, scratch: Path, capsys
) -> None:
    from conftest import ROOT

    own = scratch / "templates"
    own.mkdir()
    original = (ROOT / "templates" / "patient.html.j2").read_text(encoding="utf-8")
    start = original.index('<section data-part="cautions">')
    end = original.index("</section>", start) + len("</section>")
    (own / "patient.html.j2").write_text(original[:start] + original[end:], encoding="utf-8")
    out = tmp_path / "out"
    code = main(["build", "--root", str(scratch), "--out", str(out), "--audience", "patient"])
    err = capsys.readouterr().err
    assert code == 1
    assert "does not render required parts: cautions, caution:" in err
    assert not (out / "thymosin-alpha-1.patient.en.pdf").exists()


def test_override_template_is_used(tmp_path: Path, scratch: Path) -> None:
    from conftest import ROOT

    own = scratch / "templates"
    own.mkdir()
    original = (ROOT / "templates" / "patient.html.j2").read_text(encoding="utf-8")
    (own / "patient.html.j2").write_text(
        original.replace("{{ _('Key points') }}", "Clinic key points"), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert main(["build", "--root", str(scratch), "--out", str(out), "--audience", "patient"]) == 0
    body = normalize(" ".join(pdf_text((out / "thymosin-alpha-1.patient.en.pdf").read_bytes())))
    assert "Clinic key points" in body


def test_undefined_variable_in_template_fails(tmp_path: Path, scratch: Path, capsys) -> None:
    own = scratch / "templates"
    own.mkdir()
    (own / "clinician.html.j2").write_text("{{ no_such_thing }}", encoding="utf-8")
    code = main(
        ["build", "--root", str(scratch), "--out", str(tmp_path / "o"), "--audience", "clinician"]
    )
    assert code == 1
    assert "'no_such_thing' is undefined" in capsys.readouterr().err


def test_verification_failure_leaves_no_file(tmp_path: Path, scratch: Path, capsys) -> None:
    hide_from_the_pdf(
        scratch, "patient.html.j2", "{{ m.consult_heading() }}", " (a text the PDF does not hold)"
    )
    out = tmp_path / "out"
    code = main(["build", "--root", str(scratch), "--out", str(out), "--audience", "patient"])
    assert code == 1
    assert "the PDF is missing required text: consult" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_required_text_is_found_across_a_page_break() -> None:
    from handout.pdf.verify import body_text

    furniture = {"footer": "Topic · Patient leaflet", "page-word": "Page", "of-word": "of"}
    pages = [
        "Tell your provider if you\r\n•\r\nTopic · Patient leaflet Page 1 of 2",
        "are pregnant.\r\n•\r\nTopic · Patient leaflet Page 2 of 2",
    ]
    assert normalize(body_text(pages, furniture)) == "Tell your provider if you are pregnant."
