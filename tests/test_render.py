"""Unit tests of rendering: the setting, must-text collection, translations as text."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import ROOT, rendered

from handout.content.project import Project
from handout.errors import RenderError
from handout.i18n.language import Language
from handout.literacy.htmltext import html_blocks, lang_spans, shown_blocks
from handout.render.context import Setting
from handout.render.document import Renderer
from handout.render.environment import translation_functions
from handout.render.must import MustCollector, read

ENGLISH = Language("en")


def test_setting_refuses_unknown_paper_and_audience() -> None:
    with pytest.raises(RenderError, match="unknown paper 'a3'"):
        Setting("patient", ENGLISH, paper="a3")
    with pytest.raises(RenderError, match="unknown audience 'nurse'"):
        Setting("nurse", ENGLISH)


def test_must_collector_reads_keys_parts_furniture_and_scopes() -> None:
    html = (
        '<div class="running"><span data-furniture="footer">T · P</span>'
        '<span data-furniture="page-word">Page</span></div>'
        '<section data-part="cautions"><ul><li data-must="caution:a"><b>Who:</b> text</li>'
        "<li>plain</li></ul></section><br><img src=x>"
        '<article data-scope="t2"><p data-must="caution:a">other <i>one</i></p>'
        '<span data-furniture="footer">F2</span><span data-furniture="page-word">Page</span>'
        "</article>"
    )
    found = MustCollector().walk(html)
    assert found.found == {"caution:a": "Who: text", "t2/caution:a": "other one"}
    assert found.parts == {"cautions"}
    assert found.furniture == {"footer": "T · P", "page-word": "Page", "t2/footer": "F2"}


def test_one_html_walker_separates_words_at_blocks_and_skips_margins() -> None:
    html = (
        '<html><head><title>T</title></head><body><div class="running">margin</div>'
        "<h2>Head</h2><p>One<br>two</p><ul><li>a</li><li>b</li></ul>"
        "<section data-glossary><p>gloss</p></section></body></html>"
    )
    assert html_blocks(html) == ["Head", "One", "two", "a", "b"]


def test_whole_page_text_keeps_glossary_and_sources_but_not_margins() -> None:
    html = (
        '<body><div class="running">margin</div><p>One</p>'
        '<section data-glossary><p>gloss</p></section><p data-readability="skip">src</p></body>'
    )
    assert shown_blocks(html) == ["One", "gloss", "src"]


@pytest.mark.parametrize(("audience", "locale"), [("patient", "en"), ("clinician", "ar")])
def test_one_parse_reads_what_three_separate_walks_read(audience: str, locale: str) -> None:
    """The must-texts, reading text and other-language parts of a real document come out of
    the single parse exactly as each walker alone finds them."""
    html = rendered(audience, locale).html
    together = read(html)
    alone = MustCollector().walk(html)
    assert together.must.found == alone.found and together.must.parts == alone.parts
    assert together.must.furniture == alone.furniture
    assert together.blocks == html_blocks(html)
    assert together.spans == lang_spans(html)
    assert together.must.found and together.blocks  # a real document, not an empty one
    if locale != "en":
        assert together.spans  # a translation carries English notices, marked as English


def _translations(pairs: dict[str, str]) -> gettext.GNUTranslations:
    catalog = Catalog(locale="es")
    for source, target in pairs.items():
        catalog.add(source, target)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_translated_template_strings_are_text_not_markup() -> None:
    hostile = {"Key points": "Puntos<style>li{color:transparent}</style>", "%(n)s x": "%(n)s <b>"}
    functions = translation_functions(_translations(hostile))
    assert (
        str(functions["_"]("Key points"))
        == "Puntos&lt;style&gt;li{color:transparent}&lt;/style&gt;"
    )
    assert str(functions["_"]("%(n)s x", n="<i>")) == "&lt;i&gt; &lt;b&gt;"


def test_renderer_does_not_change_its_environment_between_locales(topic) -> None:
    renderer = Renderer(Project.open(ROOT).template_dirs)
    before = dict(renderer.env.globals)
    spanish = Language("es")  # no catalogs: the source text, Spanish formatting
    renderer.document(topic, Setting("patient", spanish, digest="0" * 12))
    english = renderer.document(topic, Setting("patient", ENGLISH, digest="0" * 12))
    assert dict(renderer.env.globals) == before
    assert '<html lang="en"' in english.html


def test_fragment_is_the_page_content_only(topic) -> None:
    renderer = Renderer(Project.open(ROOT).template_dirs)
    setting = Setting("clinician", ENGLISH, digest="0" * 12)
    whole = renderer.document(topic, setting)
    fragment = renderer.document(topic, setting, fragment=True)
    assert whole.html.startswith("<!DOCTYPE html>") and "<body" in whole.html
    assert "<body" not in fragment.html and "<head>" not in fragment.html
    assert fragment.must == whole.must


def test_a_topic_is_localized_once_per_locale_and_again_when_it_changes() -> None:
    from handout.build.pipeline import Pipeline
    from handout.request import Request

    pipeline = Pipeline(Project.open(ROOT), Request(locales="es", root=ROOT))
    topic = next(iter(pipeline.load(Project.open(ROOT).topics).values()))
    spanish = pipeline.language("es")
    first, english = spanish.localize(topic)
    again, _ = spanish.localize(topic)
    assert again is first and english == []
    edited = topic.model_copy(update={"id": topic.id})  # a new version of the same topic
    assert spanish.localize(edited)[0] is not first
    assert spanish.localize(edited)[0].names == first.names
