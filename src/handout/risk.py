"""Risk arithmetic: per-group rates → natural frequencies; certainty → plain wording keys."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .model import Certainty, Effect


def _round(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class NaturalFrequency:
    """Both groups as 'about N out of D', with one denominator and both framings."""

    denominator: int
    intervention: int
    comparison: int

    @property
    def intervention_other(self) -> int:
        return self.denominator - self.intervention

    @property
    def comparison_other(self) -> int:
        return self.denominator - self.comparison

    @property
    def difference(self) -> int:
        return abs(self.intervention - self.comparison)


def natural_frequency(intervention_pct: float, comparison_pct: float) -> NaturalFrequency:
    """Counts out of 100, or out of 1,000 when 100 would hide a difference or a non-zero rate."""
    for denominator in (100, 1000):
        a = _round(intervention_pct * denominator / 100)
        b = _round(comparison_pct * denominator / 100)
        hides_nonzero = (a == 0 < intervention_pct) or (b == 0 < comparison_pct)
        hides_difference = a == b and intervention_pct != comparison_pct
        if not (hides_nonzero or hides_difference):
            return NaturalFrequency(denominator, a, b)
    return NaturalFrequency(1000, a, b)


@dataclass(frozen=True)
class Wording:
    """Which plain-language verb a finding earns (Cochrane plain-language convention)."""

    certainty: Certainty
    direction: str  # "lower" | "higher" | "no_clear_difference"

    @property
    def key(self) -> str:
        return f"{self.certainty.value}.{self.direction}"


def wording(certainty: Certainty, effect: Effect | None) -> Wording:
    """The wording for a finding of ``certainty`` whose main effect is ``effect``."""
    if effect is None or effect.includes_no_effect:
        return Wording(certainty, "no_clear_difference")
    null = 1.0 if effect.is_ratio else 0.0
    return Wording(certainty, "lower" if effect.value < null else "higher")
