"""Rebuilds skip documents whose inputs are unchanged, and only those."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from handout.cli import main


def _run(capsys, root: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["build", "--root", str(root), "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_second_build_skips_and_changes_rebuild(scratch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    patient, clinician = (out / f"thymosin-alpha-1.{a}.en.pdf" for a in ("patient", "clinician"))
    code, stdout, _ = _run(capsys, scratch, out)
    assert code == 0 and stdout.count("wrote ") == 2
    manifest = json.loads((out / ".handout-manifest.json").read_text())
    assert set(manifest["documents"]) == {patient.name, clinician.name}

    code, stdout, _ = _run(capsys, scratch, out)
    assert code == 0
    assert stdout == f"2 unchanged in {out}: nothing to do (--force rebuilds)\n"
    assert "\r" not in stdout  # no progress bar when output is not a terminal

    # A tampered or deleted PDF is rebuilt; the other is left alone.
    patient.write_bytes(b"%PDF-1.7 broken")
    code, stdout, _ = _run(capsys, scratch, out)
    lines = stdout.splitlines()
    assert lines[0] == f"1 unchanged in {out} (--verbose lists them)"
    assert re.fullmatch(rf"wrote {re.escape(str(patient))} \(\d+ pages\)", lines[1])
    assert len(lines) == 2

    # A template change rebuilds every document that uses it.
    own = scratch / "templates"
    own.mkdir()
    from conftest import ROOT

    css = (ROOT / "templates" / "handout.css").read_text(encoding="utf-8")
    (own / "handout.css").write_text(css + "\n/* clinic tweak */\n", encoding="utf-8")
    code, stdout, _ = _run(capsys, scratch, out)
    assert stdout.count("wrote ") == 2

    # --force rebuilds even when nothing changed.
    code, stdout, _ = _run(capsys, scratch, out, "--force")
    assert stdout.count("wrote ") == 2


def test_content_change_rebuilds_that_topic(scratch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    _run(capsys, scratch, out)
    topic = scratch / "content" / "thymosin-alpha-1.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    code, stdout, _ = _run(capsys, scratch, out, "--audience", "patient")
    assert code == 0 and stdout.startswith("wrote ")


def test_nothing_to_do_loads_neither_content_model_nor_weasyprint(
    scratch: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    _run(capsys, scratch, out)
    probe = (
        "import sys\n"
        "from handout.cli import main\n"
        f"code = main(['build', '--root', {str(scratch)!r}, '--out', {str(out)!r}])\n"
        "print(code, 'weasyprint' in sys.modules, 'pydantic' in sys.modules, "
        "'jinja2' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "0 False False False"


def test_failed_document_is_not_recorded_as_current(scratch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    own = scratch / "templates"
    own.mkdir()
    (own / "patient.html.j2").write_text("{{ no_such_thing }}", encoding="utf-8")
    code, _, err = _run(capsys, scratch, out)
    assert code == 1 and "'no_such_thing' is undefined" in err
    (own / "patient.html.j2").unlink()
    code, stdout, _ = _run(capsys, scratch, out)
    assert code == 0 and "wrote " in stdout
