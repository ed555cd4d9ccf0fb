"""Unit tests of PDF verification: required texts found (or not) in real PDF bytes, margins
removed, the patient numbers rule."""

from __future__ import annotations

import pytest
from conftest import ROOT

from handout.errors import VerificationError
from handout.pdf.verify import patient_number_problems, verify
from handout.pdf.weasy import PdfRenderer


@pytest.fixture(scope="module")
def pdf() -> bytes:
    html = (
        '<html lang="en"><head><title>t</title></head><body>'
        '<div class="running" aria-hidden="true"><span>Footer text</span></div>'
        "<p>Do not use it if you are allergic to it.</p>"
        "<ul><li>People with hepatitis C: tell your provider.</li></ul></body></html>"
    )
    return PdfRenderer((ROOT / "templates",)).render(html)


def test_verify_finds_required_text_and_returns_pages(pdf: bytes) -> None:
    must = {"a": "Do not use it if you are allergic to it.", "b": "People with hepatitis C:"}
    pages = verify(pdf, must, "t.pdf", {})
    assert len(pages) == 1 and "hepatitis C" in pages[0]


def test_verify_names_every_missing_key(pdf: bytes) -> None:
    must = {"a": "Do not use it", "z": "A caution that is not there", "y": "Nor this one"}
    with pytest.raises(VerificationError, match=r"t\.pdf: the PDF is missing required text: y, z"):
        verify(pdf, must, "t.pdf", {})


@pytest.mark.parametrize(
    ("text", "what"),
    [("a hazard ratio of", "a ratio"), ("HR 0", "a ratio or interval abbreviation"),
     ("95% confidence", "a confidence interval"), ("p = 0.93", "a p-value"),
     ("23.4 people", "a decimal number"), ("about 23 %", "a percentage")],
)  # fmt: skip
def test_patient_numbers_rule(text: str, what: str) -> None:
    assert any(p.startswith(what) for p in patient_number_problems(f"Study: {text} here."))


def test_natural_frequencies_pass_the_patient_numbers_rule() -> None:
    assert patient_number_problems("About 23 out of 100 people died, about 24 out of 100.") == []
    assert patient_number_problems("23,4 personas", decimal_symbol=",") != []
