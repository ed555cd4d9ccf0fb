"""``handout build`` on the terminal: what it prints while documents are written, and after."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..build.limits import Limits
from ..build.run import Report, build
from ..build.workers import Result
from ..content.project import Project
from ..request import Document, Request
from .output import error
from .progress import Progress


class _Output:
    """Lines for each document (quiet: errors only; verbose: unchanged ones and timings too)."""

    def __init__(self, args: argparse.Namespace, out_dir: Path) -> None:
        self.args, self.out_dir = args, out_dir
        self.progress: Progress | None = None
        self.started = time.monotonic()
        self.unchanged = 0

    def done(self, result: Result) -> None:
        args = self.args
        if result.path is not None and result.data is None and result.error is None:
            self.unchanged += 1
            if args.verbose:
                print(f"unchanged {result.path}")
            return
        assert self.progress is not None
        self.progress.clear()
        if result.error:
            error(result.error)
        elif not args.quiet:
            pages = f" ({result.pages} pages)" if result.pages else ""
            timing = f" after {time.monotonic() - self.started:.1f} s" if args.verbose else ""
            print(f"wrote {result.path}{pages}{timing}")
        self.progress.step(result.name)

    def start(self, todo: list[Document]) -> None:
        args = self.args
        if self.unchanged and not args.verbose and not args.quiet:
            print(f"{self.unchanged} unchanged in {self.out_dir} (--verbose lists them)")
        self.progress = Progress(len(todo), sys.stderr, live=False if args.quiet else None)

    def summary(self, report: Report) -> int:
        args = self.args
        if not report.written and not report.failed and not args.verbose and not args.quiet:
            print(f"{self.unchanged} unchanged in {self.out_dir}: nothing to do (--force rebuilds)")
        if args.verbose:
            memory = f"; render processes peaked at {report.peak_rss_mb:.0f} MiB"
            print(
                f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
                f"{len(report.failed)} failed in {time.monotonic() - self.started:.1f} s"
                + (memory if report.peak_rss_mb else "")
            )
        for warning in report.warnings:
            print(f"WARNING {warning}", file=sys.stderr)
        if not report.failed:
            return 0
        total = len(report.failed) + len(report.written) + len(report.unchanged)
        error(
            f"{len(report.failed)} of {total} documents failed: "
            + ", ".join(r.name for r in report.failed)
        )
        return 1


def run_build(project: Project, args: argparse.Namespace, request: Request) -> int:
    out_dir = args.out if args.out.is_absolute() else Path.cwd() / args.out
    output = _Output(args, out_dir)
    limits = Limits(timeout=args.timeout, memory_mb=args.memory_mb)
    try:
        report = build(
            project,
            request,
            out_dir,
            jobs=args.jobs,
            limits=limits,
            force=args.force,
            on_result=output.done,
            on_start=output.start,
            cluster=args.dask,
        )
    finally:
        if output.progress is not None:
            output.progress.clear()
    return output.summary(report)
