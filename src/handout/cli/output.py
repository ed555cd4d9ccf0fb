"""How the command line reports a problem: one ``ERROR`` line per line of the message."""

from __future__ import annotations

import sys


def error(message: str) -> None:
    for line in message.splitlines():
        print(f"ERROR {line}", file=sys.stderr)
