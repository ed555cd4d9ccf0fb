"""Hostile surroundings: the build record, signals, template links, limits, --out and logos.

Each case is refused with one line naming the file, or handled (a warning, a clean stop),
and leaves no temporary file, orphaned process or half-made output.
"""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID, children_of, make_project, nothing_left

from handout.cli import main


def _build(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "--audience", "patient", *extra])


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", translations=True)


# --- 3. The build record: read only when it is what handout wrote, written atomically -------

MANIFEST = ".handout-manifest.json"
PDF = f"{TOPIC_ID}.patient.en.pdf"


def _one(root: Path, out: Path) -> int:
    return main(["build", TOPIC_ID, "--root", str(root), "--out", str(out), "--audience",
                 "patient", "--locale", "en", "--jobs", "1"])  # fmt: skip


def _plant_fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("entry-not-an-object", "does not hold the expected entries"),
        ("not-json", "does not hold the expected entries"),
        ("fifo", "is not a regular file"),
        ("link-to-dev-zero", "is not a regular file"),
        ("too-large", "is larger than 8388608 bytes"),
    ],
)
def test_unusable_manifest_is_ignored_with_one_warning(
    scratch: Path, tmp_path: Path, capsys, case: str, reason: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / MANIFEST
    if case == "entry-not-an-object":
        manifest.write_text(json.dumps({"documents": {PDF: 5}}), encoding="utf-8")
    elif case == "not-json":
        manifest.write_text("{", encoding="utf-8")
    elif case == "fifo":
        _plant_fifo(manifest)
    elif case == "link-to-dev-zero":
        manifest.symlink_to("/dev/zero")
    else:
        manifest.write_bytes(b" " * (8 * 1024 * 1024 + 1))
    assert _one(scratch, out) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("WARNING")]
    assert warnings == [f"WARNING {manifest}: {reason}; ignored, every document is rebuilt"]
    assert "Traceback" not in err
    assert (out / PDF).is_file()
    assert not manifest.is_symlink() and manifest.is_file()
    assert PDF in json.loads(manifest.read_text(encoding="utf-8"))["documents"]
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_planted_manifest_link_never_writes_through(scratch: Path, tmp_path: Path, capsys) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).symlink_to(victim)
    assert _one(scratch, out) == 0
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (out / MANIFEST).is_symlink()


