"""`list --mangler`: entries in the period without a theme or a participant count, and
entries anywhere in the project dated outside every memo configured under `memoer`."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app

from .conftest import write_entry

runner = CliRunner()

# Memos from December 2023 to April 2024; planned entries reach six months after April.
MEMOS = """\
memoer:
  - periode: "2023-12"
  - periode: "2024-04"
"""


def entry_text(
    title: str, day: str, *, theme: bool = True, count: bool = True, extra: str = ""
) -> str:
    lines = [f'titel: "{title}"', "type: møde", f"dato: {day}"]
    if theme:
        lines.append("temaer: [Tilhør]")
    if count:
        lines.append("deltagere: 12")
    return "\n".join(lines) + f'\n{extra}tekst: "Om {title}."\n'


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.stdout, result.output


def missing(project: Path, *options: str, code: int = 0) -> str:
    exit_code, stdout, output = run("list", "--project", str(project), "--mangler", *options)
    assert exit_code == code, output
    return stdout


def rows(output: str) -> list[tuple[str, str]]:
    """(file, what is missing) for each row, in the order shown."""
    found = re.findall(r"\s{2}((?:mangler|dato)[^\n]*?)\s{2,}(entries/\S+)$", output, re.M)
    return [(path, what) for what, path in found]


@pytest.fixture
def project(small_project: Path) -> Path:
    config = small_project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + MEMOS, encoding="utf-8")
    write_entry(small_project, "komplet.yaml", entry_text("Komplet", "2024-03-10"))
    return small_project


def test_entries_without_theme_or_count_are_listed_with_what_they_lack(project: Path) -> None:
    write_entry(project, "uden-tema.yaml", entry_text("Uden tema", "2024-03-11", theme=False))
    write_entry(project, "uden-tal.yaml", entry_text("Uden tal", "2024-03-12", count=False))
    write_entry(
        project, "uden-begge.yaml", entry_text("Uden begge", "2024-03-13", theme=False, count=False)
    )
    output = missing(project, "--periode", "2024-04")
    assert re.search(r"^Dato\s+Type\s+Titel\s+Intern\s+Mangler\s+Fil", output, re.M)
    assert rows(output) == [
        ("entries/uden-tema.yaml", "mangler tema"),
        ("entries/uden-begge.yaml", "mangler tema; mangler deltagerantal"),
        ("entries/uden-tal.yaml", "mangler deltagerantal"),
    ]
    assert "komplet.yaml" not in output
    assert "\n3 indslag." in output


def test_theme_and_count_are_asked_only_in_the_period(project: Path) -> None:
    write_entry(project, "december.yaml", entry_text("December", "2023-12-05", count=False))
    write_entry(project, "april.yaml", entry_text("April", "2024-04-05", count=False))
    assert rows(missing(project, "--periode", "2024-04")) == [
        ("entries/april.yaml", "mangler deltagerantal")
    ]
    assert [path for path, _ in rows(missing(project))] == [
        "entries/december.yaml",
        "entries/april.yaml",
    ]


def test_a_planned_entry_is_not_asked_for_its_participants(project: Path) -> None:
    planned = (date.today() + timedelta(days=30)).isoformat()
    write_entry(project, "planlagt.yaml", entry_text("Planlagt", planned, count=False))
    write_entry(project, "i-dag.yaml", entry_text("I dag", date.today().isoformat(), count=False))
    config = project / "trivselreport.yaml"
    month = date.today().strftime("%Y-%m")
    config.write_text(
        config.read_text(encoding="utf-8") + f'  - periode: "{month}"\n', encoding="utf-8"
    )
    assert rows(missing(project)) == [("entries/i-dag.yaml", "mangler deltagerantal")]


def test_a_date_before_every_memo_is_found_whatever_the_period(project: Path) -> None:
    write_entry(project, "gammel.yaml", entry_text("Gammel", "2019-05-01"))
    write_entry(project, "uden-tal.yaml", entry_text("Uden tal", "2024-03-12", count=False))
    output = missing(project, "--periode", "2024-04")
    # The date no memo will show comes first.
    assert rows(output) == [
        ("entries/gammel.yaml", "dato uden for alle notater"),
        ("entries/uden-tal.yaml", "mangler deltagerantal"),
    ]


def test_a_date_far_after_the_last_memo_is_found_but_planning_is_not(project: Path) -> None:
    write_entry(project, "planlagt.yaml", entry_text("Planlagt", "2024-10-30"))
    write_entry(project, "for-langt.yaml", entry_text("For langt", "2024-11-01"))
    write_entry(project, "tastefejl.yaml", entry_text("Tastefejl", "2042-04-01", theme=False))
    output = missing(project)
    assert rows(output) == [
        ("entries/for-langt.yaml", "dato uden for alle notater"),
        ("entries/tastefejl.yaml", "dato uden for alle notater; mangler tema"),
    ]


def test_the_start_date_bounds_the_first_memo(project: Path) -> None:
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "startdato: 2023-08-01\n", encoding="utf-8"
    )
    write_entry(project, "foer.yaml", entry_text("Før start", "2023-07-31"))
    write_entry(project, "start.yaml", entry_text("Ved start", "2023-08-01"))
    write_entry(
        project,
        "loebende.yaml",
        entry_text("Løbende", "2023-06-01", extra="slutdato: 2023-09-30\n"),
    )
    assert rows(missing(project)) == [("entries/foer.yaml", "dato uden for alle notater")]


def test_without_memos_the_dates_are_not_judged_and_it_is_said(small_project: Path) -> None:
    write_entry(small_project, "gammel.yaml", entry_text("Gammel", "2019-05-01"))
    output = missing(small_project)
    assert "ingen notater under »memoer«" in output
    assert "Intet mangler" in output


def test_nothing_missing_is_said_plainly(project: Path) -> None:
    output = missing(project, "--periode", "2024-04")
    assert output.strip() == (
        "Intet mangler: alle indslag i perioden har tema og deltagerantal, og alle ligger "
        "inden for et notat."
    )


def test_missing_combines_with_the_filters(project: Path) -> None:
    write_entry(project, "uden-tema.yaml", entry_text("Uden tema", "2024-03-11", theme=False))
    write_entry(
        project,
        "intern.yaml",
        entry_text("Intern", "2024-03-12", theme=False, extra="intern: ja\n"),
    )
    assert [path for path, _ in rows(missing(project, "--ikke-intern"))] == [
        "entries/uden-tema.yaml"
    ]
    assert [path for path, _ in rows(missing(project, "--kun-intern"))] == ["entries/intern.yaml"]
    assert rows(missing(project, "--type", "kursus")) == []


def test_a_broken_file_does_not_stop_the_report(project: Path) -> None:
    write_entry(project, "uden-tema.yaml", entry_text("Uden tema", "2024-03-11", theme=False))
    write_entry(project, "brudt.yaml", "titel: [ups\n")
    code, stdout, output = run("list", "--project", str(project), "--mangler")
    assert code == 1
    assert rows(stdout) == [("entries/uden-tema.yaml", "mangler tema")]
    assert "brudt.yaml" in output
    assert "Traceback" not in output


def test_a_project_without_themes_is_not_asked_for_them(project: Path) -> None:
    config = project / "trivselreport.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^temaer: .*$", "temaer: []", text), encoding="utf-8")
    (project / "entries" / "komplet.yaml").unlink()
    write_entry(project, "uden.yaml", entry_text("Uden", "2024-03-11", theme=False, count=False))
    assert rows(missing(project, "--periode", "2024-04")) == [
        ("entries/uden.yaml", "mangler deltagerantal")
    ]
