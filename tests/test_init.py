"""`trivselreport init`: a new project that works at once, and never a lost project.

init writes trivselreport.yaml, an empty entries/, a starting introduction in
indledninger/ and a .gitignore that keeps output/ out of git; an example entry only
as a draft (`kladde: ja`), when drafts are known, so it reaches no memo. A folder
that already holds a project is left exactly as it was. (Asking, options and nesting:
test_init_asks.py.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.scaffold import DRAFT_KEY
from trivselreport.reading.fields.declarations import ENTRY_FIELDS

from .conftest import write_entry

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


def init(folder: Path) -> tuple[int, str]:
    return run("init", str(folder))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its exact bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def this_month() -> str:
    today = date.today()
    return f"{today.year:04d}-{today.month:02d}"


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A project just made by `init`."""
    folder = tmp_path / "nyt-projekt"
    code, output = init(folder)
    assert code == 0, output
    return folder


DRAFTS_KNOWN = DRAFT_KEY in ENTRY_FIELDS


def test_init_creates_config_introduction_entries_and_gitignore(tmp_path: Path) -> None:
    folder = tmp_path / "nyt-projekt"
    code, output = init(folder)
    assert code == 0, output
    year = str(date.today().year)
    files = sorted(snapshot(folder))
    examples = [name for name in files if name.startswith("entries/")]
    assert files == sorted(
        [".gitignore", f"indledninger/{this_month()}.md", "trivselreport.yaml", *examples]
    )
    assert (folder / "entries").is_dir() and "  entries/" in output
    if DRAFTS_KNOWN:
        [example] = examples
        assert example.startswith(f"entries/{year}/{date.today().isoformat()}-")
        assert example.endswith(".yaml")
    else:
        assert examples == []  # an example would reach the next memo
    ignored = (folder / ".gitignore").read_text(encoding="utf-8").split()
    assert "output/" in ignored and ".trivselreport/" in ignored
    assert ".trivselreport-cache/" in ignored  # the entry cache of check, list and stats
    for name in files:
        assert f"  {name}" in output
    assert "trivselreport new" in output and "trivselreport check" in output


def test_the_example_entry_is_never_in_a_memo(fresh: Path) -> None:
    examples = sorted((fresh / "entries").rglob("*.yaml"))
    if DRAFTS_KNOWN:
        [example] = examples
        assert f"{DRAFT_KEY}: ja" in example.read_text(encoding="utf-8").splitlines()
    else:
        assert examples == []
    code, output = run("build", "--period", this_month(), "--project", str(fresh))
    assert code == 1 and "ingen indslag" in output


def test_check_passes_on_a_fresh_project(fresh: Path) -> None:
    code, output = run("check", "--project", str(fresh), "--strict")
    assert code == 0, output
    assert "Alt i orden:" in output and "ingen fejl." in output


@pytest.mark.pdf
def test_a_fresh_project_with_one_entry_builds_this_months_memo(fresh: Path) -> None:
    code, output = run(
        "new",
        "--no-input",
        "--project",
        str(fresh),
        "--type",
        "kursus",
        "--titel",
        "Kursus",
        "--tekst",
        "Et kursus.",
    )
    assert code == 0, output
    code, output = run("build", "--period", this_month(), "--project", str(fresh))
    assert code == 0, output
    pdfs = list((fresh / "output" / this_month()).glob("*.pdf"))
    assert len(pdfs) == 1
    assert pdfs[0].read_bytes().startswith(b"%PDF-")
    assert "1 indslag" in output
    html = next((fresh / "output" / this_month()).glob("*.html")).read_text(encoding="utf-8")
    assert "Notatet giver en status" in html  # the starting introduction


def test_init_refuses_an_existing_project_and_changes_nothing(fresh: Path) -> None:
    (fresh / "trivselreport.yaml").write_text("organisation: Min egen rettede\n", encoding="utf-8")
    before = snapshot(fresh)
    code, output = init(fresh)
    assert code == 1
    assert "Her er allerede et trivselreport-projekt." in output
    assert "Intet er ændret." in output
    assert snapshot(fresh) == before


def test_init_refuses_a_folder_whose_entries_are_not_empty(tmp_path: Path) -> None:
    write_entry(tmp_path, "gammelt.yaml", "titel: Gammelt\n")
    before = snapshot(tmp_path)
    code, output = init(tmp_path)
    assert code == 1
    assert "Mappen entries findes allerede og er ikke tom." in output
    assert snapshot(tmp_path) == before


def test_init_appends_output_to_an_existing_gitignore_keeping_its_lines(tmp_path: Path) -> None:
    gitignore = tmp_path / ".gitignore"
    gitignore.write_text("# mine regler\n*.docx\n.venv/", encoding="utf-8")
    code, output = init(tmp_path)
    assert code == 0, output
    lines = gitignore.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["# mine regler", "*.docx", ".venv/"]
    assert "output/" in lines
    assert "  .gitignore" not in output  # it was changed, not created


def test_init_leaves_a_gitignore_that_already_ignores_output_drafts_and_cache_alone(
    tmp_path: Path,
) -> None:
    gitignore = tmp_path / ".gitignore"
    kept = "output/\n*.pdf\n.trivselreport/\n.trivselreport-cache/\n"
    gitignore.write_text(kept, encoding="utf-8")
    code, output = init(tmp_path)
    assert code == 0, output
    assert gitignore.read_text(encoding="utf-8") == kept


def test_init_adds_only_the_missing_line_to_a_gitignore(tmp_path: Path) -> None:
    gitignore = tmp_path / ".gitignore"
    gitignore.write_text("output/\n*.pdf\n", encoding="utf-8")
    code, output = init(tmp_path)
    assert code == 0, output
    # the editor's drafts of `new --edit` are kept in .trivselreport/ until saved, and
    # the entry cache in .trivselreport-cache/
    assert (
        gitignore.read_text(encoding="utf-8")
        == "output/\n*.pdf\n\n.trivselreport/\n.trivselreport-cache/\n"
    )


def test_init_creates_a_missing_folder_and_defaults_to_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("init")
    assert code == 0, output
    assert (tmp_path / "trivselreport.yaml").is_file()
    code, output = init(tmp_path.parent / f"{tmp_path.name}-a" / "b")
    assert code == 0, output
    assert (tmp_path.parent / f"{tmp_path.name}-a" / "b" / "trivselreport.yaml").is_file()


@pytest.mark.pdf
def test_init_new_check_and_build_work_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "projekt"
    assert init(folder)[0] == 0
    today = date.today()
    code, output = run(
        "new",
        "--no-input",
        "--project",
        str(folder),
        "--type",
        "kursus",
        "--titel",
        "Kursus om sorg",
        "--deltagere",
        "12",
        "--tekst",
        "Et kursus for lærere.\n\n- Viden\n- Redskaber",
    )
    assert code == 0, output
    assert f"entries/{today.year}/{today.isoformat()}-kursus-om-sorg.yaml" in output
    code, output = run("check", "--project", str(folder))
    assert code == 0, output
    assert "Alt i orden: 1 indslag tjekket" in output  # the sample draft is not counted
    code, output = run("build", "--period", this_month(), "--project", str(folder))
    assert code == 0, output
    assert "1 indslag" in output  # the example is a draft
    assert "Kursus om sorg" in output  # a kursus is its own section, headed by its title
    html = next((folder / "output" / this_month()).glob("*.html")).read_text(encoding="utf-8")
    assert "Kursus om sorg" in html and "Et kursus for lærere." in html
