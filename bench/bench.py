"""Benchmark handout: warm per-PDF cost, matrix speed-up, no-op rebuild, cold start, memory,
and building on a Dask cluster (bench/clusterbench.py).

Run with `make bench` (or `.venv/bin/python bench/bench.py [--runs N]`). Every comparison is made
in the same run on the same inputs; medians of repeated runs. Nothing here is a test: the
targets are printed beside the measurements, for the reader to judge.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from handout.build.pipeline import Pipeline
from handout.build.run import build
from handout.build.workers import Limits, default_workers
from handout.content.project import Project
from handout.pdf.task import produce
from handout.pdf.weasy import PdfRenderer
from handout.request import Document, Request

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("warm", "icons", "matrix", "cold", "cluster")
HANDOUT = [sys.executable, "-m", "handout"]


def _median_ms(
    fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return statistics.median(samples)


def _wall_ms(argv: list[str], runs: int) -> float:
    def run() -> None:
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return _median_ms(run, runs)


def _interleaved(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float, float]:
    """Both, alternated run by run (so a noisy moment hits both): their median milliseconds
    and the median of the per-pair ratios first / second."""

    def once(fn: Callable[[], object]) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    once(first), once(second)  # warm-up: page cache, .pyc files, first layout
    a, b = [], []
    for _ in range(runs):
        a.append(once(first))
        b.append(once(second))
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    return statistics.median(a), statistics.median(b), ratio


def _wall_pair_ms(first: list[str], second: list[str], runs: int) -> tuple[float, float, float]:
    def command(argv: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    return _interleaved(command(first), command(second), runs)


def _pdf(pipeline: Pipeline, renderer: PdfRenderer, topic: object, document: Document) -> int:
    """One verified PDF in this process, as the render processes make it; its page count."""
    _, pages = produce(renderer, pipeline.task(topic, document))  # type: ignore[arg-type]
    return len(pages)


def warm_per_pdf(pipeline: Pipeline, topics: dict, runs: int) -> None:  # type: ignore[type-arg]
    from weasyprint import HTML

    print("\n## Warm, in one process: full pipeline versus bare WeasyPrint on the same HTML")
    print(f"{'document':<40} {'pages':>5} {'pipeline ms':>12} {'bare ms':>9} {'ratio':>6}")
    for name, topic in topics.items():
        for audience in ("patient", "clinician"):
            job = Document(name, audience, "en")
            renderer = PdfRenderer(pipeline.project.template_dirs)
            pages = _pdf(pipeline, renderer, topic, job)
            css = str(renderer.stylesheet_path)
            html = pipeline.html(topic, job).html
            ours, bare, ratio = _interleaved(
                lambda t=topic, j=job, r=renderer: _pdf(pipeline, r, t, j),
                lambda h=html, c=css: HTML(string=h).write_pdf(stylesheets=[c]),
                runs,
            )
            print(f"{job.filename:<40} {pages:>5} {ours:>12.1f} {bare:>9.1f} {ratio:>6.2f}")
    print(
        "pipeline = HTML render + PDF/UA + text verification; ratio = median of interleaved "
        "pairs; target <= 1.10"
    )


def icon_cost(pipeline: Pipeline, topics: dict, runs: int) -> None:  # type: ignore[type-arg]
    """The same patient HTML with and without the icon arrays, interleaved, in CPU time."""
    print("\n## Icon arrays: same patient HTML with and without them (CPU ms, interleaved)")
    renderer = PdfRenderer(pipeline.project.template_dirs)
    for name, topic in topics.items():
        html = pipeline.html(topic, Document(name, "patient", "en")).html
        without = re.sub(r'<figure class="icon-pair".*?</figure>', "", html, flags=re.S)
        if without == html:
            continue
        with_ms: list[float] = []
        without_ms: list[float] = []
        renderer.render(html)
        for _ in range(runs):
            for target, sink in ((html, with_ms), (without, without_ms)):
                start = time.process_time()
                renderer.render(target)
                sink.append((time.process_time() - start) * 1000)
        for label, pick in (("median", statistics.median), ("fastest", min)):
            a, b = pick(with_ms), pick(without_ms)
            print(f"{name} patient, {label}: {a:.1f} with, {b:.1f} without ({a - b:+.1f})")


def _matrix_project(where: Path, copies: int) -> Path:
    """A project with ``copies`` copies of every shipped topic (ids renamed): a bigger matrix."""
    (where / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "locales", where / "locales")
    for source in sorted((ROOT / "content").glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        for i in range(1, copies + 1):
            new_id = f"{source.stem}-{i}"
            renamed = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
            (where / "content" / f"{new_id}.yaml").write_text(renamed, encoding="utf-8")
    return where


_SPIN = "n = 0\nfor i in range(6_000_000):\n    n += i\n"


def machine_ceiling(runs: int, cores: int) -> float:
    """The speed-up this machine gives any CPU-bound work: a pure-Python loop run ``cores``
    times, one after another versus all at once (interleaved). Shared virtual cores often give
    far less than their count."""
    spin = [sys.executable, "-c", _SPIN]

    def serial() -> None:
        for _ in range(cores):
            subprocess.run(spin, check=True)

    def parallel() -> None:
        for process in [subprocess.Popen(spin) for _ in range(cores)]:
            process.wait()

    _, _, ratio = _interleaved(serial, parallel, runs)
    return ratio


def matrix(runs: int, copies: int) -> None:
    cores = default_workers()
    with tempfile.TemporaryDirectory() as tmp:
        root = _matrix_project(Path(tmp) / "p", copies)
        out = Path(tmp) / "out"
        n = len(list((root / "content").glob("*.yaml"))) * 2
        print(f"\n## Matrix: {n} PDFs, `handout build --force`, wall time of the whole command")
        # English only: the copies have new ids, which the translation catalogs do not cover.
        base = [*HANDOUT, "build", "--root", str(root), "--out", str(out), "--locale", "en"]
        base.append("--force")
        one, many, speedup = _wall_pair_ms(
            [*base, "--jobs", "1"], [*base, "--jobs", str(cores)], runs
        )
        print(
            f"1 worker: {one:.0f} ms; {cores} workers: {many:.0f} ms; "
            f"speed-up {speedup:.2f}x (median of interleaved pairs)"
        )
        ceiling = machine_ceiling(runs, cores)
        print(
            f"(target >= 1.8x on 2 cores; this machine has {cores}, and the same CPU-bound loop "
            f"run {cores} at once instead of one after another gains {ceiling:.2f}x here)"
        )

        project = Project.open(root)
        request = Request(locales="en", root=root)
        report = build(project, request, Path(tmp) / "rss", jobs=cores, limits=Limits())
        print(f"peak RSS of a render worker: {report.peak_rss_mb:.0f} MB (target <= 200 MB)")

        again = [*HANDOUT, "build", "--root", str(root), "--out", str(out), "--locale", "en"]
        subprocess.run(again, check=True, stdout=subprocess.DEVNULL)
        noop = _wall_ms(again, runs)
        print(
            f"\n## No-op rebuild of the {n} PDFs (nothing changed): {noop:.0f} ms "
            "(target <= 200 ms)"
        )


def cold(runs: int) -> None:
    """One patient PDF from a cold process: `handout build` versus bare WeasyPrint."""
    project = Project.open(ROOT)
    pipeline = Pipeline(project, Request(root=ROOT))
    topic = pipeline.load(project.topics)[project.topics[0]]
    job = Document(project.topics[0], "patient", "en")
    html = pipeline.html(topic, job).html
    css = PdfRenderer(project.template_dirs).stylesheet_path
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html, encoding="utf-8")
        bare = [
            sys.executable,
            "-c",
            "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf("
            "sys.argv[3], stylesheets=[sys.argv[2]])",
            str(page),
            str(css),
            str(Path(tmp) / "bare.pdf"),
        ]
        cli = [
            *HANDOUT,
            "build",
            job.topic,
            "--audience",
            "patient",
            "--locale",
            "en",
            "--root",
            str(ROOT),
            "--out",
            str(Path(tmp) / "out"),
            "--force",
        ]
        cli_ms, bare_ms, ratio = _wall_pair_ms(cli, bare, runs)
    print("\n## Cold: one patient PDF from a fresh process")
    print(
        f"handout build: {cli_ms:.0f} ms; bare `python -c 'import weasyprint; ...'`: "
        f"{bare_ms:.0f} ms; ratio {ratio:.2f}, median of interleaved pairs (target <= 1.15)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per case (default 9)")
    parser.add_argument(
        "--copies", type=int, default=4, help="topic copies in the matrix (default 4)"
    )
    parser.add_argument(
        "--only", choices=SECTIONS, action="append", help="run only this section (repeatable)"
    )
    args = parser.parse_args()
    only = set(args.only or SECTIONS)

    project = Project.open(ROOT)
    pipeline = Pipeline(project, Request(root=ROOT))
    topics = pipeline.load(project.topics)
    if "warm" in only:
        warm_per_pdf(pipeline, topics, args.runs)
    if "icons" in only:
        icon_cost(pipeline, topics, args.runs)
    if "matrix" in only:
        matrix(max(3, args.runs // 3), args.copies)
    if "cold" in only:
        cold(args.runs)
    if "cluster" in only:
        from clusterbench import cluster  # bench/ is on the path when this file runs

        cluster(max(3, args.runs // 3), args.copies)


if __name__ == "__main__":
    main()
