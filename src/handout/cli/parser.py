"""The command line's options: every command, option and help text, defined once."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from ..build.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from ..build.workers import default_workers
from ..choices import AUDIENCES, FORMATS, LENGTHS, PAPERS
from ..i18n.locales import LOCALE_RULE
from ..version import __version__
from .writing import add_writing_commands

Sub = argparse._SubParsersAction  # the object add_subparsers returns

EPILOG = """\
build, list and check work on a project folder (--root, default: the current
directory) holding content/*.yaml topics and locales/; a templates/ folder there
overrides handout's own templates file by file.

Locales: {rule}

Exit status: 0 success; 1 a document failed to render or verify, or a locale
lacks translations (nothing is written); 2 invalid content or catalogs, or an
unknown topic, audience or locale (nothing is written); 130 or 143 interrupted
(Ctrl-C or SIGTERM).
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, found {value}")
    return value


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, found {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"expected a finite number above 0, found {text!r}")
    return value


def _add_topics(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topics", nargs="*", metavar="TOPIC", help="topic ids (default: all)")


def _add_verbosity(parser: argparse.ArgumentParser, verbose: str) -> None:
    """--quiet and --verbose: how much a command that writes documents prints."""
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print errors only: no 'wrote' lines, no progress bar",
    )
    talk.add_argument("-v", "--verbose", action="store_true", help=verbose)


def _shared() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """Options several commands share: --root, and how documents are dressed."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="project folder holding content/ and locales/ (default: current directory)",
    )
    dressing = argparse.ArgumentParser(add_help=False)
    dressing.add_argument(
        "--clinic",
        type=Path,
        metavar="FILE",
        help="clinic profile (YAML): letterhead, logo, colour, paper, contact line in the consult "
        "section",
    )
    dressing.add_argument(
        "--allow-fallback",
        action="store_true",
        help="build a locale even when some strings are untranslated or fuzzy: they appear in "
        "English and the first page says so (default: such a build fails and lists them)",
    )
    dressing.add_argument(
        "--paper", choices=list(PAPERS), help="paper size (default: the clinic profile's, else a4)"
    )
    dressing.add_argument(
        "--large-print",
        action="store_true",
        help="patient documents in large print (text at least 16 pt); build writes them as "
        "<topic>.patient.<locale>.large-print.pdf",
    )
    dressing.add_argument(
        "--length",
        choices=(*LENGTHS, "all"),
        default="full",
        help="full (default): the whole leaflet or brief; brief: the patient handout on one "
        "sheet (at most 2 pages, 4 in large print) and the one-page clinician summary, written "
        "as <topic>.<audience>.<locale>.brief[.large-print].pdf; all: both. A brief over its "
        "page budget fails (exit 1)",
    )
    return common, dressing


def _add_build(
    sub: Sub, common: argparse.ArgumentParser, dressing: argparse.ArgumentParser, locale_rule: str
) -> None:
    build = sub.add_parser(
        "build",
        parents=[common, dressing],
        help="render PDFs",
        description="Render <topic>.<audience>.<locale>.pdf for each topic, audience and "
        "locale asked for, verify each PDF's text, and write it atomically into --out.",
        epilog="Locales: " + locale_rule,
    )
    _add_topics(build)
    build.add_argument(
        "--audience",
        default="all",
        metavar="AUDIENCE",
        help=f"one of {', '.join(AUDIENCES)}, or all (default: all)",
    )
    build.add_argument(
        "--locale",
        default=None,
        metavar="LOCALE",
        help="a shipped locale (see 'handout list'), a tag that resolves to one (es-MX, zh_CN, "
        "ar_EG; the rule is below), a comma-separated list, or all (default: the clinic "
        "profile's locales, else all)",
    )
    build.add_argument(
        "--format",
        choices=FORMATS,
        default="pdf",
        help="pdf (default), or html: one self-contained file per document (styles and images "
        "inline, nothing fetched), for patient portals",
    )
    build.add_argument(
        "--jobs",
        type=_positive_int,
        default=default_workers(),
        metavar="N",
        help=f"render processes to run at once (default: one per core, here {default_workers()})",
    )
    build.add_argument(
        "--timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a document that takes longer than this (default: {DEFAULT_TIMEOUT:g})",
    )
    build.add_argument(
        "--memory-mb",
        type=_positive_int,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help=f"address-space limit of each render process (default: {DEFAULT_MEMORY_MB})",
    )
    build.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="render the PDFs on a Dask cluster: a scheduler address (tcp://HOST:8786), or "
        "local[:N] for N worker processes on this machine (needs pip install 'handout[dask]'; "
        "--jobs is then the cluster's business)",
    )
    build.add_argument(
        "--force",
        action="store_true",
        help="rebuild every document, even those whose inputs are unchanged since the last build",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="DIR",
        help="output folder, relative to the current directory (default: out)",
    )
    _add_verbosity(
        build,
        "also list each unchanged document and give timings (default: a 'wrote' line per "
        "document written, one count of the unchanged ones, and a progress bar on a terminal)",
    )


def _add_packet(
    sub: Sub, common: argparse.ArgumentParser, dressing: argparse.ArgumentParser
) -> None:
    packet = sub.add_parser(
        "packet",
        parents=[common, dressing],
        help="several topics in one PDF",
        description="Make one PDF of several topics for one audience: a cover page (clinic, "
        "date, topics), a table of contents with page numbers, each topic from a new page, and "
        "PDF bookmarks per topic and section.",
    )
    packet.add_argument("topics", nargs="+", metavar="TOPIC", help="topic ids, in packet order")
    packet.add_argument(
        "--audience", default="patient", metavar="AUDIENCE", help="patient (default) or clinician"
    )
    packet.add_argument(
        "--locale",
        default=None,
        metavar="LOCALE",
        help="a shipped locale or a tag that resolves to one (default: en)",
    )
    packet.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the packet to write"
    )
    _add_verbosity(packet, "also give the time it took (default: the 'wrote' line)")


def _add_i18n_list_check(sub: Sub, common: argparse.ArgumentParser) -> None:
    i18n = sub.add_parser(
        "i18n",
        parents=[common],
        help="translation catalogs: extract, update, status",
        description="extract: write locales/messages.pot (template strings) and "
        "locales/<topic>.pot (each topic's text, msgctxt = field path). update: merge them into "
        "every locale's PO files (changed source text becomes fuzzy; entries the source no longer "
        "has are dropped; the X-Review-Status header is kept); --new creates missing PO files. "
        "status: translated, fuzzy and missing counts per locale and catalog.",
    )
    i18n.add_argument("action", choices=("extract", "update", "status"))
    i18n.add_argument(
        "--locale", default="all", metavar="LOCALE", help="a locale folder under locales/, or all"
    )
    i18n.add_argument("--new", action="store_true", help="update: create missing PO files")
    i18n.add_argument(
        "--keep-obsolete",
        action="store_true",
        help="update: keep entries the source no longer has, as #~ comments (default: drop them)",
    )

    sub.add_parser(
        "list",
        parents=[common],
        help="show topics, audiences and locales",
        description="Show the topics, audiences and locales of the project.",
    )
    check = sub.add_parser(
        "check",
        parents=[common],
        help="validate content and report patient readability, without making PDFs",
        description="Validate topics, render their HTML for every audience, and report the "
        "health literacy of each patient leaflet: readability (English Flesch-Kincaid grade, at "
        "most 8, and no paragraph of 25+ words above 12; Spanish Fernandez-Huerta, at least 60, "
        "no paragraph below 40; other languages sentence length only), "
        "sentence lengths, jargon used but not defined in the topic's glossary (the project's "
        "locales/<lang>/jargon.txt plus words rarer than Zipf 3.0), and structure. Exit 1 when "
        "a threshold fails. Works offline.",
    )
    _add_topics(check)
    check.add_argument(
        "--locale",
        default=None,
        metavar="LOCALE",
        help="a shipped locale, a comma-separated list, or all (default: all)",
    )
    check.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for tooling",
    )


def _add_schema(sub: Sub) -> None:
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a topic file",
        description="Print the JSON Schema of content/<topic>.yaml, for editors; or, with "
        "--format markdown, the field reference that docs/content-model.md carries.",
    )
    schema.add_argument(
        "--format",
        choices=("json", "markdown"),
        default="json",
        help="json (default): JSON Schema; markdown: the field reference of every field",
    )


def _add_completion(sub: Sub) -> None:
    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash or zsh)",
        description="Print the completion script of handout for bash or zsh. bash: add "
        "'source <(handout completion bash)' to ~/.bashrc. zsh: add 'eval \"$(handout completion "
        "zsh)\"' to ~/.zshrc after 'compinit', or write it as _handout into a folder on $fpath.",
    )
    completion.add_argument("shell", choices=("bash", "zsh"))


def make_parser() -> argparse.ArgumentParser:
    """The whole command line: every command and option, defined once."""
    import textwrap

    locale_rule = textwrap.fill(LOCALE_RULE, width=78)
    common, dressing = _shared()
    parser = argparse.ArgumentParser(
        prog="handout",
        description="Build patient and clinician PDFs from one content model per topic.",
        epilog=EPILOG.format(rule=locale_rule),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"handout {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_build(sub, common, dressing, locale_rule)
    _add_packet(sub, common, dressing)
    _add_i18n_list_check(sub, common)
    add_writing_commands(sub, common)
    _add_schema(sub)
    _add_completion(sub)
    return parser
