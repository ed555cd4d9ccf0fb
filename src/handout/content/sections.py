"""The sections of a topic around the evidence: cautions, side effects, the sections a clinic
expects (pregnancy, interactions, missed dose, storage …), the author's own sections, cost,
the clinician's approach and the mandatory consult section."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .fields import Cited, Id, Line, Range, Strict_, Text, cites_field


class CautionKind(StrEnum):
    contraindication = "contraindication"
    caution = "caution"
    monitor = "monitor"


class Caution(Strict_):
    """Who should not use it, or be careful; printed (and verified) in both documents."""

    id: Id = Field(description="Unique id.")
    kind: CautionKind = Field(description="contraindication, caution or monitor.")
    who: Text = Field(description="Who it concerns, e.g. 'people with active autoimmune disease'.")
    text: Text = Field(description="What to do ('Do not use …', 'Tell your provider …').")
    short: Text | None = Field(
        default=None,
        description="Optional short form of `text` for one-page documents; same meaning.",
    )
    cites: list[Id] = cites_field()


class Frequency(StrEnum):
    very_common = "very_common"
    common = "common"
    uncommon = "uncommon"
    rare = "rare"
    very_rare = "very_rare"
    not_known = "not_known"


class SideEffect(Strict_):
    """One side effect, its frequency band and what to do."""

    id: Id = Field(description="Unique id.")
    name: Text = Field(description="Its name, e.g. 'Sore arm'.")
    detail: Text = Field(description="What it is like.")
    frequency: Frequency = Field(
        description="EU band; not_known when the sources give no frequency."
    )
    action: Line = Field(description="What the patient should do about it.")
    cites: list[Id] = cites_field()


class SafetySection(Strict_):
    """Side effects and safety notes."""

    summary: Cited = Field(description="The safety picture in a few sentences.")
    side_effects: list[SideEffect] = Field(min_length=1, description="Side effects.")
    notes: list[Cited] = Field(default_factory=list, description="Clinician safety notes.")


class Block(Strict_):
    """A short cited section: a paragraph and, optionally, points."""

    text: Text = Field(description="The paragraph.")
    items: list[Text] = Field(default_factory=list, max_length=12, description="Points, if any.")
    cites: list[Id] = cites_field()


class Anchor(StrEnum):
    """Where an author's own section goes: after the named part of the documents."""

    key_points = "key_points"
    what_it_is = "what_it_is"
    regulatory = "regulatory"
    evidence = "evidence"
    cautions = "cautions"
    side_effects = "side_effects"
    dosing = "dosing"
    unknowns = "unknowns"


class CustomSection(Strict_):
    """A section the template does not know, placed where the author says."""

    id: Id = Field(description="Unique id.")
    heading: Text = Field(description="The section heading.")
    text: Text = Field(description="The paragraph.")
    items: list[Text] = Field(default_factory=list, max_length=12, description="Points, if any.")
    audience: Literal["both", "patient", "clinician"] = Field(
        default="both", description="Which documents show it: both, patient or clinician."
    )
    after: Anchor = Field(
        description="The part it follows: key_points, what_it_is, regulatory, evidence, "
        "cautions, side_effects, dosing or unknowns. Several after one part keep their order."
    )
    cites: list[Id] = cites_field()


class CostPeriod(StrEnum):
    month = "month"
    year = "year"
    dose = "dose"
    course = "course"


class Cost(Strict_):
    """What it costs; a range of 0 to 0 means free."""

    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        description="ISO 4217 code, e.g. USD."
    )
    per: CostPeriod = Field(description="month, year, dose or course.")
    range: Range = Field(description="Lowest and highest price; min 0 and max 0 for free.")
    text: Text = Field(description="What the cost means for the reader.")
    cites: list[Id] = cites_field()

    @property
    def free(self) -> bool:
        return self.range.max == 0


class ApproachStep(Strict_):
    """One step of the clinician's approach to deciding on use."""

    title: Line = Field(description="The step in a few words.")
    text: Line = Field(description="What to do.")
    cites: list[Id] = cites_field()


class Consult(Strict_):
    """The mandatory 'talk to a provider' section."""

    heading: Text | None = Field(default=None, description="Replaces 'Talk to a provider'.")
    when: list[Line] = Field(
        min_length=1,
        max_length=8,
        description="When to contact a provider; each a sentence ('Before you start …').",
    )
    ask: list[Line] = Field(min_length=1, max_length=8, description="Questions to ask.")
    urgent: list[Line] = Field(min_length=1, max_length=8, description="Signs that need help now.")
    clinician: list[Line] = Field(
        min_length=1, max_length=8, description="Counselling points and when to refer."
    )


class Glossary(Strict_):
    """A word the leaflet explains in 'Words to know'."""

    term: Line = Field(description="The word as the leaflet uses it.")
    meaning: Line = Field(description="Its meaning in plain words.")
