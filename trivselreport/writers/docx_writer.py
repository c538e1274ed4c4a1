"""Write the memo as a native Word document (python-docx).

Imported only by builds that write a DOCX. Real Heading 1/2 styles, real
lists (`docx_lists`: each list its own instance, numbered lists from 1, nested
lists as deeper levels, "•" and "➢" as real characters), links in the
Hyperlink character style (which is also what makes LibreOffice export them as
link annotations), Danish as the language of every style and of the document,
A4 with the memo's margins, spacing by paragraph spacing (never empty
paragraphs), a header, and a footer whose "Side X af Y" are PAGE and NUMPAGES
fields. The overview table's first row is a header row, repeated on every page.

python-docx stamps the current time into the zip entries and core properties;
both are set from the memo date (or SOURCE_DATE_EPOCH) so that the same input
gives the same bytes, the zip entries clamped to the years a zip can store.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime, time
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor, Twips
from docx.styles.style import CharacterStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph as DocxParagraph

from trivselreport.memo.chart import Overview
from trivselreport.memo.compose import Memo
from trivselreport.reading.markdown import Block, Inline, ListBlock, Paragraph, markdown_blocks
from trivselreport.reading.pictures import Picture, publishable_bytes
from trivselreport.writers.docx_lists import (
    LEVELS,
    TEXT_FONT,
    Lists,
    continues,
    element,
    text_indent,
)
from trivselreport.writers.html import INTERNAL_LABEL
from trivselreport.writers.reproducible import source_date_epoch, zip_time

LANGUAGE = "da-DK"
LINK_STYLE = "Hyperlink"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own link blue; 5.9:1 on white


def build_docx(memo: Memo) -> bytes:
    document = Document()
    _set_up_styles(document)
    _set_up_page(document, memo)
    _set_properties(document, memo)
    lists = Lists(document)

    _plain(document, memo.organisation, bold=True, size=10)
    if memo.internal:
        _plain(document, INTERNAL_LABEL, bold=True, color=RGBColor(0xAA, 0, 0))
    document.add_heading(memo.title, level=1)
    for index, field in enumerate(memo.header, start=1):
        paragraph = document.add_paragraph()
        # The space below the header block is the last field's, not an empty paragraph.
        paragraph.paragraph_format.space_after = Pt(12 if index == len(memo.header) else 0)
        paragraph.add_run(f"{field.label}: ").bold = True
        paragraph.add_run(field.value)
    if memo.intro_text:
        _add_blocks(document, markdown_blocks(memo.intro_text), lists)
    for section in memo.sections:
        document.add_heading(section.heading, level=2)
        if section.lead_text:
            _add_blocks(document, markdown_blocks(section.lead_text), lists)
        for item in section.items:
            if item.upcoming:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"Kommende – {item.when}: ").bold = True
                paragraph.add_run(item.entry.title)
            _add_blocks(document, markdown_blocks(item.entry.text), lists)
            for picture in item.entry.pictures:
                _add_picture(document, picture)
    if memo.overview:
        _add_overview(document, memo.overview)
    return _reproducible_zip(document, memo)


def _add_picture(document: DocxDocument, picture: Picture) -> None:
    paragraph = document.add_paragraph()
    # The published copy, without hidden data; from a stream, so the file's own name
    # (which may say more than the picture) does not become the shape's name either.
    shape = paragraph.add_run().add_picture(io.BytesIO(publishable_bytes(picture)), width=Cm(12))
    shape._inline.docPr.set("descr", picture.alt)  # the alternative text Word reads aloud
    if picture.caption:
        caption = document.add_paragraph()
        caption.add_run(picture.caption).italic = True


def _add_overview(document: DocxDocument, overview: Overview) -> None:
    document.add_heading(overview.heading, level=2)
    document.add_paragraph(overview.note)
    table = document.add_table(rows=1, cols=3)
    table.style = document.styles["Table Grid"]
    # The table's title in Word's alternative text (after w:tblLook, as the schema orders it).
    table._tbl.tblPr.append(element("w:tblCaption", {"w:val": overview.caption}))
    header = table.rows[0]
    # A header row, repeated at the top of every page: how Word marks header cells for
    # screen readers, and what LibreOffice exports as TH cells.
    header._tr.get_or_add_trPr().append(element("w:tblHeader", {"w:val": "true"}))
    for cell, text in zip(header.cells, ("Tema", "Aktiviteter", "Deltagere"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
        if text != "Tema":
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    rows = [(row.theme, str(row.activities), row.participants_text) for row in overview.rows]
    rows.append(
        ("Aktiviteter i alt", str(overview.total_activities), overview.total_participants_text)
    )
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = value
            if index:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _plain(
    document: DocxDocument,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    color: RGBColor | None = None,
) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _set_up_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = TEXT_FONT
    normal.font.size = Pt(11)
    # The document default run properties carry the language for every style.
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        language.set(qn(attribute), LANGUAGE)
    _add_link_style(styles)
    for style in styles:
        properties = (
            style.element.get_or_add_rPr() if hasattr(style.element, "get_or_add_rPr") else None
        )
        if properties is None:
            continue
        style_language = properties.find(qn("w:lang"))
        if style_language is None:
            style_language = OxmlElement("w:lang")
            properties.append(style_language)
        style_language.set(qn("w:val"), LANGUAGE)
    for name, size in (("Heading 1", 20), ("Heading 2", 13)):
        heading = styles[name]
        heading.font.name = TEXT_FONT
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0x0B, 0x3A, 0x63)


def _add_link_style(styles: Styles) -> None:
    """Word's own "Hyperlink" character style (python-docx's template lacks it): blue and
    underlined. LibreOffice exports a link as a PDF link annotation only when its runs
    carry this style."""
    if any(style.name == LINK_STYLE for style in styles):
        return
    link = _add_character_style(styles, LINK_STYLE)
    link.base_style = styles["Default Paragraph Font"]
    link.priority = 99
    link.unhide_when_used = True
    link.font.color.rgb = LINK_COLOUR
    link.font.underline = WD_UNDERLINE.SINGLE
    link.element.attrib.pop(qn("w:customStyle"), None)  # a built-in style, not the user's


def _add_character_style(styles: Styles, name: str) -> CharacterStyle:
    # python-docx leaves `Styles.add_style` unannotated; for a character style it returns
    # a CharacterStyle (its StyleFactory picks the class by the style's type).
    add_style = cast(Callable[[str, WD_STYLE_TYPE], CharacterStyle], styles.add_style)
    return add_style(name, WD_STYLE_TYPE.CHARACTER)


def _set_up_page(document: DocxDocument, memo: Memo) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    header = section.header.paragraphs[0]
    header.text = memo.title + (f" – {INTERNAL_LABEL}" if memo.internal else "")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Side ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" af ")
    _add_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(9)


def _add_field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end), as Word writes it."""

    def field_char(kind: str) -> BaseOxmlElement:
        return element("w:fldChar", {"w:fldCharType": kind})

    paragraph.add_run()._r.append(field_char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(field_char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(field_char("end"))


def _set_properties(document: DocxDocument, memo: Memo) -> None:
    properties = document.core_properties
    stamp = _timestamp(memo)
    properties.title = memo.title
    properties.author = memo.author
    properties.last_modified_by = memo.author
    properties.subject = f"{memo.title} – {memo.organisation}"
    properties.language = LANGUAGE
    properties.keywords = ""
    properties.comments = ""
    properties.revision = 1
    properties.created = stamp
    properties.modified = stamp
    properties.last_printed = stamp


def _timestamp(memo: Memo) -> datetime:
    return source_date_epoch() or datetime.combine(memo.memo_date, time(12, 0))


def _add_blocks(document: DocxDocument, blocks: list[Block], lists: Lists, level: int = 0) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_inlines(document.add_paragraph(), block.inlines)
            continue
        num_id, kinds = lists.new_list(block, level)
        _add_list(document, block, lists, level, num_id, kinds)


def _add_list(
    document: DocxDocument,
    block: ListBlock,
    lists: Lists,
    level: int,
    num_id: int,
    kinds: tuple[str, ...],
) -> None:
    """The items of one list as paragraphs of list instance `num_id` at `level`; a nested
    list continues the instance one level deeper (`docx_lists.continues`), or is an
    instance of its own at that level."""
    depth = min(level, 2)
    style = ("List Number" if block.kind == "number" else "List Bullet") + (
        f" {depth + 1}" if depth else ""
    )
    continued = "List Continue" + (f" {depth + 1}" if depth else "")
    for item in block.items:
        first = True
        for part in item:
            if isinstance(part, ListBlock):
                deeper = level + 1
                if continues(kinds, part, deeper):
                    _add_list(document, part, lists, deeper, num_id, kinds)
                else:
                    _add_list(document, part, lists, deeper, *lists.new_list(part, deeper))
                first = False
                continue
            paragraph = document.add_paragraph(style=style if first else continued)
            if first:
                _use_numbering(paragraph, num_id, min(level, LEVELS - 1))
            else:  # a further paragraph of the item, in line with the item's text
                paragraph.paragraph_format.left_indent = Twips(text_indent(level))
            _add_inlines(paragraph, part.inlines)
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


def _add_inlines(paragraph: DocxParagraph, inlines: tuple[Inline, ...]) -> None:
    # Runs of one link (e.g. partly bold) go into one w:hyperlink: one link, one annotation.
    # The link being written: its target and its w:hyperlink element.
    open_link: tuple[str, BaseOxmlElement] | None = None
    for inline in inlines:
        if inline.line_break:
            paragraph.add_run().add_break()
            open_link = None
            continue
        run = paragraph.add_run(inline.text, style=LINK_STYLE if inline.link else None)
        run.bold = inline.bold or None
        run.italic = inline.italic or None
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
    stamp = zip_time(_timestamp(memo))
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
