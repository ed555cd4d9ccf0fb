"""Hostile input: every case is either refused (clear message, nothing written) or inert text.

No byte of a planted secret outside the asset folders may reach any output: each case searches
the output folder's PDFs (raw bytes, every decoded stream, extracted text) for the marker.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import ROOT, children_of, make_project

from handout.cli import main
from handout.content.topic import load_topic_text
from handout.errors import ContentError
from handout.pdf.verify import normalize, pdf_text

MARKER = "SECRET-MARKER-7f3a9c"
NAME = "content/thymosin-alpha-1.yaml"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    return path


def leaks(out: Path) -> bool:
    """True when the marker appears anywhere in any PDF under ``out``."""
    needle = MARKER.encode()
    for pdf in out.rglob("*.pdf"):
        data = pdf.read_bytes()
        if needle in data:
            return True
        for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
            try:
                if needle in zlib.decompress(match.group(1)):
                    return True
            except zlib.error:
                continue
        if MARKER in " ".join(pdf_text(data)):
            return True
    return False


def override_patient(root: Path, extra_markup: str) -> None:
    """A project template that adds ``extra_markup`` to the shipped patient leaflet."""
    own = root / "templates"
    own.mkdir(exist_ok=True)
    shipped = (ROOT / "templates" / "patient.html.j2").read_text(encoding="utf-8")
    marker = "{% block body %}"
    (own / "patient.html.j2").write_text(
        shipped.replace(marker, marker + "\n{% raw %}" + extra_markup + "{% endraw %}", 1),
        encoding="utf-8",
    )


def build_patient(root: Path, out: Path, *extra: str) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "--audience", "patient", *extra])


# --- Local files and loopback addresses, by every route WeasyPrint offers -----------------


def _routes(secret: Path) -> dict[str, str]:
    url = secret.as_uri()
    rel = os.path.relpath(secret, ROOT / "templates")
    encoded = rel.replace("..", "%2e%2e")
    return {
        "img": f'<img src="{url}" alt="x">',
        "img-loopback": '<img src="http://127.0.0.1:9/x.png" alt="x">',
        "img-ipv6-loopback": '<img src="http://[::1]:9/x.png" alt="x">',
        "css-url": f'<p style="background-image: url({url})">x</p>',
        "css-import": f"<style>@import url({url});</style>",
        "font-face": f"<style>@font-face {{ font-family: X; src: url({url}); }}"
        " p { font-family: X; }</style>",
        "link-stylesheet": f'<link rel="stylesheet" href="{url}">',
        "attachment": f'<a rel="attachment" href="{url}">attached</a>',
        "object": f'<object data="{url}" type="text/plain">x</object>',
        "embed": f'<embed src="{url}" type="image/png">',
        "iframe": f'<iframe src="{url}"></iframe>',
        "svg-image": f'<svg width="10" height="10"><image href="{url}" width="10" height="10"/>'
        "</svg>",
        "base-href": f'<base href="{secret.parent.as_uri()}/"><img src="{secret.name}" alt="x">',
        "dotdot": f'<img src="{rel}" alt="x">',
        "percent-encoded-dotdot": f'<img src="{encoded}" alt="x">',
        "dev-zero": '<img src="file:///dev/zero" alt="x">',
        "proc-environ": '<img src="file:///proc/self/environ" alt="x">',
    }


ROUTES = list(_routes(Path("/tmp/x")).keys())


@pytest.mark.parametrize("route", ROUTES)
def test_no_route_leaks_a_local_file(
    route: str, tmp_path: Path, scratch: Path, secret: Path, capsys
) -> None:
    override_patient(scratch, _routes(secret)[route])
    out = tmp_path / "out"
    code = build_patient(scratch, out)
    err = capsys.readouterr().err
    assert not leaks(out)
    if code == 0:  # WeasyPrint ignored the element: then nothing was fetched at all
        assert route in {"iframe"}, f"{route} rendered without refusing: {err}"
    else:
        assert code == 1
        assert "refused to fetch" in err or "WeasyPrint reported" in err, err
        assert not (out / "thymosin-alpha-1.patient.en.pdf").exists()


def test_symlink_out_of_the_asset_folder_is_refused(
    tmp_path: Path, scratch: Path, secret: Path, capsys
) -> None:
    override_patient(scratch, '<img src="leak.png" alt="x">')
    (scratch / "templates" / "leak.png").symlink_to(secret)
    out = tmp_path / "out"
    assert build_patient(scratch, out) == 2  # refused before anything renders
    assert "templates/leak.png: a link to a file outside the templates folder; refused" in (
        capsys.readouterr().err
    )
    assert not leaks(out)


def test_symlink_to_dev_zero_is_refused(tmp_path: Path, scratch: Path, capsys) -> None:
    override_patient(scratch, '<img src="zero.png" alt="x">')
    (scratch / "templates" / "zero.png").symlink_to("/dev/zero")
    assert build_patient(scratch, tmp_path / "out") == 2
    assert "templates/zero.png: a link to a file outside" in capsys.readouterr().err


def test_stylesheet_importing_a_local_file_is_refused(
    tmp_path: Path, scratch: Path, secret: Path, capsys
) -> None:
    own = scratch / "templates"
    own.mkdir()
    css = (ROOT / "templates" / "handout.css").read_text(encoding="utf-8")
    (own / "handout.css").write_text(f"@import url({secret.as_uri()});\n{css}", encoding="utf-8")
    out = tmp_path / "out"
    assert build_patient(scratch, out) == 1
    err = capsys.readouterr().err
    assert "handout.css: refused to fetch" in err
    assert "Traceback" not in err
    assert not leaks(out)


# --- Content text is data: markup, script and template syntax print literally --------------


@pytest.mark.parametrize(
    "planted",
    [
        "<script>document.write('x')</script>",
        "<style>body { display: none }</style>",
        '<img src="file:///etc/passwd" alt="y">',
        "<a rel=attachment href=file:///etc/passwd>z</a>",
        "{{ 'ab' ~ 'cd' }} {{ ''.__class__.__mro__ }}",
        "{% for x in 'abc' %}loop{% endfor %}",
        "&lt;b&gt; &amp;amp; ]]> --> <!--",
    ],
)
def test_markup_in_content_is_inert(tmp_path: Path, topic_text: str, planted: str) -> None:
    quoted = "'" + planted.replace("'", "''") + "'"
    lines = topic_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("key_points:"))
    item = next(i for i in range(start, len(lines)) if lines[i].lstrip().startswith("- "))
    lines[item] = lines[item][: lines[item].index("- ") + 2] + quoted
    root = make_project(tmp_path / "p", "\n".join(lines) + "\n")
    out = tmp_path / "out"
    assert build_patient(root, out) == 0
    body = normalize(" ".join(pdf_text((out / "thymosin-alpha-1.patient.en.pdf").read_bytes())))
    assert normalize(planted) in body


# --- YAML: refused with file:line:col, nothing written -------------------------------------

BILLION_LAUGHS = """id: thymosin-alpha-1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
"""

YAML_CASES = {
    "billion-laughs": (BILLION_LAUGHS, ":2:4: expected plain data, found an anchor '&a'"),
    "alias": (
        "id: thymosin-alpha-1\nx: &x 1\ny: *x\n",
        ":3:4: expected plain data, found an alias",
    ),
    "merge-key": (
        "id: thymosin-alpha-1\n<<: {x: 1}\n",
        ":2:1: expected plain data, found a merge key",
    ),
    "duplicate-key": ("id: a\nid: thymosin-alpha-1\n", ":2:1: id: expected each key once"),
    "python-tag": (
        "id: !!python/object/apply:os.system ['echo pwned']\n",
        ":1:5: expected plain data, "
        "found the tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    "custom-tag": (
        "id: !include /etc/passwd\n",
        ":1:5: expected plain data, found the tag '!include'",
    ),
    "two-documents": (
        "id: thymosin-alpha-1\n---\nid: x\n",
        ":2:1: invalid YAML: expected a single document",
    ),
    "empty": ("", ":1:1: expected a mapping of topic fields, found nothing"),
    "only-comment": ("# nothing\n", ":1:1: expected a mapping of topic fields, found nothing"),
    "a-list": (
        "- id: thymosin-alpha-1\n",
        ":1:1: expected a mapping of topic fields, found a list",
    ),
    "tab-indent": ("id: thymosin-alpha-1\nnames:\n\tcommon: x\n", ":3:1: invalid YAML:"),
    "deep-nesting": (
        "x: " + "[" * 60 + "]" * 60 + "\n",
        "invalid YAML: expected at most 24 levels",
    ),
    "unclosed-quote": ('id: "thymosin\n', "invalid YAML:"),
    "long-string": (
        "id: thymosin-alpha-1\nnames: {common: " + "x" * 6000 + "}\n",
        ":2:17: names.common: expected at most 5000 characters, found 6000",
    ),
}


@pytest.mark.parametrize("case", list(YAML_CASES))
def test_hostile_yaml_is_refused_with_its_line(case: str, tmp_path: Path, capsys) -> None:
    text, expected = YAML_CASES[case]
    root = make_project(tmp_path / "p", text)
    out = tmp_path / "out"
    assert main(["build", "--root", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"ERROR {NAME}" in err
    assert expected in err, err
    assert "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"id: thymosin-alpha-1\xff\n", ":1:21: expected UTF-8 text, found byte 0xff"),
        (b"\xfe\xff\x00i\x00d", "expected UTF-8 text"),
        (b"id: thymosin-alpha-1\x00\n", "invalid YAML"),
        (b"# " + b"x" * (600 * 1024), "expected at most 524288 bytes"),
    ],
)
def test_hostile_bytes_are_refused(raw: bytes, expected: str) -> None:
    with pytest.raises(ContentError) as info:
        load_topic_text(raw, NAME)
    assert expected in str(info.value)


def test_bom_is_accepted(topic_text: str) -> None:
    assert load_topic_text(b"\xef\xbb\xbf" + topic_text.encode(), NAME).id == "thymosin-alpha-1"


# --- Renders that hang, crash or exhaust memory fail alone --------------------------------


def _override(root: Path, name: str, body: str) -> None:
    own = root / "templates"
    own.mkdir(exist_ok=True)
    (own / name).write_text(body, encoding="utf-8")


def test_a_hanging_render_is_stopped_and_the_others_built(
    tmp_path: Path, scratch: Path, capsys
) -> None:
    _override(
        scratch,
        "patient.html.j2",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    )
    out = tmp_path / "out"
    code = main(["build", "--root", str(scratch), "--out", str(out), "--timeout", "8"])
    err = capsys.readouterr().err
    assert code == 1
    assert "thymosin-alpha-1.patient.en.pdf: stopped after 8 s (time limit)" in err
    assert "1 of 2 documents failed: thymosin-alpha-1.patient.en.pdf" in err
    assert (out / "thymosin-alpha-1.clinician.en.pdf").exists()
    assert not (out / "thymosin-alpha-1.patient.en.pdf").exists()


def test_a_render_that_exhausts_memory_fails_alone(tmp_path: Path, scratch: Path, capsys) -> None:
    _override(scratch, "patient.html.j2", "{{ ('x' * 3000000000) | length }}")
    out = tmp_path / "out"
    code = main(["build", "--root", str(scratch), "--out", str(out), "--memory-mb", "1500"])
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(
        r"thymosin-alpha-1\.patient\.en\.pdf: (ran out of memory \(limit 1500 MiB\)"
        r"|the render process (exited|was killed))",
        err,
    ), err
    assert (out / "thymosin-alpha-1.clinician.en.pdf").exists()


def test_a_render_process_that_dies_fails_its_document_alone(tmp_path: Path, scratch: Path) -> None:
    """A render process killed from outside (like a crash in a C library: no message, no
    cleanup) fails the one document it had; a fresh process builds the rest."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "handout", "build", "--root", str(scratch), "--out",
               str(out), "--locale", "en", "--jobs", "1"]  # fmt: skip
    build = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (children := children_of(build.pid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert children, "no render process started"
    os.kill(children[0], signal.SIGKILL)
    _, err = build.communicate(timeout=300)
    assert build.returncode == 1, err
    assert re.search(r"\.en\.pdf: the render process (was killed by signal 9|exited)", err), err
    assert len(list(out.glob("*.pdf"))) == 1
    assert not list(out.glob(".*.tmp"))


# --- Hostile clinic profiles ---------------------------------------------------------------


def _profile(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "clinic.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clinic_name_with_markup_prints_literally(tmp_path: Path, capsys) -> None:
    name = "<b>Clinic</b> {{ 7*7 }} <img src=file:///etc/passwd>"
    profile = _profile(tmp_path / "c", f"name: '{name}'\nphone: '+1 555 0100'\n")
    out = tmp_path / "out"
    assert build_patient(ROOT, out, "--clinic", str(profile)) == 0
    body = normalize(" ".join(pdf_text((out / "thymosin-alpha-1.patient.en.pdf").read_bytes())))
    assert name in body
    assert f"Call {name} at +1 555 0100." in body


def test_svg_logo_reaching_for_a_local_file_leaks_nothing(
    tmp_path: Path, secret: Path, capsys
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{secret.as_uri()}" width="10" height="10"/></svg>',
        encoding="utf-8",
    )
    profile = _profile(folder, "name: Clinic\nlogo: logo.svg\n")
    out = tmp_path / "out"
    code = build_patient(ROOT, out, "--clinic", str(profile))
    err = capsys.readouterr().err
    assert code == 2, err
    assert "clinic.yaml:2:7: logo: expected a self-contained SVG" in err, err
    assert not leaks(out)


@pytest.mark.parametrize(
    "colour",
    ["red", "#fff", "#0b6e4fff", "#0b6e4f; } body { display:none } {", "url(file:///etc/passwd)"],
)
def test_clinic_colour_never_reaches_css_unchecked(tmp_path: Path, colour: str, capsys) -> None:
    profile = _profile(tmp_path / "c", f"name: Clinic\naccent_colour: '{colour}'\n")
    out = tmp_path / "out"
    assert build_patient(ROOT, out, "--clinic", str(profile)) == 2
    assert "accent_colour: expected a colour like #0b6e4f" in capsys.readouterr().err
    assert not out.exists()
