"""Benchmark: median warm milliseconds per PDF, full pipeline versus bare WeasyPrint.

Run with `make bench` (or `.venv/bin/python bench/bench.py [--runs N]`). Both numbers come
from the same process and the same HTML, so they compare fairly; nothing here is a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from handout.build import Builder, Job, load_all
from handout.project import Project
from handout.verify import pdf_text

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per case (default 9)")
    args = parser.parse_args()

    from weasyprint import HTML

    project = Project.open(ROOT)
    builder = Builder(project)
    topics = load_all(project, project.topics)
    print(f"{'document':<44} {'pages':>5} {'pipeline ms':>12} {'bare ms':>9} {'ratio':>6}")
    for name, topic in topics.items():
        for audience in ("patient", "clinician"):
            job = Job(name, audience, "en")
            built = builder.pdf(topic, job)
            pdf, rendered = built.pdf, built.rendered
            css = str(builder.renderer.stylesheet_path)
            pipeline = _median_ms(lambda t=topic, j=job: builder.pdf(t, j), args.runs)
            bare = _median_ms(
                lambda h=rendered.html, c=css: HTML(string=h).write_pdf(stylesheets=[c]), args.runs
            )
            pages = len(pdf_text(pdf))
            ratio = pipeline / bare
            print(f"{job.filename:<44} {pages:>5} {pipeline:>12.1f} {bare:>9.1f} {ratio:>6.2f}")
    print(
        f"(median of {args.runs} warm runs each; pipeline = HTML render + PDF + text verification)"
    )
    _icon_cost(builder, topics, args.runs)


def _icon_cost(builder: Builder, topics: dict, runs: int) -> None:  # type: ignore[type-arg]
    """Cost of the icon arrays: the same patient HTML with and without them, interleaved.

    CPU time, not wall time: on a shared 2-core machine it is the steadier of the two.
    """
    renderer = builder.renderer
    for name, topic in topics.items():
        html = builder.html(topic, Job(name, "patient", "en")).html
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
            print(
                f"icon arrays, {name} patient PDF, {label} CPU ms: "
                f"{a:.1f} with, {b:.1f} without ({a - b:+.1f})"
            )


if __name__ == "__main__":
    main()
