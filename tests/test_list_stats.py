"""`trivselreport list` and `stats`: which entries there are, and how many.

`list` prints a table (date, type, title, themes, internal, file) that can be
narrowed by period, type, theme and internal/public. `stats` counts entries and
participants per theme, type and month, as a table or as semicolon-separated
CSV for Danish Excel; internal entries count only with --intern.

The example project's memo for 2024-04 covers 2024-01-01 to 2024-04-30: the
day after the previous memo (2023-12) up to the end of April. Entries that run
into that span (an ongoing network from 2023) count too.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.memo.stats import csv_number
from trivselreport.reading.config import load_config
from trivselreport.reading.entries import Entry, load_entries

from .conftest import write_entry

runner = CliRunner()

APRIL_2024_FROM = date(2024, 1, 1)
APRIL_2024_TO = date(2024, 4, 30)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


def list_entries(project: Path, *options: str) -> str:
    code, output = run("list", "--project", str(project), *options)
    assert code == 0, output
    return output


def all_entries(project: Path) -> list[Entry]:
    return load_entries(load_config(project))


def in_april_2024_memo(entry: Entry) -> bool:
    return entry.start <= APRIL_2024_TO and entry.last_day >= APRIL_2024_FROM


def file_of(entry: Entry, project: Path) -> str:
    return entry.path.relative_to(project).as_posix()


def listed_files(output: str, project: Path) -> set[str]:
    """The entry files of the project that the table shows."""
    return {
        file_of(entry, project)
        for entry in all_entries(project)
        if file_of(entry, project) in output
    }


def files(entries: list[Entry], project: Path) -> set[str]:
    return {file_of(entry, project) for entry in entries}


# --- list --------------------------------------------------------------------------------


def test_list_shows_date_type_title_and_file_of_each_entry(example_copy: Path) -> None:
    output = list_entries(example_copy, "--period", "2024-04")
    assert re.search(r"^Dato\s+Type\s+Titel\s+Temaer\s+Intern\s+Fil", output, re.M)
    assert re.search(
        r"^2024-03-06\s+kursus\s+Sorggruppekursus\s.*"
        r"entries/2024/2024-03-06-sorggruppekursus\.yaml",
        output,
        re.M,
    )
    assert re.search(
        r"^2024-04-08\s+orientering\s+Styregruppens drøftelse af ressourcer\s.*"
        r"\bja\s+entries/2024/2024-04-08-",
        output,
        re.M,
    )


def test_list_is_in_date_order_and_ends_with_a_count(example_copy: Path) -> None:
    output = list_entries(example_copy)
    dates = re.findall(r"^(\d{4}-\d{2}-\d{2})\s", output, re.M)
    assert dates == sorted(dates)
    assert len(dates) == len(all_entries(example_copy))
    assert output.rstrip().endswith(f"\n{len(dates)} indslag.")


def test_list_period_shows_what_the_memo_covers_including_ongoing_entries(
    example_copy: Path,
) -> None:
    output = list_entries(example_copy, "--period", "2024-04")
    expected = [entry for entry in all_entries(example_copy) if in_april_2024_memo(entry)]
    assert listed_files(output, example_copy) == files(expected, example_copy)
    assert "entries/2023/2023-08-24-netvaerket-sundhed-trivsel.yaml" in output  # ongoing
    assert "2024-06-04" not in output  # planned, after the period
    assert f"\n{len(expected)} indslag." in output


@pytest.mark.parametrize("types", [["kursus"], ["kursus", "workshop"]])
def test_list_type_shows_only_entries_of_those_types(example_copy: Path, types: list[str]) -> None:
    options = [part for name in types for part in ("--type", name)]
    output = list_entries(example_copy, *options)
    expected = [entry for entry in all_entries(example_copy) if entry.type in types]
    assert expected
    assert listed_files(output, example_copy) == files(expected, example_copy)


def test_list_theme_shows_only_entries_with_that_theme(example_copy: Path) -> None:
    output = list_entries(example_copy, "--tema", "Tempo og pauser")
    expected = [entry for entry in all_entries(example_copy) if "Tempo og pauser" in entry.themes]
    assert expected
    assert listed_files(output, example_copy) == files(expected, example_copy)


def test_list_internal_and_public_split_the_entries_between_them(example_copy: Path) -> None:
    internal = listed_files(list_entries(example_copy, "--kun-intern"), example_copy)
    public = listed_files(list_entries(example_copy, "--ikke-intern"), example_copy)
    entries = all_entries(example_copy)
    assert internal == files([entry for entry in entries if entry.internal], example_copy)
    assert internal and public
    assert internal | public == files(entries, example_copy)
    assert not internal & public


def test_list_filters_combine(example_copy: Path) -> None:
    output = list_entries(
        example_copy, "--period", "2024-04", "--type", "orientering", "--ikke-intern"
    )
    expected = [
        entry
        for entry in all_entries(example_copy)
        if in_april_2024_memo(entry) and entry.type == "orientering" and not entry.internal
    ]
    assert listed_files(output, example_copy) == files(expected, example_copy)
    assert "Styregruppens drøftelse" not in output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--type", "møde", "tilvalget »--type«: »møde« er ikke en af typerne."),
        ("--tema", "Trivsel", "tilvalget »--tema«: »Trivsel« er ikke et af temaerne."),
        ("--period", "2024-13", "»2024-13« er ikke en måned."),
    ],
)
def test_list_refuses_an_unknown_filter(
    example_copy: Path, option: str, value: str, message: str
) -> None:
    code, output = run("list", "--project", str(example_copy), option, value)
    assert code == 1
    assert message in output


def test_list_of_a_project_without_entries_says_so(small_project: Path) -> None:
    assert list_entries(small_project).rstrip().endswith("0 indslag.")


# --- stats -------------------------------------------------------------------------------

Rows = dict[tuple[str, str], tuple[int, int | None]]


def stats_csv_bytes(project: Path, *options: str) -> bytes:
    result = runner.invoke(app, ["stats", "--project", str(project), "--format", "csv", *options])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def stats_csv(project: Path, *options: str) -> list[list[str]]:
    """The CSV as Excel reads it: UTF-8 with its byte order mark, semicolons, CRLF."""
    data = stats_csv_bytes(project, *options)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def stats_rows(project: Path, *options: str) -> Rows:
    """(opdeling, værdi) → (indslag, deltagere), from the CSV; None: no count was given."""
    header, *rows = stats_csv(project, *options)
    assert header == ["opdeling", "værdi", "indslag", "deltagere", "indslag med deltagertal"]
    return {
        (grouping, value): (int(count), int(participants) if participants else None)
        for grouping, value, count, participants, _ in rows
    }


def stated_counts(project: Path, *options: str) -> dict[tuple[str, str], int]:
    """(opdeling, værdi) → how many of the row's entries gave a number of participants."""
    _, *rows = stats_csv(project, *options)
    return {(grouping, value): int(stated) for grouping, value, _, _, stated in rows}


