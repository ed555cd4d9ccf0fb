"""Compiled templates kept between runs, under the user's cache folder, or not at all.

Compiling the templates is most of the HTML step of a one-document build. Jinja can keep the
compiled code in a folder; since that code is loaded and run, the folder must be the user's
own: made with mode 0700, owned by this user, writable by nobody else, and not a symbolic link.
Anything else, or any error reading or writing it, means templates are compiled as before.
A compiled template is used only while its source is unchanged (Jinja checks a hash of it); the
folder's name holds the Python, Jinja and handout versions, so an upgrade starts afresh.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from ..version import __version__


class _Tolerant(FileSystemBytecodeCache):
    """A cache that never fails a render: an unreadable or unwritable entry is skipped."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _base() -> Path | None:
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "handout"
    home = os.environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".cache" / "handout" if os.path.isabs(home) else None


def _own_folder(path: Path) -> bool:
    """``path`` exists (made now if need be) as this user's private, real folder."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def bytecode_cache(options: str) -> FileSystemBytecodeCache | None:
    """The cache folder for templates compiled with ``options``; None when unusable."""
    base = _base()
    if base is None or not hasattr(os, "getuid"):
        return None
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    name = f"jinja-{python}-{jinja2.__version__}-{__version__}-{options}"
    folder = base / "".join(c if c.isalnum() or c in ".-_" else "_" for c in name)
    if not (_own_folder(base) and _own_folder(folder)):
        return None
    return _Tolerant(str(folder))
