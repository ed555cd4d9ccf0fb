"""Strict loading: every bad input gives file:line:col: path: message, all at once, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handout.cli import main
from handout.content.topic import load_topic, load_topic_text
from handout.content.yamlstrict import MAX_BYTES, parse
from handout.errors import ContentError

NAME = "content/thymosin-alpha-1.yaml"


def problems_of(text: str | bytes) -> list[str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ContentError) as info:
        load_topic_text(raw, NAME, expected_id="thymosin-alpha-1")
    return [str(p) for p in info.value.problems]


def line_of(text: str, pattern: str, nth: int = 0) -> int:
    """1-based line of the nth line matching regex ``pattern``."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if re.search(pattern, line)]
    return hits[nth]


def drop_top_level(text: str, key: str) -> str:
    """Remove a top-level key and its block."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(
        (j for j in range(start + 1, len(lines)) if re.match(r"[A-Za-z_]", lines[j])), len(lines)
    )
    return "".join(lines[:start] + lines[end:])


def test_shipped_topic_loads(topic) -> None:
    assert topic.id == "thymosin-alpha-1"
    assert topic.review.status.value != "approved"  # nobody has reviewed it clinically


def test_duplicate_key(topic_text: str) -> None:
    line = line_of(topic_text, r"^id:")
    lines = topic_text.splitlines()
    lines.insert(line, "id: something-else")
    assert problems_of("\n".join(lines)) == [
        f"{NAME}:{line + 1}:1: id: expected each key once, found a duplicate (first at line {line})"
    ]


def test_anchor_and_alias(topic_text: str) -> None:
    text = topic_text.rstrip("\n") + "\nx_anchor: &a hello\nx_alias: *a\n"
    n = len(topic_text.rstrip("\n").splitlines())
    found = problems_of(text)
    assert f"{NAME}:{n + 1}:11: expected plain data, found an anchor '&a'" in found
    assert f"{NAME}:{n + 2}:10: expected plain data, found an alias '*a'" in found


def test_unknown_tag(topic_text: str) -> None:
    text = topic_text.replace(
        "\nid: thymosin-alpha-1", "\nid: !!python/name:os.system thymosin-alpha-1", 1
    )
    line = line_of(text, r"^id:")
    assert (
        f"{NAME}:{line}:5: expected plain data, "
        "found the tag 'tag:yaml.org,2002:python/name:os.system'" in problems_of(text)
    )


def test_unknown_field_suggests(topic_text: str) -> None:
    text = re.sub(r"(?m)^cautions:", "cautons:", topic_text, count=1)
    line = line_of(text, r"^cautons:")
    found = problems_of(text)
    assert (
        f"{NAME}:{line}:1: cautons: expected a known field, found unknown field 'cautons'; "
        "did you mean 'cautions'?"
    ) in found
    assert (
        f"{NAME}:{line_of(text, '^id:')}:1: cautions: expected 'cautions', found nothing "
        "(this field is required)" in found
    )


def test_wrong_type(topic_text: str) -> None:
    text = re.sub(r"participants: 1089\b", "participants: many", topic_text, count=1)
    line = line_of(text, r"participants: many")
    (problem,) = problems_of(text)
    assert re.fullmatch(
        rf"{NAME}:{line}:\d+: evidence\[\d+\]\.participants: "
        r"expected a valid integer, found 'many'",
        problem,
    ), problem


def test_quoted_number_is_not_a_number(topic_text: str) -> None:
    text = re.sub(r"participants: 1089\b", 'participants: "1089"', topic_text, count=1)
    (problem,) = problems_of(text)
    assert "participants: expected a valid integer, found '1089'" in problem


def test_dangling_reference(topic_text: str) -> None:
    match = re.search(r"cites: \[(ref-[a-z0-9-]+)", topic_text)
    assert match
    good = match.group(1)
    text = topic_text[: match.start(1)] + good + "x" + topic_text[match.end(1) :]
    line = topic_text[: match.start(1)].count("\n") + 1
    (problem,) = problems_of(text)
    assert problem.startswith(f"{NAME}:{line}:")
    assert problem.endswith(f"expected a reference id, found '{good}x'; did you mean '{good}'?")


def test_missing_consult_section(topic_text: str) -> None:
    found = problems_of(drop_top_level(topic_text, "consult"))
    assert found == [
        f"{NAME}:{line_of(topic_text, '^id:')}:1: consult: expected 'consult', found nothing "
        "(this field is required)"
    ]


def test_consult_without_urgent_signs(topic_text: str) -> None:
    lines = topic_text.splitlines()
    start = line_of(topic_text, r"^consult:")
    urgent = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("urgent:"))
    end = next(
        j
        for j in range(urgent + 1, len(lines))
        if not lines[j].startswith(" " * 4) and lines[j].strip()
    )
    text = "\n".join(lines[:urgent] + lines[end:]) + "\n"
    assert problems_of(text) == [
        f"{NAME}:{start}:1: consult.urgent: expected 'urgent', found nothing "
        "(this field is required)"
    ]


def test_all_problems_reported_at_once(topic_text: str) -> None:
    text = re.sub(r"(?m)^cautions:", "cautons:", topic_text, count=1)
    text = re.sub(r"participants: 1089\b", "participants: many", text, count=1)
    text = re.sub(r"(?m)^(  status: )\w+", r"\1aproved", text, count=1)
    found = "\n".join(problems_of(text))
    assert "did you mean 'cautions'" in found
    assert "participants: expected a valid integer" in found
    assert "review.status: expected 'draft', 'under_review' or 'approved', found 'aproved'" in found


def test_approved_needs_a_reviewer(topic_text: str) -> None:
    text = re.sub(r"(?m)^(  status: )\w+", r"\1approved", topic_text, count=1)
    line = line_of(text, r"^review:")
    found = problems_of(text)
    assert found == [
        f"{NAME}:{line + 1}:3: review: expected last_reviewed and reviewed_by when status is "
        "approved, found them empty"
    ]


def test_duplicate_ids(topic) -> None:
    data = topic.model_dump(mode="json")
    data["cautions"][1]["id"] = data["cautions"][0]["id"]
    import yaml

    found = problems_of(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert len(found) == 1
    assert re.fullmatch(
        rf"{NAME}:\d+:\d+: cautions\[1\]\.id: expected a unique id, found "
        rf"'{data['cautions'][0]['id']}' again \(first at line \d+\)",
        found[0],
    )


def test_id_must_match_file_name(topic_text: str) -> None:
    text = topic_text.replace("\nid: thymosin-alpha-1", "\nid: thymosin-beta-4", 1)
    line = line_of(text, r"^id:")
    assert problems_of(text) == [
        f"{NAME}:{line}:5: id: expected 'thymosin-alpha-1' (the file name), found 'thymosin-beta-4'"
    ]


def test_merge_key() -> None:
    found = problems_of("id: thymosin-alpha-1\n<<: {names: {common: x}}\n")
    assert f"{NAME}:2:1: expected plain data, found a merge key '<<'" in found


def test_several_documents() -> None:
    (problem,) = problems_of("id: thymosin-alpha-1\n---\nid: other\n")
    assert problem.startswith(f"{NAME}:2:1: invalid YAML: expected a single document")


def test_empty_file() -> None:
    assert problems_of("") == [f"{NAME}:1:1: expected a mapping of topic fields, found nothing"]


def test_invalid_utf8() -> None:
    assert problems_of(b"id: thymosin-alpha-1\ntitle: caf\xe9\n") == [
        f"{NAME}:2:11: expected UTF-8 text, found byte 0xe9"
    ]


def test_tab_indentation() -> None:
    (problem,) = problems_of("id: thymosin-alpha-1\nnames:\n\tcommon: x\n")
    assert problem.startswith(f"{NAME}:3:1: invalid YAML:")
    assert "'\\t'" in problem


def test_deep_nesting() -> None:
    (problem,) = problems_of("deep: " + "[" * 40 + "]" * 40 + "\n")
    assert "levels of nesting" in problem


def test_oversized_file() -> None:
    assert problems_of("# " + "x" * MAX_BYTES) == [
        f"{NAME}:1:1: expected at most {MAX_BYTES} bytes, found {MAX_BYTES + 2}"
    ]


def test_byte_order_mark_is_accepted(topic_text: str) -> None:
    topic = load_topic_text(("\ufeff" + topic_text).encode(), NAME)
    assert topic.id == "thymosin-alpha-1"


def test_yaml_1_1_surprises_are_plain_strings() -> None:
    data = parse("a: NO\nb: yes\nc: 1:30\nd: 0755\ne: 2025-11-11\nf: '12'\ng: 1.5\n").data
    assert data == {
        "a": "NO",
        "b": "yes",
        "c": "1:30",
        "d": 755,
        "e": "2025-11-11",
        "f": "12",
        "g": 1.5,
    }


def test_bad_file_through_cli_writes_nothing(tmp_path: Path, topic_text: str, capsys) -> None:
    from conftest import make_project

    text = re.sub(r"(?m)^cautions:", "cautons:", topic_text, count=1)
    root = make_project(tmp_path / "p", text)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"ERROR {NAME}:" in err
    assert "did you mean 'cautions'?" in err
    assert "nothing was written" in err
    assert not out.exists()


def test_load_topic_names_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_topic(tmp_path / "missing.yaml")
    assert "cannot read file" in str(info.value)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("participants", "to give participants"),
        ("comparison", "to name its comparison"),
    ],
)
def test_key_finding_needs_what_the_leaflet_prints(
    topic_text: str, field: str, message: str
) -> None:
    """Found by the property test: a key finding without these crashed the template."""
    start = topic_text.index("  - id: tests-trial")
    end = topic_text.index("  - id: sepsis-meta-2015")
    block = re.sub(rf"(?m)^    {field}:.*\n(?:      .*\n)*", "", topic_text[start:end], count=1)
    assert block != topic_text[start:end]
    found = problems_of(topic_text[:start] + block + topic_text[end:])
    assert any("key finding 'tests-trial'" in p and message in p for p in found), found