def counts(rows: Rows, grouping: str) -> dict[str, int]:
    return {
        value: count for (group, value), (count, _) in rows.items() if group == grouping and count
    }


def test_stats_csv_is_semicolon_separated_with_a_final_total_row(example_copy: Path) -> None:
    table = stats_csv(example_copy, "--period", "2024-04")
    assert table[0] == ["opdeling", "værdi", "indslag", "deltagere", "indslag med deltagertal"]
    assert all(len(row) == 5 for row in table)
    public = [
        entry
        for entry in all_entries(example_copy)
        if in_april_2024_memo(entry) and not entry.internal
    ]
    # The example gives no participant numbers: unknown is an empty cell, not 0.
    assert table[-1] == ["i alt", "", str(len(public)), "", "0"]


def test_stats_csv_is_utf8_with_a_byte_order_mark_and_crlf_for_danish_excel(
    example_copy: Path,
) -> None:
    data = stats_csv_bytes(example_copy, "--period", "2024-04")
    # Without the BOM a Danish Excel reads the file as Windows-1252: "FravÃ¦r".
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\ufeff" not in text  # one mark, at the start only
    assert text.startswith("opdeling;værdi;")
    lines = text.split("\r\n")
    assert lines[-1] == "" and all("\n" not in line and "\r" not in line for line in lines)
    assert "tema;Tilhør;" in text and "måned;2024-04;" in text


def test_csv_numbers_have_no_thousands_separator_and_a_decimal_comma() -> None:
    assert [csv_number(value) for value in (None, 0, 1250, 12.0, 2.5, 0.25)] == [
        "",
        "0",
        "1250",
        "12",
        "2,5",
        "0,25",
    ]


def test_stats_count_per_theme_type_and_month(example_copy: Path) -> None:
    rows = stats_rows(example_copy, "--period", "2024-04")
    public = [
        entry
        for entry in all_entries(example_copy)
        if in_april_2024_memo(entry) and not entry.internal
    ]
    assert counts(rows, "type") == Counter(entry.type for entry in public)
    assert counts(rows, "tema") == Counter(
        theme for entry in public for theme in entry.themes or ("(intet tema)",)
    )
    assert counts(rows, "måned") == Counter(
        f"{entry.start.year}-{entry.start.month:02d}" for entry in public
    )


def test_stats_list_every_theme_and_type_of_the_config_even_when_zero(
    example_copy: Path,
) -> None:
    rows = stats_rows(example_copy, "--period", "2024-04")
    config = load_config(example_copy)
    assert [value for grouping, value in rows if grouping == "type"] == list(config.types)
    themes = [value for grouping, value in rows if grouping == "tema"]
    assert themes[: len(config.themes)] == list(config.themes)


