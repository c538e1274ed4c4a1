"""`check` and `build` warn about characters the memo's PDF would draw as empty boxes,
with file, line and field, like every other finding; the build still writes the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app

from .conftest import REPO_ROOT, SMALL_CONFIG, write_entry
from .hidden_data import png

runner = CliRunner()

BOX = "findes ikke i notatets skrifttype og bliver vist som en tom firkant i PDF'en."
HINT = "Skriv det med ord, eller brug et andet tegn (fx → eller ✓)."


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{result.exception!r}\n{result.output}"
    )
    return result.exit_code, result.output


def glyph_warnings(project: Path) -> list[dict[str, object]]:
    code, output = run("check", "--project", str(project), "--format", "json")
    assert code == 0, output
    problems = json.loads(output)
    return [problem for problem in problems if BOX in str(problem["message"])]


def where(problems: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [
        (p["file"], p["line"], p["field"], str(p["message"]).split(" findes")[0]) for p in problems
    ]


ENTRY = """\
titel: Kursus om ℃
type: kursus
dato: 2024-04-15
ansvarlig: "Team ✂"
tekst: |
  Første linje → ✓ ➢ €.
  Ring ☎ eller &#9742;, eller se [siden](https://eksempel.dk/☎).

  + Et punkt med 😀 og ☎
"""


def test_check_names_file_line_and_field_of_each_character(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    found = glyph_warnings(small_project)
    assert sorted(where(found)) == [
        ("entries/a.yaml", 1, "titel", "Tegnet »℃« (U+2103)"),
        ("entries/a.yaml", 4, "ansvarlig", "Tegnet »✂« (U+2702)"),
        ("entries/a.yaml", 7, "tekst", "Tegnet »☎« (U+260E)"),  # once per text
        ("entries/a.yaml", 9, "tekst", "Tegnet »😀« (U+1F600)"),
    ]
    assert {(p["level"], p["hint"]) for p in found} == {("warning", HINT)}
    assert all(
        set(p) == {"file", "line", "field", "level", "kind", "message", "hint"} for p in found
    )
    assert all(p["kind"] is None for p in found)


def test_check_shows_the_warning_in_its_text_and_fails_only_with_strict(
    small_project: Path,
) -> None:
    write_entry(small_project, "a.yaml", ENTRY.replace("℃", "C").replace("✂", "x"))
    code, output = run("check", "--project", str(small_project))
    assert code == 0, output
    assert "Advarsel i entries/a.yaml, linje 7, felt »tekst«: Tegnet »☎« (U+260E) " + BOX in output
    assert f"→ {HINT}" in output
    assert "0 fejl og 2 advarsler fundet." in output
    code, output = run("check", "--project", str(small_project), "--strict")
    assert code == 1
    assert "Tegnet »☎« (U+260E)" in output


def test_config_texts_and_introductions_are_looked_at_but_not_forbidden_words(
    small_project: Path,
) -> None:
    config = (
        SMALL_CONFIG.replace('"Testkommune"', '"Testkommune ☎"')
        .replace('indledning: "Arrangementer i perioden."', "indledning: |\n      Se\n      Ⅻ")
        .replace('"Tilhør"', '"Tilhør ✂"')
    )
    config += 'forbudte_ord: ["Ⅻ ℃"]\n'
    (small_project / "trivselreport.yaml").write_text(config, encoding="utf-8")
    write_entry(small_project, "a.yaml", ENTRY.replace("℃", "C").replace("✂", "x"))
    write_entry(small_project, "b.yaml", ENTRY.replace("Kursus om ℃", "Andet").replace("✂", "x"))
    (small_project / "indledninger").mkdir()
    (small_project / "indledninger" / "2024-04.md").write_text(
        "Indledning\n\nMed ع og\n**א**.\n", encoding="utf-8"
    )
    found = [p for p in where(glyph_warnings(small_project)) if p[0] != "entries/a.yaml"]
    assert sorted(found, key=str) == sorted(
        [
            ("entries/b.yaml", 7, "tekst", "Tegnet »☎« (U+260E)"),
            ("entries/b.yaml", 9, "tekst", "Tegnet »😀« (U+1F600)"),
            ("indledninger/2024-04.md", 3, None, "Tegnet »ع« (U+0639)"),
            ("indledninger/2024-04.md", 4, None, "Tegnet »א« (U+05D0)"),
            ("trivselreport.yaml", 1, "organisation", "Tegnet »☎« (U+260E)"),
            ("trivselreport.yaml", 4, "temaer", "Tegnet »✂« (U+2702)"),
            ("trivselreport.yaml", 13, "sektioner", "Tegnet »Ⅻ« (U+216B)"),
        ],
        key=str,
    )


def test_internal_entries_and_picture_captions_are_looked_at_but_not_descriptions(
    small_project: Path,
) -> None:
    (small_project / "entries" / "foto.png").write_bytes(png())
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Intern
        type: kursus
        dato: 2024-04-15
        intern: ja
        tekst: Ring ☎.
        billeder:
          - fil: foto.png
            alt: Et billede af ✂
            tekst: Billedtekst med Ⅻ
        """,
    )
    assert where(glyph_warnings(small_project)) == [
        ("entries/a.yaml", 5, "tekst", "Tegnet »☎« (U+260E)"),
        ("entries/a.yaml", 9, "billeder", "Tegnet »Ⅻ« (U+216B)"),
    ]


def test_invisible_characters_give_no_warning(small_project: Path) -> None:
    text = "ord\u00adled og ❤\ufe0f og a\u2060b og a\u200bb og e\u0301"
    write_entry(
        small_project,
        "a.yaml",
        f'titel: Usynligt\ntype: kursus\ndato: 2024-04-15\ntekst: "{text}"\n',
    )
    assert glyph_warnings(small_project) == []


def test_the_example_project_gives_no_such_warning() -> None:
    assert glyph_warnings(REPO_ROOT) == []


@pytest.mark.pdf
def test_a_pdf_build_writes_the_pdf_and_prints_the_warning(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    code, output = run(
        "build", "--project", str(small_project), "--period", "2024-04", "--format", "pdf"
    )
    assert code == 0, output
    assert (small_project / "output" / "2024-04" / "status-april-2024.pdf").is_file()
    assert "Advarsel i entries/a.yaml, linje 1, felt »titel«: Tegnet »℃« (U+2103) " + BOX in output
    assert "0 fejl og 4 advarsler fundet." in output


def test_a_build_without_the_pdf_does_not_warn(small_project: Path) -> None:
    write_entry(small_project, "a.yaml", ENTRY)
    code, output = run(
        "build", "--project", str(small_project), "--period", "2024-04", "--format", "html"
    )
    assert code == 0, output
    assert (small_project / "output" / "2024-04" / "status-april-2024.html").is_file()
    assert BOX not in output
