"""Instruction counts: the warm per-document comparison, repeatable to a fraction of a percent.

CPU time on a shared machine moves by tens of percent from one run to the next; the number of
instructions a render executes does not. Each document's three cases (pipeline, bare, floor: see
``perpage``) run once, warmed up, in a child process under valgrind's callgrind tool with
instrumentation off (setup and warm-up run at a few times their normal cost); a tiny C helper
switches it on around each measured call (callgrind client requests) and dumps the count. Needs
``valgrind``, its ``callgrind.h`` header and a C compiler; without them the section says so.
Takes a few minutes: callgrind runs an instrumented render about fifty times slower.

Run alone: ``python bench/instructions.py [--src SRC] [--root ROOT]`` (another checkout's
``src`` and project folder, e.g. the previous version's, measured by this benchmark's code).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPER = r"""
#include <valgrind/callgrind.h>
void mark_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void mark_stop(const char *name) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT(name); }
"""
HEADER = Path("/usr/include/valgrind/callgrind.h")


def missing() -> str | None:
    """Why instruction counts cannot be taken here, or None."""
    for tool in ("valgrind", "cc"):
        if shutil.which(tool) is None:
            return f"no {tool} on PATH"
    if not HEADER.is_file():
        return f"no {HEADER} (Debian: valgrind)"
    return None


def _helper(folder: Path) -> Path:
    source, library = folder / "mark.c", folder / "libmark.so"
    source.write_text(HELPER, encoding="ascii")
    subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", str(library), str(source)], check=True)
    return library


def counts(src: Path | None = None, root: Path = HERE.parent) -> dict[str, dict[str, int]]:
    """Instructions per document and case: ``{filename: {"pipeline": n, "bare": n, ...}}``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        library = _helper(folder)
        env = dict(os.environ, PYTHONHASHSEED="0")
        if src is not None:
            env["PYTHONPATH"] = str(src)
        argv = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={folder}/cg.out",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(library),
            "--root",
            str(root),
        ]
        subprocess.run(argv, check=True, env=env, stdout=sys.stderr, stderr=subprocess.DEVNULL)
        found: dict[str, dict[str, int]] = {}
        for dump in folder.glob("cg.out*"):
            text = dump.read_text(encoding="utf-8", errors="replace")
            trigger = re.search(r"^desc: Trigger: Client Request: (\S+)", text, re.M)
            total = re.search(r"^totals: (\d+)", text, re.M)
            if trigger and total:
                name, case = trigger.group(1).rsplit("|", 1)
                found.setdefault(name, {})[case] = int(total.group(1))
        return found


def _child(library: str, root: Path) -> None:
    """Under callgrind: warm every case up, then count each one once."""
    sys.path.insert(0, str(HERE))
    from perpage import cases_of, documents

    from handout.build.pipeline import Pipeline
    from handout.content.project import Project
    from handout.pdf.weasy import PdfRenderer
    from handout.request import Request

    mark = ctypes.CDLL(library)
    mark.mark_stop.argtypes = [ctypes.c_char_p]
    project = Project.open(root)
    pipeline = Pipeline(project, Request(root=root))
    topics = pipeline.load(project.topics)
    renderer = PdfRenderer(project.template_dirs)
    for name, topic in topics.items():
        for document in documents(name):
            cases, _ = cases_of(pipeline, renderer, topic, document)
            for fn in cases.values():
                fn()  # warm-up
            for case, fn in cases.items():
                mark.mark_start()
                fn()
                mark.mark_stop(f"{document.filename}|{case}".encode())


def report(found: dict[str, dict[str, int]]) -> None:
    print(f"{'document':<46} {'pipeline':>14} {'bare':>14} {'floor':>14}   pipeline/floor  "
          "pipeline/bare  bare/floor")  # fmt: skip
    for name, cases in found.items():
        pipeline, bare, floor = (cases.get(k, 0) for k in ("pipeline", "bare", "floor"))
        ratios = [
            f"{a / b:14.2f}" if b else f"{'-':>14}"
            for a, b in ((pipeline, floor), (pipeline, bare), (bare, floor))
        ]
        print(f"{name:<46} {pipeline:>14,} {bare:>14,} {floor:>14,}  " + " ".join(ratios))
    print(
        "Instructions executed by one warm call of each case (valgrind callgrind, counted in this "
        "process only: a render process's own work, as the pipeline does it here in-process). "
        "Repeatable within a fraction of a percent."
    )


def instruction_counts() -> None:
    print("\n## Warm, instruction counts (repeatable): pipeline versus bare versus floor")
    why = missing()
    if why:
        print(f"skipped: {why}")
        return
    report(counts())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, help="measure this checkout's src/ instead")
    parser.add_argument(
        "--root", type=Path, default=HERE.parent, help="the project (templates, topics) to render"
    )
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.root)
        return
    why = missing()
    if why:
        sys.exit(f"instruction counts unavailable: {why}")
    report(counts(args.src, args.root))


if __name__ == "__main__":
    main()
