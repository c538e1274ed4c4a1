"""Write the memo as a native Word document (python-docx).

Imported only by builds that write a DOCX. Real Heading 1/2 styles, real
bullet lists (the theme list with "➢" as its own list definition), Danish as
the language of every style and of the document, A4 with the memo's margins,
a header, and a footer whose "Side X af Y" are PAGE and NUMPAGES fields.

python-docx stamps the current time into the zip entries and core properties;
both are set from the memo date (or SOURCE_DATE_EPOCH) so that the same input
gives the same bytes, the zip entries clamped to the years a zip can store.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, time
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from trivselreport.chart import Overview
from trivselreport.compose import Memo
from trivselreport.markdown import Block, Inline, ListBlock, Paragraph, markdown_blocks
from trivselreport.pictures import Picture, publishable_bytes
from trivselreport.render import INTERNAL_LABEL
from trivselreport.reproducible import source_date_epoch, zip_time

LANGUAGE = "da-DK"
ARROW_NUMBERING_ID = 90
TEXT_FONT = "Calibri"
ARROW_FONT = "Segoe UI Symbol"


def build_docx(memo: Memo) -> bytes:
    document = Document()
    _set_up_styles(document)
    _set_up_page(document, memo)
    _set_properties(document, memo)
    arrow_numbering = _add_arrow_numbering(document)

    _plain(document, memo.organisation, bold=True, size=10)
    if memo.internal:
        _plain(document, INTERNAL_LABEL, bold=True, color=RGBColor(0xAA, 0, 0))
    document.add_heading(memo.title, level=1)
    for field in memo.header:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(f"{field.label}: ").bold = True
        paragraph.add_run(field.value)
    document.add_paragraph()
    if memo.intro_text:
        _add_blocks(document, markdown_blocks(memo.intro_text), arrow_numbering)
    for section in memo.sections:
        document.add_heading(section.heading, level=2)
        if section.lead_text:
            _add_blocks(document, markdown_blocks(section.lead_text), arrow_numbering)
        for item in section.items:
            if item.upcoming:
                paragraph = document.add_paragraph()
                paragraph.add_run(f"Kommende – {item.when}: ").bold = True
                paragraph.add_run(item.entry.title)
            _add_blocks(document, markdown_blocks(item.entry.text), arrow_numbering)
            for picture in item.entry.pictures:
                _add_picture(document, picture)
    if memo.overview:
        _add_overview(document, memo.overview)
    return _reproducible_zip(document, memo)


def _add_picture(document: object, picture: Picture) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    # The published copy, without hidden data; from a stream, so the file's own name
    # (which may say more than the picture) does not become the shape's name either.
    shape = paragraph.add_run().add_picture(io.BytesIO(publishable_bytes(picture)),
                                            width=Cm(12))
    shape._inline.docPr.set("descr", picture.alt)  # the alternative text Word reads aloud
    if picture.caption:
        caption = document.add_paragraph()  # type: ignore[attr-defined]
        caption.add_run(picture.caption).italic = True


def _add_overview(document: object, overview: Overview) -> None:
    document.add_heading(overview.heading, level=2)  # type: ignore[attr-defined]
    document.add_paragraph(  # type: ignore[attr-defined]
        "Aktiviteter i perioden fordelt på temaer. En aktivitet med flere temaer tælles under "
        "hvert af dem; – betyder, at der ikke er oplyst deltagertal.")
    table = document.add_table(rows=1, cols=3)  # type: ignore[attr-defined]
    table.style = document.styles["Table Grid"]  # type: ignore[attr-defined]
    header = table.rows[0]
    # A repeated header row is how Word marks header cells for screen readers.
    header_properties = header._tr.get_or_add_trPr()
    header_properties.append(_element("w:tblHeader", {"w:val": "true"}))
    for cell, text in zip(header.cells, ("Tema", "Aktiviteter", "Deltagere"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True

    def number(value: int | None) -> str:
        return "–" if value is None else str(value)

    rows = [(row.theme, str(row.activities), number(row.participants))
            for row in overview.rows]
    rows.append(("Aktiviteter i alt", str(overview.total_activities),
                 number(overview.total_participants)))
    for values in rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = value
            if index:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _plain(document: object, text: str, *, bold: bool = False, size: float | None = None,
           color: RGBColor | None = None) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _set_up_styles(document: object) -> None:
    styles = document.styles  # type: ignore[attr-defined]
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
    for style in styles:
        properties = style.element.get_or_add_rPr() if hasattr(style.element,
                                                               "get_or_add_rPr") else None
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


def _set_up_page(document: object, memo: Memo) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
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
    def field_char(kind: str) -> Any:
        return _element("w:fldChar", {"w:fldCharType": kind})

    paragraph.add_run()._r.append(field_char("begin"))
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    paragraph.add_run()._r.append(field_char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(field_char("end"))


def _set_properties(document: object, memo: Memo) -> None:
    properties = document.core_properties  # type: ignore[attr-defined]
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


def _element(tag: str, attributes: dict[str, str], *children: Any) -> Any:
    """An OOXML element with its attributes and children, e.g. <w:numFmt w:val="bullet"/>."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    for child in children:
        element.append(child)
    return element


