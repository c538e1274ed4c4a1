"""Input as people type it: a type, theme or section in another case, composed or
decomposed (NFC/NFD), or with spaces around it, is the configured name, and the
entry carries (and `new` and the form write) the name as the config spells it.
Dates can be said in words (»i dag«, »i går«, »i morgen«) at a prompt and in an
option; whole numbers may have Danish thousands separators everywhere.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.reading.config import load_config
from trivselreport.reading.entries import load_entries

from .conftest import write_entry
from .formclient import entry_files, forms_client

runner = CliRunner()

SUNDHED = "Hvordan forstår vi sundhed i et trivselsperspektiv?"  # as SMALL_CONFIG spells it
NFD_SUNDHED = unicodedata.normalize("NFD", SUNDHED.upper())
assert unicodedata.normalize("NFC", NFD_SUNDHED) != NFD_SUNDHED  # the å is decomposed

OPTIONS = ("--titel", "Kursus i trivsel", "--dato", "2024-04-15", "--tekst", "Tekst.")


def run(*args: str, answers: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=answers)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def saved_text(project: Path) -> str:
    [path] = entry_files(project)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("typed", ["Kursus", " KURSUS ", "kursus"])
def test_an_entry_file_may_spell_the_type_in_another_case(small_project: Path, typed: str) -> None:
    write_entry(
        small_project,
        "a.yaml",
        f'titel: A\ntype: "{typed}"\ndato: 2024-04-15\n'
        f'temaer: ["{NFD_SUNDHED}", " tilhør "]\nsektion: "  møder"\ndeltagere: 1.000\n'
        "tekst: A.\n",
    )
    code, output = run("check", "--project", str(small_project))
    assert code == 0, output
    [entry] = load_entries(load_config(small_project))
    assert entry.type == "kursus"
    assert list(entry.themes) == [SUNDHED, "Tilhør"]  # in the order of the file
    assert entry.section == "Møder"
    assert entry.participants == 1000


def test_list_and_stats_filters_match_the_configured_name(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: 2024-04-15\ntekst: A.\n")
    code, output = run("list", "--project", str(small_project), "--type", " KURSUS ")
    assert code == 0, output
    assert output.rstrip().endswith("1 indslag.")


def test_new_writes_the_configured_names_from_options(small_project: Path) -> None:
    code, output = run(
        "new",
        "--project",
        str(small_project),
        "--no-input",
        "--type",
        " KURSUS ",
        "--tema",
        NFD_SUNDHED,
        "--deltagere",
        "1.000",
        *OPTIONS,
    )
    assert code == 0, output
    text = saved_text(small_project)
    assert "\ntype: kursus\n" in text
    assert SUNDHED in text and NFD_SUNDHED not in text
    assert "\ndeltagere: 1000\n" in text


def test_new_writes_the_configured_names_from_answers(small_project: Path) -> None:
    # type, titel, dato, slutdato, temaer, ansvarlig, deltagere, intern, tekst
    answers = "\n".join(
        ["Kursus", "Kursus i trivsel", "i går", "", NFD_SUNDHED, "", "1 000", "", "Tekst.", "."]
    )
    code, output = run("new", "--project", str(small_project), answers=answers + "\n")
    assert code == 0, output
    text = saved_text(small_project)
    assert "\ntype: kursus\n" in text and SUNDHED in text
    assert "\ndeltagere: 1000\n" in text
    yesterday = date.today() - timedelta(days=1)
    assert f"\ndato: {yesterday.isoformat()}\n" in text


@pytest.mark.parametrize(("said", "shift"), [("i går", -1), ("IDAG", 0), ("i morgen", 1)])
def test_new_takes_a_date_in_words_as_option(small_project: Path, said: str, shift: int) -> None:
    code, output = run(
        "new",
        "--project",
        str(small_project),
        "--no-input",
        "--type",
        "kursus",
        "--titel",
        "X",
        "--dato",
        said,
        "--slutdato",
        "i morgen",
        "--tekst",
        "Tekst.",
    )
    assert code == 0, output
    meant = date.today() + timedelta(days=shift)
    assert f"\ndato: {meant.isoformat()}\n" in saved_text(small_project)


def test_the_form_writes_the_configured_names_and_takes_thousands(small_project: Path) -> None:
    response = forms_client(small_project).post(
        "/indslag/nyt",
        {
            "titel": "Kursus i trivsel",
            "type": "Kursus",
            "dato": "i går",
            "temaer": [NFD_SUNDHED],
            "sektion": "MØDER",
            "deltagere": "1.000",
            "tekst": "En tekst.",
        },
    )
    assert response.status_code == 303, response.text
    text = saved_text(small_project)
    assert "\ntype: kursus\n" in text and SUNDHED in text and 'sektion: "Møder"' in text
    assert "\ndeltagere: 1000\n" in text
    assert f"\ndato: {(date.today() - timedelta(days=1)).isoformat()}\n" in text


def test_a_date_in_words_in_a_file_is_refused(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", "titel: A\ntype: kursus\ndato: i går\ntekst: A.\n")
    code, output = run("check", "--project", str(small_project))
    assert code == 1
    assert "»i går« er ikke en dato." in output


# --- check and check --ret -----------------------------------------------------------------

RESPELT = (
    "\ufeff# Skrevet i hånden\r\n"
    "titel: A  # titlen\r\n"
    "type: Kursus   # med stort\r\n"
    "dato: 2024-04-15\r\n"
    "temaer:\r\n"
    "  - tilhør\r\n"
    f'  - "{NFD_SUNDHED}"\r\n'
    "sektion: ' MØDER '\r\n"
    "tekst: |\r\n"
    "  Kursus for Kursus.\r\n"
)
CANONICAL = (
    "\ufeff# Skrevet i hånden\r\n"
    "titel: A  # titlen\r\n"
    "type: kursus   # med stort\r\n"
    "dato: 2024-04-15\r\n"
    "temaer:\r\n"
    "  - Tilhør\r\n"
    f'  - "{SUNDHED}"\r\n'
    'sektion: "Møder"\r\n'
    "tekst: |\r\n"
    "  Kursus for Kursus.\r\n"
)


def write_bytes(project: Path, name: str, text: str) -> Path:
    path = project / "entries" / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_check_names_the_files_that_spell_a_name_otherwise_and_changes_nothing(
    small_project: Path,
) -> None:
    path = write_bytes(small_project, "a.yaml", RESPELT)
    code, output = run("check", "--project", str(small_project), "--strict")
    assert code == 0, output  # the file works: not a warning, --strict passes
    assert "Bemærk: 1 fil staver et navn anderledes end trivselreport.yaml" in output
    assert "entries/a.yaml, linje 3, felt »type«: »Kursus« → »kursus«" in output
    assert "linje 6, felt »temaer«: »tilhør« → »Tilhør«" in output
    assert "linje 8, felt »sektion«: » MØDER « → »Møder«" in output
    assert "trivselreport check --ret" in output
    assert path.read_bytes() == RESPELT.encode("utf-8")


@pytest.mark.parametrize("option", ["--ret", "--fix"])
def test_check_ret_rewrites_only_the_names_and_keeps_everything_else(
    small_project: Path, option: str
) -> None:
    path = write_bytes(small_project, "a.yaml", RESPELT)
    write_bytes(small_project, "b.yaml", "titel: B\ntype: kursus\ndato: 2024-04-16\ntekst: B.\n")
    untouched = (small_project / "entries" / "b.yaml").stat().st_mtime_ns
    code, output = run("check", "--project", str(small_project), option)
    assert code == 0, output
    assert path.read_bytes().decode("utf-8") == CANONICAL
    assert "Rettet: entries/a.yaml, linje 3, felt »type«: »Kursus« → »kursus«" in output
    assert output.count("Rettet:") == 4
    assert (small_project / "entries" / "b.yaml").stat().st_mtime_ns == untouched
    [entry] = [e for e in load_entries(load_config(small_project)) if e.title == "A"]
    assert entry.type == "kursus" and entry.section == "Møder"
    again_code, again = run("check", "--project", str(small_project), "--strict")
    assert again_code == 0 and "Bemærk" not in again, again
    assert not [p for p in (small_project / "entries").iterdir() if p.name.startswith(".")]


def test_check_ret_rewrites_a_flow_list_in_place(small_project: Path) -> None:
    path = write_bytes(
        small_project,
        "a.yaml",
        "titel: A\ntype: KURSUS\ndato: 2024-04-15\ntemaer: [tilhør, Tempo Og Pauser] # to\n"
        "tekst: A.\n",
    )
    code, output = run("check", "--project", str(small_project), "--ret")
    assert code == 0, output
    assert path.read_text(encoding="utf-8") == (
        "titel: A\ntype: kursus\ndato: 2024-04-15\ntemaer: [Tilhør, Tempo og pauser] # to\n"
        "tekst: A.\n"
    )
