"""A section that gathers entries can show each entry's title as a sub-heading
(`vis_titler: ja`), with its date on the line under it (`vis_datoer: ja`): a real h3
under the section's h2 in the PDF's tag tree, the DOCX (Heading 3) and the Word HTML,
with the headings written inside an entry's text one level further down. Without the
keys a section reads as before."""

from __future__ import annotations

from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document as open_docx
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.body import Heading
from trivselreport.memo.document import Memo
from trivselreport.reading.config import load_config

from .pdf_reader import Element, read_tags

CONFIG = """\
organisation: "Testkommune"
titel: "Status {måned} {år}"
temaer: ["Tilhør"]
typer: [arrangement, kursus, møde]
sektioner:
  - overskrift: "Arrangementer"
    typer: [arrangement]
    indledning: "Arrangementer i perioden."
    vis_titler: ja
    vis_datoer: ja
  - overskrift: "Kurser"
    typer: [kursus]
    vis_titler: ja
  - overskrift: "Møder"
    typer: [møde]
"""

# (file, title, type, first day, last day or None, text)
ENTRIES = [
    ("a.yaml", "Sommerfest", "arrangement", "2024-04-02", "2024-04-04", "Festen samlede mange."),
    (
        "b.yaml",
        "Forældremøde om skærm",
        "arrangement",
        "2024-04-10",
        None,
        "Aftenen begyndte med et oplæg.\n\n## Program\n\nOplæg og drøftelse.\n\n"
        "### Efter pausen\n\nGrupper.\n",
    ),
    ("c.yaml", "Høstmarked", "arrangement", "2024-06-12", None, "Markedet planlægges nu."),
    ("d.yaml", "Kursus i leg", "kursus", "2024-04-08", None, "Et kursus for pædagoger."),
    (
        "e.yaml",
        "Kursus i ro",
        "kursus",
        "2024-04-15",
        None,
        "## Indhold\n\nPauser i løbet af dagen.",
    ),
    ("f.yaml", "Netværksmøde", "møde", "2024-04-20", None, "## Referat\n\nVi mødtes."),
]

# Every heading of the memo below its title, in reading order, as (level, text).
OUTLINE = [
    (2, "Arrangementer"),
    (3, "Sommerfest"),
    (3, "Forældremøde om skærm"),
    (4, "Program"),
    (5, "Efter pausen"),
    (3, "Høstmarked"),
    (2, "Kurser"),
    (3, "Kursus i leg"),
    (3, "Kursus i ro"),
    (4, "Indhold"),
    (2, "Møder"),
    (3, "Referat"),  # a section without the keys: a heading in a text is an h3, as before
]
# The line under each title, where there is one.
DATE_LINES = {
    "Sommerfest": "2.–4. april 2024",
    "Forældremøde om skærm": "10. april 2024",
    "Høstmarked": "Kommende – 12. juni 2024",  # still to come: the mark, with or without dates
}


def _yaml_block(text: str) -> str:
    return "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))


def make_project(folder: Path, config: str = CONFIG) -> Path:
    (folder / "entries").mkdir(parents=True)
    (folder / "trivselreport.yaml").write_text(config, encoding="utf-8")
    for name, title, kind, start, end, text in ENTRIES:
        until = f"slutdato: {end}\n" if end else ""
        (folder / "entries" / name).write_text(
            f"titel: {title}\ntype: {kind}\ndato: {start}\n{until}tekst: |\n" + _yaml_block(text),
            encoding="utf-8",
        )
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = make_project(tmp_path_factory.mktemp("titler") / "projekt")
    return build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf", "html", "docx"))


def _no_level_skipped(levels: list[int]) -> bool:
    return all(later <= earlier + 1 for earlier, later in pairwise(levels))


# --- the composed memo -------------------------------------------------------------------


def _memo(project: Path) -> Memo:
    return prepare_memo(project, PeriodChoice(month="2024-04")).memo


