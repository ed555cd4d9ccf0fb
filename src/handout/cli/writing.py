"""Options of the writing-loop commands: ``new`` (a topic to start from) and ``serve``."""

from __future__ import annotations

import argparse
from pathlib import Path

Sub = argparse._SubParsersAction  # the object add_subparsers returns
# content.model.Kind's values, written out: the parser must not load the content model (a
# no-op build stays light); tests/test_new_topic.py checks that the two agree.
KINDS = ("medicine", "vaccine", "supplement")


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
    new.add_argument("--kind", required=True, choices=KINDS, help="what the topic is about")

    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="preview every document in a browser, reloading as files are saved",
        description="A local preview: a page listing every topic × audience × locale, each "
        "document as HTML with its literacy report and whether the build's checks pass (or the "
        "same file:line:col messages as the command line), and a link to the PDF rendered in "
        "memory. Pages reload when a content, catalog, clinic or template file is saved. "
        "Nothing is written. Stop with Ctrl-C.",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this computer only)",
    )
    serve.add_argument("--clinic", type=Path, metavar="FILE", help="clinic profile (YAML)")
