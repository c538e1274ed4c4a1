"""The memo's PDF as a screen reader meets it: through the structure tree.

Read with ``pdf_reader`` (structure tree, marked content, /ActualText; no geometry), on
the example memo and on memos made to cross pages inside a paragraph, a list and a table:
one structure element per element of the memo, the memo's exact words, page furniture
only as Pagination artifacts, table headers with scope, links described in words.
"""

from __future__ import annotations

import random
import re
import shutil
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.errors import UserError
from trivselreport.memo.wording import OVERVIEW_CAPTION as TABLE_CAPTION
from trivselreport.writers.html.render import INTERNAL_LABEL, render_pdf_html

from .conftest import REPO_ROOT, write_entry
from .pdf_reader import Annotation, Element, Reading, read_tags

pytestmark = pytest.mark.pdf


# --- the source, as the memo's HTML gives it -----------------------------------------


class _Blocks(HTMLParser):
    """The text of each block element of the HTML, as a reader should hear it: an
    abbreviation by its expansion, an SVG chart by nothing (it has its alternative)."""

    RECORDED = ("p", "li", "h1", "h2", "h3", "th", "td", "caption", "figcaption")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[str]]] = []
        self.open: list[int] = []
        self.counts: dict[str, int] = {}
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag in ("svg", "abbr"):
            self.skip += 1
            title = dict(attrs).get("title")
            if tag == "abbr" and title and self.open:
                self.blocks[self.open[-1]][1].append(f" {title} ")
        elif tag in self.RECORDED:
            self.open.append(len(self.blocks))
            self.blocks.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "abbr"):
            self.skip -= 1
        elif tag in self.RECORDED and self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and not self.skip:
            self.blocks[self.open[-1]][1].append(data)


@dataclass
class Source:
    blocks: list[tuple[str, list[str]]]
    counts: dict[str, int]

    def words(self, tag: str) -> list[list[str]]:
        return ["".join(parts).split() for kind, parts in self.blocks if kind == tag]


def source_of(result: BuildResult, project: Path) -> Source:
    parser = _Blocks()
    parser.feed(render_pdf_html(result.memo, project))
    return Source(parser.blocks, parser.counts)


def own_words(element: Element) -> list[str]:
    """The words of an element, without those of the lists nested in it."""
    parts = [
        kid.text
        if not isinstance(kid, Element)
        else ""
        if kid.type == "L"
        else " ".join(own_words(kid))
        for kid in element.kids
        if not isinstance(kid, Annotation)
    ]
    return "".join(parts).split()


@dataclass
class Built:
    result: BuildResult
    project: Path
    reading: Reading
    source: Source


def built(project: Path, internal: bool = False) -> Built:
    result = build_memo(project, PeriodChoice(month="2024-04"), internal=internal, formats=("pdf",))
    return Built(result, project, read_tags(result.pdf_path), source_of(result, project))


def copy_example(target: Path) -> Path:
    shutil.copy2(REPO_ROOT / "trivselreport.yaml", target)
    for folder in ("entries", "indledninger", "templates"):
        shutil.copytree(REPO_ROOT / folder, target / folder)
    return target


# --- memos that cross pages -----------------------------------------------------------

_WORDS = (
    "og i på med for at de det som en er til af trivsel børn unge skolen klassen "
    "fællesskabet forældrene personalet kommunen arbejdsgruppen prøvehandlingerne "
    "sundhedsplejerskerne undervisningsmiljøet forældresamarbejdet skolebestyrelsen "
    "elevrådsrepræsentanterne kompetenceudviklingen trivselsfremmende fritidsinstitutionerne "
    "børnehaveklasselederne tværfaglige inddragelse indsatserne ressourcepersonerne "
    "handleplanen erfaringerne mellemtrinnet"
)
_VOCABULARY = _WORDS.split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    sentences: list[str] = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(sentence(rng, rng.randint(6, 18)))
    return " ".join(sentences)


THEMES = [f"Tema {number}: trivsel og fællesskab i hverdagen" for number in range(1, 71)]
LINK_TEXT = (
    "trivselsårets hjemmeside med alle erfaringer, materialer og invitationer til "
    "de kommende arrangementer for forældre og personale"
)
LONG_WORD = "Børneogungdomsudvalgets" * 6  # longer than a line: breaks anywhere


@dataclass
class Crossing:
    built: Built
    paragraphs: list[str]
    items: list[str]


