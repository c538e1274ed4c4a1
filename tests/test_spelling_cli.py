"""`trivselreport check` and its spelling advice: the text and JSON it prints, --strict,
--tilføj-ord and ordliste.txt, --uden-stavning, and the note without a dictionary.
Needs the real Danish dictionary (they fail without it, never skip)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.memo.writing import spelling

from .conftest import write_entry

ENTRY = "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: |\n  Alle kan biddrage.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def misspelt(small_project: Path) -> Path:
    assert spelling.load_dictionary() is not None, "run scripts/install-system-packages"
    write_entry(small_project, "a.yaml", ENTRY)
    return small_project


def test_json_names_kind_stavning_and_level_advarsel(misspelt: Path) -> None:
    code, out, _ = run("check", "--project", str(misspelt), "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "file": "entries/a.yaml",
            "line": 5,
            "field": "tekst",
            "level": "advarsel",
            "kind": "stavning",
            "message": "»biddrage« er måske stavet forkert – mente du »bidrage«?",
            "hint": "Er ordet rigtigt (fx et navn), så tilføj det til ordliste.txt: "
            "»trivselreport check --tilføj-ord biddrage«.",
        }
    ]


def test_the_text_output_labels_advice_and_counts_it(misspelt: Path) -> None:
    code, _, err = run("check", "--project", str(misspelt))
    assert code == 0
    assert (
        "Skriveråd (stavning) i entries/a.yaml, linje 5, felt »tekst«: »biddrage« er måske "
        "stavet forkert – mente du »bidrage«?"
    ) in err
    assert "0 fejl og 1 skriveråd fundet." in err


def test_strict_makes_advice_fatal(misspelt: Path) -> None:
    assert run("check", "--project", str(misspelt), "--strict")[0] == 1
    assert run("check", "--project", str(misspelt), "--streng", "--uden-stavning")[0] == 0


def test_add_word_creates_the_word_list_then_checks(misspelt: Path) -> None:
    code, out, _ = run("check", "--project", str(misspelt), "--tilføj-ord", "biddrage")
    assert code == 0
    assert "Tilføjet til ordliste.txt: »biddrage«." in out
    assert "Alt i orden: 1 indslag tjekket" in out
    lines = (misspelt / "ordliste.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == ["biddrage"]


def test_add_word_appends_without_duplicates_and_leaves_other_files(misspelt: Path) -> None:
    (misspelt / "ordliste.txt").write_text("# vores ord\nViften", encoding="utf-8")
    entry_before = (misspelt / "entries" / "a.yaml").read_bytes()
    code, out, _ = run(
        "check",
        "--project",
        str(misspelt),
        "--tilføj-ord",
        "Viften",
        "--add-word",
        "Rødovredagen",
        "--tilføj-ord",
        "Rødovredagen",
    )
    assert code == 0
    assert "Tilføjet til ordliste.txt: »Rødovredagen«." in out
    assert "Står allerede i ordliste.txt: »Viften«." in out
    text = (misspelt / "ordliste.txt").read_text(encoding="utf-8")
    assert text == "# vores ord\nViften\nRødovredagen\n"
    assert (misspelt / "entries" / "a.yaml").read_bytes() == entry_before
    assert sorted(path.name for path in misspelt.iterdir()) == [
        ".trivselreport-cache",  # check's own cache of the entries' results (git-ignored)
        "entries",
        "ordliste.txt",
        "trivselreport.yaml",
    ]


def test_an_empty_word_is_refused(misspelt: Path) -> None:
    code, _, err = run("check", "--project", str(misspelt), "--tilføj-ord", " ")
    assert code == 1
    assert "Der er intet ord at tilføje." in err
    assert not (misspelt / "ordliste.txt").exists()


def test_without_a_dictionary_a_note_and_the_check_goes_on(
    misspelt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spelling, "load_dictionary", lambda: None)
    code, out, _ = run("check", "--project", str(misspelt), "--strict")
    assert code == 0
    assert "Bemærk: Stavekontrol er ikke mulig: den danske ordbog (hunspell-da)" in out
    assert "Alt i orden" in out
    code, out, err = run("check", "--project", str(misspelt), "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    assert "Stavekontrol er ikke mulig" in err


def test_the_example_project_spells_clean_with_its_word_list(example_copy: Path) -> None:
    code, out, _ = run("check", "--project", str(example_copy), "--strict")
    assert code == 0, out
    (example_copy / "ordliste.txt").unlink()
    code, out, _ = run("check", "--project", str(example_copy), "--format", "json")
    words = {item["message"].split("«")[0][1:] for item in json.loads(out)}
    assert "Rødovredagen" in words
    assert {item["kind"] for item in json.loads(out)} == {"stavning"}


def test_build_counts_the_advice_in_its_summary_and_builds(misspelt: Path) -> None:
    build = ("build", "--project", str(misspelt), "--period", "2024-04", "--format", "html")
    code, out, _ = run(*build)
    assert code == 0, out
    assert (
        "Stavning: 1 ord i notatets tekster kender ordbogen ikke; »trivselreport check« viser "
        "hvilke (skriveråd, notatet er bygget)."
    ) in out
    (misspelt / "ordliste.txt").write_text("biddrage\n", encoding="utf-8")
    code, out, _ = run(*build)
    assert code == 0 and "Bygget:" in out
    assert "Stavning: ordbogen kender alle ord i notatets tekster." in out
