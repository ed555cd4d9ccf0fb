"""What a template is given: the setting of one document (audience, language, paper, print
size, clinic) and the helpers that format numbers, risks and citations for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..choices import AUDIENCES, PAPERS
from ..content.clinic import Clinic
from ..content.model import Effect, Finding, Glossary, Measure, Outcome, Schedule, Topic
from ..errors import RenderError
from ..i18n.formatting import Formatter, decimals, script_of
from ..i18n.language import Language
from ..i18n.regimen import RegimenWriter
from ..literacy.jargon import term_used
from ..version import __version__
from .environment import ltr, option_css, qr_uri, translation_functions
from .risk import icon_array_uri, natural_frequency, shared_frequencies, wording


@dataclass(frozen=True)
class Setting:
    """How one document (or packet) is dressed; the same for every way in."""

    audience: str
    language: Language
    paper: str = "a4"
    large_print: bool = False
    clinic: Clinic | None = None
    digest: str = ""
    length: str = "full"  # full | brief

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise RenderError(f"unknown paper {self.paper!r}; choose from: {', '.join(PAPERS)}")
        if self.audience not in AUDIENCES:
            raise RenderError(f"unknown audience {self.audience!r}")

    @property
    def locale(self) -> str:
        return self.language.locale


class Citations:
    """Numbers references in order of first citation while a document renders."""

    def __init__(self, topic: Topic) -> None:
        self._refs = {r.id: r for r in topic.references}
        self._order: list[str] = []

    def __call__(self, ids: list[str]) -> str:
        numbers = sorted({self.number(i) for i in ids})
        return "[" + ", ".join(str(n) for n in numbers) + "]"

    def number(self, ref_id: str) -> int:
        if ref_id not in self._order:
            self._order.append(ref_id)
        return self._order.index(ref_id) + 1

    def cited(self) -> list[tuple[int, Any]]:
        """Only the references cited so far, by number (a one-page summary lists no others)."""
        return [(i + 1, self._refs[r]) for i, r in enumerate(self._order)]

    def listed(self) -> list[tuple[int, Any]]:
        """Cited references by number, then the uncited ones after them."""
        for ref_id in self._refs:
            self.number(ref_id)
        return [(i + 1, self._refs[r]) for i, r in enumerate(self._order)]


def used_glossary(topic: Topic, blocks: list[str], script: str = "latin") -> list[Glossary]:
    """The glossary entries whose term appears in the document's reading text."""
    text = "\n".join(blocks).lower()
    return [g for g in topic.glossary if term_used(g.term, text, script)]


def effect_parts(effect: Effect, fmt: Formatter) -> dict[str, str]:
    places = decimals(effect.value, *effect.ci)
    parts = {
        "measure": effect.measure.value,
        "value": fmt.number(effect.value, places),
        "low": fmt.number(effect.ci[0], places),
        "high": fmt.number(effect.ci[1], places),
        "unit": effect.unit or "",
        "p": "",
    }
    if effect.measure is Measure.VE:
        for name, number in (
            ("value", effect.value),
            ("low", effect.ci[0]),
            ("high", effect.ci[1]),
        ):
            parts[name] = fmt.percent(number, places)
    if effect.p is not None:
        parts["p"] = "p = " + fmt.number(effect.p)
    elif effect.p_below is not None:
        parts["p"] = "p < " + fmt.number(effect.p_below)
    return parts


def outcome_frequency(finding: Finding, outcome: Outcome, fmt: Formatter) -> dict[str, Any] | None:
    """An outcome's two groups as natural frequencies (from percents, counts or rates per
    person-years), or None when the outcome has none."""
    rates = outcome.group_rates
    per_year = outcome.rates
    if rates is not None:
        a, b = rates.intervention, rates.comparison
    elif per_year is not None:
        a, b = (100 * r / per_year.per for r in (per_year.intervention, per_year.comparison))
    else:
        return None
    places = decimals(a, b) if outcome.groups is not None else 1
    return {
        "outcome": outcome,
        "nf": natural_frequency(a, b),
        "per_year": per_year is not None,
        "wording": wording(outcome.certainty or finding.certainty, outcome.effect),
        "difference": fmt.number(round(abs(a - b), places), places),
        "a": fmt.percent(round(a, places), places),
        "b": fmt.percent(round(b, places), places),
    }


def _percents(outcome: Outcome) -> tuple[float, float] | None:
    if outcome.group_rates is not None:
        return outcome.group_rates.intervention, outcome.group_rates.comparison
    if outcome.rates is not None:
        per = outcome.rates
        return 100 * per.intervention / per.per, 100 * per.comparison / per.per
    return None


