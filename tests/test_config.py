"""The project configuration, trivselreport.yaml: what it holds and every mistake named.

All problems of one configuration are collected and raised together as one
UserError, each Problem pointing at the line and field concerned.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import (
    CONFIG_FILE,
    CONFIG_SCHEMA,
    Config,
    SectionConfig,
    find_project,
    load_config,
)

from .conftest import SMALL_CONFIG

EXAMPLE_PROJECT = Path(__file__).resolve().parent.parent
TYPES_LINE = "typer: [program, arrangement, kursus, møde]"
APPENDED = SMALL_CONFIG.count("\n") + 1  # the line of a key appended to SMALL_CONFIG

# --- helpers -----------------------------------------------------------------------------


def write_config(folder: Path, text: str) -> Path:
    """Write trivselreport.yaml (dedented) into `folder` and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CONFIG_FILE).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def config_problems(folder: Path, text: str) -> list[Problem]:
    write_config(folder, text)
    with pytest.raises(UserError) as info:
        load_config(folder)
    for problem in info.value.problems:
        assert problem.file == folder / CONFIG_FILE
    return info.value.problems


def line_of(text: str) -> int:
    """The number of the first line of SMALL_CONFIG that contains `text`."""
    lines = SMALL_CONFIG.splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def problem_about(problems: list[Problem], words: str) -> Problem:
    """The one problem whose message contains `words`."""
    matching = [problem for problem in problems if words in problem.message]
    assert len(matching) == 1, [problem.message for problem in problems]
    return matching[0]


@pytest.fixture
def projekt(tmp_path: Path) -> Path:
    """The shared small project (tests/conftest.py): four types, four sections."""
    return write_config(tmp_path / "projekt", SMALL_CONFIG)


# --- a valid configuration ---------------------------------------------------------------


def test_small_config_loads_into_typed_values(projekt: Path) -> None:
    config = load_config(projekt)
    assert isinstance(config, Config)
    assert config.path == projekt / CONFIG_FILE
    assert config.root == projekt
    assert config.organisation == "Testkommune"
    assert config.title_pattern == "Status {måned} {år}"
    assert config.themes == (
        "Tilhør",
        "Tempo og pauser",
        "Hvordan forstår vi sundhed i et trivselsperspektiv?",
    )
    assert config.types == ("program", "arrangement", "kursus", "møde")
    assert config.sections == (
        SectionConfig("Programmet", ("program",), line=line_of('"Programmet"')),
        SectionConfig(
            "Arrangementer",
            ("arrangement",),
            lead="Arrangementer i perioden.",
            line=line_of('"Arrangementer"'),
        ),
        SectionConfig("Kurser", ("kursus",), own_headings=True, line=line_of('"Kurser"')),
        SectionConfig("Møder", ("møde",), line=line_of('"Møder"')),
    )
    assert config.section_headings == ("Programmet", "Arrangementer", "Kurser", "Møder")
    assert config.administration == "Børne- og Kulturforvaltningen"
    assert config.department is None
    assert config.start_date is None
    assert config.memos == ()


def test_optional_fields_and_memos_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "projekt"
    (folder / "indledninger").mkdir(parents=True)
    (folder / "indledninger" / "2024-04.md").write_text("Indledning.\n", encoding="utf-8")
    write_config(
        folder,
        SMALL_CONFIG.replace("forvaltning:", "# forvaltning:")
        + textwrap.dedent("""\
        forvaltning: "Børne- og Kulturforvaltningen"
        afdeling: "Skoleafdelingen"
        udarbejdet_af: "Programleder"
        sagsnr: "24-000123"
        startdato: 2024-01-01
        memoer:
          - periode: "2024-04"
            dato: 2024-04-15
            slutdato: 2024-04-12
            sagsnr: "24-000999"
            indledning: "indledninger/2024-04.md"
    """),
    )
    config = load_config(folder)
    assert config.administration == "Børne- og Kulturforvaltningen"
    assert config.department == "Skoleafdelingen"
    assert config.prepared_by == "Programleder"
    assert config.case_number == "24-000123"
    assert config.start_date == date(2024, 1, 1)
    (memo,) = config.memos
    assert memo.period == "2024-04"
    assert memo.memo_date == date(2024, 4, 15)
    assert memo.end == date(2024, 4, 12)
    assert memo.case_number == "24-000999"
    assert memo.intro_file == folder / "indledninger" / "2024-04.md"
    assert config.memo_for("2024-04") is memo
    assert config.memo_for("2024-05") is None


