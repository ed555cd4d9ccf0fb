"""Dosing in the content model: amounts with units, routes, frequencies and schedules.

Every number of a regimen is data, so that each locale writes it with Babel and its own
plural forms ("twice a day", "dos veces al día"), and no template can print "14 times weekly"
for twice daily.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .fields import Cited, Count, Flag, Id, Line, Num, Strict_, Text, cites_field


class DoseUnit(StrEnum):
    """What an amount is measured or counted in."""

    mg = "mg"
    g = "g"
    ug = "µg"
    mL = "mL"
    units = "units"
    IU = "IU"
    tablet = "tablet"
    capsule = "capsule"
    puff = "puff"
    drop = "drop"
    sachet = "sachet"
    patch = "patch"
    spray = "spray"
    dose = "dose"


class Amount(Strict_):
    """An amount of medicine: a number (or range) and its unit."""

    value: Num = Field(gt=0, description="How much, e.g. 500 (with unit mg).")
    to: Num | None = Field(
        default=None, gt=0, description="Upper end when the amount is a range (1 to 2 tablets)."
    )
    unit: DoseUnit = Field(description="mg, g, µg, mL, units, IU, tablet, capsule, puff, drop …")

    @model_validator(mode="after")
    def _ordered(self) -> Amount:
        if self.to is not None and self.to < self.value:
            raise ValueError(f"expected to >= value, found {self.to} < {self.value}")
        return self

    @property
    def whole(self) -> bool:
        """True when every number of the amount is a whole number (patients get no decimals)."""
        return all(float(v).is_integer() for v in (self.value, self.to) if v is not None)


class Route(StrEnum):
    """How it gets into the body; each locale words it for each reader."""

    oral = "oral"
    subcutaneous = "subcutaneous"
    intramuscular = "intramuscular"
    intravenous = "intravenous"
    intranasal = "intranasal"
    inhaled = "inhaled"
    sublingual = "sublingual"
    topical = "topical"
    transdermal = "transdermal"
    eye = "eye"
    rectal = "rectal"


class Period(StrEnum):
    """The period a number of doses is counted over."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"
    season = "season"


class Frequency(Strict_):
    """How often: exactly one of `times` with `per`, `every_hours`, `once` or `as_needed`."""

    times: Count | None = Field(
        default=None, gt=0, le=24, description="Doses per period, e.g. 2 (with per: day)."
    )
    per: Period | None = Field(
        default=None, description="The period of `times`: day, week, month, year or season."
    )
    every_hours: Count | None = Field(
        default=None, gt=0, le=168, description="One dose every so many hours, e.g. 8."
    )
    once: Flag = Field(default=False, description="A single dose.")
    as_needed: Flag = Field(default=False, description="Only when needed.")

    @model_validator(mode="after")
    def _one_way(self) -> Frequency:
        ways = [self.times is not None, self.every_hours is not None, self.once, self.as_needed]
        if sum(ways) != 1:
            raise ValueError(
                "expected exactly one of: times with per (e.g. {times: 2, per: day}), "
                "every_hours, once: true, as_needed: true"
            )
        if (self.times is None) != (self.per is None):
            raise ValueError("expected times and per together, e.g. {times: 2, per: day}")
        return self


class DurationUnit(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Duration(Strict_):
    """A length of time: a number (or range) and its unit."""

    value: Num = Field(gt=0, description="How long, e.g. 4.")
    to: Num | None = Field(default=None, gt=0, description="Upper end of a range (4 to 12).")
    unit: DurationUnit = Field(description="day, week, month or year.")

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        if self.to is not None and self.to < self.value:
            raise ValueError(f"expected to >= value, found {self.to} < {self.value}")
        return self


class Dose(Strict_):
    """An amount taken at a frequency."""

    amount: Amount = Field(description="How much each time.")
    frequency: Frequency = Field(description="How often.")


class Increase(Strict_):
    """How the dose is raised from the starting dose."""

    by: Amount = Field(description="The step, e.g. 500 mg.")
    every: Duration = Field(description="How often the dose may be raised, e.g. 1 week.")


class Schedule(Strict_):
    """One way of giving it, for one group of people (adults, older adults, kidney disease …)."""

    id: Id = Field(description="Unique id, e.g. 'adults' or 'kidney'.")
    who: Text | None = Field(
        default=None, description="Who this schedule is for, e.g. 'Adults'. Leave out if all."
    )
    amount: Amount = Field(description="The usual dose each time.")
    route: Route = Field(description="oral, subcutaneous, intramuscular, intravenous …")
    site: Text | None = Field(
        default=None, description="Where it is given, e.g. 'upper arm' (optional)."
    )
    frequency: Frequency = Field(description="How often the usual dose is given.")
    duration: Duration | None = Field(default=None, description="For how long, when limited.")
    start: Dose | None = Field(default=None, description="The starting dose, when different.")
    increase: Increase | None = Field(
        default=None, description="How the dose is raised from the start."
    )
    max_per_day: Amount | None = Field(default=None, description="The most in one day.")
    studied_for: Duration | None = Field(
        default=None,
        description="How long most studies gave it, when the sources say (printed as "
        "'Most studies lasted …').",
    )
    study: Flag = Field(
        default=False,
        description="True when this is the schedule studies used, not a licensed one: "
        "the documents then say 'in studies'.",
    )
    note: Text | None = Field(default=None, description="A short addition, e.g. 'with meals'.")
    cites: list[Id] = cites_field()

    @model_validator(mode="after")
    def _units_match(self) -> Schedule:
        others = {
            "start": self.start.amount if self.start else None,
            "increase": self.increase.by if self.increase else None,
            "max_per_day": self.max_per_day,
        }
        for name, amount in others.items():
            if amount is not None and amount.unit is not self.amount.unit:
                raise ValueError(
                    f"expected {name} in {self.amount.unit.value} like the amount, "
                    f"found {amount.unit.value}"
                )
        return self


class Dosing(Strict_):
    """How it is given: one or more schedules, and what the patient should know."""

    schedules: list[Schedule] = Field(
        min_length=1, description="Each group's schedule, most common first."
    )
    patient: Line = Field(description="How it is usually given and who decides, in plain words.")
    notes: list[Cited] = Field(default_factory=list, description="Cited notes on dosing.")
    cites: list[Id] = cites_field()
