"""A text pasted from Word (bullets with tabs, one line per paragraph), a Markdown table
and a heading inside an entry reach all three formats as real lists, paragraphs, tables
with a header row and sub-headings: the PDF's tag tree, the DOCX and the Word HTML. The
personal-data guard reads the cells and the pasted items as the reader does."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.commands.checking import check_project
from trivselreport.errors import UserError

from .conftest import write_entry
from .pdf_reader import Element, read_tags
from .test_publication import CONFIG_FIELDS, ENTRY_FIELDS, only_the_door, project_with

__all__ = ["only_the_door"]  # the fixture, used by name below

PASTED = (
    "Forløbet samlede lærere og pædagoger fra tre skoler.\r\n"
    "Vi arbejdede med:\r\n"
    "•\tTilhør i klassen\r\n"
    "•\tTempo og pauser\r\n"
    "Deltagerne gav forløbet en høj vurdering.\r\n"
    "Næste forløb begynder i maj."
)
TABLE = (
    "## Deltagere fordelt på skoler\n"
    "\n"
    "| Skole | Deltagere |\n"
    "|---|--:|\n"
    "| Avedøre Skole | 12 |\n"
    "| Engstrandskolen | 9 |\n"
)
PARAGRAPHS = [
    "Forløbet samlede lærere og pædagoger fra tre skoler.",
    "Vi arbejdede med:",
    "Deltagerne gav forløbet en høj vurdering.",
    "Næste forløb begynder i maj.",
]
ITEMS = ["Tilhør i klassen", "Tempo og pauser"]
HEADER = ["Skole", "Deltagere"]
ROWS = [["Avedøre Skole", "12"], ["Engstrandskolen", "9"]]


def _yaml_block(text: str) -> str:
    return "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("tekstblokke") / "projekt"
    (project / "entries").mkdir(parents=True)
    from .conftest import SMALL_CONFIG

    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    # The pasted text exactly as Word puts it on the clipboard (CR LF), in a YAML string.
    quoted = PASTED.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    quoted = quoted.replace("\n", "\\n").replace("\t", "\\t")
    write_entry(
        project,
        "a.yaml",
        f'titel: Forløb\ntype: arrangement\ndato: 2024-04-02\ntekst: "{quoted}"\n',
    )
    (project / "entries" / "b.yaml").write_text(
        "titel: Opgørelse\ntype: møde\ndato: 2024-04-03\ntekst: |\n" + _yaml_block(TABLE),
        encoding="utf-8",
    )
    return build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf", "html", "docx"))


# --- the Word HTML -----------------------------------------------------------------------


class _Html(HTMLParser):
    """The text of each p, li, h3, th and td of the HTML, and the attributes of each th."""

    RECORDED = ("p", "li", "h2", "h3", "h4", "th", "td")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.th_attributes: list[dict[str, str | None]] = []
        self.open: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "th":
            self.th_attributes.append(dict(attrs))
        if tag in self.RECORDED:
            self.open.append(tag)
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.RECORDED and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)

    def texts(self, tag: str) -> list[str]:
        return [" ".join(text.split()) for name, text in self.blocks if name == tag]


def _word_html(result: BuildResult) -> _Html:
    parser = _Html()
    parser.feed(result.html_path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.pdf
def test_the_word_html_has_the_pasted_list_and_each_line_as_a_paragraph(
    built: BuildResult,
) -> None:
    html = _word_html(built)
    assert [text for text in html.texts("p") if text in PARAGRAPHS] == PARAGRAPHS
    assert html.texts("li") == ITEMS
    assert "•" not in built.html_path.read_text(encoding="utf-8")


@pytest.mark.pdf
def test_the_word_html_has_the_table_with_a_header_row_and_the_heading_as_h3(
    built: BuildResult,
) -> None:
    html = _word_html(built)
    assert html.texts("th") == HEADER
    assert html.texts("td") == [cell for row in ROWS for cell in row]
    assert all(attributes.get("scope") == "col" for attributes in html.th_attributes)
    assert html.texts("h3") == ["Deltagere fordelt på skoler"]
    assert "##" not in built.html_path.read_text(encoding="utf-8")


# --- the DOCX ----------------------------------------------------------------------------


def _docx(result: BuildResult) -> Any:
    return open_docx(str(result.docx_path))


@pytest.mark.pdf
def test_the_docx_has_the_pasted_list_and_each_line_as_a_paragraph(built: BuildResult) -> None:
    paragraphs = [(p.style.name, p.text) for p in _docx(built).paragraphs]
    assert [text for _, text in paragraphs if text in PARAGRAPHS] == PARAGRAPHS
    assert [text for style, text in paragraphs if style == "List Bullet"] == ITEMS
    listed = [p for p in _docx(built).paragraphs if p.style.name == "List Bullet"]
    assert all(p._p.find(qn("w:pPr")).find(qn("w:numPr")) is not None for p in listed)


@pytest.mark.pdf
def test_the_docx_has_a_word_table_with_a_repeated_header_row(built: BuildResult) -> None:
    [table] = _docx(built).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [HEADER, *ROWS]
    header = table.rows[0]._tr
    flag = header.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) == "true"
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right, as "--:" asks


@pytest.mark.pdf
def test_the_docx_heading_is_a_word_heading_below_the_sections(built: BuildResult) -> None:
    paragraphs = [(p.style.name, p.text) for p in _docx(built).paragraphs]
    assert ("Heading 3", "Deltagere fordelt på skoler") in paragraphs
    assert not any(text.startswith("#") for _, text in paragraphs)


# --- the PDF's tag tree ------------------------------------------------------------------


def _words(element: Element) -> str:
    return " ".join(element.text.split())


@pytest.mark.pdf
def test_the_pdf_tags_the_pasted_list_as_a_list_and_each_line_as_a_paragraph(
    built: BuildResult,
) -> None:
    reading = read_tags(built.pdf_path)
    assert [text for p in reading.elements("P") if (text := _words(p)) in PARAGRAPHS] == (
        PARAGRAPHS
    )
    bodies = [_words(item.children[1]) for item in reading.elements("LI")]
    assert bodies == ITEMS


@pytest.mark.pdf
def test_the_pdf_tags_the_table_with_header_cells_and_the_heading_as_h3(
    built: BuildResult,
) -> None:
    reading = read_tags(built.pdf_path)
    [table] = reading.elements("Table")
    rows = reading.elements("TR")
    assert [[cell.type for cell in row.children] for row in rows] == [
        ["TH", "TH"],
        ["TD", "TD"],
        ["TD", "TD"],
    ]
    assert [[_words(cell) for cell in row.children] for row in rows] == [HEADER, *ROWS]
    headers = reading.elements("TH")
    assert all(str(th.attributes["Scope"]) == "/Column" for th in headers)
    for row in rows[1:]:
        for column, cell in enumerate(row.children):
            assert [str(name) for name in cell.attributes["Headers"]] == [headers[column].id]
    assert [_words(heading) for heading in reading.elements("H3")] == [
        "Deltagere fordelt på skoler"
    ]
    assert table is not None


# --- the guard ---------------------------------------------------------------------------

TABLE_WITH = "| Barn | Nummer |\n|---|---|\n| A | {cpr} |"
BULLETS_WITH = "Deltog:\n•\tEt barn\n•\tNummer {cpr}"


@pytest.mark.parametrize("shape", [TABLE_WITH, BULLETS_WITH])
@pytest.mark.parametrize("cpr", ["010312-1234", "0103**12**-1234", "010312&#45;1234"])
def test_check_finds_a_cpr_number_in_a_table_cell_and_a_pasted_bullet(
    tmp_path: Path, shape: str, cpr: str
) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, tekst=shape.format(cpr=cpr)))
    problems = [p for p in check_project(project).problems if "CPR" in p.message]
    assert problems and all(p.field == "tekst" for p in problems)
    # The line of the row or item that holds it: the text's third line, line 13 of the file.
    assert {p.line for p in problems} == {13}


@pytest.mark.parametrize("shape", [TABLE_WITH, BULLETS_WITH])
@pytest.mark.parametrize("cpr", ["010312-1234", "0103**12**-1234"])
def test_the_door_refuses_a_cpr_number_in_a_table_cell_and_a_pasted_bullet(
    tmp_path: Path, only_the_door: None, shape: str, cpr: str
) -> None:
    project = project_with(tmp_path, CONFIG_FIELDS, dict(ENTRY_FIELDS, tekst=shape.format(cpr=cpr)))
    with pytest.raises(UserError) as refused:
        build_memo(project, PeriodChoice(month="2024-04"), formats=("html",))
    assert "CPR-nummer (010312-****)" in refused.value.problems[0].message


@pytest.mark.pdf
def test_the_word_html_carries_the_table_rules_only_when_a_text_has_a_table(
    built: BuildResult, small_project: Path
) -> None:
    rule = "th { text-align: left; font-weight: bold;"
    assert rule in built.html_path.read_text(encoding="utf-8")
    write_entry(small_project, "a.yaml", "titel: A\ntype: møde\ndato: 2024-04-02\ntekst: Tekst.\n")
    plain = build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    assert rule not in plain.html_path.read_text(encoding="utf-8")


@pytest.mark.pdf
def test_a_table_and_a_heading_inside_a_list_item_reach_every_format(
    small_project: Path,
) -> None:
    text = "- Punkt\n\n  ## Under punktet\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- Næste\n"
    (small_project / "entries" / "c.yaml").write_text(
        "titel: Liste\ntype: møde\ndato: 2024-04-02\ntekst: |\n" + _yaml_block(text),
        encoding="utf-8",
    )
    result = build_memo(
        small_project, PeriodChoice(month="2024-04"), formats=("pdf", "html", "docx")
    )
    [table] = _docx(result).tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [["a", "b"], ["1", "2"]]
    styles = [p.style.name for p in _docx(result).paragraphs]
    assert "Heading 3" in styles and styles.count("List Bullet") == 2
    html = _word_html(result)
    assert html.texts("th") == ["a", "b"] and html.texts("h3") == ["Under punktet"]
    reading = read_tags(result.pdf_path)
    assert [_words(th) for th in reading.elements("TH")] == ["a", "b"]


def test_check_passes_a_text_with_a_paste_a_table_and_headings(small_project: Path) -> None:
    (small_project / "entries" / "d.yaml").write_text(
        "titel: Alt på én gang\ntype: møde\ndato: 2024-04-02\ntekst: |\n"
        + _yaml_block("## Baggrund\n" + PASTED.replace("\r", "") + "\n\n" + TABLE + "\n### Sidst"),
        encoding="utf-8",
    )
    # (The school's name is no dictionary word: the spelling advice is another test's.)
    assert check_project(small_project, spelling=False).problems == []


@pytest.mark.pdf
def test_a_heading_in_the_introduction_is_a_level_below_the_title(small_project: Path) -> None:
    (small_project / "indledninger").mkdir()
    (small_project / "indledninger" / "2024-04.md").write_text(
        "Notatet fortæller om april.\n\n## Baggrund\n\nTekst.\n\n### Detaljer\n", encoding="utf-8"
    )
    write_entry(small_project, "a.yaml", "titel: A\ntype: møde\ndato: 2024-04-02\ntekst: Tekst.\n")
    result = build_memo(
        small_project, PeriodChoice(month="2024-04"), formats=("pdf", "html", "docx")
    )
    html = _word_html(result)
    assert html.texts("h2")[0] == "Baggrund" and html.texts("h3") == ["Detaljer"]
    styles = [(p.style.name, p.text) for p in _docx(result).paragraphs]
    assert ("Heading 2", "Baggrund") in styles and ("Heading 3", "Detaljer") in styles
    reading = read_tags(result.pdf_path)
    assert "Baggrund" in [_words(h) for h in reading.elements("H2")]
    assert [_words(h) for h in reading.elements("H3")] == ["Detaljer"]


def test_the_forms_preview_shows_a_paste_as_the_memo_does(small_project: Path) -> None:
    from .formclient import forms_client

    client = forms_client(small_project)
    response = client.client.post(
        "/tekst/forhaandsvisning",
        # One text without blank lines: a heading, the paste, a table.
        data={"tekst": "## Deltagere fordelt på skoler\n" + PASTED + "\n" + TABLE.split("\n\n")[1]},
        headers={"X-CSRF-Token": client.token},
    )
    assert response.status_code == 200
    assert "<li>Tilhør i klassen</li>" in response.text
    assert "<p>Næste forløb begynder i maj.</p>" in response.text
    assert '<th scope="col">Skole</th>' in response.text
    assert "<h3>Deltagere fordelt på skoler</h3>" in response.text