def test_a_section_with_egne_overskrifter_and_a_lead_text(tmp_path: Path) -> None:
    config = load_config(
        write_config(
            tmp_path,
            """\
        organisation: T
        titel: "Status {periode}"
        temaer: [Tilhør]
        typer: [kursus, møde]
        sektioner:
          - overskrift: "Kurser"
            typer: [kursus]
            egne_overskrifter: ja
          - overskrift: "Møder"
            typer: møde
            indledning: |
              Første linje.
              Anden linje.
    """,
        )
    )
    courses, meetings = config.sections
    assert courses.own_headings is True
    assert courses.lead is None
    assert meetings.types == ("møde",)
    assert meetings.own_headings is False
    assert meetings.lead == "Første linje.\nAnden linje."


def test_the_example_project_config_loads() -> None:
    config = load_config(EXAMPLE_PROJECT)
    assert config.organisation == "Rødovre Kommune"
    assert config.title_pattern == "Status Sundhed og Trivsel {måned} {år}"
    assert len(config.themes) == 7
    assert config.themes[-1] == "Hvordan forstår vi sundhed i et trivselsperspektiv?"
    assert config.types == (
        "program",
        "orientering",
        "arrangement",
        "indsats",
        "netværk",
        "konsulentsag",
        "kursus",
        "workshop",
    )
    assert config.section_headings == (
        "Mod på trivsel",
        "Ambitioner og temaer",
        "Arrangementer",
        "Snitflader til andre indsatser",
        "De unges trivsels-topmøde",
        "Netværket Sundhed & Trivsel",
        "Praksisnær understøttelse",
        "Kurser og workshops",
    )
    by_heading = {section.heading: section for section in config.sections}
    assert by_heading["De unges trivsels-topmøde"].types == ()
    assert by_heading["Kurser og workshops"].types == ("kursus", "workshop")
    assert by_heading["Kurser og workshops"].own_headings is True
    assert by_heading["Arrangementer"].lead is not None
    assert [memo.period for memo in config.memos] == ["2023-12", "2024-04"]
    april = config.memo_for("2024-04")
    assert april is not None
    assert april.memo_date == date(2024, 4, 15)
    assert april.intro_file is not None
    assert april.intro_file.is_file()


# --- unknown keys ------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_closest_known_one(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG + "organisaton: Rødovre\n")
    problem = problem_about(problems, "Ukendt felt »organisaton«")
    assert problem.field == "organisaton"
    assert problem.line == APPENDED
    assert problem.hint == "Mente du »organisation«?"


def test_unknown_key_far_from_any_known_one_lists_the_allowed_fields(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG + "xyzzy: 1\n")
    problem = problem_about(problems, "Ukendt felt »xyzzy«")
    assert problem.hint is not None
    assert problem.hint.startswith("Tilladte felter:")
    for key in CONFIG_SCHEMA:
        assert key in problem.hint


def test_unknown_section_key_names_the_section(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        """\
        organisation: T
        titel: "Status {måned} {år}"
        temaer: [Tilhør]
        typer: [kursus]
        sektioner:
          - overskrift: "Kurser"
            typer: [kursus]
            overskift: "Slåfejl"
    """,
    )
    problem = problem_about(problems, "Ukendt felt »overskift«")
    assert problem.field == "sektioner[1].overskift"
    assert problem.line == 8
    assert problem.hint == "Mente du »overskrift«?"


# --- missing and empty required keys -----------------------------------------------------


@pytest.mark.parametrize("key", ["organisation", "titel", "temaer", "typer", "sektioner"])
def test_each_missing_required_key_is_reported(tmp_path: Path, key: str) -> None:
    lines = SMALL_CONFIG.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    text = "".join(lines[:start] + lines[end:])
    problems = config_problems(tmp_path, text)
    if key == "sektioner":
        problem = problem_about(problems, "mindst én sektion")
        assert "»sektioner«" in problem.message
    else:
        problem = problem_about(problems, f"Feltet »{key}« mangler")
        assert problem.hint is not None
        assert f"{key}:" in problem.hint


def test_a_config_with_only_unknown_fields_reports_every_missing_key(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, "forvaltning: Kun denne\n")
    messages = " ".join(problem.message for problem in problems)
    for key in ("organisation", "titel", "temaer", "typer"):
        assert f"»{key}« mangler" in messages
    assert "mindst én sektion" in messages


def test_empty_title_is_reported_as_empty(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG.replace('titel: "Status {måned} {år}"', "titel:")
    )
    problem = problem_about(problems, "Feltet »titel« er tomt")
    assert problem.field == "titel"
    assert problem.line == line_of("titel:")


