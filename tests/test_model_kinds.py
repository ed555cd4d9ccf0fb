"""The content model for any kind of topic: bad input is refused with what to write instead,
regimens read correctly in words, every schema field is described, and `handout check` reports
the patient numbers rule at the YAML field."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from conftest import ROOT, make_project
from test_load import NAME, line_of, problems_of

from handout.cli import main
from handout.content.model import json_schema
from handout.content.regimen import Schedule
from handout.content.texts import typed_numbers
from handout.i18n.formatting import Formatter
from handout.i18n.regimen import RegimenWriter

FIXTURES = ROOT / "tests" / "fixtures" / "content"


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_medicine_needs_a_generic_name_and_a_vaccine_does_not(topic_text: str) -> None:
    text = _swap(topic_text, "kind: supplement", "kind: medicine")
    text = _swap(text, "  generic: thymalfasin\n", "")
    found = problems_of(text)
    assert any("expected names.generic (the INN) for a medicine" in p for p in found), found
    vaccine = _swap(text, "kind: medicine", "kind: vaccine")
    assert not [p for p in _problems_or_none(vaccine) if "generic" in p]


def _problems_or_none(text: str) -> list[str]:
    try:
        return problems_of(text)
    except pytest.fail.Exception:
        return []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("frequency: {times: 2, per: week}", "frequency: {times: 2}", "expected times and per"),
        (
            "frequency: {times: 2, per: week}",
            "frequency: {times: 2, per: week, once: true}",
            "expected exactly one of",
        ),
        ("amount: {value: 1.6, unit: mg}", "amount: {value: 1.6, unit: mcg}", "'mg', 'g', 'µg'"),
        ("position: against", "position: not_recommended", "'recommended', 'preferred'"),
        ("kind: web_article", "kind: web article", "'trial', 'systematic_review'"),
    ],
)
def test_bad_model_values_name_what_to_write(
    topic_text: str, old: str, new: str, message: str
) -> None:
    text = _swap(topic_text, old, new)
    line = next(i + 1 for i, row in enumerate(text.splitlines()) if new in row)
    found = problems_of(text)
    assert any(message in p and p.startswith(f"{NAME}:{line}:") for p in found), found


def test_doi_pmid_and_url_are_checked(topic_text: str) -> None:
    anchor = "    year: 2015\n    kind: meta_analysis\n"
    text = _swap(topic_text, anchor, anchor + '    doi: "doi:10.1016/x"\n    url: http://x.org\n')
    found = problems_of(text)
    line = line_of(text, r"^    doi:")
    assert any(p.startswith(f"{NAME}:{line}:") and "references[1].doi" in p for p in found), found
    assert any("references[1].url" in p and "https://" in p for p in found), found
    good = _swap(topic_text, anchor, anchor + '    doi: "10.1016/j.ijid.2015.01.001"\n')
    assert not _problems_or_none(good)


def test_terms_allow_names_with_digits_and_type_2_needs_one(topic_text: str) -> None:
    assert typed_numbers("people with type-2 diabetes") == ["2"]
    assert typed_numbers("people with type 2 diabetes", ["type 2 diabetes"]) == []
    assert typed_numbers("COVID-19, IL-6, SARS-CoV-2 and TLR2") == []
    text = _swap(topic_text, "terms: [alpha-1]", "terms: []")
    assert any(
        "list a name such as 'type 2 diabetes' under 'terms'" in p for p in problems_of(text)
    )


def _writer() -> RegimenWriter:
    return RegimenWriter(Formatter("en"), gettext.NullTranslations())


# Adults, 500 mg by mouth twice a day: the schedule the per-locale wording tests vary.
ADULTS = {
    "id": "adults",
    "amount": {"value": 500, "unit": "mg"},
    "route": "oral",
    "frequency": {"times": 2, "per": "day"},
    "cites": ["r"],
}


def _locale_writer(locale: str) -> RegimenWriter:
    """A writer with the shipped catalogs of ``locale``."""
    from handout.content.project import Project
    from handout.i18n.language import load_language

    language = load_language(Project.open(ROOT), locale)
    return RegimenWriter(language.fmt, language.translations)


@pytest.mark.parametrize(
    ("frequency", "words"),
    [
        ({"times": 1, "per": "day"}, "once a day"),
        ({"times": 2, "per": "day"}, "twice a day"),
        ({"times": 3, "per": "day"}, "3 times a day"),
        ({"times": 2, "per": "week"}, "twice a week"),
        ({"times": 1, "per": "month"}, "once a month"),
        ({"times": 1, "per": "year"}, "once a year"),
        ({"times": 1, "per": "season"}, "once each season"),
        ({"every_hours": 8}, "every 8 hours"),
        ({"once": True}, "as a single dose"),
        ({"as_needed": True}, "when needed"),
    ],
)
def test_frequencies_read_as_words(frequency: dict[str, object], words: str) -> None:
    schedule = Schedule.model_validate(
        {
            "id": "s",
            "amount": {"value": 2, "unit": "tablet"},
            "route": "oral",
            "frequency": frequency,
            "cites": ["r"],
        }
    )
    sentences = _writer().sentences(schedule, "patient", None, None)
    assert sentences[0] == f"Usual dose: 2 tablets by mouth, {words}."


def test_study_schedules_say_so_and_others_do_not() -> None:
    base = {
        "id": "s",
        "amount": {"value": 10, "to": 20, "unit": "µg"},
        "route": "intranasal",
        "frequency": {"times": 14, "per": "week"},
        "cites": ["r"],
    }
    plain = _writer().sentences(Schedule.model_validate(base), "clinician", "Adults", None)
    assert plain == ["Adults: 10 to 20 µg intranasally, 14 times a week."]
    study = Schedule.model_validate({**base, "study": True})
    assert _writer().sentences(study, "clinician", None, None) == [
        "In studies: 10 to 20 µg intranasally, 14 times a week."
    ]


def test_every_schema_field_has_a_description() -> None:
    schema = json_schema()
    missing: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if not prop.get("description"):
                    missing.append(f"{where}.{name}")
                walk(prop, f"{where}.{name}")
            for key in ("anyOf", "items", "$defs", "additionalProperties"):
                value = node.get(key)
                if isinstance(value, list):
                    for item in value:
                        walk(item, where)
                elif isinstance(value, dict) and key == "$defs":
                    for name, model in value.items():
                        walk(model, name)
                elif isinstance(value, dict):
                    walk(value, where)

    walk(schema, "Topic")
    assert not missing, missing


def test_check_reports_the_patient_numbers_rule_at_the_field(
    tmp_path: Path, topic_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    old = "      Thymosin alpha-1 is a small protein. Your thymus makes it"
    text = _swap(topic_text, old, "      About {ulinastatin_reduction} of people. " + old.strip())
    project = make_project(tmp_path / "p", text)
    assert main(["check", "--root", str(project), "--locale", "en"]) == 2
    err = capsys.readouterr().err
    line = line_of(text, r"About \{ulinastatin_reduction\}") - 1  # the '>-' line
    assert f"content/thymosin-alpha-1.yaml:{line}:" in err, err
    assert (
        "what_it_is.text.patient: expected natural frequencies only (no percentage) in patient text"
        in err
    ), err
    assert not (project / "out").exists()


def _flu_html(tmp_path: Path, swaps: list[tuple[str, str]], audience: str) -> str:
    """The flu fixture with one outcome changed (synthetic numbers, for rendering only), as
    the text of its rendered HTML."""
    from handout.build.pipeline import Pipeline
    from handout.content.project import Project
    from handout.literacy.htmltext import html_blocks
    from handout.request import Request

    text = (FIXTURES / "seasonal-flu-vaccine.yaml").read_text(encoding="utf-8")
    for old, new in swaps:
        text = _swap(text, old, new)
    root = make_project(tmp_path / audience, text, name="seasonal-flu-vaccine")
    (root / "content" / "thymosin-alpha-1.yaml").unlink(missing_ok=True)
    request = Request(topics=("seasonal-flu-vaccine",), audience=audience, locales="en", root=root)  # type: ignore[arg-type]
    pipeline = Pipeline(Project.open(root), request)
    topic = pipeline.load(["seasonal-flu-vaccine"])["seasonal-flu-vaccine"]
    html = pipeline.html(topic, request.document("seasonal-flu-vaccine", audience, "en")).html
    return " ".join(" ".join(html_blocks(html)).split())


HOSPITAL = "        groups: {intervention: 14.1, comparison: 14.7}\n"
HOSPITAL_EFFECT = "        effect: {measure: RR, value: 0.96, ci: [0.85, 1.08]}\n"


def test_rates_per_person_years_read_as_people_followed_for_a_year(tmp_path: Path) -> None:
    rates = "        rates: {intervention: 4.6, comparison: 9.8, per: 1000}\n"
    patient = _flu_html(tmp_path, [(HOSPITAL, rates)], "patient")
    assert (
        "For every 1,000 people followed for a year, about 5 went to hospital with the flu "
        "vaccine and about 10 with no vaccine." in patient
    )
    clinician = _flu_html(tmp_path, [(HOSPITAL, rates)], "clinician")
    assert "4.6 vs 9.8 per 1,000 person-years" in clinician


def test_zero_events_and_vaccine_efficacy(tmp_path: Path) -> None:
    counts = (
        "        counts: {intervention: {events: 0, total: 1200}, "
        "comparison: {events: 5, total: 1190}}\n"
    )
    ve = "        effect: {measure: VE, value: 59, ci: [51, 67]}\n"
    patient = _flu_html(tmp_path, [(HOSPITAL, counts), (HOSPITAL_EFFECT, ve)], "patient")
    assert "about 0 in every 1,000 people who got the flu vaccine went to hospital" in patient
    assert "about 4 in every 1,000 people who got no vaccine" in patient
    assert "The flu vaccine may lower hospital stays." in patient
    clinician = _flu_html(tmp_path, [(HOSPITAL, counts), (HOSPITAL_EFFECT, ve)], "clinician")
    assert "0 of 1,200 vs 5 of 1,190" in clinician
    assert "VE 59% (95% CI 51% to 67%)" in clinician


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("es", "Adultos: 500 mg por vía oral, dos veces al día."),
        ("zh_Hans", "Adultos：500 mg，口服，每天两次。"),
    ],
)
def test_regimens_are_worded_by_each_locale(locale: str, words: str) -> None:
    schedule = Schedule.model_validate(ADULTS)
    assert _locale_writer(locale).sentences(schedule, "clinician", "Adultos", None) == [words]
    eleven = Schedule.model_validate({**ADULTS, "amount": {"value": 11, "unit": "tablet"}})
    sentence = _locale_writer("ar").sentences(eleven, "patient", None, None)
    assert "قرصًا" in sentence[0]  # the Arabic form for 11 to 99


def test_a_free_vaccine_says_so(tmp_path: Path) -> None:
    cost = (
        "cost:\n  currency: USD\n  per: dose\n  range: {min: 0, max: 0}\n"
        "  text: Test wording.\n  cites: [ref-acip]\n\napproach:\n"
    )
    patient = _flu_html(tmp_path, [("approach:\n", cost)], "patient")
    assert "Cost: free. Test wording." in patient


@pytest.mark.parametrize(
    ("locale", "single", "both"),
    [
        ("en", "Most studies lasted 12 weeks.", "Most studies lasted from 4 to 12 weeks."),
        (
            "es",
            "La mayoría de los estudios duraron 12 semanas.",
            "La mayoría de los estudios duraron de 4 a 12 semanas.",
        ),
        ("ar", "استمرت معظم الدراسات 12 أسبوعًا.", "استمرت معظم الدراسات من 4 إلى 12 أسبوعًا."),
        ("zh_Hans", "大多数研究持续12周。", "大多数研究持续4至12周。"),
    ],
)
def test_how_long_studies_lasted_reads_right_for_one_length_and_a_range(
    locale: str, single: str, both: str
) -> None:
    """A range needs its own words in some languages: Spanish says "duraron de 4 a 12
    semanas", not "duraron 4 a 12 semanas"."""
    writer = _locale_writer(locale)
    for studied, expected in (
        ({"value": 12, "unit": "week"}, single),
        ({"value": 12, "to": 12, "unit": "week"}, single),  # not "from 12 to 12 weeks"
        ({"value": 4, "to": 12, "unit": "week"}, both),
    ):
        schedule = Schedule.model_validate({**ADULTS, "studied_for": studied})
        assert writer.sentences(schedule, "patient", None, None)[-1] == expected