@pytest.fixture(scope="module")
def crossing(tmp_path_factory: pytest.TempPathFactory) -> Crossing:
    """A long entry, a long list and a table of many rows: all three cross pages."""
    rng = random.Random(2024)
    project = tmp_path_factory.mktemp("krydser")
    (project / "entries").mkdir()
    themes = "\n".join(f'  - "{theme}"' for theme in THEMES)
    (project / "trivselreport.yaml").write_text(
        textwrap.dedent("""\
        organisation: "Testkommune"
        titel: "Status {måned} {år}"
        oversigt: ja
        typer: [program, arrangement]
        sektioner:
          - overskrift: "Programmet"
            typer: [program]
          - overskrift: "Arrangementer"
            typer: [arrangement]
        temaer:
        """)
        + themes
        + "\n",
        encoding="utf-8",
    )
    paragraphs = [paragraph(rng, 60), paragraph(rng, 900), paragraph(rng, 120)]
    linked = (
        f"Læs mere på [{LINK_TEXT}](https://example.dk/trivsel) og om **"
        f"{sentence(rng, 25)}** samt {LONG_WORD} i {sentence(rng, 12)}"
    )
    paragraphs.append(
        linked.replace("[", "").replace("](https://example.dk/trivsel)", "").replace("**", "")
    )
    text = "\n\n".join([*paragraphs[:3], linked])
    write_entry(
        project,
        "langt.yaml",
        "titel: Langt indslag\ntype: program\n"
        "dato: 2024-02-01\ntemaer: "
        + repr(THEMES[:40]).replace("'", '"')
        + "\ntekst: |\n"
        + textwrap.indent(text, "  ")
        + "\n",
    )
    items = [sentence(rng, rng.randint(4, 30)) for _ in range(70)]
    nested = [
        "Øverst i en liste med underpunkter",
        "Første underpunkt",
        "Andet underpunkt",
        "Nederst igen",
    ]
    listing = "\n".join(f"- {item}" for item in items)
    listing += (
        f"\n\nOg så en liste i listen:\n\n- {nested[0]}\n  - {nested[1]}\n"
        f"  - {nested[2]}\n- {nested[3]}"
    )
    write_entry(
        project,
        "liste.yaml",
        "titel: Lang liste\ntype: arrangement\n"
        "dato: 2024-02-02\ndeltagere: 31\ntemaer: "
        + repr(THEMES[40:]).replace("'", '"')
        + "\ntekst: |\n  Punkterne:\n\n"
        + textwrap.indent(listing, "  ")
        + "\n",
    )
    paragraphs += ["Punkterne:", "Og så en liste i listen:"]
    return Crossing(built(project), paragraphs, items + nested)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return built(copy_example(tmp_path_factory.mktemp("eksempel")))


@pytest.fixture(params=["example", "crossing"])
def memo(request: pytest.FixtureRequest) -> Built:
    value = request.getfixturevalue(request.param)
    return value.built if isinstance(value, Crossing) else value


# --- one element per element of the memo ----------------------------------------------


def test_each_paragraph_of_the_source_is_the_text_of_exactly_one_p(memo: Built) -> None:
    tree = [element.words for element in memo.reading.elements("P")]
    source = memo.source.words("p")
    assert len(tree) == len(source)
    for words in source:
        assert tree.count(words) == 1, " ".join(words)


def test_the_crossing_memo_has_the_words_exactly_as_written(crossing: Crossing) -> None:
    reading = crossing.built.reading
    tree = [element.words for element in reading.elements("P")]
    for text in crossing.paragraphs:
        assert tree.count(text.split()) == 1, text[:80]
    bodies = [own_words(element) for element in reading.elements("LBody")]
    assert bodies == [item.split() for item in crossing.items]
    # the word longer than a line was broken inside the word, and no space was put there
    assert not any(LONG_WORD in marked.glyphs for marked in reading.marked)


def test_every_item_heading_and_cell_reads_as_in_the_source(memo: Built) -> None:
    reading, source = memo.reading, memo.source
    assert [own_words(e) for e in reading.elements("LBody")] == source.words("li")
    for tag in ("h1", "h2", "th", "td", "caption", "figcaption"):
        kind = "Caption" if tag == "figcaption" else tag.upper()
        tree = [e.words for e in reading.elements(kind)]
        if tag == "caption":
            tree = [
                e.words
                for e in reading.elements("Caption")
                if (parent := reading.parent(e)) is not None and parent.type == "Table"
            ]
        if tag == "figcaption":
            tree = [
                e.words
                for e in reading.elements("Caption")
                if (parent := reading.parent(e)) is not None and parent.type == "Div"
            ]
        assert tree == source.words(tag), tag


