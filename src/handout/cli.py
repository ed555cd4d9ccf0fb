"""The command line: the only module that prints or exits."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import ContentError, HandoutError, UsageError
from .plan import AUDIENCES, PAPERS, Options
from .project import LOCALE_RULE, Project, catalog_locale
from .workers import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits, RenderPool, default_workers

EPILOG = """\
build, list and check work on a project folder (--root, default: the current
directory) holding content/*.yaml topics and locales/; a templates/ folder there
overrides handout's own templates file by file.

Locales: {rule}

Exit status: 0 success; 1 a document failed to render or verify, or a locale
lacks translations (nothing is written); 2 invalid content or catalogs, or an
unknown topic, audience or locale (nothing is written).
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, found {value}")
    return value


def _add_topics(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topics", nargs="*", metavar="TOPIC", help="topic ids (default: all)")


def _parser() -> argparse.ArgumentParser:
    import textwrap

    locale_rule = textwrap.fill(LOCALE_RULE, width=78)
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
        "--paper", choices=PAPERS, help="paper size (default: the clinic profile's, else a4)"
    )
    dressing.add_argument(
        "--large-print",
        action="store_true",
        help="patient documents in large print (text at least 16 pt); build writes them as "
        "<topic>.patient.<locale>.large-print.pdf",
    )
    parser = argparse.ArgumentParser(
        prog="handout",
        description="Build patient and clinician PDFs from one content model per topic.",
        epilog=EPILOG.format(rule=locale_rule),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"handout {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
        choices=("pdf", "html"),
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
        type=float,
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
        default="en",
        metavar="LOCALE",
        help="a shipped locale or a tag that resolves to one (default: en)",
    )
    packet.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="the packet to write"
    )

    i18n = sub.add_parser(
        "i18n",
        parents=[common],
        help="translation catalogs: extract, update, status",
        description="extract: write locales/messages.pot (template strings) and "
        "locales/<topic>.pot (each topic's text, msgctxt = field path). update: merge them into "
        "every locale's PO files (changed source text becomes fuzzy); --new creates missing PO "
        "files. status: translated, fuzzy and missing counts per locale and catalog.",
    )
    i18n.add_argument("action", choices=("extract", "update", "status"))
    i18n.add_argument(
        "--locale", default="all", metavar="LOCALE", help="a locale folder under locales/, or all"
    )
    i18n.add_argument("--new", action="store_true", help="update: create missing PO files")

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
        "--locale", default="all", metavar="LOCALE", help="a shipped locale, or all (default)"
    )
    check.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for tooling",
    )
    sub.add_parser(
        "schema",
        help="print the JSON Schema of a topic file",
        description="Print the JSON Schema of content/<topic>.yaml, for editors.",
    )
    return parser


def _error(message: str) -> None:
    for line in message.splitlines():
        print(f"ERROR {line}", file=sys.stderr)


def _cmd_list(project: Project) -> int:
    print("topics:    " + (", ".join(project.topics) or "(none)"))
    print("audiences: " + ", ".join(AUDIENCES))
    print("locales:   " + ", ".join(project.locales))
    return 0


def _cmd_check(project: Project, args: argparse.Namespace) -> int:
    from .build import Builder, Job, load_all
    from .check import format_table, literacy_report, load_jargon
    from .readability import html_blocks

    names = project.pick_topics(args.topics)
    locales = project.pick_locales(args.locale)
    loaded = load_all(project, names)
    builder = Builder(project)
    reports = []
    for name in names:
        for locale in locales:
            for audience in AUDIENCES:
                rendered = builder.html(loaded[name], Job(name, audience, locale))
                if audience == "patient":
                    jargon = load_jargon(project.locales_dir, locale.split("_")[0])
                    blocks = html_blocks(rendered.html)
                    # Glossary and names as the reader sees them, in this locale.
                    shown, _ = builder.language(locale).localize(loaded[name])
                    reports.append(literacy_report(shown, locale, rendered.html, blocks, jargon))
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        print(format_table(reports))
    return 0 if all(r.passed for r in reports) else 1


class _Progress:
    """A one-line progress bar on a terminal; silent when output goes to a file or pipe."""

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.live = sys.stderr.isatty()

    def step(self, name: str) -> None:
        self.done += 1
        if self.live:
            width = 24
            filled = width * self.done // self.total
            bar = "#" * filled + "." * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.done}/{self.total} {name[:50]:<50}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 90 + "\r")
            sys.stderr.flush()


def _cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .plan import plan, split_current

    topics = project.pick_topics(args.topics)
    audiences = project.pick_audiences(args.audience)
    clinic_file = _clinic_file(args)
    locale = args.locale
    if locale is None and clinic_file is not None:
        from .build import load_clinic_option

        clinic = load_clinic_option(project, Options(clinic_file=clinic_file))
        locale = ",".join(clinic.profile.locales) if clinic and clinic.profile.locales else None
    locales = [
        loc for part in (locale or "all").split(",") for loc in project.pick_locales(part.strip())
    ]
    jobs = plan(
        topics,
        audiences,
        list(dict.fromkeys(locales)),
        large_print=args.large_print,
        fmt=args.format,
    )
    options = Options(paper=args.paper, clinic_file=clinic_file, allow_fallback=args.allow_fallback)
    out_dir = args.out if args.out.is_absolute() else Path.cwd() / args.out

    def done(outcome):  # type: ignore[no-untyped-def]
        progress.clear()
        if outcome.error:
            _error(outcome.error)
        else:
            pages = f" ({outcome.pages} pages)" if outcome.pages else ""
            print(f"wrote {outcome.path}{pages}")
        progress.step(outcome.job.filename)

    split = split_current(jobs, out_dir, project.digester(options), force=args.force)
    for job in split.current:
        print(f"unchanged {out_dir / job.filename}")
    if not split.todo:
        return 0
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    # Render processes start first and load WeasyPrint while this process loads the content
    # model, Jinja and the topics: on two cores the two warm-ups overlap.
    pdfs = sum(1 for job in split.todo if job.format == "pdf")
    pool = RenderPool(project.template_dirs, min(args.jobs, pdfs), limits) if pdfs else None
    from .build import build  # the content model, Jinja and WeasyPrint only when there is work

    progress = _Progress(len(split.todo))
    try:
        report = build(
            project,
            split,
            out_dir,
            workers=args.jobs,
            limits=limits,
            options=options,
            on_done=done,
            pool=pool,
        )
    finally:
        progress.clear()
    if report.failed:
        _error(
            f"{len(report.failed)} of {len(jobs)} documents failed: "
            + ", ".join(o.job.filename for o in report.failed)
        )
        return 1
    return 0


def _cmd_i18n(project: Project, args: argparse.Namespace) -> int:
    from . import catalogs
    from .build import load_all

    if args.action == "extract":
        for path in catalogs.extract(project, load_all(project, project.topics)):
            print(f"wrote {project.display(path)}")
        return 0
    if args.locale == "all":
        locales = sorted(
            p.name for p in project.locales_dir.iterdir() if (p / "LC_MESSAGES").is_dir()
        )
    else:
        locales = [catalog_locale(project, args.locale, new=args.action == "update" and args.new)]
    if args.action == "update":
        for path in catalogs.update(project, locales, new=args.new):
            print(f"updated {project.display(path)}")
        return 0
    rows = catalogs.status(project, locales)
    if not rows:
        print("no translations yet: English is the source language (locales/<lang>/LC_MESSAGES)")
        return 0
    print(f"{'locale':<8} {'catalog':<20} {'translated':>10} {'fuzzy':>6} {'missing':>8}  review")
    for r in rows:
        counts = f"{r.translated:>10} {r.fuzzy:>6} {r.missing:>8}"
        print(f"{r.locale:<8} {r.domain:<20} {counts}  {r.review}")
    return 0


def _clinic_file(args: argparse.Namespace) -> Path | None:
    if args.clinic is None:
        return None
    if not args.clinic.is_file():
        raise UsageError(f"{args.clinic}: no such clinic profile")
    return Path(args.clinic).resolve()


def _cmd_packet(project: Project, args: argparse.Namespace) -> int:
    from .build import build_packet

    topics = project.pick_topics(args.topics)
    (audience,) = project.pick_audiences(args.audience)
    (locale,) = project.pick_locales(args.locale)
    if not args.output.suffix.lower() == ".pdf":
        raise UsageError(f"{args.output}: the packet file name must end in .pdf")
    options = Options(
        paper=args.paper, clinic_file=_clinic_file(args), allow_fallback=args.allow_fallback
    )
    out = args.output if args.output.is_absolute() else Path.cwd() / args.output
    pages = build_packet(
        project, topics, audience, locale, out, options=options, large_print=args.large_print
    )
    print(f"wrote {out} ({pages} pages)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "schema":
            from .model import json_schema

            print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
            return 0
        project = Project.open(args.root)
        if args.command == "list":
            return _cmd_list(project)
        if args.command == "check":
            return _cmd_check(project, args)
        if args.command == "packet":
            return _cmd_packet(project, args)
        if args.command == "i18n":
            return _cmd_i18n(project, args)
        return _cmd_build(project, args)
    except ContentError as exc:
        _error(str(exc))
        _error(f"{len(exc.problems)} problem(s); nothing was written")
        return exc.exit_code
    except UsageError as exc:
        _error(str(exc))
        return exc.exit_code
    except HandoutError as exc:
        _error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
