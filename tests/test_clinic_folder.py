"""Translations for a clinic's project kept in its own folder (--root), with no locales/ of
its own to start with: handout's template catalogs fill in, the i18n commands say what is
missing, catalogs come in document order, and ``check`` does not score English as Spanish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handout.content.texts import translatable
from handout.content.topic import load_topic
from handout.i18n.catalogs import _write
from handout.i18n.po import review_status
from handout.pdf.verify import pdf_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "content" / "metformin.yaml"


def handout(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The command as a clinic runs it, in its own folder (not this repository)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "handout", *argv], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    (folder / "content").mkdir(parents=True)
    shutil.copy(FIXTURE, folder / "content" / "metformin.yaml")
    return folder


def _po(root: Path, domain: str) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{domain}.po"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    review = review_status(path)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    change(catalog)
    _write(path, catalog, review)


def test_i18n_commands_on_a_project_without_locales(clinic: Path) -> None:
    status = handout(clinic, "i18n", "status")
    assert status.returncode == 0 and "no translations yet" in status.stdout
    for argv in (
        ("i18n", "update"),
        ("i18n", "update", "--locale", "es"),
        ("i18n", "status", "--locale", "es"),
    ):
        result = handout(clinic, *argv)
        assert result.returncode == 2, argv
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("ERROR ") and "--new" in result.stderr, result.stderr
    assert not (clinic / "locales").exists()


def test_update_new_extracts_first_in_document_order(clinic: Path) -> None:
    result = handout(clinic, "i18n", "update", "--locale", "es", "--new")
    assert result.returncode == 0, result.stderr
    assert "wrote locales/metformin.pot" in result.stdout
    assert "updated locales/es/LC_MESSAGES/metformin.po" in result.stdout
    with _po(clinic, "metformin").open("rb") as handle:
        contexts = [m.context for m in read_po(handle) if m.id]
    topic = load_topic(clinic / "content" / "metformin.yaml")
    assert contexts == [e.context for e in translatable(topic)]  # the order of the topic
    assert contexts[:2] == ["names.common", "names.generic"]
    # handout's own Spanish template strings count: only the topic is left to translate.
    status = handout(clinic, "i18n", "status", "--locale", "es").stdout.splitlines()
    messages = next(line.split() for line in status if " messages " in f" {line} ")
    topic_row = next(line.split() for line in status if " metformin " in f" {line} ")
    assert messages[3:5] == ["0", "0"], status  # no fuzzy, none missing
    assert topic_row[2] == "0" and int(topic_row[4]) == len(contexts)


def test_check_says_not_translated_instead_of_scoring(clinic: Path) -> None:
    assert handout(clinic, "i18n", "update", "--locale", "es", "--new").returncode == 0
    with _po(clinic, "metformin").open("rb") as handle:
        count = sum(1 for m in read_po(handle) if m.id)
    result = handout(clinic, "check")
    assert result.returncode == 1
    assert f"FAIL metformin es all: not translated: {count} entries" in result.stdout
    assert "Fernández" not in result.stdout and "undefined jargon" not in result.stdout
    assert "FAIL metformin en" not in result.stdout


def test_shipped_messages_fill_in_and_the_project_overrides_entry_by_entry(clinic: Path) -> None:
    assert handout(clinic, "i18n", "update", "--locale", "es", "--new").returncode == 0

    def own_leaflet_name(catalog) -> None:  # type: ignore[no-untyped-def]
        catalog.get("Patient leaflet").string = "Hoja informativa de la clínica"

    def stand_in(catalog) -> None:  # type: ignore[no-untyped-def]
        for m in catalog:
            if m.id:
                m.string = m.id  # a stand-in translation (keeps every placeholder)

    _edit(_po(clinic, "messages"), own_leaflet_name)
    _edit(_po(clinic, "metformin"), stand_in)
    check = handout(clinic, "check", "--locale", "es")
    assert "not translated" not in check.stdout
    out = clinic / "out"
    argv = ("build", "--locale", "es", "--audience", "patient", "--out", "out")
    result = handout(clinic, *argv)
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(pdf_text((out / "metformin.patient.es.pdf").read_bytes())).split())
    assert "Hoja informativa de la clínica" in text  # the project's own entry
    assert "Hable con un profesional" in text or "Puntos clave" in text  # handout's entries
    assert "Folleto para pacientes" not in text