def test_manifest_that_cannot_be_written_is_an_error(scratch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    (out / MANIFEST).mkdir(parents=True)  # a folder in its place: the rename fails
    assert _one(scratch, out) == 1
    err = capsys.readouterr().err
    assert f"ERROR {out / MANIFEST}: cannot write the build record (Is a directory)" in err, err
    assert "Traceback" not in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# --- 4. Signals: one line, the right status, no tracebacks, orphans or temporary files ------


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("group", [False, True], ids=["main-process", "whole-group"])
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_the_build_cleanly(
    translated: Path, tmp_path: Path, group: bool, signum: int, status: int
) -> None:
    """Signalled while both render processes are busy (after the first of 8 PDFs is written)."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "handout", "build", "--root", str(translated), "--out",
               str(out), "--jobs", "2", "--locale", "all"]  # fmt: skip
    build = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while len(children := children_of(build.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(children) == 2, "the render processes did not start"
    assert build.stdout is not None
    assert build.stdout.readline().startswith("wrote ")
    if group:
        os.killpg(build.pid, signum)
    else:
        os.kill(build.pid, signum)
    _, err = build.communicate(timeout=120)
    assert build.returncode == status, err
    assert err.splitlines() == ["ERROR interrupted"], err
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in children if _alive(pid)], "render processes outlived the build"
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]  # finished PDFs may stay


# --- 5. Template folders: no file is read through a link that leaves its folder -------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "secret.txt"
    path.parent.mkdir()
    path.write_text("SECRET-MARKER-7f3a9c\n", encoding="utf-8")
    return path


def _leaked(out: Path) -> bool:
    return any(b"SECRET-MARKER" in p.read_bytes() for p in out.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("link", "fmt"), [("leak.j2", "pdf"), ("handout.css", "html"), ("handout.css", "pdf")]
)
def test_template_folder_link_leaving_it_is_refused(
    scratch: Path, tmp_path: Path, secret: Path, capsys, link: str, fmt: str
) -> None:
    own = scratch / "templates"
    own.mkdir()
    shipped = (ROOT / "templates" / "patient.html.j2").read_text(encoding="utf-8")
    marker = "{% block body %}"
    include = marker + "\n{% include 'leak.j2' %}" if link == "leak.j2" else marker
    (own / "patient.html.j2").write_text(shipped.replace(marker, include, 1), encoding="utf-8")
    (own / link).symlink_to(secret)
    out = tmp_path / "out"
    assert _build(scratch, out, "--format", fmt) == 2
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (
        f"ERROR templates/{link}: a link to a file outside the templates folder; refused "
        "(templates and styles are read only from inside it)"
    ), err
    assert not out.exists() or not _leaked(out)
    assert nothing_left(out)


def test_templates_folder_that_is_a_link_out_of_the_project_is_refused(
    scratch: Path, tmp_path: Path, capsys
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (scratch / "templates").symlink_to(elsewhere, target_is_directory=True)
    out = tmp_path / "out"
    assert _build(scratch, out) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"ERROR {scratch}/templates: a link leaving the project; refused (copy the folder)"
    ], err
    assert nothing_left(out)


def test_jinja_loader_and_stylesheet_refuse_links_out_of_their_folder(
    tmp_path: Path, secret: Path
) -> None:
    """The same rule where the readers open files, whatever built the folder list."""
    from handout.errors import RenderError
    from handout.pdf.weasy import PdfRenderer
    from handout.render.environment import make_environment

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "real.j2").write_text("inside", encoding="utf-8")
    (folder / "alias.j2").symlink_to(folder / "real.j2")
    (folder / "leak.j2").symlink_to(secret)
    (folder / "handout.css").symlink_to(secret)
    env = make_environment((folder,))
    assert env.get_template("alias.j2").render() == "inside"
    with pytest.raises(RenderError, match=r"leak\.j2: a link leaving the template folder"):
        env.get_template("leak.j2")
    with pytest.raises(RenderError, match=r"handout\.css: a link leaving the template folder"):
        PdfRenderer((folder,))


# --- 7. Limits, the output folder and logos are checked before anything renders -------------


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--timeout", "nan", "expected a finite number above 0, found 'nan'"),
        ("--timeout", "inf", "expected a finite number above 0, found 'inf'"),
        ("--timeout", "0", "expected a finite number above 0, found '0'"),
        ("--timeout", "-5", "expected a finite number above 0, found '-5'"),
        ("--timeout", "soon", "expected a number of seconds, found 'soon'"),
        ("--memory-mb", "0", "expected 1 or more, found 0"),
        ("--memory-mb", "-1", "expected 1 or more, found -1"),
        ("--memory-mb", "nan", "expected a whole number, found 'nan'"),
    ],
)
def test_limits_must_be_finite_and_positive(
    tmp_path: Path, capsys, option: str, value: str, expected: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as info:
        main(["build", "--root", str(ROOT), "--out", str(out), f"{option}={value}"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}: {expected}" in err, err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(("timeout", "memory_mb"), [(float("nan"), 100), (0, 100), (10, -1)])
def test_api_limits_must_be_finite_and_positive(timeout: float, memory_mb: int) -> None:
    import handout
    from handout.errors import UsageError

    with pytest.raises(UsageError, match="expected a finite number above 0"):
        handout.build_pdf(
            TOPIC_ID, "patient", "en", root=ROOT, timeout=timeout, memory_mb=memory_mb
        )


@pytest.mark.parametrize("under", [False, True], ids=["is-a-file", "under-a-file"])
def test_out_that_is_a_file_fails_before_rendering(tmp_path: Path, capsys, under: bool) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("not a folder\n", encoding="utf-8")
    out = blocker / "sub" if under else blocker
    assert main(["build", "--root", str(ROOT), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"ERROR {blocker}: the output folder (--out) exists and is not a folder"
    ], err
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"
    assert nothing_left(tmp_path)


DECODES = "expected a PNG image that decodes, found: "


def _png(width: int, height: int, body: bytes = b"") -> bytes:
    """A PNG with the given header and ``body`` as its (possibly broken) image data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("logo", "data", "expected"),
    [
        (
            "logo.png",
            _png(13000, 13000, zlib.compress(b"\0" * 2000)),
            "expected at most 25 megapixels, found 13000 x 13000 (169 megapixels)",
        ),
        (
            "logo.png",
            _png(10, 10, b"not deflate data"),
            "expected a PNG image that decodes, found: ",
        ),
        (
            "logo.png",
            b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
            "expected a PNG image that decodes, found: ",
        ),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
            "expected a well-formed SVG, found: mismatched tag",
        ),
    ],
    ids=["169-megapixels", "broken-data", "broken-header", "broken-svg"],
)
def test_bad_logo_is_refused_when_the_profile_loads(
    tmp_path: Path, capsys, logo: str, data: bytes, expected: str
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / logo).write_bytes(data)
    profile = folder / "clinic.yaml"
    profile.write_text(f"name: Clinic\nlogo: {logo}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _build(ROOT, out, "--clinic", str(profile)) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith(f"ERROR {profile}:2:7: logo: {expected}"), err
    assert len(lines) == 2 and "base64" not in err and "Traceback" not in err
    assert not out.exists()