def test_one_element_per_html_element_however_the_pages_fall(memo: Built) -> None:
    reading, counts = memo.reading, memo.source.counts
    assert len(reading.elements("Document")) == 1
    assert len(reading.elements("Part")) == counts["main"] == 1
    for kind, tags in (
        ("Sect", ("section",)),
        ("P", ("p",)),
        ("L", ("ul", "ol")),
        ("LI", ("li",)),
        ("Table", ("table",)),
        ("TR", ("tr",)),
        ("H2", ("h2",)),
    ):
        assert len(reading.elements(kind)) == sum(counts.get(t, 0) for t in tags), kind
    for section in reading.elements("Sect"):
        assert section.children[0].type == "H2"


def test_paragraph_list_table_and_section_cross_pages_as_one_element(
    crossing: Crossing,
) -> None:
    reading = crossing.built.reading
    assert reading.pages >= 4
    for kind in ("P", "L", "Table", "Sect"):
        assert any(len(element.pages) > 1 for element in reading.elements(kind)), kind
    [table] = reading.elements("Table")
    assert len(reading.elements("TH")) == 3  # the header repeated on each page is furniture
    assert len(reading.elements("TR")) == 1 + len(THEMES) + 1
    repeated = [m.text for m in reading.artifacts if m.artifact == {"Type": "Pagination"}]
    assert repeated == ["Tema", "Aktiviteter", "Deltagere"] * (len(table.pages) - 1)


# --- nothing lost, nothing extra ------------------------------------------------------


def test_all_content_is_reached_by_the_tree_or_is_an_artifact(memo: Built) -> None:
    reading = memo.reading
    assert reading.unreached == []
    assert reading.missing == [] and reading.reached_twice == []
    assert reading.untagged == [] and reading.unmarked_painting == []
    assert reading.orphans == []
    assert reading.parent_tree_errors == []
    assert reading.unreached_annotations == []


def test_page_numbers_and_the_running_header_are_only_pagination_artifacts(
    memo: Built,
) -> None:
    reading, title = memo.reading, memo.result.memo.title
    for page in range(reading.pages):
        footer = [
            m.text
            for m in reading.artifacts
            if m.page == page and m.artifact == {"Type": "Pagination", "Subtype": "Footer"}
        ]
        header = [
            m.text
            for m in reading.artifacts
            if m.page == page
            and m.artifact == {"Type": "Pagination", "Subtype": "Header"}
            and m.text
        ]
        assert footer == [f"Side {page + 1} af {reading.pages}"]
        assert header == ([title] if page else [])
    assert not re.search(r"Side \d+ af \d+", reading.root.text)
    assert reading.root.text.count(title) == 1  # the H1; not the running header


def test_the_internal_mark_of_every_page_is_a_header_artifact(tmp_path: Path) -> None:
    internal = built(copy_example(tmp_path), internal=True)
    reading = internal.reading
    for page in range(reading.pages):
        headers = [
            m.text
            for m in reading.artifacts
            if m.page == page and m.artifact == {"Type": "Pagination", "Subtype": "Header"}
        ]
        assert INTERNAL_LABEL in headers
    assert reading.root.text.count(INTERNAL_LABEL) == 1  # the mark under the organisation
    assert reading.unreached == [] and reading.orphans == []


def test_line_ends_were_given_their_space_and_lost_their_hyphen(memo: Built) -> None:
    """The word tests above are not idle: the layout did break lines and words."""
    marked = [m for m in memo.reading.marked if m.artifact is None]
    spaced = [m for m in marked if m.actual_text == m.glyphs.rstrip() + " "]
    unhyphenated = [m for m in marked if m.glyphs.endswith("-") and m.actual_text == m.glyphs[:-1]]
    assert len(spaced) > 20
    assert unhyphenated


# --- tables, links, figures, lists ---------------------------------------------------


def test_header_cells_have_scope_and_ids_that_the_id_tree_knows(memo: Built) -> None:
    reading = memo.reading
    headers = reading.elements("TH")
    assert headers and all(str(th.attributes["Scope"]) == "/Column" for th in headers)
    assert reading.id_tree is not None
    assert {reading.id_tree[th.id] for th in headers if th.id} == {th.objgen for th in headers}
    identifiers = [th.id for th in headers]
    for row in reading.elements("TR")[1:]:
        for column, cell in enumerate(row.children):
            assert [str(name) for name in cell.attributes["Headers"]] == [identifiers[column]]


