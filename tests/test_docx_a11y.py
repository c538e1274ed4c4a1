"""The DOCX as a screen reader and LibreOffice meet it: lists that restart and nest,
links in the Hyperlink style, real bullet characters, no empty paragraphs, a marked
header row, "ikke oplyst" instead of a dash, Danish typography; and the DOCX exported
by LibreOffice as a tagged PDF (PDF/UA option) with headings, lists, a table header
and link annotations."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_UNDERLINE

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo

from .conftest import SMALL_CONFIG, write_entry
from .test_documents import copy_example, open_docx, png

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
URLS = ("https://www.example.dk/trivsel", "https://www.example.dk/pauser")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

LISTS_ENTRY = f"""\
titel: Temadag om trivsel
type: arrangement
dato: 2024-03-06
slutdato: 2024-03-08
temaer: [Tilhør]
deltagere: 40
tekst: |
  Programmet for dagen:

  1. Velkomst
  2. Oplæg om trivsel
     - Tilhør i klassen
     - Pauser i skoledagen
       - Korte pauser
  3. Spørgsmål

  Læs mere på [kommunens side om **trivsel**]({URLS[0]}) og om [pauser]({URLS[1]}).

  Næste skridt:

  1. Evaluering
  2. Opfølgning

  - Første punkt
    1. Under et
    2. Under to
  - Andet punkt
    1. Igen et

  + Tilhør
  + Tempo og pauser
"""

UPCOMING_ENTRY = """\
titel: Forældremøde
type: program
dato: 2024-06-04
slutdato: 2024-06-06
temaer: ["Tempo og pauser"]
tekst: Et møde for forældre.
"""


PICTURE_FIELD = """\
billeder:
  - fil: foto.png
    alt: Elever i skolegården
"""


def lists_project(folder: Path, *, picture: bool = False) -> Path:
    """A small project whose entry has two numbered lists, nested lists, links and an
    arrow list; an upcoming entry over three days; the overview with a theme that has
    no number of participants."""
    project = folder / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + "oversigt: ja\n", encoding="utf-8")
    if picture:
        (project / "entries" / "foto.png").write_bytes(png(40, 20))
    write_entry(project, "temadag.yaml", LISTS_ENTRY + (PICTURE_FIELD if picture else ""))
    write_entry(project, "moede.yaml", UPCOMING_ENTRY)
    return project


@pytest.fixture(scope="module")
def lists_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = lists_project(tmp_path_factory.mktemp("lister"))
    return build_memo(project, PeriodChoice(month="2024-04"), formats=("docx", "html"))


@pytest.fixture(scope="module")
def lists_docx(lists_build: BuildResult) -> Any:
    return open_docx(str(lists_build.docx_path))


# --- reading Word's numbering the way Word does ------------------------------------------


@dataclass(frozen=True)
class Level:
    number_format: str
    text: str
    start: int
    fonts: dict[str, str]
    indent: int  # where the item's text starts (twentieths of a point)


class Numbering:
    """The document's list definitions, and the label Word shows before each paragraph.

    Word keeps one counter per abstract definition: a list instance (w:num) continues
    the count of every other instance of the same definition unless it restarts it
    with a w:startOverride; a level restarts whenever a shallower level is used."""

    def __init__(self, document: Any) -> None:
        root = document.part.numbering_part.element
        self.root = root
        self.abstracts = {
            element.get(f"{W}abstractNumId"): element for element in root.findall(f"{W}abstractNum")
        }
        self.instances = {element.get(f"{W}numId"): element for element in root.findall(f"{W}num")}

    def abstract_id(self, num_id: str) -> str:
        return str(self.instances[num_id].find(f"{W}abstractNumId").get(f"{W}val"))

    def level(self, num_id: str, ilvl: int) -> Level:
        abstract = self.abstracts[self.abstract_id(num_id)]
        (definition,) = [
            lvl for lvl in abstract.findall(f"{W}lvl") if int(lvl.get(f"{W}ilvl")) == ilvl
        ]
        start_element = definition.find(f"{W}start")
        start = int(start_element.get(f"{W}val")) if start_element is not None else 0
        fonts_element = definition.find(f"{W}rPr/{W}rFonts")
        fonts = (
            {name.removeprefix(W): value for name, value in fonts_element.attrib.items()}
            if fonts_element is not None
            else {}
        )
        indent = definition.find(f"{W}pPr/{W}ind")
        return Level(
            str(definition.find(f"{W}numFmt").get(f"{W}val")),
            str(definition.find(f"{W}lvlText").get(f"{W}val")),
            start,
            fonts,
            int(indent.get(f"{W}left")) if indent is not None else 0,
        )

    def restarts(self, num_id: str) -> dict[int, int]:
        return {
            int(override.get(f"{W}ilvl")): int(start.get(f"{W}val"))
            for override in self.instances[num_id].findall(f"{W}lvlOverride")
            if (start := override.find(f"{W}startOverride")) is not None
        }

    def labels(self, paragraphs: list[Any]) -> list[tuple[str, int, str, str]]:
        """(label, level, list instance, text) of every list paragraph, in order."""
        counters: dict[str, dict[int, int]] = {}
        seen: set[str] = set()
        found: list[tuple[str, int, str, str]] = []
        for paragraph in paragraphs:
            where = numbering_of(paragraph)
            if where is None:
                continue
            num_id, ilvl = where
            abstract = self.abstract_id(num_id)
            counter = counters.setdefault(abstract, {})
            if num_id not in seen:
                seen.add(num_id)
                for restarted, start in self.restarts(num_id).items():
                    counter[restarted] = start - 1
            level = self.level(num_id, ilvl)
            counter[ilvl] = counter.get(ilvl, level.start - 1) + 1
            for deeper in [key for key in counter if key > ilvl]:
                del counter[deeper]
            label = level.text
            if level.number_format != "bullet":
                for index in range(ilvl + 1):
                    label = label.replace(f"%{index + 1}", str(counter.get(index, 0)))
            found.append((label, ilvl, num_id, paragraph.text))
        return found


def numbering_of(paragraph: Any) -> tuple[str, int] | None:
    properties = paragraph._p.pPr
    if properties is None or properties.numPr is None:
        return None
    level = properties.numPr.ilvl
    return str(properties.numPr.numId.val), int(level.val) if level is not None else 0


def body_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body, also those in table cells, in document order."""
    return list(document.element.body.iter(f"{W}p"))


