"""A one-line progress bar that fits the terminal it is drawn on and clears only what it drew."""

from __future__ import annotations

import os
from typing import TextIO

MIN_BAR = 10  # below this the bar is left out; the count and the name still show
MAX_BAR = 30


def terminal_columns(stream: TextIO, fallback: int = 80) -> int:
    """The width of the terminal ``stream`` is drawn on: $COLUMNS when set (as
    ``shutil.get_terminal_size`` does), else the terminal's own, read at each call so that a
    resized window is followed."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(stream.fileno()).columns or fallback
    except (OSError, ValueError, AttributeError):
        return fallback


def progress_line(done: int, total: int, name: str, columns: int) -> str:
    """``[#####.....] 3/8 name`` in fewer than ``columns`` characters (the last column is left
    free: a terminal that wraps at its edge would otherwise start a new line). To fit, the bar
    shrinks, then the name is cut (down to a dozen letters), then the bar goes, then the name;
    the count is cut only on a tiny terminal."""
    room = max(columns - 1, 0)
    count = f"{done}/{total}"
    spare = room - len(count) - len("[] ") - 1  # beside the count and the bar's brackets
    bar_width = min(MAX_BAR, spare - len(name))
    if bar_width < MIN_BAR:  # a short bar, if a dozen letters of the name still fit beside it
        bar_width = MIN_BAR if spare - MIN_BAR >= 12 else 0
    line = count
    if bar_width >= MIN_BAR:
        filled = bar_width * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}] {count}"
    left = room - len(line) - 1
    if name and left > 0:
        line += " " + (name if len(name) <= left else name[: max(left - 1, 0)] + "…")
    return line[:room]


class Progress:
    """Draws :func:`progress_line` on ``stream`` when it is a terminal; otherwise silent."""

    def __init__(self, total: int, stream: TextIO, live: bool | None = None) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.live = stream.isatty() if live is None else live
        self.drawn = 0  # characters on the line now

    def step(self, name: str) -> None:
        self.done += 1
        if not self.live:
            return
        line = progress_line(self.done, self.total, name, terminal_columns(self.stream))
        self.stream.write(self._blank() + line)
        self.drawn = len(line)
        self.stream.flush()

    def clear(self) -> None:
        if self.live and self.drawn:
            self.stream.write(self._blank())
            self.stream.flush()

    def _blank(self) -> str:
        """Back to the start of the line, over-writing exactly what was drawn with spaces."""
        blank = "\r" + " " * self.drawn + "\r" if self.drawn else "\r"
        self.drawn = 0
        return blank
