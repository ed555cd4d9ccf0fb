"""Health-literacy report for a rendered patient document: readability, jargon, structure."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..content.model import Topic
from .findings import located, repeated, repeated_notes
from .htmltext import VOID, Attrs, TextWalker
from .jargon import WORD, find_jargon
from .locate import Locator
from .readability import Readability, measure_text, sentences_of

FK_MAX_GRADE = 8.0
FH_MIN_SCORE = 60.0
# The brief (--length brief) is what a patient takes home: it reads easier still.
BRIEF_FK_MAX_GRADE = 6.0
BRIEF_FH_MIN_SCORE = 70.0
# One paragraph may be harder than the whole, but not this hard (paragraphs of 25+ words).
PARAGRAPH_MIN_WORDS = 25
PARAGRAPH_MAX_GRADE = 12.0
PARAGRAPH_MIN_FH = 40.0
LIST_MIN, LIST_MAX = 3, 7
# Imperatives and second-person forms that address the reader, per language.
ACTION_WORDS = {
    "en": re.compile(r"\b(?:you|your|ask|tell|talk|call|do not|don't|go|get)\b", re.I),
    "es": re.compile(r"\b(?:usted|su|sus|pregunte|hable|llame|consulte|no use|acuda)\b", re.I),
}


@dataclass
class LiteracyReport:
    """What a content team needs to know before printing a patient leaflet."""

    topic: str
    locale: str
    readability: str
    score: float | None
    limit: str
    sentences: int
    words: int
    mean_sentence_words: float
    longest_sentence_words: int
    longest_sentence: str
    hardest_paragraph_score: float | None = None
    hardest_paragraph: str = ""
    undefined_jargon: list[str] = field(default_factory=list)
    defined_jargon: list[str] = field(default_factory=list)
    structure: dict[str, bool] = field(default_factory=dict)
    structure_notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # The same problems (and repeated sentences) at the YAML field they come from:
    # "content/x.yaml:12:7: mechanism.patient: undefined jargon 'leukocytosis' …".
    located: list[str] = field(default_factory=list)
    located_notes: list[str] = field(default_factory=list)
    length: str = "full"
    repeated_sentences: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "passed": self.passed}


class _Outline(TextWalker):
    """Reads the parts of a document the structure and jargon checks need."""

    SKIP = ("data-readability", "data-glossary")

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []  # h2 texts in order
        self.first_section_class = ""
        self.lists: list[tuple[str, int]] = []  # (heading, item count)
        self.parts: set[str] = set()
        self._heading: list[str] | None = None
        self._last_h2 = ""
        self._list_stack: list[list[int]] = []
        self._seen_section = False
        self._skip_depth = 0

    def opened(self, tag: str, attrs: Attrs) -> None:
        if tag in VOID:
            return
        if self._skip_depth == 0 and any(k in attrs for k in self.SKIP):
            self._skip_depth = self.depth
        if attrs.get("data-part"):
            self.parts.add(attrs["data-part"])
        if tag == "section" and not self._seen_section:
            self._seen_section = True
            self.first_section_class = attrs.get("class", "")
        if tag == "h2":
            self._heading = []
        if tag in {"ul", "ol"}:
            self._list_stack.append([0, 1 if self._skip_depth else 0])
        if tag == "li" and self._list_stack:
            self._list_stack[-1][0] += 1

    def closed(self, tag: str, attrs: Attrs) -> None:
        if tag == "h2" and self._heading is not None:
            self._last_h2 = " ".join("".join(self._heading).split())
            self.sections.append(self._last_h2)
            self._heading = None
        if tag in {"ul", "ol"} and self._list_stack:
            count, skipped = self._list_stack.pop()
            if not skipped:
                self.lists.append((self._last_h2, count))
        if self._skip_depth and self.depth < self._skip_depth:
            self._skip_depth = 0

    def text(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def _allowed_words(topic: Topic) -> set[str]:
    """Names readers are given on purpose: the medicine's names and the studies' names."""
    names = [topic.names.common, *topic.names.brands, *topic.terms]
    names += [n for n in (topic.names.generic, topic.names.abbreviation) if n]
    names += [f.name for f in topic.evidence]
    return {w.lower() for name in names for w in WORD.findall(name)}


@dataclass
class _Score:
    """The readability verdict of one document: its formula, score, limit, hardest paragraph."""

    name: str
    score: float | None
    limit: str
    too_hard: bool
    hardest: tuple[str, float] | None = None
    paragraph_failure: str = ""

    @classmethod
    def of(cls, stats: Readability, blocks: list[str], lang: str, brief: bool = False) -> _Score:
        fk_max = BRIEF_FK_MAX_GRADE if brief else FK_MAX_GRADE
        fh_min = BRIEF_FH_MIN_SCORE if brief else FH_MIN_SCORE
        paragraphs = [(b, measure_text([b], lang)) for b in blocks]
        paragraphs = [(b, m) for b, m in paragraphs if m.words >= PARAGRAPH_MIN_WORDS]
        if lang == "en":
            found = cls("Flesch-Kincaid grade", stats.grade, f"<= {fk_max:g}",
                        stats.grade > fk_max)  # fmt: skip
            if paragraphs:
                text, m = max(paragraphs, key=lambda p: p[1].grade)
                found.hardest = (text, m.grade)
                if m.grade > PARAGRAPH_MAX_GRADE:
                    found.paragraph_failure = (
                        f"a paragraph reads at grade {m.grade:.1f}, limit {PARAGRAPH_MAX_GRADE:g}"
                    )
            return found
        if lang == "es":
            score = stats.fernandez_huerta
            found = cls("Fernandez-Huerta", score, f">= {fh_min:g}", score < fh_min)
            if paragraphs:
                text, m = min(paragraphs, key=lambda p: p[1].fernandez_huerta)
                found.hardest = (text, m.fernandez_huerta)
                if m.fernandez_huerta < PARAGRAPH_MIN_FH:
                    found.paragraph_failure = (
                        f"a paragraph scores {m.fernandez_huerta:.1f}, limit {PARAGRAPH_MIN_FH:g}"
                    )
            return found
        return cls("sentence length only", None, "-", False)


def _structure(
    outline: _Outline, blocks: list[str], lang: str, brief: bool
) -> tuple[dict[str, bool], list[str]]:
    """The structure checks (PEMAT-style) and a note for each list of an odd length."""
    odd_lists = [(h, n) for h, n in outline.lists if not LIST_MIN <= n <= LIST_MAX]
    action = ACTION_WORDS.get(lang)
    structure = {
        "key points first": "key-points" in outline.first_section_class.split(),
        "headed sections": len(outline.sections) >= 5,
        f"lists of {LIST_MIN}-{LIST_MAX} items": not odd_lists,
        "action for the reader": bool(action.search("\n".join(blocks))) if action else True,
        "known and not known": {"evidence", "unknowns"} <= outline.parts,
    }
    if brief:  # one sheet: a fact box instead of key points and the evidence sections
        structure = {
            "fact box": "fact-box" in outline.parts,
            "headed sections": len(outline.sections) >= 5,
            "action for the reader": structure["action for the reader"],
        }
    return structure, [f"list under '{h}' has {n} items" for h, n in odd_lists]


def literacy_report(
    topic: Topic,
    locale: str,
    html: str,
    blocks: list[str],
    jargon: list[str],
    *,
    locator: Locator | None = None,
    length: str = "full",
) -> LiteracyReport:
    """Score one rendered patient document in ``locale``; a brief has stricter limits and
    may not repeat a sentence."""
    lang = locale.split("_")[0]
    brief = length == "brief"
    stats = measure_text(blocks, lang)
    sentences = [s for b in blocks for s in sentences_of(b, lang)]
    lengths = [stats.sentence_words(s) for s in sentences]
    longest = max(range(len(lengths)), key=lengths.__getitem__) if lengths else 0

    score_of = _Score.of(stats, blocks, lang, brief)
    name, score, limit, too_hard = score_of.name, score_of.score, score_of.limit, score_of.too_hard
    hardest, paragraph_failure = score_of.hardest, score_of.paragraph_failure

    glossary = [g.term for g in topic.glossary]
    undefined, defined = find_jargon(
        "\n".join(blocks), lang, jargon, glossary, _allowed_words(topic)
    )
    structure, notes = _structure(_Outline().walk(html), blocks, lang, brief)

    failures = []
    if too_hard and score is not None:
        failures.append(f"{name} {score:.1f}, limit {limit}")
    if paragraph_failure and hardest:
        failures.append(f"{paragraph_failure}: {hardest[0][:120]}")
    if undefined:
        failures.append("undefined jargon: " + ", ".join(undefined))
    twice = repeated(sentences) if brief else []
    if twice:
        failures.append("repeated sentences: " + " | ".join(twice))
    return LiteracyReport(
        topic=topic.id,
        locale=locale,
        readability=name,
        score=None if score is None else round(score, 1),
        limit=limit,
        sentences=stats.sentences,
        words=stats.words,
        mean_sentence_words=round(stats.words / stats.sentences, 1) if stats.sentences else 0.0,
        longest_sentence_words=lengths[longest] if lengths else 0,
        longest_sentence=sentences[longest] if sentences else "",
        hardest_paragraph_score=round(hardest[1], 1) if hardest else None,
        hardest_paragraph=hardest[0] if hardest else "",
        undefined_jargon=undefined,
        defined_jargon=defined,
        structure=structure,
        structure_notes=notes,
        failures=failures,
        located=located(locator, undefined, hardest, paragraph_failure, _script(lang)),
        located_notes=repeated_notes(locator, sentences, lang),
        length=length,
        repeated_sentences=twice,
    )


def _script(lang: str) -> str:
    return {"zh": "han", "ar": "arabic"}.get(lang, "latin")


def untranslated_report(topic: str, locale: str, missing: int) -> LiteracyReport:
    """A locale whose catalogs lack ``missing`` strings: nothing to score yet (its English
    stand-ins would be measured with the wrong language's formula)."""
    return LiteracyReport(
        topic=topic,
        locale=locale,
        length="all",  # no length can be scored until the locale is translated
        readability="not translated",
        score=None,
        limit="-",
        sentences=0,
        words=0,
        mean_sentence_words=0.0,
        longest_sentence_words=0,
        longest_sentence="",
        failures=[
            f"not translated: {missing} entries (handout i18n status --locale {locale} lists "
            "them by catalog)"
        ],
    )
