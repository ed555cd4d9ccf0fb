"""Shared fixtures: the real shipped project, PDFs built from it once, scratch projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handout.build import Builder, Job
from handout.cli import main
from handout.load import load_topic
from handout.model import Topic
from handout.project import Project
from handout.verify import body_text, normalize, pdf_text

ROOT = Path(__file__).resolve().parents[1]
TOPIC_ID = "thymosin-alpha-1"
TOPIC_FILE = ROOT / "content" / f"{TOPIC_ID}.yaml"


@pytest.fixture(scope="session")
def topic() -> Topic:
    return load_topic(TOPIC_FILE)


@pytest.fixture(scope="session")
def topic_text() -> str:
    return TOPIC_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shown(topic: Topic) -> Topic:
    """The topic as English readers see it: figures such as {tests_followup} filled in."""
    from handout.translate import Language

    filled, english = Language("en").localize(topic)
    assert english == []
    return filled


LOCALES = ("en", "es", "zh_Hans", "ar")


@pytest.fixture(scope="session")
def built_all(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], bytes]:
    """Every audience and shipped locale of the shipped topic, built once through the CLI."""
    out = tmp_path_factory.mktemp("out")
    assert main(["build", "--root", str(ROOT), "--out", str(out), "--locale", "all"]) == 0
    return {
        (audience, locale): (out / f"{TOPIC_ID}.{audience}.{locale}.pdf").read_bytes()
        for audience in ("patient", "clinician")
        for locale in LOCALES
    }


@pytest.fixture(scope="session")
def built(built_all: dict[tuple[str, str], bytes]) -> dict[str, bytes]:
    """Both audiences of the shipped topic in English."""
    return {audience: built_all[(audience, "en")] for audience in ("patient", "clinician")}


@pytest.fixture(scope="session")
def pages(built: dict[str, bytes]) -> dict[str, list[str]]:
    return {audience: pdf_text(data) for audience, data in built.items()}


@pytest.fixture(scope="session")
def text(pages: dict[str, list[str]], topic: Topic) -> dict[str, str]:
    """Each audience's running PDF text (page margins removed), normalised (single spaces)."""
    builder = Builder(Project.open(ROOT))
    furniture = {
        audience: builder.html(topic, Job(TOPIC_ID, audience, "en")).furniture for audience in pages
    }
    return {a: normalize(body_text(p, furniture[a])) for a, p in pages.items()}


def make_project(
    where: Path, topic_yaml: str | None = None, name: str = TOPIC_ID, translations: bool = False
) -> Path:
    """A scratch project folder holding the shipped content (or ``topic_yaml``) and locales.

    Without ``translations`` only English is shipped: changed content would otherwise make
    every translation incomplete.
    """
    (where / "content").mkdir(parents=True)
    text = topic_yaml if topic_yaml is not None else TOPIC_FILE.read_text(encoding="utf-8")
    (where / "content" / f"{name}.yaml").write_text(text, encoding="utf-8")
    if translations:
        shutil.copytree(ROOT / "locales", where / "locales")
    else:
        shutil.copytree(ROOT / "locales", where / "locales", ignore=_only_english)
    return where


def _only_english(folder: str, names: list[str]) -> list[str]:
    return [
        n for n in names if Path(folder) == ROOT / "locales" and n not in {"en"} and "." not in n
    ]


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def expect_more_than_the_pdf_holds(monkeypatch: pytest.MonkeyPatch, key: str, extra: str) -> None:
    """Make verification expect ``extra`` after the text of ``data-must="key"``, which the PDF
    does not hold: the HTML says one thing, so the PDF cannot contain the other."""
    import handout.render as render

    original = render._MustCollector.handle_data

    def tamper(self, data):  # type: ignore[no-untyped-def]
        original(self, data)
        for open_key, _, parts in self._open:
            if open_key == key:
                parts.append(extra)

    monkeypatch.setattr(render._MustCollector, "handle_data", tamper)


def figure_alts(pdf: bytes) -> list[str]:
    """The alt text of every /Figure in a tagged PDF's structure tree, in document order."""
    import io

    from pypdf import PdfReader

    alts: list[str] = []

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        node = node.get_object()
        if node.get("/S") == "/Figure" and "/Alt" in node:
            alts.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if kid is not None and hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return alts
