"""`check FIL…`: just the entries named (files or folders under entries/) and the config;
a broken file elsewhere does not count, and a path that is no entry says why in Danish.
Pictures beside their entries are not warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import write_entry
from .test_check import check, entry, run, set_config

BROKEN = "titel: [ikke afsluttet\n"


def test_one_file_is_checked_and_a_broken_other_is_ignored(small_project: Path) -> None:
    good = write_entry(small_project, "2024/godt.yaml", entry())
    write_entry(small_project, "2023/gammelt-udkast.yaml", BROKEN)
    assert check(small_project)[0] == 1
    code, output = check(small_project, str(good))
    assert code == 0, output
    assert "Alt i orden: 1 indslag tjekket, ingen fejl." in output


def test_the_named_file_s_own_problems_are_shown(small_project: Path) -> None:
    write_entry(small_project, "2024/godt.yaml", entry())
    broken = write_entry(small_project, "2024/i-stykker.yaml", entry(type="ukendt"))
    code, output = check(small_project, str(broken))
    assert code == 1
    assert "entries/2024/i-stykker.yaml" in output and "godt.yaml" not in output


@pytest.mark.parametrize("folder", ["entries/2024", "entries", "entries/2024/"])
def test_a_folder_under_entries_checks_every_entry_below_it(
    small_project: Path, folder: str
) -> None:
    write_entry(small_project, "2024/a.yaml", entry("A"))
    write_entry(small_project, "2024/maj/b.yaml", entry("B"))
    if folder != "entries":
        write_entry(small_project, "2023/gammel.yaml", BROKEN)
    code, output = check(small_project, str(small_project / folder))
    assert code == 0, output
    assert "2 indslag tjekket" in output


def test_several_files_are_checked_together(small_project: Path) -> None:
    first = write_entry(small_project, "a.yaml", entry("A"))
    second = write_entry(small_project, "b.yaml", entry("B"))
    write_entry(small_project, "c.yaml", BROKEN)
    code, output = check(small_project, str(first), str(second))
    assert code == 0 and "2 indslag tjekket" in output


def test_a_relative_path_is_found_from_the_current_folder_without_project(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry(small_project, "2024/a.yaml", entry())
    write_entry(small_project, "2024/b.yaml", BROKEN)
    monkeypatch.chdir(small_project / "entries")
    code, output = run("check", "2024/a.yaml")
    assert code == 0, output


def test_an_absolute_path_finds_its_project_from_elsewhere(
    small_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_entry(small_project, "2024/a.yaml", entry())
    write_entry(small_project, "2024/b.yaml", BROKEN)
    elsewhere = tmp_path / "andet-sted"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, output = run("check", str(good))
    assert code == 0, output


def test_the_config_is_checked_too(small_project: Path) -> None:
    good = write_entry(small_project, "a.yaml", entry())
    set_config(small_project, "ukendt_felt: 1\n")
    output = check(small_project, str(good))[1]
    assert "ukendt_felt" in output
    naming_the_config = check(small_project, str(small_project / "trivselreport.yaml"))
    assert "ukendt_felt" in naming_the_config[1]


def test_a_broken_config_is_shown_with_the_named_entry(small_project: Path) -> None:
    good = write_entry(small_project, "a.yaml", entry())
    (small_project / "trivselreport.yaml").write_text("titel: [\n", encoding="utf-8")
    code, output = check(small_project, str(good))
    assert code == 1 and "trivselreport.yaml" in output


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda project: project / "entries" / "findes-ikke.yaml", "Filen findes ikke."),
        (lambda project: project / "noter.yaml", "indslagene ligger i mappen entries"),
        (lambda project: project / "indledninger", "indslagene ligger i mappen entries"),
        (lambda project: project / "entries" / "billede.png", "ender på .yaml"),
        (lambda project: project / "entries" / "tom", "ingen indslag"),
        (lambda project: project / "entries" / ".skjult.yaml", "skjult"),
        (lambda project: project.parent / "udenfor.yaml", "ligger ikke i projektet"),
    ],
)
def test_a_path_that_is_no_entry_of_the_project_says_why(
    small_project: Path, make: object, words: str
) -> None:
    write_entry(small_project, "a.yaml", entry())
    for name in ("noter.yaml", "indledninger/x.md", "entries/billede.png", "entries/.skjult.yaml"):
        target = small_project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(entry(), encoding="utf-8")
    (small_project / "entries" / "tom").mkdir()
    (small_project.parent / "udenfor.yaml").write_text(entry(), encoding="utf-8")
    assert callable(make)
    given = make(small_project)
    code, output = check(small_project, str(given))
    assert code == 1
    shown = given.relative_to(small_project) if given.is_relative_to(small_project) else given
    assert f"Fejl i {shown.as_posix()}" in output
    assert words in output
    assert "Traceback" not in output


def test_a_wrong_path_does_not_stop_the_others_from_being_checked(small_project: Path) -> None:
    good = write_entry(small_project, "a.yaml", entry(type="ukendt"))
    code, output = check(small_project, str(good), str(small_project / "nej.yaml"))
    assert code == 1
    assert "Filen findes ikke." in output and "entries/a.yaml" in output


def test_check_json_of_one_file(small_project: Path) -> None:
    good = write_entry(small_project, "a.yaml", entry())
    write_entry(small_project, "b.yaml", BROKEN)
    code, output = check(small_project, "--format", "json", str(good))
    assert code == 0 and output.strip() == "[]"


# --- pictures beside their entries -----------------------------------------------------


@pytest.mark.parametrize("name", ["foto.jpg", "Foto.JPEG", "plakat.png", "billeder/scan.png"])
def test_a_picture_beside_its_entry_is_not_warned_about(small_project: Path, name: str) -> None:
    write_entry(small_project, "2024/a.yaml", entry())
    picture = small_project / "entries" / "2024" / name
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, output = check(small_project, "--strict")
    assert code == 0, output
    assert "Alt i orden" in output


@pytest.mark.parametrize("name", ["referat.docx", "moede.yaml.png"])
def test_other_files_beside_the_entries_are_still_named(small_project: Path, name: str) -> None:
    write_entry(small_project, "a.yaml", entry())
    write_entry(small_project, name, entry())
    code, output = check(small_project, "--strict")
    assert code == 1 and f"Advarsel i entries/{name}:" in output
