"""Which shipped locale serves a requested tag, and which folder names may hold catalogs."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import UsageError

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


def pick_locales(wanted: str, shipped: tuple[str, ...]) -> list[str]:
    """Shipped locales for ``wanted``: a tag, a comma-separated list of tags, or ``all``.

    Raises UsageError naming the shipped locales when a tag resolves to none of them.
    """
    found: list[str] = []
    for part in wanted.split(","):
        tag = part.strip()
        if tag == "all":
            found += list(shipped)
            continue
        locale = resolve_locale(tag, shipped)
        if locale is None:
            raise UsageError(
                f"unknown locale '{tag}'; shipped locales: {', '.join(shipped)} "
                "(or all); a regional tag such as es-MX resolves to its language"
            )
        found.append(locale)
    return list(dict.fromkeys(found))


_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")


def catalog_locale(locales_dir: Path, name: str, new: bool = False) -> str:
    """A locale folder name for the i18n commands: an existing one, or (``new``) a valid
    locale identifier such as fr, pt_BR or zh_Hant that Babel knows."""
    if (locales_dir / name / "LC_MESSAGES").is_dir() and _LOCALE_NAME.match(name):
        return name
    if not new:
        known = sorted(p.name for p in locales_dir.glob("*") if (p / "LC_MESSAGES").is_dir())
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
