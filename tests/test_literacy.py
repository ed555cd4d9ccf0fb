"""Health-literacy checks: readability, jargon, structure, the patient numbers rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, make_project

from handout.cli import main
from handout.errors import VerificationError
from handout.literacy.jargon import find_jargon, load_jargon
from handout.literacy.readability import measure_text, sentences_of
from handout.pdf.verify import patient_number_problems, verify_patient_numbers

HARD = (
    "Immunomodulatory polypeptides demonstrate heterogeneous pharmacodynamic characteristics "
    "necessitating individualized therapeutic considerations, particularly regarding "
    "contraindications, pharmacovigilance obligations and comorbidity-associated "
    "physiological variability."
)


def _replace_mechanism_patient(text: str, new: str) -> str:
    start = text.index("mechanism:\n  patient: >-\n")
    body_start = start + len("mechanism:\n  patient: >-\n")
    end = text.index("  clinician:", body_start)
    return text[:body_start] + f"    {new}\n" + text[end:]


def test_easy_text_scores_low_and_hard_text_high() -> None:
    easy = measure_text(["Take one pill a day. Tell your nurse if you feel sick."])
    hard = measure_text([HARD])
    assert easy.grade < 3
    assert hard.grade > 16
    assert hard.fernandez_huerta < easy.fernandez_huerta


def test_spanish_fernandez_huerta() -> None:
    plain = measure_text(["Tome una pastilla al día. Hable con su médico si se siente mal."], "es")
    assert plain.fernandez_huerta > 80


def test_sentences_split_at_stops_and_keep_decimals() -> None:
    assert sentences_of("It was 1.6 mg. Then it stopped! Why?") == [
        "It was 1.6 mg.",
        "Then it stopped!",
        "Why?",
    ]


def test_hard_paragraph_fails_check(tmp_path: Path, topic_text: str, capsys) -> None:
    hard = ", and ".join([HARD.rstrip(".")] * 7) + "."  # one very long, hard sentence
    root = make_project(tmp_path / "p", _replace_mechanism_patient(topic_text, hard))
    code = main(["check", "--root", str(root), "--format", "json"])
    report = next(r for r in json.loads(capsys.readouterr().out) if r["length"] == "full")
    assert code == 1
    assert report["passed"] is False
    assert report["hardest_paragraph_score"] > 12
    assert any(f.startswith("a paragraph reads at grade") for f in report["failures"])


def test_jargon_flagged_when_undefined_and_accepted_when_defined() -> None:
    listed = load_jargon(ROOT / "locales", "en")
    text = "You may get a placebo. It can calm leukocytosis."
    undefined, defined = find_jargon(text, "en", listed, [], set())
    assert undefined == ["leukocytosis", "placebo"]  # listed term and a rare word
    undefined, defined = find_jargon(text, "en", listed, ["Placebo", "Leukocytosis"], set())
    assert undefined == []
    assert defined == ["leukocytosis", "placebo"]


def test_undefined_jargon_fails_check(tmp_path: Path, topic_text: str, capsys) -> None:
    text = _replace_mechanism_patient(topic_text, "It may calm leukocytosis in some people.")
    root = make_project(tmp_path / "p", text)
    assert main(["check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "FAIL thymosin-alpha-1 en full: undefined jargon: leukocytosis" in out


def test_defined_jargon_passes_check(tmp_path: Path, topic_text: str, capsys) -> None:
    text = _replace_mechanism_patient(topic_text, "It may calm leukocytosis in some people.")
    text = text.replace(
        "glossary:\n",
        'glossary:\n  - term: Leukocytosis\n    meaning: "Too many white blood cells."\n',
        1,
    )
    root = make_project(tmp_path / "p", text)
    assert main(["check", "--root", str(root)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("planted", "what"),
    [
        ("The hazard ratio was about one.", "a ratio"),
        ("HR 0.99 in the trial.", "a ratio or interval abbreviation"),
        ("The 95% confidence interval was wide.", "a confidence interval"),
        ("It was significant (p = 0.03).", "a p-value"),
        ("The dose is 1.6 mg.", "a decimal number"),
        ("About 23% died.", "a percentage"),
    ],
)
def test_patient_numbers_rule(planted: str, what: str) -> None:
    problems = patient_number_problems(f"Plain words here. {planted} More plain words.")
    assert any(p.startswith(what) for p in problems), problems


def test_natural_frequencies_pass_the_numbers_rule() -> None:
    text = "About 23 out of 100 people died. Common: may affect up to 1 in 10 people. 1,089 people."
    assert patient_number_problems(text) == []


def test_planted_ratio_fails_the_patient_build(tmp_path: Path, topic_text: str, capsys) -> None:
    # Typed into text, a number is a content error; as a figure it reaches the PDF check.
    text = _replace_mechanism_patient(topic_text, "Deaths fell (risk ratio {planted}).")
    text = text.rstrip("\n") + "\n  planted: {value: 0.68}\n"
    root = make_project(tmp_path / "p", text)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "thymosin-alpha-1.patient.en.pdf: breaks the patient numbers rule" in err
    assert "a ratio: '" in err
    assert not (out / "thymosin-alpha-1.patient.en.pdf").exists()
    assert (out / "thymosin-alpha-1.clinician.en.pdf").exists()  # the clinician may see ratios


def test_verify_patient_numbers_ignores_page_furniture() -> None:
    pages = ["Body text.\r\nDRAFT 1.0 Page 1 of 2", "More text.\r\nDRAFT 1.0 Page 2 of 2"]
    verify_patient_numbers(
        pages, {"draft-mark": "DRAFT 1.0", "page-word": "Page", "of-word": "of"}, "x", "."
    )
    with pytest.raises(VerificationError):
        verify_patient_numbers(pages, {}, "x", ".")


def test_shipped_patient_leaflet_passes(text: dict[str, str]) -> None:
    assert patient_number_problems(text["patient"]) == []


def test_words_to_know_lists_only_used_terms(text: dict[str, str], topic) -> None:
    body = text["patient"]
    words = body[body.index("Words to know") : body.index("Where this information comes from")]
    rest = body.replace(words, " ").lower()
    for g in topic.glossary:
        used = re.search(rf"(?<!\w){re.escape(g.term.lower())}(?:s|es)?(?!\w)", rest)
        assert (f"{g.term}:" in words) == bool(used), g.term
