"""Nothing leaves the page: long words, long names and long tables on A4 and Letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import char_boxes, make_project

from handout.cli import main

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
MARGIN_PT = 72 / 4  # ink stays a quarter inch (6.35 mm) from every edge: office printers' limit


def _outside(pdf: bytes) -> list[tuple[int, str]]:
    """Characters whose box comes closer than MARGIN_PT to an edge: (page, char)."""
    return [
        (number, char)
        for number, char, (left, bottom, right, top), width, height in char_boxes(pdf)
        if left < MARGIN_PT
        or right > width - MARGIN_PT
        or bottom < MARGIN_PT
        or top > height - MARGIN_PT
    ]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_words_names_and_tables_stay_on_the_page(
    tmp_path: Path, topic_text: str, paper: str
) -> None:
    text = topic_text.replace("name: TESTS trial", f"name: TESTS trial {LONG_WORD}", 1)
    text = text.replace(
        "    clinician: Subcutaneous injection", f"    clinician: Subcutaneous {LONG_WORD}", 1
    )
    root = make_project(tmp_path / "p", text)
    clinic = tmp_path / "c" / "clinic.yaml"
    clinic.parent.mkdir()
    clinic.write_text(
        f"name: {'Very Long Community Health Centre Name ' * 2}{LONG_WORD[:60]}\n"
        f"address: ['{LONG_WORD[:100]}']\nphone: '+1 555 0100'\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["build", "--root", str(root), "--out", str(out), "--paper", paper]
    assert main([*args, "--clinic", str(clinic)]) == 0
    for pdf in sorted(out.glob("*.pdf")):
        assert _outside(pdf.read_bytes()) == [], pdf.name
