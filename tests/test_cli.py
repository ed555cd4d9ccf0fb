"""The command line: choices, exit codes, one-line errors, --help that tells the truth."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from handout.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list(capsys) -> None:
    code, out, _ = run(capsys, "list", "--root", str(ROOT))
    assert code == 0
    assert "topics:    thymosin-alpha-1" in out
    assert "audiences: patient, clinician" in out
    assert "locales:   ar, en, es, zh_Hans" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "nosuch"], "ERROR unknown topic 'nosuch'; choose from: thymosin-alpha-1\n"),
        (
            ["build", "--audience", "nurse"],
            "ERROR unknown audience 'nurse'; choose from: patient, clinician, all\n",
        ),
        (
            ["build", "--locale", "xx"],
            "ERROR unknown locale 'xx'; shipped locales: ar, en, es, zh_Hans (or all); "
            "a regional tag such as es-MX resolves to its language\n",
        ),
        (["check", "nosuch"], "ERROR unknown topic 'nosuch'; choose from: thymosin-alpha-1\n"),
    ],
)
def test_unknown_choices_are_one_line_errors(
    capsys, tmp_path: Path, argv: list[str], message: str
) -> None:
    code, _, err = (
        run(capsys, *argv, "--root", str(ROOT))
        if argv[0] == "check"
        else run(capsys, *argv, "--root", str(ROOT), "--out", str(tmp_path / "out"))
    )
    assert code == 2
    assert err == message
    assert not (tmp_path / "out").exists()


def test_root_without_content(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "list", "--root", str(tmp_path))
    assert code == 2
    assert err.startswith("ERROR ") and "no content/ folder" in err


def test_schema_is_json_schema(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"consult", "cautions", "regulatory", "evidence", "references"} <= set(
        schema["required"]
    )
    assert "additionalProperties" in schema["$defs"]["Caution"]


def test_check_reports_literacy_table(capsys) -> None:
    code, out, _ = run(capsys, "check", "--root", str(ROOT))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["topic", "locale", "length", "readability"]
    # A row for the full leaflet and one for the brief of each locale.
    rows = {line.split()[1]: line for line in lines[1:9] if line.split()[2] == "full"}
    assert set(rows) == {"ar", "en", "es", "zh_Hans"}
    assert re.match(
        r"thymosin-alpha-1 +en +full +Flesch-Kincaid grade \d\.\d \(<= 8\) .* pass$", rows["en"]
    )
    assert re.match(
        r"thymosin-alpha-1 +es +full +Fernandez-Huerta \d+\.\d \(>= 60\) .* pass$", rows["es"]
    )
    # No readability formula for Chinese and Arabic: sentence lengths and structure only.
    assert "sentence length only" in rows["zh_Hans"] and rows["zh_Hans"].endswith("pass")


def test_check_json(capsys) -> None:
    code, out, _ = run(capsys, "check", "--root", str(ROOT), "--format", "json", "--locale", "en")
    assert code == 0
    full, brief = json.loads(out)
    assert (full["length"], brief["length"]) == ("full", "brief")
    report = full
    assert report["topic"] == "thymosin-alpha-1" and report["locale"] == "en"
    assert report["readability"] == "Flesch-Kincaid grade"
    assert 0 < report["score"] <= 8
    assert report["undefined_jargon"] == []
    assert all(report["structure"].values())
    assert report["passed"] is True


def test_build_one_audience_prints_what_it_wrote(capsys, tmp_path: Path) -> None:
    out_dir = tmp_path / "pdfs"
    code, out, err = run(
        capsys,
        "build",
        "thymosin-alpha-1",
        "--audience",
        "patient",
        "--locale",
        "en",
        "--root",
        str(ROOT),
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    target = out_dir / "thymosin-alpha-1.patient.en.pdf"
    assert out.startswith(f"wrote {target} (")
    # no temp files left; the manifest records what made the PDF
    assert sorted(p.name for p in out_dir.iterdir()) == [".handout-manifest.json", target.name]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # readable like any new file


def test_help_describes_the_commands(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--audience", "--locale", "--out", "--root", "patient, clinician"):
        assert option in out


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "handout", "list", "--root", str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "thymosin-alpha-1" in result.stdout


def test_same_inputs_give_the_same_bytes(
    tmp_path: Path, built_all: dict[tuple[str, str], bytes]
) -> None:
    """A second build in another process, on another day's clock, gives identical PDFs
    (every audience and locale)."""
    out = tmp_path / "again"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0", "TZ": "Pacific/Kiritimati"}
    subprocess.run(
        [sys.executable, "-m", "handout", "build", "--root", str(ROOT), "--out", str(out)],
        check=True,
        capture_output=True,
        env=env,
    )
    assert len(built_all) == 8
    for (audience, locale), data in built_all.items():
        assert (out / f"thymosin-alpha-1.{audience}.{locale}.pdf").read_bytes() == data


def test_unwritable_output_is_a_clear_error(capsys, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    code, _, err = run(
        capsys, "build", "--audience", "patient", "--root", str(ROOT), "--out", str(blocker)
    )
    assert code == 2  # found before anything renders
    assert f"ERROR {blocker}: the output folder (--out) exists and is not a folder" in err
    assert blocker.read_text() == "not a folder"