# --- lists ------------------------------------------------------------------------------


def test_each_numbered_list_starts_at_one(lists_docx: Any) -> None:
    labels = Numbering(lists_docx).labels(lists_docx.paragraphs)
    numbered = [
        (label, text) for label, level, _, text in labels if level == 0 and label[0].isdigit()
    ]
    assert numbered == [
        ("1.", "Velkomst"),
        ("2.", "Oplæg om trivsel"),
        ("3.", "Spørgsmål"),
        ("1.", "Evaluering"),
        ("2.", "Opfølgning"),
    ]
    # Numbered lists nested in a bullet list start at 1 under each item.
    nested = [
        (label, text) for label, level, _, text in labels if level == 1 and label[0].isdigit()
    ]
    assert nested == [("1.", "Under et"), ("2.", "Under to"), ("1.", "Igen et")]


def test_every_list_is_its_own_list_and_restarts_explicitly(lists_docx: Any) -> None:
    numbering = Numbering(lists_docx)
    instances: dict[str, list[str]] = {}
    for _, level, num_id, text in numbering.labels(lists_docx.paragraphs):
        if level == 0:
            instances.setdefault(num_id, []).append(text)
    assert list(instances.values()) == [
        ["Velkomst", "Oplæg om trivsel", "Spørgsmål"],
        ["Evaluering", "Opfølgning"],
        ["Første punkt", "Andet punkt"],
        ["Tilhør", "Tempo og pauser"],
    ]
    for num_id in instances:
        for ilvl in range(9):
            if numbering.level(num_id, ilvl).number_format == "decimal":
                assert numbering.restarts(num_id)[ilvl] == 1, (num_id, ilvl)


def test_nested_items_are_deeper_levels_of_the_same_list(lists_docx: Any) -> None:
    labels = Numbering(lists_docx).labels(lists_docx.paragraphs)
    by_text = {text: (label, level, num_id) for label, level, num_id, text in labels}
    parent = by_text["Oplæg om trivsel"]
    assert by_text["Tilhør i klassen"][1:] == (1, parent[2])
    assert by_text["Pauser i skoledagen"][1:] == (1, parent[2])
    assert by_text["Korte pauser"][1:] == (2, parent[2])
    assert by_text["Under et"][1:] == (1, by_text["Første punkt"][2])
    assert [
        by_text[text][0] for text in ("Tilhør i klassen", "Korte pauser", "Første punkt", "Tilhør")
    ] == ["•", "•", "•", "➢"]