def test_empty_type_list_is_reported(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace(TYPES_LINE, "typer: []"))
    problem = problem_about(problems, "Listen »typer« er tom")
    assert problem.field == "typer"


def test_a_theme_listed_twice_is_reported_at_its_second_line(tmp_path: Path) -> None:
    themes = next(line for line in SMALL_CONFIG.splitlines() if line.startswith("temaer:"))
    block = 'temaer:\n  - "Tilhør"\n  - "Tilhør"\n  - "Tempo og pauser"'
    problems = config_problems(tmp_path, SMALL_CONFIG.replace(themes, block))
    problem = problem_about(problems, "»Tilhør« står to gange i »temaer«")
    assert problem.line == line_of("temaer:") + 2
    assert problem.field == "temaer"


def test_sections_must_be_a_list_of_mappings(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        """\
        organisation: T
        titel: "Status {måned} {år}"
        temaer: [Tilhør]
        typer: [kursus]
        sektioner:
          - Kurser
    """,
    )
    problem = problem_about(problems, "Hvert punkt i »sektioner«")
    assert problem.line == 6
    assert "samling af felter" in problem.message


# --- the title pattern -------------------------------------------------------------------


def test_unknown_placeholder_in_title_is_named(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace("{måned} {år}", "{maaned} {år}"))
    problem = problem_about(problems, "Ukendt pladsholder »{maaned}«")
    assert problem.field == "titel"
    assert problem.line == line_of("titel:")
    assert problem.hint is not None
    assert "{måned}" in problem.hint


def test_unbalanced_brace_in_title_is_reported(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace("{måned} {år}", "{måned {år}"))
    problem = problem_about(problems, "uden sin makker")
    assert problem.field == "titel"


def test_attribute_access_in_a_placeholder_is_unknown(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace("{måned}", "{måned.upper}"))
    problem_about(problems, "Ukendt pladsholder »{måned.upper}«")


@pytest.mark.parametrize("pattern", ["Status {måned} {år:x}", "Status {måned!z} {år}"])
def test_a_title_that_cannot_be_formatted_is_refused(tmp_path: Path, pattern: str) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace("Status {måned} {år}", pattern))
    assert problems[0].field == "titel"


# --- cross references between types and sections -----------------------------------------


def test_section_gathering_a_type_not_in_typer_is_reported(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG.replace("typer: [møde]", "typer: [møde, mødde]")
    )
    problem = problem_about(problems, "samler typen »mødde«")
    assert "»Møder«" in problem.message
    assert "ikke står under »typer«" in problem.message
    assert problem.field == "sektioner"
    assert problem.line == line_of('"Møder"')  # the section at fault
    assert problem.hint == "Mente du »møde«?"


def test_a_type_in_two_sections_is_reported(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG.replace("typer: [møde]", "typer: [møde, kursus]")
    )
    problem = problem_about(problems, "Typen »kursus« står i både")
    assert "»Kurser«" in problem.message
    assert "»Møder«" in problem.message
    assert problem.field == "sektioner"
    assert problem.hint is not None
    assert "sektion:" in problem.hint


def test_a_type_in_no_section_is_reported_at_the_typer_line(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG.replace(TYPES_LINE, TYPES_LINE[:-1] + ", netværk]")
    )
    problem = problem_about(problems, "Typen »netværk« hører ikke til nogen sektion")
    assert problem.field == "typer"
    assert problem.line == line_of(TYPES_LINE)


def test_two_sections_with_the_same_heading_are_reported(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG.replace('"Møder"', '"Kurser"'))
    problem = problem_about(problems, "Overskriften »Kurser« bruges af flere sektioner")
    assert problem.field == "sektioner"


def test_section_without_heading_is_reported_for_that_section(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG.replace('  - overskrift: "Møder"\n', "  - indledning: Tekst\n")
    )
    problem = problem_about(problems, "Feltet »overskrift« mangler")
    assert problem.field == "sektioner[4].overskrift"
    assert problem.line == line_of('"Møder"')


def test_egne_overskrifter_cannot_have_a_lead_text(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        SMALL_CONFIG.replace(
            "    egne_overskrifter: ja\n",
            "    egne_overskrifter: ja\n    indledning: Fælles tekst.\n",
        ),
    )
    problem = problem_about(problems, "egne overskrifter kan ikke have en fast indledning")
    assert problem.field == "sektioner[3].indledning"
    assert problem.line == line_of("egne_overskrifter:") + 1


