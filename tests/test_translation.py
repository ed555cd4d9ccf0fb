"""Translations: complete catalogs, placeholders, fallback, scripts, directions, locale choice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import (
    LOCALES,
    ROOT,
    TOPIC_ID,
    hide_from_the_pdf,
    icon_squares,
    make_project,
    rendered,
)

from handout.build.pipeline import Pipeline
from handout.cli import main
from handout.content.project import Project
from handout.content.topic import load_topic
from handout.i18n.catalogs import _write
from handout.i18n.locales import resolve_locale
from handout.i18n.po import review_status
from handout.pdf.verify import pdf_text
from handout.render.risk import icon_array_svg
from handout.request import Request

TRANSLATED = ("es", "zh_Hans", "ar")
PO_FILES = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po"))
ARABIC = re.compile(r"[\u0600-\u06ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORDS = re.compile(r"\b[a-z]{4,}\b")


def _po(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Change one PO file with Babel, keeping its review header."""
    review = review_status(path)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    change(catalog)
    _write(path, catalog, review)


def _build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "--audience", "patient", *extra])


# --- the shipped catalogs ---------------------------------------------------------------


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_po_file_passes_msgfmt_check(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_shipped_locales_are_complete_and_marked_draft(capsys) -> None:
    assert main(["i18n", "status", "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    for locale in TRANSLATED:
        for domain in ("messages", TOPIC_ID):
            row = next(line for line in out.splitlines() if line.split()[:2] == [locale, domain])
            translated, fuzzy, missing = (int(x) for x in row.split()[2:5])
            assert translated > 0 and fuzzy == 0 and missing == 0, row
            assert "draft" in row
            assert review_status(_po(ROOT, locale, domain)).startswith("draft")


def test_no_compiled_catalogs_in_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "locales"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    assert ".mo" not in tracked


# --- built documents, every locale ------------------------------------------------------


def test_every_locale_and_audience_is_built(built_all) -> None:
    assert set(built_all) == {(a, loc) for a in ("patient", "clinician") for loc in LOCALES}


@pytest.mark.parametrize("locale", TRANSLATED)
@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_translated_documents_are_in_their_language(built_all, audience, locale) -> None:
    pages = pdf_text(built_all[(audience, locale)])
    text = "\n".join(pages)
    if locale == "ar":
        assert len(ARABIC.findall(text)) > 3000
    elif locale == "zh_Hans":
        assert len(HAN.findall(text)) > 3000
    else:
        assert "Consulte" in text or "consulte" in text or "médico" in text
    # The draft-translation notice, in the language and in English, on the first page.
    assert "This translation has not been reviewed by a qualified medical translator" in " ".join(
        pages[0].split()
    )
    # No English fallback notice: the catalogs are complete.
    assert "not translated and appear in English" not in text


@pytest.mark.parametrize("locale", ["zh_Hans", "ar"])
def test_other_scripts_use_their_named_fonts(built_all, tmp_path: Path, locale) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(built_all[("patient", locale)])
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert ("Noto-Sans-Arabic" if locale == "ar" else "Noto-Sans-CJK-SC") in fonts
    assert "DejaVu" not in fonts


def test_arabic_document_is_right_to_left(built_all) -> None:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(built_all[("patient", "ar")]))
    assert str(reader.trailer["/Root"]["/Lang"]) == "ar"


def _html(out: Path, locale: str) -> int:
    """Build the shipped topic as HTML in ``locale`` (as asked for, before resolution)."""
    return main(
        ["build", "--root", str(ROOT), "--out", str(out), "--locale", locale, "--format", "html"]
    )


@pytest.mark.parametrize(
    ("asked", "shipped", "tag", "font"),
    [
        ("ar", "ar", '<html lang="ar" dir="rtl">', '"Noto Sans Arabic"'),
        ("zh-Hans", "zh_Hans", '<html lang="zh-Hans" dir="ltr">', '"Noto Sans CJK SC"'),
    ],
)
def test_html_declares_language_direction_and_font(
    tmp_path: Path, asked: str, shipped: str, tag: str, font: str
) -> None:
    assert _html(tmp_path, asked) == 0
    html = (tmp_path / f"{TOPIC_ID}.patient.{shipped}.html").read_text(encoding="utf-8")
    assert tag in html and font in html


def test_spanish_numbers_use_a_decimal_comma(built_all) -> None:
    text = " ".join("\n".join(pdf_text(built_all[("clinician", "es")])).split())
    assert "23,4 %" in text  # TESTS trial mortality, Tα1 arm
    assert "0,99" in text  # its hazard ratio
    assert "23.4" not in text


def test_figures_are_formatted_and_pluralised_per_locale(topic) -> None:
    html = {loc: rendered("clinician", loc).html for loc in ("en", "es", "ar")}
    assert "more than 35 countries" in html["en"]
    assert "35 países" in html["es"]
    # Arabic takes the 11-99 plural form for 35 and 28: the singular accusative "يومًا".
    assert "28 يومًا" in html["ar"] or "28 يوما" in html["ar"]


def test_english_pdfs_do_not_change_when_other_locales_exist(built, tmp_path: Path) -> None:
    root = make_project(tmp_path / "english-only")
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out), "--locale", "en"]) == 0
    for audience in ("patient", "clinician"):
        assert (out / f"{TOPIC_ID}.{audience}.en.pdf").read_bytes() == built[audience]


