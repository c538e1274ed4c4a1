"""The committee overview never passes off a sum of some activities as the sum of all.

Where only some of a row's activities give a number of participants, the cell says
how many the number covers ("25 (oplyst for 2 af 3)"), and the note under the
heading explains the parenthesis; where none does, the cell says "ikke oplyst";
where all do, the bare number. The same words in the DOCX, the Word HTML and the
PDF's HTML, as the writers share `Overview`.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.memo import wording
from trivselreport.memo.overview import participants_text

from .conftest import SMALL_CONFIG, write_entry
from .test_documents import open_docx


def entry(title: str, kind: str, themes: str, participants: int | None) -> str:
    count = f"deltagere: {participants}\n" if participants is not None else ""
    return (
        f"titel: {title}\ntype: {kind}\ndato: 2024-04-0{len(title)}\n"
        f"temaer: [{themes}]\n{count}tekst: Om {title}.\n"
    )


@pytest.fixture(scope="module")
def partly_counted(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Tilhør: 2 of 3 activities gave a number; Tempo og pauser: 1 of 1; the third
    theme: none of 1."""
    project = tmp_path_factory.mktemp("delvis") / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + "oversigt: ja\n", encoding="utf-8")
    write_entry(project, "a.yaml", entry("A", "kursus", "Tilhør", 10))
    write_entry(project, "bb.yaml", entry("BB", "arrangement", "Tilhør, Tempo og pauser", 15))
    write_entry(project, "ccc.yaml", entry("CCC", "kursus", "Tilhør", None))
    write_entry(
        project,
        "dddd.yaml",
        entry("DDDD", "kursus", "Hvordan forstår vi sundhed i et trivselsperspektiv?", None),
    )
    return build_memo(project, PeriodChoice(month="2024-04"), formats=("docx", "html"))


EXPECTED = {
    "Tilhør": ["3", "25 (oplyst for 2 af 3)"],
    "Tempo og pauser": ["1", "15"],
    "Hvordan forstår vi sundhed i et trivselsperspektiv?": ["1", "ikke oplyst"],
    "Aktiviteter i alt": ["4", "25 (oplyst for 2 af 4)"],
}


def test_participants_text_says_what_a_number_covers() -> None:
    assert participants_text(None, 0, 4) == "ikke oplyst"
    assert participants_text(None, 0, 0) == "ikke oplyst"
    assert participants_text(120, 1, 4) == "120 (oplyst for 1 af 4)"
    assert participants_text(120, 4, 4) == "120"
    assert participants_text(0, 2, 2) == "0"


def test_the_memos_overview_marks_partial_sums(partly_counted: BuildResult) -> None:
    overview = partly_counted.memo.overview
    assert overview is not None
    cells = {row.theme: [str(row.activities), row.participants_text] for row in overview.rows}
    cells[overview.total_label] = [
        str(overview.total_activities),
        overview.total_participants_text,
    ]
    assert cells == EXPECTED
    assert overview.note.endswith(wording.OVERVIEW_PARTLY_NOTE)


def test_the_docx_overview_table_marks_partial_sums(partly_counted: BuildResult) -> None:
    document: Any = open_docx(str(partly_counted.docx_path))
    (table,) = document.tables
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows[1:]}
    assert rows == EXPECTED
    assert any(wording.OVERVIEW_PARTLY_NOTE in p.text for p in document.paragraphs)


def test_the_word_html_overview_table_marks_partial_sums(partly_counted: BuildResult) -> None:
    text = partly_counted.html_path.read_text(encoding="utf-8")
    table = text[text.index("<table") : text.index("</table>")]
    rows = [
        [
            html.unescape(re.sub(r"<[^>]*>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert {row[0]: row[1:] for row in rows if row and row[0] in EXPECTED} == EXPECTED
    assert wording.OVERVIEW_PARTLY_NOTE in html.unescape(text)


def test_the_pdf_html_overview_table_marks_partial_sums(partly_counted: BuildResult) -> None:
    from trivselreport.writers.html.render import render_pdf_html

    project = partly_counted.docx_path.parents[2]
    text = html.unescape(render_pdf_html(partly_counted.memo, project))
    assert "25 (oplyst for 2 af 3)" in text and "25 (oplyst for 2 af 4)" in text
    assert wording.OVERVIEW_PARTLY_NOTE in text


def test_an_overview_whose_rows_are_whole_or_empty_marks_only_the_total(tmp_path: Path) -> None:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + "oversigt: ja\n", encoding="utf-8")
    write_entry(project, "a.yaml", entry("A", "kursus", "Tilhør", 10))
    write_entry(project, "bb.yaml", entry("BB", "kursus", "Tempo og pauser", None))
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("html",))
    overview = result.memo.overview
    assert overview is not None
    assert [row.participants_text for row in overview.rows][:2] == ["10", "ikke oplyst"]
    assert overview.total_participants_text == "10 (oplyst for 1 af 2)"
    assert overview.note.endswith(wording.OVERVIEW_PARTLY_NOTE)


def test_an_overview_where_every_activity_gives_a_number_keeps_the_plain_note(
    tmp_path: Path,
) -> None:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + "oversigt: ja\n", encoding="utf-8")
    write_entry(project, "a.yaml", entry("A", "kursus", "Tilhør", 10))
    write_entry(project, "bb.yaml", entry("BB", "kursus", "Tilhør, Tempo og pauser", 1250))
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("html",))
    overview = result.memo.overview
    assert overview is not None
    assert overview.note == wording.OVERVIEW_NOTE
    assert [row.participants_text for row in overview.rows][:2] == ["1260", "1250"]
    assert overview.total_participants_text == "1260"
