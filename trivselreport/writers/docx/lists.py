"""Word numbering for the memo's lists (part of the DOCX writer).

Every list in a text is its own list instance (`w:num`), so a numbered list
always starts at 1 (a `w:startOverride` on each numbered level; at the number
its first item has, when the text starts it elsewhere, "3.") instead of
continuing the previous one; a nested list is a deeper level (`w:ilvl`) of the
same instance. The symbols are real Unicode characters ("•", and "➢" for the
theme lists written with "+") in a font the level names, never Symbol-font
private-use characters. The numbering definitions of python-docx's template
(Symbol-font bullets shared by every list) are removed, and its list styles
no longer point at them, so only these definitions are left in the document.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from trivselreport.memo.body import ListBlock

LEVELS = 9  # Word's levels, w:ilvl 0-8; deeper lists stay on the last one
TEXT_FONT = "Calibri"
ARROW_FONT = "Segoe UI Symbol"  # has "➢" (U+27A2); LibreOffice falls back to DejaVu Sans
SYMBOLS = {"bullet": ("•", TEXT_FONT), "arrow": ("➢", ARROW_FONT)}
FIRST_ID = 100
INDENT = 360  # twentieths of a point: 0.25 inch per level, and the hanging symbol
FIRST_INDENT = 720


def element(tag: str, attributes: dict[str, str], *children: BaseOxmlElement) -> BaseOxmlElement:
    """An OOXML element with its attributes and children, e.g. <w:numFmt w:val="bullet"/>."""
    made: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(name), value)
    for child in children:
        made.append(child)
    return made


def text_indent(level: int) -> int:
    """Where the text of a list item at `level` starts (twentieths of a point)."""
    return FIRST_INDENT + INDENT * min(level, LEVELS - 1)


class Lists:
    """The document's list definitions: one abstract definition per combination of list
    kinds by level (shared), one list instance per list in the memo."""

    def __init__(self, document: DocxDocument) -> None:
        self._numbering = document.part.numbering_part.element
        for definition in self._numbering.findall(qn("w:abstractNum")) + self._numbering.findall(
            qn("w:num")
        ):
            self._numbering.remove(definition)
        for style in document.styles.element.findall(qn("w:style")):
            properties = style.find(qn("w:pPr"))
            if properties is not None and properties.find(qn("w:numPr")) is not None:
                properties.remove(properties.find(qn("w:numPr")))
        self._abstracts: dict[tuple[str, ...], int] = {}
        self._next_num = FIRST_ID

    def new_list(self, block: ListBlock, level: int) -> tuple[int, tuple[str, ...]]:
        """A fresh list instance for `block`, starting at `level`: its id and the kind of
        list each level shows."""
        kinds = level_kinds(block, level)
        abstract = self._abstracts.get(kinds)
        if abstract is None:
            abstract = self._add_abstract(kinds)
        num_id = self._next_num
        self._next_num += 1
        own = min(level, LEVELS - 1)
        restarts = [
            element(
                "w:lvlOverride",
                {"w:ilvl": str(index)},
                element("w:startOverride", {"w:val": str(block.start if index == own else 1)}),
            )
            for index, kind in enumerate(kinds)
            if kind == "number"
        ]
        self._numbering.append(
            element(
                "w:num",
                {"w:numId": str(num_id)},
                element("w:abstractNumId", {"w:val": str(abstract)}),
                *restarts,
            )
        )
        return num_id, kinds

    def _add_abstract(self, kinds: tuple[str, ...]) -> int:
        abstract_id = FIRST_ID + len(self._abstracts)
        self._abstracts[kinds] = abstract_id
        definition = element(
            "w:abstractNum",
            {"w:abstractNumId": str(abstract_id)},
            element("w:multiLevelType", {"w:val": "multilevel"}),
            *(_level(index, kind) for index, kind in enumerate(kinds)),
        )
        first_instance = self._numbering.find(qn("w:num"))
        if first_instance is not None:
            first_instance.addprevious(definition)  # all definitions precede the instances
        else:
            self._numbering.append(definition)
        return abstract_id


def _level(index: int, kind: str) -> BaseOxmlElement:
    if kind == "number":
        number_format, text, font = "decimal", f"%{index + 1}.", None
    else:
        number_format, (text, font) = "bullet", SYMBOLS[kind]
    children = [
        element("w:start", {"w:val": "1"}),
        element("w:numFmt", {"w:val": number_format}),
        element("w:lvlText", {"w:val": text}),
        element("w:lvlJc", {"w:val": "left"}),
        element(
            "w:pPr",
            {},
            element("w:ind", {"w:left": str(text_indent(index)), "w:hanging": str(INDENT)}),
        ),
    ]
    if font is not None:
        fonts = {"w:ascii": font, "w:hAnsi": font, "w:cs": font, "w:eastAsia": font}
        children.append(element("w:rPr", {}, element("w:rFonts", fonts)))
    return element("w:lvl", {"w:ilvl": str(index)}, *children)


def continues(kinds: tuple[str, ...], nested: ListBlock, level: int) -> bool:
    """Whether `nested`, a list at `level` inside a list instance showing `kinds`, is that
    instance's deeper level (it is a new instance if it looks different or does not
    start at 1: a level restarts at 1 after each item above it)."""
    return kinds[min(level, LEVELS - 1)] == nested.kind and nested.start == 1


def level_kinds(block: ListBlock, level: int) -> tuple[str, ...]:
    """The kind of list at each of Word's levels for a list starting at `level`: the first
    list met at each depth decides; levels above and below it take the nearest kind."""
    kinds: list[str | None] = [None] * LEVELS

    def visit(current: ListBlock, depth: int) -> None:
        index = min(depth, LEVELS - 1)
        if kinds[index] is None:
            kinds[index] = current.kind
        for item in current.items:
            for part in item:
                if isinstance(part, ListBlock):
                    visit(part, depth + 1)

    visit(block, level)
    start = min(level, LEVELS - 1)
    for index in range(LEVELS):
        if kinds[index] is None:
            kinds[index] = kinds[index - 1] if index > start else block.kind
    return tuple(kind or block.kind for kind in kinds)
