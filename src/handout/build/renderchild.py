"""A render process started by a cluster worker: ``python -m handout.build.renderchild FD MB``.

A Dask worker cannot fork safely (it runs threads) nor start multiprocessing children (under a
nanny it is a daemon process), so each of its threads owns one of these, started as a plain
subprocess and spoken to over the socket ``FD``. It reads the build's ``AssetBundle`` first,
then runs the same loop as local render processes (``workers._serve``): the same warm-up, the
same memory limit of ``MB`` MiB and the same one-line failures.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from multiprocessing.connection import Connection

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the worker that started it dies (even by SIGKILL):
    a document stuck in a loop must not outlive its machine's worker."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def main(argv: list[str]) -> None:
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:  # the worker died before the request took hold
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl-C is the client's business
    fd, memory_mb = int(argv[0]), int(argv[1])
    conn = Connection(fd)
    from .workers import _serve

    with contextlib.suppress(EOFError, OSError):  # the worker went away: leave quietly
        _serve(conn, conn.recv(), memory_mb)
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
