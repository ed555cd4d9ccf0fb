"""Risk arithmetic: per-group rates → natural frequencies; certainty → plain wording keys."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..content.model import Certainty, Effect


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


# Colour-blind-safe pair (Okabe–Ito vermillion and a dark grey); the second cue is the fill:
# affected people are filled squares, the others hollow squares.
AFFECTED_COLOUR = "#D55E00"
OTHER_COLOUR = "#404040"


def icon_array_svg(affected: int, total: int, rtl: bool = False) -> str:
    """An icon array as one small SVG: ``affected`` filled squares first, then hollow ones.

    "First" follows the reading direction: from the top left, or from the top right when
    ``rtl`` (Arabic, Hebrew).

    Two paths of straight lines (one per kind) instead of ``total`` elements or arcs: WeasyPrint
    draws it in about the time of an empty image (bench/bench.py measures it). Rows of 10 for
    100 people, rows of 40 for 1,000.
    """
    if not 0 <= affected <= total or total <= 0:
        raise ValueError(f"expected 0 <= affected <= total, found {affected} of {total}")
    columns = 10 if total <= 100 else 40
    cell, side = 10, 7.2
    margin = (cell - side) / 2
    filled: list[str] = []
    hollow: list[str] = []
    for i in range(total):
        column = columns - 1 - i % columns if rtl else i % columns
        x = column * cell + margin
        y = (i // columns) * cell + margin
        square = f"M{x:g} {y:g}h{side:g}v{side:g}h{-side:g}z"
        (filled if i < affected else hollow).append(square)
    rows = -(-total // columns)
    width, height = columns * cell, rows * cell
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
        f'<path fill="{AFFECTED_COLOUR}" d="{"".join(filled)}"/>'
        f'<path fill="none" stroke="{OTHER_COLOUR}" stroke-width="1.1" d="{"".join(hollow)}"/>'
        "</svg>"
    )


def icon_array_uri(affected: int, total: int, rtl: bool = False) -> str:
    """The icon array as a ``data:`` URI, for an ``<img>`` that carries alt text."""
    svg = icon_array_svg(affected, total, rtl).encode("ascii")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