def test_stats_table_shows_the_same_groupings(example_copy: Path) -> None:
    code, output = run("stats", "--project", str(example_copy), "--period", "2024-04")
    assert code == 0, output
    assert re.search(r"^Opdeling\s+Værdi\s+Indslag\s+Deltagere", output, re.M)
    public = sum(
        not entry.internal and in_april_2024_memo(entry) for entry in all_entries(example_copy)
    )
    assert re.search(rf"^i alt\s+{public}\s+–\s*$", output, re.M)
    for grouping in ("tema", "type", "måned"):
        assert re.search(rf"^{grouping}\s", output, re.M)


@pytest.fixture
def counted_project(small_project: Path) -> Path:
    """Three public entries (10, 15 and no participants) and one internal (100)."""
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: A
        type: kursus
        dato: 2024-04-02
        temaer: [Tilhør]
        deltagere: 10
        tekst: A.
        """,
    )
    write_entry(
        small_project,
        "b.yaml",
        """\
        titel: B
        type: arrangement
        dato: 2024-04-20
        temaer: [Tilhør, Tempo og pauser]
        deltagere: 15
        tekst: B.
        """,
    )
    write_entry(
        small_project,
        "c.yaml",
        """\
        titel: C
        type: kursus
        dato: 2024-03-05
        tekst: C.
        """,
    )
    write_entry(
        small_project,
        "d.yaml",
        """\
        titel: D
        type: kursus
        dato: 2024-04-03
        temaer: [Tempo og pauser]
        deltagere: 100
        intern: ja
        tekst: D.
        """,
    )
    return small_project


def test_stats_sum_participants_per_grouping(counted_project: Path) -> None:
    assert stats_rows(counted_project) == {
        ("tema", "Tilhør"): (2, 25),
        ("tema", "Tempo og pauser"): (1, 15),
        ("tema", "Hvordan forstår vi sundhed i et trivselsperspektiv?"): (0, None),
        ("tema", "(intet tema)"): (1, None),
        ("type", "program"): (0, None),
        ("type", "arrangement"): (1, 15),
        ("type", "kursus"): (2, 10),
        ("type", "møde"): (0, None),
        ("måned", "2024-03"): (1, None),
        ("måned", "2024-04"): (2, 25),
        ("i alt", ""): (3, 25),
    }


def test_stats_csv_says_how_many_entries_the_participants_cover(counted_project: Path) -> None:
    stated = stated_counts(counted_project)
    assert stated[("i alt", "")] == 2  # of 3: C gave no number
    assert stated[("type", "kursus")] == 1  # of 2
    assert stated[("tema", "Tilhør")] == 2  # of 2: the sum is whole
    assert stated[("måned", "2024-03")] == 0
    assert stated[("type", "program")] == 0


def test_stats_table_says_when_a_sum_covers_only_some_entries(counted_project: Path) -> None:
    code, output = run("stats", "--project", str(counted_project))
    assert code == 0, output
    assert re.search(
        r"^Opdeling\s+Værdi\s+Indslag\s+Deltagere\s+Deltagertal oplyst for$", output, re.M
    )
    assert re.search(r"^\s+kursus\s+2\s+10\s+1 af 2 indslag$", output, re.M), output
    assert re.search(r"^tema\s+Tilhør\s+2\s+25$", output, re.M), output  # all gave one
    assert re.search(r"^i alt\s+3\s+25\s+2 af 3 indslag$", output, re.M), output
    assert output.rstrip().endswith("3 indslag, 25 deltagere, oplyst for 2 af 3 indslag.")


def test_stats_total_of_entries_that_all_give_a_number_is_not_marked(
    counted_project: Path,
) -> None:
    code, output = run(
        "stats", "--project", str(counted_project), "--from", "2024-04-01", "--to", "2024-04-30"
    )
    assert code == 0, output
    assert " af " not in output.replace("Deltagertal oplyst for", "")
    assert output.rstrip().endswith("2 indslag, 25 deltagere.")


def test_stats_total_without_any_number_says_not_stated(example_copy: Path) -> None:
    code, output = run("stats", "--project", str(example_copy), "--period", "2024-04")
    assert code == 0, output
    assert output.rstrip().endswith("indslag, deltagere ikke oplyst.")


def test_stats_intern_counts_internal_entries_too(counted_project: Path) -> None:
    rows = stats_rows(counted_project, "--intern")
    assert rows[("i alt", "")] == (4, 125)
    assert rows[("type", "kursus")] == (3, 110)
    assert rows[("tema", "Tempo og pauser")] == (2, 115)


def test_stats_period_limits_the_counts(counted_project: Path) -> None:
    rows = stats_rows(counted_project, "--from", "2024-04-01", "--to", "2024-04-30")
    assert rows[("i alt", "")] == (2, 25)
    assert ("måned", "2024-03") not in rows


def test_stats_refuses_an_unknown_format(example_copy: Path) -> None:
    code, output = run("stats", "--project", str(example_copy), "--format", "xlsx")
    assert code == 1
    assert "Ukendt format »xlsx«." in output
    assert "tabel, csv" in output
