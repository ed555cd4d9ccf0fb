"""Warm render workers: one process each, with a time and a memory limit per document."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pdf.bundle import AssetBundle
from ..pdf.task import PdfTask
from ..request import Document
from .detach import SIGNALS, detach
from .limits import Limits

if TYPE_CHECKING:  # multiprocessing is imported when a pool starts: a no-op build needs none
    from multiprocessing.connection import Connection


@dataclass
class Result:
    """What became of one document: its verified bytes, or the one-line reason it failed.

    ``name`` is what messages call it (its file name); ``path`` is set once it is written.
    """

    document: Document
    name: str
    data: bytes | None = None
    pages: int = 0
    error: str | None = None
    peak_rss_mb: float = 0.0
    path: Path | None = None

    @classmethod
    def failed(cls, document: Document, name: str, reason: str, rss: float = 0.0) -> Result:
        return cls(document, name, error=f"{name}: {reason}", peak_rss_mb=rss)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _serve(
    conn: Connection,
    source: tuple[Path, ...] | AssetBundle,
    memory_mb: int,
    parent: int = 0,
    inherited: tuple[Connection, ...] = (),
) -> None:
    """Worker loop: warm up (WeasyPrint, fonts, stylesheet) at once, then render until told to stop.

    Only WeasyPrint, the PDF repair and the PDF reader are loaded here: the parent renders the
    HTML, so this warm-up runs while the parent is still loading content. ``source`` is the
    template folders, or their stylesheet and assets as data (a cluster worker:
    ``build.renderchild``).
    """
    detach(parent or os.getppid(), inherited)
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from ..errors import HandoutError
    from ..pdf.task import produce

    warm_error: str | None = None
    try:
        # The PDF repair (pikepdf) and reader, loaded before the first task.
        from ..pdf import repair, verify  # noqa: F401
        from ..pdf.weasy import PdfRenderer

        if isinstance(source, AssetBundle):
            renderer = PdfRenderer.from_bundle(source)
        else:
            renderer = PdfRenderer(source)
    except HandoutError as exc:
        warm_error = str(exc)
    except MemoryError:
        warm_error = f"ran out of memory (limit {memory_mb} MiB)"
    # Warm-up does not count against the first document's time limit.
    with contextlib.suppress(OSError):
        conn.send(("ready", None, 0, 0.0))
    while True:
        try:
            task = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if task is None:
            return
        if warm_error:
            conn.send(("error", warm_error, 0, _peak_rss_mb()))
            continue
        try:
            data, pages = produce(renderer, task)
            conn.send(("ok", data, len(pages), _peak_rss_mb()))
        except HandoutError as exc:
            conn.send(("error", str(exc), 0, _peak_rss_mb()))
        except MemoryError:
            conn.send(("error", f"ran out of memory (limit {memory_mb} MiB)", 0, 0.0))
        except RecursionError:
            conn.send(("error", "the document nests too deeply to lay out", 0, _peak_rss_mb()))
        except Exception as exc:  # a renderer bug must not take the batch down
            conn.send(("error", f"render failed: {type(exc).__name__}: {exc}", 0, _peak_rss_mb()))


class _Worker:
    def __init__(
        self,
        ctx: Any,
        template_dirs: tuple[Path, ...],
        limits: Limits,
        others: tuple[Connection, ...] = (),
    ) -> None:
        self.conn, child = ctx.Pipe()
        inherited = (self.conn, *others)
        args = (child, template_dirs, limits.memory_mb, os.getpid(), inherited)
        self.process = ctx.Process(target=_serve, args=args, daemon=True)
        # Signals wait until the new process has set its own handlers (see detach).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        child.close()
        self.task: PdfTask | None = None
        self.spawned = time.monotonic()
        self.ready = False
        self.ready_at = 0.0
        self.started = 0.0

    def give(self, task: PdfTask) -> None:
        self.task, self.started = task, time.monotonic()
        # A process that died before its task is found when its answer is read (EOF).
        with contextlib.suppress(OSError):
            self.conn.send(task)

    def deadline(self, timeout: float) -> float:
        """When the task in hand runs out of time: ``timeout`` after the process was ready for
        it (a process still warming up has ``timeout`` from its start to get ready)."""
        if not self.ready:
            return self.spawned + timeout
        return max(self.started, self.ready_at) + timeout

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

    def __init__(self, template_dirs: tuple[Path, ...], workers: int, limits: Limits) -> None:
        import multiprocessing

        self.template_dirs, self.limits = template_dirs, limits
        self.ctx = multiprocessing.get_context("fork")
        self.pool: list[_Worker] = []
        for _ in range(max(1, workers)):
            self.pool.append(self._spawn())

    def _spawn(self) -> _Worker:
        others = tuple(w.conn for w in self.pool if not w.conn.closed)
        return _Worker(self.ctx, self.template_dirs, self.limits, others)

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop idle processes; kill busy ones (their documents are abandoned: interrupted)."""
        for worker in self.pool:
            if worker.task is not None:
                worker.kill()
            else:
                worker.stop()
        self.pool = []

    def run(self, tasks: Iterable[PdfTask | Result]) -> Iterator[Result]:
        """Render ``tasks``, taken one at a time as processes free up; yield results as they
        finish. A Result among the tasks (a document that failed before rendering) is passed on.

        A document that takes longer than the time limit is killed with its process; one whose
        process dies (crash, out of memory) fails alone; a fresh process takes its place.
        """
        from multiprocessing.connection import wait

        limits, pool = self.limits, self.pool
        source = iter(tasks)
        passed: list[Result] = []

        def feed(worker: _Worker) -> None:
            for item in source:
                if isinstance(item, Result):
                    passed.append(item)
                else:
                    worker.give(item)
                    return

        for worker in pool:
            feed(worker)
        while passed or any(w.task for w in pool):
            while passed:
                yield passed.pop(0)
            busy = [w for w in pool if w.task]
            if not busy:
                continue
            wait_for = min(w.deadline(limits.timeout) for w in busy) - time.monotonic()
            ready = wait([w.conn for w in busy], timeout=max(wait_for, 0))
            for i, worker in enumerate(pool):
                if worker.task is None:
                    continue
                result = self._collect(worker, ready)
                if result is not None:
                    if worker.task is not None:  # its process was replaced
                        pool[i] = worker = self._spawn()
                    feed(worker)
                    yield result

    def _collect(self, worker: _Worker, ready: list[Any]) -> Result | None:
        """The result of ``worker``'s task if it has one; a worker whose process died or ran
        out of time is killed and keeps its task (the caller replaces it)."""
        task = worker.task
        assert task is not None
        document, name = task.document, task.checks.name
        if worker.conn in ready:
            try:
                status, payload, pages, rss = worker.conn.recv()
                if status == "ready":  # warmed up: the task's time starts now
                    worker.ready, worker.ready_at = True, time.monotonic()
                    return None
            except (EOFError, OSError):
                worker.process.join(timeout=5)
                reason = _death(worker.process)
                worker.kill()
                return Result.failed(document, name, reason)
            worker.task = None
            if status == "ok":
                return Result(document, name, data=payload, pages=pages, peak_rss_mb=rss)
            return Result.failed(document, name, payload, rss)
        if time.monotonic() > worker.deadline(self.limits.timeout):
            worker.kill()
            return Result.failed(
                document, name, f"stopped after {self.limits.timeout:g} s (time limit)"
            )
        return None
