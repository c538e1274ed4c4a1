"""The command line end to end, in temporary projects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app

from .conftest import write_entry

runner = CliRunner()
PDF_NAME = "status-sundhed-og-trivsel-april-2024.pdf"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_help_is_danish_and_lists_build() -> None:
    code, output = run("--help")
    assert code == 0
    assert "Brug: trivselreport" in output
    assert "Vis denne hjælp og afslut." in output
    assert "build" in output and "Byg notatet" in output
    assert "Usage" not in output and "Options" not in output


def test_python_dash_m_runs_the_cli() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "trivselreport", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0
    assert "Kommandoer" in completed.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],
        ["check"],
        ["list"],
        ["stats"],
        ["new", "--no-input", "--type", "kursus", "--titel", "T", "--tekst", "x"],
    ],
)
def test_only_build_loads_the_pdf_and_word_libraries(
    command: list[str], small_project: Path
) -> None:
    write_entry(  # something to check, list and count, spelling included
        small_project,
        "2024/kursus.yaml",
        "titel: Kursus i trivsel\ntype: kursus\ndato: 2024-04-03\n"
        "tekst: Medarbejderne lærte om pauser i hverdagen.\n",
    )
    code = (
        "import sys; from typer.testing import CliRunner; from trivselreport.cli.app import app;"
        f"result = CliRunner().invoke(app, {command!r} + (['--project', sys.argv[1]] "
        "if sys.argv[2] != '--help' else [])); "
        "print(result.exit_code, sorted(m for m in ('weasyprint', 'docx', 'pikepdf') "
        "if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(small_project), command[0]],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.split(" ", 1) == ["0", "[]\n"], completed.stdout


def test_check_loads_the_spelling_library_and_nothing_heavier(small_project: Path) -> None:
    write_entry(
        small_project,
        "2024/kursus.yaml",
        "titel: Kursus i trivsel\ntype: kursus\ndato: 2024-04-03\n"
        "tekst: Medarbejderne lærte om pauser i hverdagen.\n",
    )
    code = (
        "import sys; from typer.testing import CliRunner; from trivselreport.cli.app import app;"
        "result = CliRunner().invoke(app, ['check', '--project', sys.argv[1]]); "
        "print(result.exit_code, sorted(m for m in ('weasyprint', 'docx', 'pikepdf', 'enchant') "
        "if m in sys.modules))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(small_project)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout == "0 ['enchant']\n", completed.stdout


def test_an_unknown_option_is_a_danish_error_with_exit_1() -> None:
    code, output = run("build", "--perod", "2024-04")
    assert code == 1
    assert "Tilvalget --perod findes ikke." in output
    assert "Traceback" not in output


@pytest.mark.pdf
def test_build_writes_pdf_and_html_and_summarises(example_copy: Path) -> None:
    code, output = run("build", "--period", "2024-04", "--project", str(example_copy))
    assert code == 0, output
    folder = example_copy / "output" / "2024-04"
    assert (folder / PDF_NAME).read_bytes().startswith(b"%PDF-")
    assert (folder / "status-sundhed-og-trivsel-april-2024.html").is_file()
    assert "Bygget: Status Sundhed og Trivsel april 2024 (15. april 2024)" in output
    assert "Praksisnær understøttelse" in output and "13 indslag" in output
    assert "sider" in output
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


@pytest.mark.pdf
def test_build_finds_the_project_from_a_sub_folder(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_copy / "entries" / "2024")
    code, output = run("build", "--period", "2024-04")
    assert code == 0, output
    assert (example_copy / "output" / "2024-04" / PDF_NAME).is_file()


@pytest.mark.pdf
def test_a_failed_build_leaves_the_previous_output_untouched(example_copy: Path) -> None:
    code, _ = run("build", "--period", "2024-04", "--project", str(example_copy))
    assert code == 0
    pdf = example_copy / "output" / "2024-04" / PDF_NAME
    before = pdf.read_bytes()
    broken = write_entry(
        example_copy,
        "2024/ødelagt.yaml",
        """\
        titel: Møde: status
        type: arrangement
        """,
    )
    code, output = run("build", "--period", "2024-04", "--project", str(example_copy))
    assert code == 1
    assert "entries/2024/ødelagt.yaml, linje 1" in output
    assert "anførselstegn" in output
    assert "Intet er skrevet" in output
    assert pdf.read_bytes() == before
    assert broken.read_text(encoding="utf-8").startswith("titel: Møde: status")


def test_every_problem_is_reported_in_one_run(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: mde\ndato: 2024-02-30\ntekst: x\n")
    write_entry(small_project, "b.yaml", "titel: B\ntype: kursus\ndato: 2024-01-01\n")
    code, output = run("build", "--period", "2024-04", "--project", str(small_project))
    assert code == 1
    assert "entries/a.yaml, linje 2, felt »type«" in output
    assert "entries/a.yaml, linje 3, felt »dato«" in output
    assert "entries/b.yaml" in output and "»tekst« mangler" in output
    assert "3 fejl fundet" in output
    assert not (small_project / "output").exists()


def test_no_project_points_to_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("build", "--period", "2024-04")
    assert code == 1
    assert "trivselreport init" in output


def test_a_period_is_required(small_project: Path) -> None:
    code, output = run("build", "--project", str(small_project))
    assert code == 1
    assert "--period 2024-04" in output


def test_period_and_from_to_cannot_be_combined(small_project: Path) -> None:
    code, output = run(
        "build", "--period", "2024-04", "--to", "2024-04-30", "--project", str(small_project)
    )
    assert code == 1
    assert "enten --period eller --from/--to" in output


def test_a_bad_date_option_gets_the_iso_form_suggested(small_project: Path) -> None:
    code, output = run(
        "build", "--from", "1.2.2024", "--to", "2024-04-30", "--project", str(small_project)
    )
    assert code == 1
    assert "»2024-02-01«" in output


def test_an_empty_period_is_an_error_not_an_empty_pdf(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2025-01-01\ntekst: x\n")
    code, output = run(
        "build", "--from", "2023-01-01", "--to", "2023-12-31", "--project", str(small_project)
    )
    assert code == 1
    assert "ingen indslag" in output
    assert not (small_project / "output").exists()


@pytest.mark.pdf
def test_from_to_and_internal_builds_are_named_apart(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-02-01\ntekst: Offentlig.\n"
    )
    write_entry(
        small_project,
        "b.yaml",
        "titel: B\ntype: kursus\ndato: 2024-02-02\nintern: ja\ntekst: Intern.\n",
    )
    code, output = run(
        "build",
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-31",
        "--intern",
        "--project",
        str(small_project),
    )
    assert code == 0, output
    folder = small_project / "output" / "2024-01-01_2024-03-31"
    assert (folder / "status-marts-2024-intern.pdf").is_file()
    assert "2 indslag" in output


@pytest.mark.pdf
def test_an_internal_build_is_marked_on_every_page(example_copy: Path) -> None:
    import pypdf

    code, output = run("build", "--period", "2024-04", "--intern", "--project", str(example_copy))
    assert code == 0, output
    pdf = example_copy / "output" / "2024-04" / "status-sundhed-og-trivsel-april-2024-intern.pdf"
    pages = pypdf.PdfReader(pdf).pages
    assert all("Internt – må ikke offentliggøres" in page.extract_text() for page in pages)
    assert "14 indslag" in output
