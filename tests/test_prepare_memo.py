"""`prepare_memo`: the memo up to its door, without writing anything.

It loads the config and the entries, resolves the period (a month, or a span
with --from/--to), selects, composes and runs the door guard, and returns the
config, the period, the selection and the composed memo. `build` writes what it
returns; a period it refuses is refused in the same words as by `build`.
`list` and `stats` share its period resolution through `choose_entries`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.build import build_memo
from trivselreport.commands.prepare import (
    PeriodOptions,
    choose_entries,
    prepare_memo,
)
from trivselreport.errors import Problem, UserError
from trivselreport.memo.period import PeriodChoice
from trivselreport.reading.config import Config, load_config

from .conftest import write_entry

APRIL = PeriodChoice(month="2024-04")
CPR = "150312-1234"


def entry(
    project: Path, name: str, day: str, *, text: str = "Et godt forløb.", extra: str = ""
) -> Path:
    return write_entry(
        project,
        name,
        f"titel: {name.removesuffix('.yaml')}\ntype: kursus\ndato: {day}\ntekst: {text}\n{extra}",
    )


def files_of(project: Path) -> dict[str, bytes]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


def refusal(call: object, *args: object, **kwargs: object) -> list[Problem]:
    assert callable(call)
    with pytest.raises(UserError) as caught:
        call(*args, **kwargs)
    return caught.value.problems


# --- what it returns -------------------------------------------------------------------------


def test_a_month_gives_the_memo_build_writes(example_copy: Path) -> None:
    prepared = prepare_memo(example_copy, APRIL)
    assert prepared.period.key == "2024-04"
    assert prepared.memo.period == prepared.period == prepared.selection.period
    reported = {entry.path for entry in prepared.selection.reported}
    shown = {
        item.origin.path
        for section in prepared.memo.sections
        for item in section.items
        if item.origin is not None
    }
    assert reported <= shown and reported
    built = build_memo(example_copy, APRIL, formats=("html",))
    assert built.memo == prepared.memo


def test_a_from_to_span_selects_the_entries_inside_it(small_project: Path) -> None:
    entry(small_project, "før.yaml", "2024-01-31")
    entry(small_project, "første.yaml", "2024-02-01")
    entry(small_project, "sidste.yaml", "2024-03-15")
    entry(small_project, "planlagt.yaml", "2024-04-02")
    prepared = prepare_memo(
        small_project, PeriodChoice(start=date(2024, 2, 1), end=date(2024, 3, 15))
    )
    assert prepared.period.key == "2024-02-01_2024-03-15"
    assert [e.title for e in prepared.selection.reported] == ["første", "sidste"]
    assert [e.title for e in prepared.selection.upcoming] == ["planlagt"]
    assert prepared.memo.entry_count() == 3  # the planned entry is marked as coming


def test_a_span_without_from_starts_with_the_first_entry(small_project: Path) -> None:
    entry(small_project, "gammel.yaml", "2020-06-01")
    entry(small_project, "ny.yaml", "2024-03-01")
    prepared = prepare_memo(small_project, PeriodChoice(end=date(2024, 3, 31)))
    assert prepared.period.start is None and prepared.period.key == "til-2024-03-31"
    assert [e.title for e in prepared.selection.reported] == ["gammel", "ny"]


def test_internal_entries_only_in_the_internal_edition(small_project: Path) -> None:
    entry(small_project, "offentlig.yaml", "2024-04-02")
    entry(small_project, "hemmelig.yaml", "2024-04-03", extra="intern: ja\n")
    public = prepare_memo(small_project, APRIL)
    internal = prepare_memo(small_project, APRIL, internal=True)
    assert [e.title for e in public.selection.reported] == ["offentlig"]
    assert {e.title for e in internal.selection.reported} == {"offentlig", "hemmelig"}
    assert internal.memo.internal and not public.memo.internal


def test_the_memo_date_is_passed_on(small_project: Path) -> None:
    entry(small_project, "a.yaml", "2024-04-02")
    prepared = prepare_memo(small_project, APRIL, memo_date=date(2024, 5, 6))
    assert prepared.memo.memo_date == date(2024, 5, 6)


def test_the_steps_are_told_in_order(small_project: Path) -> None:
    entry(small_project, "a.yaml", "2024-04-02")
    steps: list[str] = []
    prepare_memo(small_project, APRIL, on_step=steps.append)
    assert steps == ["indlæsning", "sammensætning"]


# --- it writes nothing -----------------------------------------------------------------------


def test_nothing_is_written(example_copy: Path) -> None:
    before = files_of(example_copy)
    prepare_memo(example_copy, APRIL, internal=True)
    prepare_memo(example_copy, PeriodChoice(start=date(2024, 1, 1), end=date(2024, 4, 30)))
    assert not (example_copy / "output").exists()
    assert files_of(example_copy) == before


# --- the door --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [f"Ring til barnets far, CPR {CPR}.", "Skriv til lise.hansen@example.dk.", "Ring 23 45 67 89."],
)
def test_personal_data_in_an_entry_is_refused_at_the_door(small_project: Path, text: str) -> None:
    entry(small_project, "a.yaml", "2024-04-02", text=text)
    problems = refusal(prepare_memo, small_project, APRIL)
    assert problems and all(problem.file is not None for problem in problems)
    assert any(problem.file and problem.file.name == "a.yaml" for problem in problems)
    assert not (small_project / "output").exists()


@pytest.mark.parametrize("text", [f"CPR {CPR}.", "Skriv til lise.hansen@example.dk."])
def test_personal_data_found_only_in_the_composed_memo_is_refused_at_the_door(
    small_project: Path, text: str
) -> None:
    # The introduction is read when the memo is composed, not with the entries.
    entry(small_project, "a.yaml", "2024-04-02")
    (small_project / "indledninger").mkdir()
    intro = small_project / "indledninger" / "2024-04.md"
    intro.write_text(f"Perioden i korte træk. {text}\n", encoding="utf-8")
    problems = refusal(prepare_memo, small_project, APRIL)
    assert [problem.file for problem in problems] == [intro]
    assert problems == refusal(build_memo, small_project, APRIL)
    assert not (small_project / "output").exists()


def test_a_cpr_number_is_refused_in_either_edition(small_project: Path) -> None:
    entry(small_project, "a.yaml", "2024-04-02")
    entry(small_project, "b.yaml", "2024-04-03", text=f"CPR {CPR}.", extra="intern: ja\n")
    for internal in (False, True):
        problems = refusal(prepare_memo, small_project, APRIL, internal=internal)
        assert any(problem.file and problem.file.name == "b.yaml" for problem in problems)


def test_personal_data_in_the_config_is_refused_with_the_entries_errors(
    small_project: Path,
) -> None:
    config = small_project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Testkommune", f"Testkommune {CPR}"),
        encoding="utf-8",
    )
    write_entry(small_project, "brudt.yaml", "titel: Uden dato\ntype: kursus\ntekst: x\n")
    problems = refusal(prepare_memo, small_project, APRIL)
    files = {problem.file.name for problem in problems if problem.file}
    assert files == {"trivselreport.yaml", "brudt.yaml"}
    assert problems == refusal(build_memo, small_project, APRIL)


# --- a bad period: the same errors as build --------------------------------------------------


@pytest.mark.parametrize(
    "choice",
    [
        PeriodChoice(month="april 2024"),
        PeriodChoice(month="2024-13"),
        PeriodChoice(month="2023-04"),  # no entries then
        PeriodChoice(start=date(2024, 5, 1), end=date(2024, 3, 15)),
        PeriodChoice(start=date(2025, 1, 1), end=date(2025, 1, 31)),
    ],
)
def test_a_bad_period_is_refused_as_build_refuses_it(
    small_project: Path, choice: PeriodChoice
) -> None:
    entry(small_project, "a.yaml", "2024-04-02")
    problems = refusal(prepare_memo, small_project, choice)
    assert problems == refusal(build_memo, small_project, choice)
    assert not (small_project / "output").exists()


def test_a_missing_entries_folder_is_named(small_project: Path) -> None:
    (small_project / "entries").rmdir()
    [problem] = refusal(prepare_memo, small_project, APRIL)
    assert problem.file is not None and problem.file.name == "entries"
    assert "findes ikke" in problem.message


# --- the period choice -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"start": date(2024, 1, 1)},
        {"month": "2024-04", "start": date(2024, 1, 1)},
        {"month": "2024-04", "end": date(2024, 4, 30)},
    ],
)
def test_a_choice_is_a_month_or_an_end(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        PeriodChoice(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (PeriodOptions(month="2024-04"), PeriodChoice(month="2024-04")),
        (PeriodOptions(end="2024-03-15"), PeriodChoice(end=date(2024, 3, 15))),
        (
            PeriodOptions(start="2024-02-01", end="2024-03-15"),
            PeriodChoice(start=date(2024, 2, 1), end=date(2024, 3, 15)),
        ),
    ],
)
def test_the_options_give_the_choice(options: PeriodOptions, expected: PeriodChoice) -> None:
    assert options.choice() == expected == options.optional_choice()


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (PeriodOptions(month="2024-04", start="2024-01-01"), "--period"),
        (PeriodOptions(month="2024-04", end="2024-04-30"), "--period"),
        (PeriodOptions(start="2024-01-01"), "--to"),
        (PeriodOptions(start="ikke en dato", end="2024-04-30"), "--from"),
        (PeriodOptions(end="2024-02-30"), "--to"),
    ],
)
def test_options_that_do_not_make_a_period_are_refused(options: PeriodOptions, field: str) -> None:
    [problem] = refusal(options.choice)
    assert problem.field == field
    assert refusal(options.optional_choice) == [problem]


def test_no_period_is_every_entry_for_list_but_an_error_for_build() -> None:
    assert PeriodOptions().optional_choice() is None
    [problem] = refusal(PeriodOptions().choice)
    assert problem.field == "--period" and problem.hint and "--period 2024-04" in problem.hint


# --- list and stats ---------------------------------------------------------------------------


def test_list_and_stats_resolve_the_period_as_build_does(example_copy: Path) -> None:
    prepared = prepare_memo(example_copy, APRIL, internal=True)
    chosen = choose_entries(example_copy, PeriodOptions(month="2024-04"))
    assert {e.path for e in chosen.entries} == {e.path for e in prepared.selection.reported}
    assert isinstance(chosen.config, Config)


def test_stats_loads_the_config_once(example_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Path] = []

    def counting(project: Path) -> Config:
        loads.append(project)
        return load_config(project)

    # Wherever it is looked up: in the core's namespace (list and stats choose their
    # entries in commands.choosing), or imported from reading.
    monkeypatch.setattr("trivselreport.commands.prepare.load_config", counting)
    monkeypatch.setattr("trivselreport.commands.choosing.load_config", counting)
    monkeypatch.setattr("trivselreport.reading.config.load_config", counting)
    result = CliRunner().invoke(
        app, ["stats", "--project", str(example_copy), "--period", "2024-04"]
    )
    assert result.exit_code == 0, result.output
    assert len(loads) == 1
