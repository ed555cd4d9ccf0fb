"""Every PDF handout writes passes a PDF/UA-1 validator, as a clinic's accessibility staff check.

The validator is page-validation's PDF/UA-1 profile (104 rules). Each PDF is built once: the
A4 documents come from the suite's shared build, the rest (US Letter through the example
clinic, large print, packets) from one build in this module.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import page
import pikepdf
import pytest
from conftest import LOCALES, ROOT, TOPIC_ID, rendered
from pypdf import PdfReader

import handout
from handout.cli import main
from handout.errors import RenderError
from handout.literacy.htmltext import LangSpan, html_blocks, lang_spans
from handout.pdf.repair import repair
from handout.pdf.verify import pdf_text, units

CLINIC = ROOT / "clinics" / "example" / "clinic.yaml"
NOTICE = "This translation has not been reviewed by a qualified medical translator."


@pytest.fixture(scope="module")
def more_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Letter (the example clinic's paper), large print in every locale and one packet per
    audience in English and Arabic, built once through the command line."""
    out = tmp_path_factory.mktemp("pdfua")
    common = ["--root", str(ROOT), "--jobs", "2"]
    clinic = ["build", *common, "--out", str(out / "clinic"), "--clinic", str(CLINIC)]
    assert main(clinic) == 0
    large = ["build", *common, "--out", str(out / "large"), "--locale", "all"]
    assert main([*large, "--audience", "patient", "--large-print"]) == 0
    for audience in ("patient", "clinician"):
        for locale in ("en", "ar"):
            packet = out / "packets" / f"packet.{audience}.{locale}.pdf"
            args = ["packet", TOPIC_ID, "--root", str(ROOT), "-o", str(packet)]
            assert main([*args, "--audience", audience, "--locale", locale]) == 0
    found = {f"{p.parent.name}/{p.name}": p.read_bytes() for p in out.glob("*/*.pdf")}
    assert len(found) == 8 + 4 + 4
    return found


def _violations(data: bytes) -> list[str]:
    result = page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
    assert result.rules.total == 104
    return [f"{f.rule_id}: {f.message[:160]}" for f in result.failures]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("audience", ["patient", "clinician"])
def test_a4_documents_pass_pdf_ua_1(
    built_all: dict[tuple[str, str], bytes], audience: str, locale: str
) -> None:
    assert _violations(built_all[(audience, locale)]) == []


def test_letter_large_print_and_packets_pass_pdf_ua_1(more_pdfs: dict[str, bytes]) -> None:
    failed = {name: v for name, data in sorted(more_pdfs.items()) if (v := _violations(data))}
    assert failed == {}
    letter = PdfReader(io.BytesIO(more_pdfs[f"clinic/{TOPIC_ID}.patient.ar.pdf"]))
    assert round(float(letter.pages[0].mediabox.width)) == 612  # US Letter: 8.5 in


def test_arabic_brief_reads_the_letters_it_shows(
    built_all: dict[tuple[str, str], bytes],
) -> None:
    """WeasyPrint issue 2841 left the medial yeh with hamza of "شيئًا" without text: readers
    got a Hebrew ayin (U+05E2) instead of ئ. Every word with ئ reads back as written."""
    text = " ".join(pdf_text(built_all[("clinician", "ar")]))
    assert "\u05e2" not in text
    letters = "".join(units(text))
    source = " ".join(html_blocks(rendered("clinician", "ar").html))
    words = set(re.findall(r"\w*\u0626\w*", source))
    assert "شيئ" in words  # "شيئًا" without its vowel mark
    assert [w for w in sorted(words) if "".join(units(w)) not in letters] == []


