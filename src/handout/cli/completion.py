"""Shell completion scripts for bash and zsh, written by shtab from the one argparse parser."""

from __future__ import annotations

import argparse
from pathlib import Path

SHELLS = ("bash", "zsh")
_DIRECTORIES = {"root", "out"}  # the other path options name files


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell``: commands, options, choices, and file or folder
    names where an option takes a path."""
    import shtab

    for action in _actions(parser):
        if action.type is Path and not hasattr(action, "complete"):
            kind = shtab.DIRECTORY if action.dest in _DIRECTORIES else shtab.FILE
            action.complete = kind  # type: ignore[attr-defined]
    return str(shtab.complete(parser, shell=shell))


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    found = []
    for action in parser._actions:  # argparse keeps its actions here (no public accessor)
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found += _actions(sub)
    return found
