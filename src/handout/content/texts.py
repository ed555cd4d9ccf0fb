"""The translatable texts of a topic: where each one is, and how to swap them all at once.

One walk serves extraction (catalogs), validation (placeholders and typed numbers, located in
the YAML) and localisation (a Topic whose texts are translated and whose figures are filled).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .model import PerAudience, Topic

# Fields whose text is not translated: identifiers, brand names, bibliographic data, codes.
NOT_TRANSLATED = {
    "id",
    "cites",
    "area",
    "brands",
    "abbreviation",
    "reviewed_by",
    "figures",
    "currency",
    "per",
    "terms",
    "audience",
}
NOT_TRANSLATED_IN = {
    "references": {"title", "subtitle", "publisher", "authors", "doi", "url"},
}
# Fields no template prints: validated like any text, but never put before translators.
NEVER_SHOWN_IN = {"references": {"kind"}, "review": {"note"}}
# Fields shown to one audience only, whatever their type. A patient/clinician pair inside
# them is shown on its audience's side only (the clinician brief prints study results, notes,
# guidelines, approved uses and the route; the patient leaflet none of them).
AUDIENCE_OF = {
    "glossary": "patient",
    "unknowns": "patient",
    "plain_summary": "patient",
    "approach": "clinician",
    "evidence_limits": "clinician",
    "research_needed": "clinician",
    "certainty_reason": "clinician",
    "design": "clinician",
    "notes": "clinician",
    "references": "clinician",
    "result": "clinician",
    "guidelines": "clinician",
    "uses": "clinician",
    "route": "clinician",
}
_SHOWN = {"patient": "patient leaflet", "clinician": "clinician brief"}

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,40})\}")
# A number typed into text: digits not glued to a word the way names are (TLR2, Tα1), nor to
# a capitalised name by a hyphen (COVID-19, IL-6, SARS-CoV-2). "type-2" is a typed number: a
# name with digits goes in the topic's `terms`.
TYPED_NUMBER = re.compile(r"(?<![^\W\d_])(?<![A-Z0-9]-)(?<![\d.,])\d[\d.,]*(?<![.,])")


@dataclass(frozen=True)
class Entry:
    """One translatable text: ``loc`` finds it in the YAML, ``context`` names it in catalogs."""

    loc: tuple[str | int, ...]
    context: str
    text: str
    where: str
    twin: tuple[str | int, ...] | None = None  # the clinician copy of a text both audiences share
    shown: bool = True  # False: no template prints it, so it is not for translation


def _walk(node: Any, loc: tuple[str | int, ...], path: str, section: str, audience: str):  # type: ignore[no-untyped-def]
    if isinstance(node, PerAudience):
        same = node.patient == node.clinician
        for aud in ("patient", "clinician"):
            if same and aud == "clinician":
                continue
            shown = "patient leaflet and clinician brief" if same else f"{aud} document"
            context = path if same else f"{path}.{aud}"
            twin = (*loc, "clinician") if same else None
            printed = audience == aud or same if audience in _SHOWN else audience != "nobody"
            where = f"{section}; {_SHOWN[audience] if same and audience in _SHOWN else shown}"
            yield Entry((*loc, aud), context, getattr(node, aud), where, twin, printed)
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name in NOT_TRANSLATED or name in NOT_TRANSLATED_IN.get(section, set()):
                continue
            value = getattr(node, name)
            aud = name if name in ("patient", "clinician") else AUDIENCE_OF.get(name, audience)
            if name in NEVER_SHOWN_IN.get(section or name, set()):
                aud = "nobody"
            sub = f"{path}.{name}" if path else name
            yield from _walk(value, (*loc, name), sub, section or name, aud)
        return
    if isinstance(node, list | tuple):
        for i, item in enumerate(node):
            # Keyed by id (or glossary term), so reordering a list keeps its translations.
            ident = getattr(item, "id", None) or getattr(item, "term", None)
            yield from _walk(item, (*loc, i), f"{path}[{ident or i}]", section, audience)
        return
    if isinstance(node, str) and not isinstance(node, Enum):  # enum values are codes
        shown = _SHOWN.get(audience, "patient leaflet and clinician brief")
        yield Entry(loc, path, node, f"{section}; {shown}", shown=audience != "nobody")


def entries(topic: Topic) -> Iterator[Entry]:
    """Every text of ``topic`` with a stable field path as its context (validation checks
    them all; ``shown`` ones are printed by a template and so translated)."""
    return (e for e in _walk(topic, (), "", "", "both") if e.text.strip())


def translatable(topic: Topic) -> Iterator[Entry]:
    """The texts of ``topic`` that a template prints: what translators translate."""
    return (e for e in entries(topic) if e.shown)


def _rebuild(node: Any, loc: tuple[str | int, ...], swap: Callable[[tuple, str], str]) -> Any:  # type: ignore[type-arg]
    if isinstance(node, BaseModel):
        changes = {}
        for name in type(node).model_fields:
            if name in NOT_TRANSLATED:
                continue
            old = getattr(node, name)
            new = _rebuild(old, (*loc, name), swap)
            if new is not old:
                changes[name] = new
        return node.model_copy(update=changes) if changes else node
    if isinstance(node, list | tuple):
        items = [_rebuild(item, (*loc, i), swap) for i, item in enumerate(node)]
        same = all(a is b for a, b in zip(items, node, strict=True))
        return node if same else type(node)(items)
    if isinstance(node, str) and not isinstance(node, Enum):
        new = swap(loc, node)
        return node if new == node else new
    return node


def replace(topic: Topic, texts: dict[tuple[str | int, ...], str]) -> Topic:
    """A copy of ``topic`` with the text at each location of ``texts`` replaced."""

    def swap(loc: tuple, old: str) -> str:  # type: ignore[type-arg]
        return texts.get(loc, old)

    result: Topic = _rebuild(topic, (), swap)
    return result


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def without_terms(text: str, terms: Iterable[str]) -> str:
    """``text`` with every declared term (a name containing digits) blanked out."""
    for term in sorted(terms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text, flags=re.I)
    return text


def typed_numbers(text: str, terms: Iterable[str] = ()) -> list[str]:
    """Numbers written as digits in ``text`` outside placeholders, declared ``terms`` and names
    like COVID-19."""
    return TYPED_NUMBER.findall(without_terms(PLACEHOLDER.sub(" ", text), terms))
