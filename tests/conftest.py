"""Shared fixtures: the example project at the repo root and small projects in tmp_path."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# The one small configuration of the tests: four types, one per section (Programmet;
# Arrangementer with a lead text; Kurser with its own headings; Møder), three themes, the
# last a long question.
SMALL_CONFIG = """\
organisation: "Testkommune"
forvaltning: "Børne- og Kulturforvaltningen"
titel: "Status {måned} {år}"
temaer: ["Tilhør", "Tempo og pauser", "Hvordan forstår vi sundhed i et trivselsperspektiv?"]
typer: [program, arrangement, kursus, møde]
sektioner:
  - overskrift: "Programmet"
    typer: [program]
  - overskrift: "Arrangementer"
    typer: [arrangement]
    indledning: "Arrangementer i perioden."
  - overskrift: "Kurser"
    typer: [kursus]
    egne_overskrifter: ja
  - overskrift: "Møder"
    typer: [møde]
"""


def write_entry(project: Path, name: str, text: str) -> Path:
    """Write one entry file under entries/, dedenting the YAML text."""
    path = project / "entries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """A project folder with a small config and no entries yet."""
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return project


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the repo's example project, safe to build in."""
    target = tmp_path / "eksempel"
    target.mkdir()
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", target)
    shutil.copy2(REPO_ROOT / "ordliste.txt", target)  # the names the spelling check knows
    for folder in ("entries", "indledninger", "templates"):
        if (REPO_ROOT / folder).is_dir():
            shutil.copytree(REPO_ROOT / folder, target / folder)
    return target
