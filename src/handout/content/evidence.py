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
    RR = "RR"  # risk ratio
    HR = "HR"  # hazard ratio
    OR = "OR"  # odds ratio
    IRR = "IRR"  # rate ratio (incidence rate ratio)
    MD = "MD"  # mean difference
    SMD = "SMD"  # standardised mean difference
    VE = "VE"  # vaccine efficacy, in percent


RATIO_MEASURES = frozenset({Measure.RR, Measure.HR, Measure.OR, Measure.IRR})
# Measures where a larger value means fewer events (vaccine efficacy: 60% fewer cases).
FEWER_WHEN_ABOVE = frozenset({Measure.VE})


class Effect(Strict_):
    """An effect estimate with its 95% interval, as the source gives it."""

    measure: Measure = Field(
        description="RR, HR, OR, IRR (rate ratio): ratios; MD, SMD: (standardised) mean "
        "difference; VE: vaccine efficacy in percent."
    )
    value: Num = Field(description="The estimate.")
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
        if self.measure in (Measure.SMD, Measure.VE) and self.unit:
            raise ValueError(f"expected no unit for {self.measure.value}")
        if self.measure is Measure.VE and self.ci[1] > 100:
            raise ValueError("expected vaccine efficacy of at most 100 (percent)")
        if self.p is not None and self.p_below is not None:
            raise ValueError("expected either p or p_below, found both")
        return self

    @property
    def is_ratio(self) -> bool:
        return self.measure in RATIO_MEASURES

    @property
    def null(self) -> float:
        """The value meaning no effect."""
        return 1.0 if self.is_ratio else 0.0

    @property
    def includes_no_effect(self) -> bool:
        return self.ci[0] <= self.null <= self.ci[1]

    @property
    def fewer(self) -> bool:
        """True when the estimate means fewer events (or a lower value) with the intervention."""
        if self.measure in FEWER_WHEN_ABOVE:
            return self.value > self.null
        return self.value < self.null


class GroupRates(Strict_):
    """Per-group event rates in percent, as the source gives them."""

    intervention: Num = Field(ge=0, le=100, description="Percent with the event, intervention.")
    comparison: Num = Field(ge=0, le=100, description="Percent with the event, comparison.")


class Arm(Strict_):
    """Events and people in one group."""

    events: Count = Field(ge=0, description="People with the event (0 allowed).")
    total: Count = Field(gt=0, description="People in the group.")


class GroupCounts(Strict_):
    """Per-group counts, when the source gives them (zero events allowed)."""

    intervention: Arm = Field(description="The intervention group.")
    comparison: Arm = Field(description="The comparison group.")

    @model_validator(mode="after")
    def _possible(self) -> GroupCounts:
        for arm in (self.intervention, self.comparison):
            if arm.events > arm.total:
                raise ValueError(f"expected events <= total, found {arm.events} > {arm.total}")
        return self

    def rates(self) -> GroupRates:
        i, c = self.intervention, self.comparison
        return GroupRates(
            intervention=100 * i.events / i.total, comparison=100 * c.events / c.total
        )


class PersonTimeRates(Strict_):
    """Event rates per so many person-years, as the source gives them."""

    intervention: Num = Field(ge=0, description="Events per `per` person-years, intervention.")
    comparison: Num = Field(ge=0, description="Events per `per` person-years, comparison.")
    per: Count = Field(gt=0, description="Person-years the rates are counted over, e.g. 1000.")


class Outcome(Strict_):
    """One outcome of a finding: what was measured and what was found."""

    id: Id = Field(description="Unique id.")
    name: Text = Field(description="What was measured, e.g. 'death within 28 days'.")
    time_frame: Text | None = Field(
        default=None, description="Over what time, e.g. '{followup}'; may differ per audience."
    )
    effect: Effect | None = Field(default=None, description="The effect estimate, if any.")
    groups: GroupRates | None = Field(
        default=None, description="Event rates in percent per group (only for yes/no outcomes)."
    )
    counts: GroupCounts | None = Field(
        default=None, description="Events and people per group, instead of `groups`."
    )
    rates: PersonTimeRates | None = Field(
        default=None, description="Events per N person-years per group."
    )
    participants: Count | None = Field(
        default=None, gt=0, description="People analysed for this outcome."
    )
    studies: Count | None = Field(
        default=None, gt=0, description="Studies pooled for this outcome."
    )
    certainty: Certainty | None = Field(
        default=None, description="Certainty of this outcome; the finding's when left out."
    )
    patient: Flag = Field(
        default=False,
        description="Show this outcome in the patient leaflet, with its certainty verb.",
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
        absolute = [x for x in (self.groups, self.counts, self.rates) if x is not None]
        if len(absolute) > 1:
            raise ValueError("expected one of groups, counts or rates, found several")
        if absolute and (self.event is None or self.non_event is None):
            raise ValueError("expected event and non_event wording with groups, counts or rates")
        if self.effect is None and self.result is None:
            raise ValueError("expected an effect, a result in words, or both")
        return self

    @property
    def group_rates(self) -> GroupRates | None:
        """Per-group risks in percent, from `groups` or `counts`."""
        return (
            self.groups
            if self.groups is not None
            else (self.counts.rates() if self.counts is not None else None)
        )


class Finding(Strict_):
    """One study or analysis and its outcomes."""

    id: Id = Field(description="Unique id.")
    name: Line = Field(description="Short title, e.g. 'TESTS trial'.")
    kind: EvidenceKind = Field(
        description="rct, meta_analysis, observational, case_report, preclinical, review."
    )
    area: Id = Field(description="id of an entry in `areas` this finding belongs to.")
    design: Line = Field(description="Study design, for clinicians.")
    population: Text = Field(description="Who took part, as a phrase starting lower-case.")
    intervention: Text = Field(
        description="What was given; the patient wording is the subject of the leaflet's "
        "verdict sentence, e.g. 'thymosin alpha-1 given with ulinastatin'."
    )
    comparison: Text | None = Field(default=None, description="What it was compared with.")
    participants: Count | None = Field(default=None, gt=0, description="People included.")
    studies: Count | None = Field(default=None, gt=0, description="Number of studies pooled.")
    outcomes: list[Outcome] = Field(min_length=1, description="What was measured and found.")
    certainty: Certainty = Field(description="high, moderate, low or very_low.")
    certainty_reason: Line = Field(description="Why, in one sentence.")
    plain_summary: Line | None = Field(
        default=None,
        description="What this finding means, for the patient leaflet; leave out when the "
        "verdicts of its outcomes say it all.",
    )
    cites: list[Id] = Field(min_length=1, description="ids of entries in `references`.")
    key: Flag = Field(
        default=False,
        description="Show this finding's group rates as the patient leaflet's main risk picture.",
    )

    def patient_outcomes(self) -> list[Outcome]:
        """The outcomes the leaflet shows: those marked `patient`, else the first with an
        effect."""
        marked = [o for o in self.outcomes if o.patient]
        if marked:
            return marked
        return [o for o in self.outcomes if o.effect][:1]


class Area(Strict_):
    """A condition the evidence is grouped by."""

    id: Id = Field(description="Unique id.")
    name: Text = Field(description="The condition's name.")
    summary: Cited = Field(description="What the evidence says for this condition.")
