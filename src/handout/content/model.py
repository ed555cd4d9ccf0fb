"""The content model of a topic: typed, frozen, no I/O; exports JSON Schema for editors.

Split by part: ``fields`` (ids, text, per-audience texts, citations), ``evidence`` (findings,
outcomes, effects), ``regimen`` (dosing), ``regulatory`` (status, guidelines, references),
``sections`` (cautions, side effects, the sections a clinic expects, consult) and this module
(names, review, figures, and the Topic itself).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

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
    Range,
    Strict_,
    Text,
    cites_field,
    text_for,
)
from .regimen import Amount, Dosing, Frequency, Route, Schedule
from .regulatory import GuidelinePosition, Jurisdiction, Position, Reference, Regulatory
from .sections import (
    ApproachStep,
    Block,
    Caution,
    Consult,
    Cost,
    CustomSection,
    Glossary,
    SafetySection,
    SideEffect,
)

# Re-exported: the model is one vocabulary for the rest of handout.
__all__ = [
    "RATIO_MEASURES", "Amount", "Area", "Block", "Caution", "Certainty", "Cited", "Count",
    "CustomSection", "Dosing", "Effect", "EvidenceKind", "Finding", "Flag", "Frequency",
    "GroupRates", "GuidelinePosition", "Id", "Jurisdiction", "Line", "ListsPerAudience",
    "Measure", "Num", "Outcome", "PerAudience", "Position", "Range", "Reference", "Route",
    "Schedule", "SideEffect", "Strict_", "Text", "text_for",
]  # fmt: skip


class Kind(StrEnum):
    """What the topic is about; templates word sentences for it."""

    medicine = "medicine"
    vaccine = "vaccine"
    supplement = "supplement"  # including peptides sold for research


class Names(Strict_):
    """What it is called."""

    common: Line = Field(description="The name most readers know, e.g. 'Thymosin alpha-1'.")
    generic: Line | None = Field(
        default=None,
        description="International non-proprietary name, e.g. 'thymalfasin'; required for a "
        "medicine, optional for a vaccine or supplement.",
    )
    phrase: Text | None = Field(
        default=None,
        description="The name as it reads inside a sentence, with its article: "
        "'the flu vaccine', 'metformin'. Default: `common`.",
    )
    abbreviation: Line | None = Field(default=None, description="Short form, e.g. 'Tα1'.")
    brands: list[Line] = Field(default_factory=list, description="Brand names.")


class ReviewStatus(StrEnum):
    draft = "draft"
    under_review = "under_review"
    approved = "approved"


class Review(Strict_):
    """Where the content stands in clinical review."""

    status: ReviewStatus = Field(description="draft, under_review or approved.")
    updated: dt.date = Field(description="Date the content was last changed.")
    last_reviewed: dt.date | None = Field(
        default=None, description="Date of the last clinical review; empty if never reviewed."
    )
    reviewed_by: list[Line] = Field(default_factory=list, description="Clinical reviewers.")
    next_review_due: dt.date = Field(description="Date the next review is due.")
    note: Line | None = Field(default=None, description="A note about the review.")

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
    """One step of how it works, for clinicians."""

    label: Line = Field(description="A few words naming the step.")
    text: Line = Field(description="The step.")
    cites: list[Id] = cites_field()


class Mechanism(Strict_):
    """How it works."""

    patient: Line = Field(description="How it works, in plain words.")
    clinician: list[MechanismStep] = Field(min_length=1, description="Steps, for clinicians.")


class Unit(StrEnum):
    """What a figure counts; its name is written (and pluralised) by the locale's catalog."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"
    hour = "hour"
    minute = "minute"
    study = "study"
    country = "country"
    person = "person"
    amino_acid = "amino_acid"
    mg = "mg"
    g = "g"
    ug = "µg"
    mL = "mL"
    kg = "kg"
    cm = "cm"
    mmHg = "mmHg"
    egfr = "mL/min/1.73 m²"


FigureName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,40}$")]


