"""What to build and what is already built: jobs, input hashes, the output manifest.

Kept free of heavy imports (no pydantic, Jinja or WeasyPrint), so that a build with nothing
to do answers in a fraction of a second.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from . import __version__

AUDIENCES: tuple[str, ...] = ("patient", "clinician")
TEMPLATE_SUFFIXES = (".j2", ".css", ".svg", ".png")
MANIFEST = ".handout-manifest.json"
# Packages whose version changes the bytes of a PDF.
RENDERERS = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools")


PAPERS = ("a4", "letter")
LOGO_SUFFIXES = (".png", ".svg")


@dataclass(frozen=True)
class Job:
    topic: str
    audience: str
    locale: str
    large_print: bool = False
    format: str = "pdf"  # pdf | html

    @property
    def filename(self) -> str:
        variant = ".large-print" if self.large_print else ""
        return f"{self.topic}.{self.audience}.{self.locale}{variant}.{self.format}"


@dataclass(frozen=True)
class Options:
    """How documents are dressed: paper size and an optional clinic profile."""

    paper: str | None = None  # None: the clinic profile's paper, or A4
    clinic_file: Path | None = None
    allow_fallback: bool = False  # untranslated strings in English, and the PDF says so

    @cached_property
    def digest_bytes(self) -> bytes:
        """The options and the clinic's files (profile, logos beside it), for the input hash.

        Read once per build, however many documents it makes.
        """
        parts = [f"paper={self.paper}\0fallback={self.allow_fallback}".encode()]
        if self.clinic_file is not None:
            parts.append(self.clinic_file.read_bytes())
            for path in sorted(self.clinic_file.parent.iterdir()):
                if path.suffix.lower() in LOGO_SUFFIXES and path.is_file():
                    parts += [path.name.encode(), path.read_bytes()]
        return b"\0".join(parts)


def plan(
    topics: Iterable[str],
    audiences: Iterable[str],
    locales: Iterable[str],
    large_print: bool = False,
    fmt: str = "pdf",
) -> list[Job]:
    """Every document asked for; large print applies to patient documents."""
    return [
        Job(t, a, loc, large_print=large_print and a == "patient", format=fmt)
        for t in topics
        for a in audiences
        for loc in locales
    ]


def _installed_version(name: str) -> str:
    """A package's version from its ``*.dist-info`` folder name (what pip writes), falling back
    to importlib.metadata: the fast path keeps ``handout build`` from loading email parsers
    before its render processes start."""
    for folder in sys.path:
        try:
            found = sorted(Path(folder).glob(f"{name}-*.dist-info"))
        except OSError:
            continue
        if found:
            return found[-1].name.removesuffix(".dist-info").split("-", 1)[1]
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


@cache
def renderer_versions() -> str:
    return ", ".join(f"{name} {_installed_version(name)}" for name in RENDERERS)


def _folder_digest(folders: tuple[Path, ...]) -> bytes:
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.digest()


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

    def is_current(self, job: Job, digest: str, out_dir: Path) -> bool:
        """True when the PDF on disk was made from these inputs and is untouched since."""
        entry = self.entries.get(job.filename)
        if not entry or entry.get("inputs") != digest:
            return False
        try:
            data = (out_dir / job.filename).read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == entry.get("sha256")

    def record(self, job: Job, digest: str, pdf: bytes) -> None:
        self.entries[job.filename] = {"inputs": digest, "sha256": hashlib.sha256(pdf).hexdigest()}

    def forget(self, job: Job) -> None:
        self.entries.pop(job.filename, None)

    def save(self) -> None:
        """Write the manifest atomically (a torn manifest only costs a rebuild)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{MANIFEST}.{os.getpid()}.tmp")
        body = json.dumps({"documents": dict(sorted(self.entries.items()))}, indent=1)
        tmp.write_text(body + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


class Digester:
    """The content version of each document of one build, reading every input file once.

    A build of many documents shares its templates, catalogs and topics; hashing them again
    for each document would cost a no-op rebuild most of its time.
    """

    def __init__(
        self,
        template_dirs: tuple[Path, ...],
        topic_file: Callable[[str], Path],
        catalog_files: Callable[[str], list[Path]],
        options: Options | None = None,
    ) -> None:
        self.template_dirs = template_dirs
        self.topic_file, self.catalog_files = topic_file, catalog_files
        self.options = options or Options()
        self._bytes: dict[Path, bytes] = {}
        self._folders: bytes | None = None

    def _read(self, path: Path) -> bytes:
        if path not in self._bytes:
            self._bytes[path] = path.read_bytes()
        return self._bytes[path]

    def __call__(self, job: Job) -> str:
        if self._folders is None:
            self._folders = _folder_digest(self.template_dirs)
        parts = [self.options.digest_bytes, job.filename.encode()]
        for path in self.catalog_files(job.locale):
            parts += [path.name.encode(), self._read(path)]
        h = hashlib.sha256()
        h.update(f"handout {__version__}\0{renderer_versions()}\0{job.locale}\0".encode())
        h.update(hashlib.sha256(self._read(self.topic_file(job.topic))).digest())
        h.update(self._folders)
        h.update(b"\0".join(parts))
        return h.hexdigest()[:12]


@dataclass
class Split:
    """Jobs whose PDF is current (skipped) and jobs to build, with every job's digest."""

    current: list[Job]
    todo: list[Job]
    digests: dict[Job, str]
    manifest: Manifest


def split_current(
    jobs: list[Job], out_dir: Path, digest: Callable[[Job], str], force: bool = False
) -> Split:
    """Sort ``jobs`` into those already built from the same inputs and those to build."""
    manifest = Manifest(out_dir)
    digests = {job: digest(job) for job in jobs}
    current = [] if force else [j for j in jobs if manifest.is_current(j, digests[j], out_dir)]
    todo = [j for j in jobs if j not in current]
    return Split(current, todo, digests, manifest)
