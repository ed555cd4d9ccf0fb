"""The output folder's record of which inputs made each file in it, and the file's hash.

The record is read only when it is a regular file (not a link, FIFO or device) of sensible
size holding the expected entries; anything else is ignored with one warning, and every
document is rebuilt. It is written like the documents: a fresh temporary file, then a rename.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path

from ..errors import HandoutError
from ..request import Document
from .write import write_atomic

MANIFEST = ".handout-manifest.json"
MAX_MANIFEST_BYTES = 8 * 1024 * 1024


class ManifestError(HandoutError):
    """The build record could not be written (exit 1; the documents themselves were)."""


def _entries(data: object) -> dict[str, dict[str, str]] | None:
    """The documents of a parsed manifest, or None when it does not have the expected shape."""
    if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
        return None
    entries = data["documents"]
    for name, entry in entries.items():
        if not (
            isinstance(name, str)
            and isinstance(entry, dict)
            and isinstance(entry.get("inputs"), str)
            and isinstance(entry.get("sha256"), str)
        ):
            return None
    return entries


def _read(path: Path) -> bytes | str | None:
    """The manifest's bytes; None when there is none; a reason when it cannot be used."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size > MAX_MANIFEST_BYTES:
        return f"is larger than {MAX_MANIFEST_BYTES} bytes"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:  # replaced by a link since lstat
        if exc.errno == errno.ELOOP:
            return "is not a regular file"
        return f"cannot be read ({exc.strerror})"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return "is not a regular file"
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        return f"is larger than {MAX_MANIFEST_BYTES} bytes"
    return data


class Manifest:
    """Records, in the output folder, which inputs made each PDF there and the PDF's hash."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.entries: dict[str, dict[str, str]] = {}
        self.warnings: list[str] = []
        found = _read(self.path)
        if found is None:
            return
        entries = None
        if isinstance(found, bytes):
            try:
                entries = _entries(json.loads(found.decode("utf-8")))
            except (ValueError, RecursionError):
                entries = None
            found = "does not hold the expected entries"
        if entries is None:
            self.warnings.append(f"{self.path}: {found}; ignored, every document is rebuilt")
        else:
            self.entries = entries

    def is_current(self, job: Document, digest: str, out_dir: Path) -> bool:
        """True when the PDF on disk was made from these inputs and is untouched since."""
        entry = self.entries.get(job.filename)
        if not entry or entry.get("inputs") != digest:
            return False
        path = out_dir / job.filename
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):  # a link or FIFO planted in its place
                return False
            data = path.read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == entry.get("sha256")

    def record(self, job: Document, digest: str, pdf: bytes) -> None:
        self.entries[job.filename] = {"inputs": digest, "sha256": hashlib.sha256(pdf).hexdigest()}

    def forget(self, job: Document) -> None:
        self.entries.pop(job.filename, None)

    def save(self) -> None:
        """Write the manifest atomically; raise ManifestError naming it when that fails."""
        body = json.dumps({"documents": dict(sorted(self.entries.items()))}, indent=1) + "\n"
        try:
            write_atomic(self.path, body.encode("utf-8"))
        except OSError as exc:
            raise ManifestError(
                f"{self.path}: cannot write the build record ({exc.strerror or exc}); the "
                "documents were written, and the next build will make them again"
            ) from None
