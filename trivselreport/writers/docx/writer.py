"""Write the memo as a native Word document (python-docx).

Imported only by builds that write a DOCX. Real Heading 1/2 styles, real
lists (`lists`: each list its own instance, numbered lists from 1, nested
lists as deeper levels, "•" and "➢" as real characters), links in the
Hyperlink character style (which is also what makes LibreOffice export them as
link annotations), Danish as the language of every style and of the document,
A4 with the memo's margins, spacing by paragraph spacing (never empty
paragraphs), a header, and a footer whose "Side X af Y" are PAGE and NUMPAGES
fields. The overview table's first row is a header row, repeated on every page, and
so is a table's written in a text (Markdown); a heading inside an entry is a Heading 3
(a deeper one Heading 4), below the memo's sections, one in the introduction a Heading 2.
In a section that shows its entries' titles (`vis_titler: ja`) each title is a Heading 3
and the headings inside the entry's text one level further down (Heading 4 and 5).

python-docx stamps the current time into the zip entries and core properties;
both are set from the memo date (or SOURCE_DATE_EPOCH) so that the same input
gives the same bytes, the zip entries clamped to the years a zip can store.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from trivselreport.memo import wording
from trivselreport.memo.body import (
    Body,
    Emphasis,
    Foreign,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    TableCell,
    Text,
)
from trivselreport.memo.document import Figure, Memo
from trivselreport.memo.guard import guard_output
from trivselreport.memo.overview import Overview
from trivselreport.writers.docx.lists import (
    LEVELS,
    Lists,
    continues,
    element,
    text_indent,
)
from trivselreport.writers.docx.setup import (
    LINK_STYLE,
    mark_language,
    set_properties,
    set_up_page,
    set_up_styles,
    timestamp,
)
from trivselreport.writers.docx.styles import Styles
from trivselreport.writers.readback import docx_text
from trivselreport.writers.registry import WriterProject
from trivselreport.writers.reproducible import zip_time


def write_docx(memo: Memo, project: WriterProject) -> bytes:
    """The memo as a DOCX, guarded as a reader reads it."""
    data = build_docx(memo)
    guard_output(
        "DOCX-fil", docx_text(data), internal_edition=memo.internal, terms=project.forbidden
    )
    return data


def build_docx(memo: Memo) -> bytes:
    document = Document()
    set_up_styles(document)
    set_up_page(document, memo)
    set_properties(document, memo)
    lists = Lists(document)
    styles = Styles(document)

    _plain(styles, memo.organisation, bold=True, size=10)
    if memo.internal:
        _plain(styles, wording.INTERNAL_LABEL, bold=True, color=RGBColor(0xAA, 0, 0))
    styles.heading(memo.title, 1)
    for index, field in enumerate(memo.header, start=1):
        paragraph = styles.paragraph()
        # The space below the header block is the last field's, not an empty paragraph.
        paragraph.paragraph_format.space_after = Pt(12 if index == len(memo.header) else 0)
        paragraph.add_run(f"{field.label}: ").bold = True
        paragraph.add_run(field.value)
    if memo.intro is not None:
        _add_blocks(document, styles, memo.intro, lists)
    for section in memo.sections:
        styles.heading(section.heading, 2)
        if section.lead is not None:
            _add_blocks(document, styles, section.lead, lists)
        for item in section.items:
            if item.heading is not None:
                _add_item_heading(styles, item.heading, item.date_line)
            elif item.upcoming_mark:
                paragraph = styles.paragraph()
                paragraph.add_run(f"{item.upcoming_mark}: ").bold = True
                paragraph.add_run(item.title)
            _add_blocks(document, styles, item.body, lists)
            for picture in item.pictures:
                _add_picture(styles, picture)
    if memo.overview:
        _add_overview(document, styles, memo.overview)
    if memo.drafts:
        styles.heading(memo.drafts_heading, 2)
        styles.paragraph(None, memo.drafts_note)
        drafts = ListBlock("bullet", tuple((Paragraph((Text(d.line),)),) for d in memo.drafts))
        _add_blocks(document, styles, (drafts,), lists)
    return _reproducible_zip(document, memo)


def _add_item_heading(styles: Styles, heading: str, date_line: str | None) -> None:
    """An item's title as a Heading 3 below its section's Heading 2 (`vis_titler: ja`),
    and the line under it (its date, or the upcoming mark: `MemoItem.date_line`) as a
    plain paragraph."""
    styles.paragraph("Heading 3", heading)
    if date_line is not None:
        line = styles.paragraph()
        line.paragraph_format.space_after = Pt(4)
        run = line.add_run(date_line)
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def _add_picture(styles: Styles, picture: Figure) -> None:
    paragraph = styles.paragraph()
    # The published copy, without hidden data; from a stream, so the file's own name
    # (which may say more than the picture) does not become the shape's name either.
    shape = paragraph.add_run().add_picture(io.BytesIO(picture.data), width=Cm(12))
    shape._inline.docPr.set("descr", picture.alt)  # the alternative text Word reads aloud
    if picture.caption:
        caption = styles.paragraph()
        caption.add_run(picture.caption).italic = True


def _add_overview(document: DocxDocument, styles: Styles, overview: Overview) -> None:
    styles.heading(overview.heading, 2)
    styles.paragraph(None, overview.note)
    table = document.add_table(rows=1, cols=3)
    styles.table(table, "Table Grid")
    # The table's title in Word's alternative text (after w:tblLook, as the schema orders it).
    table._tbl.tblPr.append(element("w:tblCaption", {"w:val": overview.caption}))
    header = table.rows[0]
    # A header row, repeated at the top of every page: how Word marks header cells for
    # screen readers, and what LibreOffice exports as TH cells.
    header._tr.get_or_add_trPr().append(element("w:tblHeader", {"w:val": "true"}))
    for index, (cell, text) in enumerate(zip(header.cells, overview.columns, strict=True)):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        if index:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    rows = [(row.theme, str(row.activities), row.participants_text) for row in overview.rows]
    rows.append(
        (overview.total_label, str(overview.total_activities), overview.total_participants_text)
    )
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = value
            if index:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


_ALIGNMENTS = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _add_text_table(document: DocxDocument, styles: Styles, block: Table) -> None:
    """A table written in a text: its header row bold and repeated on every page (a
    header row for screen readers, TH cells in LibreOffice's export), as the overview's."""
    columns = len(block.header)
    table = document.add_table(rows=1, cols=columns)
    styles.table(table, "Table Grid")
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(element("w:tblHeader", {"w:val": "true"}))
    for cell, source in zip(header.cells, block.header, strict=True):
        _fill_cell(cell.paragraphs[0], styles, source, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, source in zip(cells, row, strict=False):
            _fill_cell(cell.paragraphs[0], styles, source)


def _fill_cell(
    paragraph: DocxParagraph, styles: Styles, cell: TableCell, *, bold: bool = False
) -> None:
    _add_inlines(paragraph, styles, cell.inlines, bold=bold)
    if cell.align is not None:
        paragraph.alignment = _ALIGNMENTS[cell.align]


def _plain(
    styles: Styles,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> None:
    paragraph = styles.paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _add_blocks(
    document: DocxDocument, styles: Styles, blocks: Body, lists: Lists, level: int = 0
) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_inlines(styles.paragraph(), styles, block.inlines)
            continue
        if isinstance(block, Heading):
            # Below the heading the text stands under, as the HTML's h2-h4.
            _add_inlines(styles.heading("", block.level), styles, block.inlines)
            continue
        if isinstance(block, Table):
            _add_text_table(document, styles, block)
            continue
        num_id, kinds = lists.new_list(block, level)
        _add_list(document, styles, block, lists, level, num_id, kinds)


def _add_list(
    document: DocxDocument,
    styles: Styles,
    block: ListBlock,
    lists: Lists,
    level: int,
    num_id: int,
    kinds: tuple[str, ...],
) -> None:
    """The items of one list as paragraphs of list instance `num_id` at `level`; a nested
    list continues the instance one level deeper (`lists.continues`), or is an
    instance of its own at that level."""
    depth = min(level, 2)
    style = ("List Number" if block.kind == "number" else "List Bullet") + (
        f" {depth + 1}" if depth else ""
    )
    continued = "List Continue" + (f" {depth + 1}" if depth else "")
    for item in block.items:
        first = True
        for part in item:
            if isinstance(part, Heading | Table):
                _add_blocks(document, styles, (part,), lists, level)
                first = False
                continue
            if isinstance(part, ListBlock):
                deeper = level + 1
                if continues(kinds, part, deeper):
                    _add_list(document, styles, part, lists, deeper, num_id, kinds)
                else:
                    new = lists.new_list(part, deeper)
                    _add_list(document, styles, part, lists, deeper, *new)
                first = False
                continue
            paragraph = styles.paragraph(style if first else continued)
            if first:
                _use_numbering(paragraph, num_id, min(level, LEVELS - 1))
            else:  # a further paragraph of the item, in line with the item's text
                paragraph.paragraph_format.left_indent = Twips(text_indent(level))
            _add_inlines(paragraph, styles, part.inlines)
            first = False


def _use_numbering(paragraph: DocxParagraph, numbering_id: int, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        element(
            "w:numPr",
            {},
            element("w:ilvl", {"w:val": str(level)}),
            element("w:numId", {"w:val": str(numbering_id)}),
        )
    )


@dataclass(frozen=True)
class _Run:
    """A stretch of text as Word stores it: one run, with its character formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    line_break: bool = False
    language: str | None = None  # marked as another language: its BCP 47 tag


def _runs(
    nodes: tuple[Inline, ...],
    bold: bool = False,
    italic: bool = False,
    link: str | None = None,
    language: str | None = None,
) -> Iterator[_Run]:
    """The inline tree flattened to runs; a new line in the source reads as a space."""
    for node in nodes:
        if isinstance(node, Text):
            yield _Run(node.text, bold, italic, link, language=language)
        elif isinstance(node, LineBreak):
            yield (
                _Run("", line_break=True)
                if node.hard
                else _Run(" ", bold, italic, link, language=language)
            )
        elif isinstance(node, Strong):
            yield from _runs(node.children, True, italic, link, language)
        elif isinstance(node, Emphasis):
            yield from _runs(node.children, bold, True, link, language)
        elif isinstance(node, Link):
            yield from _runs(node.children, bold, italic, node.target, language)
        elif isinstance(node, Foreign):
            yield from _runs(node.children, bold, italic, link, node.language)


def _add_inlines(
    paragraph: DocxParagraph, styles: Styles, inlines: tuple[Inline, ...], *, bold: bool = False
) -> None:
    # Runs of one link (e.g. partly bold) go into one w:hyperlink: one link, one annotation.
    # The link being written: its target and its w:hyperlink element.
    open_link: tuple[str, BaseOxmlElement] | None = None
    for inline in _runs(inlines, bold):
        if inline.line_break:
            paragraph.add_run().add_break()
            open_link = None
            continue
        run = styles.run(paragraph, inline.text, LINK_STYLE if inline.link else None)
        run.bold = inline.bold or None
        run.italic = inline.italic or None
        if inline.language is not None:
            mark_language(run, inline.language)
        if inline.link is None:
            open_link = None
            continue
        if open_link is None or open_link[0] != inline.link:
            relation = paragraph.part.relate_to(
                inline.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True
            )
            open_link = (inline.link, element("w:hyperlink", {"r:id": relation, "w:history": "1"}))
            paragraph._p.append(open_link[1])
        open_link[1].append(run._r)


def _reproducible_zip(document: DocxDocument, memo: Memo) -> bytes:
    raw = io.BytesIO()
    document.save(raw)
    stamp = zip_time(timestamp(memo))
    result = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return result.getvalue()
