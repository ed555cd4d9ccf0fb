"""Evidence in the content model: findings, their outcomes, effects and certainty."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .fields import Cited, Count, Flag, Id, Line, Num, Strict_, Text


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


class Effect(Strict_):
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


class GroupRates(Strict_):
    """Per-group event rates in percent, as the source gives them."""

    intervention: Num = Field(ge=0, le=100)
    comparison: Num = Field(ge=0, le=100)


class Outcome(Strict_):
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


class Finding(Strict_):
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


class Area(Strict_):
    id: Id
    name: Text
    summary: Cited
