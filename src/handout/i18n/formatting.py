"""Locales: translations for templates and Babel formatting of numbers, percents and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
)


def decimals(*values: float) -> int:
    """The most decimal places any of ``values`` was written with (0.80 counts as 0.8)."""
    places = 0
    for v in values:
        text = f"{abs(v):.10f}".rstrip("0")
        places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return places


def _pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


@dataclass(frozen=True)
class Formatter:
    """Formats numbers, percents, money and dates for one locale."""

    locale: str

    @property
    def babel(self) -> Locale:
        return Locale.parse(self.locale)

    @property
    def language_name(self) -> str:
        return self.babel.get_display_name(self.locale) or self.locale

    @property
    def decimal_symbol(self) -> str:
        return get_decimal_symbol(self.locale)

    def number(self, value: float, places: int | None = None) -> str:
        places = decimals(value) if places is None else places
        return format_decimal(value, format=_pattern(places), locale=self.locale)

    def percent(self, value: float, places: int | None = None) -> str:
        """``value`` is in percent (23.4 → '23.4%')."""
        places = decimals(value) if places is None else places
        # The locale's own pattern (es: "23,4 %"; en: "23.4%"), with the decimals we need.
        pattern = self.babel.percent_formats[None].pattern.replace("#,##0", _pattern(places), 1)
        return format_percent(value / 100, format=pattern, locale=self.locale)

    def money(self, value: float, currency: str) -> str:
        return format_currency(
            value, currency, format="¤#,##0", locale=self.locale, currency_digits=False
        )

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)


def script_of(locale: str) -> str:
    """The writing system a locale uses, as the stylesheet names it: latin, arabic, han."""
    parsed = Locale.parse(locale)
    language = parsed.language
    if language in {"ar", "fa", "ur"}:
        return "arabic"
    if language in {"zh", "ja"}:
        return "han"
    if language == "he":
        return "hebrew"
    return "latin"
