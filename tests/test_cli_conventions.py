"""Command-line conventions: closed pipes end quietly, shell completion, a progress bar that
fits the terminal, --quiet and --verbose."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID

from handout.cli import main
from handout.cli.progress import progress_line

HANDOUT = [sys.executable, "-m", "handout"]
COMMAND = " ".join(HANDOUT)


def _bash(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)


def test_closed_pipe_ends_quietly() -> None:
    """``handout schema | head -c 100``: exit 0, no traceback."""
    result = _bash(f"set -o pipefail; {COMMAND} schema | head -c 100")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(result.stdout) == 100 and result.stdout.startswith("{")


def test_pipe_closed_before_the_first_write() -> None:
    """The reader is gone before handout writes anything (every write fails)."""
    process = subprocess.Popen(
        [*HANDOUT, "schema", "--format", "markdown"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert err == b""


def test_the_command_exits_with_everything_written(tmp_path: Path) -> None:
    """``handout`` leaves without tearing the interpreter down: what it printed still reaches
    a pipe whole, its exit status is kept, and the PDF and record it wrote are complete."""
    import json

    schema = subprocess.run([*HANDOUT, "schema"], capture_output=True, text=True, timeout=120)
    assert schema.returncode == 0 and schema.stderr == ""
    assert json.loads(schema.stdout)["title"] == "handout topic"  # every byte arrived
    refused = subprocess.run(
        [*HANDOUT, "build", "no-such-topic", "--root", str(ROOT), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2 and "no-such-topic" in refused.stderr
    argv = ["build", TOPIC_ID, "--root", str(ROOT), "--out", str(tmp_path), "--locale", "en"]
    built = subprocess.run(
        [*HANDOUT, *argv, "--audience", "patient", "--length", "brief"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    pdf = tmp_path / f"{TOPIC_ID}.patient.en.brief.pdf"
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    assert f"wrote {pdf}" in built.stdout + built.stderr
    records = [p for p in tmp_path.iterdir() if p.suffix == ".json"]
    assert records and all(json.loads(p.read_text(encoding="utf-8")) for p in records)


def test_exit_handlers_run_before_the_quick_exit(monkeypatch: pytest.MonkeyPatch) -> None:
    """``run`` flushes, runs ``atexit`` handlers, then leaves with ``main``'s status."""
    import atexit

    from handout import cli

    calls: list[str] = []
    monkeypatch.setattr(cli, "main", lambda: 3)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("handlers"))

    def leave(code: int) -> None:
        calls.append(f"exit {code}")
        raise SystemExit(code)

    monkeypatch.setattr(cli.os, "_exit", leave)
    with pytest.raises(SystemExit):
        cli.run()
    assert calls == ["handlers", "exit 3"]


def test_a_failed_last_flush_exits_120(monkeypatch: pytest.MonkeyPatch) -> None:
    """As Python's own exit does: output that could not be written is not a success."""
    import atexit

    from handout import cli

    class Full:
        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    codes: list[int] = []
    monkeypatch.setattr(cli, "main", lambda: 0)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: None)
    monkeypatch.setattr(cli.sys, "stdout", Full())

    def leave(code: int) -> None:
        codes.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(cli.os, "_exit", leave)
    with pytest.raises(SystemExit):
        cli.run()
    assert codes == [120]


