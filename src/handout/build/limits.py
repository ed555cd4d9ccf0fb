"""Per-document limits: seconds of wall time and MiB of address space, checked once, and the
guard that holds them for work done in this process (the HTML step)."""

from __future__ import annotations

import contextlib
import math
import resource
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import UsageError

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Limits:
    """Per-document limits: seconds of wall time, and MiB of address space per worker."""

    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB

    def __post_init__(self) -> None:
        for name, value in (("timeout", self.timeout), ("memory_mb", self.memory_mb)):
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or value <= 0
            ):
                raise UsageError(f"{name}: expected a finite number above 0, found {value!r}")


class TimeLimit(Exception):
    """Raised inside guarded work when its time limit passes."""


@contextlib.contextmanager
def guarded(limits: Limits) -> Iterator[None]:
    """Run work in this process under the per-document limits (time and address space).

    Used for the HTML step, which runs in the parent: a template that loops or allocates
    without end fails its document like a render would. The time limit needs the main thread.
    """
    timed = threading.current_thread() is threading.main_thread() and limits.timeout > 0
    if timed:

        def alarm(signum: int, frame: object) -> None:
            raise TimeLimit

        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if limits.memory_mb > 0:
        limit = limits.memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        if limits.memory_mb > 0:
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
