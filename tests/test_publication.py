"""The door guard: every text the memo publishes is scanned, as published, before writing.

These tests plant personal data in every place a memo's text can come from
(each field of the config, the introduction, each entry field, picture texts,
a project's own template and stylesheet) and expect the build to refuse and to
write nothing; and they check that `check` names the same places by file and line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.commands.checking import check_project
from trivselreport.errors import Problem, UserError

CPR = "150312-1234"
APRIL = PeriodChoice(month="2024-04")

CONFIG_FIELDS = {
    "organisation": "Testkommune",
    "forvaltning": "Børne- og Kulturforvaltningen",
    "afdeling": "Skoleafdelingen",
    "udarbejdet_af": "Programlederen",
    "sagsnr": "24/004127",
    "titel": "Status {måned} {år}",
    "tema": "Tilhør",
    "overskrift": "Arrangementer",
    "indledning": "Arrangementer i perioden.",
    "memo_sagsnr": "24/1234",
}

ENTRY_FIELDS = {
    "titel": "Forældremøde",
    "tekst": "Et godt møde om trivsel.",
    "alt": "Forældre ved bordene",
    "billedtekst": "Mødet i aulaen",
}


def project_with(
    root: Path,
    config: dict[str, str],
    entry: dict[str, str],
    intro: str = "Notatet fortæller om perioden.",
) -> Path:
    project = root / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "indledninger").mkdir()
    (project / "trivselreport.yaml").write_text(
        textwrap.dedent(f"""\
        organisation: "{config["organisation"]}"
        forvaltning: "{config["forvaltning"]}"
        afdeling: "{config["afdeling"]}"
        udarbejdet_af: "{config["udarbejdet_af"]}"
        sagsnr: "{config["sagsnr"]}"
        titel: "{config["titel"]}"
        oversigt: ja
        temaer: ["{config["tema"]}", "Tempo og pauser"]
        typer: [arrangement, kursus]
        sektioner:
          - overskrift: "{config["overskrift"]}"
            typer: [arrangement]
            indledning: |
              {config["indledning"]}
          - overskrift: "Kurser"
            typer: [kursus]
            egne_overskrifter: ja
        memoer:
          - periode: "2024-04"
            dato: 2024-04-15
        """)
        + (f'    sagsnr: "{config["memo_sagsnr"]}"\n' if config["memo_sagsnr"] else ""),
        encoding="utf-8",
    )
    (project / "indledninger" / "2024-04.md").write_text(intro, encoding="utf-8")
    folder = project / "entries" / "2024"
    folder.mkdir()
    _png(folder / "foto.png")
    (folder / "2024-04-10-moede.yaml").write_text(
        textwrap.dedent(f"""\
        titel: "{entry["titel"]}"
        type: arrangement
        dato: 2024-04-10
        temaer: ["{config["tema"]}"]
        deltagere: 30
        billeder:
          - fil: foto.png
            alt: "{entry["alt"]}"
            tekst: "{entry["billedtekst"]}"
        tekst: |
          TEKST
        """).replace("TEKST", entry["tekst"].replace("\n", "\n  ")),
        encoding="utf-8",
    )
    (folder / "2024-04-12-kursus.yaml").write_text(
        textwrap.dedent("""\
        titel: "Sorggruppekursus"
        type: kursus
        dato: 2024-04-12
        tekst: Et kursus om børn i sorg.
        """),
        encoding="utf-8",
    )
    return project


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4), (200, 30, 30)).save(path)


def output_files(project: Path) -> list[Path]:
    output = project / "output"
    return sorted(path for path in output.rglob("*")) if output.exists() else []


def errors(project: Path) -> list[Problem]:
    return [problem for problem in check_project(project).problems if problem.level == "error"]


@pytest.fixture
def only_the_door(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch off the scans of the reading layer, so that only the door guard is left."""
    from trivselreport.reading import config, entries

    monkeypatch.setattr(config, "config_publication_problems", lambda path, mapping, terms: [])
    monkeypatch.setattr(entries, "scan_mapping", lambda *args, **kwargs: [])
    monkeypatch.setattr(entries, "entry_publication_problems", lambda entry, terms: [])


def test_the_unplanted_project_builds(tmp_path: Path) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    result = build_memo(project, APRIL, formats=("html", "docx"))
    assert set(result.files) == {"html", "docx"}