def test_each_entry_of_a_titled_section_carries_its_title_as_heading(tmp_path: Path) -> None:
    memo = _memo(make_project(tmp_path / "p"))
    arrangements, courses, meetings = memo.sections
    assert [item.heading for item in arrangements.items] == [
        "Sommerfest",
        "Forældremøde om skærm",
        "Høstmarked",
    ]
    assert [item.date_line for item in arrangements.items] == list(DATE_LINES.values())
    assert [item.heading for item in courses.items] == ["Kursus i leg", "Kursus i ro"]
    assert [item.date_line for item in courses.items] == [None, None]  # no vis_datoer
    assert [item.heading for item in meetings.items] == [None]
    assert [item.date_line for item in meetings.items] == [None]


def test_headings_inside_a_titled_entry_go_one_level_below_its_title(tmp_path: Path) -> None:
    memo = _memo(make_project(tmp_path / "p"))
    levels = {
        item.title: [block.level for block in item.body if isinstance(block, Heading)]
        for section in memo.sections
        for item in section.items
    }
    assert levels["Forældremøde om skærm"] == [4, 5]
    assert levels["Kursus i ro"] == [4]
    assert levels["Netværksmøde"] == [3]


# --- the Word HTML -----------------------------------------------------------------------


class _Blocks(HTMLParser):
    """The headings and paragraphs of the HTML's main part in order, as (tag, text)."""

    KEPT = ("h2", "h3", "h4", "h5", "p")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.inside = False
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.inside = True
        elif self.inside and tag in self.KEPT:
            self.open = tag
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.inside = False
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, " ".join((text + data).split()))


def _html_blocks(path: Path) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.blocks


def _after_each_title(blocks: list[tuple[str, str]], titles: set[str]) -> dict[str, str]:
    return {
        text: blocks[index + 1][1]
        for index, (_, text) in enumerate(blocks)
        if text in titles and index + 1 < len(blocks)
    }


@pytest.mark.pdf
def test_the_word_html_has_each_title_as_an_h3_in_order(built: BuildResult) -> None:
    blocks = _html_blocks(built.html_path)
    headings = [(int(tag[1]), text) for tag, text in blocks if tag != "p"]
    assert headings == OUTLINE
    assert _no_level_skipped([level for level, _ in headings])


@pytest.mark.pdf
def test_the_word_html_shows_the_date_under_each_title(built: BuildResult) -> None:
    blocks = _html_blocks(built.html_path)
    following = _after_each_title(blocks, {"Sommerfest", "Forældremøde om skærm", "Høstmarked"})
    assert following == DATE_LINES
    # The course section shows no dates: its first paragraph is the entry's own text.
    assert _after_each_title(blocks, {"Kursus i leg"}) == {
        "Kursus i leg": "Et kursus for pædagoger."
    }
    # The title is the heading: an upcoming entry does not repeat it in the mark.
    assert ("p", "Kommende – 12. juni 2024: Høstmarked") not in blocks
    assert "p.indslag-dato" in built.html_path.read_text(encoding="utf-8")  # its rule


# --- the DOCX ----------------------------------------------------------------------------


def _docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name if p.style else "", p.text) for p in open_docx(str(path)).paragraphs]


@pytest.mark.pdf
def test_the_docx_has_each_title_as_heading_3_in_order(built: BuildResult) -> None:
    paragraphs = _docx_paragraphs(built.docx_path)
    headings = [
        (int(style.removeprefix("Heading ")), text)
        for style, text in paragraphs
        if style.startswith("Heading ") and style != "Heading 1"
    ]
    assert headings == OUTLINE
    assert _no_level_skipped([level for level, _ in headings])


@pytest.mark.pdf
def test_the_docx_shows_the_date_under_each_title(built: BuildResult) -> None:
    paragraphs = _docx_paragraphs(built.docx_path)
    following = {
        text: paragraphs[index + 1]
        for index, (style, text) in enumerate(paragraphs)
        if style == "Heading 3" and text in DATE_LINES
    }
    assert following == {title: ("Normal", line) for title, line in DATE_LINES.items()}


