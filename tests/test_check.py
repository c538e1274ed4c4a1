"""`trivselreport check`: every problem of a project in one run, personal data above all.

check reads the config and every entry and reports all errors and warnings
together, each with file, line, field and a hint. It exits 1 on errors (and on
warnings with --strict). CPR numbers, phone numbers and e-mail addresses are
never printed, only their masked forms ("150312-****").
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from trivselreport.cli.app import app

from .conftest import REPO_ROOT, SMALL_CONFIG, write_entry

runner = CliRunner()

CPR = "150312-1234"
MASKED_CPR = "150312-****"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


def check(project: Path, *options: str) -> tuple[int, str]:
    return run("check", "--project", str(project), *options)


def check_json(project: Path, *options: str) -> tuple[int, list[dict[str, object]]]:
    code, output = check(project, "--format", "json", *options)
    problems = json.loads(output)
    assert isinstance(problems, list)
    return code, problems


def entry(
    title: str = "Forældremøde",
    *,
    type: str = "kursus",
    extra: str = "",
    text: str = "Vi holdt et godt møde.",
) -> str:
    """The YAML of an entry dated 2024-04-15; `extra` holds further field lines."""
    return f'titel: "{title}"\ntype: {type}\ndato: 2024-04-15\n{extra}tekst: "{text}"\n'


def set_config(project: Path, extra: str) -> None:
    """The small config with further lines added at the end."""
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + extra, encoding="utf-8")


# --- a clean project ---------------------------------------------------------------------


def test_a_clean_project_passes(small_project: Path) -> None:
    write_entry(small_project, "2024/a.yaml", entry("Første"))
    write_entry(small_project, "2024/b.yaml", entry("Anden", type="program"))
    code, output = check(small_project)
    assert code == 0, output
    assert "Alt i orden: 2 indslag tjekket, ingen fejl." in output


def test_notes_beside_the_entries_are_not_warned_about(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", entry())
    write_entry(small_project, "noter.txt", "Husk at skrive om Rødovredagen.\n")
    write_entry(small_project, "LÆSMIG.md", "# Sådan skriver du et indslag\n")
    code, output = check(small_project, "--strict")
    assert code == 0, output
    assert "Alt i orden" in output


# --- errors ------------------------------------------------------------------------------


@pytest.fixture
def three_broken_files(small_project: Path) -> Path:
    write_entry(small_project, "a.yaml", entry(type="kurus"))
    write_entry(small_project, "b.yaml", 'titel: "B"\ntype: kursus\ndato: 2024-04-15\n')
    write_entry(small_project, "c.yaml", entry(extra="tema: [Tilhør]\n"))
    return small_project


def test_errors_in_several_files_are_all_reported_in_one_run(three_broken_files: Path) -> None:
    code, output = check(three_broken_files)
    assert code == 1
    assert "Fejl i entries/a.yaml, linje 2, felt »type«: »kurus« er ikke en af typerne" in output
    assert "  → Mente du »kursus«?" in output
    assert "Fejl i entries/b.yaml, linje 1, felt »tekst«: Feltet »tekst« mangler." in output
    assert "  → Tilføj en linje »tekst: …«." in output
    assert "Fejl i entries/c.yaml, linje 4, felt »tema«: Ukendt felt »tema«." in output
    assert "  → Mente du »temaer«?" in output
    assert "3 fejl fundet." in output


def test_every_reported_error_names_file_line_field_and_hint(three_broken_files: Path) -> None:
    code, problems = check_json(three_broken_files)
    assert code == 1
    assert [problem["file"] for problem in problems] == [
        "entries/a.yaml",
        "entries/b.yaml",
        "entries/c.yaml",
    ]
    for problem in problems:
        assert problem["level"] == "error"
        assert isinstance(problem["line"], int)
        assert problem["field"] and problem["hint"] and problem["message"]


def test_strict_does_not_rescue_errors(three_broken_files: Path) -> None:
    assert check(three_broken_files, "--strict")[0] == 1


def test_json_gives_one_object_per_problem_with_the_documented_keys(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", entry(type="kurus"))
    write_entry(small_project, "referat.docx", "ikke et indslag")
    code, problems = check_json(small_project)
    assert code == 1
    assert len(problems) == 2
    for problem in problems:
        assert set(problem) == {"file", "line", "field", "level", "kind", "message", "hint"}
    assert [(p["file"], p["level"], p["kind"]) for p in problems] == [
        ("entries/a.yaml", "error", None),
        ("entries/referat.docx", "warning", None),
    ]


def test_json_of_a_clean_project_is_an_empty_list(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", entry())
    assert check_json(small_project) == (0, [])


def test_an_unknown_format_is_an_error(small_project: Path) -> None:
    code, output = check(small_project, "--format", "xml")
    assert code == 1
    assert "Ukendt format »xml«." in output
    assert "tekst, json" in output


# --- warnings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "warning"),
    [
        ({"referat.docx": "Word-fil"}, "Advarsel i entries/referat.docx: Filen bliver ikke læst"),
        (
            {"a.yaml": entry("Møde"), "b.yaml": entry("møde")},
            "Advarsel i entries/b.yaml, linje 1, felt »titel«: "
            "Indslaget har samme titel og dato som a.yaml",
        ),
        ({"a.yaml": entry("Lang " * 30)}, "felt »titel«: Titlen er 149 tegn lang."),
    ],
)
def test_a_warning_is_shown_but_fails_only_with_strict(
    small_project: Path, files: dict[str, str], warning: str
) -> None:
    for name, text in files.items():
        write_entry(small_project, name, text)
    code, output = check(small_project)
    assert code == 0, output
    assert warning in output
    assert "0 fejl og 1 advarsel fundet." in output
    code, output = check(small_project, "--strict")
    assert code == 1
    assert warning in output


# --- personal data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        pytest.param("a.yaml", entry(text=f"Barnet med cpr {CPR} trives."), id="in-the-text"),
        pytest.param(
            "a.yaml", entry(extra=f"temaer:\n  - Tilhør {CPR}\n"), id="in-a-misspelt-theme"
        ),
        pytest.param("a.yaml", entry(type=CPR), id="as-the-type"),
        pytest.param("a.yaml", entry(extra=f"{CPR}: noget\n"), id="as-a-key"),
        pytest.param("a.yaml", entry(extra=f"tema {CPR}: noget\n"), id="in-a-misspelt-key"),
        pytest.param(f"barn-{CPR}.yaml", entry(type="kurus"), id="in-the-name-of-a-broken-file"),
        pytest.param(
            "a.yaml", entry(extra="intern: ja\n", text=f"CPR {CPR}."), id="internal-entry"
        ),
    ],
)
@pytest.mark.parametrize("output_format", ["tekst", "json"])
def test_a_cpr_number_is_an_error_and_never_printed_in_full(
    small_project: Path, name: str, text: str, output_format: str
) -> None:
    write_entry(small_project, name, text)
    code, output = check(small_project, "--format", output_format)
    assert code == 1
    assert MASKED_CPR in output
    assert CPR not in output
    assert "1234" not in output


def test_a_broken_config_is_reported_together_with_cpr_numbers_in_entries(
    small_project: Path,
) -> None:
    (small_project / "trivselreport.yaml").write_text(
        SMALL_CONFIG.replace('organisation: "Testkommune"\n', ""), encoding="utf-8"
    )
    write_entry(small_project, "a.yaml", entry(text=f"Barnet {CPR}."))
    write_entry(small_project, "b.yaml", entry(extra="intern: ja\n", text=f"Barnet {CPR}."))
    code, output = check(small_project)
    assert code == 1
    assert "Fejl i trivselreport.yaml" in output and "»organisation« mangler" in output
    assert "Fejl i entries/a.yaml, linje 4, felt »tekst«" in output
    assert "Fejl i entries/b.yaml, linje 5, felt »tekst«" in output
    assert output.count(MASKED_CPR) == 2
    assert CPR not in output


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"Barnet {CPR} trives.", MASKED_CPR),
        ("Ring på 22 33 44 55.", "22 ** ** **"),
    ],
)
def test_a_build_refuses_while_personal_data_stands(
    small_project: Path, text: str, masked: str
) -> None:
    write_entry(small_project, "a.yaml", entry("Rent indslag"))
    write_entry(small_project, "b.yaml", entry("Med persondata", text=text))
    code, output = run("build", "--period", "2024-04", "--project", str(small_project))
    assert code == 1
    assert masked in output
    assert text not in output
    assert "Intet er skrevet." in output
    assert not (small_project / "output").exists()


def test_an_email_address_is_fine_in_an_internal_entry(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", entry(extra="intern: ja\n", text="Skriv til kontakt@rk.dk.")
    )
    code, output = check(small_project)
    assert code == 0, output


def test_an_email_address_is_an_error_in_a_public_entry(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", entry(text="Skriv til kontakt@rk.dk."))
    code, output = check(small_project)
    assert code == 1
    assert "e-mailadresse (k***@***.dk)" in output
    assert "kontakt@rk.dk" not in output


# --- CPR numbers in file and folder names ------------------------------------------------

NAME_PLACES = {
    "entry file": f"entries/2024/{CPR}.yaml",
    "entry folder": f"entries/barn-{CPR}/a.yaml",
    "deep folder": f"entries/2024/april/{CPR}-noter/a.yaml",
    "not read: .yaml.txt": f"entries/2024/{CPR}.yaml.txt",
    "not read: a picture": f"entries/2024/foto-{CPR}.jpg",
    "not read: a note": f"entries/noter-{CPR}.md",
    "not read: hidden": f"entries/.{CPR}.yaml",
    "not read: a Word file": f"entries/{CPR} referat.docx",
    "an introduction": f"indledninger/{CPR}.md",
    "a template": f"templates/{CPR}.html.j2",
    "a stylesheet in a folder": f"templates/gammel-{CPR}/lokal.css",
}


@pytest.mark.parametrize("place", list(NAME_PLACES))
@pytest.mark.parametrize("output_format", ["tekst", "json"])
def test_a_cpr_number_in_a_name_is_caught_wherever_the_file_lies(
    small_project: Path, place: str, output_format: str
) -> None:
    write_entry(small_project, "ok.yaml", entry())
    path = small_project / NAME_PLACES[place]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(entry("Andet"), encoding="utf-8")
    code, output = check(small_project, "--format", output_format)
    assert code == 1, output
    assert MASKED_CPR in output
    assert CPR not in output and "1234" not in output
    assert output.count("ligner et CPR-nummer") == 1


def test_a_cpr_number_in_a_name_stops_the_build(small_project: Path) -> None:
    write_entry(small_project, "ok.yaml", entry())
    write_entry(small_project, f"bilag/{CPR}.jpg", "ikke et billede")
    code, output = run("build", "--period", "2024-04", "--project", str(small_project))
    assert code == 1
    assert MASKED_CPR in output and CPR not in output
    assert not (small_project / "output").exists()


def test_a_cpr_number_in_an_introduction_named_by_the_config_is_caught(
    small_project: Path,
) -> None:
    write_entry(small_project, "ok.yaml", entry())
    (small_project / "tekster").mkdir()
    (small_project / "tekster" / f"til-{CPR}.md").write_text("Indledning.", encoding="utf-8")
    set_config(
        small_project, f"memoer:\n  - periode: 2024-04\n    indledning: tekster/til-{CPR}.md\n"
    )
    code, output = check(small_project)
    assert code == 1 and MASKED_CPR in output and "1234" not in output


def test_the_folders_above_the_project_are_not_scanned(tmp_path: Path) -> None:
    project = tmp_path / f"sag-{CPR}" / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    write_entry(project, "a.yaml", entry())
    code, output = check(project, "--strict")
    assert code == 0, output


# --- files that look like entries but are not read ---------------------------------------


@pytest.mark.parametrize(
    ("name", "named", "words"),
    [
        ("2024/moede.yaml.txt", "2024/moede.yaml.txt", "Notesblok sætter .txt bag på navnet"),
        ("2024/moede.yml.txt", "2024/moede.yml.txt", "Notesblok sætter .txt bag på navnet"),
        ("moede.YAML.TXT", "moede.YAML.TXT", "Notesblok sætter .txt bag på navnet"),
        ("moede.yaml.docx", "moede.yaml.docx", "ikke ender på .yaml"),
        ("moede.yaml.md", "moede.yaml.md", "ikke ender på .yaml"),
        ("2024/.udkast.yaml", "2024/.udkast.yaml", "navnet starter med et punktum"),
        (".moede.yml", ".moede.yml", "navnet starter med et punktum"),
        (
            ".skjult/moede.yaml",
            ".skjult/moede.yaml",
            "fordi mappen ».skjult« starter med et punktum",
        ),
        (
            "2024/.gemt/a/b.yaml",
            "2024/.gemt/a/b.yaml",
            "fordi mappen ».gemt« starter med et punktum",
        ),
    ],
)
def test_a_file_that_looks_like_an_entry_but_is_not_read_is_named(
    small_project: Path, name: str, named: str, words: str
) -> None:
    write_entry(small_project, "ok.yaml", entry())
    write_entry(small_project, name, entry("Glemt"))
    code, output = check(small_project)
    assert code == 0, output
    assert f"Advarsel i entries/{named}:" in output and words in output
    assert "0 fejl og 1 advarsel fundet." in output
    assert check(small_project, "--strict")[0] == 1


def test_each_entry_in_a_hidden_folder_is_named_up_to_twenty(small_project: Path) -> None:
    for name in ("a.yaml", "b.yml", "c/d.yaml", "noter.txt", "e.yaml~"):
        write_entry(small_project, f".arkiv/{name}", entry())
    code, output = check(small_project)
    assert code == 0
    for name in ("a.yaml", "b.yml", "c/d.yaml"):
        assert f"Advarsel i entries/.arkiv/{name}:" in output
    assert "0 fejl og 3 advarsler fundet." in output
    for number in range(30):
        write_entry(small_project, f".arkiv/mange/{number:02d}.yaml", entry())
    code, output = check(small_project)
    assert "0 fejl og 21 advarsler fundet." in output
    assert "Advarsel i entries/.arkiv:" in output and "13 filer mere" in output


def test_the_notepad_warning_names_what_the_user_sees(small_project: Path) -> None:
    write_entry(small_project, "2024/moede.yaml.txt", entry("Glemt"))
    code, output = check(small_project)
    assert code == 0
    assert "Advarsel i entries/2024/moede.yaml.txt" in output
    assert "»moede.yaml«" in output and "Windows skjuler" in output


@pytest.mark.parametrize(
    "name",
    [
        ".moede.yaml.swp",
        ".moede.yaml.swo",
        ".#moede.yaml",
        "moede.yaml~",
        "#moede.yaml#",
        "~$referat.docx",
        "Thumbs.db",
        "desktop.ini",
        ".DS_Store",
        ".gitkeep",
        ".git/x.yaml",
    ],
)
def test_editor_and_system_leftovers_are_ignored_silently(small_project: Path, name: str) -> None:
    write_entry(small_project, "ok.yaml", entry())
    write_entry(small_project, f"2024/{name}", "ødelagt: [")
    code, output = check(small_project, "--strict")
    assert code == 0, output
    assert "Alt i orden: 1 indslag" in output


@pytest.mark.parametrize("name", ["a.yml", "b.YAML", "c.Yml", "d.yaml"])
def test_yml_and_capital_suffixes_are_read_as_entries(small_project: Path, name: str) -> None:
    write_entry(small_project, name, entry())
    code, output = check(small_project, "--strict")
    assert code == 0, output
    assert "Alt i orden: 1 indslag tjekket" in output


def test_a_missing_entries_folder_is_a_warning_and_named_by_the_build(
    small_project: Path,
) -> None:
    (small_project / "entries").rmdir()
    code, output = check(small_project)
    assert code == 0, output
    assert "Advarsel i entries: Mappen entries findes ikke" in output
    assert check(small_project, "--strict")[0] == 1
    code, output = run("build", "--period", "2024-04", "--project", str(small_project))
    assert code == 1
    assert "ingen indslag" in output and "Mappen entries findes ikke" in output
    assert "Traceback" not in output


def test_an_entries_file_instead_of_a_folder_is_an_error(small_project: Path) -> None:
    (small_project / "entries").rmdir()
    (small_project / "entries").write_text("titel: x\n", encoding="utf-8")
    code, output = check(small_project)
    assert code == 1 and "Fejl i entries: entries er ikke en mappe." in output


# --- the project's own forbidden words and patterns --------------------------------------


def test_a_forbidden_word_is_flagged_masked_in_a_public_entry_only(small_project: Path) -> None:
    set_config(small_project, "forbudte_ord: [Mads]\n")
    write_entry(small_project, "offentlig.yaml", entry("Offentlig", text="Mads var glad."))
    write_entry(
        small_project, "intern.yaml", entry("Intern", extra="intern: ja\n", text="Mads var glad.")
    )
    code, output = check(small_project)
    assert code == 1
    assert (
        "Fejl i entries/offentlig.yaml, linje 4, felt »tekst«: Teksten indeholder noget, "
        "som projektet har forbudt i notatet (M***)."
    ) in output
    assert "intern.yaml" not in output
    assert "Mads" not in output
    assert "1 fejl fundet." in output


def test_a_forbidden_pattern_is_flagged_in_a_public_entry(small_project: Path) -> None:
    set_config(small_project, 'forbudte_mønstre: ["(?i)sag nr\\\\. \\\\d+"]\n')
    write_entry(small_project, "a.yaml", entry(text="Se Sag nr. 4711."))
    code, output = check(small_project)
    assert code == 1, output
    assert "(S***)" in output


def test_an_invalid_forbidden_pattern_is_a_config_error_in_danish(small_project: Path) -> None:
    set_config(small_project, 'forbudte_mønstre:\n  - "(barn"\n')
    write_entry(small_project, "a.yaml", entry())
    code, output = check(small_project)
    assert code == 1
    line = len(SMALL_CONFIG.splitlines()) + 2
    assert (
        f"Fejl i trivselreport.yaml, linje {line}, felt »forbudte_mønstre«: Mønstret "
        "»(barn« er ikke et gyldigt regulært udtryk: en ( er ikke lukket med )"
    ) in output
    assert "missing" not in output


# --- check as a pre-commit hook ----------------------------------------------------------


def pre_commit_hooks() -> list[dict[str, object]]:
    hooks = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_the_pre_commit_hook_runs_check_once_for_the_whole_project() -> None:
    [hook] = pre_commit_hooks()
    assert hook["id"] == "trivselreport-check"
    assert hook["entry"] == "trivselreport check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "trivselreport" in pyproject["project"]["scripts"]


@pytest.mark.parametrize(
    ("path", "triggers"),
    [
        ("trivselreport.yaml", True),
        ("entries/2024/2024-04-15-moede.yaml", True),
        ("entries/noter.txt", True),
        ("README.md", False),
        ("output/2024-04/status.pdf", False),
        ("templates/lokal.css", False),
    ],
)
def test_the_pre_commit_hook_runs_when_the_config_or_entries_change(
    path: str, triggers: bool
) -> None:
    [hook] = pre_commit_hooks()
    files = hook["files"]
    assert isinstance(files, str)
    assert (re.search(files, path) is not None) == triggers