# --- gaps and bad translations ------------------------------------------------------------


@pytest.fixture
def spanish(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", translations=True)


def test_missing_translation_fails_listing_file_and_context(spanish, tmp_path, capsys) -> None:
    def drop(catalog) -> None:  # type: ignore[no-untyped-def]
        catalog.get(
            catalog_key(catalog, "cautions[hepatitis-c].text.patient"),
            "cautions[hepatitis-c].text.patient",
        ).string = ""

    _edit(_po(spanish, "es", TOPIC_ID), drop)
    out = tmp_path / "out"
    assert _build(spanish, out, "--locale", "es") == 1
    err = capsys.readouterr().err
    assert "locale es: 1 strings are missing or fuzzy" in err
    assert (
        "locales/es/LC_MESSAGES/thymosin-alpha-1.po: missing: cautions[hepatitis-c].text.patient"
        in err
    )
    assert not out.exists() or not any(out.glob("*.pdf"))


def catalog_key(catalog, context: str) -> str:  # type: ignore[no-untyped-def]
    return next(m.id for m in catalog if m.context == context)


def test_fuzzy_translation_fails(spanish, tmp_path, capsys) -> None:
    def fuzz(catalog) -> None:  # type: ignore[no-untyped-def]
        next(m for m in catalog if m.id == "Get help right away").flags.add("fuzzy")

    _edit(_po(spanish, "es", "messages"), fuzz)
    out = tmp_path / "out"
    assert _build(spanish, out, "--locale", "es") == 1
    err = capsys.readouterr().err
    assert "locales/es/LC_MESSAGES/messages.po: fuzzy: Get help right away" in err
    assert not any(out.glob("*.pdf")) if out.exists() else True


def test_allow_fallback_builds_with_english_and_says_so(spanish, tmp_path) -> None:
    def drop(catalog) -> None:  # type: ignore[no-untyped-def]
        next(m for m in catalog if m.context == "consult.urgent[0]").string = ""

    _edit(_po(spanish, "es", TOPIC_ID), drop)
    out = tmp_path / "out"
    assert _build(spanish, out, "--locale", "es", "--allow-fallback") == 0
    pages = pdf_text((out / f"{TOPIC_ID}.patient.es.pdf").read_bytes())
    first = " ".join(pages[0].split())
    assert "Parts of this document are not translated and appear in English." in first
    topic = load_topic(spanish / "content" / f"{TOPIC_ID}.yaml")
    english = topic.consult.urgent[0]
    assert " ".join(english.split()) in " ".join(" ".join(pages).split())


def test_dropped_placeholder_is_an_error_naming_file_entry_and_placeholder(
    spanish, tmp_path, capsys
) -> None:
    context = "regulatory.jurisdictions[other-countries].region"

    def drop(catalog) -> None:  # type: ignore[no-untyped-def]
        message = next(m for m in catalog if m.context == context)
        assert "{licensed_countries}" in message.string
        message.string = message.string.replace("{licensed_countries}", "muchos países")

    path = _po(spanish, "es", TOPIC_ID)
    _edit(path, drop)
    out = tmp_path / "out"
    assert _build(spanish, out, "--locale", "es") == 2
    err = capsys.readouterr().err
    assert re.search(
        rf"locales/es/LC_MESSAGES/{TOPIC_ID}.po:\d+:1: {re.escape(context)}: "
        r"translation drops \{licensed_countries\}",
        err,
    ), err
    assert not out.exists() or not any(out.glob("*.pdf"))


def test_template_placeholder_and_typed_number_are_errors(spanish, tmp_path, capsys) -> None:
    def damage(catalog) -> None:  # type: ignore[no-untyped-def]
        message = next(m for m in catalog if m.id == "Content updated: %(date)s.")
        message.string = "Contenido actualizado."
        band = next(m for m in catalog if m.id and "%(many)s people" in str(m.id))
        band.string = str(band.string).replace("%(many)s", "10")

    _edit(_po(spanish, "es", "messages"), damage)
    assert _build(spanish, tmp_path / "out", "--locale", "es") == 2
    err = capsys.readouterr().err
    assert "Content updated: %(date)s.: translation drops %(date)s" in err
    assert "translation types the number 10" in err


def test_typed_number_in_content_text_is_a_content_error(tmp_path, capsys, topic_text) -> None:
    text = topic_text.replace(
        "more than {licensed_countries} for chronic", "more than 35 countries for chronic"
    )
    assert text != topic_text
    root = make_project(tmp_path / "p", text)
    assert _build(root, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "found the number '35' typed into the text" in err
    assert re.search(r"content/thymosin-alpha-1.yaml:\d+:\d+: key_points.clinician\[0\]", err)


def test_unknown_figure_placeholder_is_a_content_error(tmp_path, capsys, topic_text) -> None:
    text = topic_text.replace("{peptide_length}", "{peptide_lenght}", 1)
    root = make_project(tmp_path / "p", text)
    assert _build(root, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "found {peptide_lenght}" in err
    assert "found 'peptide_length' unused" in err


# --- choosing a locale ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "shipped"),
    [
        ("es", "es"),
        ("es_MX", "es"),
        ("es-MX", "es"),
        ("zh-Hans", "zh_Hans"),
        ("zh_CN", "zh_Hans"),
        ("ar_EG", "ar"),
        ("en-US", "en"),
        ("zh_TW", None),
        ("fr", None),
        ("../etc", None),
    ],
)
def test_locale_resolution(asked: str, shipped: str | None) -> None:
    assert resolve_locale(asked, ("ar", "en", "es", "zh_Hans")) == shipped


def test_unknown_locale_is_a_one_line_error(tmp_path, capsys) -> None:
    assert main(["build", "--root", str(ROOT), "--out", str(tmp_path), "--locale", "fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown locale 'fr'; shipped locales: ar, en, es, zh_Hans" in err


def test_regional_tag_builds_the_shipped_locale(tmp_path) -> None:
    out = tmp_path / "out"
    assert _html(out, "es_MX") == 0
    assert sorted(p.name for p in out.glob("*.html")) == [
        f"{TOPIC_ID}.clinician.es.html",
        f"{TOPIC_ID}.patient.es.html",
    ]


def test_build_help_states_the_locale_rule(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "es_MX and es-MX give es, ar_EG gives ar, zh-Hans and zh_CN give zh_Hans" in out
    assert "--allow-fallback" in out


# --- direction of figures ---------------------------------------------------------------------


def test_icon_array_fills_from_the_reading_start() -> None:
    filled, _ = icon_squares(icon_array_svg(3, 100))
    filled_rtl, hollow_rtl = icon_squares(icon_array_svg(3, 100, rtl=True))
    assert sorted(filled) == [(0, 0), (1, 0), (2, 0)]  # from the top left
    assert sorted(filled_rtl) == [(7, 0), (8, 0), (9, 0)]  # from the top right
    assert (6, 0) in hollow_rtl and (0, 1) in hollow_rtl


def test_adding_a_language_by_following_the_readme(tmp_path, capsys) -> None:
    """The README's steps for a fourth language: create, translate, build."""
    root = make_project(tmp_path / "p")
    (root / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    assert main(["i18n", "update", "--root", str(root), "--locale", "fr", "--new"]) == 0
    capsys.readouterr()
    # Untranslated: the build refuses, and --allow-fallback builds with the notice.
    assert _build(root, tmp_path / "o1", "--locale", "fr") == 1
    assert _build(root, tmp_path / "o2", "--locale", "fr", "--allow-fallback") == 0
    # A translator fills every entry (here a marker before the English keeps placeholders).
    for domain in ("messages", TOPIC_ID):

        def fill(catalog) -> None:  # type: ignore[no-untyped-def]
            for m in catalog:
                if not m.id:
                    continue
                if isinstance(m.id, tuple | list):
                    m.string = tuple("FR " + m.id[min(i, 1)] for i in range(catalog.num_plurals))
                else:
                    m.string = "FR " + m.id

        _edit(_po(root, "fr", domain), fill)
    out = tmp_path / "o3"
    assert _build(root, out, "--locale", "fr") == 0
    text = " ".join(" ".join(pdf_text((out / f"{TOPIC_ID}.patient.fr.pdf").read_bytes())).split())
    assert "FR Key points" in text
    assert "not translated and appear in English" not in text


def test_packet_in_arabic(tmp_path) -> None:
    out = tmp_path / "packet.pdf"
    assert main(["packet", TOPIC_ID, "--root", str(ROOT), "--locale", "ar_EG", "-o", str(out)]) == 0
    assert len(ARABIC.findall("".join(pdf_text(out.read_bytes())))) > 1000


def test_builder_refuses_incomplete_locale_without_fallback(spanish) -> None:
    from handout.i18n.po import IncompleteTranslation

    shutil.rmtree(spanish / "locales" / "es" / "LC_MESSAGES")
    (spanish / "locales" / "es" / "LC_MESSAGES").mkdir()
    shutil.copy(
        ROOT / "locales" / "es" / "LC_MESSAGES" / "messages.po",
        spanish / "locales" / "es" / "LC_MESSAGES",
    )
    project = Project.open(spanish)
    topic = load_topic(project.topic_file(TOPIC_ID))
    with pytest.raises(IncompleteTranslation):
        Pipeline(project, Request(root=spanish)).check_translations([topic], ["es"])
    fallback = Request(root=spanish, allow_fallback=True)
    Pipeline(project, fallback).check_translations([topic], ["es"])


def test_arabic_verification_catches_text_missing_from_the_pdf(tmp_path: Path, capsys) -> None:
    """Arabic is compared by letters, not characters; a caution absent from the PDF still fails."""
    root = make_project(tmp_path / "p", translations=True)
    anchor = "{{ t(c.text) }}"
    hidden = "{% if c.id == 'hepatitis-c' %} وهذه جملة مضافة ليست في الملف{% endif %}"
    hide_from_the_pdf(root, "patient.html.j2", anchor, hidden)
    out = tmp_path / "out"
    assert _build(root, out, "--locale", "ar") == 1
    assert "the PDF is missing required text: caution:hepatitis-c" in capsys.readouterr().err
    assert not out.exists() or not any(out.glob("*.pdf"))


def test_arabic_units_survive_extraction_reordering() -> None:
    from handout.pdf.verify import _within, units

    # What PDFium returns for shaped Arabic with Latin and digits (seen in real PDFs).
    assert units("بـ Tα1 في HCV") == units("ب 1Tα في HCV")
    assert units("IL-6 وTNF-α") == ["il", "و", "tnf", "α"]
    assert sorted(units("وαTNF")) == sorted(units("وTNF-α"))
    assert units("لأن العلاج") == units("ألن العˁج")
    assert _within(units("أ ب ت ث ج ح خ"), units("ب ت ث"), 0)
    assert not _within(units("ب " + "س " * 50 + "ت ث"), units("ب ت ث"), 10)