def test_bullets_are_real_characters_in_a_font_the_document_names(lists_docx: Any) -> None:
    numbering = Numbering(lists_docx)
    used = {numbering_of(p) for p in lists_docx.paragraphs} - {None}
    symbols = set()
    for num_id, ilvl in used:  # type: ignore[misc]
        level = numbering.level(num_id, ilvl)
        if level.number_format == "bullet":
            symbols.add(level.text)
            assert level.fonts.get("ascii") and level.fonts.get("hAnsi"), level
            assert level.fonts["ascii"] != "Symbol"
    assert symbols == {"•", "➢"}
    # No definition left anywhere in the document draws a private-use Symbol character.
    xml = numbering.root.xml
    assert not PRIVATE_USE.search(xml) and 'w:ascii="Symbol"' not in xml
    styles = lists_docx.styles.element.xml
    assert "<w:numPr>" not in styles  # no list style points at a definition of its own


def _deep_list(depth: int) -> str:
    return "".join(f"{'  ' * level}- Niveau {level + 1}\n" for level in range(depth))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A list the text starts at 3 starts at 3, as in the HTML (<ol start="3">).
        ("3. Tredje\n4. Fjerde\n", [("3.", 0, "Tredje"), ("4.", 0, "Fjerde")]),
        # Two lists told apart by their delimiter are two lists.
        ("1. Et\n2. To\n1) Igen\n", [("1.", 0, "Et"), ("2.", 0, "To"), ("1.", 0, "Igen")]),
        # Nested lists of different kinds at the same depth keep their own look.
        (
            "1. Et\n   - punkt\n2. To\n   1. under\n   2. under igen\n",
            [
                ("1.", 0, "Et"),
                ("•", 1, "punkt"),
                ("2.", 0, "To"),
                ("1.", 1, "under"),
                ("2.", 1, "under igen"),
            ],
        ),
        # A nested numbered list that starts elsewhere.
        (
            "- Punkt\n\n  5. Femte\n  6. Sjette\n",
            [("•", 0, "Punkt"), ("5.", 1, "Femte"), ("6.", 1, "Sjette")],
        ),
        # All of Word's nine levels (the deepest the Markdown parser follows; deeper is
        # refused by `check`).
        (_deep_list(9), [("•", level, f"Niveau {level + 1}") for level in range(9)]),
    ],
    ids=["start", "delimiter", "mixed", "nested-start", "deep"],
)
def test_lists_of_other_shapes_get_the_labels_the_html_shows(
    tmp_path: Path, text: str, expected: list[tuple[str, int, str]]
) -> None:
    project = lists_project(tmp_path)
    body = "".join(f"  {line}\n" for line in text.splitlines())
    write_entry(
        project,
        "temadag.yaml",
        f"titel: Temadag\ntype: arrangement\ndato: 2024-03-06\ntekst: |\n{body}",
    )
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("docx",))
    document = open_docx(str(result.docx_path))
    labels = Numbering(document).labels(document.paragraphs)
    assert [(label, level, text) for label, level, _, text in labels] == expected


