"""The PDF's structure tree, as a screen reader needs it: our own tagging for WeasyPrint.

WeasyPrint 70 draws a good page but tags it page by page (its ``pdf/tags.py`` builds a
tree for each page from that page's layout boxes). Read through the tree, as assistive
technology, a reflow view or a text export does, the memo then falls apart:

- every page is its own ``Part``, so a paragraph, list, table or section that crosses a
  page becomes two elements and the continued section has no heading (upstream #2902,
  #2903);
- the running header, the page numbers and the internal mark are tagged ``Span`` s that
  the tree never reaches: neither content nor artifacts (upstream #1836);
- the space at the end of each line is not drawn, so the text runs words together
  ("vejetil"), and the hyphen that automatic hyphenation draws stays in the word;
- header cells have no ``/Scope``, their ``/ID`` s no ``/IDTree``; link annotations are
  described by their address, not by their words.

Why a patch of the tagging and not a post-processing step on the finished PDF: the
finished file no longer knows which HTML element a piece of text came from, so it cannot
tell a paragraph that continues on the next page from a new one. The layout boxes do:
the boxes of one HTML element share that element, on every page. So this module replaces
WeasyPrint's ``add_tags`` with its own builder that maps each HTML element to one
structure element across all pages, with no second parse of the PDF and no new dependency
(builds take as long as before; measured in the README). Three small hooks feed it:

- ``weasyprint.layout.inline.split_text_box`` is wrapped to remember, for each line's piece
  of text, which stretch of the element's text it shows (so the line-end space and the
  text without the inserted hyphen are known exactly);
- ``Stream.marked`` is replaced by a version that also keeps the marked-content property
  list and its place in the content stream, so that the builder can set the final
  ``/MCID``, add ``/ActualText``, and turn page furniture into Pagination artifacts;
- ``weasyprint.pdf.add_tags`` is replaced by :func:`add_tags` below.

Everything these hooks rely on is checked while the tree is built; when WeasyPrint does
not look as expected (another version) the build stops with :class:`TaggingMismatch`
rather than publish a PDF whose tags would be wrong. The versions it is tested with are
pinned in ``pyproject.toml``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pydyf
import weasyprint.layout.inline as weasy_inline
import weasyprint.pdf as weasy_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf.stream import Stream

from trivselreport.writers.pdftables import describe_table

TESTED_RANGE = ">=70.0,<71"
"""The WeasyPrint versions this module has been tested against (as in pyproject.toml)."""

_ORIGIN = "_trivselreport_origin"
_SVG = "{http://www.w3.org/2000/svg}svg"
_SOFT_HYPHEN = "\u00ad"
_POINTS_PER_PIXEL = 0.75


class TaggingMismatch(RuntimeError):
    """WeasyPrint's boxes or streams are not what this module was written against."""


# --- what the HTML elements become ------------------------------------------------------

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
_KEEP_WHEN_EMPTY = {"TR", "TH", "TD"}
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


def _structure_type(box: Any) -> str | None:
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


# --- the hooks --------------------------------------------------------------------------


