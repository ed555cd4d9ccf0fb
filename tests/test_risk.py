"""Natural frequencies and certainty wording."""

from __future__ import annotations

from handout.content.model import Certainty, Effect
from handout.render.risk import natural_frequency, wording


def test_rates_out_of_100() -> None:
    nf = natural_frequency(23.4, 24.1)
    assert (nf.denominator, nf.intervention, nf.comparison) == (100, 23, 24)
    assert (nf.intervention_other, nf.comparison_other) == (77, 76)


def test_thousand_when_100_hides_a_difference() -> None:
    nf = natural_frequency(23.4, 23.1)
    assert (nf.denominator, nf.intervention, nf.comparison) == (1000, 234, 231)


def test_thousand_when_100_rounds_a_real_risk_to_zero() -> None:
    nf = natural_frequency(0.3, 1.2)
    assert (nf.denominator, nf.intervention, nf.comparison) == (1000, 3, 12)


def test_thousand_when_100_misstates_the_ratio() -> None:
    """0.9% vs 2.3% out of 100 is 1 vs 2 (looks like half; the true ratio is 0.39)."""
    nf = natural_frequency(0.9, 2.3)
    assert (nf.denominator, nf.intervention, nf.comparison) == (1000, 9, 23)


def test_ten_thousand_for_rare_events() -> None:
    nf = natural_frequency(0.04, 0.11)
    assert (nf.denominator, nf.intervention, nf.comparison) == (10000, 4, 11)


def test_half_rounds_up_and_zero_stays_zero() -> None:
    assert natural_frequency(12.5, 0).intervention == 13
    assert natural_frequency(0, 0).denominator == 100


def test_interval_crossing_no_effect_is_no_clear_difference() -> None:
    e = Effect(measure="HR", value=0.99, ci=(0.77, 1.27), p=0.93)
    assert wording(Certainty.moderate, e).key == "moderate.no_clear_difference"


def test_direction_from_the_effect() -> None:
    lower = Effect(measure="RR", value=0.68, ci=(0.59, 0.78))
    higher = Effect(measure="OR", value=1.5, ci=(1.1, 2.1))
    assert wording(Certainty.low, lower).key == "low.lower"
    assert wording(Certainty.very_low, higher).key == "very_low.higher"


def test_icon_array_groups_affected_first_and_counts() -> None:
    import re

    from handout.render.risk import icon_array_svg

    svg = icon_array_svg(23, 100)
    filled, hollow = re.findall(r'd="([^"]*)"', svg)
    assert filled.count("z") == 23 and hollow.count("z") == 77
    # grouped: the first hollow square comes after the last filled one in reading order
    assert filled.startswith("M1.4 1.4h") and hollow.startswith("M31.4 21.4h")
    assert 'viewBox="0 0 100 100"' in svg


def test_icon_array_for_1000_and_bad_counts() -> None:
    import pytest

    from handout.render.risk import icon_array_svg

    assert 'viewBox="0 0 400 250"' in icon_array_svg(3, 1000)
    with pytest.raises(ValueError):
        icon_array_svg(101, 100)
