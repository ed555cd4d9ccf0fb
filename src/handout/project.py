"""Where a project's topics, catalogs and templates live, and what it ships."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import UsageError
from .plan import AUDIENCES, Digester, Job, Options

SOURCE_LOCALE = "en"


def shipped_templates() -> Path:
    """The templates that come with handout (source tree first, then the installed copy)."""
    here = Path(__file__).resolve()
    for candidate in (
        here.parents[2] / "templates",
        Path(sys.prefix) / "share" / "handout" / "templates",
    ):
        if (candidate / "base.html.j2").is_file():
            return candidate
    raise UsageError("cannot find handout's templates; reinstall handout")


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
            return (own.resolve(), shipped)
        return (shipped,)

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
                if (p / "LC_MESSAGES" / "messages.po").is_file()
            }
        return tuple(sorted(found))

    def catalog_files(self, locale: str) -> list[Path]:
        """The translation catalogs that shape documents in ``locale`` (for the input hash)."""
        files = [self.locales_dir / "messages.pot"]
        folder = self.locales_dir / locale
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.suffix in {".po", ".pot"})
        return [f for f in files if f.is_file()]

    def digest(self, job: Job, options: Options | None = None) -> str:
        """The content version of one document: every input that shapes it, hashed."""
        return self.digester(options)(job)

    def digester(self, options: Options | None = None) -> Digester:
        """Content versions for many documents of one build (each input file read once)."""
        return Digester(self.template_dirs, self.topic_file, self.catalog_files, options)

    def topic_file(self, topic: str) -> Path:
        return self.content_dir / f"{topic}.yaml"

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def pick_topics(self, wanted: list[str] | None) -> list[str]:
        if not self.topics:
            raise UsageError(f"{self.display(self.content_dir)}: no topics (*.yaml) found")
        if not wanted:
            return list(self.topics)
        for name in wanted:
            if name not in self.topics:
                raise UsageError(f"unknown topic '{name}'; choose from: {', '.join(self.topics)}")
        return list(dict.fromkeys(wanted))

    def pick_audiences(self, wanted: str) -> list[str]:
        if wanted == "all":
            return list(AUDIENCES)
        if wanted not in AUDIENCES:
            raise UsageError(
                f"unknown audience '{wanted}'; choose from: {', '.join(AUDIENCES)}, all"
            )
        return [wanted]

    def pick_locales(self, wanted: str) -> list[str]:
        if wanted == "all":
            return list(self.locales)
        return [self.resolve_locale(wanted)]

    def resolve_locale(self, wanted: str) -> str:
        """The shipped locale serving a requested tag (LOCALE_RULE says how)."""
        found = resolve_locale(wanted, self.locales)
        if found is None:
            raise UsageError(
                f"unknown locale '{wanted}'; shipped locales: {', '.join(self.locales)} "
                "(or all); a regional tag such as es-MX resolves to its language"
            )
        return found


LOCALE_RULE = (
    "A locale may be written with - or _ (es-MX, es_MX, zh-Hans). It resolves to a shipped "
    "locale by trying, in order: the tag itself; its language and script (a region implies "
    "its usual script: zh_CN means zh_Hans, zh_TW means zh_Hant); its language alone. So "
    "es_MX and es-MX give es, ar_EG gives ar, zh-Hans and zh_CN give zh_Hans, and zh_TW "
    "is refused while no zh_Hant catalog ships."
)


def resolve_locale(wanted: str, shipped: tuple[str, ...]) -> str | None:
    """See LOCALE_RULE. None when no shipped locale serves ``wanted``.

    Babel is loaded only when the tag is not a shipped locale as written (a rebuild with
    nothing to do stays light).
    """
    by_key = {s.lower(): s for s in shipped}
    tag = wanted.strip().replace("-", "_")
    if tag.lower() in by_key:
        return by_key[tag.lower()]
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        parsed = Locale.parse(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    script = parsed.script
    if script is None:  # the usual script of the language, or of the language in that region
        key = f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language
        likely = get_global("likely_subtags").get(key, "").split("_")
        script = next((part for part in likely[1:] if len(part) == 4), None)
    for candidate in (f"{parsed.language}_{script}" if script else None, parsed.language):
        if candidate and candidate.lower() in by_key:
            return by_key[candidate.lower()]
    return None


_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")


def catalog_locale(project: Project, name: str, new: bool = False) -> str:
    """A locale folder name for the i18n commands: an existing one, or (``new``) a valid
    locale identifier such as fr, pt_BR or zh_Hant that Babel knows."""
    if (project.locales_dir / name / "LC_MESSAGES").is_dir() and _LOCALE_NAME.match(name):
        return name
    if not new:
        known = sorted(
            p.name for p in project.locales_dir.glob("*") if (p / "LC_MESSAGES").is_dir()
        )
        raise UsageError(
            f"no catalogs for locale '{name}' (have: {', '.join(known) or 'none'}); "
            "start one with: handout i18n update --locale LOCALE --new"
        )
    from babel import Locale, UnknownLocaleError

    try:
        known_to_babel = bool(_LOCALE_NAME.match(name)) and Locale.parse(name) is not None
    except (UnknownLocaleError, ValueError):
        known_to_babel = False
    if not known_to_babel:
        raise UsageError(
            f"cannot start locale '{name}': expected a locale such as fr, pt_BR or zh_Hant"
        )
    return name
