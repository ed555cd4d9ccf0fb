"""Unit tests of build.run: what a build reports, in what order, and what it writes."""

from __future__ import annotations

from pathlib import Path

from handout.build.limits import Limits
from handout.build.run import build
from handout.build.workers import Result
from handout.content.project import Project
from handout.request import Request


def test_build_reports_each_document_once_and_skips_current_ones(
    scratch: Path, tmp_path: Path
) -> None:
    project, out = Project.open(scratch), tmp_path / "out"
    request = Request(locales="en", root=scratch, format="html")
    heard: list[Result] = []
    started: list[int] = []
    report = build(project, request, out, jobs=1, limits=Limits(), on_result=heard.append,
                   on_start=lambda todo: started.append(len(todo)))  # fmt: skip
    assert started == [2] and len(heard) == 2 and not report.failed
    assert sorted(p.name for p in out.glob("*.html")) == [r.name for r in sorted(
        report.written, key=lambda r: r.name)]  # fmt: skip
    assert all(r.path is not None and r.path.is_file() for r in report.written)
    again: list[Result] = []
    second = build(project, request, out, jobs=1, limits=Limits(), on_result=again.append)
    assert [r.name for r in second.unchanged] == [r.name for r in again] and not second.written
    assert all(r.data is None for r in again)
