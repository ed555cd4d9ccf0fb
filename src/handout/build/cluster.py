"""Render PDFs on a Dask cluster: the client side of ``handout build --dask ADDRESS``.

``DaskExecutor`` is interchangeable with the local ``RenderPool``: ``run`` takes PDF tasks (and
documents that already failed) and yields each document's ``Result`` as it finishes; ``close``
lets go of the cluster. Planning, the manifest and writing stay with the caller; only the tasks
travel. Each task carries its HTML, checks and attachments; the stylesheet and assets travel
once, in the worker plugin (``build.daskworker``). Dask is an optional extra, imported here
lazily, so that handout without it still starts and says how to get it.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import UsageError
from ..pdf.bundle import collect_bundle
from ..pdf.task import PdfTask
from .limits import Limits
from .workers import Result, default_workers

INSTALL = "--dask needs the dask extra: pip install 'handout[dask]'"
CONNECT_TIMEOUT = 10  # seconds to reach a scheduler
WORKER_TIMEOUT = 60  # seconds to wait for the first worker to join
RETRIES = 1  # resubmissions of a document whose workers kept dying under it


def parse_address(address: str) -> tuple[str, int]:
    """``("local", N)`` for ``local`` or ``local:N``, else ``(scheduler address, 0)``."""
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2] or str(default_workers())
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--dask {address}: expected local or local:N with N >= 1")
        return "local", int(count)
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or not port:
        raise UsageError(f"--dask {address}: expected tcp://HOST:PORT (or tls://), or local[:N]")
    return address, 0


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Local worker processes inherit SIGINT ignored: a terminal's Ctrl-C reaches the client,
    which cancels the build and then closes them."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers (and receives SIGINT)
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Interrupts:
    """Ctrl-C while tasks are out: raised at once, as usual, and also remembered, because Dask
    runs finalizers (``__del__``) in this thread and Python drops an exception raised in one."""

    def __init__(self) -> None:
        self.seen = False
        self.previous: Any = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.seen:
            raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__


def _probe(address: str) -> None:
    """Fail at once when nothing listens at a ``tcp://`` address (Dask would retry until its
    timeout); raises OSError."""
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        socket.create_connection((parts.hostname, parts.port), timeout=CONNECT_TIMEOUT).close()


def _plugin_key(bundle_digest: str, limits: Limits) -> str:
    from .daskworker import fingerprint

    return f"{bundle_digest}:{limits.timeout:g}:{limits.memory_mb}:{fingerprint()}"


class DaskExecutor:
    """PDF tasks on a Dask cluster: a scheduler address, or ``local[:N]`` for a LocalCluster of
    N worker processes (one thread each)."""

    def __init__(self, address: str, template_dirs: tuple[Path, ...], limits: Limits) -> None:
        where, count = parse_address(address)
        try:
            import distributed

            from . import daskworker
        except ImportError:
            raise UsageError(INSTALL) from None
        self.distributed, self.worker = distributed, daskworker
        logging.getLogger("distributed").setLevel(logging.CRITICAL)  # failures come as results
        self.address, self.limits, self.cluster = address, limits, None
        self.futures: dict[Any, tuple[PdfTask, int]] = {}
        try:
            self.client = self._connect(where, count)
            self.fingerprint = daskworker.fingerprint()
            self._install(template_dirs)
        except BaseException:  # a failed start, or Ctrl-C: leave no cluster behind
            self.close()
            raise

    def _connect(self, where: str, count: int) -> Any:
        """A client of a new LocalCluster (``where`` is "local") or of the scheduler at
        ``where``; UsageError when it cannot be reached."""
        distributed = self.distributed
        try:
            if where != "local":
                _probe(where)
                return distributed.Client(where, timeout=CONNECT_TIMEOUT, set_as_default=False)
            with _sigint_ignored():
                self.cluster = distributed.LocalCluster(
                    n_workers=count,
                    threads_per_worker=1,
                    processes=True,
                    memory_limit=0,  # the render processes hold their own limit
                    dashboard_address=":0",  # any free port: none taken, no warning
                    silence_logs=logging.CRITICAL,
                )
            return distributed.Client(self.cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            reason = getattr(exc, "strerror", None) or _first_line(exc)
            raise UsageError(
                f"--dask {self.address}: cannot reach the scheduler: {reason}"
            ) from None

    def _install(self, template_dirs: tuple[Path, ...]) -> None:
        """Set up render processes on every worker (and on workers that join later), unless
        the same bundle and limits are set up already: a long-lived cluster stays warm."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except TimeoutError:
            raise UsageError(
                f"--dask {self.address}: no worker joined within {WORKER_TIMEOUT} s"
            ) from None
        bundle = collect_bundle(template_dirs)
        key = _plugin_key(bundle.digest(), self.limits)
        installed = self.client.run(self.worker.installed_key)
        if not installed or any(value != key for value in installed.values()):
            self.client.register_plugin(self.worker.RenderPlugin(bundle, self.limits, key))

    def _window(self) -> int:
        """Tasks to keep on the cluster at once: two per worker thread, so that none idles
        while the client renders the next HTML."""
        return 2 * max(1, sum(self.client.nthreads().values()))

    def _submit(self, task: PdfTask, attempt: int, done: Any) -> None:
        key = f"handout-{task.document.filename}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(self.worker.render, task, key=key, pure=False, retries=0)
        self.futures[future] = (task, attempt)
        done.add(future)

    def run(self, tasks: Iterable[PdfTask | Result]) -> Iterator[Result]:
        """Render ``tasks`` on the cluster, a window of them at a time; yield each document's
        result as it finishes (a Result among the tasks is passed on)."""
        source = iter(tasks)
        done = self.distributed.as_completed(loop=self.client.loop)
        window, count = self._window(), 0
        try:
            with _Interrupts() as interrupts:
                while True:
                    while len(self.futures) < window:
                        item = next(source, None)
                        if item is None:
                            break
                        if isinstance(item, Result):
                            yield item
                        else:
                            self._submit(item, 0, done)
                    if not self.futures:
                        return
                    future = next(done)
                    interrupts.check()
                    result = self._collect(future, done)
                    if result is not None:
                        yield result
                    count += 1
                    if count % 32 == 0:  # workers may have joined or left
                        window = self._window()
        finally:
            self._cancel()

    def _collect(self, future: Any, done: Any) -> Result | None:
        """The result of a finished task; None when it goes round again (its worker died)."""
        task, attempt = self.futures.pop(future)
        document, name = task.document, task.checks.name
        if future.status != "finished":
            exc = future.exception() if future.status == "error" else None
            future.release()
            if isinstance(exc, self.distributed.KilledWorker) and attempt < RETRIES:
                self._submit(task, attempt + 1, done)
                return None
            reason = _first_line(exc) if exc is not None else future.status
            return Result.failed(document, name, f"the cluster lost it: {reason}")
        status, payload, pages, rss, made_by = future.result()
        future.release()
        if made_by and made_by != self.fingerprint:
            return Result.failed(
                document,
                name,
                f"a worker renders with {made_by}; this machine with {self.fingerprint}: "
                "install the same versions on every worker",
            )
        if status == "ok":
            return Result(document, name, data=payload, pages=pages, peak_rss_mb=rss)
        return Result.failed(document, name, payload, rss)

    def _cancel(self) -> None:
        """Cancel the tasks still out (the build stopped early: Ctrl-C, an error)."""
        if self.futures:
            with contextlib.suppress(Exception):
                self.client.cancel(list(self.futures))
            self.futures.clear()

    def close(self) -> None:
        self._cancel()
        client = getattr(self, "client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if self.cluster is not None:
            with _sigint_ignored(), contextlib.suppress(Exception):
                self.cluster.close()
            self.cluster = None
