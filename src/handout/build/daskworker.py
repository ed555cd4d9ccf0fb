"""The worker side of cluster builds: a Dask worker plugin owning warm, limited render processes.

Each worker thread gets one render process (``build.renderchild``) when the plugin is set up,
so WeasyPrint warms once per thread while the client still renders HTML. A task takes a free
process, hands it the document and waits at most the time limit; a process that runs out of
time or dies is killed and replaced, and its document fails alone with the message a local
build gives. Imported only where Dask is installed (``build.cluster`` loads it lazily).
"""

from __future__ import annotations

import contextlib
import queue
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from distributed import WorkerPlugin, get_worker

from ..pdf.bundle import AssetBundle
from ..pdf.task import PdfTask
from .limits import Limits
from .workers import _death

PLUGIN = "handout-render"
# (status, payload, pages, peak RSS MiB): what a render process answers, as in workers._serve.
Answer = tuple[str, Any, int, float]


def fingerprint() -> str:
    """The versions that decide a PDF's bytes, as the client's manifest records them."""
    from ..version import __version__
    from .plan import renderer_versions

    return f"handout {__version__}, {renderer_versions()}"


class _Child:
    """One render process, spoken to over a socket pair; ``exitcode`` as in multiprocessing."""

    def __init__(self, bundle: AssetBundle, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        self.conn = Connection(ours.detach())
        fd = theirs.fileno()
        command = [sys.executable, "-m", "handout.build.renderchild", str(fd), str(memory_mb)]
        self.process = subprocess.Popen(command, pass_fds=[fd], stdin=subprocess.DEVNULL)
        theirs.close()
        self.spawned, self.ready = time.monotonic(), False
        with contextlib.suppress(OSError):
            self.conn.send(bundle)

    @property
    def exitcode(self) -> int | None:
        return self.process.poll()

    def render(self, task: PdfTask, timeout: float) -> Answer | None:
        """The answer for ``task``, or None when this process ran out of time (after warming
        up, which has ``timeout`` from the start, like a local process)."""
        if not self.ready:
            if not self.conn.poll(max(0.0, self.spawned + timeout - time.monotonic())):
                return None
            self.conn.recv()  # ("ready", ...): the document's time starts now
            self.ready = True
        with contextlib.suppress(OSError):  # a dead process is found when its answer is read
            self.conn.send(task)
        if not self.conn.poll(timeout):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()
        self.conn.close()


class RenderPlugin(WorkerPlugin):
    """Render processes for every thread of a worker; ``key`` names the bundle and limits."""

    name = PLUGIN  # one per worker: registering a new one replaces the old

    def __init__(self, bundle: AssetBundle, limits: Limits, key: str) -> None:
        self.bundle, self.limits, self.key = bundle, limits, key

    def setup(self, worker: Any) -> None:
        # Linux kills a render process when the *thread* that started it ends (PDEATHSIG):
        # one long-lived thread starts them all.
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="handout-spawn")
        self.fingerprint = fingerprint()
        self.idle: queue.SimpleQueue[_Child] = queue.SimpleQueue()
        for _ in range(max(1, worker.state.nthreads)):
            self.idle.put(self._spawn())
        worker.handout_render = self

    def teardown(self, worker: Any) -> None:
        while not self.idle.empty():
            self.idle.get().stop()
        self._spawner.shutdown(wait=False)

    def _spawn(self) -> _Child:
        return self._spawner.submit(_Child, self.bundle, self.limits.memory_mb).result()

    def render(self, task: PdfTask) -> Answer:
        """One document on a free render process; never raises for a document's problem."""
        child = self.idle.get()
        answer: Answer | None = None
        try:
            answer = child.render(task, self.limits.timeout)
            if answer is None:
                answer = ("error", f"stopped after {self.limits.timeout:g} s (time limit)", 0, 0.0)
                child.kill()
                child = self._spawn()
        except (EOFError, OSError):
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(5)
            answer = ("error", _death(child), 0, 0.0)
            child.kill()
            child = self._spawn()
        finally:
            self.idle.put(child)
        return answer


def installed_key(dask_worker: Any) -> str | None:
    """The key of the render plugin set up on ``dask_worker`` (for ``Client.run``)."""
    plugin = getattr(dask_worker, "handout_render", None)
    return plugin.key if plugin is not None else None


def render(task: PdfTask) -> tuple[str, Any, int, float, str]:
    """The Dask task: render and verify one document on this worker's plugin; the answer and
    the versions that made it."""
    plugin: RenderPlugin | None = getattr(get_worker(), "handout_render", None)
    if plugin is None:
        return ("error", "the cluster worker has no render processes", 0, 0.0, "")
    status, payload, pages, rss = plugin.render(task)
    return (status, payload, pages, rss, plugin.fingerprint)
