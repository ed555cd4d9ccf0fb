"""`handout check` names the YAML line of each literacy problem one text explains: undefined
jargon (a term missing from the glossary), a hard paragraph, a repeated sentence."""

from __future__ import annotations

from pathlib import Path

from conftest import make_project
from test_literacy import HARD, _replace_mechanism_patient

from handout.cli import main

FILE = "content/thymosin-alpha-1.yaml"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _mechanism(text: str) -> str:
    """Where messages place mechanism.patient: at its value (the `>-` of the block)."""
    return f"{FILE}:{_line_of(text, 'mechanism:') + 1}:12: mechanism.patient"


def _check(root: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = main(["check", "--root", str(root), "--locale", "en"])
    return code, capsys.readouterr().out


def test_undefined_jargon_names_its_line(tmp_path: Path, topic_text: str, capsys) -> None:
    text = _replace_mechanism_patient(topic_text, "It may calm leukocytosis in some people.")
    root = make_project(tmp_path / "p", text)
    code, out = _check(root, capsys)
    assert code == 1
    wanted = f"FAIL {_mechanism(text)}: undefined jargon 'leukocytosis': define it under glossary:"
    assert wanted in out, out


def test_hard_paragraph_names_its_line(tmp_path: Path, topic_text: str, capsys) -> None:
    hard = ", and ".join([HARD.rstrip(".")] * 7) + "."
    text = _replace_mechanism_patient(topic_text, hard)
    root = make_project(tmp_path / "p", text)
    code, out = _check(root, capsys)
    assert code == 1
    assert f"FAIL {_mechanism(text)}: a paragraph reads at grade" in out, out


def test_repeated_sentence_names_both_lines(tmp_path: Path, topic_text: str, capsys) -> None:
    said = "Keep the box in a cool and dry place at home."
    text = _replace_mechanism_patient(topic_text, f"It helps the immune system. {said}")
    at = text.index('- "', text.index("key_points:")) + 3  # the first patient key point
    text = text[:at] + f"{said} " + text[at:]
    root = make_project(tmp_path / "p", text)
    _, out = _check(root, capsys)
    first = _line_of(text, f'"{said} ')
    note = next(line for line in out.splitlines() if "repeated sentence" in line and "cool" in line)
    assert note.startswith(f"note {FILE}:{first}:7: key_points.patient[0], "), note
    assert f"{_mechanism(text)}: repeated sentence (2 times)" in note, note
