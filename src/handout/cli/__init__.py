"""The command line: the only place that prints or exits (options in ``cli.parser``)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

from ..build.workers import Limits
from ..choices import AUDIENCES
from ..content.project import Project
from ..errors import ContentError, HandoutError, UsageError
from ..i18n.locales import catalog_locale
from ..request import Document, Request
from .parser import make_parser
from .progress import Progress


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
        "length": getattr(args, "length", "full"),
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


def _cmd_build(project: Project, args: argparse.Namespace) -> int:
    from ..build.run import build
    from ..build.workers import Result

    request = _request(args)
    out_dir = args.out if args.out.is_absolute() else Path.cwd() / args.out
    progress: Progress | None = None
    started = time.monotonic()
    unchanged = 0

    def done(result: Result) -> None:
        nonlocal unchanged
        if result.path is not None and result.data is None and result.error is None:
            unchanged += 1
            if args.verbose:
                print(f"unchanged {result.path}")
            return
        assert progress is not None
        progress.clear()
        if result.error:
            _error(result.error)
        elif not args.quiet:
            pages = f" ({result.pages} pages)" if result.pages else ""
            timing = f" after {time.monotonic() - started:.1f} s" if args.verbose else ""
            print(f"wrote {result.path}{pages}{timing}")
        progress.step(result.name)

    def start(todo: list[Document]) -> None:
        nonlocal progress
        if unchanged and not args.verbose and not args.quiet:
            print(f"{unchanged} unchanged in {out_dir} (--verbose lists them)")
        progress = Progress(len(todo), sys.stderr, live=False if args.quiet else None)

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
        )
    finally:
        if progress is not None:
            progress.clear()
    if not report.written and not report.failed and not args.verbose and not args.quiet:
        print(f"{unchanged} unchanged in {out_dir}: nothing to do (--force rebuilds)")
    if args.verbose:
        memory = f"; render processes peaked at {report.peak_rss_mb:.0f} MiB"
        print(
            f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
            f"{len(report.failed)} failed in {time.monotonic() - started:.1f} s"
            + (memory if report.peak_rss_mb else "")
        )
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
        for path in catalogs.update(
            project, locales, new=args.new, keep_obsolete=args.keep_obsolete
        ):
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
    started = time.monotonic()
    result = build_packet(project, _request(args), out)
    if not args.quiet:
        timing = f" in {time.monotonic() - started:.1f} s" if args.verbose else ""
        print(f"wrote {out} ({result.pages} pages){timing}")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        from ..content.reference import field_reference

        print(field_reference(), end="")
        return 0
    from ..content.model import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _quiet_stdout() -> None:
    """The reader of stdout went away (``handout schema | head``): what is still buffered goes
    nowhere, so that Python does not complain on its way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # stdout may have no file descriptor
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        code = _run(parser, args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's shutdown
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        if args.command == "schema":
            return _cmd_schema(args)
        if args.command == "completion":
            from .completion import completion_script

            print(completion_script(parser, args.shell), end="")
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
