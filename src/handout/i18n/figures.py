"""Figures: the numbers prose needs, formatted and pluralised for a locale.

Content text writes ``{name}``; the value lives under ``figures:`` in the topic. Translated text
therefore never types a number: the same value is formatted by Babel for each locale, and the
unit's plural form comes from the locale's ``messages`` catalog (Arabic has six forms).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..content.model import Figure, Unit
from ..content.texts import PLACEHOLDER
from .formatting import Formatter

Plural = Callable[[str, str, int], str]


def _with_unit(unit: Unit, count: int, ngettext: Plural) -> str:
    # Each call is spelled out so that `handout i18n extract` finds the strings.
    table: dict[Unit, Callable[[], str]] = {
        Unit.day: lambda: ngettext("%(num)s day", "%(num)s days", count),
        Unit.week: lambda: ngettext("%(num)s week", "%(num)s weeks", count),
        Unit.month: lambda: ngettext("%(num)s month", "%(num)s months", count),
        Unit.year: lambda: ngettext("%(num)s year", "%(num)s years", count),
        Unit.hour: lambda: ngettext("%(num)s hour", "%(num)s hours", count),
        Unit.minute: lambda: ngettext("%(num)s minute", "%(num)s minutes", count),
        Unit.study: lambda: ngettext("%(num)s study", "%(num)s studies", count),
        Unit.country: lambda: ngettext("%(num)s country", "%(num)s countries", count),
        Unit.person: lambda: ngettext("%(num)s person", "%(num)s people", count),
        Unit.amino_acid: lambda: ngettext("%(num)s amino acid", "%(num)s amino acids", count),
        Unit.mg: lambda: ngettext("%(num)s mg", "%(num)s mg", count),
        Unit.g: lambda: ngettext("%(num)s g", "%(num)s g", count),
        Unit.ug: lambda: ngettext("%(num)s µg", "%(num)s µg", count),
        Unit.mL: lambda: ngettext("%(num)s mL", "%(num)s mL", count),
        Unit.kg: lambda: ngettext("%(num)s kg", "%(num)s kg", count),
        Unit.cm: lambda: ngettext("%(num)s cm", "%(num)s cm", count),
        Unit.mmHg: lambda: ngettext("%(num)s mmHg", "%(num)s mmHg", count),
        Unit.egfr: lambda: ngettext("%(num)s mL/min/1.73 m²", "%(num)s mL/min/1.73 m²", count),
    }
    return table[unit]()


@dataclass(frozen=True)
class FigureWriter:
    """Writes a topic's figures in one locale."""

    fmt: Formatter
    translations: gettext.NullTranslations

    def write(self, figure: Figure) -> str:
        _ = self.translations.gettext
        value = self.fmt.percent(figure.value) if figure.percent else self.fmt.number(figure.value)
        if figure.to is not None:
            high = self.fmt.percent(figure.to) if figure.percent else self.fmt.number(figure.to)
            # A range of a figure, e.g. "grade 3 to 4".
            value = _("%(low)s to %(high)s") % {"low": value, "high": high}
        if figure.unit is None:
            return value
        count = figure.to if figure.to is not None else figure.value
        # Plural rules take whole numbers; a fraction reads with the "many" form in English.
        whole = int(count) if float(count).is_integer() else 2
        return _with_unit(figure.unit, whole, self.translations.ngettext) % {"num": value}

    def fill(self, text: str, figures: Mapping[str, Figure]) -> str:
        """``text`` with every ``{name}`` replaced by its formatted figure."""
        return PLACEHOLDER.sub(lambda m: self.write(figures[m.group(1)]), text)
