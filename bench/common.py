"""What the benchmark sections share: the command, interleaved timing, a bigger project."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HANDOUT = [sys.executable, "-m", "handout"]


def _interleaved(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[float, float, float]:
    """Both, alternated run by run (so a noisy moment hits both): their median milliseconds
    and the median of the per-pair ratios first / second."""

    def once(fn: Callable[[], object]) -> float:
        start = time.perf_counter()
        fn()
        return (time.perf_counter() - start) * 1000

    once(first), once(second)  # warm-up: page cache, .pyc files, first layout
    a, b = [], []
    for _ in range(runs):
        a.append(once(first))
        b.append(once(second))
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    return statistics.median(a), statistics.median(b), ratio


def _wall_pair_ms(first: list[str], second: list[str], runs: int) -> tuple[float, float, float]:
    def command(argv: list[str]) -> Callable[[], object]:
        return lambda: subprocess.run(
            argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    return _interleaved(command(first), command(second), runs)


def _matrix_project(where: Path, copies: int) -> Path:
    """A project with ``copies`` copies of every shipped topic (ids renamed): a bigger matrix."""
    (where / "content").mkdir(parents=True)
    shutil.copytree(ROOT / "locales", where / "locales")
    for source in sorted((ROOT / "content").glob("*.yaml")):
        text = source.read_text(encoding="utf-8")
        for i in range(1, copies + 1):
            new_id = f"{source.stem}-{i}"
            renamed = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
            (where / "content" / f"{new_id}.yaml").write_text(renamed, encoding="utf-8")
    return where
