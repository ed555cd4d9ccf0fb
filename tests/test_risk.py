"""Natural frequencies and certainty wording."""

from __future__ import annotations

from conftest import icon_squares

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

    from handout.render.risk import icon_array_svg

    svg = icon_array_svg(23, 100)
    filled, hollow = icon_squares(svg)
    reading = [(i % 10, i // 10) for i in range(100)]  # left to right, row by row
    # grouped: the 23 first in reading order are filled, the 77 after them hollow
    assert sorted(filled, key=reading.index) == reading[:23]
    assert sorted(hollow, key=reading.index) == reading[23:]
    assert 'viewBox="0 0 100 100"' in svg


def test_icon_array_for_1000_and_bad_counts() -> None:
    import pytest

    from handout.render.risk import icon_array_svg

    svg = icon_array_svg(3, 1000)
    assert 'viewBox="0 0 400 250"' in svg
    filled, hollow = icon_squares(svg)
    assert filled == [(0, 0), (1, 0), (2, 0)] and len(set(hollow)) == len(hollow) == 997
    assert {(c, r) for c in range(40) for r in range(25)} == set(filled) | set(hollow)
    with pytest.raises(ValueError):
        icon_array_svg(101, 100)


def test_icon_array_draws_its_squares_on_the_page() -> None:
    """Rendered through WeasyPrint and read back with PDFium: each filled square is
    vermillion at its centre, each hollow square white at its centre and grey on its sides,
    and the gaps between squares white, in reading order from the right in Arabic."""
    import base64
    import ctypes

    import pypdfium2 as pdfium
    from weasyprint import HTML

    from handout.render.risk import icon_array_svg

    scale = 4  # pixels per SVG unit: a 10-unit cell is 40 px, a side line 4.4 px wide
    for affected, total, rtl in ((23, 100, False), (3, 100, True), (41, 1000, False)):
        svg = icon_array_svg(affected, total, rtl)
        columns = 10 if total <= 100 else 40
        rows = -(-total // columns)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        size = f"{columns * 10 * 0.75}pt {rows * 10 * 0.75}pt"  # 1 SVG unit = 1 px = 0.75 pt
        html = (
            f"<style>@page {{ size: {size}; margin: 0 }} body {{ margin: 0 }} "
            f"img {{ display: block; width: {columns * 10}px }}</style><img src='{uri}'>"
        )
        page = pdfium.PdfDocument(HTML(string=html).write_pdf())[0]
        bitmap = page.render(scale=scale / 0.75)  # PDFium: 1 pt = scale / 0.75 px
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        data = ctypes.string_at(bitmap.buffer, stride * height)
        assert (width, height) == (columns * 10 * scale, rows * 10 * scale), (width, height)

        def rgb(x: float, y: float, data: bytes = data, stride: int = stride) -> tuple[int, ...]:
            at = int(y * scale) * stride + int(x * scale) * 3
            b, g, r = data[at], data[at + 1], data[at + 2]  # PDFium writes BGR
            return r, g, b

        for i in range(total):
            column = columns - 1 - i % columns if rtl else i % columns
            x, y = column * 10, (i // columns) * 10
            centre, side, gap = rgb(x + 5, y + 5), rgb(x + 1.4, y + 5), rgb(x + 0.3, y + 5)
            if i < affected:
                assert centre == (0xD5, 0x5E, 0x00), (i, centre)
            else:
                assert centre == (255, 255, 255) and side == (0x40, 0x40, 0x40), (i, centre, side)
            assert gap == (255, 255, 255), (i, gap)
