"""The styles the DOCX writer applies, each looked up once per document.

python-docx finds a style by name by walking every style of the document, and then walks
them once more to see whether it is the default of its kind; it does so for every
paragraph or run given a style by name (``paragraph.style = "Heading 2"``) and even for a
style object. With a few thousand paragraphs that was a third of the DOCX step. Here each
style's id is resolved once, with python-docx's own rule (no id when the style is the
default of its kind), and set on the paragraph, run or table the way python-docx sets it
(``CT_P.style``, ``CT_R.style``, ``CT_Tbl.tblStyle_val``), so the document is the same,
byte for byte.

python-docx also adds each paragraph by walking the body from its first child to the
section properties at its end, to put the paragraph before them: quadratic in the number
of paragraphs (the last 100 pages of a 377-page memo took twice as long per page as the
first 100). :meth:`Styles.paragraph` keeps that last element and puts each paragraph
before it directly: the same place, found without the walk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run


class Styles:
    """Paragraphs, runs and tables of one document in its styles, found once each.

    Made after the document's styles are set up: a style added later is found as well,
    but a style changed in kind or default after its first use would not be seen.
    """

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}
        # The body's section properties, its last element (python-docx keeps it last).
        self._end: BaseOxmlElement | None = document.element.body.find(qn("w:sectPr"))

    def style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """The id python-docx would write for the style `name` of `kind` (ValueError if
        there is none); None for the default style of its kind."""
        key = (name, kind)
        if key not in self._ids:
            # python-docx leaves `DocumentPart.get_style_id` unannotated.
            find = cast(
                Callable[[str, WD_STYLE_TYPE], str | None], self._document.part.get_style_id
            )
            self._ids[key] = find(name, kind)
        return self._ids[key]

    def paragraph(self, name: str | None = None, text: str = "") -> DocxParagraph:
        """A new paragraph at the end of the document, in style `name` if given, as
        ``document.add_paragraph(text, name)`` writes it."""
        if self._end is None or self._end.getnext() is not None:
            paragraph = self._document.add_paragraph()
        else:
            element = OxmlElement("w:p")
            self._end.addprevious(element)
            paragraph = DocxParagraph(element, self._document._body)
        if text:
            paragraph.add_run(text)
        if name is not None:
            paragraph._p.style = self.style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return paragraph

    def heading(self, text: str, level: int) -> DocxParagraph:
        """As ``document.add_heading(text, level)``."""
        return self.paragraph("Title" if level == 0 else f"Heading {level}", text)

    def run(self, paragraph: DocxParagraph, text: str, name: str | None) -> Run:
        """As ``paragraph.add_run(text, name)``."""
        run = paragraph.add_run(text)
        if name:
            run._r.style = self.style_id(name, WD_STYLE_TYPE.CHARACTER)
        return run

    def table(self, table: DocxTable, name: str) -> None:
        """As ``table.style = name``."""
        table._tbl.tblStyle_val = self.style_id(name, WD_STYLE_TYPE.TABLE)