def test_egne_overskrifter_must_be_yes_or_no(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        SMALL_CONFIG.replace("egne_overskrifter: ja", "egne_overskrifter: måske"),
    )
    problem = problem_about(problems, "skal være ja eller nej")
    assert problem.field == "sektioner[3].egne_overskrifter"


# --- sections that show their entries' titles (vis_titler, vis_datoer) ------------------

ARRANGEMENTS_LEAD = '    indledning: "Arrangementer i perioden."\n'


def _arrangements_with(lines: str) -> str:
    """SMALL_CONFIG with `lines` added to its second section, Arrangementer."""
    return SMALL_CONFIG.replace(ARRANGEMENTS_LEAD, ARRANGEMENTS_LEAD + lines)


def test_vis_titler_and_vis_datoer_are_read_and_default_to_no(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, _arrangements_with("    vis_titler: ja\n")))
    assert [(s.show_titles, s.show_dates) for s in config.sections] == [
        (False, False),
        (True, False),
        (False, False),
        (False, False),
    ]
    both = _arrangements_with("    vis_titler: ja\n    vis_datoer: ja\n")
    config = load_config(write_config(tmp_path / "begge", both))
    assert (config.sections[1].show_titles, config.sections[1].show_dates) == (True, True)
    said_no = _arrangements_with("    vis_titler: nej\n    vis_datoer: nej\n")
    config = load_config(write_config(tmp_path / "nej", said_no))
    assert (config.sections[1].show_titles, config.sections[1].show_dates) == (False, False)


@pytest.mark.parametrize("key", ["vis_titler", "vis_datoer"])
@pytest.mark.parametrize("value", ["måske", "2", "[ja]", "fed"])
def test_vis_titler_and_vis_datoer_must_be_yes_or_no(tmp_path: Path, key: str, value: str) -> None:
    lines = f"    {key}: {value}\n"
    if key == "vis_datoer":
        lines = "    vis_titler: ja\n" + lines
    problems = config_problems(tmp_path, _arrangements_with(lines))
    [problem] = problems
    assert f"»{key}« skal være" in problem.message
    assert "ja eller nej" in problem.message or "liste" in problem.message
    assert problem.field == f"sektioner[2].{key}"
    assert problem.line == line_of("Arrangementer i perioden") + lines.count("\n")


def test_vis_titler_cannot_stand_with_egne_overskrifter(tmp_path: Path) -> None:
    text = SMALL_CONFIG.replace(
        "    egne_overskrifter: ja\n", "    egne_overskrifter: ja\n    vis_titler: ja\n"
    )
    problems = config_problems(tmp_path, text)
    problem = problem_about(problems, "kan ikke stå i samme sektion")
    assert "»vis_titler: ja«" in problem.message and "»egne_overskrifter: ja«" in problem.message
    assert problem.field == "sektioner[3].vis_titler"
    assert problem.line == line_of("egne_overskrifter:") + 1
    assert problem.hint and "Slet" in problem.hint


@pytest.mark.parametrize("titles", ["", "    vis_titler: nej\n"])
def test_vis_datoer_needs_vis_titler(tmp_path: Path, titles: str) -> None:
    problems = config_problems(tmp_path, _arrangements_with(titles + "    vis_datoer: ja\n"))
    problem = problem_about(problems, "virker kun sammen med »vis_titler: ja«")
    assert problem.field == "sektioner[2].vis_datoer"
    assert problem.line == line_of("Arrangementer i perioden") + 1 + titles.count("\n")
    assert problem.hint and "vis_titler: ja" in problem.hint


def test_vis_datoer_nej_without_vis_titler_is_fine(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, _arrangements_with("    vis_datoer: nej\n")))
    assert not config.sections[1].show_dates


# --- memos -------------------------------------------------------------------------------


def test_the_same_memo_period_twice_is_reported(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        SMALL_CONFIG
        + textwrap.dedent("""\
        memoer:
          - periode: "2024-04"
          - periode: "2024-04"
            dato: 2024-04-20
    """),
    )
    problem = problem_about(problems, "Perioden 2024-04 står flere gange")
    assert problem.field == "memoer"
    assert problem.line == APPENDED


def test_memo_period_with_month_13_is_not_a_month(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG + 'memoer:\n  - periode: "2024-13"\n')
    problem = problem_about(problems, "»2024-13« er ikke en måned")
    assert problem.field == "memoer[1].periode"
    assert problem.line == APPENDED + 1
    assert "ÅÅÅÅ-MM" in problem.message


def test_memo_without_period_is_reported(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG + "memoer:\n  - dato: 2024-04-15\n")
    problem = problem_about(problems, "Feltet »periode« mangler")
    assert problem.field == "memoer[1].periode"


