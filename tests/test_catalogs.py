"""Translation catalogs: extraction from templates and topics, update, status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import ROOT, make_project

from handout.cli import main
from handout.content.texts import translatable as topic_entries


def _read(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        return read_po(handle)


def test_shipped_topic_catalog_is_current(topic) -> None:
    pot = _read(ROOT / "locales" / f"{topic.id}.pot")
    in_pot = {(m.context, m.id) for m in pot if m.id}
    assert in_pot == {(e.context, e.text) for e in topic_entries(topic)}, "run `make pot`"


def test_entries_carry_field_path_and_audience(topic) -> None:
    entries = {e.context: e for e in topic_entries(topic)}
    caution = entries["cautions[hepatitis-c].text.patient"]
    assert caution.where == "cautions; patient document"
    assert "Do not use it" in caution.text
    assert entries["consult.urgent[0]"].where == "consult; patient leaflet and clinician brief"
    assert entries["glossary[Thymus].meaning"].where == "glossary; patient leaflet"
    # names, ids, citations and bibliographic data are not for translation
    assert not any(c.startswith("references[") and ".title" in c for c in entries)
    assert not any(c.endswith((".id", ".cites", ".brands", ".measure")) for c in entries)
    assert "names.generic" in entries  # INN names have local forms (timalfasina, 胸腺法新)


def test_extract_update_status_round_trip(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p")
    assert main(["i18n", "extract", "--root", str(root)]) == 0
    (root / "locales" / "es" / "LC_MESSAGES").mkdir(parents=True)
    assert main(["i18n", "update", "--root", str(root), "--locale", "es", "--new"]) == 0
    po = root / "locales" / "es" / "LC_MESSAGES" / "thymosin-alpha-1.po"
    catalog = _read(po)
    total = len([m for m in catalog if m.id])
    first = next(m for m in catalog if m.context == "consult.urgent[0]")
    first.string = "Traducción de prueba"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    capsys.readouterr()
    assert main(["i18n", "status", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert f"es       thymosin-alpha-1              1      0 {total - 1:>8}" in out

    # A changed source string turns its translation fuzzy on the next update.
    topic = root / "content" / "thymosin-alpha-1.yaml"
    old = first.id if isinstance(first.id, str) else first.id[0]
    text = topic.read_text(encoding="utf-8")
    assert old in text
    topic.write_text(text.replace(old, old + " Edited", 1), encoding="utf-8")
    assert main(["i18n", "extract", "--root", str(root)]) == 0
    assert main(["i18n", "update", "--root", str(root), "--locale", "es"]) == 0
    capsys.readouterr()
    assert main(["i18n", "status", "--root", str(root)]) == 0
    assert (
        f"es       thymosin-alpha-1              0      1 {total - 1:>8}" in capsys.readouterr().out
    )


def test_status_without_translations(tmp_path: Path, capsys) -> None:
    root = make_project(tmp_path / "p")
    shutil.rmtree(root / "locales" / "en", ignore_errors=True)
    assert main(["i18n", "status", "--root", str(root)]) == 0
    assert "no translations yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["update", "--locale", "xx", "--new"],
            "cannot start locale 'xx': expected a locale such as fr, pt_BR or zh_Hant",
        ),
        (
            ["update", "--locale", "../../outside", "--new"],
            "cannot start locale '../../outside': expected a locale such as fr, pt_BR or zh_Hant",
        ),
        (["status", "--locale", "fr"], "no catalogs for locale 'fr' (have: none)"),
        (["update", "--locale", "fr"], "no catalogs for locale 'fr' (have: none)"),
    ],
)
def test_bad_catalog_locales_are_one_line_errors(
    tmp_path: Path, capsys, argv: list[str], message: str
) -> None:
    root = make_project(tmp_path / "p")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert main(["i18n", *argv, "--root", str(root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR {message}") and err.count("\n") == 1
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_messages_pot_matches_templates() -> None:
    from handout.i18n.extract import messages_template

    extracted = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in messages_template((ROOT / "templates",))
        if m.id
    }
    assert "Key points" in extracted  # a template string
    assert "%(num)s country" in extracted  # a unit name of figures, from Python code
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert extracted == in_pot, "run `make pot` to refresh locales/messages.pot"
