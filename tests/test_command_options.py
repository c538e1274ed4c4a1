"""What the commands check of their options before they start (commands/options.py),
and the counts of `stats` (commands/counting.py), without the command line around them."""

from __future__ import annotations

from pathlib import Path

import pytest

from trivselreport.commands.counting import count_entries
from trivselreport.commands.options import build_warnings, check_format, project_folder
from trivselreport.commands.prepare import PeriodOptions
from trivselreport.errors import UserError

from .conftest import write_entry


def test_the_project_is_found_from_a_folder_inside_it(small_project: Path) -> None:
    inside = small_project / "entries" / "2024"
    inside.mkdir()
    assert project_folder(inside) == small_project.resolve()


def test_without_project_the_current_folder_is_where_the_search_starts(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_project / "entries")
    assert project_folder(None) == small_project.resolve()


@pytest.mark.parametrize("missing", ["findes-ikke", "findes-ikke/heller-ikke"])
def test_a_project_folder_that_does_not_exist_names_the_option(
    tmp_path: Path, missing: str
) -> None:
    with pytest.raises(UserError) as caught:
        project_folder(tmp_path / missing)
    (problem,) = caught.value.problems
    assert problem.field == "--project"
    assert problem.message == f"Mappen »{tmp_path / missing}« findes ikke."


def test_a_folder_without_a_config_points_to_init(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        project_folder(tmp_path)
    assert "trivselreport init" in (caught.value.problems[0].hint or "")


@pytest.mark.parametrize("value", ["tekst", "json"])
def test_a_known_format_passes(value: str) -> None:
    check_format(value, ("tekst", "json"))


@pytest.mark.parametrize("value", ["xml", "", "JSON", " json"])
def test_an_unknown_format_is_refused_with_the_formats_listed(value: str) -> None:
    with pytest.raises(UserError) as caught:
        check_format(value, ("tekst", "json"))
    (problem,) = caught.value.problems
    assert problem.field == "--format"
    assert problem.message == f"Ukendt format »{value}«."
    assert problem.hint == "Mulige formater: tekst, json."


@pytest.mark.parametrize(
    ("formats", "warned"),
    [(("docx",), True), (("pdf", "docx"), True), (("pdf", "html"), False), ((), False)],
)
def test_a_bad_source_date_epoch_is_warned_about_only_when_docx_is_built(
    monkeypatch: pytest.MonkeyPatch, formats: tuple[str, ...], warned: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "abc")
    problems = build_warnings(formats)
    assert len(problems) == int(warned)
    assert all(problem.level == "warning" for problem in problems)


def test_a_usable_source_date_epoch_gives_no_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1713139200")
    assert build_warnings(("docx",)) == []
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_warnings(("docx",)) == []


ENTRY = """\
    titel: "Et møde"
    type: møde
    dato: {day}
    deltagere: {count}
    intern: {internal}
    tekst: Vi mødtes.
    """


@pytest.mark.parametrize(("internal", "expected"), [(False, (1, 10)), (True, (2, 17))])
def test_stats_count_internal_entries_only_when_asked(
    small_project: Path, internal: bool, expected: tuple[int, int]
) -> None:
    write_entry(
        small_project, "2024/a.yaml", ENTRY.format(day="2024-04-02", count=10, internal="nej")
    )
    write_entry(
        small_project, "2024/b.yaml", ENTRY.format(day="2024-04-03", count=7, internal="ja")
    )
    write_entry(
        small_project, "2024/c.yaml", ENTRY.format(day="2023-01-03", count=5, internal="nej")
    )
    stats = count_entries(
        small_project, PeriodOptions(start="2024-04-01", end="2024-04-30"), internal=internal
    )
    assert (stats.total.entries, stats.total.known_participants) == expected
