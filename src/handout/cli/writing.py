"""Options of the writing-loop commands: ``new`` (a topic to start from) and ``serve``."""

from __future__ import annotations

import argparse

from ..content.model import Kind

Sub = argparse._SubParsersAction  # the object add_subparsers returns


def add_writing_commands(sub: Sub, common: argparse.ArgumentParser) -> None:
    new = sub.add_parser(
        "new",
        parents=[common],
        help="start a topic: content/TOPIC.yaml with every section and TODO placeholders",
        description="Write content/TOPIC.yaml: every section, a comment saying what goes in "
        "it, and 'TODO: ...' placeholders that check and build report (with their lines) until "
        "they are replaced; its first line names content/topic.schema.json (written beside it) "
        "for editors. Never overwrites a file.",
    )
    new.add_argument("topic", metavar="TOPIC", help="the topic id, e.g. seasonal-flu-vaccine")
    new.add_argument(
        "--kind", required=True, choices=[k.value for k in Kind], help="what the topic is about"
    )
