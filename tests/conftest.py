"""Shared fixtures: the real shipped project, PDFs built from it once, scratch projects."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from handout.build.pipeline import Pipeline
from handout.cli import main
from handout.content.model import Topic
from handout.content.project import Project
from handout.content.topic import load_topic
from handout.pdf.verify import body_text, normalize, pdf_text
from handout.render.must import Rendered
from handout.request import Request

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
    from handout.i18n.language import Language

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
    furniture = {audience: rendered(audience, "en").furniture for audience in pages}
    return {a: normalize(body_text(p, furniture[a])) for a, p in pages.items()}


def rendered(audience: str, locale: str, root: Path = ROOT, **request: object) -> Rendered:
    """One document of the shipped topic rendered as HTML through the pipeline."""
    req = Request(topics=(TOPIC_ID,), audience=audience, locales=locale, root=root, **request)  # type: ignore[arg-type]
    pipeline = Pipeline(Project.open(root), req)
    topic = pipeline.load([TOPIC_ID])[TOPIC_ID]
    return pipeline.html(topic, req.document(TOPIC_ID, audience, locale))


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


def hide_from_the_pdf(project: Path, template: str, anchor: str, hidden: str) -> None:
    """Give ``project`` its own copy of ``template`` that puts ``hidden`` right after
    ``anchor`` inside a ``display: none`` span: the HTML (and so verification) expects text
    that the PDF does not show, as a careless template override would."""
    own = project / "templates"
    own.mkdir(exist_ok=True)
    source = (ROOT / "templates" / template).read_text(encoding="utf-8")
    assert anchor in source, anchor
    changed = source.replace(anchor, f'{anchor}<span style="display: none">{hidden}</span>', 1)
    (own / template).write_text(changed, encoding="utf-8")


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


def char_boxes(
    pdf: bytes,
) -> Iterator[tuple[int, str, tuple[float, float, float, float], float, float]]:
    """Every character PDFium finds with a box: (page number, character, (left, bottom,
    right, top) in points from the page's lower left, page width, page height)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            width, height = page.get_size()
            text = page.get_textpage()
            for i in range(text.count_chars()):
                box = text.get_charbox(i)
                if box[2] > box[0]:  # spaces and line ends have no box
                    yield number, text.get_text_range(i, 1), box, width, height
            text.close()
            page.close()
    finally:
        document.close()


def icon_squares(svg: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The squares an icon array SVG draws, as (column, row) cells: filled, then hollow.

    Reads its dashed lines as a renderer draws them (a dash pattern starts again with each
    line of a path): every dash of a filled line is a square; a hollow square is a pair of
    dashes on a sides line, drawn only where a top and a bottom edge line cover the same run.
    """
    import re

    from handout.render.risk import AFFECTED_COLOUR, CELL, EDGE, OTHER_COLOUR, SIDE

    expected = {  # colour and line width: what it draws, its dash pattern (one cell long)
        (AFFECTED_COLOUR, SIDE): ("filled", [SIDE, CELL - SIDE]),
        (OTHER_COLOUR, EDGE): ("edges", [SIDE + EDGE, CELL - SIDE - EDGE]),
        (OTHER_COLOUR, SIDE): ("sides", [EDGE, SIDE - EDGE, EDGE, CELL - SIDE - EDGE]),
    }
    lines: dict[str, list[tuple[float, float, float]]] = {"filled": [], "edges": [], "sides": []}
    paths = re.findall(
        r'<path stroke="(#\w{6})" stroke-width="([\d.]+)" stroke-dasharray="([\d. ]+)" '
        r'd="([^"]*)"/>',
        svg,
    )
    assert len(paths) == svg.count("<path"), svg[:300]
    for colour, width, dashes, d in paths:
        kind, pattern = expected[(colour, float(width))]
        assert [float(x) for x in dashes.split()] == pytest.approx(pattern), dashes
        runs = re.findall(r"M([\d.]+) ([\d.]+)H([\d.]+)", d)
        assert "".join(f"M{a} {b}H{c}" for a, b, c in runs) == d, d
        lines[kind] += [(float(a), float(b), float(c)) for a, b, c in runs]
    margin, half = (CELL - SIDE) / 2, EDGE / 2
    edges = {(round(x0, 2), round(x1, 2), round(y, 2)) for x0, y, x1 in lines["edges"]}
    found: list[list[tuple[int, int]]] = []
    for kind, overhang in (("filled", 0.0), ("sides", half)):
        cells: list[tuple[int, int]] = []
        for x0, y, x1 in lines[kind]:
            start, end = x0 + overhang, x1 - overhang  # the run's first and last square's sides
            on_grid = [(end - start + CELL - SIDE) / CELL, (start - margin) / CELL]
            on_grid.append((y - CELL / 2) / CELL)
            assert all(abs(v - round(v)) < 1e-6 for v in on_grid), (x0, y, x1)  # whole cells
            count, column, row = (round(v) for v in on_grid)
            cells += [(column + i, row) for i in range(count)]
            if kind == "sides":
                for edge_y in (y - SIDE / 2, y + SIDE / 2):
                    assert (round(x0, 2), round(x1, 2), round(edge_y, 2)) in edges, (x0, y)
        found.append(cells)
    assert len(lines["edges"]) == 2 * len(lines["sides"])
    return found[0], found[1]


def nothing_left(*folders: Path) -> bool:
    """No PDF, HTML or temporary file anywhere under ``folders`` (a refused build's promise)."""
    for folder in folders:
        if folder.exists():
            for path in folder.rglob("*"):
                if path.suffix in {".pdf", ".html", ".tmp"} or ".tmp" in path.name:
                    return False
    return True


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/snapshots/visual.json from this build (after an intended change)",
    )


# --- a real browser (Playwright driving Debian's chromium), shared by the browser tests ---

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium under Playwright, started once for the session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[dev]'")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).is_file():
        _unavailable("no chromium: run scripts/system-deps.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as exc:
            _unavailable(f"chromium did not start: {exc.message.splitlines()[0]}")
        yield chromium
        chromium.close()


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = entry.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.parent.name))
    return found