def test_a_further_paragraph_of_an_item_lines_up_with_its_text(tmp_path: Path) -> None:
    project = lists_project(tmp_path)
    write_entry(
        project,
        "temadag.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-03-06
        tekst: |
          - Første punkt

            Mere om det første punkt.
          - Andet punkt
        """,
    )
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("docx",))
    document = open_docx(str(result.docx_path))
    (further,) = [p for p in document.paragraphs if p.text == "Mere om det første punkt."]
    assert numbering_of(further) is None and further.style.name == "List Continue"
    (first,) = [p for p in document.paragraphs if p.text == "Første punkt"]
    where = numbering_of(first)
    assert where is not None
    level = Numbering(document).level(*where)
    assert level.number_format == "bullet" and level.indent > 0
    assert further.paragraph_format.left_indent.twips == level.indent


# --- links, paragraphs, the table ---------------------------------------------------------


def test_links_use_the_hyperlink_character_style(lists_docx: Any) -> None:
    style = lists_docx.styles["Hyperlink"]
    assert style.type == WD_STYLE_TYPE.CHARACTER
    assert style.font.underline in (True, WD_UNDERLINE.SINGLE)
    colour = style.font.color.rgb
    assert colour is not None and colour[2] > 0x99 and colour[0] < 0x40  # blue
    hyperlinks = list(lists_docx.element.body.iter(f"{W}hyperlink"))
    relations = lists_docx.part.rels
    assert [relations[h.get(f"{R}id")].target_ref for h in hyperlinks] == list(URLS)
    texts = ["".join(t.text for t in h.iter(f"{W}t")) for h in hyperlinks]
    assert texts == ["kommunens side om trivsel", "pauser"]  # one link, partly bold, is one
    for hyperlink in hyperlinks:
        for run in hyperlink.iter(f"{W}r"):
            assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == style.style_id
            assert run.find(f"{W}rPr/{W}u") is None  # the style draws it, not direct format


def _empty(paragraph: Any) -> bool:
    has_text = any(t.text and t.text.strip() for t in paragraph.iter(f"{W}t"))
    return not has_text and not any(True for _ in paragraph.iter(f"{W}drawing"))


@pytest.mark.parametrize("kind", ["lister", "billede", "eksempel", "intern"])
def test_no_paragraph_is_empty(tmp_path: Path, kind: str) -> None:
    if kind in ("eksempel", "intern"):
        project = copy_example(tmp_path)
    else:
        project = lists_project(tmp_path, picture=kind == "billede")
    result = build_memo(
        project, PeriodChoice(month="2024-04"), formats=("docx",), internal=kind == "intern"
    )
    document = open_docx(str(result.docx_path))
    paragraphs = body_paragraphs(document)
    assert paragraphs and not [p for p in paragraphs if _empty(p)]
    if kind == "billede":
        assert any(True for p in paragraphs for _ in p.iter(f"{W}drawing"))


def test_the_header_block_is_spaced_by_paragraph_spacing(lists_docx: Any) -> None:
    paragraphs = lists_docx.paragraphs
    fields = [p for p in paragraphs if p.text.startswith(("Dato:", "Forvaltning:"))]
    assert [p.paragraph_format.space_after.pt for p in fields] == [0, 12]


def test_the_overview_header_row_is_marked_and_repeats(lists_docx: Any) -> None:
    (table,) = lists_docx.tables
    marked = [
        row._tr.trPr is not None and row._tr.trPr.find(f"{W}tblHeader") is not None
        for row in table.rows
    ]
    assert marked == [True] + [False] * (len(table.rows) - 1)
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader").get(f"{W}val") in (None, "true", "1")
    caption = table._tbl.tblPr.find(f"{W}tblCaption")
    assert caption is not None and caption.get(f"{W}val")


def test_cells_without_a_number_say_ikke_oplyst(lists_docx: Any) -> None:
    (table,) = lists_docx.tables
    rows = {row.cells[0].text: [cell.text for cell in row.cells[1:]] for row in table.rows}
    assert rows["Tilhør"] == ["1", "40"]
    assert rows["Tempo og pauser"] == ["0", "ikke oplyst"]
    assert rows["Aktiviteter i alt"] == ["1", "40"]
    cells = [cell.text for row in table.rows for cell in row.cells]
    assert not [text for text in cells if text.strip() in ("–", "-", "")]
    note = [p.text for p in lists_docx.paragraphs if "betyder" in p.text]
    assert note and "”Ikke oplyst”" in note[0]


def test_dates_and_quotes_follow_danish_typography_in_every_output(
    lists_build: BuildResult, lists_docx: Any
) -> None:
    from trivselreport.writers.html.render import render_pdf_html

    project = lists_build.docx_path.parents[2]
    docx_text = "\n".join(p.text for p in lists_docx.paragraphs)
    word_html = lists_build.html_path.read_text(encoding="utf-8")
    pdf_html = render_pdf_html(lists_build.memo, project)
    for text in (docx_text, word_html, pdf_html):
        assert "Kommende – 4.–6. juni 2024:" in text
        assert "4.-6." not in text
    # The fixed texts quote with the memo's ”…”, never straight quotes.
    word_text = html.unescape(re.sub(r"<[^>]*>", "", word_html.split("</head>")[1]))
    for text in (docx_text, word_text):
        assert '"' not in text and "“" not in text
        assert "”Ikke oplyst”" in text


# --- LibreOffice: the DOCX as a tagged PDF ---------------------------------------------------

UA_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"}}'
)


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice (soffice) is missing: install it with "
            "`scripts/install-system-packages --test`"
        )
    return found


def libreoffice_convert(source: Path, target_format: str, folder: Path, *options: str) -> Path:
    """`source` converted by headless LibreOffice into `folder` (HOME there too, so no
    profile of the user's is read or written)."""
    folder.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [
            soffice(),
            "--headless",
            *options,
            "--convert-to",
            target_format,
            "--outdir",
            str(folder),
            str(source),
        ],
        # The system's fonts, as on a reader's machine: not the PDF writer's private
        # fontconfig, which FONTCONFIG_FILE names once a PDF was built in this process.
        env={
            **{name: value for name, value in os.environ.items() if name != "FONTCONFIG_FILE"},
            "HOME": str(folder),
        },
        capture_output=True,
        text=True,
        timeout=180,
    )
    suffix = target_format.split(":")[0]
    result = folder / f"{source.stem}.{suffix}"
    assert completed.returncode == 0 and result.exists(), completed.stdout + completed.stderr
    return result


@pytest.fixture(scope="module")
def lo_pdf(lists_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "notat.docx"
    shutil.copy2(lists_build.docx_path, source)
    return libreoffice_convert(source, UA_FILTER, folder / "pdf")


def standard_type(name: str, role_map: Any) -> str:
    """A structure type through the document's RoleMap, down to a standard type."""
    seen = set()
    while role_map is not None and name in role_map and name not in seen:
        seen.add(name)
        name = str(role_map[name])
    return name


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Dictionary, list[str]]]:
    """Every structure element in tree order: (standard type, element, ancestors' types)."""
    root = pdf.Root.StructTreeRoot
    role_map = root.get("/RoleMap")
    found: list[tuple[str, pikepdf.Dictionary, list[str]]] = []

    def walk(node: Any, ancestors: list[str]) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, ancestors)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            kind = standard_type(str(node.S), role_map)
            found.append((kind, node, ancestors))
            if "/K" in node:
                walk(node.K, [*ancestors, kind])

    walk(root.K, [])
    return found


