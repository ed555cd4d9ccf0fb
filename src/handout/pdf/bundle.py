"""The stylesheet and assets of a build as data, for render processes on other machines.

A local render process reads ``handout.css`` and the files it refers to from the template
folders; a cluster worker has no such folders. ``collect_bundle`` reads everything the asset
fetcher could serve (the template folders' files) once, in the client; ``pdf.weasy`` builds a
renderer from it that serves the same bytes under the same ``file://`` URLs, so a PDF made on a
worker is byte for byte the PDF made on the client. No WeasyPrint import here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..choices import STYLESHEET, TEMPLATE_SUFFIXES

MAX_ASSET_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class AssetBundle:
    """The stylesheet text and base URL of a build, and its asset files by ``file://`` URL.

    ``stylesheet`` is None when no template folder holds one (``missing`` says where it was
    looked for); ``oversized`` maps assets too large to serve to their size in bytes.
    """

    base_url: str
    stylesheet: str | None
    missing: str
    files: dict[str, bytes] = field(default_factory=dict)
    oversized: dict[str, int] = field(default_factory=dict)

    def digest(self) -> str:
        """A short hash of everything a renderer built from this bundle depends on."""
        h = hashlib.sha256(f"{self.base_url}\0{self.stylesheet}\0".encode())
        for url in sorted(self.files):
            h.update(url.encode() + b"\0" + self.files[url])
        for url in sorted(self.oversized):
            h.update(f"{url}\0{self.oversized[url]}".encode())
        return h.hexdigest()[:16]

    def lookup(self, url: str) -> bytes | int | None:
        """The bytes a ``file://`` URL names (its size when too large; None when unknown).

        Paths are normalised as the local fetcher resolves them, without touching the disk.
        """
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc:
            return None
        key = Path(os.path.normpath(unquote(parts.path))).as_uri()
        if key in self.oversized:
            return self.oversized[key]
        return self.files.get(key)


def collect_bundle(template_dirs: tuple[Path, ...]) -> AssetBundle:
    """Read the stylesheet and every asset the template folders hold (first folder wins for the
    stylesheet, as in ``PdfRenderer``)."""
    css = next((d / STYLESHEET for d in template_dirs if (d / STYLESHEET).is_file()), None)
    folders = tuple(d.resolve() for d in template_dirs)
    files: dict[str, bytes] = {}
    oversized: dict[str, int] = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            real = path.resolve()
            if path.suffix not in TEMPLATE_SUFFIXES or not real.is_file():
                continue
            if not any(real.is_relative_to(d) for d in folders):
                continue  # a link out of the asset folders: the local fetcher refuses it too
            size = real.stat().st_size
            for url in dict.fromkeys((path.as_uri(), real.as_uri())):
                if size > MAX_ASSET_BYTES:
                    oversized[url] = size
                else:
                    files[url] = real.read_bytes()
    return AssetBundle(
        base_url=(css.parent.as_uri() + "/") if css else (folders[0].as_uri() + "/"),
        stylesheet=css.read_text(encoding="utf-8") if css else None,
        missing=f"stylesheet {STYLESHEET} not found in {template_dirs[0]}",
        files=files,
        oversized=oversized,
    )
