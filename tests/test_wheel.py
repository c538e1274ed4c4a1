"""The installed wheel, not the source tree, builds a memo from a project elsewhere.

Missing package data (templates, stylesheets) or a sub-package setuptools did not
find only shows up here. The wheel is built from a copy of the sources in a
temporary folder, so the checkout gets no build/ or *.egg-info of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.pdf]


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


def package_files(package: Path) -> set[str]:
    """The package's files as paths inside it, compiled bytecode left out."""
    return {
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def source_copy(target: Path) -> Path:
    """What the wheel is built from: the project's metadata and the package, copied."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, target)
    shutil.copytree(
        REPO_ROOT / "trivselreport",
        target / "trivselreport",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return target


def test_the_installed_wheel_builds_the_example_outside_the_repo(tmp_path: Path) -> None:
    checkout_before = sorted(REPO_ROOT.iterdir())
    source = source_copy(tmp_path / "source")
    wheels = tmp_path / "dist"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("trivselreport-*.whl")
    target = tmp_path / "installed"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        cwd=tmp_path,
    )

    project = tmp_path / "kommune"
    project.mkdir()
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", project)
    for folder in ("entries", "indledninger"):
        shutil.copytree(REPO_ROOT / folder, project / folder)

    env = {**os.environ, "PYTHONPATH": str(target)}
    location = run(
        [sys.executable, "-c", "import trivselreport; print(trivselreport.__file__)"],
        cwd=project,
        env=env,
    )
    assert Path(location.strip()).is_relative_to(target)
    # every module of every layer and all package data (templates, scaffold, py.typed)
    assert package_files(source / "trivselreport") <= package_files(target / "trivselreport")
    assert sorted(REPO_ROOT.iterdir()) == checkout_before

    output = run(
        [sys.executable, "-m", "trivselreport", "build", "--period", "2024-04"],
        cwd=project,
        env=env,
    )
    assert "Bygget: Status Sundhed og Trivsel april 2024" in output
    pdf = project / "output" / "2024-04" / "status-sundhed-og-trivsel-april-2024.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
