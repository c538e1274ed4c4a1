"""What each HTML element of the memo becomes in the PDF's structure tree.

:func:`structure_type` names the standard structure type of a layout box's element
(``P``, ``H2``, ``L``, ``TD``, ``Figure`` …) or says that the box adds no element of its
own; :func:`describe` gives a new structure element what a reader needs besides its type:
its language, a figure's alternative text and place, an abbreviation's expansion, a
list's numbering, a cell's spans. :func:`margin_subtype` tells a running header from a
running footer, for the artifacts the page margins become.
"""

from __future__ import annotations

from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes

from trivselreport.writers.pdf.structure import Node

_SVG = "{http://www.w3.org/2000/svg}svg"
_POINTS_PER_PIXEL = 0.75

_BLOCK_TYPES = {
    "p": "P",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "h4": "H4",
    "h5": "H5",
    "h6": "H6",
    "blockquote": "BlockQuote",
    "section": "Sect",
    "article": "Art",
    "main": "Part",
    "div": "Div",
    "figure": "Div",
    "figcaption": "Caption",
    "caption": "Caption",
    "ul": "L",
    "ol": "L",
    "dl": "L",
    "li": "LI",
    "dt": "LI",
    "dd": "LI",
    "table": "Table",
    "thead": "THead",
    "tbody": "TBody",
    "tfoot": "TFoot",
    "tr": "TR",
    "th": "TH",
    "td": "TD",
}
_TRANSPARENT = {"html", "body"}
_LIST_NUMBERING = {
    "decimal": "/Decimal",
    "decimal-leading-zero": "/Decimal",
    "lower-roman": "/LowerRoman",
    "upper-roman": "/UpperRoman",
    "lower-alpha": "/LowerAlpha",
    "lower-latin": "/LowerAlpha",
    "upper-alpha": "/UpperAlpha",
    "upper-latin": "/UpperAlpha",
    "circle": "/Circle",
    "square": "/Square",
    "disc": "/Disc",
    "none": "/None",
}


def structure_type(box: Any) -> str | None:
    """The structure type of a box's element, or None when the box adds no element."""
    tag = box.element_tag
    if box.element is None or tag is None:
        return None
    if tag.endswith("::marker"):
        return "Lbl"
    if "::" in tag or tag in _TRANSPARENT:
        return None
    if isinstance(box, boxes.ReplacedBox) or tag in ("img", _SVG):
        return "Figure"
    if tag == "a":
        return "Link" if box.element.attrib.get("href") else None
    if isinstance(box, boxes.InlineBox):
        attributes = box.element.attrib
        if tag in ("abbr", "acronym") and attributes.get("title", "").strip():
            return "Span"
        return "Span" if attributes.get("lang") else None
    return _BLOCK_TYPES.get(tag, "NonStruct")


def margin_subtype(at_keyword: str) -> str | None:
    if at_keyword.startswith("@top"):
        return "Header"
    if at_keyword.startswith("@bottom"):
        return "Footer"
    return None


def describe(node: Node, box: Any, page: Any) -> None:
    """Fill in a new node from the first box of its element, drawn on `page`."""
    element = box.element
    attributes = element.attrib if element is not None else {}
    language = attributes.get("lang") or attributes.get(
        "{http://www.w3.org/XML/1998/namespace}lang"
    )
    if language and node.type not in ("LBody", "Lbl"):
        node.owned["Lang"] = pydyf.String(language)
    if node.type == "Figure":
        _describe_figure(node, box, page)
    elif node.type == "Span" and box.element_tag in ("abbr", "acronym"):
        node.owned["ActualText"] = pydyf.String(attributes["title"].strip())
    elif node.type == "L":
        style = box.style["list_style_type"]
        numbering = _LIST_NUMBERING.get(style) if isinstance(style, str) else None
        if numbering is None:
            numbering = "/Decimal" if box.element_tag == "ol" else "/Disc"
        node.attributes = {"O": "/List", "ListNumbering": numbering}
    elif node.type in ("TH", "TD"):
        node.attributes = {"O": "/Table"}
        if getattr(box, "colspan", 1) != 1:
            node.attributes["ColSpan"] = box.colspan
        if getattr(box, "rowspan", 1) != 1:
            node.attributes["RowSpan"] = box.rowspan


def _describe_figure(node: Node, box: Any, page: Any) -> None:
    element = box.element
    if element.tag == _SVG:
        label = (element.attrib.get("aria-label") or "").strip()
        title = element.find("{http://www.w3.org/2000/svg}title")
        alt = label or (title.text.strip() if title is not None and title.text else "")
    else:
        alt = (element.attrib.get("alt") or "").strip()
    if alt:
        node.owned["Alt"] = pydyf.String(alt)
    x, y = box.content_box_x(), box.content_box_y()
    height = page.height
    node.attributes = {
        "O": "/Layout",
        "BBox": pydyf.Array(
            [
                round(x * _POINTS_PER_PIXEL, 3),
                round((height - y - box.height) * _POINTS_PER_PIXEL, 3),
                round((x + box.width) * _POINTS_PER_PIXEL, 3),
                round((height - y) * _POINTS_PER_PIXEL, 3),
            ]
        ),
    }