class Figure(Strict_):
    """A number that prose needs. Text writes ``{name}``; each locale formats the value."""

    value: Num = Field(ge=0, description="The number.")
    to: Num | None = Field(None, description="Upper end of a range (value to 'to').")
    unit: Unit | None = Field(default=None, description="What it counts or measures.")
    percent: Flag = Field(default=False, description="The number is a percentage.")

    @model_validator(mode="after")
    def _sensible(self) -> Figure:
        if self.to is not None and self.to < self.value:
            raise ValueError(f"expected to >= value, found {self.to} < {self.value}")
        if self.percent and self.unit is not None:
            raise ValueError("expected either percent or a unit, found both")
        return self


Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=80)]


class Topic(Strict_):
    """One topic: everything both documents say, in the source language (English)."""

    id: Id = Field(description="The topic id; must equal the file name.")
    kind: Kind = Field(description="medicine, vaccine or supplement.")
    names: Names = Field(description="Its names: common, generic, phrase, brands.")
    title: PerAudience = Field(description="Each document's title.")
    review: Review = Field(description="Clinical review status and dates.")
    key_points: ListsPerAudience = Field(description="The points each document opens with.")
    what_it_is: Cited = Field(description="A short description.")
    mechanism: Mechanism = Field(description="How it works, for each reader.")
    areas: list[Area] = Field(min_length=1, description="Conditions the evidence is grouped by.")
    evidence: list[Finding] = Field(min_length=1, description="Studies and analyses.")
    evidence_limits: list[Cited] = Field(
        min_length=1, description="Weaknesses of the evidence, for clinicians."
    )
    unknowns: list[Line] = Field(min_length=1, description="What is not known, in plain words.")
    cautions: list[Caution] = Field(
        min_length=1, description="Contraindications, cautions and monitoring."
    )
    safety: SafetySection = Field(description="Side effects (with bands) and safety notes.")
    regulatory: Regulatory = Field(
        description="Regulatory status per jurisdiction and guideline positions."
    )
    dosing: Dosing = Field(description="How it is given: schedules.")
    who_should_get: Block | None = Field(
        default=None, description="Who should get it and when (vaccines)."
    )
    pregnancy: Block | None = Field(default=None, description="Pregnancy and breastfeeding.")
    interactions: Block | None = Field(
        default=None, description="Other medicines, food or drink that interact with it."
    )
    given_with: Block | None = Field(
        default=None, description="Giving it with other vaccines or medicines."
    )
    missed_dose: Block | None = Field(default=None, description="What to do about a missed dose.")
    storage: Block | None = Field(default=None, description="How to store it.")
    sections: list[CustomSection] = Field(
        default_factory=list,
        description="The author's own sections, each placed after a named part.",
    )
    cost: Cost | None = Field(default=None, description="What it costs.")
    approach: list[ApproachStep] = Field(
        min_length=1, description="Clinician: step-by-step approach to deciding on use."
    )
    research_needed: list[Cited] = Field(
        default_factory=list, description="Research still needed, for clinicians."
    )
    consult: Consult = Field(description="When to contact a provider; cannot be left out.")
    glossary: list[Glossary] = Field(default_factory=list, description="'Words to know'.")
    references: list[Reference] = Field(min_length=1, description="The sources cited.")
    terms: list[Term] = Field(
        default_factory=list,
        description="Names that contain digits ('type 2 diabetes', 'UKPDS 34', 'COVID-19'); "
        "text may then use them as written.",
    )
    figures: dict[FigureName, Figure] = Field(
        default_factory=dict,
        description="Numbers used inside text as {name}, so that translations never type them.",
    )

    @model_validator(mode="after")
    def _kind_fields(self) -> Topic:
        if self.kind is Kind.medicine and self.names.generic is None:
            raise ValueError(
                "expected names.generic (the INN) for a medicine; a vaccine or supplement may "
                "leave it out"
            )
        return self

    @model_validator(mode="after")
    def _one_key_finding(self) -> Topic:
        keys = [f.id for f in self.evidence if f.key]
        if len(keys) > 1:
            raise ValueError(f"expected at most one evidence entry with key: true, found {keys}")
        for f in self.evidence:
            if f.key and not any(o.group_rates for o in f.outcomes):
                raise ValueError(
                    f"expected the key finding {f.id!r} to have an outcome with groups or counts"
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
