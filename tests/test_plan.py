"""Unit tests of planning: the request type, documents, the planner, input hashes, manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID, make_project

from handout.build.manifest import MANIFEST, Manifest
from handout.build.plan import Digester, plan, split_current
from handout.content.project import Project
from handout.errors import UsageError
from handout.request import Document, Request


def test_request_checks_its_choices_once() -> None:
    with pytest.raises(UsageError, match="unknown audience 'nurse'; choose from: patient, "):
        Request(audience="nurse")
    with pytest.raises(UsageError, match="unknown paper 'a3'; choose from: a4, letter"):
        Request(paper="a3")
    with pytest.raises(UsageError, match="unknown format 'docx'"):
        Request(format="docx")
    with pytest.raises(UsageError, match="no such clinic profile"):
        Request(clinic=Path("/nonexistent/clinic.yaml"))


def test_large_print_applies_to_patient_documents_only() -> None:
    request = Request(large_print=True)
    assert request.document("t", "patient", "en").filename == "t.patient.en.large-print.pdf"
    assert request.document("t", "clinician", "en").filename == "t.clinician.en.pdf"
    assert Document("t", "patient", "es", format="html").filename == "t.patient.es.html"


def test_plan_expands_topics_audiences_and_locales() -> None:
    project = Project.open(ROOT)
    documents = plan(project, Request(locales="es-MX,en", root=ROOT))
    assert [(d.audience, d.locale) for d in documents] == [
        ("patient", "es"), ("patient", "en"), ("clinician", "es"), ("clinician", "en"),
    ]  # fmt: skip
    assert len(plan(project, Request(root=ROOT))) == 2 * len(project.locales)


def test_plan_takes_the_clinics_default_locales(tmp_path: Path) -> None:
    profile = tmp_path / "clinic.yaml"
    profile.write_text("name: Clinic\nlocales: [es, ar]\n", encoding="utf-8")
    documents = plan(Project.open(ROOT), Request(audience="patient", clinic=profile, root=ROOT))
    assert [d.locale for d in documents] == ["es", "ar"]


def test_plan_refuses_unknown_topics_and_locales() -> None:
    project = Project.open(ROOT)
    with pytest.raises(UsageError, match="unknown topic 'nope'; choose from: "):
        plan(project, Request(topics=("nope",), root=ROOT))
    with pytest.raises(UsageError, match="unknown locale 'zh_TW'"):
        plan(project, Request(locales="zh_TW", root=ROOT))


def test_digest_changes_with_the_dressing_not_with_the_document_order(tmp_path: Path) -> None:
    project = Project.open(ROOT)
    doc = Document(TOPIC_ID, "patient", "en")
    a4 = Digester(project, Request(root=ROOT))(doc)
    assert a4 == Digester(project, Request(root=ROOT))(doc)
    assert a4 != Digester(project, Request(paper="letter", root=ROOT))(doc)
    assert a4 != Digester(project, Request(allow_fallback=True, root=ROOT))(doc)
    assert a4 != Digester(project, Request(root=ROOT))(Document(TOPIC_ID, "patient", "es"))


def test_manifest_records_and_detects_changed_files(tmp_path: Path) -> None:
    doc = Document(TOPIC_ID, "patient", "en")
    manifest = Manifest(tmp_path)
    (tmp_path / doc.filename).write_bytes(b"%PDF-1")
    manifest.record(doc, "abc", b"%PDF-1")
    manifest.save()
    again = Manifest(tmp_path)
    assert again.is_current(doc, "abc", tmp_path)
    assert not again.is_current(doc, "other-inputs", tmp_path)
    (tmp_path / doc.filename).write_bytes(b"%PDF-2")  # changed by hand since
    assert not again.is_current(doc, "abc", tmp_path)
    saved = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert saved["documents"][doc.filename]["inputs"] == "abc"


def test_split_sorts_current_and_todo(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    project = Project.open(root)
    request = Request(locales="en", root=root)
    documents = plan(project, request)
    digest = Digester(project, request)
    out = tmp_path / "out"
    first = split_current(documents, out, digest)
    assert first.current == [] and first.todo == documents
    (out).mkdir()
    (out / documents[0].filename).write_bytes(b"pdf")
    first.manifest.record(documents[0], first.digests[documents[0]], b"pdf")
    first.manifest.save()
    second = split_current(documents, out, digest)
    assert second.current == [documents[0]] and second.todo == documents[1:]
    assert split_current(documents, out, digest, force=True).todo == documents
