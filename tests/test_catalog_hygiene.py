"""Catalog hygiene: translators get only what documents print, `handout i18n update` drops
obsolete entries (unless asked to keep them) and keeps the review status."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from babel.messages.pofile import read_po
from conftest import ROOT, TOPIC_ID, make_project

from handout.build.pipeline import Pipeline
from handout.cli import main
from handout.content.model import Topic
from handout.content.project import Project
from handout.content.texts import entries, replace, translatable
from handout.content.topic import load_topic
from handout.request import Request

# The "Words to know" box prints the glossary terms a leaflet uses, found in its text in each
# locale: which ones depends on the language, so every glossary entry is for translation.
CHOSEN_BY_USE = ("glossary[",)


def _field(context: str) -> str:
    """``evidence[tests-trial].outcomes[x].name.patient`` -> ``evidence[*].outcomes[*]...``"""
    return re.sub(r"\[[^\]]*\]", "[*]", context)


def _printed_contexts(topic: Topic) -> set[str]:
    """The contexts whose text reaches a document: every text is swapped for a marker, both
    audiences are rendered in English, and the markers found in the HTML are read back."""
    texts: dict[tuple[str | int, ...], str] = {}
    marker_of: dict[str, str] = {}
    for i, entry in enumerate(entries(topic)):
        marker = f"zqx{i}xqz"
        marker_of[marker] = entry.context
        texts[entry.loc] = marker
        if entry.twin is not None:
            texts[entry.twin] = marker
    marked = replace(topic, texts)
    found: set[str] = set()
    for audience in ("patient", "clinician"):
        request = Request(topics=(TOPIC_ID,), audience=audience, locales="en", root=ROOT)
        pipeline = Pipeline(Project.open(ROOT), request)
        for length in ("full", "brief"):  # the brief prints the cautions' short forms
            document = request.document(TOPIC_ID, audience, "en", length)
            html = pipeline.html(marked, document).html.lower()
            found |= {marker_of[m] for m in re.findall(r"zqx\d+xqz", html)}
    return found


def test_every_extracted_field_is_printed_by_a_template(topic: Topic) -> None:
    printed = _printed_contexts(topic)
    extracted = [e for e in translatable(topic) if not e.context.startswith(CHOSEN_BY_USE)]
    by_field: dict[str, list[str]] = {}
    for entry in extracted:
        by_field.setdefault(_field(entry.context), []).append(entry.context)
    never = sorted(f for f, contexts in by_field.items() if not set(contexts) & printed)
    assert never == [], "extracted for translation but printed by no template"
    # And what is left out really is never printed.
    left_out = [e.context for e in entries(topic) if not e.shown]
    assert left_out and not set(left_out) & printed
    # (A reference's kind is a code, worded by the templates: never extracted at all.)
    assert {_field(c) for c in left_out} >= {
        "review.note",
        "evidence_limits[*].text.patient",
        "evidence[*].outcomes[*].result.patient",
    }


def test_shipped_catalogs_have_no_obsolete_or_unprinted_entries(topic: Topic) -> None:
    left_out = {e.context for e in entries(topic) if not e.shown}
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        text = po.read_text(encoding="utf-8")
        assert "\n#~ " not in text, f"{po}: obsolete entries; run `handout i18n update`"
        with po.open("rb") as handle:
            contexts = {m.context for m in read_po(handle) if m.id}
        assert not contexts & left_out, po


def _update(root: Path, *extra: str) -> int:
    return main(["i18n", "update", "--root", str(root), "--locale", "es", *extra])


def test_update_drops_obsolete_entries_unless_asked_to_keep_them(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p", translations=True)
    po = root / "locales" / "es" / "LC_MESSAGES" / f"{TOPIC_ID}.po"
    stale = (
        '\n#~ msgctxt "gone.text"\n#~ msgid "A text the topic no longer has"\n#~ msgstr "Ya no"\n'
    )
    po.write_text(po.read_text(encoding="utf-8") + stale, encoding="utf-8")
    # A source text that changes: its old translation is offered, marked fuzzy.
    topic = root / "content" / f"{TOPIC_ID}.yaml"
    urgent = next(
        e.text for e in translatable(load_topic(topic)) if e.context == "consult.urgent[0]"
    )
    assert urgent in topic.read_text(encoding="utf-8")
    edited = topic.read_text(encoding="utf-8").replace(urgent, urgent + " Edited", 1)
    topic.write_text(edited, encoding="utf-8")
    assert main(["i18n", "extract", "--root", str(root)]) == 0

    assert _update(root, "--keep-obsolete") == 0
    kept = po.read_text(encoding="utf-8")
    assert '#~ msgid "A text the topic no longer has"' in kept

    assert _update(root) == 0
    capsys.readouterr()
    text = po.read_text(encoding="utf-8")
    assert "#~" not in text and "A text the topic no longer has" not in text
    with po.open("rb") as handle:
        catalog = read_po(handle)
    changed = next(m for m in catalog if m.context == "consult.urgent[0]")
    assert changed.id == urgent + " Edited" and changed.fuzzy and changed.string


def test_review_status_survives_update(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p", translations=True)
    folder = root / "locales" / "es" / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        text = po.read_text(encoding="utf-8")
        header = re.search(r'"X-Review-Status: [^"]*\\n"', text)
        assert header, po
        po.write_text(
            text.replace(
                header.group(0), '"X-Review-Status: reviewed by A. Tester, 2026-11-30\\n"'
            ),
            encoding="utf-8",
        )
    assert _update(root) == 0
    capsys.readouterr()
    for po in folder.glob("*.po"):
        text = po.read_text(encoding="utf-8")
        assert text.count("X-Review-Status:") == 1, po
        assert '"X-Review-Status: reviewed by A. Tester, 2026-11-30\\n"' in text, po
    # The shipped drafts keep theirs through an update too.
    shutil.rmtree(root / "locales" / "es")
    shutil.copytree(ROOT / "locales" / "es", root / "locales" / "es")
    assert _update(root) == 0
    assert "X-Review-Status: draft" in (folder / f"{TOPIC_ID}.po").read_text(encoding="utf-8")
