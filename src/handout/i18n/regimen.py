"""Regimens in words: amounts, routes, frequencies and schedules, for one locale and reader.

Every string is a catalog string (plural-aware where a number is counted), spelled out in a
call so that `handout i18n extract` finds it; numbers are formatted by Babel. A schedule of
two doses a day reads "twice a day" in English and "dos veces al día" in Spanish: nothing
here can print "14 times weekly".
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass

from ..content.regimen import Amount, DoseUnit, Duration, Frequency, Period, Route, Schedule
from .formatting import Formatter


def _is_range(value: float, to: float | None) -> bool:
    """Whether a value with an upper end reads as a range ("12 to 12 weeks" is 12 weeks)."""
    return to is not None and to != value


def _count(value: float) -> int:
    """The number plural rules see: whole numbers as they are, fractions as 'many'."""
    return int(value) if float(value).is_integer() else 2


@dataclass(frozen=True)
class RegimenWriter:
    """Writes regimens in one locale."""

    fmt: Formatter
    translations: gettext.NullTranslations

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def _plural(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def _number(self, value: float, to: float | None) -> str:
        if to is None or not _is_range(value, to):
            return self.fmt.number(value)
        _ = self._
        return _("%(low)s to %(high)s") % {
            "low": self.fmt.number(value),
            "high": self.fmt.number(to),
        }

    def amount(self, amount: Amount) -> str:
        """'500 mg', '1 to 2 tablets', '0.5 mL'."""
        n = _count(amount.to if amount.to is not None else amount.value)
        return self._unit(amount.unit, n) % {"num": self._number(amount.value, amount.to)}

    def _unit(self, unit: DoseUnit, n: int) -> str:
        ngettext = self._plural
        table = {
            DoseUnit.mg: lambda: ngettext("%(num)s mg", "%(num)s mg", n),
            DoseUnit.g: lambda: ngettext("%(num)s g", "%(num)s g", n),
            DoseUnit.ug: lambda: ngettext("%(num)s µg", "%(num)s µg", n),
            DoseUnit.mL: lambda: ngettext("%(num)s mL", "%(num)s mL", n),
            DoseUnit.units: lambda: ngettext("%(num)s unit", "%(num)s units", n),
            DoseUnit.IU: lambda: ngettext("%(num)s IU", "%(num)s IU", n),
            DoseUnit.tablet: lambda: ngettext("%(num)s tablet", "%(num)s tablets", n),
            DoseUnit.capsule: lambda: ngettext("%(num)s capsule", "%(num)s capsules", n),
            DoseUnit.puff: lambda: ngettext("%(num)s puff", "%(num)s puffs", n),
            DoseUnit.drop: lambda: ngettext("%(num)s drop", "%(num)s drops", n),
            DoseUnit.sachet: lambda: ngettext("%(num)s sachet", "%(num)s sachets", n),
            DoseUnit.patch: lambda: ngettext("%(num)s patch", "%(num)s patches", n),
            DoseUnit.spray: lambda: ngettext("%(num)s spray", "%(num)s sprays", n),
            DoseUnit.dose: lambda: ngettext("%(num)s dose", "%(num)s doses", n),
        }
        return table[unit]()

    def route(self, route: Route, audience: str) -> str:
        _ = self._
        if audience == "patient":
            patient = {
                Route.oral: lambda: _("by mouth"),
                Route.subcutaneous: lambda: _("as a shot under the skin"),
                Route.intramuscular: lambda: _("as a shot into a muscle"),
                Route.intravenous: lambda: _("into a vein (a drip or shot)"),
                Route.intranasal: lambda: _("as a spray into the nose"),
                Route.inhaled: lambda: _("breathed in from an inhaler"),
                Route.sublingual: lambda: _("under the tongue"),
                Route.topical: lambda: _("on the skin"),
                Route.transdermal: lambda: _("as a patch on the skin"),
                Route.eye: lambda: _("in the eye"),
                Route.rectal: lambda: _("in the back passage"),
            }
            return patient[route]()
        clinician = {
            Route.oral: lambda: _("orally"),
            Route.subcutaneous: lambda: _("by subcutaneous injection"),
            Route.intramuscular: lambda: _("by intramuscular injection"),
            Route.intravenous: lambda: _("intravenously"),
            Route.intranasal: lambda: _("intranasally"),
            Route.inhaled: lambda: _("by inhalation"),
            Route.sublingual: lambda: _("sublingually"),
            Route.topical: lambda: _("topically"),
            Route.transdermal: lambda: _("transdermally"),
            Route.eye: lambda: _("into the eye"),
            Route.rectal: lambda: _("rectally"),
        }
        return clinician[route]()

    def frequency(self, f: Frequency) -> str:
        """'once a day', 'twice a week', '3 times a day', 'every 8 hours', 'once a year'."""
        _, ngettext = self._, self._plural
        if f.once:
            return _("as a single dose")
        if f.as_needed:
            return _("when needed")
        if f.every_hours is not None:
            n = f.every_hours
            return ngettext("every %(num)s hour", "every %(num)s hours", n) % {
                "num": self.fmt.number(n)
            }
        n, per = f.times or 1, f.per
        if per is Period.season:
            if n == 1:
                return _("once each season")
            return ngettext("%(num)s time each season", "%(num)s times each season", n) % {
                "num": self.fmt.number(n)
            }
        once = {
            Period.day: lambda: _("once a day"),
            Period.week: lambda: _("once a week"),
            Period.month: lambda: _("once a month"),
            Period.year: lambda: _("once a year"),
        }
        twice = {
            Period.day: lambda: _("twice a day"),
            Period.week: lambda: _("twice a week"),
            Period.month: lambda: _("twice a month"),
            Period.year: lambda: _("twice a year"),
        }
        if n == 1:
            return once[per]()  # type: ignore[index]
        if n == 2:
            return twice[per]()  # type: ignore[index]
        many = {
            Period.day: lambda: ngettext("%(num)s time a day", "%(num)s times a day", n),
            Period.week: lambda: ngettext("%(num)s time a week", "%(num)s times a week", n),
            Period.month: lambda: ngettext("%(num)s time a month", "%(num)s times a month", n),
            Period.year: lambda: ngettext("%(num)s time a year", "%(num)s times a year", n),
        }
        return many[per]() % {"num": self.fmt.number(n)}  # type: ignore[index]

    def span(self, d: Duration) -> str:
        """'4 to 12 weeks', '1 year'."""
        ngettext = self._plural
        n = _count(d.to if d.to is not None else d.value)
        units = {
            "day": lambda: ngettext("%(num)s day", "%(num)s days", n),
            "week": lambda: ngettext("%(num)s week", "%(num)s weeks", n),
            "month": lambda: ngettext("%(num)s month", "%(num)s months", n),
            "year": lambda: ngettext("%(num)s year", "%(num)s years", n),
        }
        return units[d.unit.value]() % {"num": self._number(d.value, d.to)}

    def every(self, d: Duration) -> str:
        """'every week', 'every 2 weeks', 'every 1 to 2 weeks'."""
        _ = self._
        if d.value == 1 and d.to is None:
            single = {
                "day": lambda: _("every day"),
                "week": lambda: _("every week"),
                "month": lambda: _("every month"),
                "year": lambda: _("every year"),
            }
            return single[d.unit.value]()
        return _("every %(span)s") % {"span": self.span(d)}

    def sentences(self, s: Schedule, audience: str, who: str | None, note: str | None) -> list[str]:
        """The schedule ``s`` as sentences for ``audience``; ``who`` and ``note`` are its texts
        already in this locale."""
        _ = self._
        route = self.route(s.route, audience)
        if s.site is not None:
            site = str(getattr(s.site, audience))
            route = _("%(route)s (%(site)s)") % {"route": route, "site": site}
        how = {"route": route, "frequency": self.frequency(s.frequency)}
        bare = audience == "patient" and not s.amount.whole
        if bare:
            # Patients get no decimals: the amount is for the person giving it.
            dose = _("given %(route)s, %(frequency)s") % how
        else:
            dose = _("%(amount)s %(route)s, %(frequency)s") % {
                **how,
                "amount": self.amount(s.amount),
            }
        if s.duration is not None:
            dose = _("%(dose)s, for %(span)s") % {"dose": dose, "span": self.span(s.duration)}
        if note:
            dose = _("%(dose)s; %(note)s") % {"dose": dose, "note": note}
        if s.study and who:
            lead = _("In studies, %(who)s: %(dose)s.") % {"who": who, "dose": dose}
        elif s.study:
            lead = _("In studies: %(dose)s.") % {"dose": dose}
        elif who:
            lead = _("%(who)s: %(dose)s.") % {"who": who, "dose": dose}
        elif bare:
            lead = _("It is usually %(dose)s.") % {"dose": dose}
        else:
            lead = _("Usual dose: %(dose)s.") % {"dose": dose}
        out = [lead]
        whole = audience != "patient" or s.amount.whole
        if s.start is not None and whole:
            start = {
                "amount": self.amount(s.start.amount),
                "frequency": self.frequency(s.start.frequency),
            }
            out.append(_("Start with %(amount)s %(frequency)s.") % start)
        if s.increase is not None and whole:
            step = {"amount": self.amount(s.increase.by), "every": self.every(s.increase.every)}
            out.append(_("The dose may be raised by %(amount)s %(every)s.") % step)
        if s.max_per_day is not None and whole:
            out.append(_("No more than %(amount)s a day.") % {"amount": self.amount(s.max_per_day)})
        if s.studied_for is not None:
            span = self.span(s.studied_for)
            if _is_range(s.studied_for.value, s.studied_for.to):
                # a range takes its own words: "from 4 to 12 weeks", "de 4 a 12 semanas"
                out.append(_("Most studies lasted from %(span)s.") % {"span": span})
            else:
                out.append(_("Most studies lasted %(span)s.") % {"span": span})
        return out
