"""The preview server's small parts: which changes count, which names are sync-conflict
copies, how the chooser's query is read, and problems in check's words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from trivselreport.errors import Problem
from trivselreport.web.choice import PreviewChoice, choice_from_query, default_choice
from trivselreport.web.conflicts import conflict_original, conflict_warnings
from trivselreport.web.problems import count_phrase, shown_problems
from trivselreport.web.watching import OwnWrites, counts, differences, snapshot

ROOT = Path("/projekt")
TODAY = date(2024, 6, 12)


@pytest.mark.parametrize(
    "name",
    [
        "entries/2024/2024-04-05-kursus.yaml",
        "entries/kursus.yml",
        "indledninger/2024-04.md",
        "trivselreport.yaml",
        "templates/memo.html.j2",
        "templates/lokal.css",
        "entries/2024/billeder/foto.jpg",
    ],
)
def test_a_change_to_what_the_memo_is_made_from_counts(name: str) -> None:
    assert counts(ROOT, ROOT / name)


@pytest.mark.parametrize(
    "name",
    [
        "output/2024-04/notat.pdf",
        "output",
        ".git/index",
        ".venv/lib/x.py",
        "entries/.skjult.yaml",
        "entries/.mappe/a.yaml",
        "entries/a.yaml.swp",
        "entries/.a.yaml.swx",
        "entries/a.yaml~",
        "entries/.#a.yaml",
        "entries/#a.yaml#",
        "entries/4913",
        "entries/a.tmp",
        "entries/a.yaml.bak",
        "entries/a.yaml.kate-swp",
        "templates/~$memo.docx",
        "entries/__pycache__/x.pyc",
        "/andet/sted/a.yaml",
    ],
)
def test_output_hidden_and_editor_files_do_not_count(name: str) -> None:
    assert not counts(ROOT, ROOT / name)


def test_the_poll_snapshot_sees_a_second_save_in_the_same_second(tmp_path: Path) -> None:
    entry = tmp_path / "entries" / "a.yaml"
    entry.parent.mkdir()
    entry.write_text("titel: A\n", encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "x.pdf").write_bytes(b"%PDF")
    before = snapshot(tmp_path)
    assert set(before) == {entry}
    entry.write_text("titel: B\n", encoding="utf-8")
    assert differences(before, snapshot(tmp_path)) == {entry}
    entry.unlink()
    assert differences(before, snapshot(tmp_path)) == {entry}


def test_own_writes_are_known_until_the_file_changes_again(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("1", encoding="utf-8")
    own = OwnWrites()
    told: list[int] = []
    own.listener = lambda: told.append(1)
    assert not own.is_own(path)
    own.note(path)
    assert own.is_own(path) and told == [1]
    path.write_text("22", encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # surely another time
    assert not own.is_own(path)


@pytest.mark.parametrize(
    ("name", "original"),
    [
        ("indslag (1).yaml", "indslag.yaml"),
        ("2024-04-05-kursus (2).yaml", "2024-04-05-kursus.yaml"),
        ("2024-04.md", None),
        ("indslag-PC-NAVN.yaml", "indslag.yaml"),
        ("2024-04-05-kursus-DESKTOP-7K2L.yaml", "2024-04-05-kursus.yaml"),
        ("indslag (Annas modstridende kopi).yaml", None),
        ("indslag (Anna's conflicted copy 2024-04-05).yaml", ""),
        ("indslag.sync-conflict-20240405-101010-ABCDEFG.yaml", ""),
        ("2024-04-05-kursus.yaml", None),
        ("2024-04-05-kursus-i-trivsel.yaml", None),  # lower case: part of the name
        ("kursus-2024.yaml", None),  # no kursus.yaml beside it
        ("indslag-PC-NAVN.txt", None),
    ],
)
def test_sync_conflict_copies_are_recognised_by_their_names(
    tmp_path: Path, name: str, original: str | None
) -> None:
    for existing in ("indslag.yaml", "2024-04-05-kursus.yaml", "kursus.yaml"):
        (tmp_path / existing).write_text("", encoding="utf-8")
    assert conflict_original(tmp_path / name) == original


def test_conflict_warnings_name_each_copy_as_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "entries" / "2024"
    folder.mkdir(parents=True)
    for name in ("a.yaml", "a (1).yaml", "a-LAPTOP.yaml", "b.yaml"):
        (folder / name).write_text("", encoding="utf-8")
    (tmp_path / "indledninger").mkdir()
    (tmp_path / "indledninger" / "2024-04 (1).md").write_text("", encoding="utf-8")
    warnings = conflict_warnings(tmp_path, ("entries", "indledninger"))
    assert sorted(p.file.name for p in warnings if p.file) == [
        "2024-04 (1).md",
        "a (1).yaml",
        "a-LAPTOP.yaml",
    ]
    assert {p.level for p in warnings} == {"warning"}


# --- the chooser -----------------------------------------------------------------------


def test_without_a_choice_the_most_recent_configured_memo_is_shown() -> None:
    assert default_choice(["2024-04", "2023-12"], TODAY) == PreviewChoice(month="2024-04")
    assert default_choice([], TODAY) == PreviewChoice(month="2024-06")
    choice, problems = choice_from_query({}, ["2024-04", "2023-12"], TODAY)
    assert choice == PreviewChoice(month="2024-04") and problems == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"notat": "2023-12"}, PreviewChoice(month="2023-12")),
        ({"notat": "2022-3"}, PreviewChoice(month="2022-03")),
        ({"notat": "maaned"}, PreviewChoice(month="2024-06")),
        ({"notat": "maaned", "intern": "ja"}, PreviewChoice(month="2024-06", internal=True)),
        (
            {"notat": "periode", "fra": "01-03-2024", "til": "2024-04-15"},
            PreviewChoice(start=date(2024, 3, 1), end=date(2024, 4, 15)),
        ),
        (
            {"notat": "periode", "fra": "", "til": "15.4.2024"},
            PreviewChoice(end=date(2024, 4, 15)),
        ),
        ({"intern": "on"}, PreviewChoice(month="2024-04", internal=True)),
    ],
)
def test_the_chooser_reads_months_spans_and_the_edition(
    query: dict[str, str], expected: PreviewChoice
) -> None:
    choice, problems = choice_from_query(query, ["2024-04"], TODAY)
    assert problems == [] and choice == expected
    # the query it makes asks for the same choice again
    again = dict(pair.split("=") for pair in choice.query().split("&"))
    assert choice_from_query(again, ["2024-04"], TODAY)[0] == choice


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"notat": "april"}, "notat"),
        ({"notat": "2024-13"}, "notat"),
        ({"notat": "periode"}, "til"),
        ({"notat": "periode", "til": "2024-02-30"}, "til"),
        ({"notat": "periode", "fra": "i går", "til": "2024-04-30"}, "fra"),
        ({"notat": "periode", "fra": "2024-05-01", "til": "2024-04-30"}, "fra"),
    ],
)
def test_a_choice_that_cannot_be_read_is_a_problem_and_the_default(
    query: dict[str, str], field: str
) -> None:
    choice, problems = choice_from_query({**query, "intern": "ja"}, ["2024-04"], TODAY)
    assert choice == PreviewChoice(month="2024-04", internal=True)
    assert [problem.field for problem in problems] == [field]


# --- problems in check's words -----------------------------------------------------------


def test_problems_are_shown_in_checks_words_and_order_with_personal_data_masked(
    tmp_path: Path,
) -> None:
    problems = [
        Problem(tmp_path / "entries" / "b.yaml", "Ukendt type »kursis«.", line=2, field="type"),
        Problem(
            tmp_path / "entries" / "a.yaml",
            "Teksten nævner 150312-1234.",
            line=5,
            hint="Fjern nummeret.",
        ),
        Problem(None, "Ingen indslag.", level="warning"),
    ]
    shown = shown_problems(problems, tmp_path)
    assert [problem.line for problem in shown] == [
        "Advarsel: Ingen indslag.",
        "Fejl i entries/a.yaml, linje 5: Teksten nævner 150312-****.",
        "Fejl i entries/b.yaml, linje 2, felt »type«: Ukendt type »kursis«.",
    ]
    assert shown[1].hint == "Fjern nummeret."
    assert count_phrase(shown) == "2 fejl og 1 advarsel fundet."
