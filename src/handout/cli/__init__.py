"""The command line: the only place that prints or exits (options in ``cli.parser``)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..build.workers import Limits
from ..choices import AUDIENCES
from ..content.project import Project
from ..errors import ContentError, HandoutError, UsageError
from ..i18n.locales import catalog_locale
from ..request import Document, Request
from .parser import make_parser


def _error(message: str) -> None:
    for line in message.splitlines():
        print(f"ERROR {line}", file=sys.stderr)


def _cmd_list(project: Project) -> int:
    print("topics:    " + (", ".join(project.topics) or "(none)"))
    print("audiences: " + ", ".join(AUDIENCES))
    print("locales:   " + ", ".join(project.locales))
    return 0


def _request(args: argparse.Namespace, **fixed: object) -> Request:
    """The one request type, from the options a command has (``fixed`` overrides them)."""
    values = {
        "topics": tuple(getattr(args, "topics", ()) or ()),
        "audience": getattr(args, "audience", "all"),
        "locales": getattr(args, "locale", None),
        "paper": getattr(args, "paper", None),
        "large_print": getattr(args, "large_print", False),
        "clinic": getattr(args, "clinic", None),
        "format": getattr(args, "format", "pdf"),
        "allow_fallback": getattr(args, "allow_fallback", False),
        "root": args.root,
    }
    return Request(**{**values, **fixed})  # type: ignore[arg-type]


def _cmd_check(project: Project, args: argparse.Namespace) -> int:
    from ..build.check import check
    from ..literacy.report import format_table

    reports = check(project, _request(args, format="pdf", audience="all"))
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
    from ..build.run import build
    from ..build.workers import Result

    request = _request(args)
    out_dir = args.out if args.out.is_absolute() else Path.cwd() / args.out
    progress: _Progress | None = None

    def done(result: Result) -> None:
        nonlocal progress
        if result.path is not None and result.data is None and result.error is None:
            print(f"unchanged {result.path}")
            return
        assert progress is not None
        progress.clear()
        if result.error:
            _error(result.error)
        else:
            pages = f" ({result.pages} pages)" if result.pages else ""
            print(f"wrote {result.path}{pages}")
        progress.step(result.name)

    def start(todo: list[Document]) -> None:
        nonlocal progress
        progress = _Progress(len(todo))

    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    try:
        report = build(
            project,
            request,
            out_dir,
            jobs=args.jobs,
            limits=limits,
            force=args.force,
            on_result=done,
            on_start=start,
            cluster=args.dask,
        )
    finally:
        if progress is not None:
            progress.clear()
    if report.failed:
        total = len(report.failed) + len(report.written) + len(report.unchanged)
        _error(
            f"{len(report.failed)} of {total} documents failed: "
            + ", ".join(r.name for r in report.failed)
        )
        return 1
    return 0


def _cmd_i18n(project: Project, args: argparse.Namespace) -> int:
    from ..content.topic import load_topics
    from ..i18n import catalogs

    if args.action == "extract":
        for path in catalogs.extract(project, load_topics(project, project.topics)):
            print(f"wrote {project.display(path)}")
        return 0
    if args.locale == "all":
        locales = sorted(
            p.name for p in project.locales_dir.iterdir() if (p / "LC_MESSAGES").is_dir()
        )
    else:
        new = args.action == "update" and args.new
        locales = [catalog_locale(project.locales_dir, args.locale, new=new)]
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


def _cmd_packet(project: Project, args: argparse.Namespace) -> int:
    from ..build.run import build_packet

    if not args.output.suffix.lower() == ".pdf":
        raise UsageError(f"{args.output}: the packet file name must end in .pdf")
    out = args.output if args.output.is_absolute() else Path.cwd() / args.output
    result = build_packet(project, _request(args), out)
    print(f"wrote {out} ({result.pages} pages)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        if args.command == "schema":
            if args.format == "markdown":
                from ..content.reference import field_reference

                print(field_reference(), end="")
                return 0
            from ..content.model import json_schema

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
