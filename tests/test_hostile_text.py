"""Hostile text: nothing may hide a caution.

Catalog markup prints as text; invisible, reordering and empty characters are refused where
text is read (topics, clinic profiles, catalogs) with file:line and the character named; a
right-to-left caution must read in order; catalog headers gettext cannot use are refused. Each
refusal leaves no PDF, HTML or temporary file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, TOPIC_ID, make_project, nothing_left
from markupsafe import escape

from handout.cli import main
from handout.content.characters import character_problem
from handout.i18n.catalogs import _write
from handout.i18n.po import review_status
from handout.pdf.verify import normalize, pdf_text

TOPIC = f"content/{TOPIC_ID}.yaml"
CAUTION = "      patient: People with long-term hepatitis C"


def _build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "--audience", "patient", *extra])


def _po(root: Path, locale: str, domain: str) -> Path:
    return root / "locales" / locale / "LC_MESSAGES" / f"{domain}.po"


def set_msgstr(path: Path, string: str, *, context: str | None = None, msgid: str = "") -> int:
    """Give one catalog entry a new translation (found by context or msgid); its line."""
    review = review_status(path)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    message = next(m for m in catalog if (m.context == context if context else m.id == msgid))
    message.string = string
    _write(path, catalog, review)
    text = path.read_text(encoding="utf-8")
    anchor = f'msgctxt "{context}"' if context else f'msgid "{msgid}"'
    return text[: text.index(anchor)].count("\n") + 1


def _topic_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / TOPIC).read_text(encoding="utf-8")
    assert old in text, old
    return make_project(tmp_path / "p", text.replace(old, new, 1))


# --- 1. Catalog strings are text, never markup --------------------------------------------

STYLE = "Quién debe tener cuidado<style>section[data-part=cautions] li{color:transparent}</style>"
SCRIPT = "Quién debe tener cuidado<script>alert(document.cookie)</script><img src=x onerror=f()>"


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", translations=True)


def test_markup_in_a_template_msgstr_prints_as_text_in_the_pdf(
    translated: Path, tmp_path: Path
) -> None:
    set_msgstr(_po(translated, "es", "messages"), STYLE, msgid="Who should be careful")
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "es") == 0
    body = normalize(" ".join(pdf_text((out / f"{TOPIC_ID}.patient.es.pdf").read_bytes())))
    assert normalize(STYLE) in body  # printed, so not applied as a style
    assert "Personas con hepatitis C de larga duración" in body


@pytest.mark.parametrize("planted", [STYLE, SCRIPT])
def test_markup_in_a_template_msgstr_is_inert_in_html(
    translated: Path, tmp_path: Path, planted: str
) -> None:
    set_msgstr(_po(translated, "es", "messages"), planted, msgid="Who should be careful")
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "es", "--format", "html") == 0
    html = (out / f"{TOPIC_ID}.patient.es.html").read_text(encoding="utf-8")
    assert str(escape(planted)) in html  # shown as text
    for live in ("<script", "<img src=x", "<style>section"):
        assert live not in html


def test_markup_in_a_topic_msgstr_is_inert(translated: Path, tmp_path: Path) -> None:
    context = "cautions[hepatitis-c].who.patient"
    planted = "Personas con hepatitis C<style>li{display:none}</style><script>x()</script>"
    set_msgstr(_po(translated, "es", TOPIC_ID), planted, context=context)
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "es", "--format", "html") == 0
    html = (out / f"{TOPIC_ID}.patient.es.html").read_text(encoding="utf-8")
    assert "<script" not in html and "li{display:none}</style>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    out_pdf = tmp_path / "pdf"
    assert _build(translated, out_pdf, "--locale", "es") == 0
    body = normalize(" ".join(pdf_text((out_pdf / f"{TOPIC_ID}.patient.es.pdf").read_bytes())))
    assert normalize(planted) in body


# --- 2. Invisible, reordering and empty text is refused at load ----------------------------

TOPIC_CASES = {
    "soft-hyphen-only": ('"\\u00AD"', "expected words a reader can see, found no visible text"),
    "full-stop-only": ('"."', "expected words a reader can see, found '.'"),
    "rlo": (
        '"People with \\u202Elong-term hepatitis C"',
        "expected text without bidirectional controls (the page sets the direction), "
        "found U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
    "lri": ('"\\u2066People with hepatitis C\\u2069"', "found U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    "lrm": ('"People\\u200E with hepatitis C"', "found U+200E (LEFT-TO-RIGHT MARK)"),
    "alm": ('"People\\u061C with hepatitis C"', "found U+061C (ARABIC LETTER MARK)"),
    "zero-width-space": (
        '"People with hepa\\u200Btitis C"',
        "expected visible characters, found the invisible U+200B (ZERO WIDTH SPACE)",
    ),
    "word-joiner": ('"People\\u2060 with hepatitis C"', "found the invisible U+2060 (WORD JOINER)"),
    "bom-inside": (
        '"People with\\uFEFF hepatitis C"',
        "found the invisible U+FEFF (ZERO WIDTH NO-BREAK SPACE)",
    ),
    "zwj-in-latin": (
        '"People with he\\u200Dpatitis C"',
        "expected U+200D (ZERO WIDTH JOINER) only between letters of a script that uses it",
    ),
    "nul": (
        '"People with hepatitis C\\0"',
        "expected printable text, found the control character U+0000 (NULL)",
    ),
    "escape": ('"People \\e[8m hidden"', "found the control character U+001B (ESCAPE)"),
    "combining-stack": (
        '"' + "People" + "\\u0333" * 60 + ' with hepatitis C"',
        "expected at most 3 combining marks on one character, found more "
        "(a stack of U+0333 (COMBINING DOUBLE LOW LINE)",
    ),
}


@pytest.mark.parametrize("case", list(TOPIC_CASES))
def test_invisible_or_empty_caution_is_refused_at_load(case: str, tmp_path: Path, capsys) -> None:
    value, expected = TOPIC_CASES[case]
    root = _topic_with(tmp_path, CAUTION, f"      patient: {value}")
    out = tmp_path / "out"
    assert _build(root, out) == 2
    err = capsys.readouterr().err
    line = 1 + (ROOT / TOPIC).read_text(encoding="utf-8").split(CAUTION)[0].count("\n")
    where = f"ERROR {TOPIC}:{line}:16: cautions[0].who.patient: "
    assert any(row.startswith(where) and expected in row for row in err.splitlines()), err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("section", "old", "new", "path"),
    [
        ("consult", '    - "If you have liver disease."', '    - "\\u00AD"', "consult.when[3]"),
        (
            "regulatory",
            "      region: United States",
            '      region: "\\u00AD."',
            "regulatory.jurisdictions[0].region",
        ),
    ],
)
def test_consult_and_regulatory_texts_need_words(
    tmp_path: Path, capsys, section: str, old: str, new: str, path: str
) -> None:
    text = (ROOT / TOPIC).read_text(encoding="utf-8")
    start = text.index(f"\n{section}:")
    at = text.index(old, start)
    root = make_project(tmp_path / "p", text[:at] + new + text[at + len(old) :])
    out = tmp_path / "out"
    assert _build(root, out) == 2
    err = capsys.readouterr().err
    assert re.search(rf"ERROR {TOPIC}:\d+:\d+: {re.escape(path)}\S*: expected words", err), err
    assert not out.exists()


def test_clinic_profile_with_a_bidi_control_is_refused(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    profile = folder / "clinic.yaml"
    profile.write_text('name: "Clinic \\u202Eenilcaer"\nphone: "+1 555 0100"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert _build(ROOT, out, "--clinic", str(profile)) == 2
    err = capsys.readouterr().err
    assert f"{profile}:1:7: name: expected text without bidirectional controls" in err, err
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("locale", "domain", "key", "string", "expected"),
    [
        ("es", TOPIC_ID, "cautions[hepatitis-c].text.patient", ".", "expected words a reader"),
        (
            "es",
            TOPIC_ID,
            "cautions[hepatitis-c].who.patient",
            "\u00ad",
            "expected words a reader can see, found no visible text",
        ),
        (
            "ar",
            TOPIC_ID,
            "cautions[hepatitis-c].text.patient",
            "Do not use it for hepatitis C.",
            "expected words in the locale's script (Arabic letters)",
        ),
        (
            "es",
            TOPIC_ID,
            "consult.urgent[0]",
            "Dolor \u202ede pecho",
            "found U+202E (RIGHT-TO-LEFT OVERRIDE)",
        ),
        (
            "es",
            "messages",
            "Who should be careful",
            "Quién debe\u200b tener cuidado",
            "found the invisible U+200B (ZERO WIDTH SPACE)",
        ),
    ],
)
def test_hostile_translation_is_refused_with_its_line(
    translated: Path, tmp_path: Path, capsys, locale, domain, key, string, expected
) -> None:
    path = _po(translated, locale, domain)
    if domain == "messages":
        line = set_msgstr(path, string, msgid=key)
    else:
        line = set_msgstr(path, string, context=key)
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", locale) == 2
    err = capsys.readouterr().err
    name = f"locales/{locale}/LC_MESSAGES/{domain}.po"
    assert re.search(rf"ERROR {re.escape(name)}:\d+:1: {re.escape(key)}: ", err), err
    assert expected in err
    assert f"{name}:{line}:" in err or f"{name}:{line + 1}:" in err, (line, err)
    assert "Traceback" not in err
    assert nothing_left(out)


@pytest.mark.parametrize(
    "text",
    ["\u0644\u200c\u0627", "\u0915\u094d\u200d\u0937", "\U0001f469\u200d\U0001f4bb", "e\u0301"],
)
def test_joiners_and_marks_that_scripts_need_are_accepted(text: str) -> None:
    assert character_problem(text) is None


# --- 6. Catalog headers that gettext or Babel cannot use are refused ------------------------

PLURALS = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
HEADER_CASES = {
    "unparseable": (
        PLURALS,
        '"Plural-Forms: nplurals=2; plural=n ? 1;\\n"',
        "Plural-Forms: expected a plural expression gettext can read, found 'n ? 1'",
    ),
    "division-by-zero": (
        PLURALS,
        '"Plural-Forms: nplurals=2; plural=n/0;\\n"',
        "Plural-Forms: expected a plural expression that works for every n, found integer "
        "division or modulo by zero at n=0",
    ),
    "huge-nplurals": (
        PLURALS,
        '"Plural-Forms: nplurals=99999999; plural=0;\\n"',
        "Plural-Forms: expected nplurals from 1 to 6, found 99999999",
    ),
    "out-of-range": (
        PLURALS,
        '"Plural-Forms: nplurals=2; plural=(n > 500 ? 2 : n != 1);\\n"',
        "Plural-Forms: expected plural forms 0 to 1, found form 2 for n=501",
    ),
    "no-expression": (
        PLURALS,
        '"Plural-Forms: nplurals=2;\\n"',
        "Plural-Forms: expected Plural-Forms 'nplurals=N; plural=EXPRESSION;'",
    ),
    "charset": (
        '"Content-Type: text/plain; charset=utf-8\\n"',
        '"Content-Type: text/plain; charset=x-bogus\\n"',
        "Content-Type: expected a known charset in Content-Type (UTF-8), found 'x-bogus'",
    ),
}


@pytest.mark.parametrize("case", list(HEADER_CASES))
@pytest.mark.parametrize("domain", ["messages", TOPIC_ID])
def test_unusable_catalog_header_is_refused_with_its_line(
    translated: Path, tmp_path: Path, capsys, case: str, domain: str
) -> None:
    old, new, expected = HEADER_CASES[case]
    path = _po(translated, "es", domain)
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "es") == 2
    err = capsys.readouterr().err
    assert f"ERROR locales/es/LC_MESSAGES/{domain}.po:{line}:1: {expected}" in err, err
    assert "Traceback" not in err
    assert nothing_left(out)


def test_oversized_catalog_is_refused_unread(translated: Path, tmp_path: Path, capsys) -> None:
    path = _po(translated, "es", "messages")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(("# padding " + "x" * 1000 + "\n") * 2200)
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "es") == 2
    err = capsys.readouterr().err
    assert "ERROR locales/es/LC_MESSAGES/messages.po:1:1: expected at most 2097152 bytes" in err
    assert nothing_left(out)


def test_i18n_status_refuses_an_unusable_header(translated: Path, capsys) -> None:
    path = _po(translated, "es", "messages")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            PLURALS, '"Plural-Forms: nplurals=2; plural=n%0;\\n"'
        ),
        encoding="utf-8",
    )
    assert main(["i18n", "status", "--root", str(translated)]) == 2
    err = capsys.readouterr().err
    assert "messages.po:15:1: Plural-Forms: expected a plural expression that works" in err, err
    assert "Traceback" not in err


# --- 2. Right-to-left verification reads word order ----------------------------------------


def test_arabic_caution_in_scrambled_word_order_fails_verification(
    translated: Path, tmp_path: Path, capsys
) -> None:
    """Each word isolated inside a left-to-right span: every word is intact, but an Arabic
    reader meets them last to first. The letters are all there; the order is not."""
    own = translated / "templates"
    own.mkdir()
    source = (ROOT / "templates" / "patient.html.j2").read_text(encoding="utf-8")
    anchor = "{{ t(c.text) }}"
    scrambled = '<span dir="ltr">{% for w in t(c.text).split() %}<bdi>{{ w }}</bdi> {% endfor %}'
    (own / "patient.html.j2").write_text(
        source.replace(anchor, scrambled + "</span>", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    assert _build(translated, out, "--locale", "ar") == 1
    err = capsys.readouterr().err
    assert "the PDF is missing required text: caution:autoimmune, caution:hepatitis-c" in err
    assert nothing_left(out)


def test_breaks_count_moved_runs_not_words() -> None:
    from handout.pdf.verify import breaks, units

    words = units("لا تستخدمه لعلاج التهاب الكبد طويل الأمد وجدت الدراسات")
    assert breaks(words, words) == 0
    # A table row read across its cells: two runs moved, still in order inside each.
    moved = words[5:] + words[:2] + words[2:5]
    assert breaks(moved, words) <= 2
    assert breaks(list(reversed(words)), words) >= len(words) - 1


def test_every_ascii_character_is_judged_as_before() -> None:
    """Printable ASCII skips the character-by-character rules: each of the 128 ASCII characters,
    alone and inside a word, is still refused or accepted as those rules say."""
    refused = {c for c in map(chr, range(128)) if c not in "\t\n" and not c.isprintable()}
    for char in map(chr, range(128)):
        for text in (char, f"dose{char}2 mg"):
            problem = character_problem(text)
            if char in refused:
                assert problem is not None and "control character" in problem, repr(text)
            else:
                assert problem is None, repr(text)
