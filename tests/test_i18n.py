"""Unit tests of the i18n stage: locale resolution, formatting, figures, catalog checks."""

from __future__ import annotations

import gettext

import pytest

from handout.content.model import Figure
from handout.errors import ContentError, UsageError
from handout.i18n.figures import FigureWriter
from handout.i18n.formatting import Formatter, decimals, script_of
from handout.i18n.locales import pick_locales, resolve_locale
from handout.i18n.po import parse_catalog

SHIPPED = ("ar", "en", "es", "zh_Hans")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("es", "es"), ("es-MX", "es"), ("ES_mx", "es"), ("zh_CN", "zh_Hans"), ("zh-Hans", "zh_Hans"),
     ("ar_EG", "ar"), ("zh_TW", None), ("fr", None), ("../etc", None)],
)  # fmt: skip
def test_resolve_locale(tag: str, expected: str | None) -> None:
    assert resolve_locale(tag, SHIPPED) == expected


def test_pick_locales_lists_dedupes_and_refuses() -> None:
    assert pick_locales("es-MX, es ,en", SHIPPED) == ["es", "en"]
    assert pick_locales("all", SHIPPED) == list(SHIPPED)
    with pytest.raises(UsageError, match="unknown locale 'fr'; shipped locales: ar, en, es"):
        pick_locales("en,fr", SHIPPED)


def test_formatter_follows_the_locale() -> None:
    assert Formatter("es").percent(23.4) == "23,4\xa0%"
    assert Formatter("en").percent(23.4) == "23.4%"
    assert Formatter("en").number(1089) == "1,089"
    assert decimals(0.80, 1.27) == 2
    assert [script_of(x) for x in ("ar", "zh_Hans", "es")] == ["arabic", "han", "latin"]


def test_figures_are_written_with_plural_units() -> None:
    writer = FigureWriter(Formatter("en"), gettext.NullTranslations())
    assert writer.write(Figure(value=35, unit="country")) == "35 countries"
    assert writer.write(Figure(value=1, unit="day")) == "1 day"
    assert writer.fill("over {n}", {"n": Figure(value=2, to=4, unit="week")}).startswith("over 2")


def _po(msgstr: str, msgid: str = "%(num)s day", python: bool = True) -> bytes:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{msgid}"\nmsgstr "{msgstr}"\n'
    ).encode()


def test_catalog_checks_placeholders_and_typed_numbers() -> None:
    assert parse_catalog(_po("%(num)s día"), "m.po", "es", True)
    with pytest.raises(ContentError, match=r"m.po:5:1: %\(num\)s day: translation drops %\(num\)s"):
        parse_catalog(_po("día"), "m.po", "es", True)
    with pytest.raises(ContentError, match="translation types the number 7"):
        parse_catalog(_po("%(num)s día 7"), "m.po", "es", True)
