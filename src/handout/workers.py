"""Warm render workers: one process each, with a time and a memory limit per document."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .plan import Job, Options

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Limits:
    """Per-document limits: seconds of wall time, and MiB of address space per worker."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB


@dataclass
class Result:
    job: Job
    pdf: bytes | None = None
    pages: int = 0
    error: str | None = None
    peak_rss_mb: float = 0.0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _serve(conn: Connection, root: Path, memory_mb: int, options: Options) -> None:
    """Worker loop: warm up (WeasyPrint, fonts, stylesheet) at once, then render until told to stop.

    The warm-up runs while the parent process is still loading the content.
    """
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from .build import Builder
    from .errors import HandoutError
    from .project import Project

    warm_error: str | None = None
    try:
        builder = Builder(Project(root), options)
        builder.renderer  # noqa: B018 (imports WeasyPrint, loads fonts, parses the stylesheet)
    except HandoutError as exc:
        warm_error = str(exc)
    except MemoryError:
        warm_error = f"ran out of memory (limit {memory_mb} MiB)"
    while True:
        try:
            message = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if message is None:
            return
        job, topic = message
        if warm_error:
            conn.send(("error", warm_error, 0, _peak_rss_mb()))
            continue
        try:
            built = builder.pdf(topic, job)
            conn.send(("ok", built.pdf, built.pages, _peak_rss_mb()))
        except HandoutError as exc:
            conn.send(("error", str(exc), 0, _peak_rss_mb()))
        except MemoryError:
            conn.send(("error", f"ran out of memory (limit {memory_mb} MiB)", 0, 0.0))
        except RecursionError:
            conn.send(("error", "the document nests too deeply to lay out", 0, _peak_rss_mb()))
        except Exception as exc:  # a renderer bug must not take the batch down
            conn.send(("error", f"render failed: {type(exc).__name__}: {exc}", 0, _peak_rss_mb()))


class _Worker:
    def __init__(self, ctx: Any, root: Path, limits: Limits, options: Options) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_serve, args=(child, root, limits.memory_mb, options), daemon=True
        )
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0

    def give(self, job: Job, topic: Any) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send((job, topic))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


def _death(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        return f"the render process was killed by signal {-code}"
    return f"the render process exited with status {code}"


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


class RenderPool:
    """Forked render processes, started early so they warm up while the parent loads content."""

    def __init__(self, root: Path, workers: int, limits: Limits, options: Options) -> None:
        self.root, self.limits, self.options = root, limits, options
        self.ctx = multiprocessing.get_context("fork")
        self.pool = [self._spawn() for _ in range(max(1, workers))]

    def _spawn(self) -> _Worker:
        return _Worker(self.ctx, self.root, self.limits, self.options)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.pool:
            worker.stop()
        self.pool = []

    def run(self, tasks: list[tuple[Job, Any]]) -> Iterator[Result]:
        """Render ``tasks``; yield results as they finish.

        A document that takes longer than the time limit is killed with its process; one whose
        process dies (crash, out of memory) fails alone; a fresh process takes its place.
        """
        limits, pool = self.limits, self.pool
        pending = list(reversed(tasks))
        for worker in pool:
            if pending:
                worker.give(*pending.pop())
        while any(w.job for w in pool):
            busy = [w for w in pool if w.job]
            wait_for = min(w.started + limits.timeout for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(wait_for, 0))
            for i, worker in enumerate(pool):
                if worker.job is None:
                    continue
                job = worker.job
                result: Result | None = None
                if worker.conn in ready:
                    try:
                        status, payload, pages, rss = worker.conn.recv()
                        if status == "ok":
                            result = Result(job, pdf=payload, pages=pages, peak_rss_mb=rss)
                        else:
                            error = f"{job.filename}: {payload}"
                            result = Result(job, error=error, peak_rss_mb=rss)
                        worker.job = None
                    except (EOFError, OSError):
                        worker.process.join(timeout=5)
                        result = Result(job, error=f"{job.filename}: {_death(worker.process)}")
                        worker.kill()
                        pool[i] = worker = self._spawn()
                elif time.monotonic() - worker.started > limits.timeout:
                    worker.kill()
                    error = f"{job.filename}: stopped after {limits.timeout:g} s (time limit)"
                    result = Result(job, error=error)
                    pool[i] = worker = self._spawn()
                if result is not None:
                    if pending:
                        worker.give(*pending.pop())
                    yield result
