"""Reads a rendered PDF back and checks that the texts every document must carry are in it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pypdfium2 as pdfium

from ..errors import VerificationError

# A line holding only a list marker: PDFium extracts bullets and numbers apart from their text,
# a number marker with a space after it ("5. "); a bare "5." is the end of a wrapped sentence
# ("weekdays 9 to / 5.") and stays.
_MARKER_LINE = re.compile(r"^\s*(?:[•◦▪‣·・∙]\s*|\d{1,3}[.)]\s+)$")


def normalize(text: str) -> str:
    """Compare texts as a reader sees them: NFKC, no soft hyphens, single spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split())


def _comparable(text: str) -> str:
    # Case-insensitive (CSS may uppercase) and space-insensitive (extraction may split words).
    return "".join(normalize(text).casefold().split())


# Letters that Arabic shaping fuses into lam-alef ligatures, whose extracted text comes back
# reordered or as a stand-in character.
_LAM_ALEF = set("لاأإآٱ")


_RTL_SCRIPTS = frozenset({"ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO"})
# Runs that extraction may move within a required text before its word order counts as lost.
MAX_BREAKS = 3


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ")[0]


def units(text: str) -> list[str]:
    """Text reduced to what survives extraction from right-to-left pages, as a list of units.

    PDF text of shaped Arabic loses or reorders what the shaper fused or mirrored (lam-alef
    ligatures, vowel marks, brackets, punctuation), and the order of the runs of a line that
    mixes scripts or digits depends on the extractor's bidi guesses. What is stable is each
    word's letters, split where the script changes (so "وTNF-α" gives و, tnf, α).
    """
    found: list[str] = []
    run, script = "", ""
    for char in unicodedata.normalize("NFKC", text).casefold():
        kind = unicodedata.category(char)
        if kind[0] == "M" or kind == "Lm" or char in _LAM_ALEF:
            continue  # marks and ligature parts: dropped without ending the word
        this = _script(char) if kind[0] == "L" else ""
        if run and this != script:
            found.append(run)
            run = ""
        if this:
            run, script = run + char, this
    if run:
        found.append(run)
    return found


def _windows(document: list[str], wanted: list[str], slack: int) -> Iterator[tuple[int, int]]:
    """Each stretch (start, end) of ``document`` no longer than len(wanted)*2 + slack units
    that holds every unit of ``wanted`` (as many times as it has them), shortest per end."""
    need: dict[str, int] = {}
    for unit in wanted:
        need[unit] = need.get(unit, 0) + 1
    if not need:
        yield 0, 0
        return
    missing = len(need)
    have: dict[str, int] = {}
    start = 0
    limit = 2 * len(wanted) + slack
    for end, unit in enumerate(document):
        if unit in need:
            have[unit] = have.get(unit, 0) + 1
            if have[unit] == need[unit]:
                missing -= 1
        while missing == 0:
            if end - start + 1 <= limit:
                yield start, end + 1
            first = document[start]
            if first in need:
                have[first] -= 1
                if have[first] < need[first]:
                    missing += 1
            start += 1


def _within(document: list[str], wanted: list[str], slack: int) -> bool:
    """True when some short stretch of ``document`` holds every unit of ``wanted``."""
    return next(_windows(document, wanted, slack), None) is not None


def _main_script(unit: str) -> bool:
    return _script(unit[0]) in _RTL_SCRIPTS


def breaks(stretch: list[str], wanted: list[str]) -> int:
    """How often reading ``wanted`` in ``stretch`` must jump back: 0 when its units appear in
    order; each run that the extractor moved (a table cell, a run of another script) costs
    one; a text whose words are reversed costs one per word. Units missing count as breaks."""
    cost: dict[int, int] = {-1: 0}  # position of the last unit read → fewest jumps so far
    for unit in wanted:
        places = [i for i, have in enumerate(stretch) if have == unit]
        if not places:
            return len(wanted)
        cost = {
            place: min(c + (0 if last < place else 1) for last, c in cost.items())
            for place in places
        }
    return min(cost.values())


