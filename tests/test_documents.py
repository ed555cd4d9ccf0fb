"""The rendered PDFs, read back as a reader would: sections, numbers, furniture, properties."""

from __future__ import annotations

import io
import re

import pytest
from conftest import figure_alts
from pypdf import PdfReader

from handout.content.model import Topic, text_for
from handout.i18n.formatting import Formatter, decimals
from handout.literacy.htmltext import html_blocks
from handout.literacy.readability import measure_text
from handout.pdf.verify import normalize
from handout.render.risk import natural_frequency

FMT = Formatter("en")

PATIENT_HEADINGS = [
    "Key points",
    "Is it approved?",
    "Does it work?",
    "Who should be careful",
    "Side effects",
    "How it is given",
    "What is not known",
    "Talk to a provider",
    "Get help right away",
    "Words to know",
    "Where this information comes from",
]
CLINICIAN_HEADINGS = [
    "Key points",
    "Overview",
    "Regulatory status",
    "Guideline positions",
    "Mechanism of action",
    "Evidence",
    "Limitations of the evidence",
    "Contraindications, cautions and monitoring",
    "Safety and adverse effects",
    "Dosing and administration",
    "Cost",
    "Approach to deciding on use",
    "Consultation and referral",
    "Counselling points",
    "References",
]


@pytest.mark.parametrize(
    ("audience", "headings"), [("patient", PATIENT_HEADINGS), ("clinician", CLINICIAN_HEADINGS)]
)
def test_sections_present(text: dict[str, str], audience: str, headings: list[str]) -> None:
    missing = [h for h in headings if h not in text[audience]]
    assert not missing


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_key_points_come_first(text: dict[str, str], shown: Topic, audience: str) -> None:
    body = text[audience]
    first_point = normalize(getattr(shown.key_points, audience)[0])
    consult = "Talk to a provider" if audience == "patient" else "Consultation and referral"
    assert body.index("Key points") < body.index(first_point) < body.index(consult)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_every_caution_and_status_is_printed(
    text: dict[str, str], shown: Topic, audience: str
) -> None:
    for caution in shown.cautions:
        assert normalize(text_for(caution.text, audience)) in text[audience]
    for j in shown.regulatory.jurisdictions:
        assert normalize(text_for(j.region, audience)) in text[audience]
    assert "not approved" in text[audience]


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_consult_section_is_complete(text: dict[str, str], shown: Topic, audience: str) -> None:
    body = text[audience]
    for item in [*shown.consult.when, *shown.consult.ask, *shown.consult.urgent]:
        assert normalize(item) in body


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_page_furniture_on_every_page(pages: dict[str, list[str]], audience: str) -> None:
    total = len(pages[audience])
    assert total >= 2
    label = "Patient leaflet" if audience == "patient" else "Clinician brief"
    for number, page in enumerate(pages[audience], start=1):
        flat = normalize(page)
        assert f"Page {number} of {total}" in flat
        assert "DRAFT: not clinically reviewed" in flat
        assert f"Thymosin alpha-1 · {label} · English" in flat
        assert re.search(r"version [0-9a-f]{12}", flat)


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_review_status_is_honest(text: dict[str, str], audience: str) -> None:
    body = text[audience]
    assert "Review status: Draft, not clinically reviewed." in body
    assert "Last clinical review: none yet." in body
    assert "has not been checked by a clinical reviewer" in body


def test_patient_risk_as_natural_frequencies(text: dict[str, str], shown: Topic) -> None:
    key = shown.key_finding
    assert key is not None
    outcome = next(o for o in key.outcomes if o.groups)
    assert outcome.groups is not None
    nf = natural_frequency(outcome.groups.intervention, outcome.groups.comparison)
    body = text["patient"]
    assert f"Of every {nf.denominator} people who got {key.intervention.patient}:" in body
    assert f"about {nf.intervention} {outcome.event}" in body
    assert f"about {nf.comparison} {outcome.event}" in body
    assert f"about {nf.intervention_other} {outcome.non_event}" in body
    assert f"about {nf.comparison_other} {outcome.non_event}" in body
    assert outcome.time_frame is not None
    assert f"Within {outcome.time_frame.patient}:" in body
    assert "probably makes little or no difference" in body  # moderate certainty, CI spans 1


def test_patient_has_no_ratios_or_intervals(text: dict[str, str]) -> None:
    body = text["patient"]
    for forbidden in (
        "95% CI",
        "hazard ratio",
        "odds ratio",
        "risk ratio",
        "p = ",
        "p < ",
        " HR ",
        " OR ",
    ):
        assert forbidden not in body


