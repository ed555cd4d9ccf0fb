"""Compiled templates kept in the user's cache folder: faster, never different, never unsafe."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID

from handout.api import build_pdf


def _pdf() -> bytes:
    return build_pdf(TOPIC_ID, "patient", "en", root=ROOT)


def test_compiled_templates_are_kept_privately_and_change_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = _pdf()  # compiles the templates and keeps them
    (folder,) = (tmp_path / "cache" / "handout").iterdir()
    assert sorted(p.suffix for p in folder.iterdir()) == [".cache"] * 3  # base, macros, patient
    for private in (tmp_path / "cache" / "handout", folder):
        assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert _pdf() == first  # from the kept code: the same bytes

    # A cache that cannot be made (here a file stands where its folder would be) is no error.
    (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "blocked"))
    assert _pdf() == first


def test_a_cache_folder_others_can_write_to_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "cache" / "handout"
    shared.mkdir(parents=True)
    shared.chmod(0o777)  # anyone could plant compiled code here: it must not be read or written
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _pdf().startswith(b"%PDF-")
    assert list(shared.iterdir()) == []
