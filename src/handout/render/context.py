"""What a template is given: the setting of one document (audience, language, paper, print
size, clinic) and the helpers that format numbers, risks and citations for it."""

from __future__ import annotations

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
from .risk import icon_array_uri, natural_frequency, wording


@dataclass(frozen=True)
class Setting:
    """How one document (or packet) is dressed; the same for every way in."""

    audience: str
    language: Language
    paper: str = "a4"
    large_print: bool = False
    clinic: Clinic | None = None
    digest: str = ""

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
        "online_url": clinic.online_url(topic.id, audience, setting.locale) if clinic else None,
        "glossary": topic.glossary,
    }