@pytest.mark.parametrize("field", sorted(CONFIG_FIELDS))
def test_the_door_refuses_a_cpr_number_in_any_config_field(
    tmp_path: Path, only_the_door: None, field: str
) -> None:
    planted = dict(CONFIG_FIELDS, **{field: CONFIG_FIELDS[field] + f" {CPR}"})
    if field == "sagsnr":  # the memo's own case number would replace the common one
        planted["memo_sagsnr"] = ""
    project = project_with(tmp_path, planted, ENTRY_FIELDS)
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html", "docx"))
    assert any("CPR-nummer (150312-****)" in problem.message for problem in refused.value.problems)
    assert output_files(project) == []


@pytest.mark.parametrize("field", sorted(ENTRY_FIELDS))
def test_the_door_refuses_a_cpr_number_in_any_entry_field(
    tmp_path: Path, only_the_door: None, field: str
) -> None:
    planted = dict(ENTRY_FIELDS, **{field: ENTRY_FIELDS[field] + f" {CPR}"})
    project = project_with(tmp_path, CONFIG_FIELDS, planted)
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html", "docx"))
    assert [problem.file.name for problem in refused.value.problems if problem.file] == [
        "2024-04-10-moede.yaml"
    ]
    assert output_files(project) == []


@pytest.mark.parametrize("blank_lines", [0, 2])
def test_the_door_refuses_a_cpr_number_in_the_introduction_on_its_line(
    tmp_path: Path, only_the_door: None, blank_lines: int
) -> None:
    intro = "\n" * blank_lines + f"Første linje.\n\nAnden linje med {CPR}."
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS, intro=intro)
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html",))
    (problem,) = refused.value.problems
    assert problem.file is not None and problem.file.name == "2024-04.md"
    assert problem.line == 3 + blank_lines
    assert output_files(project) == []


@pytest.mark.parametrize(
    "disguise",
    [
        "0103**12**-1234",  # emphasis splits it
        "010312\\-1234",  # a backslash escape
        "010312&#45;1234",  # an HTML entity for the dash
        "&#48;10312-1234",  # an HTML entity for a digit
        "010312&ndash;1234",  # a named entity
        "010312-\n1234",  # a line break inside it, in a literal block
        "0103\n121234",  # a line break between its digits
    ],
)
def test_the_door_and_check_see_the_text_as_rendered(
    tmp_path: Path, only_the_door: None, disguise: str
) -> None:
    project = project_with(
        tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, tekst=f"Barnet {disguise} deltog.")
    )
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html",))
    assert "CPR-nummer (010312-****)" in refused.value.problems[0].message


@pytest.mark.parametrize(
    "disguise",
    [
        "0103**12**-1234",
        "010312\\-1234",
        "010312&#45;1234",
        "&#48;10312-1234",
        "010312-\n1234",
        "0103\n121234",
    ],
)
def test_check_finds_a_disguised_cpr_number_on_its_line(tmp_path: Path, disguise: str) -> None:
    project = project_with(
        tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, tekst=f"Barnet {disguise} deltog.")
    )
    problems = [problem for problem in check_project(project).problems if "CPR" in problem.message]
    assert [
        (problem.file.name if problem.file else None, problem.line, problem.field)
        for problem in problems
    ] == [("2024-04-10-moede.yaml", 11, "tekst")]


def test_check_names_the_introduction_and_its_line(tmp_path: Path) -> None:
    project = project_with(
        tmp_path,
        CONFIG_FIELDS,
        ENTRY_FIELDS,
        intro="Indledning.\n\nRing til 22 33 44 55 for mere.\n",
    )
    (problem,) = errors(project)
    assert problem.file == project / "indledninger" / "2024-04.md"
    assert problem.line == 3
    assert "telefonnummer" in problem.message


def test_check_scans_every_introduction_file_not_only_this_periods(tmp_path: Path) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    (project / "indledninger" / "2023-12.md").write_text(
        "Kontakt anna&#64;skole.dk\n", encoding="utf-8"
    )
    (problem,) = errors(project)
    assert problem.file == project / "indledninger" / "2023-12.md"
    assert "e-mailadresse" in problem.message


@pytest.mark.parametrize(
    ("field", "line"),
    [
        ("organisation", 1),
        ("afdeling", 3),
        ("sagsnr", 5),
        ("tema", 8),
        ("overskrift", 11),
        ("indledning", 14),
        ("memo_sagsnr", 21),
    ],
)
def test_check_names_the_config_file_and_line(tmp_path: Path, field: str, line: int) -> None:
    planted = dict(CONFIG_FIELDS, **{field: CONFIG_FIELDS[field] + f" {CPR}"})
    project = project_with(tmp_path, planted, ENTRY_FIELDS)
    problems = [
        problem
        for problem in errors(project)
        if problem.file and problem.file.name == "trivselreport.yaml"
    ]
    assert [(problem.file, problem.line) for problem in problems] == [
        (project / "trivselreport.yaml", line)
    ]


