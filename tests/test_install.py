"""handout installs anywhere: a wheel into a venv, ``pip install --user``, ``pip install
--target`` and the sdist, each followed by a build from an unrelated folder that holds only
``content/`` and ``locales/``.

The installs are the slow tests (marked ``slow``: ``make test`` runs them, ``pytest -m "not
slow"`` leaves them out). They work offline: the wheel and sdist are built without build
isolation (setuptools from the dev extra), handout is installed with ``--no-deps``, and its
dependencies come from the site-packages of the Python running the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import weasyprint
from conftest import ROOT, TOPIC_ID

from handout.pdf.verify import normalize, pdf_text

DEPS = Path(weasyprint.__file__).resolve().parents[1]  # where handout's dependencies are
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]


def _env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH pointing at this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    return {**env, "PIP_NO_INDEX": "1", **extra}


def _run(argv: list[str | Path], env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(
        [str(a) for a in argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel and the sdist, built from a copy of the checkout (the checkout stays clean)."""
    tree = tmp_path_factory.mktemp("tree")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, tree / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("src", "templates", "locales"):
        shutil.copytree(ROOT / name, tree / name, ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    _run([*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", dist, tree], _env(), tree)
    backend = f"from setuptools import build_meta; build_meta.build_sdist({str(dist)!r})"
    _run([sys.executable, "-c", backend], _env(), tree)
    (wheel,) = dist.glob("handout-*.whl")
    (sdist,) = dist.glob("handout-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """An unrelated folder holding only a clinic's content/ and locales/ (no templates)."""
    folder = tmp_path / "clinic"
    for name in ("content", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def _builds_from(installed: Path, command: list[str | Path], env: dict[str, str], clinic: Path):  # type: ignore[no-untyped-def]
    """The installed handout (not this checkout) builds a verified PDF in ``clinic``."""
    python = command[0] if command[1:2] == ["-m"] else None
    if python is not None:
        probe = (
            "import handout; from handout.content.project import shipped_templates as s; "
            "print(handout.__file__); print(s())"
        )
        module, templates = _run([python, "-c", probe], env, clinic).split()
        assert Path(module).is_relative_to(installed), module
        assert Path(templates).is_relative_to(installed), templates
    folder = "out-module" if python else "out-script"  # a fresh folder for each way in
    build = ["build", "--root", ".", "--audience", "patient", "--locale", "en", "--out", folder]
    out = _run([*command, *build], env, clinic)
    pdf = clinic / folder / f"{TOPIC_ID}.patient.en.pdf"
    assert out.startswith(f"wrote {pdf} (") and "pages)" in out
    text = normalize(" ".join(pdf_text(pdf.read_bytes())))
    assert "Thymosin alpha-1" in text and "Talk to a provider" in text


@pytest.mark.slow
def test_wheel_into_a_venv(dists: dict[str, Path], clinic: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], _env(), tmp_path)
    python = venv / "bin" / "python"
    _run([*PIP, "--python", python, "install", "--no-deps", dists["wheel"]], _env(), tmp_path)
    (site,) = venv.glob("lib/python*/site-packages")
    (site / "zz-handout-deps.pth").write_text(f"{DEPS}\n", encoding="utf-8")
    _builds_from(site, [python, "-m", "handout"], _env(), clinic)
    _builds_from(site, [venv / "bin" / "handout"], _env(), clinic)  # the console script


@pytest.mark.slow
def test_pip_install_user(dists: dict[str, Path], clinic: Path, tmp_path: Path) -> None:
    base = getattr(sys, "_base_executable", sys.executable)  # user site is off inside a venv
    user = tmp_path / "userbase"
    env = _env(HOME=str(tmp_path / "home"), PYTHONUSERBASE=str(user))
    _run([*PIP, "--python", base, "install", "--user", "--no-deps", dists["wheel"]], env, tmp_path)
    run_env = {**env, "PYTHONPATH": str(DEPS)}
    _builds_from(user, [base, "-m", "handout"], run_env, clinic)
    _builds_from(user, [user / "bin" / "handout"], run_env, clinic)


@pytest.mark.slow
def test_pip_install_target(dists: dict[str, Path], clinic: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    _run([*PIP, "install", "--no-deps", "--target", target, dists["wheel"]], _env(), tmp_path)
    env = _env(PYTHONPATH=f"{target}{os.pathsep}{DEPS}")
    _builds_from(target, [sys.executable, "-m", "handout"], env, clinic)


@pytest.mark.slow
def test_sdist(dists: dict[str, Path], clinic: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    install = ["install", "--no-deps", "--no-build-isolation", "--target", target]
    _run([*PIP, *install, dists["sdist"]], _env(), tmp_path)
    env = _env(PYTHONPATH=f"{target}{os.pathsep}{DEPS}")
    _builds_from(target, [sys.executable, "-m", "handout"], env, clinic)


def test_every_subpackage_is_packaged() -> None:
    """pyproject.toml lists the packages (templates/ is mapped in): none may be left out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    source = ROOT / "src"
    found = {
        ".".join(p.parent.relative_to(source).parts) for p in source.glob("handout/**/__init__.py")
    }
    assert listed == found | {"handout.templates", "handout.locales"}
    assert config["setuptools"]["package-dir"]["handout.templates"] == "templates"
    assert config["setuptools"]["package-dir"]["handout.locales"] == "locales"
