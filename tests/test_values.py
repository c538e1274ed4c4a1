"""One rule and one Danish message for each kind of value a user types.

Dates, months, yes/no, whole numbers and the names configured in trivselreport.yaml
are read by `reading.values` wherever they come from: an entry or the config file,
an option, an answer to a question of `new`, or a filter of `list`. A value that
breaks its rule raises `ValueProblem` with the message (and a hint); the caller only
adds where the value came from.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import pytest
from typer.testing import CliRunner

from tests.conftest import write_entry
from trivselreport.cli.app import app
from trivselreport.reading.fields.values import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    SECTIONS,
    THEMES,
    TYPES,
    ValueProblem,
    choose_name,
    end_problem,
    parse_date,
    parse_month,
    whole_number,
    yes_no,
)

runner = CliRunner()


def refusal(rule: object, *args: object, **kwargs: object) -> ValueProblem:
    assert callable(rule)
    with pytest.raises(ValueProblem) as caught:
        rule(*args, **kwargs)
    return caught.value


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2024-04-15", date(2024, 4, 15)),
        ("2024-4-5", date(2024, 4, 5)),
        ("  2024-02-29 ", date(2024, 2, 29)),
        (f"{EARLIEST_YEAR}-01-01", date(EARLIEST_YEAR, 1, 1)),
        (f"{LATEST_YEAR}-12-31", date(LATEST_YEAR, 12, 31)),
    ],
)
def test_an_iso_date_is_read_everywhere(typed: str, meant: date) -> None:
    assert parse_date(typed) == meant
    assert parse_date(typed, day_first=True) == meant


@pytest.mark.parametrize("typed", ["15-04-2024", "15.4.2024", "15/4/2024", "15.04.2024"])
def test_a_day_first_date_is_read_where_people_type_dates(typed: str) -> None:
    assert parse_date(typed, day_first=True) == date(2024, 4, 15)


@pytest.mark.parametrize("typed", ["15-04-2024", "15.4.2024", "15/4/2024"])
def test_a_day_first_date_in_a_file_is_answered_with_its_iso_form(typed: str) -> None:
    problem = refusal(parse_date, typed)
    assert problem.message == f"Skriv datoen som ÅÅÅÅ-MM-DD: »2024-04-15« i stedet for »{typed}«."


@pytest.mark.parametrize(
    ("typed", "shift"),
    [
        *[("i dag", 0), ("I DAG", 0), ("idag", 0), ("i går", -1), ("igår", -1), (" I Går ", -1)],
        *[("i morgen", 1), ("imorgen", 1), ("I  morgen", 1), ("i gaar", -1)],
    ],
)
def test_today_yesterday_and_tomorrow_in_words_where_people_type_dates(
    typed: str, shift: int
) -> None:
    today = date(2024, 3, 1)
    assert parse_date(typed, day_first=True, today=today) == today + timedelta(days=shift)
    assert parse_date(typed, today=today) == today + timedelta(days=shift)


@pytest.mark.parametrize("typed", ["i dag", "i går", "i morgen"])
def test_days_in_words_are_not_dates_in_a_file(typed: str) -> None:
    # A file is read without `today`: "i dag" would move each time the memo is built.
    problem = refusal(parse_date, typed)
    assert (
        problem.message == f"»{typed}« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-04-15."
    )
    assert problem.hint is None


def test_a_refused_typed_date_mentions_the_days_in_words() -> None:
    problem = refusal(parse_date, "i forgårs", day_first=True, today=date(2024, 3, 1))
    assert (
        problem.message
        == "»i forgårs« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-04-15."
    )
    assert problem.hint == "Du kan også skrive »i dag«, »i går« eller »i morgen«."


@pytest.mark.parametrize("typed", ["i går", "15/04/24", "2024", "april", "2024-04-15T10:00"])
def test_what_is_not_a_date_gets_one_message(typed: str) -> None:
    for day_first in (False, True):
        problem = refusal(parse_date, typed, day_first=day_first)
        assert problem.message == (
            f"»{typed}« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-04-15."
        )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2024-13-01", "Datoen »2024-13-01« findes ikke i kalenderen: måned 13 findes ikke"),
        ("2023-02-29", "Datoen »2023-02-29« findes ikke i kalenderen. Ret dag eller måned."),
        ("2204-04-15", "Året 2204 i »2204-04-15« er ikke rimeligt"),
        ("1899-12-31", "Året 1899 i »1899-12-31« er ikke rimeligt"),
    ],
)
def test_a_date_outside_the_calendar_or_the_plausible_years_is_refused(
    typed: str, message: str
) -> None:
    assert refusal(parse_date, typed).message.startswith(message)


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2024, 4, 15), date(2024, 4, 15)), (date(2024, 4, 15), date(2025, 1, 1))],
)
def test_an_end_on_or_after_the_start_is_allowed(start: date, end: date) -> None:
    assert end_problem(start, end) is None


def test_an_end_before_the_start_gets_one_message_naming_both() -> None:
    problem = end_problem(date(2024, 4, 15), date(2024, 4, 14))
    assert problem is not None
    assert problem.message == "Slutdatoen 2024-04-14 ligger før datoen 2024-04-15."
    assert problem.hint == "Ret slutdatoen, eller byt om på de to datoer."


# --- months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "month"), [("2024-04", (2024, 4)), ("2024-4", (2024, 4)), (" 2024-12 ", (2024, 12))]
)
def test_a_month_is_written_year_first(typed: str, month: tuple[int, int]) -> None:
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["2024-13", "2024-00", "04-2024", "april 2024", "2024"])
def test_what_is_not_a_month_gets_one_message(typed: str) -> None:
    assert refusal(parse_month, typed).message == (
        f"»{typed}« er ikke en måned. Skriv perioden som ÅÅÅÅ-MM, fx 2024-04."
    )


def test_a_month_in_an_implausible_year_is_refused() -> None:
    assert refusal(parse_month, "2204-04").message.startswith("Året 2204 i »2204-04«")


# --- yes/no --------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["ja", "Ja", "JA", "j", "yes", "y", "true", "sand", "on"])
def test_yes_in_its_forms(typed: str) -> None:
    assert yes_no(typed) is True


@pytest.mark.parametrize("typed", ["nej", "Nej", "n", "no", "false", "falsk", "off"])
def test_no_in_its_forms(typed: str) -> None:
    assert yes_no(typed) is False


@pytest.mark.parametrize("typed", ["måske", "1", "jo", "ja tak"])
def test_anything_else_is_neither_yes_nor_no(typed: str) -> None:
    named = refusal(yes_no, typed, "intern")
    assert named.message == f"»intern« skal være ja eller nej, men er »{typed}«."
    assert named.hint == "Skriv ja eller nej."
    assert refusal(yes_no, typed).message == f"Svaret skal være ja eller nej, men er »{typed}«."


# --- whole numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        *[("0", 0), ("25", 25), ("+25", 25), ("1.250", 1250), ("1 250", 1250)],
        *[("12.345.678", 12345678), ("1.000", 1000), ("1\u00a0000", 1000), ("1\u202f000", 1000)],
    ],
)
def test_a_whole_number_may_have_danish_thousands_separators(typed: str, number: int) -> None:
    assert whole_number(typed, "deltagere") == number


@pytest.mark.parametrize("typed", ["mange", "12,5", "1.5", "1.25", "²", "10**12", "25 stk"])
def test_what_is_not_a_whole_number_gets_one_message(typed: str) -> None:
    problem = refusal(whole_number, typed, "deltagere")
    assert problem.message == f"»deltagere« skal være et helt tal, men er »{typed}«."


def test_a_number_below_the_minimum_is_refused() -> None:
    problem = refusal(whole_number, "-3", "deltagere")
    assert problem.message == "»deltagere« må ikke være mindre end 0, men er -3."


def test_a_number_above_the_maximum_is_refused() -> None:
    problem = refusal(whole_number, "13", "kommende_måneder", maximum=12)
    assert problem.message == "»kommende_måneder« må højst være 12, men er 13."
    huge = refusal(whole_number, "9" * 40, "kommende_måneder", maximum=12)
    assert huge.message == "»kommende_måneder« må højst være 12, men er et tal med 40 cifre."


def test_an_absurdly_long_number_is_refused_without_being_converted() -> None:
    assert refusal(whole_number, "9" * 5000, "deltagere").message == (
        "»deltagere« er et urimeligt stort tal (5000 cifre)."
    )


def test_a_caller_may_give_its_own_hint() -> None:
    assert refusal(whole_number, "x", "deltagere", hint="Lad feltet stå tomt.").hint == (
        "Lad feltet stå tomt."
    )


# --- configured names ----------------------------------------------------------------------

NAMES = ("program", "arrangement", "kursus", "møde")


def test_a_configured_name_is_chosen_exactly() -> None:
    assert choose_name("kursus", NAMES, TYPES) == "kursus"


@pytest.mark.parametrize("typed", ["Kursus", " KURSUS ", "kursus ", "kUrSuS", "kursus\u00a0"])
def test_a_name_in_another_case_or_with_spaces_is_the_configured_name(typed: str) -> None:
    assert choose_name(typed, NAMES, TYPES) == "kursus"


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_name_composed_or_decomposed_is_the_configured_name(
    form: Literal["NFC", "NFD"],
) -> None:
    import unicodedata

    themes = (
        unicodedata.normalize("NFD", "Hvordan forstår vi sundhed?"),
        "Tilhør",
        "Læringsrum 2.0",
    )
    typed = unicodedata.normalize(form, "hvordan FORSTÅR vi sundhed?")
    assert choose_name(typed, themes, THEMES) == themes[0]
    assert choose_name(unicodedata.normalize("NFD", " læringsrum 2.0"), themes, THEMES) == (
        "Læringsrum 2.0"
    )
    assert choose_name("TILHØR", themes, THEMES) == "Tilhør"


@pytest.mark.parametrize("typed", ["kurser?", "kurs us", "kursus."])
def test_only_a_configured_name_is_chosen(typed: str) -> None:
    assert refusal(choose_name, typed, NAMES, TYPES).message == f"»{typed}« er ikke en af typerne."


def test_names_the_config_spells_alike_are_not_guessed_between() -> None:
    problem = refusal(choose_name, "KURSUS", ("Kursus", "kursus"), TYPES)
    assert problem.message == "»KURSUS« kan være flere af navnene: »Kursus«, »kursus«."
    assert choose_name("Kursus", ("Kursus", "kursus"), TYPES) == "Kursus"


def test_an_unknown_name_suggests_the_one_meant_or_lists_them_all() -> None:
    assert refusal(choose_name, "kurus", NAMES, TYPES).hint == "Mente du »kursus«?"
    assert refusal(choose_name, "ekskursion til månen", NAMES, TYPES).hint == (
        "Typerne er: program, arrangement, kursus, møde."
    )


def test_themes_and_sections_are_listed_with_semicolons() -> None:
    themes = ("Tilhør", "Tempo, pauser")
    problem = refusal(choose_name, "Fritid", themes, THEMES)
    assert problem.message == "»Fritid« er ikke et af temaerne."
    assert problem.hint == "Temaerne er: Tilhør; Tempo, pauser."
    section = refusal(choose_name, "Udflugter", ("Programmet", "Møder"), SECTIONS)
    assert section.message == "»Udflugter« er ikke en af sektionernes overskrifter."
    assert section.hint == "Sektionerne er: Programmet; Møder."


def test_a_name_where_the_config_has_none_says_where_to_add_it() -> None:
    problem = refusal(choose_name, "Fritid", (), THEMES)
    assert problem.message == (
        "»Fritid« er ikke et af temaerne: trivselreport.yaml har ingen under »temaer«."
    )
    assert problem.hint is not None and "Tilføj navnet under »temaer«" in problem.hint


# --- the same message wherever the value is typed ----------------------------------------

UNKNOWN_TYPE = "»foredrag« er ikke en af typerne."
NEW_OPTIONS = ("--titel", "X", "--dato", "2024-04-15", "--tekst", "Tekst.")
# With these too, `new` asks only for the type and the number of participants.
ALL_BUT_PARTICIPANTS = (
    *NEW_OPTIONS,
    "--slutdato",
    "2024-04-15",
    "--tema",
    "Tilhør",
    "--ansvarlig",
    "Skoleafdelingen",
    "--intern",
)


def run(*args: str, answers: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=answers)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def messages(output: str) -> set[str]:
    """The messages of an output, without where they came from and without "✗ "."""
    found = set()
    for line in output.splitlines():
        line = re.sub(r"^\s*✗\s*", "", line)
        found.add(line.split(": ", 1)[1] if line.startswith("Fejl") else line)
    return found


def test_an_unknown_type_gets_the_same_message_in_files_options_prompts_and_filters(
    small_project: Path,
) -> None:
    project = str(small_project)
    write_entry(
        small_project,
        "2024/a.yaml",
        "titel: X\ntype: foredrag\ndato: 2024-04-15\ntekst: Tekst.\n",
    )
    in_file = run("check", "--project", project)
    assert "Fejl i entries/2024/a.yaml, linje 2, felt »type«: " + UNKNOWN_TYPE in in_file
    as_filter = run("list", "--project", project, "--type", "foredrag")
    assert "tilvalget »--type«: " + UNKNOWN_TYPE in as_filter
    (small_project / "entries" / "2024" / "a.yaml").unlink()
    as_option = run("new", "--project", project, "--no-input", "--type", "foredrag", *NEW_OPTIONS)
    assert "tilvalget »--type«: " + UNKNOWN_TYPE in as_option
    as_answer = run(
        "new", "--project", project, *ALL_BUT_PARTICIPANTS, answers="foredrag\nkursus\n\n"
    )
    assert "✗ " + UNKNOWN_TYPE in as_answer
    assert all(UNKNOWN_TYPE in messages(output) for output in (in_file, as_filter, as_option))


@pytest.mark.parametrize(("typed", "saved"), [("1.250", 1250), ("40", 40)])
def test_participants_follow_the_files_rule_as_option_and_as_answer(
    small_project: Path, typed: str, saved: int
) -> None:
    project = str(small_project)
    run(
        "new",
        "--project",
        project,
        "--no-input",
        "--type",
        "kursus",
        "--deltagere",
        typed,
        *NEW_OPTIONS,
    )
    run("new", "--project", project, "--type", "møde", *ALL_BUT_PARTICIPANTS, answers=f"{typed}\n")
    saved_texts = sorted(
        path.read_text(encoding="utf-8") for path in (small_project / "entries").rglob("*.yaml")
    )
    assert len(saved_texts) == 2
    assert all(f"deltagere: {saved}\n" in text for text in saved_texts)


def test_negative_participants_get_the_files_message_as_option_and_as_answer(
    small_project: Path,
) -> None:
    project = str(small_project)
    message = "»deltagere« må ikke være mindre end 0, men er -3."
    as_option = run(
        "new",
        "--project",
        project,
        "--no-input",
        "--type",
        "kursus",
        "--deltagere",
        "-3",
        *NEW_OPTIONS,
    )
    assert "tilvalget »--deltagere«: " + message in as_option
    as_answer = run(
        "new", "--project", project, "--type", "kursus", *ALL_BUT_PARTICIPANTS, answers="-3\n3\n"
    )
    assert "✗ " + message in as_answer