def _element_text(pdf_bytes: bytes, elem: pikepdf.Dictionary, pdf: pikepdf.Pdf) -> str:
    """The text a structure element's own marked content shows (read with pypdf)."""
    index = next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == elem.Pg.objgen)
    mcids: set[int] = set()
    todo = [elem]
    while todo:  # the element's marked content, and that of the elements inside it
        kids = todo.pop().get("/K", pikepdf.Array())
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                mcids.add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                assert kid.Pg.objgen == elem.Pg.objgen  # the notice is on one page
                todo.append(kid)
    current: list[int | None] = []
    shown: list[str] = []

    def operand(op: bytes, args: list, cm: object, tm: object) -> None:
        if op == b"BDC":
            current.append(args[1].get("/MCID") if hasattr(args[1], "get") else None)
        elif op == b"BMC":
            current.append(None)
        elif op == b"EMC" and current:
            current.pop()

    def text(t: str, *rest: object) -> None:
        if current and current[-1] in mcids:
            shown.append(t)

    reader = PdfReader(io.BytesIO(pdf_bytes))
    reader.pages[index].extract_text(visitor_operand_before=operand, visitor_text=text)
    return " ".join("".join(shown).split())


def test_english_notice_in_spanish_carries_its_own_language(
    built_all: dict[tuple[str, str], bytes],
) -> None:
    data = built_all[("patient", "es")]
    assert lang_spans(rendered("patient", "es").html) == (LangSpan("en", NOTICE),)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.Root.Lang) == "es"
        tagged = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"
            if "/Lang" in o
        ]
        assert [(str(e.S), str(e.Lang)) for e in tagged] == [("/P", "en")]
        assert _element_text(data, tagged[0], pdf) == NOTICE


def test_repair_leaves_a_conforming_pdf_untouched_and_fails_loudly(
    built_all: dict[tuple[str, str], bytes],
) -> None:
    english = built_all[("patient", "en")]
    assert repair(english) is english  # nothing to repair: the same bytes
    with pytest.raises(RenderError) as failure:
        repair(english, (LangSpan("fr", "Ce texte n'est pas dans le document."),))
    message = str(failure.value)
    assert "\n" not in message and "no structure element shows the fr text" in message


def _edit_tounicode(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in the first ToUnicode map that has it."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        maps = [
            o.ToUnicode
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o
        ]
        cmap = next(m for m in maps if old in m.read_bytes())
        cmap.write(cmap.read_bytes().replace(old, new))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_repair_gives_an_empty_tounicode_entry_its_glyphs_character(
    built_all: dict[tuple[str, str], bytes],
) -> None:
    english = built_all[("patient", "en")]
    emptied = _edit_tounicode(
        english, b"<0037> <0054>", b"<0037> <>"
    )  # "T" in one font, as in 2841
    assert pdf_text(emptied) != pdf_text(english)
    assert pdf_text(repair(emptied)) == pdf_text(english)
    beyond = _edit_tounicode(english, b"<0037> <0054>", b"<ffff> <>")  # no such glyph
    with pytest.raises(RenderError) as failure:
        repair(beyond)
    message = str(failure.value)
    assert "\n" not in message and "glyph 65535" in message and "WeasyPrint issue 2841" in message


def test_repaired_arabic_brief_is_reproducible(
    built_all: dict[tuple[str, str], bytes],
) -> None:
    again = handout.build_pdf(TOPIC_ID, "clinician", "ar", root=ROOT)
    assert again == built_all[("clinician", "ar")]


def test_html_lang_spans_are_read_from_each_element() -> None:
    html = (
        '<html lang="es"><head><title lang="en">T</title></head><body>'
        '<p>uno</p><p lang="en">One <b>two</b></p><div lang="es">tres</div>'
        '<p lang="ar">عربي <span lang="ar">نص</span> <span lang="en">Latin</span></p>'
        '<img lang="en" alt="x"></body></html>'
    )
    assert lang_spans(html) == (
        LangSpan("en", "One two"),
        LangSpan("en", "Latin"),
        LangSpan("ar", "عربي نص Latin"),
    )


def test_every_shipped_pdf_source_is_covered() -> None:
    """The matrix above is every shipped topic (one) in every shipped locale."""
    assert sorted(p.stem for p in (ROOT / "content").glob("*.yaml")) == [TOPIC_ID]
    shipped = sorted(p.name for p in (ROOT / "locales").iterdir() if p.is_dir())
    assert shipped == sorted(LOCALES)
    assert Path(CLINIC).is_file()
