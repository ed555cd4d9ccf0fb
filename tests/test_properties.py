"""Property-based tests: any input builds or fails with a content error, never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from conftest import ROOT, TOPIC_FILE, icon_squares
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handout.content.model import RATIO_MEASURES, Certainty, Effect, Measure
from handout.content.project import Project
from handout.content.topic import load_topic_text
from handout.errors import ContentError
from handout.i18n.language import Language
from handout.render.context import Setting
from handout.render.document import Renderer
from handout.render.risk import (
    DENOMINATORS,
    RATIO_TOLERANCE,
    honest,
    icon_array_svg,
    natural_frequency,
    wording,
)

NAME = "content/thymosin-alpha-1.yaml"
BASE = yaml.safe_load(TOPIC_FILE.read_text(encoding="utf-8"))
RENDERER = Renderer(Project.open(ROOT).template_dirs)
ENGLISH = Language("en")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "NO", "yes", "1:30", "0755", "2025-02-30", "ref-article-lay", "draft"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


PATHS = _paths(BASE)


def _load(raw: bytes) -> Any:
    try:
        return load_topic_text(raw, NAME, expected_id="thymosin-alpha-1")
    except ContentError as exc:
        assert exc.problems, "a content error must say what is wrong"
        for problem in exc.problems:
            assert str(problem).startswith(f"{NAME}:{problem.line}:{problem.column}: ")
        return None


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    _load(raw)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_loads_or_fails_cleanly(text: str) -> None:
    _load(text.encode("utf-8"))


@SETTINGS
@given(st.sampled_from(PATHS), values, st.booleans())
def test_mutated_topic_builds_html_or_fails_with_a_content_error(
    path: tuple[Any, ...], value: Any, delete: bool
) -> None:
    data = copy.deepcopy(BASE)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    topic = _load(raw)
    if topic is None:
        return
    for audience in ("patient", "clinician"):
        # A topic the loader accepts must render, with the consult section in it.
        rendered = RENDERER.document(topic, Setting(audience, ENGLISH, digest="0" * 12))
        assert rendered.must["consult"]


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.floats(min_value=0, max_value=100, allow_nan=False),
)
def test_natural_frequencies_are_consistent(a: float, b: float) -> None:
    nf = natural_frequency(a, b)
    assert nf.denominator in DENOMINATORS
    assert 0 <= nf.intervention <= nf.denominator and 0 <= nf.comparison <= nf.denominator
    assert nf.intervention + nf.intervention_other == nf.denominator
    if a == b:
        assert nf.intervention == nf.comparison
    if a < b:
        assert nf.intervention <= nf.comparison
    # The denominator rule: the smallest denominator at which the rounded counts keep the
    # comparison (no hidden risk, no hidden difference, ratio within 10%).
    smaller = [d for d in DENOMINATORS if d < nf.denominator]
    assert not any(honest(a, b, d) for d in smaller)
    if honest(a, b, nf.denominator):
        assert (nf.intervention == 0) == (a == 0) and (nf.comparison == 0) == (b == 0)
        assert (nf.intervention == nf.comparison) == (a == b)
        if nf.intervention and nf.comparison:
            assert abs((nf.intervention / nf.comparison) / (a / b) - 1) <= RATIO_TOLERANCE
    else:  # nothing up to 100,000 keeps it: the largest is used
        assert nf.denominator == DENOMINATORS[-1]
    if nf.denominator <= 1000:
        filled, hollow = icon_squares(icon_array_svg(nf.intervention, nf.denominator))
        assert len(filled) == nf.intervention and len(hollow) == nf.denominator - nf.intervention
        assert len(set(filled) | set(hollow)) == nf.denominator  # no square drawn twice


@settings(max_examples=300, deadline=None)
@given(
    st.floats(min_value=0.05, max_value=99.0, allow_nan=False),
    st.floats(min_value=0.05, max_value=99.0, allow_nan=False),
)
def test_rates_a_source_reports_get_a_denominator_up_to_100000(a: float, b: float) -> None:
    """Rates of at least 0.05% (one decimal of a percent, as sources print them) always find
    an honest denominator, and the counts then give the comparison back within 10%."""
    a, b = round(a, 1) or 0.1, round(b, 1) or 0.1
    nf = natural_frequency(a, b)
    assert honest(a, b, nf.denominator)
    ratio = (nf.intervention / nf.comparison) / (a / b)
    assert abs(ratio - 1) <= RATIO_TOLERANCE


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(Measure)),
    st.floats(min_value=0.01, max_value=50, allow_nan=False),
    st.floats(min_value=0.0, max_value=5, allow_nan=False),
    st.floats(min_value=0.0, max_value=5, allow_nan=False),
    st.sampled_from(list(Certainty)),
)
def test_wording_follows_the_interval(
    measure: Measure, value: float, below: float, above: float, certainty: Certainty
) -> None:
    unit = "mg/L" if measure is Measure.MD else None
    ratio = measure in RATIO_MEASURES
    low, high = value - below, value + above
    if ratio and low <= 0:
        low = value / 2
    if measure is Measure.VE:
        high = min(high, 100)
    effect = Effect(measure=measure, value=value, ci=(low, high), unit=unit)
    w = wording(certainty, effect)
    null = 1.0 if ratio else 0.0
    if low <= null <= high:
        assert w.direction == "no_clear_difference"
    elif measure is Measure.VE:  # efficacy above zero means fewer cases
        assert w.direction == ("lower" if value > null else "higher")
    else:
        assert w.direction == ("lower" if value < null else "higher")
    assert w.key.startswith(certainty.value + ".")


# --- translation catalogs -----------------------------------------------------------------

PO_NAME = "locales/es/LC_MESSAGES/thymosin-alpha-1.po"
SPANISH = ROOT / "locales" / "es" / "LC_MESSAGES"
translations = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "%",
            "100%",
            "%(date)s",
            "%(nope)s",
            "%d",
            "{licensed_countries}",
            "{nope}",
            "{",
            "}",
            "{{x}}",
            "28 días",
            "COVID-19",
            '"',
            "\\",
            "\n",
        ]
    ),
)


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_as_a_catalog_read_or_fail_cleanly(tmp_path_factory, raw: bytes) -> None:
    from handout.i18n.po import read_catalog

    path = tmp_path_factory.mktemp("po") / "x.po"
    path.write_bytes(raw)
    try:
        read_catalog(path, PO_NAME, "es", python_format=False)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert str(problem).startswith(f"{PO_NAME}:{problem.line}:")


@SETTINGS
@given(st.sampled_from(["messages", "thymosin-alpha-1"]), st.integers(0, 10**6), translations)
def test_any_translation_renders_or_fails_with_a_clear_error(
    tmp_path_factory, domain: str, pick: int, text: str
) -> None:
    """Any msgstr in any entry: the locale loads and renders, or fails naming the file."""
    import shutil

    from babel.messages.pofile import read_po

    from handout.i18n.catalogs import _write
    from handout.i18n.language import Language
    from handout.i18n.po import load_catalogs, review_status

    root = tmp_path_factory.mktemp("project")
    folder = root / "es" / "LC_MESSAGES"
    shutil.copytree(SPANISH, folder)
    path = folder / f"{domain}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="es")
    messages = [m for m in catalog if m.id]
    message = messages[pick % len(messages)]
    if isinstance(message.id, tuple | list):
        message.string = tuple(text for _ in message.string)
    else:
        message.string = text
    _write(path, catalog, review_status(SPANISH / f"{domain}.po"))
    topic = load_topic_text(TOPIC_FILE.read_bytes(), NAME, expected_id="thymosin-alpha-1")
    try:
        catalogs = load_catalogs(root, "es", "locales/es/LC_MESSAGES", ["thymosin-alpha-1"])
    except ContentError as exc:
        assert all(str(p).startswith(f"locales/es/LC_MESSAGES/{domain}.po:") for p in exc.problems)
        return
    language = Language("es", catalogs)
    for audience in ("patient", "clinician"):
        # Catalogs the checks accept must render.
        rendered = RENDERER.document(topic, Setting(audience, language, digest="0" * 12))
        assert rendered.must["consult"]
