"""Unit tests of a topic's translatable texts: where each is, and swapping them."""

from __future__ import annotations

from handout.content.model import Topic
from handout.content.texts import entries, replace, typed_numbers


def test_entries_have_stable_contexts_and_skip_codes(topic: Topic) -> None:
    found = {e.context: e for e in entries(topic)}
    caution = topic.cautions[0]
    assert any(c.startswith(f"cautions[{caution.id}].") for c in found)
    assert not any(c.endswith(".id") or ".cites" in c for c in found)
    assert all(e.text.strip() for e in found.values())


def test_replace_swaps_only_the_given_locations(topic: Topic) -> None:
    entry = next(e for e in entries(topic) if e.context.startswith("cautions["))
    changed = replace(topic, {entry.loc: "REPLACED"})
    again = {e.context: e.text for e in entries(changed)}
    assert again[entry.context] == "REPLACED"
    assert changed.cautions[1:] == topic.cautions[1:]
    assert topic != changed  # the original is untouched (frozen models)


def test_typed_numbers_ignore_names_and_placeholders() -> None:
    assert typed_numbers("about 35 countries") == ["35"]
    assert typed_numbers("COVID-19 and IL-6 and Tα1 over {weeks}") == []
    assert typed_numbers("1,089 people, 0.8 mg") == ["1,089", "0.8"]
