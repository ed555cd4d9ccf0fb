"""Where a project's topics, catalogs and templates live (paths only: no parsing)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..choices import SOURCE_LOCALE
from ..errors import RenderError, UsageError


def shipped_templates() -> Path:
    """The templates that come with handout: ``handout/templates`` inside the installed package
    (every build maps the repository's top-level ``templates/`` there). A source checkout run
    in place (an editable install, or ``PYTHONPATH=src``) has no such folder and uses the
    repository's own."""
    packaged = resources.files("handout") / "templates"
    if packaged.is_dir() and (packaged / "base.html.j2").is_file():
        if not isinstance(packaged, Path):  # e.g. a zip: WeasyPrint needs real files
            raise UsageError(f"{packaged}: handout's templates must be files on disk; reinstall")
        return packaged.resolve()
    checkout = Path(__file__).resolve().parents[3] / "templates"
    if (checkout / "base.html.j2").is_file():
        return checkout
    raise UsageError(f"{packaged}: handout's templates are missing; reinstall handout")


def contained(folder: Path, path: Path) -> bool:
    """Whether ``path``, every link on the way followed, is still inside ``folder``."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def escaping_links(folder: Path) -> list[Path]:
    """Entries under ``folder`` that are links leading out of it (git keeps symlinks)."""
    found = []
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top) / name
            if path.is_symlink() and not contained(folder, path):
                found.append(path)
    return sorted(found)


def template_file(folders: tuple[Path, ...], name: str) -> Path | None:
    """The first ``name`` in ``folders`` (None when none has it); RenderError when that file is
    a link leading out of its folder."""
    for folder in folders:
        path = folder / name
        if path.is_file():
            if not contained(folder, path):
                raise RenderError(f"{name}: a link leaving the template folder {folder}; refused")
            return path
    return None


def shipped_locales() -> Path | None:
    """The template catalogs that come with handout (``handout/locales``, mapped from the
    repository's top-level ``locales/`` like the templates): the fallback for ``messages`` in
    any project. None when neither the package nor a checkout has them."""
    packaged = resources.files("handout") / "locales"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged.resolve()
    checkout = Path(__file__).resolve().parents[3] / "locales"
    return checkout if (checkout / "messages.pot").is_file() else None


@dataclass(frozen=True)
class Project:
    """A folder holding content/, locales/ and optionally templates/ that override ours."""

    root: Path

    @classmethod
    def open(cls, root: Path) -> Project:
        root = root.resolve()
        if not (root / "content").is_dir():
            raise UsageError(f"{root}: no content/ folder here; use --root to point at a project")
        return cls(root)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @cached_property
    def template_dirs(self) -> tuple[Path, ...]:
        """Project templates first (they override), then the shipped ones."""
        shipped = shipped_templates()
        own = self.root / "templates"
        if own.is_dir() and own.resolve() != shipped:
            if not contained(self.root, own):
                raise UsageError(f"{own}: a link leaving the project; refused (copy the folder)")
            leaving = escaping_links(own)
            if leaving:
                shown = ", ".join(self.display(p.parent) + "/" + p.name for p in leaving[:5])
                raise UsageError(
                    f"{shown}: a link to a file outside the templates folder; refused "
                    "(templates and styles are read only from inside it)"
                )
            return (own.resolve(), shipped)
        return (shipped,)

    def shipped_messages(self, locale: str) -> Path | None:
        """handout's own ``messages.po`` for ``locale``, when it ships one and the project is
        not handout's own checkout (whose catalogs are the shipped ones)."""
        shipped = shipped_locales()
        if shipped is None or shipped == self.locales_dir.resolve():
            return None
        path = shipped / locale / "LC_MESSAGES" / "messages.po"
        return path if path.is_file() else None

    @cached_property
    def topics(self) -> tuple[str, ...]:
        return tuple(sorted(p.stem for p in self.content_dir.glob("*.yaml")))

    @cached_property
    def locales(self) -> tuple[str, ...]:
        """The source locale plus every locale with a template catalog."""
        found = {SOURCE_LOCALE}
        if self.locales_dir.is_dir():
            found |= {
                p.name
                for p in self.locales_dir.iterdir()
                if (p / "LC_MESSAGES").is_dir() and any((p / "LC_MESSAGES").glob("*.po"))
            }
        return tuple(sorted(found))

    def catalog_files(self, locale: str) -> list[Path]:
        """The translation catalogs that shape documents in ``locale`` (for the input hash)."""
        files = [self.locales_dir / "messages.pot"]
        folder = self.locales_dir / locale
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix in {".po", ".pot"})
        shipped = self.shipped_messages(locale)
        if shipped is not None:
            files.append(shipped)
        return [f for f in files if f.is_file()]

    def topic_file(self, topic: str) -> Path:
        return self.content_dir / f"{topic}.yaml"

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)