def test_stdout_closed_from_the_start() -> None:
    """``handout list >&-``: nothing to print to, no traceback."""
    result = _bash(f"{COMMAND} list --root {ROOT} >&-")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_bash_completion() -> None:
    script = f"source <({COMMAND} completion bash) && complete -p handout"
    result = _bash(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(" handout")

    def complete(*words: str) -> list[str]:
        line = " ".join(["handout", *words])
        probe = (
            f"source <({COMMAND} completion bash); "
            f"COMP_WORDS=(handout {' '.join(repr(w) for w in words)}); "
            f"COMP_CWORD={len(words)}; COMP_LINE={line!r}; COMP_POINT={len(line)}; "
            f"_shtab_handout handout {words[-1]!r} {(['handout', *words])[-2]!r}; "
            'printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = _bash(probe)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("bu") == ["build"]
    assert complete("build", "--au") == ["--audience"]
    assert complete("build", "--paper", "") == ["a4", "letter"]
    assert complete("completion", "") == ["bash", "zsh"]
    assert "--quiet" in complete("packet", "--q")


def test_zsh_completion() -> None:
    result = subprocess.run(
        [*HANDOUT, "completion", "zsh"], capture_output=True, text=True, check=True
    )
    script = result.stdout
    assert script.startswith("#compdef handout")
    assert "_shtab_handout() {" in script and "compdef _shtab_handout" in script
    for word in ("build", "packet", "--large-print", "--locale", "i18n"):
        assert word in script
    if shutil.which("zsh"):  # scripts/system-deps.sh installs it
        registered = subprocess.run(
            [
                "zsh",
                "-c",
                f'autoload -U compinit; compinit -u -D; eval "$({COMMAND} completion '
                'zsh)"; print -r -- ${_comps[handout]}',
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert registered.returncode == 0, registered.stderr
        assert registered.stdout == "_shtab_handout\n"


@pytest.mark.parametrize("columns", [1, 2, 5, 12, 20, 30, 40, 60, 80, 120, 300])
def test_progress_line_never_reaches_the_last_column(columns: int) -> None:
    names = ["a.pdf", f"{TOPIC_ID}.clinician.zh_Hans.large-print.pdf", "x" * 400]
    for name in names:
        for done in (1, 7, 123):
            line = progress_line(done, 123, name, columns)
            assert len(line) <= max(columns - 1, 0)
            assert "\n" not in line and "\r" not in line
            if columns >= 8:
                assert f"{done}/123" in line
    wide = progress_line(3, 8, "a.pdf", 80)
    assert wide.startswith("[") and wide.endswith("] 3/8 a.pdf")


def _build_on_a_terminal(out: Path, columns: int, env: dict[str, str]) -> tuple[str, str]:
    """A build whose stderr is a terminal ``columns`` wide: what it drew there, and stdout."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    argv = [*HANDOUT, "build", "--root", str(ROOT), "--out", str(out), "--format", "html"]
    process = subprocess.Popen(
        [*argv, "--locale", "en,es"], stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    assert process.wait(timeout=300) == 0
    os.close(leader)
    return drawn.decode(), stdout


@pytest.mark.parametrize(("tty_columns", "env_columns", "fits"), [(40, None, 40), (100, 30, 30)])
def test_progress_bar_fits_the_terminal_and_clears_what_it_drew(
    tmp_path: Path, tty_columns: int, env_columns: int | None, fits: int
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if env_columns:
        env["COLUMNS"] = str(env_columns)  # $COLUMNS wins, as shutil.get_terminal_size has it
    drawn, stdout = _build_on_a_terminal(tmp_path / "out", tty_columns, env)
    assert stdout.count("wrote ") == 4
    assert "\n" not in drawn and "\x1b" not in drawn  # one line, no escape codes
    shown = [s for s in drawn.split("\r") if s]
    assert any("/4" in s for s in shown), drawn
    assert all(len(s) < fits for s in shown), shown  # never reaches the last column
    bar = None
    for s in shown:  # each bar is blanked, exactly, before anything else is drawn
        if s.strip():
            assert bar is None and "/4 thymosin-al" in s, shown
            bar = s
        else:
            assert bar is not None and len(s) == len(bar), shown
            bar = None
    assert bar is None and drawn.endswith("\r")  # the line is left clean


def test_quiet_default_and_verbose(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--format", "html", "--locale", "en"]
    files = [out / f"{TOPIC_ID}.{a}.en.html" for a in ("clinician", "patient")]

    assert main([*argv, "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert all(f.is_file() for f in files)

    assert main(argv) == 0  # default: one count of the unchanged documents
    assert capsys.readouterr().out == f"2 unchanged in {out}: nothing to do (--force rebuilds)\n"

    assert main([*argv, "--verbose"]) == 0  # each unchanged document, and a summary
    lines = capsys.readouterr().out.splitlines()
    assert sorted(lines[:2]) == [f"unchanged {f}" for f in files]
    assert lines[2].startswith("0 written, 2 unchanged, 0 failed in ")

    assert main([*argv, "--verbose", "--force"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line.split(" after ")[0] for line in lines[:2]) == [f"wrote {f}" for f in files]
    assert all(line.endswith(" s") for line in lines[:2])
    assert lines[2].startswith("2 written, 0 unchanged, 0 failed in ")


def test_quiet_still_prints_errors(tmp_path: Path, capsys) -> None:
    code = main(["build", "--root", str(ROOT), "--out", str(tmp_path), "--quiet", "nosuch"])
    assert code == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("ERROR unknown topic 'nosuch'")


def test_quiet_and_verbose_exclude_each_other(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build", "--quiet", "--verbose"])
    assert info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