def _remember_origin(split: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap split_text_box: note which bytes of the element's text each piece shows."""

    def split_text_box(
        context: Any, box: Any, available_width: Any, skip: Any, is_line_start: bool = True
    ) -> Any:
        result = split(context, box, available_width, skip, is_line_start=is_line_start)
        piece = result[0]
        if piece is not None:
            start = skip or 0
            source = box.text.encode()[start:]
            shown = piece.text.encode()
            hyphen = box.style["hyphenate_character"].encode()
            if source.startswith(shown):
                length = len(shown)
            elif hyphen and shown.endswith(hyphen) and source.startswith(shown[: -len(hyphen)]):
                length = len(shown) - len(hyphen)  # the hyphen hyphenation drew
            else:
                return result
            setattr(piece, _ORIGIN, (box, start, start + length))
        return result

    return split_text_box


@contextmanager
def _marked(self: Any, box: Any, tag: str) -> Iterator[None]:
    """Stream.marked that also keeps the property list and its place in the stream."""
    if self._tags is None:
        yield
        return
    if box in self._tags:
        raise TaggingMismatch("a box was marked twice")
    properties = pydyf.Dictionary({"MCID": len(self._tags)})
    self._tags[box] = {
        "tag": tag,
        "mcid": properties["MCID"],
        "properties": properties,
        "stream": self,
        "at": len(self.stream),
    }
    self.begin_marked_content(tag, properties)
    try:
        yield
    finally:
        self.end_marked_content()


_installed = False


def install() -> None:
    """Put our tagging in place of WeasyPrint's (once); TaggingMismatch if it cannot."""
    global _installed
    if _installed:
        return
    expected = {
        weasy_pdf: ("add_tags", ["pdf", "document", "pdf_version", "page_streams"]),
        weasy_inline: (
            "split_text_box",
            ["context", "box", "available_width", "skip", "is_line_start"],
        ),
    }
    for module, (name, parameters) in expected.items():
        function = getattr(module, name, None)
        if function is None or list(inspect.signature(function).parameters) != parameters:
            raise TaggingMismatch(f"{module.__name__}.{name} is not the expected function")
    if not callable(getattr(Stream, "marked", None)):
        raise TaggingMismatch("Stream.marked is missing")
    weasy_inline.split_text_box = _remember_origin(weasy_inline.split_text_box)
    Stream.marked = _marked
    weasy_pdf.add_tags = add_tags
    _installed = True


# --- the tree being built ---------------------------------------------------------------


@dataclass(eq=False)
class _Content:
    """One marked-content sequence: a piece of text or a picture."""

    page: int
    entry: dict[str, Any]
    box: Any
    actual_text: str | None = None
    mcid: int = -1
    structure: Any = None

    @property
    def stream(self) -> Any:
        return self.entry["stream"]


@dataclass(eq=False)
class _Annotation:
    annotation: Any
    page: int
    structure: Any = None


@dataclass(eq=False)
class _Node:
    type: str
    element: Any
    element_tag: str | None
    page: int
    kids: list[_Node | _Content | _Annotation] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    owned: dict[str, Any] = field(default_factory=dict)
    dictionary: Any = None

    def empty(self) -> bool:
        return not self.kids


class _Builder:
    def __init__(self, pdf: Any, document: Any, page_streams: list[Any]) -> None:
        if len(page_streams) != len(document.pages):
            raise TaggingMismatch("one content stream per page expected")
        self.pdf = pdf
        self.document = document
        self.page_streams = page_streams
        self.root = _Node("Document", None, None, 0)
        self.nodes: dict[tuple[Any, str | None, str], _Node] = {}
        self.contents: list[_Content] = []
        self.annotations: list[_Annotation] = []
        self.lines: dict[tuple[Any, str | None], list[_Content]] = {}
        """The text pieces of the last line of each block so far, to find the word
        boundary at its end when the block's next line comes (on this page or the next)."""
        self.repeated: set[int] = set()
        self.page = 0
        self.tags: dict[Any, dict[str, Any]] = {}
        self.with_origin = 0
        self.text_pieces = 0

    # walking the boxes

    def build(self) -> None:
        self._find_repeated_table_parts()
        for number, (page, stream) in enumerate(
            zip(self.document.pages, self.page_streams, strict=True)
        ):
            self.page = number
            self.tags = stream._tags
            if self.tags is None:
                raise TaggingMismatch("the page was drawn without tags")
            self._block(page._page_box, self.root)
            if self.tags:
                raise TaggingMismatch(f"{len(self.tags)} marked boxes not found in the tree")
        if self.text_pieces and not self.with_origin:
            raise TaggingMismatch("no line of text came through split_text_box")

    def _find_repeated_table_parts(self) -> None:
        """Table headers and footers that WeasyPrint repeats on each page the table spans."""
        seen: dict[Any, list[Any]] = {}
        for page in self.document.pages:
            for box in _descendants(page._page_box):
                if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
                    seen.setdefault(box.element, []).append(box)
        for occurrences in seen.values():
            real = occurrences[-1] if occurrences[0].is_footer else occurrences[0]
            self.repeated.update(id(box) for box in occurrences if box is not real)

    def _node(self, box: Any, kind: str, parent: _Node, role: str | None = None) -> _Node:
        key = (box.element, box.element_tag, role or kind)
        node = self.nodes.get(key)
        if node is None:
            node = _Node(role or kind, box.element, box.element_tag, self.page)
            self.nodes[key] = node
            if node.type in ("Lbl", "Caption") and parent.type in ("LI", "Table"):
                parent.kids.insert(0, node)
            else:
                parent.kids.append(node)
            self._describe(node, box)
        return node

    def _own_node(self, box: Any, parent: _Node) -> _Node:
        """The node a box's content belongs to: its element's, or the parent's."""
        if box.element is parent.element and box.element_tag == parent.element_tag:
            return parent  # an anonymous box of the same element
        kind = _structure_type(box)
        if kind is None:
            return parent
        if kind == "Lbl":
            item = self.nodes.get((box.element, box.element.tag, "LI"))
            return self._node(box, kind, item if item is not None else parent)
        return self._node(box, kind, parent)

    def _block(self, box: Any, parent: _Node) -> None:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.MarginBox):
            self._artifacts(box, _margin_subtype(box.at_keyword))
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

    def _body_of(self, node: _Node, child: Any) -> _Node:
        """Inside a list item everything but the label goes into the item's LBody."""
        if node.type != "LI":
            return node
        if isinstance(child, AbsolutePlaceholder):
            child = child._box
        if (child.element_tag or "").endswith("::marker"):
            return node
        key = (node.element, node.element_tag, "LBody")
        body = self.nodes.get(key)
        if body is None:
            body = _Node("LBody", node.element, node.element_tag, self.page)
            self.nodes[key] = body
            node.kids.append(body)
        return body

    def _line(self, line: Any, parent: _Node) -> None:
        pieces: list[_Content] = []
        self._inline(line, parent, pieces)
        block = (line.element, line.element_tag)
        previous = self.lines.get(block)
        if previous is not None:
            _join_lines(previous, pieces)
        self.lines[block] = pieces

    def _inline(self, box: Any, node: _Node, pieces: list[_Content]) -> None:
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

    def _text(self, box: Any, node: _Node, pieces: list[_Content] | None) -> None:
        content = self._content(box, node)
        if content is None:
            return
        self.text_pieces += 1
        origin = getattr(box, _ORIGIN, None)
        if origin is not None:
            self.with_origin += 1
            source, start, end = origin
            logical = source.text.encode()[start:end].decode().replace(_SOFT_HYPHEN, "")
            if logical != box.text:
                content.actual_text = logical
        if pieces is not None:
            pieces.append(content)

    def _content(self, box: Any, node: _Node) -> _Content | None:
        entry = self.tags.pop(box, None)
        if entry is None:
            return None  # not drawn (hidden, clipped away)
        _check_recorded(entry)
        content = _Content(self.page, entry, box)
        node.kids.append(content)
        self.contents.append(content)
        return content

    def _annotations_of(self, box: Any, node: _Node) -> None:
        for name in ("link_annotation", "widget_annotation"):
            annotation = getattr(box, name, None)
            if annotation is None:
                continue
            if name == "widget_annotation":
                form = _Node("Form", None, None, self.page)
                node.kids.append(form)
                node = form
            item = _Annotation(annotation, self.page)
            node.kids.append(item)
            self.annotations.append(item)

    def _artifacts(self, box: Any, subtype: str | None) -> None:
        """Page furniture: drawn, read by nobody; marked as a Pagination artifact."""
        for inner in _descendants(box):
            entry = self.tags.pop(inner, None)
            if entry is None:
                continue
            _check_recorded(entry)
            properties = entry["properties"]
            entry["stream"].stream[entry["at"]] = "/Artifact"
            properties.clear()
            properties["Type"] = "/Pagination"
            if subtype:
                properties["Subtype"] = f"/{subtype}"

    # describing elements

    def _describe(self, node: _Node, box: Any) -> None:
        element = box.element
        attributes = element.attrib if element is not None else {}
        language = attributes.get("lang") or attributes.get(
            "{http://www.w3.org/XML/1998/namespace}lang"
        )
        if language and node.type not in ("LBody", "Lbl"):
            node.owned["Lang"] = pydyf.String(language)
        if node.type == "Figure":
            self._describe_figure(node, box)
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

    def _describe_figure(self, node: _Node, box: Any) -> None:
        element = box.element
        if element.tag == _SVG:
            label = (element.attrib.get("aria-label") or "").strip()
            title = element.find("{http://www.w3.org/2000/svg}title")
            alt = label or (title.text.strip() if title is not None and title.text else "")
        else:
            alt = (element.attrib.get("alt") or "").strip()
        if alt:
            node.owned["Alt"] = pydyf.String(alt)
        page = self.document.pages[self.page]
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

    # writing the PDF objects

    def write(self, pdf_version: Any) -> None:
        pdf = self.pdf
        _prune(self.root)
        self._number_contents()
        self._table_headers()
        self._link_descriptions()

        parent_tree = pydyf.Dictionary({"Nums": pydyf.Array()})
        pdf.add_object(parent_tree)
        root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": parent_tree.reference})
        pdf.add_object(root)
        if str(pdf_version) >= "2.0":
            namespace = pydyf.Dictionary(
                {"Type": "/Namespace", "NS": pydyf.String("http://iso.org/pdf2/ssn")}
            )
            pdf.add_object(namespace)
            root["Namespaces"] = pydyf.Array([namespace.reference])
            self.root.owned["NS"] = namespace.reference
        self._write_node(self.root, root.reference)
        root["K"] = pydyf.Array([self.root.dictionary.reference])
        pdf.catalog["StructTreeRoot"] = root.reference

        nums = parent_tree["Nums"]
        owners: dict[tuple[int, int], list[Any]] = {}
        for content in self.contents:
            if content.mcid >= 0:
                owners.setdefault((content.page, id(content.stream)), []).append(content)
        for number, stream in enumerate(self.page_streams):
            mapped = owners.pop((number, id(stream)), [])
            nums.extend(
                [
                    number,
                    pydyf.Array(
                        [c.structure.reference for c in sorted(mapped, key=lambda c: c.mcid)]
                    ),
                ]
            )
        key = len(self.page_streams)
        for group in owners.values():  # transparency groups: form XObjects with content
            group[0].stream.extra["StructParents"] = key
            nums.extend(
                [
                    key,
                    pydyf.Array(
                        [c.structure.reference for c in sorted(group, key=lambda c: c.mcid)]
                    ),
                ]
            )
            key += 1
        for item in self.annotations:
            item.annotation["StructParent"] = key
            nums.extend([key, item.structure.reference])
            key += 1
        root["ParentTreeNextKey"] = key

        identifiers = sorted(
            (node.owned["ID"].string, node.dictionary.reference)
            for node in _walk(self.root)
            if "ID" in node.owned
        )
        if identifiers:
            names = pydyf.Array()
            for identifier, reference in identifiers:
                names.extend([pydyf.String(identifier), reference])
            root["IDTree"] = pydyf.Dictionary({"Names": names})

    def _number_contents(self) -> None:
        """Number the marked content of each stream in drawing order, from 0, and say
        what its text is when the glyphs alone do not tell it."""
        streams: dict[int, list[_Content]] = {}
        for content in self.contents:
            streams.setdefault(id(content.stream), []).append(content)
        for group in streams.values():
            group.sort(key=lambda content: content.entry["at"])
            for number, content in enumerate(group):
                content.mcid = number
                properties = content.entry["properties"]
                properties["MCID"] = number
                if content.actual_text is not None:
                    properties["ActualText"] = pydyf.String(content.actual_text)

    def _write_node(self, node: _Node, parent: Any) -> None:
        pdf = self.pdf
        page = pdf.page_references[node.page]
        dictionary = pydyf.Dictionary(
            {"Type": "/StructElem", "S": f"/{node.type}", "P": parent, "Pg": page}
        )
        dictionary.update(node.owned)
        if node.attributes:
            dictionary["A"] = pydyf.Dictionary(node.attributes)
        pdf.add_object(dictionary)
        node.dictionary = dictionary
        kids = pydyf.Array()
        for kid in node.kids:
            if isinstance(kid, _Node):
                self._write_node(kid, dictionary.reference)
                kids.append(kid.dictionary.reference)
            elif isinstance(kid, _Content):
                kid.structure = dictionary
                in_page = kid.stream is self.page_streams[kid.page]
                if in_page and kid.page == node.page:
                    kids.append(kid.mcid)
                else:
                    reference = pydyf.Dictionary(
                        {"Type": "/MCR", "Pg": pdf.page_references[kid.page], "MCID": kid.mcid}
                    )
                    if not in_page:
                        reference["Stm"] = kid.stream.reference
                    kids.append(reference)
            else:
                kid.structure = dictionary
                reference = pydyf.Dictionary(
                    {
                        "Type": "/OBJR",
                        "Obj": kid.annotation.reference,
                        "Pg": pdf.page_references[kid.page],
                    }
                )
                pdf.add_object(reference)
                kids.append(reference.reference)
        dictionary["K"] = kids

    def _table_headers(self) -> None:
        """/Scope and /ID on header cells, /Headers on the cells they describe."""
        tables = [node for node in _walk(self.root) if node.type == "Table"]
        for number, table in enumerate(tables, start=1):
            for cell in describe_table(table.element, f"t{number}"):
                tag = cell.element.tag
                node = self.nodes.get((cell.element, tag, tag.upper()))
                if node is None:
                    continue
                if cell.identifier is not None and cell.scope is not None:
                    node.owned["ID"] = pydyf.String(cell.identifier)
                    node.attributes["Scope"] = f"/{cell.scope}"
                if cell.headers:
                    node.attributes["Headers"] = pydyf.Array(
                        [pydyf.String(name) for name in cell.headers]
                    )

    def _link_descriptions(self) -> None:
        """A link annotation is described by the words it shows, not by its address."""
        for node in _walk(self.root):
            if node.type != "Link":
                continue
            words = " ".join(_node_text(node).split())
            if not words:
                continue
            for kid in node.kids:
                if isinstance(kid, _Annotation):
                    kid.annotation["Contents"] = pydyf.String(words)


