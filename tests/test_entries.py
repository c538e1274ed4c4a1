"""Entries: one YAML file per activity under entries/, checked against the config.

The entry format is a contract with the staff who write them: these tests
document which fields exist, what each accepts, and how every mistake is
reported (file, line, field, Danish message and hint), all problems together.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import CONFIG_FILE, Config, load_config
from trivselreport.reading.entries import (
    ENTRY_SCHEMA,
    Entry,
    entry_files,
    entry_from_mapping,
    load_entries,
)
from trivselreport.reading.files.yamlread import read_mapping

from .conftest import SMALL_CONFIG, write_entry

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent

MINIMAL_ENTRY = """\
titel: Forældremøde om trivsel
type: møde
dato: 2024-04-15
tekst: |
  Vi holdt et godt møde med forældrene.
"""

# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def config(small_project: Path) -> Config:
    """The shared small project (tests/conftest.py), read."""
    return load_config(small_project)


def load_entry(config: Config, text: str) -> Entry:
    path = write_entry(config.root, "indslag.yaml", text)
    return entry_from_mapping(path, read_mapping(path), config)


def entry_problems(config: Config, text: str) -> list[Problem]:
    path = write_entry(config.root, "indslag.yaml", text)
    with pytest.raises(UserError) as info:
        entry_from_mapping(path, read_mapping(path), config)
    for problem in info.value.problems:
        assert problem.file == path
    return info.value.problems


def only_problem(config: Config, text: str) -> Problem:
    problems = entry_problems(config, text)
    assert len(problems) == 1, [problem.message for problem in problems]
    return problems[0]


def with_line(key: str, value: str) -> str:
    """MINIMAL_ENTRY with one field set (replaced in place, or appended as the last line)."""
    lines = MINIMAL_ENTRY.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[index] = f"{key}: {value}\n"
            return "".join(lines)
    return MINIMAL_ENTRY + f"{key}: {value}\n"


def without(key: str) -> str:
    """MINIMAL_ENTRY with one field (and its indented continuation lines) left out."""
    lines = MINIMAL_ENTRY.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return "".join(lines[:start] + lines[end:])


# --- valid entries -----------------------------------------------------------------------


def test_a_minimal_entry_loads_with_typed_values(config: Config) -> None:
    entry = load_entry(config, MINIMAL_ENTRY)
    assert entry.path == config.root / "entries" / "indslag.yaml"
    assert entry.title == "Forældremøde om trivsel"
    assert entry.type == "møde"
    assert entry.start == date(2024, 4, 15)
    assert entry.text == "Vi holdt et godt møde med forældrene."
    assert entry.end is None
    assert entry.last_day == date(2024, 4, 15)
    assert entry.themes == ()
    assert entry.section is None
    assert entry.responsible is None
    assert entry.participants is None
    assert entry.internal is False


def test_a_full_entry_loads_every_field(config: Config) -> None:
    entry = load_entry(
        config,
        """\
        titel: "Kursus i   sorggrupper"
        type: kursus
        dato: 2024-03-06
        slutdato: 2024-03-08
        temaer:
          - Tilhør
          - Tempo og pauser
        sektion: Møder
        ansvarlig: PPR
        deltagere: 25
        intern: ja
        tekst: |
          Første afsnit.

          - et punkt
          - et andet punkt
    """,
    )
    assert entry.title == "Kursus i sorggrupper"
    assert entry.type == "kursus"
    assert entry.start == date(2024, 3, 6)
    assert entry.end == date(2024, 3, 8)
    assert entry.last_day == date(2024, 3, 8)
    assert entry.themes == ("Tilhør", "Tempo og pauser")
    assert isinstance(entry.themes, tuple)
    assert entry.section == "Møder"
    assert entry.responsible == "PPR"
    assert entry.participants == 25
    assert isinstance(entry.participants, int)
    assert entry.internal is True
    assert entry.text == "Første afsnit.\n\n- et punkt\n- et andet punkt"


def test_the_schema_lists_exactly_the_documented_fields() -> None:
    assert list(ENTRY_SCHEMA) == [
        "titel",
        "type",
        "dato",
        "slutdato",
        "temaer",
        "sektion",
        "ansvarlig",
        "deltagere",
        "intern",
        "kladde",
        "tekst",
        "billeder",
    ]


def test_a_single_theme_may_be_written_without_a_list(config: Config) -> None:
    assert load_entry(config, with_line("temaer", "Tilhør")).themes == ("Tilhør",)


def test_a_flow_list_theme_ending_in_a_question_mark_is_one_theme(config: Config) -> None:
    entry = load_entry(
        config, with_line("temaer", "[Hvordan forstår vi sundhed i et trivselsperspektiv?]")
    )
    assert entry.themes == ("Hvordan forstår vi sundhed i et trivselsperspektiv?",)


def test_a_slutdato_on_the_same_day_is_fine(config: Config) -> None:
    assert load_entry(config, with_line("slutdato", "2024-04-15")).end == date(2024, 4, 15)


def test_iso_dates_with_one_digit_month_and_day_are_accepted(config: Config) -> None:
    assert load_entry(config, with_line("dato", "2024-4-5")).start == date(2024, 4, 5)


@pytest.mark.parametrize(
    ("typed", "internal"),
    [
        ("ja", True),
        ("Ja", True),
        ("true", True),
        ("yes", True),
        ("sand", True),
        ("nej", False),
        ("Nej", False),
        ("false", False),
        ("no", False),
        ("off", False),
    ],
)
def test_intern_accepts_danish_and_english_yes_no(
    config: Config, typed: str, internal: bool
) -> None:
    assert load_entry(config, with_line("intern", typed)).internal is internal


def test_intern_defaults_to_false_when_absent_or_empty(config: Config) -> None:
    assert load_entry(config, MINIMAL_ENTRY).internal is False
    assert load_entry(config, MINIMAL_ENTRY + "intern:\n").internal is False


@pytest.mark.parametrize("typed", ["2024", "no", "12:30", "0777", "ja", "2024-04-15"])
def test_text_fields_stay_exactly_the_text_typed(config: Config, typed: str) -> None:
    entry = load_entry(config, with_line("titel", typed) + f"ansvarlig: {typed}\n")
    assert entry.title == typed
    assert entry.responsible == typed


def test_a_number_as_tekst_is_text_too(config: Config) -> None:
    assert load_entry(config, without("tekst") + "tekst: 2024\n").text == "2024"


@pytest.mark.parametrize(
    ("typed", "number"), [("0", 0), ("25", 25), ("1.200", 1200), ("1 200", 1200)]
)
def test_deltagere_is_a_whole_number(config: Config, typed: str, number: int) -> None:
    assert load_entry(config, with_line("deltagere", typed)).participants == number


# --- missing and empty fields ------------------------------------------------------------


@pytest.mark.parametrize("key", ["titel", "type", "dato", "tekst"])
def test_each_missing_required_field_is_named(config: Config, key: str) -> None:
    problem = only_problem(config, without(key))
    assert problem.message == f"Feltet »{key}« mangler."
    assert problem.line == 1
    assert problem.hint is not None
    assert f"»{key}: …«" in problem.hint


@pytest.mark.parametrize("key", ["titel", "type", "dato", "tekst"])
def test_a_missing_required_field_is_the_problems_field(config: Config, key: str) -> None:
    problem = only_problem(config, without(key))
    assert problem.field == key
    assert problem.location().endswith(f"felt »{key}«")


def test_an_entry_with_nothing_required_reports_all_four(config: Config) -> None:
    problems = entry_problems(config, "ansvarlig: PPR\n")
    assert sorted(problem.message for problem in problems) == sorted(
        f"Feltet »{key}« mangler." for key in ("titel", "type", "dato", "tekst")
    )


@pytest.mark.parametrize("value", ['""', "", "|\n", '"   "'])
def test_empty_tekst_is_reported_as_empty(config: Config, value: str) -> None:
    problem = only_problem(config, without("tekst") + f"tekst: {value}\n")
    assert problem.message == "Feltet »tekst« er tomt."
    assert problem.field == "tekst"
    assert problem.line == 4


def test_tekst_given_as_a_list_is_refused(config: Config) -> None:
    problem = only_problem(config, without("tekst") + "tekst:\n  - et punkt\n  - et andet\n")
    assert problem.field == "tekst"
    assert problem.line == 4
    assert "skal være en tekst" in problem.message
    assert "en liste" in problem.message


def test_titel_given_as_fields_is_refused(config: Config) -> None:
    problem = only_problem(config, with_line("titel", "{a: 1}"))
    assert problem.field == "titel"
    assert "en samling af felter" in problem.message


# --- unknown keys and values -------------------------------------------------------------


def test_a_misspelt_titel_is_unknown_with_a_suggestion(config: Config) -> None:
    problems = entry_problems(config, MINIMAL_ENTRY.replace("titel:", "tittel:"))
    unknown = [problem for problem in problems if problem.field == "tittel"]
    assert len(unknown) == 1
    assert unknown[0].message == "Ukendt felt »tittel«."
    assert unknown[0].line == 1
    assert unknown[0].hint == "Mente du »titel«?"
    # The misspelling is the problem: no second message that titel is missing.
    assert not any(problem.message == "Feltet »titel« mangler." for problem in problems)


def test_a_misspelt_temaer_is_unknown_with_a_suggestion(config: Config) -> None:
    problem = only_problem(config, MINIMAL_ENTRY + "temer:\n  - Tilhør\n")
    assert problem.field == "temer"
    assert problem.line == 6
    assert problem.hint == "Mente du »temaer«?"


def test_an_unknown_type_suggests_the_closest(config: Config) -> None:
    problem = only_problem(config, with_line("type", "kurus"))
    assert problem.field == "type"
    assert problem.line == 2
    assert "»kurus« er ikke en af typerne." in problem.message
    assert problem.hint == "Mente du »kursus«?"


@pytest.mark.parametrize("typed", ["Kursus", "KURSUS", '" kursus "'])
def test_a_type_in_another_case_is_the_configured_type(config: Config, typed: str) -> None:
    assert load_entry(config, with_line("type", typed)).type == "kursus"


def test_a_type_far_from_all_lists_the_possible_types(config: Config) -> None:
    problem = only_problem(config, with_line("type", "ekskursion til månen"))
    assert problem.hint == "Typerne er: program, arrangement, kursus, møde."


def test_an_unknown_theme_names_the_line_of_the_list_item(config: Config) -> None:
    problem = only_problem(config, MINIMAL_ENTRY + "temaer:\n  - Tilhør\n  - Tempo og pause\n")
    assert problem.field == "temaer"
    assert problem.line == 8
    assert "»Tempo og pause« er ikke et af temaerne" in problem.message
    assert problem.hint == "Mente du »Tempo og pauser«?"


def test_an_unknown_theme_far_from_all_lists_the_themes(config: Config) -> None:
    problem = only_problem(config, with_line("temaer", "[Noget helt andet end det hele]"))
    assert problem.hint is not None
    assert problem.hint.startswith("Temaerne er: Tilhør; Tempo og pauser")


def test_an_empty_theme_item_is_reported(config: Config) -> None:
    problem = only_problem(config, MINIMAL_ENTRY + "temaer:\n  - Tilhør\n  -\n")
    assert problem.field == "temaer"
    assert problem.line == 8
    assert "kort tekst" in problem.message


def test_an_unknown_section_suggests_the_closest(config: Config) -> None:
    problem = only_problem(config, with_line("sektion", "Møde"))
    assert problem.field == "sektion"
    assert problem.line == 6
    assert "»Møde« er ikke en af sektionernes overskrifter" in problem.message
    assert problem.hint == "Mente du »Møder«?"


# --- dates -------------------------------------------------------------------------------


def test_an_impossible_date_does_not_exist(config: Config) -> None:
    problem = only_problem(config, with_line("dato", "2024-02-30"))
    assert problem.field == "dato"
    assert problem.line == 3
    assert "»2024-02-30« findes ikke" in problem.message


def test_the_29th_of_february_exists_in_a_leap_year(config: Config) -> None:
    assert load_entry(config, with_line("dato", "2024-02-29")).start == date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["15-04-2024", "15.4.2024", "15/04/2024", "15.04.2024"])
def test_a_danish_date_format_suggests_the_iso_form(config: Config, typed: str) -> None:
    problem = only_problem(config, with_line("dato", typed))
    assert problem.field == "dato"
    assert "ÅÅÅÅ-MM-DD" in problem.message
    assert "»2024-04-15«" in problem.message
    assert f"»{typed}«" in problem.message


def test_an_impossible_danish_date_does_not_exist(config: Config) -> None:
    problem = only_problem(config, with_line("dato", "30.02.2024"))
    assert "findes ikke" in problem.message


@pytest.mark.parametrize("typed", ["i går", "april 2024", "2024-04", "2024-04-15 10:00"])
def test_something_that_is_not_a_date_gets_an_example(config: Config, typed: str) -> None:
    problem = only_problem(config, with_line("dato", typed))
    assert "er ikke en dato" in problem.message
    assert "2024-04-15" in problem.message


def test_slutdato_before_dato_is_reported_on_slutdato(config: Config) -> None:
    problem = only_problem(config, with_line("slutdato", "2024-04-01"))
    assert problem.field == "slutdato"
    assert problem.line == 6
    assert "2024-04-01" in problem.message
    assert "før" in problem.message
    assert "2024-04-15" in problem.message


# --- participants ------------------------------------------------------------------------


def test_negative_deltagere_is_refused(config: Config) -> None:
    problem = only_problem(config, with_line("deltagere", "-5"))
    assert problem.field == "deltagere"
    assert problem.line == 6
    assert "mindre end 0" in problem.message


@pytest.mark.parametrize("typed", ["mange", "ca. 20", "12.5", "25 personer"])
def test_non_numeric_deltagere_is_refused(config: Config, typed: str) -> None:
    problem = only_problem(config, with_line("deltagere", typed))
    assert problem.field == "deltagere"
    assert "helt tal" in problem.message
    assert problem.hint == "Skriv fx 25."


def test_intern_that_is_neither_yes_nor_no_is_refused(config: Config) -> None:
    problem = only_problem(config, with_line("intern", "måske"))
    assert problem.field == "intern"
    assert "ja eller nej" in problem.message


# --- all problems of a file together -----------------------------------------------------


def test_every_problem_of_one_entry_is_reported_together(config: Config) -> None:
    problems = entry_problems(
        config,
        """\
        titel: Møde
        type: mødde
        dato: 15-04-2024
        deltagere: mange
        farve: rød
        tekst: Hej
    """,
    )
    assert sorted(problem.field or "" for problem in problems) == [
        "dato",
        "deltagere",
        "farve",
        "type",
    ]
    assert sorted(problem.line or 0 for problem in problems) == [2, 3, 4, 5]


# --- finding entry files -----------------------------------------------------------------


def test_entries_in_nested_sub_folders_are_found_in_sorted_order(config: Config) -> None:
    a = write_entry(config.root, "2024/forår/b.yaml", MINIMAL_ENTRY)
    b = write_entry(config.root, "2024/a.yml", MINIMAL_ENTRY)
    c = write_entry(config.root, "top.YAML", MINIMAL_ENTRY)
    d = write_entry(config.root, "2023/dybt/nede/i/mapper/x.yaml", MINIMAL_ENTRY)
    assert list(entry_files(config.root)) == sorted([a, b, c, d])


def test_hidden_files_hidden_folders_and_other_files_are_ignored(config: Config) -> None:
    kept = write_entry(config.root, "2024/synlig.yaml", MINIMAL_ENTRY)
    write_entry(config.root, "2024/.udkast.yaml", "ødelagt: [")
    write_entry(config.root, ".arkiv/gammel.yaml", "ødelagt: [")
    write_entry(config.root, "2024/.git/x.yaml", "ødelagt: [")
    write_entry(config.root, "2024/noter.txt", "Noter")
    write_entry(config.root, "2024/indledning.md", "# Indledning")
    assert list(entry_files(config.root)) == [kept]
    assert [entry.path for entry in load_entries(config)] == [kept]


def test_a_hidden_project_folder_does_not_hide_its_entries(tmp_path: Path) -> None:
    folder = tmp_path / ".skjult" / "projekt"
    (folder / "entries").mkdir(parents=True)
    (folder / CONFIG_FILE).write_text(SMALL_CONFIG, encoding="utf-8")
    config = load_config(folder)
    path = write_entry(config.root, "indslag.yaml", MINIMAL_ENTRY)
    assert list(entry_files(folder)) == [path]


def test_a_project_without_entries_folder_has_no_entries(tmp_path: Path) -> None:
    (tmp_path / CONFIG_FILE).write_text(SMALL_CONFIG, encoding="utf-8")
    config = load_config(tmp_path)
    assert list(entry_files(tmp_path)) == []
    assert load_entries(config) == []


def test_load_entries_loads_every_valid_file(config: Config) -> None:
    write_entry(config.root, "a.yaml", MINIMAL_ENTRY)
    write_entry(config.root, "b/c.yaml", MINIMAL_ENTRY.replace("type: møde", "type: kursus"))
    entries = load_entries(config)
    assert [entry.type for entry in entries] == ["møde", "kursus"]


def test_load_entries_reports_problems_from_several_files_together(config: Config) -> None:
    write_entry(config.root, "god.yaml", MINIMAL_ENTRY)
    bad_type = write_entry(config.root, "2024/a.yaml", with_line("type", "kurus"))
    bad_yaml = write_entry(config.root, "2024/b.yaml", "titel: Møde: status\n")
    empty = write_entry(config.root, "2024/c.yaml", "")
    bad_date = write_entry(config.root, "2025/d.yaml", with_line("dato", "2024-13-01"))
    with pytest.raises(UserError) as info:
        load_entries(config)
    files = {problem.file for problem in info.value.problems}
    assert files == {bad_type, bad_yaml, empty, bad_date}


# --- the example project -----------------------------------------------------------------


def test_the_example_projects_entries_all_load() -> None:
    config = load_config(EXAMPLE_PROJECT)
    entries = load_entries(config)
    assert len(entries) == len(list(entry_files(EXAMPLE_PROJECT))) > 0
    assert [entry.internal for entry in entries].count(True) == 1
    for entry in entries:
        assert entry.type in config.types
        assert set(entry.themes) <= set(config.themes)
        assert entry.section is None or entry.section in config.section_headings
