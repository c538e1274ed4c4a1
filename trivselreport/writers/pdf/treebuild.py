"""Walking WeasyPrint's layout boxes, page after page, into one structure tree.

WeasyPrint draws each page from its own boxes, but the boxes of one HTML element share
that element on every page. :func:`build_tree` follows the boxes of all pages in reading
order and makes one :class:`~trivselreport.writers.pdf.structure.Node` per element (what
it becomes is in ``roles``), so that a paragraph, list, table or section that crosses
a page stays one element. On the way it claims every marked-content sequence the page
streams recorded (``marking``): as the content of its element, or, for the page
margins and the table headers WeasyPrint repeats, as a Pagination artifact. Where a
line break swallowed the space between two words, the piece of text gets it back as
``/ActualText``, and so does a word that automatic hyphenation split.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

from trivselreport.writers.pdf.marking import (
    ORIGIN,
    SOFT_HYPHEN,
    TaggingMismatch,
    check_recorded,
)
from trivselreport.writers.pdf.roles import describe, margin_subtype, structure_type
from trivselreport.writers.pdf.structure import Annotation, Content, Node, StructureTree


def build_tree(document: Any, page_streams: list[Any]) -> StructureTree:
    """The structure tree of a rendered document drawn into `page_streams` with tags."""
    builder = _Builder(document, page_streams)
    builder.build()
    return builder.tree


class _Builder:
    """Walks the pages' boxes once; `tree` is what it found."""

    def __init__(self, document: Any, page_streams: list[Any]) -> None:
        if len(page_streams) != len(document.pages):
            raise TaggingMismatch("one content stream per page expected")
        self.document = document
        self.page_streams = page_streams
        self.tree = StructureTree()
        self.lines: dict[tuple[Any, str | None], list[Content]] = {}
        """The text pieces of the last line of each block so far, to find the word
        boundary at its end when the block's next line comes (on this page or the next)."""
        self.repeated: set[int] = set()
        self.page = 0
        self.tags: dict[Any, dict[str, Any]] = {}
        self.with_origin = 0
        self.text_pieces = 0

    def build(self) -> None:
        self._find_repeated_table_parts()
        for number, (page, stream) in enumerate(
            zip(self.document.pages, self.page_streams, strict=True)
        ):
            self.page = number
            self.tags = stream._tags
            if self.tags is None:
                raise TaggingMismatch("the page was drawn without tags")
            self._block(page._page_box, self.tree.root)
            if self.tags:
                raise TaggingMismatch(f"{len(self.tags)} marked boxes not found in the tree")
        if self.text_pieces and not self.with_origin:
            raise TaggingMismatch("no line of text came through split_text_box")

    def _find_repeated_table_parts(self) -> None:
        """Table headers and footers that WeasyPrint repeats on each page the table spans."""
        seen: dict[Any, list[Any]] = {}
        for page in self.document.pages:
            for box in descendants(page._page_box):
                if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
                    seen.setdefault(box.element, []).append(box)
        for occurrences in seen.values():
            real = occurrences[-1] if occurrences[0].is_footer else occurrences[0]
            self.repeated.update(id(box) for box in occurrences if box is not real)

    def _node(self, box: Any, kind: str, parent: Node, role: str | None = None) -> Node:
        key = (box.element, box.element_tag, role or kind)
        node = self.tree.nodes.get(key)
        if node is None:
            node = Node(role or kind, box.element, box.element_tag, self.page)
            self.tree.nodes[key] = node
            if node.type in ("Lbl", "Caption") and parent.type in ("LI", "Table"):
                parent.kids.insert(0, node)
            else:
                parent.kids.append(node)
            describe(node, box, self.document.pages[self.page])
        return node

    def _own_node(self, box: Any, parent: Node) -> Node:
        """The node a box's content belongs to: its element's, or the parent's."""
        if box.element is parent.element and box.element_tag == parent.element_tag:
            return parent  # an anonymous box of the same element
        kind = structure_type(box)
        if kind is None:
            return parent
        if kind == "Lbl":
            item = self.tree.nodes.get((box.element, box.element.tag, "LI"))
            return self._node(box, kind, item if item is not None else parent)
        return self._node(box, kind, parent)

    def _block(self, box: Any, parent: Node) -> None:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.MarginBox):
            self._artifacts(box, margin_subtype(box.at_keyword))
            return
        if id(box) in self.repeated:
            self._artifacts(box, None)
            return
        if isinstance(box, boxes.LineBox):
            self._line(box, parent)
            return
        if isinstance(box, boxes.TextBox):
            self._text(box, parent, None)
            return
        node = self._own_node(box, parent)
        self._annotations_of(box, node)
        if isinstance(box, boxes.ReplacedBox):
            self._content(box, node)
        for child in getattr(box, "children", ()):
            self._block(child, self._body_of(node, child))

    def _body_of(self, node: Node, child: Any) -> Node:
        """Inside a list item everything but the label goes into the item's LBody."""
        if node.type != "LI":
            return node
        if isinstance(child, AbsolutePlaceholder):
            child = child._box
        if (child.element_tag or "").endswith("::marker"):
            return node
        key = (node.element, node.element_tag, "LBody")
        body = self.tree.nodes.get(key)
        if body is None:
            body = Node("LBody", node.element, node.element_tag, self.page)
            self.tree.nodes[key] = body
            node.kids.append(body)
        return body

    def _line(self, line: Any, parent: Node) -> None:
        pieces: list[Content] = []
        self._inline(line, parent, pieces)
        block = (line.element, line.element_tag)
        previous = self.lines.get(block)
        if previous is not None:
            _join_lines(previous, pieces)
        self.lines[block] = pieces

    def _inline(self, box: Any, node: Node, pieces: list[Content]) -> None:
        for child in box.children:
            if isinstance(child, AbsolutePlaceholder):
                self._block(child._box, node)
            elif isinstance(child, boxes.TextBox):
                self._text(child, node, pieces)
            elif isinstance(child, boxes.InlineBox):
                inner = self._own_node(child, node)
                self._annotations_of(child, inner)
                self._inline(child, inner, pieces)
            elif isinstance(child, boxes.InlineReplacedBox):
                figure = self._own_node(child, node)
                self._annotations_of(child, figure)
                self._content(child, figure)
            else:
                self._block(child, node)

    def _text(self, box: Any, node: Node, pieces: list[Content] | None) -> None:
        content = self._content(box, node)
        if content is None:
            return
        self.text_pieces += 1
        origin = getattr(box, ORIGIN, None)
        if origin is not None:
            self.with_origin += 1
            source, start, end = origin
            logical = source.text.encode()[start:end].decode().replace(SOFT_HYPHEN, "")
            if logical != box.text:
                content.actual_text = logical
        if pieces is not None:
            pieces.append(content)

    def _content(self, box: Any, node: Node) -> Content | None:
        entry = self.tags.pop(box, None)
        if entry is None:
            return None  # not drawn (hidden, clipped away)
        check_recorded(entry)
        content = Content(self.page, entry, box)
        node.kids.append(content)
        self.tree.contents.append(content)
        return content

    def _annotations_of(self, box: Any, node: Node) -> None:
        for name in ("link_annotation", "widget_annotation"):
            annotation = getattr(box, name, None)
            if annotation is None:
                continue
            if name == "widget_annotation":
                form = Node("Form", None, None, self.page)
                node.kids.append(form)
                node = form
            item = Annotation(annotation, self.page)
            node.kids.append(item)
            self.tree.annotations.append(item)

    def _artifacts(self, box: Any, subtype: str | None) -> None:
        """Page furniture: drawn, read by nobody; marked as a Pagination artifact."""
        for inner in descendants(box):
            entry = self.tags.pop(inner, None)
            if entry is None:
                continue
            check_recorded(entry)
            properties = entry["properties"]
            entry["stream"].stream[entry["at"]] = "/Artifact"
            properties.clear()
            properties["Type"] = "/Pagination"
            if subtype:
                properties["Subtype"] = f"/{subtype}"


def descendants(box: Any) -> Iterator[Any]:
    """`box` and every box inside it, an absolutely placed box where its placeholder is."""
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)


def _logical(content: Content) -> str:
    if content.actual_text is not None:
        return content.actual_text
    return str(content.box.text)


def _join_lines(before: list[Content], after: list[Content]) -> None:
    """Put back the word boundary that a line break swallowed, where there was one."""
    if not before and not after:
        return
    last = before[-1] if before else None
    first = after[0] if after else None
    if last is not None and _logical(last)[-1:].isspace():
        return
    if first is not None and _logical(first)[:1].isspace():
        return
    if last is not None and first is not None:
        end, start = getattr(last.box, ORIGIN, None), getattr(first.box, ORIGIN, None)
        if end is not None and start is not None and end[0] is start[0]:
            between = end[0].text.encode()[end[2] : start[1]].decode(errors="replace")
            if not between.replace(SOFT_HYPHEN, ""):
                return  # a break inside a word: hyphenation, or after a hyphen or slash
    if last is not None:
        last.actual_text = _logical(last) + " "
    elif first is not None:
        first.actual_text = " " + _logical(first)