def _check_recorded(entry: dict[str, Any]) -> None:
    """The marked content was recorded by our Stream.marked and is where it was drawn."""
    if "properties" not in entry:
        raise TaggingMismatch("marked content was not recorded by our Stream.marked")
    stream, at = entry["stream"].stream, entry["at"]
    if stream[at] != f"/{entry['tag']}" or stream[at + 1] is not entry["properties"]:
        raise TaggingMismatch("the marked content is not where it was drawn")


def _descendants(box: Any) -> Iterator[Any]:
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _walk(node: _Node) -> Iterator[_Node]:
    yield node
    for kid in node.kids:
        if isinstance(kid, _Node):
            yield from _walk(kid)


def _prune(node: _Node) -> None:
    for kid in [kid for kid in node.kids if isinstance(kid, _Node)]:
        _prune(kid)
        if kid.empty() and kid.type not in _KEEP_WHEN_EMPTY:
            node.kids.remove(kid)


def _node_text(node: _Node) -> str:
    if "ActualText" in node.owned:
        return str(node.owned["ActualText"].string)
    parts: list[str] = []
    for kid in node.kids:
        if isinstance(kid, _Content):
            parts.append(
                kid.actual_text
                if kid.actual_text is not None
                else kid.box.text
                if isinstance(kid.box, boxes.TextBox)
                else ""
            )
        elif isinstance(kid, _Node):
            parts.append(_node_text(kid))
    return "".join(parts)


def _margin_subtype(at_keyword: str) -> str | None:
    if at_keyword.startswith("@top"):
        return "Header"
    if at_keyword.startswith("@bottom"):
        return "Footer"
    return None


def _logical(content: _Content) -> str:
    if content.actual_text is not None:
        return content.actual_text
    return str(content.box.text)


def _join_lines(before: list[_Content], after: list[_Content]) -> None:
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
        end, start = getattr(last.box, _ORIGIN, None), getattr(first.box, _ORIGIN, None)
        if end is not None and start is not None and end[0] is start[0]:
            between = end[0].text.encode()[end[2] : start[1]].decode(errors="replace")
            if not between.replace(_SOFT_HYPHEN, ""):
                return  # a break inside a word: hyphenation, or after a hyphen or slash
    if last is not None:
        last.actual_text = _logical(last) + " "
    elif first is not None:
        first.actual_text = " " + _logical(first)


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Replaces weasyprint.pdf.add_tags: one structure tree for the whole document."""
    builder = _Builder(pdf, document, page_streams)
    builder.build()
    builder.write(pdf_version)
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