def test_the_overview_table_has_a_caption_and_reads_ikke_oplyst_for_a_dash(
    example: Built,
) -> None:
    [table] = example.reading.elements("Table")
    assert table.children[0].type == "Caption"
    assert table.children[0].text == TABLE_CAPTION
    participants = [row.children[2] for row in example.reading.elements("TR")[1:]]
    assert participants and all(cell.text == "ikke oplyst" for cell in participants)


def test_links_are_described_by_their_words_not_their_address(memo: Built) -> None:
    links = memo.reading.elements("Link")
    assert links
    for link in links:
        annotations = [kid for kid in link.kids if isinstance(kid, Annotation)]
        words = " ".join(link.words)
        assert annotations and all(a.contents == words for a in annotations)


def test_a_link_over_two_lines_is_one_link_with_both_annotations(crossing: Crossing) -> None:
    [link] = crossing.built.reading.elements("Link")
    annotations = [kid for kid in link.kids if isinstance(kid, Annotation)]
    assert " ".join(link.words) == LINK_TEXT
    assert len(annotations) >= 2
    assert {a.uri for a in annotations} == {"https://example.dk/trivsel"}


def test_the_example_link_reads_as_written_not_as_punycode(example: Built) -> None:
    [annotation] = example.reading.annotations
    assert annotation.contents == "www.modpåtrivsel.dk"
    assert annotation.uri == "https://www.xn--modptrivsel-08a.dk"


def test_the_chart_keeps_its_alternative_text_inside_the_page(example: Built) -> None:
    [figure] = example.reading.elements("Figure")
    assert (figure.alt or "").startswith("Søjlediagram over antal aktiviteter pr. tema")
    x1, y1, x2, y2 = (float(value) for value in figure.attributes["BBox"])
    assert 0 <= x1 < x2 <= 595.3 and 0 <= y1 < y2 <= 841.9


def test_a_picture_and_its_caption_are_grouped(small_project: Path) -> None:
    from .test_documents import png

    (small_project / "entries" / "foto.png").write_bytes(png(40, 20))
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-02-01
        tekst: Tekst.
        billeder:
          - fil: foto.png
            alt: Elever ved temadagen
            tekst: Fra temadagen i gymnastiksalen
        """,
    )
    reading = built(small_project).reading
    [figure] = reading.elements("Figure")
    group = reading.parent(figure)
    assert group is not None and group.type == "Div"
    assert [child.type for child in group.children] == ["Figure", "Caption"]
    assert figure.alt == "Elever ved temadagen"
    assert group.children[1].text == "Fra temadagen i gymnastiksalen"


def test_list_items_have_label_and_body_and_nested_lists_sit_in_the_body(
    crossing: Crossing,
) -> None:
    reading = crossing.built.reading
    for item in reading.elements("LI"):
        assert [child.type for child in item.children] == ["Lbl", "LBody"]
        assert item.children[0].text.strip() == "•"
    for listing in reading.elements("L"):
        assert str(listing.attributes["ListNumbering"]) == "/Disc"
    [inner] = [
        listing
        for listing in reading.elements("L")
        if (parent := reading.parent(listing)) is not None and parent.type == "LBody"
    ]
    assert [own_words(item.children[1]) for item in inner.children] == [
        ["Første", "underpunkt"],
        ["Andet", "underpunkt"],
    ]
    body = reading.parent(inner)
    assert body is not None and own_words(body) == [
        "Øverst",
        "i",
        "en",
        "liste",
        "med",
        "underpunkter",
    ]


def test_content_drawn_in_a_transparency_group_is_reached_too(small_project: Path) -> None:
    (small_project / "templates").mkdir()
    (small_project / "templates" / "lokal.css").write_text(
        ".indslag p { opacity: 0.6; }\n", encoding="utf-8"
    )
    write_entry(
        small_project,
        "a.yaml",
        "titel: T\ntype: arrangement\ndato: 2024-02-01\n"
        "tekst: " + "Halvt gennemsigtig tekst over flere linjer i notatet. " * 8 + "\n",
    )
    memo = built(small_project)
    reading = memo.reading
    assert any(m.form is not None for m in reading.marked)
    assert reading.unreached == [] and reading.parent_tree_errors == []
    assert [e.words for e in reading.elements("P")][-1] == memo.source.words("p")[-1]


# --- WeasyPrint as the tagging expects it ----------------------------------------------


def test_the_pinned_weasyprint_range_is_the_tested_one_and_is_installed() -> None:
    import tomllib

    import weasyprint

    from trivselreport.writers.pdf import tags as pdftags

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"weasyprint{pdftags.TESTED_RANGE}" in project["project"]["dependencies"]
    bounds = re.fullmatch(r">=([\d.]+),<(\d+)", pdftags.TESTED_RANGE)
    assert bounds is not None
    low, high = bounds.groups()
    installed = tuple(int(part) for part in weasyprint.__version__.split(".")[:2])
    assert tuple(int(part) for part in low.split(".")) <= installed < (int(high),)


def test_weasyprint_still_lays_out_what_the_tagging_relies_on() -> None:
    """Boxes of one HTML element share the element on every page; each line's text
    comes through split_text_box; marked content is recorded by our Stream.marked."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from trivselreport.writers.pdf import tags as pdftags
    from trivselreport.writers.pdf.marking import ORIGIN
    from trivselreport.writers.pdf.treebuild import descendants

    pdftags.install()
    words = " ".join(["fællesskabet"] * 400)
    document = weasyprint.HTML(
        string=f'<html lang="da"><style>@page {{ size: A6 }}</style><p>{words}</p></html>'
    ).render()
    paragraphs = [
        box
        for page in document.pages
        for box in descendants(page._page_box)
        if getattr(box, "element_tag", None) == "p" and isinstance(box, boxes.BlockBox)
    ]
    assert len(document.pages) > 1 and len({id(box.element) for box in paragraphs}) == 1
    pieces = [
        box
        for page in document.pages
        for box in descendants(page._page_box)
        if isinstance(box, boxes.TextBox) and box.element_tag == "p"
    ]
    assert pieces and all(hasattr(piece, ORIGIN) for piece in pieces)
    assert document.write_pdf(pdf_variant="pdf/a-2a").startswith(b"%PDF-")


