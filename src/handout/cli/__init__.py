"""The command line: the only place that prints or exits (options in ``cli.parser``)."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..choices import AUDIENCES
from ..content.project import Project
from ..errors import ContentError, HandoutError, UsageError
from ..i18n.locales import catalog_locale
from ..request import Request
from .output import error
from .parser import make_parser


def _error(message: str) -> None:
    error(message)


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
    from ..literacy.table import format_table

    reports = check(project, _request(args, format="pdf", audience="all"))
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        print(format_table(reports))
    return 0 if all(r.passed for r in reports) else 1


def _cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .building import run_build

    return run_build(project, args, _request(args))


def _cmd_i18n(project: Project, args: argparse.Namespace) -> int:
    from ..content.topic import load_topics
    from ..i18n import catalogs

    if args.action == "extract":
        for path in catalogs.extract(project, load_topics(project, project.topics)):
            print(f"wrote {project.display(path)}")
        return 0
    new = args.action == "update" and args.new
    if args.locale == "all":
        locales = sorted(
            p.name for p in project.locales_dir.glob("*") if (p / "LC_MESSAGES").is_dir()
        )
        if not locales and args.action == "update":
            raise UsageError(
                f"{project.display(project.locales_dir)}: no locales to update yet; start one "
                "with: handout i18n update --locale LOCALE --new"
            )
    else:
        locales = [catalog_locale(project.locales_dir, args.locale, new=new)]
    if new:  # a new locale starts from what the source says now: extract first
        for path in catalogs.extract(project, load_topics(project, project.topics)):
            print(f"wrote {project.display(path)}")
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


def _cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    from ..content.model import Kind
    from ..content.scaffold import new_topic

    for path in new_topic(args.root.resolve(), args.topic, Kind(args.kind), dt.date.today()):
        print(f"wrote {path}")
    print(
        f"next: replace every TODO in it; `handout check {args.topic} --root {args.root}` "
        "lists those left, with their lines"
    )
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import PreviewServer

    Project.open(args.root)  # a folder without content/ fails here, before listening
    server = PreviewServer(args.root, args.host, args.port, args.clinic)
    print(f"previewing {args.root.resolve()} at {server.start()} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    finally:
        server.close()
    return 0


def _quiet_stdout() -> None:
    """The reader of stdout went away (``handout schema | head``): what is still buffered goes
    nowhere, so that Python does not complain on its way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):  # stdout may have no file descriptor
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: unwind (temporary files are removed on the way), exit 128+n."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def _signals_interrupt() -> Iterator[None]:
    """SIGTERM is handled like Ctrl-C while the command runs (render processes ignore both:
    the parent stops them)."""
    previous = {s: signal.signal(s, _interrupt) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run() -> None:
    """The ``handout`` command (and ``python -m handout``): ``main``, then a quick exit.

    When ``main`` returns, everything the command writes is written, closed and flushed, and
    its render processes have stopped. What a normal exit would still do is tear down every
    module and object the command loaded (the content model, Jinja, Babel's locale data): a
    tenth to a fifth of a second of a one-document build, spent after its work is done. Exit
    handlers (``atexit``) still run; only that teardown is skipped, and with it the joining of
    threads: every thread handout starts is a daemon that has finished or may be dropped.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # as Python's own exit does when a final flush fails
            code = code or 120
    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None:  # not CPython: exit the ordinary way
        raise SystemExit(code)
    run_handlers()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        with _signals_interrupt():
            code = _run(parser, args)
        if sys.stdout is not None:  # started with stdout closed (handout list >&-): None
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
        if args.command == "new":
            return _cmd_new(args)
        if args.command == "serve":
            return _cmd_serve(args)
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
    except KeyboardInterrupt as exc:
        _error("interrupted")
        return 128 + getattr(exc, "signum", signal.SIGINT)
