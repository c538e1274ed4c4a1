"""Writing help in `check` and after `build`: LIX advice, `check --lix`, the JSON fields,
--strict, `lix_grænse`, and the build summary's readability line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.cli.report import readability_line
from trivselreport.commands.build import PeriodChoice, build_memo

from .conftest import SMALL_CONFIG, write_entry

runner = CliRunner()

# The long sentence: 16 words, 10 long (hand-counted in test_lix.py); "Kort sætning her.":
# 3 words, 1 long (sætning, 7). 19 words, 11 long, 2 sentences: 9.5 + 57.89 = 67.4 → 67.
HARD = (
    "Trivsels-topmødet samlede elevrådene fra kommunens skoler, og deltagerne diskuterede "
    "ensomhed, fællesskaber og fremtidens undervisning i timer. Kort sætning her."
)
EASY = "Børn leger i skolegården. De griner højt!"  # LIX 18


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def project_with(tmp_path: Path, texts: dict[str, str], extra_config: str = "") -> Path:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + extra_config, encoding="utf-8")
    for name, text in texts.items():
        write_entry(
            project,
            f"{name}.yaml",
            f"titel: {name.capitalize()}\ntype: program\ndato: 2024-04-15\ntekst: |\n  {text}\n",
        )
    return project


def test_a_hard_entry_gets_advice_naming_its_longest_sentences(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"svaer": HARD, "let": EASY})
    code, output = run("check", "--project", str(project), "--format", "json")
    assert code == 0  # advice never fails a normal check
    (advice,) = [item for item in json.loads(output) if item["kind"] == "lix"]
    assert advice["file"] == "entries/svaer.yaml"
    assert (advice["line"], advice["field"], advice["level"]) == (5, "tekst", "advarsel")
    assert advice["message"].startswith(
        "Teksten er svær at læse: LIX 67 (meget svær), grænsen er 55. De længste sætninger: "
        "»Trivsels-topmødet samlede elevrådene fra kommunens skoler, og deltagerne …« (16 ord) "
        "og »Kort sætning her.« (3 ord)."
    )


def test_the_terminal_labels_advice_as_writing_help_and_still_says_all_is_well(
    tmp_path: Path,
) -> None:
    project = project_with(tmp_path, {"svaer": HARD})
    code, output = run("check", "--project", str(project), "--uden-stavning")
    assert code == 0
    assert (
        "Skriveråd (læsbarhed) i entries/svaer.yaml, linje 5, felt »tekst«: Teksten er svær"
        in output
    )
    assert "0 fejl og 1 skriveråd fundet." in output
    assert "Alt i orden: 1 indslag tjekket, ingen fejl." in output


def test_strict_makes_advice_fatal(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"svaer": HARD})
    assert run("check", "--project", str(project), "--strict")[0] == 1
    easy = project_with(tmp_path / "let", {"let": EASY})
    assert run("check", "--project", str(easy), "--strict")[0] == 0


def test_ordinary_problems_keep_their_levels_and_have_no_kind(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"svaer": HARD})
    write_entry(project, "referat.docx", "ikke et indslag")
    write_entry(project, "brudt.yaml", "titel: x\n")
    _, output = run("check", "--project", str(project), "--format", "json", "--uden-stavning")
    levels = {(item["level"], item["kind"]) for item in json.loads(output)}
    assert levels == {("error", None), ("warning", None), ("advarsel", "lix")}


@pytest.mark.parametrize(
    ("limit", "advised"),
    [("80", False), ("67", True), ("68", False), ("20", True)],
)
def test_the_limit_comes_from_lix_graense(tmp_path: Path, limit: str, advised: bool) -> None:
    project = project_with(tmp_path, {"svaer": HARD}, f"lix_grænse: {limit}\n")
    code, output = run("check", "--project", str(project), "--format", "json")
    assert code == 0
    assert any(item["kind"] == "lix" for item in json.loads(output)) is advised


@pytest.mark.parametrize("value", ["høj", "0", "101", "-5", "55.5"])
def test_a_bad_lix_graense_is_a_danish_error(tmp_path: Path, value: str) -> None:
    project = project_with(tmp_path, {"let": EASY}, f"lix_grænse: {value}\n")
    code, output = run("check", "--project", str(project))
    assert code == 1
    assert "felt »lix_grænse«" in output and "Traceback" not in output
    assert "Skriv et tal fra 1 til 100 (standard 55)." in output


def test_check_lix_shows_each_entry_and_the_whole_memo(tmp_path: Path) -> None:
    project = project_with(
        tmp_path, {"svaer": HARD, "let": EASY}, 'memoer:\n  - periode: "2024-04"\n'
    )
    code, output = run("check", "--project", str(project), "--lix")
    assert code == 0
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("Titel"))
    assert header.split() == ["Titel", "Fil", "LIX", "Niveau", "Ord", "Sætninger"]
    rows = {
        line.split()[0]: line.split()[2:] for line in lines if line.startswith(("Svaer", "Let"))
    }
    assert rows == {"Let": ["18", "let", "7", "2"], "Svaer": ["67", "meget", "svær", "19", "2"]}
    assert "2 indslag; 1 med LIX 55 eller derover" in output
    # pooled: 26 words, 12 long, 4 sentences → 6.5 + 46.15 = 52.65 → 53
    assert "Hele notatet for 2024-04: LIX 53 (svær), 26 ord, 4 sætninger" in output


def test_check_lix_with_a_period_and_without_one(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"let": EASY})
    _, output = run("check", "--project", str(project), "--lix")
    assert "Hele notatet: ingen periode" in output
    _, output = run("check", "--project", str(project), "--lix", "--periode", "2024-04")
    assert "Hele notatet for 2024-04: LIX 18 (let), 7 ord, 2 sætninger" in output


def test_the_build_summary_has_the_memos_lix(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"svaer": HARD, "let": EASY})
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("html",))
    assert readability_line(result) == (
        "Læsbarhed: LIX 53 (svær); 1 indslag med LIX 55 eller derover "
        "(se »trivselreport check --lix«)."
    )
    easy = project_with(tmp_path / "let", {"let": EASY})
    result = build_memo(easy, PeriodChoice(month="2024-04"), formats=("html",))
    assert readability_line(result) == "Læsbarhed: LIX 18 (let)."


def test_build_prints_the_readability_line(tmp_path: Path) -> None:
    project = project_with(tmp_path, {"let": EASY})
    code, output = run(
        "build", "--project", str(project), "--period", "2024-04", "--format", "html"
    )
    assert code == 0
    assert "Læsbarhed: LIX 18 (let)." in output


# --- the serve form ----------------------------------------------------------------------------


def test_the_forms_preview_shows_the_writing_help_beside_the_text(small_project: Path) -> None:
    from .formclient import entry_files, forms_client

    data = {
        "titel": "Kursus",
        "type": "kursus",
        "dato": "2024-04-15",
        "tekst": f'Temaet "Tilhør". {HARD}',
        "handling": "forhaandsvis",
    }
    response = forms_client(small_project).post("/indslag/nyt", data)
    assert response.status_code == 200
    assert entry_files(small_project) == []  # nothing saved
    page = response.text
    advice = page[
        page.index('id="skrivehjaelp-tekst"') : page.index(
            "</div>", page.index('id="skrivehjaelp-tekst"')
        )
    ]
    assert "Skriveråd: </span>Teksten er svær at læse: LIX" in advice
    assert "2 lige anførselstegn (&#34;) vises som ”…” i notatet." in advice
    assert 'aria-describedby="hjaelp-tekst skrivehjaelp-tekst"' in page
    assert "Temaet ”Tilhør”." in page  # the preview in the memo's typography


def test_the_form_shows_no_writing_help_before_a_preview(small_project: Path) -> None:
    from .formclient import forms_client

    response = forms_client(small_project).get("/indslag/nyt")
    assert 'id="skrivehjaelp-tekst"' not in response.text


def test_the_preview_route_uses_the_projects_quotes(small_project: Path) -> None:
    from .formclient import forms_client

    config = small_project / "trivselreport.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'anførselstegn: "»«"\n', "utf-8")
    response = forms_client(small_project).post("/tekst/forhaandsvisning", {"tekst": '"a" 1-2'})
    assert response.text.strip() == "<p>»a« 1–2</p>"
