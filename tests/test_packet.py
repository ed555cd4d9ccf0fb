"""Packets: cover, contents whose page numbers are right, topics from new pages, bookmarks.

Only one real topic ships, so the second topic is a fixture: a copy of it under another id.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_FILE, make_project
from pypdf import PdfReader

from handout.cli import main
from handout.pdf.verify import normalize, pdf_text


@pytest.fixture(scope="module")
def packet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    where = tmp_path_factory.mktemp("packet")
    root = make_project(where / "project")
    copy = re.sub(r"(?m)^id: .*$", "id: fixture-topic", TOPIC_FILE.read_text(encoding="utf-8"))
    copy = copy.replace(
        'patient: "Thymosin alpha-1: what is known and what is not"',
        'patient: "Fixture topic: a copy for packet tests"',
    )
    (root / "content" / "fixture-topic.yaml").write_text(copy, encoding="utf-8")
    out = where / "packet.pdf"
    profile = ROOT / "clinics" / "example" / "clinic.yaml"
    args = ["packet", "thymosin-alpha-1", "fixture-topic", "--root", str(root), "-o", str(out)]
    assert main([*args, "--clinic", str(profile)]) == 0
    return out.read_bytes()


TITLES = [
    "Thymosin alpha-1: what is known and what is not",
    "Fixture topic: a copy for packet tests",
]


def test_cover_names_clinic_date_and_topics(packet: bytes) -> None:
    cover = normalize(pdf_text(packet)[0])
    assert "Example Community Clinic" in cover
    assert "Patient information packet" in cover
    assert "Content dated November 22, 2026" in cover
    for title in TITLES:
        assert title in cover


def test_contents_page_numbers_match_where_topics_start(packet: bytes) -> None:
    pages = [normalize(p) for p in pdf_text(packet)]
    contents = pages[1]
    assert contents.startswith("Contents")
    for title in TITLES:
        number = int(re.search(rf"{re.escape(title)}\s*\.+\s*(\d+)", contents).group(1))
        starts = next(i + 1 for i, page in enumerate(pages[2:], start=2) if title in page)
        assert number == starts, (title, number, starts)
        assert pages[number - 1].find(title) < pages[number - 1].find("Key points")


def test_each_topic_starts_a_new_page_and_furniture_counts_the_packet(packet: bytes) -> None:
    pages = pdf_text(packet)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in normalize(page)


def test_bookmarks_per_topic_and_section(packet: bytes) -> None:
    reader = PdfReader(io.BytesIO(packet))
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == TITLES
    sections = [item for item in reader.outline if isinstance(item, list)]
    assert len(sections) == 2
    for group in sections:
        names = [item.title for item in group]
        assert names[0] == "Key points" and "Talk to a provider" in names


def test_packet_rejects_unknown_topic_and_bad_name(tmp_path: Path, capsys) -> None:
    assert main(["packet", "nosuch", "--root", str(ROOT), "-o", str(tmp_path / "p.pdf")]) == 2
    assert "unknown topic 'nosuch'" in capsys.readouterr().err
    code = main(["packet", "thymosin-alpha-1", "--root", str(ROOT), "-o", str(tmp_path / "p.txt")])
    assert code == 2
    assert "must end in .pdf" in capsys.readouterr().err
