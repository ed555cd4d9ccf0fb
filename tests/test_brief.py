"""The brief (--length brief): the patient handout on one sheet (at most 2 pages, 4 in large
print) and the one-page clinician summary, built from the same topic; the build fails a brief
over its page budget and names what overflowed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import LOCALES, ROOT, TOPIC_FILE, TOPIC_ID, make_project, rendered

from handout.build.plan import plan
from handout.cli import main
from handout.content.project import Project
from handout.errors import UsageError
from handout.pdf.verify import body_text, normalize, pdf_text
from handout.request import Document, Request

CLINIC = ROOT / "clinics" / "example" / "clinic.yaml"


def _build(out: Path, *extra: str) -> None:
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--clinic", str(CLINIC)]
    assert main([*argv, "--length", "brief", "--jobs", "2", "-q", *extra]) == 0


BRIEF_PDFS: dict[str, bytes] = {}  # every brief the module builds, for the PDF/UA-1 check


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], list[str]]:
    """Each page's text of every brief: (paper, audience, locale) → pages; large print under
    the audience 'large'. Each PDF is built once."""
    found: dict[tuple[str, str, str], list[str]] = {}
    for paper in ("a4", "letter"):
        out = tmp_path_factory.mktemp(f"brief-{paper}")
        _build(out, "--paper", paper)
        _build(out, "--paper", paper, "--audience", "patient", "--large-print")
        for locale in LOCALES:
            for audience, suffix in (
                ("patient", "brief"),
                ("clinician", "brief"),
                ("large", "brief.large-print"),
            ):
                kind = "patient" if audience == "large" else audience
                pdf = out / f"{TOPIC_ID}.{kind}.{locale}.{suffix}.pdf"
                BRIEF_PDFS[f"{paper}/{pdf.name}"] = pdf.read_bytes()
                found[(paper, audience, locale)] = pdf_text(pdf.read_bytes())
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("locale", LOCALES)
def test_patient_brief_fits_one_sheet(briefs, paper: str, locale: str) -> None:
    assert len(briefs[(paper, "patient", locale)]) <= 2
    assert len(briefs[(paper, "large", locale)]) <= 4


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("locale", LOCALES)
def test_clinician_summary_is_one_page(briefs, paper: str, locale: str) -> None:
    assert len(briefs[(paper, "clinician", locale)]) == 1


def _text(pages: list[str], audience: str) -> str:
    furniture = rendered(audience, "en", length="brief", clinic=CLINIC).furniture
    return normalize(body_text(pages, furniture))


def test_patient_brief_shows_the_verified_parts(briefs, shown) -> None:
    text = _text(briefs[("a4", "patient", "en")], "patient")
    for caution in shown.cautions:
        assert normalize(caution.who.patient) in text
        assert normalize(caution.short.patient) in text  # the short form the author wrote
    assert "United States: not approved." in text
    assert "Is it approved?" in text
    # The fact box: benefits and harms side by side, one denominator, natural frequencies.
    assert "Benefits" in text and "Harms" in text
    assert "Out of 100 people" in text
    assert "about 23 died" in text and "about 24 died" in text
    assert "Each square is one person." in text
    assert normalize(shown.safety.summary.text.patient) in text
    # How it is given, in the regimen wording.
    assert "It is usually given as a shot under the skin, twice a week." in text
    # Who to call, and the urgent signs.
    assert "Talk to a provider" in text
    assert "Call the Example Community Clinic pharmacy team at +1 555 0100" in text
    for sign in shown.consult.urgent:
        assert normalize(sign) in text
    # The QR code's address is the FULL leaflet's.
    assert "The full version, online:" in text
    assert re.search(r"leaflets/\s*thymosin-alpha-1\.patient\.en\.pdf", text)


def test_clinician_summary_shows_the_verified_parts(briefs, shown) -> None:
    text = _text(briefs[("a4", "clinician", "en")], "clinician")
    for caution in shown.cautions:
        assert normalize(caution.short.clinician) in text
    assert "HR 0.99 (95% CI 0.77 to 1.27)" in text
    assert "Certainty: moderate." in text
    assert "Regulatory status" in text and "Guideline positions" in text
    assert "1.6 mg by subcutaneous injection, twice a week" in text
    assert normalize(shown.consult.clinician[0]) in text
    assert re.search(r"\[1(, \d)*\]", text) and "References" in text


@pytest.mark.parametrize("locale", ["es", "zh_Hans", "ar"])
def test_translated_briefs_carry_every_caution(briefs, locale: str) -> None:
    """Verification ran on the PDF (the build passed); the short forms are translated."""
    html = rendered("patient", locale, length="brief").html
    assert html.count('data-must="caution:') == 6
    assert "Parts of this document are not translated" not in html


GROUPS = ("heart", "kidney", "lung", "skin", "blood", "bone", "eye", "ear", "gut", "nerve")
OVERFLOW_CAUTION = """\
  - id: long-{n}
    kind: caution
    who: People with a {n} problem who take several other medicines every day
    text: >-
      Tell your provider about every medicine, vitamin and herbal product you take, and about
      any problem you have had with your liver, kidneys, heart or blood. Your provider will
      check whether this medicine is safe for you, may ask for blood tests first, and may tell
      you to use something else. Keep a list of your medicines and bring it to each visit.
    cites: [ref-article-lay]
