"""Topics of three kinds (a daily oral medicine, a yearly vaccine, the shipped peptide) built
in both audiences, asserted on the PDF text a reader sees."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_FILE

from handout.cli import main
from handout.pdf.verify import normalize, pdf_text

FIXTURES = ROOT / "tests" / "fixtures" / "content"
TOPICS = ("metformin", "seasonal-flu-vaccine", "thymosin-alpha-1")


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str]:
    """Each topic × audience, built in English through the CLI, as normalised PDF text."""
    project = tmp_path_factory.mktemp("kinds")
    (project / "content").mkdir()
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, project / "content" / path.name)
    shutil.copy(TOPIC_FILE, project / "content" / TOPIC_FILE.name)
    out = project / "out"
    assert main(["build", "--root", str(project), "--locale", "en", "--out", str(out)]) == 0
    return {
        (topic, audience): normalize(
            " ".join(pdf_text((out / f"{topic}.{audience}.en.pdf").read_bytes()))
        )
        for topic in TOPICS
        for audience in ("patient", "clinician")
    }


def test_fixtures_say_they_are_not_for_patients() -> None:
    for path in FIXTURES.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# TEST FIXTURE — not for patients; facts not reviewed.", path


def test_daily_medicine_regimen_reads_as_english(kinds: dict[tuple[str, str], str]) -> None:
    for audience, route in (("patient", "by mouth"), ("clinician", "orally")):
        text = kinds[("metformin", audience)]
        assert f"Adults: 500 mg {route}, twice a day; with meals." in text
        assert "Start with 500 mg twice a day." in text
        assert "The dose may be raised by 500 mg every week." in text
        assert "No more than 2,550 mg a day." in text
        assert "No more than 1,000 mg a day." in text  # the kidney schedule
        assert "times weekly" not in text and "in studies" not in text.lower()
    assert (
        "Adults whose kidneys work less well: 500 mg by mouth, once a day."
        in kinds[("metformin", "patient")]
    )
    assert (
        normalize("Adults with eGFR 30 to 44 mL/min/1.73 m²: 500 mg orally, once a day.")
        in kinds[("metformin", "clinician")]
    )


def test_vaccine_regimen_and_name_phrase(kinds: dict[tuple[str, str], str]) -> None:
    patient, clinician = (
        kinds[("seasonal-flu-vaccine", "patient")],
        kinds[("seasonal-flu-vaccine", "clinician")],
    )
    assert "What is the flu vaccine?" in patient
    assert "How the vaccine is given" in patient
    assert "Adults: given as a shot into a muscle (upper arm), once each season." in patient
    assert "0,5" not in patient and "0.5 mL" not in patient  # patients get no decimals
    assert "Adults: 0.5 mL by intramuscular injection (deltoid), once each season." in clinician
    assert "0.7 mL by intramuscular injection, once each season." in clinician
    assert "generic name" not in patient  # a vaccine has none


def test_peptide_regimen_keeps_its_facts(kinds: dict[tuple[str, str], str]) -> None:
    patient = kinds[("thymosin-alpha-1", "patient")]
    clinician = kinds[("thymosin-alpha-1", "clinician")]
    assert "It is usually given as a shot under the skin, twice a week." in patient
    assert "Usual dose: 1.6 mg by subcutaneous injection, twice a week." in clinician
    for text in (patient, clinician):
        assert "Most studies lasted from 4 to 12 weeks." in text


def test_denominator_keeps_the_comparison(kinds: dict[tuple[str, str], str]) -> None:
    patient = kinds[("seasonal-flu-vaccine", "patient")]
    assert "Of every 1,000 people who got the flu vaccine:" in patient
    assert "about 9 got the flu" in patient and "about 23 got the flu" in patient
    assert "about 1 got the flu" not in patient


def test_every_marked_outcome_reaches_the_patient(kinds: dict[tuple[str, str], str]) -> None:
    flu = kinds[("seasonal-flu-vaccine", "patient")]
    assert "The flu vaccine probably lowers the chance of getting the flu." in flu
    assert "The flu vaccine probably lowers flu-like illness." in flu
    assert "The flu vaccine may make little or no difference to hospital stays." in flu
    assert "about 14 in every 100 people who got the flu vaccine went to hospital" in flu
    metformin = kinds[("metformin", "patient")]
    assert "What the studies found" in metformin and "Other research" not in metformin
    assert "Metformin probably lowers the chance of a heart attack." in metformin
    assert "Metformin probably lowers the chance of dying from any cause." in metformin


def test_positions_and_statuses(kinds: dict[tuple[str, str], str]) -> None:
    clinician = kinds[("metformin", "clinician")]
    assert "preferred (first choice)" in clinician
    assert "suggested (consider)" in clinician
    assert "recommended" not in clinician.replace("recommended against", "")
    patient = kinds[("metformin", "patient")]
    assert "United States: approved (for type 2 diabetes)." in patient
    assert (
        "United States: approved for other uses, not for this one (for preventing diabetes)."
        in (patient)
    )
    assert "recommended against" in kinds[("thymosin-alpha-1", "clinician")]
    assert "preferred (first choice)" in kinds[("seasonal-flu-vaccine", "clinician")]


def test_clinic_sections(kinds: dict[tuple[str, str], str]) -> None:
    metformin = kinds[("metformin", "patient")]
    for heading in (
        "Pregnancy and breastfeeding",
        "Other medicines, food and drink",
        "If you miss a dose",
        "How to store it",
        "Scans with dye",
    ):
        assert heading in metformin
    # The author's own section sits where it was placed: after the cautions.
    assert metformin.index("Who should be careful") < metformin.index("Scans with dye")
    assert metformin.index("Scans with dye") < metformin.index("Side effects")
    flu = kinds[("seasonal-flu-vaccine", "patient")]
    for heading in ("Who should get it, and when", "Given with other vaccines or medicines"):
        assert heading in flu
    clinician = kinds[("metformin", "clinician")]
    for heading in ("Interactions", "Missed dose", "Storage", "Iodinated contrast"):
        assert heading in clinician


def test_references_give_doi_and_url(kinds: dict[tuple[str, str], str]) -> None:
    clinician = kinds[("metformin", "clinician")].replace(" ", "")
    assert "doi:10.1016/S0140-6736(98)07037-8" in clinician
    assert "https://www.nice.org.uk/guidance/ng28" in clinician


def test_per_outcome_participants_studies_and_certainty(
    kinds: dict[tuple[str, str], str],
) -> None:
    clinician = kinds[("seasonal-flu-vaccine", "clinician")]
    assert "16 studies; n = 25,795; Certainty: moderate." in clinician
    assert "2 studies; n = 11,924; Certainty: low." in clinician


def test_check_passes_the_fixtures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, project / "content" / path.name)
    main(["check", "--root", str(project), "--locale", "en"])
    out = capsys.readouterr()
    assert "ERROR" not in out.err, out.err


def test_brief_without_a_key_finding_still_says_whether_it_helps(tmp_path: Path) -> None:
    """A topic whose studies give effects but no counts per group has no fact box: its brief
    gives each condition's summary and the safety summary under the same heading instead, and
    names a region once when two approvals share it."""
    project = tmp_path / "clinic"
    (project / "content").mkdir(parents=True)
    text = (FIXTURES / "metformin.yaml").read_text(encoding="utf-8")
    # a status whose words need escaping, after a label left out: escaped once, not twice
    plain = "        patient: preventing diabetes\n"
    assert text.count(plain) == 1
    text = text.replace(plain, '        patient: "preventing diabetes & people\'s weight gain"\n')
    (project / "content" / "metformin.yaml").write_text(text, encoding="utf-8")
    out = project / "out"
    argv = ["build", "--root", str(project), "--locale", "en", "--length", "brief"]
    assert main([*argv, "--audience", "patient", "--out", str(out)]) == 0
    text = normalize(" ".join(pdf_text((out / "metformin.patient.en.brief.pdf").read_bytes())))
    helps = text.index("Does it help? Is it safe?")
    benefits, harms = text.index("Benefits", helps), text.index("Harms", helps)
    summary = "fewer people had heart attacks with metformin."
    assert benefits < text.index(summary) < harms
    assert harms < text.index("Stomach upset is the most common side effect.")
    assert helps < text.index("How it is given")
    approved = text[text.index("Is it approved?") : helps]
    assert approved.count("United States") == 2  # the summary's and one label
    assert "United States: approved (for type 2 diabetes). Approved for other uses" in approved
    assert "(for preventing diabetes & people's weight gain)." in approved
    assert "&amp;" not in text and "&#39;" not in text
