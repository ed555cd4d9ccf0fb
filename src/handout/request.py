"""The one request type: what a user asks handout to make, checked once for every way in.

The command line, the Python API and packets all describe their work as a ``Request``; the
planner (``build.plan``) resolves it against a project into ``Document`` s. Foundation layer:
imports only ``choices`` and ``errors``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .choices import AUDIENCES, FORMATS, LENGTHS, PAPERS, large_print_applies
from .errors import UsageError


@dataclass(frozen=True)
class Document:
    """One document to make: a topic for one audience in one locale, full or brief."""

    topic: str
    audience: str
    locale: str
    large_print: bool = False
    format: str = "pdf"  # pdf | html
    length: str = "full"  # full | brief

    @property
    def filename(self) -> str:
        """``<topic>.<audience>.<locale>[.brief][.large-print].<format>``."""
        variant = (".brief" if self.length == "brief" else "") + (
            ".large-print" if self.large_print else ""
        )
        return f"{self.topic}.{self.audience}.{self.locale}{variant}.{self.format}"

    def with_length(self, length: str) -> Document:
        """The same document at another length (the brief's QR code points to the full one)."""
        return Document(
            self.topic, self.audience, self.locale, self.large_print, self.format, length
        )


def _choice(value: str, allowed: tuple[str, ...] | list[str], what: str, extra: str = "") -> str:
    if value not in allowed:
        listed = ", ".join(allowed) + (f", {extra}" if extra else "")
        raise UsageError(f"unknown {what} '{value}'; choose from: {listed}")
    return value


@dataclass(frozen=True)
class Request:
    """Documents to make, and how to dress them.

    ``topics`` empty means every topic of the project; ``audience`` is one audience or
    ``all``; ``locales`` a comma-separated list of locales or tags, ``all``, or None for the
    clinic profile's locales (else all); ``paper`` None means the clinic profile's, else A4;
    ``length`` is ``full``, ``brief`` or ``all`` (both).
    """

    topics: tuple[str, ...] = ()
    audience: str = "all"
    locales: str | None = None
    paper: str | None = None
    large_print: bool = False
    clinic: Path | None = None
    format: str = "pdf"
    allow_fallback: bool = False
    root: Path = field(default=Path("."))
    length: str = "full"

    def __post_init__(self) -> None:
        if self.audience != "all":
            _choice(self.audience, AUDIENCES, "audience", "all")
        if self.paper is not None:
            _choice(self.paper, list(PAPERS), "paper")
        _choice(self.format, FORMATS, "format")
        if self.length != "all":
            _choice(self.length, LENGTHS, "length", "all")
        if self.clinic is not None:
            if not Path(self.clinic).is_file():
                raise UsageError(f"{self.clinic}: no such clinic profile")
            object.__setattr__(self, "clinic", Path(self.clinic).resolve())
        object.__setattr__(self, "root", Path(self.root))
        object.__setattr__(self, "topics", tuple(dict.fromkeys(self.topics)))

    @property
    def audiences(self) -> list[str]:
        return list(AUDIENCES) if self.audience == "all" else [self.audience]

    @property
    def lengths(self) -> list[str]:
        return list(LENGTHS) if self.length == "all" else [self.length]

    def document(self, topic: str, audience: str, locale: str, length: str = "") -> Document:
        """The document of this request for ``topic``, ``audience``, a resolved locale and a
        length (default: the request's first)."""
        return Document(
            topic,
            audience,
            locale,
            large_print=large_print_applies(audience, self.large_print),
            format=self.format,
            length=length or self.lengths[0],
        )
