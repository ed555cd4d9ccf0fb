"""The cluster section of `make bench`: builds through Dask against the local pool.

Same matrix as the matrix section, English only; interleaved pairs, medians. Needs the dask
extra (`pip install 'handout[dask]'`); without it the section says so and is skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from common import HANDOUT, _interleaved, _matrix_project, _wall_pair_ms

from handout.build.pipeline import Pipeline
from handout.content.project import Project
from handout.pdf.task import produce
from handout.pdf.weasy import PdfRenderer
from handout.request import Document, Request

CATALOGUE = 80_000  # 1,000 topics x 2 audiences x 2 lengths x 20 locales


@contextlib.contextmanager
def _running_cluster(workers: int) -> Iterator[str]:
    """A `dask scheduler` and ``workers`` one-thread `dask worker` processes on 127.0.0.1."""
    dask = str(Path(sys.executable).parent / "dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "scheduler.json"
        common = ["--host", "127.0.0.1", "--no-dashboard"]
        argv = [dask, "scheduler", "--port", "0", "--scheduler-file", str(file), *common]
        procs = [subprocess.Popen(argv, start_new_session=True, **quiet)]  # type: ignore[call-overload]
        try:
            while not file.is_file() or not file.read_text():
                time.sleep(0.1)
            for i in range(workers):
                argv = [dask, "worker", "--scheduler-file", str(file), "--nthreads", "1"]
                argv += ["--name", f"w{i}", *common]
                procs.append(subprocess.Popen(argv, start_new_session=True, **quiet))  # type: ignore[call-overload]
            from distributed import Client

            with Client(scheduler_file=str(file), timeout=30) as client:
                client.wait_for_workers(workers, timeout=120)
            yield json.loads(file.read_text())["address"]
        finally:
            for process in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
            for process in procs:
                process.wait(30)


def warm_paths(root: Path, address: str, runs: int) -> tuple[float, float, float]:
    """The same PDF tasks of the matrix through a warm DaskExecutor (2 one-thread workers) and a
    warm RenderPool of 2 processes, interleaved: the execution paths alone, warm-up excluded."""
    from handout.build.cluster import DaskExecutor
    from handout.build.limits import Limits
    from handout.build.workers import RenderPool

    project = Project.open(root)
    request = Request(locales="en", root=root)
    pipeline = Pipeline(project, request)
    topics = pipeline.load(project.topics)
    tasks = [
        pipeline.task(topics[t], request.document(t, a, "en"))
        for t in project.topics
        for a in request.audiences
    ]
    pool = RenderPool(project.template_dirs, 2, Limits())
    executor = DaskExecutor(address, project.template_dirs, Limits())
    try:

        def through(executor: object) -> None:
            results = list(executor.run(tasks))  # type: ignore[attr-defined]
            assert all(r.error is None for r in results), [r.error for r in results]

        return _interleaved(lambda: through(executor), lambda: through(pool), runs)
    finally:
        executor.close()
        pool.close()


def _cpu_ms(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        fn()  # type: ignore[operator]
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def per_pdf_cost(runs: int) -> tuple[float, float]:
    """CPU ms per document of the shipped topic (en and es, both audiences), warm, in one
    process: the client's part (HTML and checks) and a worker's part (PDF and verification)."""
    project = Project.open(Path(__file__).resolve().parents[1])
    pipeline = Pipeline(project, Request(root=project.root))
    topic_id = project.topics[0]
    topic = pipeline.load([topic_id])[topic_id]
    renderer = PdfRenderer(project.template_dirs)
    client, worker = [], []
    for audience in ("patient", "clinician"):
        for locale in ("en", "es"):
            document = Document(topic_id, audience, locale)
            task = pipeline.task(topic, document)
            produce(renderer, task)  # warm-up
            client.append(_cpu_ms(lambda d=document: pipeline.task(topic, d), runs))
            worker.append(_cpu_ms(lambda t=task: produce(renderer, t), runs))
    return statistics.mean(client), statistics.mean(worker)


def catalogue(client_ms: float, worker_ms: float) -> None:
    core_hours = CATALOGUE * worker_ms / 1000 / 3600
    feed_hours = CATALOGUE * client_ms / 1000 / 3600
    print(
        f"\n## A catalogue of {CATALOGUE:,} PDFs, from the per-PDF CPU cost measured here "
        f"(client {client_ms:.0f} ms, worker {worker_ms:.0f} ms; mean of en/es x patient/clinician)"
    )
    print(f"rendering: {core_hours:.1f} core-hours; the client's HTML: {feed_hours:.1f} hours")
    for workers in (1, 10, 100):
        wall = max(core_hours / workers, feed_hours)
        bound = "the client's HTML" if feed_hours > core_hours / workers else "the workers"
        print(f"{workers:>3} one-thread workers: {wall:.1f} h wall ({bound} set the pace)")


def cluster(runs: int, copies: int) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("\n## Cluster: skipped (pip install 'handout[dask]')")
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = _matrix_project(Path(tmp) / "p", copies)
        out = Path(tmp) / "out"
        n = len(list((root / "content").glob("*.yaml"))) * 2
        base = [*HANDOUT, "build", "--root", str(root), "--out", str(out), "--locale", "en"]
        base.append("--force")
        print(f"\n## Cluster: the matrix ({n} PDFs), wall time of the whole command")
        one, two, speedup = _wall_pair_ms(
            [*base, "--dask", "local:1"], [*base, "--dask", "local:2"], runs
        )
        print(
            f"--dask local:1: {one:.0f} ms; local:2: {two:.0f} ms; speed-up {speedup:.2f}x "
            "(each command starts its own LocalCluster; median of interleaved pairs)"
        )
        fresh, pool, ratio = _wall_pair_ms(
            [*base, "--dask", "local:2"], [*base, "--jobs", "2"], runs
        )
        print(
            f"--dask local:2: {fresh:.0f} ms; local pool --jobs 2: {pool:.0f} ms; ratio "
            f"{ratio:.2f} (includes starting the cluster)"
        )
        with _running_cluster(2) as address:
            dask, pool, ratio = _wall_pair_ms(
                [*base, "--dask", address], [*base, "--jobs", "2"], runs
            )
            warm = warm_paths(root, address, runs)
        print(
            f"warm, the same {n} PDF tasks: DaskExecutor on 2 one-thread workers {warm[0]:.0f} ms; "
            f"RenderPool of 2 {warm[1]:.0f} ms; ratio {warm[2]:.2f} (target <= 1.10)"
        )
        print(
            f"--dask to a running scheduler with 2 one-thread workers: {dask:.0f} ms; local pool "
            f"--jobs 2: {pool:.0f} ms; ratio {ratio:.2f} (whole commands: the workers keep their "
            "warm render processes between builds, the local pool warms its own in each)"
        )
    catalogue(*per_pdf_cost(max(3, runs)))
