"""A build killed at any moment leaves, for each PDF, the previous whole file or the new one."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import make_project
from pypdf import PdfReader

from handout.cli import main


def _build(root: Path, out: Path) -> dict[str, bytes]:
    assert main(["build", "--root", str(root), "--out", str(out), "--force"]) == 0
    return {p.name: p.read_bytes() for p in out.glob("*.pdf")}


def test_sigkill_at_random_moments_never_leaves_a_broken_pdf(
    tmp_path: Path, topic_text: str
) -> None:
    old_root = make_project(tmp_path / "old", topic_text)
    new_text = topic_text.replace("next_review_due: 2027-05-22", "next_review_due: 2027-05-29")
    assert new_text != topic_text
    new_root = make_project(tmp_path / "new", new_text)
    old = _build(old_root, tmp_path / "reference-old")
    new = _build(new_root, tmp_path / "reference-new")
    assert old.keys() == new.keys() and all(old[k] != new[k] for k in old)

    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "handout", "build", "--root", str(new_root), "--out", str(out)]

    def restore_old() -> None:  # each attempt starts from complete previous files
        for name, data in old.items():
            (out / name).write_bytes(data)
        (out / ".handout-manifest.json").unlink(missing_ok=True)

    def check(attempt: str) -> list[str]:
        seen = []
        for name in old:
            data = (out / name).read_bytes()
            assert data in (old[name], new[name]), f"{attempt}: {name} is neither old nor new"
            assert len(PdfReader(io.BytesIO(data)).pages) > 0
            seen.append("new" if data == new[name] else "old")
        return seen

    # How long a whole build takes here, so that kill moments cover all of it.
    restore_old()
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.monotonic() - start

    rng = random.Random(20261122)
    for attempt in range(5):
        restore_old()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # so the kill reaches the render workers too
        )
        time.sleep(rng.uniform(0.0, duration * 1.1))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        check(f"random attempt {attempt}")

    # And once right at the hand-off: kill as soon as the first new file has landed.
    restore_old()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + duration * 5 + 30
    while time.monotonic() < deadline:
        if any((out / name).read_bytes() == new[name] for name in old):
            break
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert "new" in check("at the hand-off")