def _in_order(document: list[str], wanted: list[str], slack: int) -> bool:
    """Some stretch holds every unit of ``wanted``, and the right-to-left script's words among
    them read in order, but for a few moved runs (table cells, lines, other scripts)."""
    main = [unit for unit in wanted if _main_script(unit)]
    allowed = max(MAX_BREAKS, len(main) // 6)
    for start, end in _windows(document, wanted, slack):
        if breaks(document[start:end], main) <= allowed:
            return True
    return False


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page of ``pdf``, as PDFium extracts it (fast and faithful)."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            # No automatic hyphenation here, so a hyphen at a line end belongs to the word;
            # PDFium reports some of those hyphens as U+FFFE.
            text = textpage.get_text_range().replace("\ufffe", "-")
            pages.append(text.replace("-\r\n", "-"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def body_text(pages: list[str], furniture: dict[str, str]) -> str:
    """The running text of a document: margins and list markers removed, pages joined."""
    patterns = [
        _spaced(text)
        for key, text in furniture.items()
        if key not in {"page-word", "of-word"} and text.strip()
    ]
    if furniture.get("page-word") and furniture.get("of-word"):
        page_word, of_word = _spaced(furniture["page-word"]), _spaced(furniture["of-word"])
        patterns.append(rf"{page_word}\s*\d+\s*{of_word}\s*\d+")
    margins = re.compile("|".join(patterns)) if patterns else None
    kept: list[str] = []
    for page in pages:
        if margins:  # margin text may wrap onto two lines, hence patterns over whitespace
            page = margins.sub(" ", page)
        kept += [
            line for line in page.splitlines() if line.strip() and not _MARKER_LINE.match(line)
        ]
    return "\n".join(kept)


def section_lines(
    pages: list[str], furniture: dict[str, str], sections: tuple[tuple[str, str], ...]
) -> list[tuple[str, int]]:
    """Lines of text each section takes in the PDF: from its heading's line to the next found
    heading's, page margins left out. ``sections`` pairs a name with its heading text, in
    document order; a heading not found (e.g. reordered right-to-left text) is skipped."""
    lines = [_comparable(line) for line in body_text(pages, furniture).splitlines()]
    starts: list[tuple[str, int]] = []
    at = 0
    for name, heading in sections:
        wanted = _comparable(heading)
        found = next((i for i in range(at, len(lines)) if wanted and wanted in lines[i]), None)
        if found is not None:
            starts.append((name, found))
            at = found + 1
    ends = [start for _, start in starts[1:]] + [len(lines)]
    return [(name, end - start) for (name, start), end in zip(starts, ends, strict=True)]


def _spaced(text: str) -> str:
    """A pattern matching ``text`` with any whitespace (line breaks too) between its words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def verify(
    pdf: bytes, must: dict[str, str], name: str, furniture: dict[str, str], rtl: bool = False
) -> list[str]:
    """Raise VerificationError listing every required text missing from ``pdf``.

    Right-to-left documents are compared by ``units``, whose right-to-left words must read in
    order (a few moved runs allowed, see ``breaks``). Returns the pages' text.
    """
    pages = pdf_text(pdf)
    if rtl:
        # Units of every required text, close together and in order; the page margins add a
        # few units.
        document = units("\n".join(pages))
        missing = [key for key, text in must.items() if not _in_order(document, units(text), 40)]
    else:
        whole = _comparable(body_text(pages, furniture))
        missing = [key for key, text in must.items() if _comparable(text) not in whole]
    if missing:
        raise VerificationError(
            f"{name}: the PDF is missing required text: {', '.join(sorted(missing))}"
        )
    return pages


def _patient_rules(decimal_symbol: str) -> list[tuple[str, re.Pattern[str]]]:
    return [
        ("a ratio", re.compile(r"\b(?:hazard|odds|risk|rate) ratios?\b|\brelative risk\b", re.I)),
        ("a ratio or interval abbreviation", re.compile(r"\b(?:a?HR|a?OR|RR|CI|NNT)\b")),
        ("a confidence interval", re.compile(r"\bconfidence intervals?\b|\b95\s*%", re.I)),
        ("a p-value", re.compile(r"\bp\s*[=<>≤≥]\s*\d", re.I)),
        ("a decimal number", re.compile(rf"\d{re.escape(decimal_symbol)}\d")),
        ("a percentage", re.compile(r"\d\s*[%٪]|[%٪]\s*\d")),
    ]


def patient_number_problems(text: str, decimal_symbol: str = ".") -> list[str]:
    """What in a patient document's text breaks the patient numbers rule.

    Patients get natural frequencies ("about 23 out of 100"): no ratios, intervals, p-values,
    decimals or percentages.
    """
    flat = normalize(text)
    problems = []
    for what, pattern in _patient_rules(decimal_symbol):
        for match in pattern.finditer(flat):
            start, end = max(match.start() - 30, 0), min(match.end() + 30, len(flat))
            problems.append(f"{what}: '…{flat[start:end]}…'")
    return problems


def verify_patient_numbers(
    pages: list[str], furniture: dict[str, str], name: str, decimal_symbol: str
) -> None:
    """Raise VerificationError when a patient PDF shows numbers patients should not get."""
    problems = patient_number_problems(body_text(pages, furniture), decimal_symbol)
    if problems:
        raise VerificationError(
            f"{name}: breaks the patient numbers rule (natural frequencies only): "
            + "; ".join(problems[:5])
        )
