"""Building on a Dask cluster: the same bytes as a local build, failures alone, lost workers
retried, Ctrl-C and missing pieces answered in one line.

The cluster tests start real clusters: ``local:N`` (a LocalCluster the build starts), and a
``dask scheduler`` with two ``dask worker`` processes on 127.0.0.1, one of them SIGKILLed in
the middle of a build.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, TOPIC_ID, hide_from_the_pdf, make_project

from handout.build.limits import Limits
from handout.build.run import build
from handout.build.workers import RenderPool, Result
from handout.cli import main
from handout.content.project import Project
from handout.pdf.task import Checks, PdfTask
from handout.request import Document, Request

DASK = Path(sys.executable).parent / "dask"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A real scheduler and two one-thread workers on 127.0.0.1, each in its own session."""
    pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("dask")
    file = folder / "scheduler.json"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    scheduler = subprocess.Popen(
        [DASK, "scheduler", "--port", "0", "--scheduler-file", file, *common],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    workers: list[subprocess.Popen[bytes]] = []
    try:
        deadline = time.monotonic() + 60
        while not file.is_file() or not file.read_text():
            assert scheduler.poll() is None, "the scheduler exited"
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        for name in ("w0", "w1"):
            argv = [DASK, "worker", "--scheduler-file", file, "--nthreads", "1", "--name", name]
            workers.append(
                subprocess.Popen(
                    [*argv, *common],
                    env=ENV,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        from distributed import Client

        with Client(scheduler_file=str(file), timeout=30) as client:
            client.wait_for_workers(2, timeout=90)
        address = json.loads(file.read_text())["address"]
        yield {"address": address, "workers": workers}
    finally:
        for process in [*workers, scheduler]:
            _stop(process)


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handout", *argv], env=ENV, capture_output=True, text=True
    )


def test_without_dask_the_option_says_how_to_install_it(tmp_path: Path) -> None:
    broken = tmp_path / "site"
    (broken / "dask").mkdir(parents=True)
    (broken / "dask" / "__init__.py").write_text("raise ImportError('no dask here')\n")
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(broken), ENV["PYTHONPATH"]])}
    out = tmp_path / "out"
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--dask", "local:2"]
    done = subprocess.run(
        [sys.executable, "-m", "handout", *argv], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr == "ERROR --dask needs the dask extra: pip install 'handout[dask]'\n"
    assert not out.exists()


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    done = _cli("build", "--root", str(ROOT), "--out", str(out), "--dask", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr == (
        "ERROR --dask tcp://127.0.0.1:1: cannot reach the scheduler: Connection refused\n"
    )
    assert not out.exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:99999", "http://scheduler:8786", "local:0"])
def test_a_malformed_address_is_one_line(
    tmp_path: Path, address: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", "--root", str(ROOT), "--out", str(out), "--dask", address]) == 2
    expected = "local or local:N with N >= 1" if address.startswith("local") else "tcp://HOST:PORT"
    err = capsys.readouterr().err
    assert err.startswith(f"ERROR --dask {address}: expected ") and expected in err
    assert err.count("\n") == 1 and not out.exists()


def test_a_local_cluster_writes_the_bytes_a_local_build_writes(
    tmp_path: Path, built: dict[str, bytes]
) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--locale", "en"]
    assert main([*argv, "--dask", "local:2"]) == 0
    for audience in ("patient", "clinician"):
        assert (out / f"{TOPIC_ID}.{audience}.en.pdf").read_bytes() == built[audience]
    assert _leftovers(out) == []


def test_ctrl_c_cancels_the_build_and_exits_130(tmp_path: Path) -> None:
    """A terminal's Ctrl-C reaches the whole foreground process group: the client cancels the
    tasks still out, closes its LocalCluster, and leaves no temporary files or processes."""
    psutil = pytest.importorskip("psutil")
    out = tmp_path / "out"
    argv = ["build", "--root", str(ROOT), "--out", str(out), "--locale", "all", "--dask", "local:2"]
    process = subprocess.Popen(
        [sys.executable, "-m", "handout", *argv],
        env={**ENV, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the first document written
    assert first.startswith("wrote "), first
    started = [c.pid for c in psutil.Process(process.pid).children(recursive=True)]
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err == "ERROR interrupted\n"
    assert len(list(out.glob("*.pdf"))) < 8 and _leftovers(out) == []

    def running() -> list[int]:
        alive = []
        for pid in started:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
            except psutil.NoSuchProcess:
                pass
        return alive

    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running() == []


def test_a_failing_document_fails_alone_as_it_does_locally(
    tmp_path: Path, scheduler: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    """A project's own stylesheet and image travel to the workers as data; the clinician
    template override makes verification fail for that document only."""
    project = make_project(tmp_path / "project")
    own = project / "templates"
    own.mkdir()
    mark = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    mark += '<rect width="8" height="8" fill="#c00"/></svg>'
    (own / "mark.svg").write_text(mark, encoding="utf-8")
    css = (ROOT / "templates" / "handout.css").read_text(encoding="utf-8")
    (own / "handout.css").write_text(css + "\nh1 { background: url(mark.svg) no-repeat right; }\n")
    hide_from_the_pdf(project, "clinician.html.j2", '<h2 data-must="consult">', "Never shown")
    argv = ["build", "--root", str(project), "--locale", "en"]
    errors = {}
    for how, extra in (("local", []), ("cluster", ["--dask", str(scheduler["address"])])):
        out = tmp_path / how
        capsys.readouterr()
        assert main([*argv, "--out", str(out), *extra]) == 1
        errors[how] = capsys.readouterr().err
        assert (out / f"{TOPIC_ID}.patient.en.pdf").is_file()
        assert not (out / f"{TOPIC_ID}.clinician.en.pdf").exists()
        assert _leftovers(out) == []
    assert "the PDF is missing required text" in errors["local"]
    assert errors["cluster"] == errors["local"]
    name = f"{TOPIC_ID}.patient.en.pdf"
    assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_a_document_over_the_time_limit_fails_alone_on_a_worker(
    scheduler: dict[str, object],
) -> None:
    from handout.build.cluster import DaskExecutor

    page = '<html lang="en"><head><title>t</title></head><body><p data-must="k">{}</p>{}</body>'
    rows = "".join(f"<tr><td>{i}</td><td>cell</td></tr>" for i in range(20000))
    slow = PdfTask(
        Document("slow", "patient", "en"),
        page.format("x", f"<table>{rows}</table>"),
        Checks("slow.pdf", {}, {}),
    )
    fine = PdfTask(
        Document("fine", "patient", "en"),
        page.format("Fine", ""),
        Checks("fine.pdf", {"k": "Fine"}, {}),
    )
    missing = PdfTask(
        Document("bad", "patient", "en"),
        page.format("Other", ""),
        Checks("bad.pdf", {"k": "Not there"}, {}),
    )
    # The limit leaves a render process time to warm up on a busy machine (warm-up counts
    # against a fresh process's first document, as in local builds).
    limits = Limits(timeout=20)
    executor = DaskExecutor(str(scheduler["address"]), (ROOT / "templates",), limits)
    try:
        remote = {r.name: r for r in executor.run([slow, fine, missing])}
    finally:
        executor.close()
    with RenderPool((ROOT / "templates",), 1, limits) as pool:
        local = {r.name: r for r in pool.run([fine, missing])}
    assert remote["slow.pdf"].error == "slow.pdf: stopped after 20 s (time limit)"
    assert remote["bad.pdf"].error == local["bad.pdf"].error
    assert "the PDF is missing required text" in str(local["bad.pdf"].error)
    assert remote["fine.pdf"].error is None
    assert remote["fine.pdf"].data == local["fine.pdf"].data


def test_a_worker_killed_mid_build_loses_nothing(
    tmp_path: Path, scheduler: dict[str, object], built_all: dict[tuple[str, str], bytes]
) -> None:
    """Runs last: it leaves the module's cluster one worker short."""
    from distributed import Client

    victim = scheduler["workers"][0]  # type: ignore[index]
    out = tmp_path / "out"
    in_hand: list[int] = []
    with Client(str(scheduler["address"]), timeout=30) as watcher:
        workers = watcher.scheduler_info()["workers"]
        w0 = next(address for address, info in workers.items() if info["name"] == "w0")

        def on_result(result: Result) -> None:
            if not in_hand:  # the first document is back: the others are on the workers
                in_hand.append(len(watcher.processing(workers=[w0])[w0]))
                os.killpg(victim.pid, signal.SIGKILL)  # the worker, its nanny, its renderers

        report = build(
            Project.open(ROOT),
            Request(locales="all", root=ROOT),
            out,
            jobs=2,
            limits=Limits(),
            on_result=on_result,
            cluster=str(scheduler["address"]),
        )
    assert victim.wait(10) == -signal.SIGKILL
    assert in_hand[0] >= 1  # w0 died with documents in hand
    assert [r.error for r in report.failed] == []
    assert len(report.written) == len(built_all)
    for (audience, locale), data in built_all.items():
        assert (out / f"{TOPIC_ID}.{audience}.{locale}.pdf").read_bytes() == data
    assert _leftovers(out) == []
