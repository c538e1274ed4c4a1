"""The Word document around the memo's content: styles, page, header, footer, properties.

Danish as the language of every style and of the document; Word's own Hyperlink
character style (which is what makes LibreOffice export links as annotations);
A4 with the memo's margins; a footer whose "Side X af Y" are PAGE and NUMPAGES
fields; the core properties dated from the memo date (or SOURCE_DATE_EPOCH), so
that the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from trivselreport.memo import wording
from trivselreport.memo.document import Memo
from trivselreport.writers.docx.lists import TEXT_FONT, element
from trivselreport.writers.reproducible import source_date_epoch

LANGUAGE = "da-DK"
# The region Word's dictionaries and voices want for a language marked without one.
_WORD_REGIONS = {
    "en": "en-GB",
    "de": "de-DE",
    "sv": "sv-SE",
    "nb": "nb-NO",
    "nn": "nn-NO",
    "no": "nb-NO",
    "fr": "fr-FR",
    "es": "es-ES",
    "it": "it-IT",
    "nl": "nl-NL",
    "pt": "pt-PT",
    "fi": "fi-FI",
    "is": "is-IS",
    "kl": "kl-GL",
    "fo": "fo-FO",
    "se": "se-NO",
    "pl": "pl-PL",
    "da": "da-DK",
}
LINK_STYLE = "Hyperlink"
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)  # Word's own link blue; 5.9:1 on white


def word_language(tag: str) -> str:
    """The language Word is told for words marked with the BCP 47 `tag`: the tag itself
    when it names a region ("en-US"), else the language's usual region ("en" is "en-GB")."""
    return tag if "-" in tag else _WORD_REGIONS.get(tag, tag)


def mark_language(run: Run, tag: str) -> None:
    """Mark a run's words as the language `tag` (`w:lang`): Word and LibreOffice check
    their spelling, hyphenate them and read them aloud in that language."""
    properties = run._r.get_or_add_rPr()
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), word_language(tag))


def set_up_styles(document: DocxDocument) -> None:
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


def set_up_page(document: DocxDocument, memo: Memo) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    header = section.header.paragraphs[0]
    header.text = memo.title + (f" – {wording.INTERNAL_LABEL}" if memo.internal else "")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(f"{wording.PAGE} ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(f" {wording.PAGE_OF} ")
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


def set_properties(document: DocxDocument, memo: Memo) -> None:
    properties = document.core_properties
    stamp = timestamp(memo)
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


def timestamp(memo: Memo) -> datetime:
    return source_date_epoch() or datetime.combine(memo.memo_date, time(12, 0))