def fact_box(finding: Finding) -> dict[str, Any]:
    """The brief's fact box: the key finding's outcomes that have group rates, as counts out
    of one shared denominator (the key outcome first)."""
    shown = [o for o in finding.outcomes if _percents(o) is not None]
    shown.sort(key=lambda o: o.group_rates is None)
    denominator, counts = shared_frequencies([p for o in shown if (p := _percents(o))])
    rows = [
        {"outcome": o, "intervention": a, "comparison": b}
        for o, (a, b) in zip(shown, counts, strict=True)
    ]
    return {"denominator": denominator, "rows": rows}


# A sentence with its closing mark (Latin, Chinese and Arabic marks).
_SENTENCE = re.compile(r"[^.!?。！？؟]+[.!?。！？؟]*")
BANDS = ("very_common", "common", "uncommon", "rare", "very_rare", "not_known")
BRIEF_SIDE_EFFECTS = 4


def key_findings(topic: Topic) -> list[tuple[Finding, Outcome]]:
    """For the clinician summary: the key finding, then the first finding of each area, each
    with its first outcome that has an effect estimate."""
    chosen: list[tuple[Finding, Outcome]] = []
    areas: set[str] = set()
    ordered = sorted(topic.evidence, key=lambda f: not f.key)
    for f in ordered:
        outcome = next((o for o in f.outcomes if o.effect), None)
        if outcome is None or (f.area in areas and not f.key):
            continue
        areas.add(f.area)
        chosen.append((f, outcome))
    return chosen


def common_side_effects(topic: Topic, t: Any) -> list[tuple[list[str], str]]:
    """For the brief: the most frequent side effects, those with the same advice together
    (names, advice), so that no advice is printed twice."""
    ranked = sorted(topic.safety.side_effects, key=lambda s: BANDS.index(s.frequency.value))
    grouped: dict[str, list[str]] = {}
    for effect in ranked[:BRIEF_SIDE_EFFECTS]:
        grouped.setdefault(effect.action, []).append(t(effect.name))
    # A sentence two pieces of advice share ("Tell the person treating you.") is said once.
    said: set[str] = set()
    shown = []
    for action, names in grouped.items():
        parts = [p for p in _SENTENCE.findall(action) if p.strip()]
        fresh = [p.strip() for p in parts if " ".join(p.split()) not in said]
        said.update(" ".join(p.split()) for p in parts)
        shown.append((names, " ".join(fresh)))
    return shown


def key_frequency(finding: Finding, fmt: Formatter) -> dict[str, Any] | None:
    outcome = next((o for o in finding.outcomes if o.group_rates), None)
    return None if outcome is None else outcome_frequency(finding, outcome, fmt)


def common_context(setting: Setting) -> dict[str, Any]:
    """What every template needs, whether it renders one document or a packet."""
    language, locale = setting.language, setting.locale
    fmt = language.fmt
    script = script_of(locale)
    return {
        **translation_functions(language.translations),
        "audience": setting.audience,
        "locale": locale,
        "lang": locale.replace("_", "-"),
        "script": script,
        "draft_translation": language.draft_translation,
        "dir": "rtl" if language.rtl else "ltr",
        "language_name": fmt.language_name,
        "fmt": fmt,
        "digest": setting.digest,
        "version": __version__,
        "clinic": setting.clinic,
        "paper": setting.paper,
        "large_print": setting.large_print,
        "length": setting.length,
        "ltr": ltr,
        "option_css": option_css(setting.paper, setting.clinic, script),
        "qr_code": qr_uri,
        "fragment": False,
    }


def document_context(topic: Topic, setting: Setting) -> dict[str, Any]:
    """The context of one document: ``topic`` as already translated into its locale."""
    fmt: Formatter = setting.language.fmt
    audience, clinic = setting.audience, setting.clinic

    def t(value: Any) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else str(getattr(value, audience))

    writer = RegimenWriter(fmt, setting.language.translations)

    def regimen(schedule: Schedule) -> list[str]:
        return writer.sentences(schedule, audience, t(schedule.who) or None, t(schedule.note))

    phrase = t(topic.names.phrase) or topic.names.common

    return {
        **common_context(setting),
        "topic": topic,
        "t": t,
        "cite": Citations(topic),
        "effect_parts": lambda e: effect_parts(e, fmt),
        "wording": wording,
        "key_frequency": lambda f: key_frequency(f, fmt),
        "outcome_frequency": lambda f, o: outcome_frequency(f, o, fmt),
        "regimen": regimen,
        "name_phrase": phrase,
        "sections_after": lambda anchor: [
            s
            for s in topic.sections
            if s.after.value == anchor and s.audience in (audience, "both")
        ],
        "main_outcome": lambda f: next((o for o in f.outcomes if o.effect), None),
        "icon_array": icon_array_uri,
        "draft": topic.review.status.value != "approved",
        # The brief's QR code points to the full document: the profile's pattern names it.
        "online_url": clinic.online_url(topic.id, audience, setting.locale) if clinic else None,
        "fact_box": fact_box,
        "key_findings": key_findings(topic),
        "common_side_effects": common_side_effects(topic, t),
        "glossary": topic.glossary,
    }
