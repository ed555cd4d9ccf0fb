"""`handout new`: a topic to start from, with every section, the editor's schema line and
TODO placeholders that check and build report at their lines until they are written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handout.cli import main
from handout.cli.writing import KINDS
from handout.content.model import Kind, json_schema
from handout.pdf.verify import normalize, pdf_text

TODO = re.compile(r'"TODO: ([^"]*)"')


def test_the_command_offers_every_kind_of_the_model() -> None:
    assert tuple(k.value for k in Kind) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_new_topic_lists_what_is_still_to_write(tmp_path: Path, kind: str, capsys) -> None:
    assert main(["new", "my-topic", "--kind", kind, "--root", str(tmp_path)]) == 0
    path = tmp_path / "content" / "my-topic.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=topic.schema.json\n")
    schema = json.loads((tmp_path / "content" / "topic.schema.json").read_text(encoding="utf-8"))
    assert schema == json_schema()
    assert f"kind: {kind}\n" in text and "consult:" in text and "cautions:" in text
    capsys.readouterr()
    assert main(["check", "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    lines = [
        i + 1
        for i, line in enumerate(text.splitlines())
        if TODO.search(line) and not line.lstrip().startswith("#")
    ]
    for line in lines:
        assert re.search(
            rf"^ERROR content/my-topic\.yaml:{line}:\d+: [\w.\[\]]+: still to write: TODO: ",
            err,
            re.M,
        ), line
    assert f"ERROR {len(lines)} problem(s); nothing was written" in err
    # The build refuses it too, and writes nothing.
    out = tmp_path / "out"
    assert main(["build", "--root", str(tmp_path), "--out", str(out), "--locale", "en"]) == 2
    assert not out.exists() or not any(out.iterdir())


def test_new_never_overwrites(tmp_path: Path, capsys) -> None:
    assert main(["new", "my-topic", "--kind", "medicine", "--root", str(tmp_path)]) == 0
    path = tmp_path / "content" / "my-topic.yaml"
    path.write_text("# my work\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "my-topic", "--kind", "vaccine", "--root", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# my work\n"
    assert main(["new", "My Topic", "--kind", "vaccine", "--root", str(tmp_path)]) == 2
    assert "cannot be a topic id" in capsys.readouterr().err


def test_a_filled_in_scaffold_builds(tmp_path: Path, capsys) -> None:
    assert main(["new", "my-topic", "--kind", "medicine", "--root", str(tmp_path)]) == 0
    path = tmp_path / "content" / "my-topic.yaml"
    text = path.read_text(encoding="utf-8")
    # An author writes every placeholder (here: the hint itself, as plain text).
    body = text.index("\nid: ")  # the comments above stay as they are
    filled = text[:body] + TODO.sub(
        lambda m: json.dumps(m.group(1).replace("'", "").capitalize() + "."), text[body:]
    )
    filled = filled.replace('"What they should do."', '"Ask your pharmacist first."', 1)
    path.write_text(filled, encoding="utf-8")
    out = tmp_path / "out"
    argv = ["build", "--root", str(tmp_path), "--out", str(out), "--locale", "en", "--force"]
    assert main(argv) == 0, capsys.readouterr().err
    for audience in ("patient", "clinician"):
        pdf = out / f"my-topic.{audience}.en.pdf"
        text = normalize(" ".join(pdf_text(pdf.read_bytes())))
        assert "The name patients know" in text
    assert "Ask your pharmacist first." in normalize(
        " ".join(pdf_text((out / "my-topic.patient.en.pdf").read_bytes()))
    )
