"""The output folder's record of which inputs made each file in it, and the file's hash."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..request import Document

MANIFEST = ".handout-manifest.json"


class Manifest:
    """Records, in the output folder, which inputs made each PDF there and the PDF's hash."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / MANIFEST
        self.entries: dict[str, dict[str, str]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("documents"), dict):
                self.entries = data["documents"]
        except (OSError, ValueError):
            self.entries = {}

    def is_current(self, job: Document, digest: str, out_dir: Path) -> bool:
        """True when the PDF on disk was made from these inputs and is untouched since."""
        entry = self.entries.get(job.filename)
        if not entry or entry.get("inputs") != digest:
            return False
        try:
            data = (out_dir / job.filename).read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == entry.get("sha256")

    def record(self, job: Document, digest: str, pdf: bytes) -> None:
        self.entries[job.filename] = {"inputs": digest, "sha256": hashlib.sha256(pdf).hexdigest()}

    def forget(self, job: Document) -> None:
        self.entries.pop(job.filename, None)

    def save(self) -> None:
        """Write the manifest atomically (a torn manifest only costs a rebuild)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        body = json.dumps({"documents": dict(sorted(self.entries.items()))}, indent=1)
        tmp.write_text(body + "\n", encoding="utf-8")
        os.replace(tmp, self.path)