def test_the_forbidden_words_themselves_are_not_reported(tmp_path: Path) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + 'forbudte_ord: ["Ali"]\nforbudte_mønstre: ["[0-9]{6}-[0-9]{4}"]\n',
        encoding="utf-8",
    )
    assert errors(project) == []


def test_a_forbidden_word_in_a_config_text_is_refused(tmp_path: Path) -> None:
    project = project_with(tmp_path, dict(CONFIG_FIELDS, overskrift="Alis gruppe"), ENTRY_FIELDS)
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'forbudte_ord: ["Alis"]\n', encoding="utf-8"
    )
    (problem,) = errors(project)
    assert (problem.file, problem.line) == (config, 11)
    assert "forbudt" in problem.message


# --- the finished files: what a project's own templates add ----------------------------------


TemplateEdit = Callable[[Path], None]


def _template_with(project: Path, name: str, old: str, new: str) -> None:
    from trivselreport.writers.html.sandbox import PACKAGE_TEMPLATES

    (project / "templates").mkdir(exist_ok=True)
    text = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
    assert old in text
    (project / "templates" / name).write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("word.html.j2", "<h1>", "<p>Kontakt os på 22 33 44 55</p><h1>"),
        ("memo.html.j2", "<main>", "<main><p>Skriv til anna@skole.dk</p>"),
        ("memo.html.j2", "<main>", '<main><img alt="Barn 150312-1234" src="x.png">'),
        ("word.html.j2", "<h1>", '<p><a href="mailto:anna%40skole.dk">skriv</a></p><h1>'),
    ],
)
def test_a_template_that_adds_personal_data_is_refused(
    tmp_path: Path, name: str, old: str, new: str
) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    _template_with(project, name, old, new)
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html",))
    (problem,) = refused.value.problems
    assert "templates" in (problem.hint or "")
    assert output_files(project) == []


def test_a_stylesheet_that_puts_a_number_on_the_page_is_refused(tmp_path: Path) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    (project / "templates").mkdir()
    (project / "templates" / "lokal.css").write_text(
        'body::after { content: "Tlf. " "\\32 2 33 44 55"; }\n', encoding="utf-8"
    )
    with pytest.raises(UserError) as refused:
        build_memo(project, APRIL, formats=("html",))
    assert "telefonnummer" in refused.value.problems[0].message


def test_the_internal_edition_may_show_internal_contact_details_but_no_cpr(tmp_path: Path) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, ENTRY_FIELDS)
    (project / "entries" / "2024" / "2024-04-11-intern.yaml").write_text(
        textwrap.dedent("""\
        titel: "Aftale med skolen"
        type: arrangement
        dato: 2024-04-11
        intern: ja
        tekst: Ring til Hanne på 22 33 44 55.
        """),
        encoding="utf-8",
    )
    result = build_memo(project, APRIL, internal=True, formats=("html", "docx"))
    assert "22 33 44 55" in result.files["html"].read_text(encoding="utf-8")


# --- what the terminal shows -------------------------------------------------------------------


def test_check_never_prints_a_forbidden_word_in_clear(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from trivselreport.cli.app import app

    project = project_with(tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, titel="Møde med Ali"))
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'forbudte_ord: ["Ali"]\n', encoding="utf-8"
    )
    (project / "entries" / "2024" / "2024-04-13-ali-sorg.yaml").write_text(
        "titel: Ali\ntype: arrangement\ndato: 2024-04-13\ntemaer: [Alis gruppe]\ntekst: x\n",
        encoding="utf-8",
    )
    for output_format in ("tekst", "json"):
        result = CliRunner().invoke(
            app, ["check", "--project", str(project), "--format", output_format]
        )
        assert result.exit_code == 1
        assert "forbudt" in result.output
        assert "ali" not in result.output.casefold().replace("alis", ""), result.output


@pytest.mark.parametrize("disguise", ["0103**12**-1234", "010312&#45;1234", "&#48;10312-1234"])
def test_a_title_shown_as_typed_still_may_not_spell_out_a_cpr_number(
    tmp_path: Path, disguise: str
) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, titel=f"Møde om {disguise}"))
    (problem,) = [problem for problem in errors(project) if "CPR" in problem.message]
    assert (problem.line, problem.field) == (1, "titel")
    with pytest.raises(UserError):
        build_memo(project, APRIL, formats=("html",))
