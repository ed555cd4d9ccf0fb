"""What to build: a request resolved against a project into documents, and their input hashes.

Kept free of heavy imports (no pydantic, Jinja or WeasyPrint), so that a build with nothing
to do answers in a fraction of a second; the clinic profile is loaded only when its default
locales are needed.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..choices import LOGO_SUFFIXES, TEMPLATE_SUFFIXES
from ..content.project import Project
from ..errors import UsageError
from ..i18n.locales import pick_locales
from ..request import Document, Request
from ..version import __version__
from .manifest import Manifest

# Packages whose version changes the bytes of a PDF.
RENDERERS = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "fonttools")


def pick_topics(project: Project, wanted: tuple[str, ...]) -> list[str]:
    """The topics a request names (all of the project's when it names none)."""
    if not project.topics:
        raise UsageError(f"{project.display(project.content_dir)}: no topics (*.yaml) found")
    if not wanted:
        return list(project.topics)
    for name in wanted:
        if name not in project.topics:
            raise UsageError(f"unknown topic '{name}'; choose from: {', '.join(project.topics)}")
    return list(wanted)


def clinic_locales(project: Project, request: Request) -> str | None:
    """The clinic profile's default locales (comma-separated), when it names any."""
    if request.clinic is None:
        return None
    from ..content.clinic import load_clinic

    profile = load_clinic(request.clinic, project.display(request.clinic)).profile
    return ",".join(profile.locales) if profile.locales else None


def request_locales(project: Project, request: Request) -> list[str]:
    """The shipped locales a request asks for; by default the clinic profile's, else all."""
    wanted = request.locales or clinic_locales(project, request)
    return pick_locales(wanted or "all", project.locales)


def plan(project: Project, request: Request) -> list[Document]:
    """Every document ``request`` asks for, in topic, audience, length, locale order."""
    topics = pick_topics(project, request.topics)
    locales = request_locales(project, request)
    return [
        request.document(topic, audience, locale, length)
        for topic in topics
        for audience in request.audiences
        for length in request.lengths
        for locale in locales
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


def dressing_bytes(request: Request) -> bytes:
    """The request's dressing and the clinic's files (profile, logos beside it), for the hash."""
    parts = [f"paper={request.paper}\0fallback={request.allow_fallback}".encode()]
    if request.clinic is not None:
        parts.append(request.clinic.read_bytes())
        for path in sorted(request.clinic.parent.iterdir()):
            if path.suffix.lower() in LOGO_SUFFIXES and path.is_file():
                parts += [path.name.encode(), path.read_bytes()]
    return b"\0".join(parts)


def _folder_digest(folders: tuple[Path, ...]) -> bytes:
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in TEMPLATE_SUFFIXES:
                h.update(path.relative_to(folder).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.digest()


class Digester:
    """The content version of each document of one build, reading every input file once.

    A build of many documents shares its templates, catalogs and topics; hashing them again
    for each document would cost a no-op rebuild most of its time.
    """

    def __init__(self, project: Project, request: Request) -> None:
        self.template_dirs = project.template_dirs
        self.topic_file, self.catalog_files = project.topic_file, project.catalog_files
        self.request = request
        self._dressing: bytes | None = None
        self._bytes: dict[Path, bytes] = {}
        self._folders: bytes | None = None
        self._digests: dict[Document, str] = {}

    def _read(self, path: Path) -> bytes:
        if path not in self._bytes:
            self._bytes[path] = path.read_bytes()
        return self._bytes[path]

    def __call__(self, job: Document) -> str:
        if job not in self._digests:
            self._digests[job] = self._digest(job)
        return self._digests[job]

    def _digest(self, job: Document) -> str:
        if self._folders is None:
            self._folders = _folder_digest(self.template_dirs)
        if self._dressing is None:
            self._dressing = dressing_bytes(self.request)
        parts = [self._dressing, job.filename.encode()]
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
    """Documents whose PDF is current (skipped) and jobs to build, with every job's digest."""

    current: list[Document]
    todo: list[Document]
    digests: dict[Document, str]
    manifest: Manifest


def split_current(
    jobs: list[Document], out_dir: Path, digest: Callable[[Document], str], force: bool = False
) -> Split:
    """Sort ``jobs`` into those already built from the same inputs and those to build."""
    manifest = Manifest(out_dir)
    digests = {job: digest(job) for job in jobs}
    current = [] if force else [j for j in jobs if manifest.is_current(j, digests[j], out_dir)]
    todo = [j for j in jobs if j not in current]
    return Split(current, todo, digests, manifest)