def test_clinician_carries_every_quantitative_finding(text: dict[str, str], shown: Topic) -> None:
    body = text["clinician"]
    for finding in shown.evidence:
        assert finding.name in body
        if finding.participants:
            assert f"n = {FMT.number(finding.participants)}" in body
        for outcome in finding.outcomes:
            if outcome.effect:
                e = outcome.effect
                places = decimals(e.value, *e.ci)
                lo, hi = (FMT.number(v, places) for v in e.ci)
                expected = f"{e.measure.value} {FMT.number(e.value, places)}"
                assert expected in body, expected
                assert f"95% CI {lo} to {hi}" in body
                if e.p is not None:
                    assert f"p = {FMT.number(e.p)}" in body
            if outcome.groups:
                assert FMT.percent(outcome.groups.intervention) in body
                assert FMT.percent(outcome.groups.comparison) in body


def test_clinician_numbers_match_the_model(text: dict[str, str]) -> None:
    body = text["clinician"]
    # The TESTS trial as the article reports it, formatted from the data.
    assert "23.4% with" in body and "24.1% with" in body
    assert "HR 0.99 (95% CI 0.77 to 1.27); p = 0.93" in body
    assert "absolute difference 0.7 percentage points" in body
    assert "RR 0.68 (95% CI 0.59 to 0.78); p < 0.00001" in body
    assert "1.6 mg" in body
    assert "$60 to $200 per month" in body


def test_clinician_references_are_numbered_and_cited(text: dict[str, str], shown: Topic) -> None:
    body = text["clinician"]
    refs = body[body.rindex("References") :]
    for ref in shown.references:
        assert normalize(ref.title) in refs
    assert "[1]" in body


def test_no_placeholder_text(text: dict[str, str]) -> None:
    for body in text.values():
        for marker in (
            "lorem",
            "ipsum",
            "TODO",
            "TBD",
            "XXX",
            "{{",
            "{%",
            "%(",
            "None",
            "Undefined",
        ):
            assert marker not in body


def test_patient_reads_at_grade_8_or_lower(topic: Topic) -> None:
    from conftest import rendered

    score = measure_text(html_blocks(rendered("patient", "en").html))
    assert score.words > 600  # the whole leaflet, not a fragment
    assert score.grade <= 8.0, score


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_pdf_is_tagged_with_metadata_and_embedded_fonts(
    built: dict[str, bytes], shown: Topic, audience: str
) -> None:
    reader = PdfReader(io.BytesIO(built[audience]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    meta = reader.metadata
    assert meta is not None
    assert meta.title == text_for(shown.title, audience)
    assert meta.author
    assert meta.subject  # description
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            assert desc is not None and any(
                k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            fonts.add(str(font["/BaseFont"]))
    assert fonts and all("Noto-Sans" in f for f in fonts), fonts


@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_icon_arrays_are_figures_with_alt_text(built: dict[str, bytes], audience: str) -> None:
    alts = figure_alts(built[audience])
    arms = {
        "patient": ("thymosin alpha-1", "a placebo (a dummy treatment)"),
        "clinician": ("Tα1", "placebo"),
    }[audience]
    assert alts == [
        f"Icon array: of 100 people who got {arms[0]}, 23 died (filled squares) and 77 "
        "were alive (hollow squares).",
        f"Icon array: of 100 people who got {arms[1]}, 24 died (filled "
        "squares) and 76 were alive (hollow squares).",
    ]


def test_every_patient_finding_with_an_effect_gets_certainty_wording(
    text: dict[str, str], shown: Topic
) -> None:
    body = text["patient"]
    verbs = {
        "high": ("lowers", "raises", "makes little or no difference"),
        "moderate": (
            "probably lowers",
            "probably raises",
            "probably makes little or no difference",
        ),
        "low": ("may lower", "may raise", "may make little or no difference"),
        "very_low": ("We are not sure whether",),
    }
    for finding in shown.evidence:
        outcome = next((o for o in finding.outcomes if o.effect), None)
        if outcome is None:
            continue
        subject = finding.intervention.patient
        sentence = next(
            s
            for s in re.split(r"(?<=\.) ", body)
            if subject.lower() in s.lower() and outcome.name.patient in s
        )
        assert any(v in sentence for v in verbs[finding.certainty.value]), sentence