# --- the PDF's tag tree ------------------------------------------------------------------


def _words(element: Element) -> str:
    return " ".join(element.text.split())


@pytest.mark.pdf
def test_the_pdf_tags_each_title_as_an_h3_under_its_sections_h2(built: BuildResult) -> None:
    reading = read_tags(built.pdf_path)
    headings = [
        (int(element.type[1]), _words(element))
        for element in reading.elements("H2", "H3", "H4", "H5")
    ]
    assert headings == OUTLINE
    assert _no_level_skipped([level for level, _ in headings])


@pytest.mark.pdf
def test_the_pdf_puts_the_date_right_after_the_title_in_the_entrys_element(
    built: BuildResult,
) -> None:
    reading = read_tags(built.pdf_path)
    following = {}
    for heading in reading.elements("H3"):
        parent = reading.parent(heading)
        assert parent is not None
        siblings = parent.children
        after = siblings[siblings.index(heading) + 1]
        following[_words(heading)] = (after.type, _words(after))
    assert {title: following[title] for title in DATE_LINES} == {
        title: ("P", line) for title, line in DATE_LINES.items()
    }
    assert following["Kursus i leg"] == ("P", "Et kursus for pædagoger.")


# --- without the keys --------------------------------------------------------------------


def test_without_the_keys_or_with_nej_the_memo_is_as_before(tmp_path: Path) -> None:
    """`vis_titler: nej` and `vis_datoer: nej` are the defaults: the Word HTML is the same
    bytes as without the lines, and no entry stands under a heading of its own."""
    plain = CONFIG.replace("    vis_titler: ja\n", "").replace("    vis_datoer: ja\n", "")
    said_no = CONFIG.replace("vis_titler: ja", "vis_titler: nej").replace(
        "vis_datoer: ja", "vis_datoer: nej"
    )
    outputs = []
    for name, config in (("uden", plain), ("nej", said_no)):
        project = make_project(tmp_path / name, config)
        result = build_memo(project, PeriodChoice(month="2024-04"), formats=("html",))
        outputs.append(result.html_path.read_bytes())
        blocks = _html_blocks(result.html_path)
        assert [text for tag, text in blocks if tag == "h3"] == [
            "Program",
            "Indhold",
            "Referat",
        ]
        assert [text for tag, text in blocks if tag == "h4"] == ["Efter pausen"]
        assert ("p", "Kommende – 12. juni 2024: Høstmarked") in blocks
        assert 'class="indslag-dato"' not in result.html_path.read_text(encoding="utf-8")
    assert outputs[0] == outputs[1]


# --- check and init ----------------------------------------------------------------------


def test_check_names_file_line_and_field_of_vis_datoer_without_vis_titler(
    tmp_path: Path,
) -> None:
    config = CONFIG.replace("    vis_titler: ja\n    vis_datoer: ja\n", "    vis_datoer: ja\n")
    project = make_project(tmp_path / "p", config)
    result = CliRunner().invoke(app, ["check", "--project", str(project)])
    assert result.exit_code == 1
    line = config.splitlines().index("    vis_datoer: ja") + 1
    assert (
        f"Fejl i trivselreport.yaml, linje {line}, felt »sektioner[1].vis_datoer«: "
        "»vis_datoer: ja« virker kun sammen med »vis_titler: ja«"
    ) in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_a_fresh_projects_arrangements_show_their_titles_and_dates(tmp_path: Path) -> None:
    folder = tmp_path / "nyt"
    result = CliRunner().invoke(app, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    sections = {s.heading: s for s in load_config(folder).sections}
    assert (sections["Arrangementer"].show_titles, sections["Arrangementer"].show_dates) == (
        True,
        True,
    )
    # A section whose entries are their own sections cannot also show titles.
    assert sections["Kurser og workshops"].own_headings
    assert not sections["Kurser og workshops"].show_titles