pdf_mark = pytest.mark.pdf


@pdf_mark
def test_libreoffice_exports_headings_lists_table_header_and_links(lo_pdf: Path) -> None:
    with pikepdf.open(lo_pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked
        elements = structure(pdf)
        kinds = [kind for kind, _, _ in elements]
        assert kinds.count("/H1") == 1
        assert kinds.count("/H2") >= 3  # Programmet, Arrangementer, the appendix
        assert kinds.index("/H1") < kinds.index("/H2")
        # Lists: the four lists of the entry; each nested list inside an item of its list,
        # three deep under "Oplæg om trivsel".
        top_lists = [a for kind, _, a in elements if kind == "/L" and "/L" not in a]
        nested = [a for kind, _, a in elements if kind == "/L" and "/LI" in a]
        assert len(top_lists) == 4 and len(nested) == 4
        assert max(a.count("/LI") for a in nested) == 2
        assert kinds.count("/LI") >= 15
        # The table: its first row is header cells.
        rows = [element for kind, element, _ in elements if kind == "/TR"]
        first_row = [
            standard_type(str(kid.S), pdf.Root.StructTreeRoot.get("/RoleMap")) for kid in rows[0].K
        ]
        assert first_row == ["/TH", "/TH", "/TH"]
        assert kinds.count("/TH") == 3
        # Links: an annotation with the address, reached from a Link element.
        annotations = [
            annotation
            for page in pdf.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link"
        ]
        assert sorted(str(a.A.URI) for a in annotations) == sorted(URLS)
        reached = [
            kid.Obj.objgen
            for kind, element, _ in elements
            if kind == "/Link"
            for kid in (element.K if isinstance(element.K, pikepdf.Array) else [element.K])
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
        ]
        # (LibreOffice 7.4 gives each differently formatted part of a link, here the bold
        # "trivsel", a Link element of its own, both reaching the one annotation.)
        assert set(reached) == {a.objgen for a in annotations}
        assert sorted(str(a.Contents) for a in annotations) == [
            "kommunens side om trivsel",
            "pauser",
        ]


@pdf_mark
def test_libreoffice_shows_the_lists_restarted_with_real_symbols(lo_pdf: Path) -> None:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(lo_pdf).pages)
    lines = [line.strip() for line in text.splitlines()]
    assert "1. Velkomst" in lines and "3. Spørgsmål" in lines
    assert "1. Evaluering" in lines and "2. Opfølgning" in lines
    assert "1. Igen et" in lines
    assert "➢ Tilhør" in lines and "• Tilhør i klassen" in lines
    assert not PRIVATE_USE.search(text)
    assert "Kommende – 4.–6. juni 2024: Forældremøde" in lines
