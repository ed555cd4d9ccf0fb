"""Typed errors the library raises; the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class HandoutError(Exception):
    """Base of every error handout raises on purpose."""

    exit_code = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in an input file, located by line and column (1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(HandoutError):
    """A content file is invalid; carries every problem found in it."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(HandoutError):
    """The command asked for something that does not exist (topic, audience, locale, folder)."""

    exit_code = 2


class RenderError(HandoutError):
    """A document could not be rendered (template or WeasyPrint failure)."""


class VerificationError(HandoutError):
    """A rendered PDF is missing text every document must carry."""


class PageBudgetError(VerificationError):
    """A brief came out longer than its page budget (nothing is written)."""
