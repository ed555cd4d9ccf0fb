"""A render process's first steps after fork: its own signal handling, and no stray pipe ends."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from multiprocessing.connection import Connection

SIGNALS = {signal.SIGINT, signal.SIGTERM}
PR_SET_PDEATHSIG = 1


def detach(parent: int, inherited: tuple[Connection, ...]) -> None:
    """In a new render process: let the parent handle Ctrl-C (no tracebacks from here), die
    with the default action on SIGTERM, die when the parent dies, and close the pipe ends
    inherited from the parent (its own end and other workers'), so that each pipe reaches
    EOF when its owner goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    for conn in inherited:
        with contextlib.suppress(OSError):
            conn.close()
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent went before the line above took effect
        os._exit(0)