"""


def test_a_brief_over_its_budget_fails_and_names_what_overflowed(tmp_path, capsys) -> None:
    source = TOPIC_FILE.read_text(encoding="utf-8")
    extra = "".join(OVERFLOW_CAUTION.format(n=n) for n in GROUPS)
    project = make_project(tmp_path / "p", source.replace("cautions:\n", "cautions:\n" + extra, 1))
    out = tmp_path / "out"
    argv = ["build", "--root", str(project), "--out", str(out), "--locale", "en"]
    code = main([*argv, "--audience", "patient", "--length", "brief", "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(
        r"thymosin-alpha-1\.patient\.en\.brief\.pdf: \d pages, limit 2; longest sections: "
        r"cautions \d+ lines",
        err,
    ), err
    assert not (out / f"{TOPIC_ID}.patient.en.brief.pdf").exists()


def test_length_names_the_files() -> None:
    assert Document("t", "patient", "es", length="brief").filename == "t.patient.es.brief.pdf"
    large = Document("t", "patient", "es", large_print=True, length="brief")
    assert large.filename == "t.patient.es.brief.large-print.pdf"
    request = Request(locales="en", length="all", large_print=True, root=ROOT)
    names = [d.filename for d in plan(Project.open(ROOT), request)]
    assert names == [
        f"{TOPIC_ID}.patient.en.large-print.pdf",
        f"{TOPIC_ID}.patient.en.brief.large-print.pdf",
        f"{TOPIC_ID}.clinician.en.pdf",
        f"{TOPIC_ID}.clinician.en.brief.pdf",
    ]


def test_unknown_length_is_refused(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["build", "--root", str(ROOT), "--length", "short"])
    assert exc.value.code == 2
    assert "invalid choice: 'short'" in capsys.readouterr().err


def test_html_brief(tmp_path) -> None:
    out = tmp_path / "out"
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--locale", "en", "--format", "html"]
    assert main([*argv, "--audience", "patient", "--length", "brief", "-q"]) == 0
    html = (out / f"{TOPIC_ID}.patient.en.brief.html").read_text(encoding="utf-8")
    assert 'class="patient brief"' in html and "Does it help? Is it safe?" in html
    assert not (out / f"{TOPIC_ID}.patient.en.html").exists()


def test_packet_of_briefs(tmp_path, shown) -> None:
    packet = tmp_path / "packet.pdf"
    argv = ["packet", TOPIC_ID, "--root", str(ROOT), "--audience", "patient", "-o", str(packet)]
    assert main([*argv, "--length", "brief", "-q"]) == 0
    text = normalize(" ".join(pdf_text(packet.read_bytes())))
    assert normalize(shown.cautions[0].short.patient) in text
    assert "Patient handout (short)" in text


def test_check_reports_the_brief_on_its_own_row(capsys) -> None:
    assert main(["check", "--root", str(ROOT), "--locale", "en,es"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"en\s+full\s+Flesch-Kincaid grade [\d.]+ \(<= 8\).*pass", out)
    assert re.search(r"en\s+brief\s+Flesch-Kincaid grade [\d.]+ \(<= 6\).*pass", out)
    assert re.search(r"es\s+brief\s+Fernandez-Huerta [\d.]+ \(>= 70\).*pass", out)


def test_check_fails_a_brief_that_repeats_a_sentence(tmp_path, capsys) -> None:
    source = TOPIC_FILE.read_text(encoding="utf-8")
    repeated = "Most people seem to handle it well. Serious side effects are said to be rare."
    # The "what it is" text says again what the fact box's harms column says.
    changed = source.replace(
        "Researchers are testing whether it can calm harmful inflammation.",
        "Researchers are testing whether it can calm harmful inflammation. " + repeated,
        1,
    )
    assert changed != source
    project = make_project(tmp_path / "p", changed)
    assert main(["check", "--root", str(project), "--locale", "en"]) == 1
    out = capsys.readouterr().out
    assert "FAIL thymosin-alpha-1 en brief: repeated sentences:" in out
    assert "most people seem to handle it well." in out


def test_api_takes_the_length() -> None:
    from handout.api import build_html

    html = build_html(TOPIC_ID, "clinician", "en", root=ROOT, length="brief")
    assert 'class="clinician brief"' in html and "Key findings" in html
    with pytest.raises(UsageError, match="unknown length 'short'"):
        build_html(TOPIC_ID, "clinician", "en", root=ROOT, length="short")


def test_every_brief_passes_pdf_ua_1(briefs) -> None:
    """Briefs are PDFs handout writes too: each (A4 and Letter, every locale, large print)
    passes page-validation's PDF/UA-1 profile, like the full documents (tests/test_pdfua.py)."""
    import page

    assert len(BRIEF_PDFS) == 2 * 3 * 4
    failures = {
        name: [f.rule_id for f in result.failures]
        for name, data in sorted(BRIEF_PDFS.items())
        if not (
            result := page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
        ).is_compliant
    }
    assert failures == {}
