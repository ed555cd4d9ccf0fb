"""Clinic profiles, paper sizes and large print, read back from the PDFs."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, char_boxes, figure_alts
from pypdf import PdfReader

from handout.cli import main
from handout.content.clinic import load_clinic
from handout.errors import ContentError
from handout.pdf.verify import normalize, pdf_text

EXAMPLE = ROOT / "clinics" / "example"


@pytest.fixture
def clinic_dir(tmp_path: Path) -> Path:
    target = tmp_path / "clinic"
    shutil.copytree(EXAMPLE, target)
    return target


def _problems(folder: Path, text: str) -> list[str]:
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_clinic(path, "clinic.yaml")
    return [str(p) for p in info.value.problems]


def test_example_profile_loads() -> None:
    clinic = load_clinic(EXAMPLE / "clinic.yaml")
    assert clinic.profile.name == "Example Community Clinic"
    assert clinic.profile.paper == "letter"
    assert clinic.logo_uri is not None and clinic.logo_uri.startswith("data:image/svg+xml;base64,")
    assert clinic.accent_rgb == (0x0B, 0x6E, 0x4F)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: X\naccent_colour: 'red; } body { display: none'\n",
            "clinic.yaml:2:16: accent_colour: expected a colour like #0b6e4f, "
            "found 'red; } body { display: none'",
        ),
        (
            "name: X\naccent_colour: '#12345'\n",
            "clinic.yaml:2:16: accent_colour: expected a colour",
        ),
        ("name: X\npaper: a5\n", "clinic.yaml:2:8: paper: expected 'a4' or 'letter', found 'a5'"),
        ("name: X\nwebsite: javascript:alert(1)\n", "clinic.yaml:2:10: website: expected a web"),
        ("name: X\nphone: '<b>call</b>'\n", "clinic.yaml:2:8: phone: expected a phone number"),
        (
            "name: X\nlogo_path: a.png\n",
            "clinic.yaml:2:1: logo_path: expected a known field, found "
            "unknown field 'logo_path'; did you mean 'logo'?",
        ),
        ("nam: X\n", "clinic.yaml:1:1: name: expected 'name', found nothing"),
        ("name: " + "x" * 200 + "\n", "clinic.yaml:1:7: name: expected text with at most 160"),
        (
            "name: X\nlogo: ../../etc/passwd\n",
            "clinic.yaml:2:7: logo: expected a file beside the "
            "profile, found a path leaving its folder",
        ),
        ("name: X\nlogo: /etc/hostname\n", "clinic.yaml:2:7: logo: expected a file beside"),
        ("name: X\nlogo: missing.png\n", "clinic.yaml:2:7: logo: expected an existing PNG or SVG"),
        (
            "name: X\nlogo: clinic.yaml\n",
            "clinic.yaml:2:7: logo: expected a PNG or SVG image, found another kind of file",
        ),
        ("name: &n X\n", "clinic.yaml:1:7: expected plain data, found an anchor '&n'"),
    ],
)
def test_profile_errors_name_file_line_and_field(
    clinic_dir: Path, text: str, expected: str
) -> None:
    found = _problems(clinic_dir, text)
    assert any(p.startswith(expected) for p in found), found


def test_oversized_logo_is_refused(clinic_dir: Path) -> None:
    (clinic_dir / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 300_000)
    found = _problems(clinic_dir, "name: X\nlogo: big.png\n")
    assert found == ["clinic.yaml:2:7: logo: expected at most 262144 bytes, found 300008"]


def test_logo_symlink_leaving_the_folder_is_refused(clinic_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (clinic_dir / "sneaky.svg").symlink_to(outside)
    found = _problems(clinic_dir, "name: X\nlogo: sneaky.svg\n")
    assert "path leaving its folder" in found[0]


def test_invalid_profile_stops_the_build(clinic_dir: Path, tmp_path: Path, capsys) -> None:
    (clinic_dir / "clinic.yaml").write_text("name: X\naccent_colour: blue\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "build",
            "--root",
            str(ROOT),
            "--out",
            str(out),
            "--clinic",
            str(clinic_dir / "clinic.yaml"),
        ]
    )
    assert code == 2
    assert "accent_colour: expected a colour like #0b6e4f, found 'blue'" in capsys.readouterr().err
    assert not out.exists()


def test_missing_profile_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    code = main(["build", "--root", str(ROOT), "--out", str(tmp_path), "--clinic", "nope.yaml"])
    assert code == 2
    assert capsys.readouterr().err == "ERROR nope.yaml: no such clinic profile\n"


@pytest.fixture(scope="module")
def clinic_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("clinic-out")
    profile = str(EXAMPLE / "clinic.yaml")
    base = ["build", "--root", str(ROOT), "--out", str(out), "--clinic", profile]
    assert main(base) == 0
    assert main([*base, "--audience", "clinician", "--paper", "a4", "--out", str(out / "a4")]) == 0
    assert main([*base, "--audience", "patient", "--large-print", "--length", "all"]) == 0
    return {
        "patient": (out / "thymosin-alpha-1.patient.en.pdf").read_bytes(),
        "clinician": (out / "thymosin-alpha-1.clinician.en.pdf").read_bytes(),
        "clinician-a4": (out / "a4" / "thymosin-alpha-1.clinician.en.pdf").read_bytes(),
        "large": (out / "thymosin-alpha-1.patient.en.large-print.pdf").read_bytes(),
        "large-brief": (out / "thymosin-alpha-1.patient.en.brief.large-print.pdf").read_bytes(),
    }


def _page_size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_paper_comes_from_the_profile_or_the_option(
    clinic_pdfs: dict[str, bytes], built: dict[str, bytes]
) -> None:
    assert _page_size(clinic_pdfs["patient"]) == (612, 792)  # the profile says letter
    assert _page_size(clinic_pdfs["clinician-a4"]) == (595, 842)  # --paper a4 wins
    assert _page_size(built["patient"]) == (595, 842)  # no profile: A4


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_clinic_letterhead_and_contact_line(clinic_pdfs: dict[str, bytes], audience: str) -> None:
    pages = pdf_text(clinic_pdfs[audience])
    first = normalize(pages[0])
    assert "Example Community Clinic" in first
    assert "1 Example Street" in first and "+1 555 0100" in first
    body = normalize(" ".join(pages))
    heading = "Talk to a provider" if audience == "patient" else "Consultation and referral"
    consult = body[body.index(heading) :]
    assert "Questions? Call the Example Community Clinic pharmacy team at +1 555 0100" in consult


def test_default_contact_line_is_built_from_name_and_phone(
    clinic_dir: Path, tmp_path: Path
) -> None:
    profile = clinic_dir / "clinic.yaml"
    profile.write_text(
        "name: Riverside Health\nphone: '+1 555 0199'\npaper: a4\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["build", "--root", str(ROOT), "--out", str(out), "--clinic", str(profile)]
    assert main([*args, "--audience", "patient"]) == 0
    body = normalize(" ".join(pdf_text((out / "thymosin-alpha-1.patient.en.pdf").read_bytes())))
    assert "Call Riverside Health at +1 555 0199." in body


def _font_sizes(pdf: bytes) -> dict[float, int]:
    """Characters per effective font size, page margins (header and footer) left out."""
    sizes: dict[float, int] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, height=height):  # type: ignore[no-untyped-def]
            y = tm[5] * cm[3] + cm[5]
            if not text.strip() or y < 24 / 25.4 * 72 or y > height - 20 / 25.4 * 72:
                return
            scale = abs(tm[0] * cm[0]) or abs(tm[1] * cm[1])
            key = round(size * scale, 1)
            sizes[key] = sizes.get(key, 0) + len(text.strip())

        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_body_text_is_at_least_16_pt(clinic_pdfs: dict[str, bytes]) -> None:
    large = _font_sizes(clinic_pdfs["large"])
    normal = _font_sizes(clinic_pdfs["patient"])
    assert min(large) >= 16, large
    # the large-print brief too, its footer (disclaimer, link to the full leaflet) included
    brief = _font_sizes(clinic_pdfs["large-brief"])
    assert min(brief) >= 16, brief
    assert min(normal) < 16  # the ordinary leaflet is smaller
    # same content: the large-print leaflet carries the same words
    assert normalize(" ".join(pdf_text(clinic_pdfs["large"]))).count("Tell your provider") == (
        normalize(" ".join(pdf_text(clinic_pdfs["patient"]))).count("Tell your provider")
    )


def test_online_copy_qr_and_url_on_the_last_page(clinic_pdfs: dict[str, bytes]) -> None:
    pages = pdf_text(clinic_pdfs["patient"])
    url = "https://clinic.example.org/leaflets/thymosin-alpha-1.patient.en.pdf"
    assert url in normalize(pages[-1]).replace(" ", "")
    assert all(url not in normalize(p).replace(" ", "") for p in pages[:-1])
    alts = figure_alts(clinic_pdfs["patient"])
    assert "QR code for the online copy of this document" in alts
    assert "Example Community Clinic" in alts  # the logo's alt text


@pytest.mark.parametrize(
    "url", ["http://x.org/{topic}", "https://x.org/{file}", "https://x.org/<b>", "javascript:x"]
)
def test_online_url_pattern_is_checked(clinic_dir: Path, url: str) -> None:
    found = _problems(clinic_dir, f"name: X\nonline_url: '{url}'\n")
    assert found[0].startswith("clinic.yaml:2:13: online_url: expected an https:// address")


def _header_edges(pdf: Path) -> tuple[float, float, float, float]:
    """Page width, where the running head's characters start and end on page 1, and their
    tallest box (points)."""
    head = [
        (box, width)
        for number, _, box, width, height in char_boxes(pdf.read_bytes())
        if number == 1 and box[1] > height - 50  # within 50 pt of the top: the running head
    ]
    return (
        head[0][1],
        min(box[0] for box, _ in head),
        max(box[2] for box, _ in head),
        max(box[3] - box[1] for box, _ in head),
    )


@pytest.mark.parametrize("length", ["full", "brief"])
def test_large_print_mirrors_the_page_right_to_left(tmp_path: Path, length: str) -> None:
    """The binding edge and the running head mirror in large print as in normal print (in
    Arabic the wide margin is on the right, in English on the left), and the running head is
    set in large print's 11 pt, not the normal 8 pt."""
    mm = 72 / 25.4
    inner, outer = (24 * mm, 18 * mm) if length == "full" else (18 * mm, 14 * mm)
    base = ["build", "--root", str(ROOT), "--out", str(tmp_path), "--audience", "patient"]
    brief = ".brief" if length == "brief" else ""
    for locale in ("ar", "en"):
        assert main([*base, "--locale", locale, "--length", length]) == 0
        assert main([*base, "--locale", locale, "--large-print", "--length", length]) == 0
        pdf = tmp_path / f"thymosin-alpha-1.patient.{locale}{brief}.large-print.pdf"
        width, start, end, tall = _header_edges(pdf)
        left, right = (outer, inner) if locale == "ar" else (inner, outer)
        assert start == pytest.approx(left, abs=1), (locale, start, left)
        assert end == pytest.approx(width - right, abs=1), (locale, width - end, right)
        normal = _header_edges(tmp_path / f"thymosin-alpha-1.patient.{locale}{brief}.pdf")[3]
        assert tall / normal == pytest.approx(11 / 8, rel=0.05), (locale, tall, normal)