def _add_arrow_numbering(document: object) -> int:
    """A bullet list definition whose symbol is the memo's arrow "➢"."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    fonts = {"w:ascii": ARROW_FONT, "w:hAnsi": ARROW_FONT, "w:cs": ARROW_FONT}
    abstract = _element("w:abstractNum", {"w:abstractNumId": str(ARROW_NUMBERING_ID)}, *(
        _element("w:lvl", {"w:ilvl": str(level)},
                 _element("w:start", {"w:val": "1"}),
                 _element("w:numFmt", {"w:val": "bullet"}),
                 _element("w:lvlText", {"w:val": "➢"}),
                 _element("w:lvlJc", {"w:val": "left"}),
                 _element("w:pPr", {}, _element("w:ind", {"w:left": str(720 + 360 * level),
                                                          "w:hanging": "360"})),
                 _element("w:rPr", {}, _element("w:rFonts", fonts)))
        for level in range(3)))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(_element("w:num", {"w:numId": str(ARROW_NUMBERING_ID)},
                              _element("w:abstractNumId", {"w:val": str(ARROW_NUMBERING_ID)})))
    return ARROW_NUMBERING_ID


def _add_blocks(document: object, blocks: list[Block], arrow_numbering: int,
                level: int = 0) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_inlines(document.add_paragraph(), block.inlines)  # type: ignore[attr-defined]
            continue
        _add_list(document, block, arrow_numbering, level)


def _add_list(document: object, block: ListBlock, arrow_numbering: int, level: int) -> None:
    base = "List Number" if block.kind == "number" else "List Bullet"
    style = base if level == 0 else f"{base} {min(level + 1, 3)}"
    for item in block.items:
        first = True
        for part in item:
            if isinstance(part, ListBlock):
                _add_list(document, part, arrow_numbering, level + 1)
                continue
            paragraph = document.add_paragraph(style=style)  # type: ignore[attr-defined]
            if not first:
                paragraph.style = document.styles["List Continue"]  # type: ignore[attr-defined]
            elif block.kind == "arrow":
                _use_numbering(paragraph, arrow_numbering, level)
            _add_inlines(paragraph, part.inlines)
            first = False


def _use_numbering(paragraph: DocxParagraph, numbering_id: int, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        _element("w:numPr", {}, _element("w:ilvl", {"w:val": str(level)}),
                 _element("w:numId", {"w:val": str(numbering_id)})))


def _add_inlines(paragraph: DocxParagraph, inlines: tuple[Inline, ...]) -> None:
    for inline in inlines:
        if inline.line_break:
            paragraph.add_run().add_break()
        elif inline.link:
            _add_link(paragraph, inline)
        else:
            run = paragraph.add_run(inline.text)
            run.bold = inline.bold or None
            run.italic = inline.italic or None


def _add_link(paragraph: DocxParagraph, inline: Inline) -> None:
    assert inline.link is not None
    relation = paragraph.part.relate_to(inline.link, RELATIONSHIP_TYPE.HYPERLINK,
                                        is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    run = paragraph.add_run(inline.text)
    run.bold = inline.bold or None
    run.italic = inline.italic or None
    run.font.underline = True
    run.font.color.rgb = RGBColor(0x0B, 0x3A, 0x63)
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def _reproducible_zip(document: object, memo: Memo) -> bytes:
    raw = io.BytesIO()
    document.save(raw)  # type: ignore[attr-defined]
    stamp = zip_time(_timestamp(memo))
    result = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(result, "w",
                                                          zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return result.getvalue()
