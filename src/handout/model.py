"""The content model of a topic: typed, frozen, no I/O; exports JSON Schema for editors."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from .plan import AUDIENCES as AUDIENCES  # re-exported: the audiences a topic writes for

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Num = Annotated[float, Strict()]
Count = Annotated[int, Strict()]
Flag = Annotated[bool, Strict()]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PerAudience(_Strict):
    """One wording for the patient leaflet and another for the clinician brief."""

    patient: Line
    clinician: Line

    def __str__(self) -> str:
        # A template that prints a two-audience text without choosing one is a bug.
        raise TypeError("a per-audience text was printed without t(): pick the audience")


def _both_audiences(value: object) -> object:
    return {"patient": value, "clinician": value} if isinstance(value, str) else value


# A text field is either one string used for both audiences or one per audience;
# either way the model holds both wordings.
Text = Annotated[
    PerAudience,
    BeforeValidator(_both_audiences),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1, "description": "Same text for both audiences."},
                {
                    "type": "object",
                    "description": "One wording per audience.",
                    "properties": {
                        "patient": {"type": "string", "minLength": 1},
                        "clinician": {"type": "string", "minLength": 1},
                    },
                    "required": ["patient", "clinician"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


def text_for(text: PerAudience, audience: str) -> str:
    """The wording of ``text`` for ``audience``."""
    return str(getattr(text, audience))


class ListsPerAudience(_Strict):
    """A list of points for each audience; both are required."""

    patient: list[Line] = Field(min_length=1, max_length=12)
    clinician: list[Line] = Field(min_length=1, max_length=12)


class Cited(_Strict):
    """A claim with the references that support it."""

    text: Text
    cites: list[Id] = Field(min_length=1, description="ids of entries in `references`")


class Names(_Strict):
    common: Line = Field(description="The name most readers know, e.g. 'Thymosin alpha-1'.")
    generic: Line = Field(description="International non-proprietary name, e.g. 'thymalfasin'.")
    abbreviation: Line | None = None
    brands: list[Line] = Field(default_factory=list)


class ReviewStatus(StrEnum):
    draft = "draft"
    under_review = "under_review"
    approved = "approved"


class Review(_Strict):
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


class MechanismStep(_Strict):
    label: Line
    text: Line
    cites: list[Id] = Field(min_length=1)


class Mechanism(_Strict):
    patient: Line = Field(description="How it works, in plain words.")
    clinician: list[MechanismStep] = Field(min_length=1)


class EvidenceKind(StrEnum):
    rct = "rct"
    meta_analysis = "meta_analysis"
    observational = "observational"
    case_report = "case_report"
    preclinical = "preclinical"
    review = "review"


class Certainty(StrEnum):
    high = "high"
    moderate = "moderate"
    low = "low"
    very_low = "very_low"


class Measure(StrEnum):
    RR = "RR"
    HR = "HR"
    OR = "OR"
    MD = "MD"


RATIO_MEASURES = frozenset({Measure.RR, Measure.HR, Measure.OR})


class Effect(_Strict):
    measure: Measure = Field(description="RR, HR, OR (ratios) or MD (mean difference).")
    value: Num
    ci: tuple[Num, Num] = Field(description="95% confidence interval, low then high.")
    unit: Line | None = Field(default=None, description="Unit of a mean difference, e.g. ng/L.")
    p: Num | None = Field(default=None, ge=0, le=1, description="Exact p-value.")
    p_below: Num | None = Field(default=None, gt=0, le=1, description="p is below this.")

    @model_validator(mode="after")
    def _consistent(self) -> Effect:
        low, high = self.ci
        if not low <= self.value <= high:
            raise ValueError(
                f"expected value inside its interval, found {self.value} outside [{low}, {high}]"
            )
        if self.measure in RATIO_MEASURES and (low <= 0 or self.unit):
            raise ValueError("expected a positive ratio interval and no unit for RR, HR or OR")
        if self.measure is Measure.MD and not self.unit:
            raise ValueError("expected a unit for a mean difference (MD)")
        if self.p is not None and self.p_below is not None:
            raise ValueError("expected either p or p_below, found both")
        return self

    @property
    def is_ratio(self) -> bool:
        return self.measure in RATIO_MEASURES

    @property
    def includes_no_effect(self) -> bool:
        null = 1.0 if self.is_ratio else 0.0
        return self.ci[0] <= null <= self.ci[1]


class GroupRates(_Strict):
    """Per-group event rates in percent, as the source gives them."""

    intervention: Num = Field(ge=0, le=100)
    comparison: Num = Field(ge=0, le=100)


class Outcome(_Strict):
    id: Id
    name: Text = Field(description="What was measured, e.g. 'death within 28 days'.")
    time_frame: Line | None = None
    effect: Effect | None = None
    groups: GroupRates | None = Field(
        default=None, description="Event rates in percent per group (only for yes/no outcomes)."
    )
    event: Line | None = Field(
        default=None,
        description="Plain word for the event counted in `groups`, e.g. 'died'; "
        "required with groups.",
    )
    non_event: Line | None = Field(
        default=None, description="Plain word for the opposite, e.g. 'were alive'."
    )
    result: Text | None = Field(default=None, description="What was found, in words.")

    @model_validator(mode="after")
    def _events_named(self) -> Outcome:
        if self.groups is not None and (self.event is None or self.non_event is None):
            raise ValueError("expected event and non_event wording with groups")
        if self.effect is None and self.result is None:
            raise ValueError("expected an effect, a result in words, or both")
        return self


class Finding(_Strict):
    id: Id
    name: Line = Field(description="Short title, e.g. 'TESTS trial'.")
    kind: EvidenceKind
    area: Id = Field(description="id of an entry in `areas` this finding belongs to.")
    design: Line
    population: Text
    intervention: Text = Field(
        description="What was given; the patient wording is the subject of the leaflet's "
        "verdict sentence, e.g. 'thymosin alpha-1 given with ulinastatin'."
    )
    comparison: Text | None = None
    participants: Count | None = Field(default=None, gt=0)
    studies: Count | None = Field(default=None, gt=0, description="Number of studies pooled.")
    outcomes: list[Outcome] = Field(min_length=1)
    certainty: Certainty
    certainty_reason: Line
    plain_summary: Line = Field(description="What this finding means, for the patient leaflet.")
    cites: list[Id] = Field(min_length=1)
    key: Flag = Field(
        default=False,
        description="Show this finding's group rates as the patient leaflet's main risk picture.",
    )


class Area(_Strict):
    id: Id
    name: Text
    summary: Cited


class CautionKind(StrEnum):
    contraindication = "contraindication"
    caution = "caution"
    monitor = "monitor"


class Caution(_Strict):
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


class SideEffect(_Strict):
    id: Id
    name: Text
    detail: Text
    frequency: Frequency = Field(
        description="EU band; not_known when the sources give no frequency."
    )
    action: Line = Field(description="What the patient should do about it.")
    cites: list[Id] = Field(min_length=1)


class SafetySection(_Strict):
    summary: Cited
    side_effects: list[SideEffect] = Field(min_length=1)
    notes: list[Cited] = Field(default_factory=list, description="Clinician safety notes.")


class RegulatoryStatus(StrEnum):
    approved = "approved"
    not_approved = "not_approved"


class Jurisdiction(_Strict):
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


class GuidelinePosition(_Strict):
    id: Id
    body: Line
    condition: Text
    position: Position
    text: Text
    cites: list[Id] = Field(min_length=1)


class Regulatory(_Strict):
    summary: Text
    jurisdictions: list[Jurisdiction] = Field(min_length=1)
    guidelines: list[GuidelinePosition] = Field(default_factory=list)


class Range(_Strict):
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


class Figure(_Strict):
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


class Dosing(_Strict):
    dose_mg: Num = Field(gt=0)
    route: Text
    times_per_week: Count = Field(gt=0, le=21)
    trial_duration_weeks: Range | None = None
    patient: Line = Field(description="How it is usually given and who decides, in plain words.")
    notes: list[Cited] = Field(default_factory=list)
    cites: list[Id] = Field(min_length=1)


class Cost(_Strict):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    per: Literal["month"]
    range: Range
    text: Text
    cites: list[Id] = Field(min_length=1)


class ApproachStep(_Strict):
    title: Line
    text: Line
    cites: list[Id] = Field(min_length=1)


class Consult(_Strict):
    """The mandatory 'talk to a provider' section."""

    heading: Text | None = None
    when: list[Line] = Field(min_length=1, max_length=8, description="When to contact a provider.")
    ask: list[Line] = Field(min_length=1, max_length=8, description="Questions to ask.")
    urgent: list[Line] = Field(min_length=1, max_length=8, description="Signs that need help now.")
    clinician: list[Line] = Field(
        min_length=1, max_length=8, description="Counselling points and when to refer."
    )


class Glossary(_Strict):
    term: Line
    meaning: Line


class Reference(_Strict):
    id: Id
    title: Line
    subtitle: Line | None = Field(default=None, description="Part of the title after a colon.")
    publisher: Line | None = Field(default=None, description="Journal or publisher.")
    authors: Line | None = None
    year: Count | None = Field(default=None, ge=1900, le=2100)
    kind: Literal["guideline summary", "review", "meta-analysis", "web article"]
    note: Line | None = None


class Topic(_Strict):
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