def test_an_unexpected_weasyprint_stops_the_build_with_a_danish_message(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contextlib import contextmanager
    from typing import Any

    import pydyf
    from weasyprint.pdf.stream import Stream

    from trivselreport.writers.pdf import tags as pdftags

    @contextmanager
    def marked_elsewhere(self: Any, box: Any, tag: str) -> Any:
        """Marks content the way WeasyPrint 70 itself does, without telling us where."""
        if self._tags is not None:
            self._tags[box] = {"tag": tag, "mcid": len(self._tags)}
            self.begin_marked_content(tag, pydyf.Dictionary({"MCID": len(self._tags) - 1}))
        try:
            yield
        finally:
            if self._tags is not None:
                self.end_marked_content()

    pdftags.install()
    monkeypatch.setattr(Stream, "marked", marked_elsewhere)
    write_entry(
        small_project,
        "a.yaml",
        "titel: T\ntype: arrangement\ndato: 2024-02-01\ntekst: Noget tekst.\n",
    )
    with pytest.raises(UserError) as caught:
        build_memo(small_project, PeriodChoice(month="2024-04"))
    [problem] = caught.value.problems
    assert "kan ikke mærkes rigtigt til skærmlæsere" in problem.message
    assert problem.hint is not None and f"weasyprint{pdftags.TESTED_RANGE}" in problem.hint
    assert not (small_project / "output").exists()


def test_the_tagging_refuses_to_replace_functions_it_does_not_know(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import weasyprint.pdf

    from trivselreport.writers.pdf import tags as pdftags

    pdftags.install()
    monkeypatch.setattr(pdftags, "_installed", False)
    monkeypatch.setattr(weasyprint.pdf, "add_tags", lambda pdf, document: None)
    with pytest.raises(pdftags.TaggingMismatch, match="add_tags"):
        pdftags.install()


def test_numbered_arrow_and_inside_marker_lists_are_labelled_lists(
    small_project: Path,
) -> None:
    (small_project / "templates").mkdir()
    (small_project / "templates" / "lokal.css").write_text(
        "ul.pile { list-style-position: inside; }\n", encoding="utf-8"
    )
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: T
        type: arrangement
        dato: 2024-02-01
        tekst: |
          1. Første skridt
          2. Andet skridt

          + Pil et
          + Pil to
        """,
    )
    reading = built(small_project).reading
    numbered, arrows = reading.elements("L")
    assert str(numbered.attributes["ListNumbering"]) == "/Decimal"
    assert str(arrows.attributes["ListNumbering"]) == "/Disc"
    labels = [
        [item.children[0].text.strip() for item in listing.children]
        for listing in (numbered, arrows)
    ]
    assert labels == [["1.", "2."], ["➢", "➢"]]
    assert [own_words(item.children[1]) for item in arrows.children] == [
        ["Pil", "et"],
        ["Pil", "to"],
    ]
    assert reading.unreached == [] and reading.untagged == []
