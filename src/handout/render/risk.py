"""Risk arithmetic: per-group rates → natural frequencies (the denominator rule); certainty →
plain wording keys; icon arrays."""

from __future__ import annotations

import base64
from collections.abc import Iterator
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


# The denominator rule (docs/content-model.md, "Natural frequencies"): the smallest of
# 100, 1,000, 10,000 and 100,000 at which rounding both groups to whole people
#   1. leaves no real risk at zero (and makes no zero risk non-zero),
#   2. leaves different risks different (and equal risks equal), and
#   3. keeps the ratio of the two rounded counts within 10% of the true ratio,
# so that neither rounded figure misstates the comparison: 0.9% vs 2.3% is 1 vs 2 out of 100
# (a ratio of 0.50 for a true 0.39), so it is 9 vs 23 out of 1,000.
DENOMINATORS = (100, 1_000, 10_000, 100_000)
RATIO_TOLERANCE = 0.10


def honest(a_pct: float, b_pct: float, denominator: int) -> bool:
    """True when counts out of ``denominator`` keep the comparison of the two rates."""
    a = _round(a_pct * denominator / 100)
    b = _round(b_pct * denominator / 100)
    if (a == 0) != (a_pct == 0) or (b == 0) != (b_pct == 0):
        return False
    if (a == b) != (a_pct == b_pct):
        return False
    if a and b:
        rounded, true = a / b, a_pct / b_pct
        if abs(rounded / true - 1) > RATIO_TOLERANCE:
            return False
    return True


def natural_frequency(intervention_pct: float, comparison_pct: float) -> NaturalFrequency:
    """Both rates as counts out of one denominator, the smallest that keeps them honest
    (``honest``); 100,000 when none of them does."""
    chosen = next(
        (d for d in DENOMINATORS if honest(intervention_pct, comparison_pct, d)), DENOMINATORS[-1]
    )
    return NaturalFrequency(
        chosen,
        _round(intervention_pct * chosen / 100),
        _round(comparison_pct * chosen / 100),
    )


def shared_frequencies(pairs: list[tuple[float, float]]) -> tuple[int, list[tuple[int, int]]]:
    """Several outcomes' two rates (percents) as counts out of ONE denominator, for a fact box:
    the largest of the denominators ``natural_frequency`` picks for each pair, so that every
    row stays honest."""
    if not pairs:
        return DENOMINATORS[0], []
    chosen = max(natural_frequency(a, b).denominator for a, b in pairs)
    return chosen, [(_round(a * chosen / 100), _round(b * chosen / 100)) for a, b in pairs]


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
    return Wording(certainty, "lower" if effect.fewer else "higher")


# Colour-blind-safe pair (Okabe–Ito vermillion and a dark grey); the second cue is the fill:
# affected people are filled squares, the others hollow squares.
AFFECTED_COLOUR = "#D55E00"
OTHER_COLOUR = "#404040"


CELL, SIDE, EDGE = 10, 7.2, 1.1  # a square's cell, its side and a hollow square's line width


def _runs(
    affected: int, total: int, columns: int, rtl: bool
) -> Iterator[tuple[int, int, int, bool]]:
    """Each row's runs of squares of one kind: (row, leftmost column, squares, filled).

    Squares are counted in reading order, affected first: from the left of each row, or
    from its right when ``rtl``.
    """
    for row in range(-(-total // columns)):
        first, last = row * columns, min((row + 1) * columns, total)
        split = min(max(affected, first), last)
        for low, high, filled in ((first, split, True), (split, last, False)):
            if high > low:
                column = low - first
                if rtl:
                    column = columns - column - (high - low)
                yield row, column, high - low, filled


def icon_array_svg(affected: int, total: int, rtl: bool = False) -> str:
    """An icon array as one small SVG: ``affected`` filled squares first, then hollow ones.

    "First" follows the reading direction: from the top left, or from the top right when
    ``rtl`` (Arabic, Hebrew). Rows of 10 for 100 people, rows of 40 for 1,000.

    Each run of squares on a row is a dashed line, not a shape per square: a filled run is a
    line as thick as a square with dashes a square long; a hollow run is its top and bottom
    edges and its sides, dashed too. Three paths in all (a dash pattern starts again with each
    line of a path, in PDF and in browsers): WeasyPrint parses SVG paths in Python, and two
    arrays of 1,000 squares drawn one by one cost about 200 ms a document (bench/bench.py).
    """
    if not 0 <= affected <= total or total <= 0:
        raise ValueError(f"expected 0 <= affected <= total, found {affected} of {total}")
    columns = 10 if total <= 100 else 40
    margin, half = (CELL - SIDE) / 2, EDGE / 2
    filled: list[str] = []
    edges: list[str] = []
    sides: list[str] = []
    for row, column, count, full in _runs(affected, total, columns, rtl):
        x0 = column * CELL + margin  # the run's first square's left side
        x1 = (column + count) * CELL - margin  # its last square's right side
        top, middle = row * CELL + margin, row * CELL + CELL / 2
        if full:
            filled.append(f"M{x0:g} {middle:g}H{x1:g}")
        else:
            left, right = x0 - half, x1 + half  # over the corners
            edges.append(f"M{left:g} {top:g}H{right:g}M{left:g} {top + SIDE:g}H{right:g}")
            sides.append(f"M{left:g} {middle:g}H{right:g}")
    paths = [
        (AFFECTED_COLOUR, SIDE, (SIDE, CELL - SIDE), filled),
        (OTHER_COLOUR, EDGE, (SIDE + EDGE, CELL - SIDE - EDGE), edges),
        (OTHER_COLOUR, SIDE, (EDGE, SIDE - EDGE, EDGE, CELL - SIDE - EDGE), sides),
    ]
    width, height = columns * CELL, -(-total // columns) * CELL
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" fill="none">'
        + "".join(
            f'<path stroke="{colour}" stroke-width="{line:g}" '
            f'stroke-dasharray="{" ".join(f"{d:g}" for d in dashes)}" d="{"".join(runs)}"/>'
            for colour, line, dashes, runs in paths
            if runs
        )
        + "</svg>"
    )


def icon_array_uri(affected: int, total: int, rtl: bool = False) -> str:
    """The icon array as a ``data:`` URI, for an ``<img>`` that carries alt text."""
    svg = icon_array_svg(affected, total, rtl).encode("ascii")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
