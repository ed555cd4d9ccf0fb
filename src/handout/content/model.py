"""The content model of a topic: typed, frozen, no I/O; exports JSON Schema for editors.

Split in three: ``fields`` (ids, text, per-audience texts, citations), ``evidence`` (findings,
outcomes, effects) and this module (everything else, and the Topic itself).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    model_validator,
)

from ..choices import AUDIENCES as AUDIENCES  # re-exported: the audiences a topic writes for
from .evidence import (
    RATIO_MEASURES,
    Area,
    Certainty,
    Effect,
    EvidenceKind,
    Finding,
    GroupRates,
    Measure,
    Outcome,
)
from .fields import (
    Cited,
    Count,
    Flag,
    Id,
    Line,
    ListsPerAudience,
    Num,
    PerAudience,
    Strict_,
    Text,
    text_for,
)

# Re-exported: the model is one vocabulary for the rest of handout.
__all__ = [
    "RATIO_MEASURES", "Area", "Certainty", "Cited", "Count", "Effect", "EvidenceKind",
    "Finding", "Flag", "GroupRates", "Id", "Line", "ListsPerAudience", "Measure", "Num",
    "Outcome", "PerAudience", "Strict_", "Text", "text_for",
]  # fmt: skip


class Names(Strict_):
    common: Line = Field(description="The name most readers know, e.g. 'Thymosin alpha-1'.")
    generic: Line = Field(description="International non-proprietary name, e.g. 'thymalfasin'.")
    abbreviation: Line | None = None
    brands: list[Line] = Field(default_factory=list)


class ReviewStatus(StrEnum):
    draft = "draft"
    under_review = "under_review"
    approved = "approved"


class Review(Strict_):
    status: ReviewStatus
    updated: dt.date = Field(description="Date the content was last changed.")
    last_reviewed: dt.date | None = Field(
        default=None, description="Date of the last clinical review; empty if never reviewed."
    )
    reviewed_by: list[Line] = Field(default_factory=list)
    next_review_due: dt.date
    note: Line | None = None

    @model_validator(mode="after")
    def _honest(self) -> Review:
        if self.status is ReviewStatus.approved and (
            self.last_reviewed is None or not self.reviewed_by
        ):
            raise ValueError(
                "expected last_reviewed and reviewed_by when status is approved, found them empty"
            )
        if self.last_reviewed is not None and self.last_reviewed > self.next_review_due:
            raise ValueError("expected next_review_due after last_reviewed")
        return self


class MechanismStep(Strict_):
    label: Line
    text: Line
    cites: list[Id] = Field(min_length=1)


class Mechanism(Strict_):
    patient: Line = Field(description="How it works, in plain words.")
    clinician: list[MechanismStep] = Field(min_length=1)


class CautionKind(StrEnum):
    contraindication = "contraindication"
    caution = "caution"
    monitor = "monitor"


class Caution(Strict_):
    id: Id
    kind: CautionKind
    who: Text = Field(description="Who it concerns, e.g. 'people with active autoimmune disease'.")
    text: Text
    cites: list[Id] = Field(min_length=1)


class Frequency(StrEnum):
    very_common = "very_common"
    common = "common"
    uncommon = "uncommon"
    rare = "rare"
    very_rare = "very_rare"
    not_known = "not_known"


class SideEffect(Strict_):
    id: Id
    name: Text
    detail: Text
    frequency: Frequency = Field(
        description="EU band; not_known when the sources give no frequency."
    )
    action: Line = Field(description="What the patient should do about it.")
    cites: list[Id] = Field(min_length=1)


class SafetySection(Strict_):
    summary: Cited
    side_effects: list[SideEffect] = Field(min_length=1)
    notes: list[Cited] = Field(default_factory=list, description="Clinician safety notes.")


class RegulatoryStatus(StrEnum):
    approved = "approved"
    not_approved = "not_approved"


class Jurisdiction(Strict_):
    id: Id
    region: Text
    body: Line | None = Field(default=None, description="Regulator, e.g. 'FDA'.")
    status: RegulatoryStatus
    brand: Line | None = None
    uses: list[Text] = Field(default_factory=list, description="Approved uses.")
    detail: Text
    cites: list[Id] = Field(min_length=1)


class Position(StrEnum):
    recommended = "recommended"
    not_recommended = "not_recommended"
    not_included = "not_included"


class GuidelinePosition(Strict_):
    id: Id
    body: Line
    condition: Text
    position: Position
    text: Text
    cites: list[Id] = Field(min_length=1)


class Regulatory(Strict_):
    summary: Text
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    guidelines: list[GuidelinePosition] = Field(default_factory=list)


class Range(Strict_):
    min: Num = Field(gt=0)
    max: Num = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"expected min <= max, found {self.min} > {self.max}")
        return self


class Unit(StrEnum):
    """What a figure counts; its name is written (and pluralised) by the locale's catalog."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"
    study = "study"
    country = "country"
    person = "person"
    amino_acid = "amino_acid"


FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,40}$")]


class Figure(Strict_):
    """A number that prose needs. Text writes ``{name}``; each locale formats the value."""

    value: Num = Field(ge=0)
    to: Num | None = Field(None, description="Upper end of a range (value to 'to').")
    unit: Unit | None = None
    percent: Flag = False

    @model_validator(mode="after")
    def _sensible(self) -> Figure:
        if self.to is not None and self.to < self.value:
            raise ValueError(f"expected to >= value, found {self.to} < {self.value}")
        if self.percent and self.unit is not None:
            raise ValueError("expected either percent or a unit, found both")
        return self


class Dosing(Strict_):
    dose_mg: Num = Field(gt=0)
    route: Text
    times_per_week: Count = Field(gt=0, le=21)
    trial_duration_weeks: Range | None = None
    patient: Line = Field(description="How it is usually given and who decides, in plain words.")
    notes: list[Cited] = Field(default_factory=list)
    cites: list[Id] = Field(min_length=1)


class Cost(Strict_):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    per: Literal["month"]
    range: Range
    text: Text
    cites: list[Id] = Field(min_length=1)


class ApproachStep(Strict_):
    title: Line
    text: Line
    cites: list[Id] = Field(min_length=1)


class Consult(Strict_):
    """The mandatory 'talk to a provider' section."""

    heading: Text | None = None
    when: list[Line] = Field(min_length=1, max_length=8, description="When to contact a provider.")
    ask: list[Line] = Field(min_length=1, max_length=8, description="Questions to ask.")
    urgent: list[Line] = Field(min_length=1, max_length=8, description="Signs that need help now.")
    clinician: list[Line] = Field(
        min_length=1, max_length=8, description="Counselling points and when to refer."
    )


class Glossary(Strict_):
    term: Line
    meaning: Line


class Reference(Strict_):
    id: Id
    title: Line
    subtitle: Line | None = Field(default=None, description="Part of the title after a colon.")
    publisher: Line | None = Field(default=None, description="Journal or publisher.")
    authors: Line | None = None
    year: Count | None = Field(default=None, ge=1900, le=2100)
    kind: Literal["guideline summary", "review", "meta-analysis", "web article"]
    note: Line | None = None


class Topic(Strict_):
    """One topic: everything both documents say, in the source language (English)."""

    id: Id
    names: Names
    title: PerAudience
    review: Review
    key_points: ListsPerAudience
    what_it_is: Cited
    mechanism: Mechanism
    areas: list[Area] = Field(min_length=1, description="Conditions the evidence is grouped by.")
    evidence: list[Finding] = Field(min_length=1)
    evidence_limits: list[Cited] = Field(min_length=1)
    unknowns: list[Line] = Field(min_length=1, description="What is not known, in plain words.")
    cautions: list[Caution] = Field(min_length=1)
    safety: SafetySection
    regulatory: Regulatory
    dosing: Dosing
    cost: Cost | None = None
    approach: list[ApproachStep] = Field(
        min_length=1, description="Clinician: step-by-step approach to deciding on use."
    )
    research_needed: list[Cited] = Field(default_factory=list)
    consult: Consult
    glossary: list[Glossary] = Field(default_factory=list)
    references: list[Reference] = Field(min_length=1)
    figures: dict[FigureName, Figure] = Field(
        default_factory=dict,
        description="Numbers used inside text as {name}, so that translations never type them.",
    )

    @model_validator(mode="after")
    def _one_key_finding(self) -> Topic:
        keys = [f.id for f in self.evidence if f.key]
        if len(keys) > 1:
            raise ValueError(f"expected at most one evidence entry with key: true, found {keys}")
        for f in self.evidence:
            if f.key and not any(o.groups for o in f.outcomes):
                raise ValueError(
                    f"expected the key finding {f.id!r} to have an outcome with groups"
                )
            if f.key and f.comparison is None:
                raise ValueError(
                    f"expected the key finding {f.id!r} to name its comparison (the leaflet "
                    "compares the two groups)"
                )
            if f.key and f.participants is None:
                raise ValueError(
                    f"expected the key finding {f.id!r} to give participants (the leaflet says "
                    "how many people the study included)"
                )
        return self

    def finding(self, finding_id: str) -> Finding:
        return next(f for f in self.evidence if f.id == finding_id)

    @property
    def key_finding(self) -> Finding | None:
        return next((f for f in self.evidence if f.key), None)


def json_schema() -> dict[str, object]:
    """The JSON Schema of a topic file, for editors."""
    schema = Topic.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "handout topic"
    return schema