def test_memo_with_impossible_date_is_reported(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG + 'memoer:\n  - periode: "2024-02"\n    dato: 2024-02-30\n'
    )
    problem = problem_about(problems, "findes ikke i kalenderen")
    assert problem.field == "memoer[1].dato"
    assert problem.line == APPENDED + 2


def test_memo_intro_file_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path,
        SMALL_CONFIG
        + textwrap.dedent("""\
        memoer:
          - periode: "2024-04"
            indledning: "indledninger/2024-04.md"
    """),
    )
    problem = problem_about(problems, "»indledninger/2024-04.md« findes ikke")
    assert problem.field == "memoer[1].indledning"
    assert problem.line == APPENDED + 2
    assert problem.hint is not None
    assert "projektmappen" in problem.hint


def test_memo_intro_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "hemmelig.md").write_text("x\n", encoding="utf-8")
    problems = config_problems(
        tmp_path / "projekt",
        SMALL_CONFIG
        + textwrap.dedent("""\
        memoer:
          - periode: "2024-04"
            indledning: "../hemmelig.md"
    """),
    )
    problem = problem_about(problems, "skal ligge i projektmappen")
    assert problem.field == "memoer[1].indledning"


def test_a_one_digit_memo_month_is_stored_under_its_normal_key(projekt: Path) -> None:
    write_config(projekt, SMALL_CONFIG + 'memoer:\n  - periode: "2024-4"\n    dato: 2024-04-15\n')
    config = load_config(projekt)
    assert [memo.period for memo in config.memos] == ["2024-04"]
    assert config.memo_for("2024-04") is not None


def test_the_same_month_written_two_ways_is_a_duplicate(tmp_path: Path) -> None:
    problems = config_problems(
        tmp_path, SMALL_CONFIG + 'memoer:\n  - periode: "2024-4"\n  - periode: "2024-04"\n'
    )
    problem_about(problems, "Perioden 2024-04 står flere gange")


# --- all problems together ---------------------------------------------------------------


def test_all_problems_of_one_config_are_reported_together(tmp_path: Path) -> None:
    text = SMALL_CONFIG.replace("{måned} {år}", "{maaned} {år}") + "organisaton: Rødovre\n"
    problems = config_problems(tmp_path, text)
    assert len(problems) >= 2
    problem_about(problems, "Ukendt pladsholder")
    problem_about(problems, "Ukendt felt »organisaton«")


def test_problems_in_sections_and_memos_are_collected_with_the_rest(tmp_path: Path) -> None:
    text = SMALL_CONFIG.replace(TYPES_LINE, TYPES_LINE[:-1] + ", netværk]")
    text = text.replace("    typer: [kursus]\n", "    typer: [kursus]\n    farve: rød\n")
    text += 'memoer:\n  - periode: "2024-13"\n'
    problems = config_problems(tmp_path, text)
    assert len(problems) >= 3
    problem_about(problems, "Ukendt felt »farve«")
    problem_about(problems, "hører ikke til nogen sektion")
    problem_about(problems, "ikke en måned")


def test_a_yaml_syntax_error_in_the_config_is_a_user_error(tmp_path: Path) -> None:
    problems = config_problems(tmp_path, SMALL_CONFIG + "afdeling: Skoler: nord\n")
    assert problems[0].line == APPENDED
    assert problems[0].hint is not None
    assert "anførselstegn" in problems[0].hint


# --- finding the project -----------------------------------------------------------------


def test_find_project_finds_the_config_in_the_folder_itself(projekt: Path) -> None:
    assert find_project(projekt) == projekt.resolve()


def test_find_project_finds_the_config_in_a_parent_folder(projekt: Path) -> None:
    deep = projekt / "entries" / "2024" / "forår"
    deep.mkdir(parents=True)
    assert find_project(deep) == projekt.resolve()


def test_find_project_without_any_config_hints_at_init(tmp_path: Path) -> None:
    lonely = tmp_path / "ingen" / "projekt"
    lonely.mkdir(parents=True)
    with pytest.raises(UserError) as info:
        find_project(lonely)
    (problem,) = info.value.problems
    assert CONFIG_FILE in problem.message
    assert problem.hint is not None
    assert "init" in problem.hint
    assert "--project" in problem.hint


def test_load_config_without_the_file_hints_at_init(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_config(tmp_path)
    (problem,) = info.value.problems
    assert problem.file == tmp_path / CONFIG_FILE
    assert "mangler filen" in problem.message
    assert problem.hint is not None
    assert "init" in problem.hint
