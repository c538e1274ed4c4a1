"""Read a tagged PDF the way assistive technology does: through its structure tree.

A screen reader, a reflow view or a text export does not look at where glyphs stand on the
page. It walks the structure tree (``/StructTreeRoot`` → ``/K``) in order and takes each
element's text from the marked content (``BDC … EMC`` with an ``/MCID``) it points to, on
whatever page, replaced by ``/ActualText`` where there is one. Content that no element
reaches is lost to it, unless it is marked as an artifact (page furniture).

``read_tags(path)`` does exactly that with pikepdf and nothing else: it decodes the shown
strings through each font's ``/ToUnicode`` CMap (no geometry, no guessed spaces), walks the
tree, and reports what a validator such as PAC would look at: unreached marked content,
text outside any marked content, artifacts and their text, structure elements outside the
tree, and whether the ``/ParentTree`` agrees with the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

# Elements whose text stands on its own: a reader pauses between them.
BLOCK_TYPES = frozenset(
    {
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Figure",
        "Formula",
        "Form",
    }
)

Key = tuple[int, tuple[int, int] | None, int]
"""Where marked content lives: (page index, form XObject or None for the page, MCID)."""


# --- fonts ------------------------------------------------------------------------------


@dataclass
class CMap:
    """A ToUnicode CMap: byte codes of a font → Unicode text."""

    ranges: list[tuple[bytes, bytes]] = field(default_factory=list)
    chars: dict[bytes, str] = field(default_factory=dict)

    def decode(self, data: bytes) -> str:
        text: list[str] = []
        index = 0
        lengths = sorted({len(low) for low, _ in self.ranges}) or [1]
        while index < len(data):
            for length in lengths:
                code = data[index : index + length]
                if len(code) == length and self._in_ranges(code):
                    break
            else:
                length = lengths[0]
                code = data[index : index + length]
            text.append(self.chars.get(code, "\ufffd"))
            index += length
        return "".join(text)

    def _in_ranges(self, code: bytes) -> bool:
        return any(len(low) == len(code) and low <= code <= high for low, high in self.ranges)


_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|(\[)|(\])")
_SECTION = re.compile(rb"begin(codespacerange|bfchar|bfrange)(.*?)end\1", re.DOTALL)


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode("ascii"))


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


def parse_cmap(data: bytes) -> CMap:
    """Parse the codespace ranges, bfchar and bfrange sections of a ToUnicode CMap."""
    cmap = CMap()
    for kind, body in _SECTION.findall(data):
        tokens: list[bytes | list[bytes]] = []
        array: list[bytes] | None = None
        for hexa, opening, closing in _TOKEN.findall(body):
            if opening:
                array = []
            elif closing:
                assert array is not None
                tokens.append(array)
                array = None
            elif array is not None:
                array.append(_hex(hexa))
            else:
                tokens.append(_hex(hexa))
        if kind == b"codespacerange":
            for low, high in zip(tokens[0::2], tokens[1::2], strict=True):
                assert isinstance(low, bytes) and isinstance(high, bytes)
                cmap.ranges.append((low, high))
        elif kind == b"bfchar":
            for source, target in zip(tokens[0::2], tokens[1::2], strict=True):
                assert isinstance(source, bytes) and isinstance(target, bytes)
                cmap.chars[source] = _utf16(target)
        else:
            for low, high, target in zip(tokens[0::3], tokens[1::3], tokens[2::3], strict=True):
                assert isinstance(low, bytes) and isinstance(high, bytes)
                first, last = int.from_bytes(low, "big"), int.from_bytes(high, "big")
                for offset, number in enumerate(range(first, last + 1)):
                    code = number.to_bytes(len(low), "big")
                    if isinstance(target, list):
                        if offset < len(target):
                            cmap.chars[code] = _utf16(target[offset])
                    else:
                        value = int.from_bytes(target, "big") + offset
                        cmap.chars[code] = _utf16(value.to_bytes(len(target), "big"))
    if not cmap.ranges:
        width = max((len(code) for code in cmap.chars), default=1)
        cmap.ranges.append((b"\0" * width, b"\xff" * width))
    return cmap


# --- what the pages draw ----------------------------------------------------------------


@dataclass
class Marked:
    """One marked-content sequence as a reader meets it."""

    page: int
    tag: str
    mcid: int | None
    form: tuple[int, int] | None
    glyphs: str = ""
    actual_text: str | None = None
    artifact: dict[str, str] | None = None

    @property
    def key(self) -> Key:
        assert self.mcid is not None
        return (self.page, self.form, self.mcid)

    @property
    def text(self) -> str:
        return self.actual_text if self.actual_text is not None else self.glyphs


_PAINTING = frozenset({"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"})


@dataclass
class _Context:
    marked: Marked | None
    artifact: bool


def _pdf_text(value: Any) -> str:
    return str(value)


class _PageReader:
    def __init__(self, page_index: int) -> None:
        self.page = page_index
        self.marked: list[Marked] = []
        self.untagged: list[str] = []
        self.unmarked_painting: list[str] = []
        self.forms: dict[tuple[int, int], int | None] = {}
        self.cmaps: dict[tuple[int, int], CMap] = {}

    def cmap(self, font: Any) -> CMap:
        key = font.objgen
        if key not in self.cmaps:
            if "/ToUnicode" in font:
                self.cmaps[key] = parse_cmap(font.ToUnicode.read_bytes())
            else:
                self.cmaps[key] = CMap()
        return self.cmaps[key]

    def read(
        self, owner: Any, resources: Any, form: tuple[int, int] | None, stack: list[_Context]
    ) -> None:
        fonts = resources.get("/Font", {}) if resources is not None else {}
        font_stack: list[Any] = [None]
        for instruction in pikepdf.parse_content_stream(owner):
            operands, op = list(instruction.operands), str(instruction.operator)
            if op == "q":
                font_stack.append(font_stack[-1])
            elif op == "Q" and len(font_stack) > 1:
                font_stack.pop()
            elif op == "Tf":
                font_stack[-1] = fonts.get(str(operands[0]))
            elif op in ("BDC", "BMC"):
                stack.append(self._begin(op, operands, resources, form, stack))
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op in ("Tj", "TJ", "'", '"'):
                self._show(op, operands, font_stack[-1], stack)
            elif op == "Do" and resources is not None:
                xobject = resources.get("/XObject", {}).get(str(operands[0]))
                if xobject is not None and xobject.get("/Subtype") == "/Form":
                    parents = xobject.get("/StructParents")
                    self.forms[xobject.objgen] = None if parents is None else int(parents)
                    self.read(xobject, xobject.get("/Resources", resources), xobject.objgen, stack)
                elif not stack or stack[-1].marked is None:
                    self.unmarked_painting.append(op)
            elif op in _PAINTING and (not stack or stack[-1].marked is None):
                self.unmarked_painting.append(op)

    def _begin(
        self,
        op: str,
        operands: list[Any],
        resources: Any,
        form: tuple[int, int] | None,
        stack: list[_Context],
    ) -> _Context:
        tag = str(operands[0])[1:]
        properties: Any = None
        if op == "BDC":
            properties = operands[1]
            if isinstance(properties, pikepdf.Name) and resources is not None:
                properties = resources.get("/Properties", {}).get(str(properties))
        inside_artifact = bool(stack) and stack[-1].artifact
        if tag == "Artifact" or inside_artifact:
            details = {}
            if tag == "Artifact" and isinstance(properties, pikepdf.Dictionary):
                details = {str(k)[1:]: str(v).lstrip("/") for k, v in properties.items()}
            elif inside_artifact and stack[-1].marked is not None:
                details = dict(stack[-1].marked.artifact or {})
            marked = Marked(self.page, tag, None, form, artifact=details)
            self.marked.append(marked)
            return _Context(marked, True)
        if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
            marked = Marked(self.page, tag, int(properties.MCID), form)
            if "/ActualText" in properties:
                marked.actual_text = _pdf_text(properties.ActualText)
            self.marked.append(marked)
            return _Context(marked, False)
        # Marked content without an MCID adds nothing; the enclosing sequence still owns it.
        return stack[-1] if stack else _Context(None, False)

    def _show(self, op: str, operands: list[Any], font: Any, stack: list[_Context]) -> None:
        strings = operands[-1] if op == "TJ" else [operands[-1]]
        cmap = self.cmap(font) if font is not None else CMap()
        text = "".join(
            cmap.decode(bytes(item)) for item in strings if isinstance(item, pikepdf.String)
        )
        context = stack[-1] if stack else None
        if context is None or context.marked is None:
            self.untagged.append(text)
        else:
            context.marked.glyphs += text


# --- the structure tree -----------------------------------------------------------------


@dataclass
class Annotation:
    page: int
    subtype: str
    contents: str | None
    uri: str | None
    struct_parent: int | None
    objgen: tuple[int, int]


@dataclass
class Element:
    """A structure element, with its kids in tree order."""

    type: str
    objgen: tuple[int, int]
    attributes: dict[str, Any]
    kids: list[Element | Marked | Annotation] = field(default_factory=list)
    alt: str | None = None
    actual_text: str | None = None
    expansion: str | None = None
    lang: str | None = None
    id: str | None = None

    @property
    def children(self) -> list[Element]:
        return [kid for kid in self.kids if isinstance(kid, Element)]

    @property
    def marked(self) -> list[Marked]:
        """The marked content this element holds directly."""
        return [kid for kid in self.kids if isinstance(kid, Marked)]

    @property
    def pages(self) -> set[int]:
        """The pages of all marked content in this element and below."""
        found = {marked.page for marked in self.marked}
        for child in self.children:
            found |= child.pages
        return found

    @property
    def text(self) -> str:
        """What a reader gets from this element: its /ActualText, else its content in order."""
        if self.actual_text is not None:
            return self.actual_text
        parts: list[str] = []
        for kid in self.kids:
            if isinstance(kid, Marked):
                parts.append(kid.text)
            elif isinstance(kid, Element):
                parts.append(f"\n{kid.text}\n" if kid.type in BLOCK_TYPES else kid.text)
        return "".join(parts)

    @property
    def words(self) -> list[str]:
        return self.text.split()

    def walk(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Reading:
    root: Element
    pages: int
    marked: list[Marked]
    unreached: list[Marked]
    missing: list[Key]
    reached_twice: list[Key]
    untagged: list[tuple[int, str]]
    unmarked_painting: list[tuple[int, str]]
    orphans: list[tuple[int, int]]
    parent_tree_errors: list[str]
    annotations: list[Annotation]
    unreached_annotations: list[Annotation]
    id_tree: dict[str, tuple[int, int]] | None

    def elements(self, *types: str) -> list[Element]:
        return [element for element in self.root.walk() if not types or element.type in types]

    @property
    def artifacts(self) -> list[Marked]:
        return [marked for marked in self.marked if marked.artifact is not None]

    def artifact_text(self, **details: str) -> str:
        """The text of all artifacts whose properties include ``details``."""
        return "\n".join(
            marked.text
            for marked in self.artifacts
            if marked.artifact is not None
            and marked.text
            and all(marked.artifact.get(k) == v for k, v in details.items())
        )

    def parent(self, element: Element) -> Element | None:
        for candidate in self.root.walk():
            if any(child is element for child in candidate.children):
                return candidate
        return None


def _nums(tree: Any) -> dict[int, Any]:
    found: dict[int, Any] = {}
    if "/Nums" in tree:
        numbers = list(tree.Nums)
        for index in range(0, len(numbers), 2):
            found[int(numbers[index])] = numbers[index + 1]
    for kid in tree.get("/Kids", []):
        found.update(_nums(kid))
    return found


def _names(tree: Any) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    if "/Names" in tree:
        names = list(tree.Names)
        for index in range(0, len(names), 2):
            found[bytes(names[index]).decode("latin-1")] = names[index + 1].objgen
    for kid in tree.get("/Kids", []):
        found.update(_names(kid))
    return found


def read_tags(path: Path | str) -> Reading:
    """Read the PDF at ``path`` through its structure tree."""
    with pikepdf.open(path) as pdf:
        return _read(pdf)


def _read(pdf: Any) -> Reading:
    page_index = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    marked: list[Marked] = []
    untagged: list[tuple[int, str]] = []
    unmarked_painting: list[tuple[int, str]] = []
    annotations: dict[tuple[int, int], Annotation] = {}
    forms: dict[tuple[int, tuple[int, int]], int | None] = {}
    for index, page in enumerate(pdf.pages):
        reader = _PageReader(index)
        reader.read(page.obj, page.obj.get("/Resources"), None, [])
        marked += reader.marked
        untagged += [(index, text) for text in reader.untagged if text.strip()]
        unmarked_painting += [(index, op) for op in reader.unmarked_painting]
        forms.update({(index, form): key for form, key in reader.forms.items()})
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            uri = str(action.URI) if action is not None and "/URI" in action else None
            annotations[annot.objgen] = Annotation(
                index,
                str(annot.get("/Subtype", ""))[1:],
                str(annot.Contents) if "/Contents" in annot else None,
                uri,
                int(annot.StructParent) if "/StructParent" in annot else None,
                annot.objgen,
            )
    by_key = {m.key: m for m in marked if m.mcid is not None}

    root_dict = pdf.Root.StructTreeRoot
    role_map = {str(k)[1:]: str(v)[1:] for k, v in root_dict.get("/RoleMap", {}).items()}
    seen_keys: dict[Key, Element] = {}
    reached_twice: list[Key] = []
    missing: list[Key] = []
    seen_elements: set[tuple[int, int]] = set()
    annotation_owner: dict[tuple[int, int], Element] = {}

    def page_of(node: Any, inherited: int | None) -> int | None:
        if "/Pg" in node:
            return page_index.get(node.Pg.objgen)
        return inherited

    def kid(node: Any, element: Element, page: int | None, form: tuple[int, int] | None) -> None:
        if isinstance(node, int):
            add_marked(element, (-1 if page is None else page, form, int(node)))
        elif isinstance(node, pikepdf.Dictionary):
            kind = node.get("/Type")
            if kind == "/MCR":
                stream = node.get("/Stm")
                own_page = page_of(node, page)
                add_marked(
                    element,
                    (
                        -1 if own_page is None else own_page,
                        stream.objgen if stream is not None else None,
                        int(node.MCID),
                    ),
                )
            elif kind == "/OBJR":
                target = node.Obj
                annotation = annotations.get(target.objgen)
                if annotation is not None:
                    element.kids.append(annotation)
                    annotation_owner[target.objgen] = element
            else:
                element.kids.append(build(node, page))

    def add_marked(element: Element, key: Key) -> None:
        content = by_key.get(key)
        if content is None:
            missing.append(key)
            return
        if key in seen_keys:
            reached_twice.append(key)
        seen_keys[key] = element
        element.kids.append(content)

    def build(node: Any, inherited: int | None) -> Element:
        kind = str(node.S)[1:]
        attributes: dict[str, Any] = {}
        owners = node.get("/A")
        for owner in [owners] if isinstance(owners, pikepdf.Dictionary) else owners or []:
            if isinstance(owner, pikepdf.Dictionary):
                attributes.update({str(k)[1:]: v for k, v in owner.items()})
        element = Element(
            role_map.get(kind, kind),
            node.objgen,
            attributes,
            alt=_pdf_text(node.Alt) if "/Alt" in node else None,
            actual_text=_pdf_text(node.ActualText) if "/ActualText" in node else None,
            expansion=_pdf_text(node.E) if "/E" in node else None,
            lang=_pdf_text(node.Lang) if "/Lang" in node else None,
            id=bytes(node.ID).decode("latin-1") if "/ID" in node else None,
        )
        seen_elements.add(node.objgen)
        page = page_of(node, inherited)
        kids = node.get("/K")
        for item in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            kid(item, element, page, None)
        return element

    root = Element("StructTreeRoot", root_dict.objgen, {})
    kids = root_dict.get("/K")
    for item in kids if isinstance(kids, pikepdf.Array) else [kids]:
        root.kids.append(build(item, None))

    unreached = [m for m in marked if m.mcid is not None and m.key not in seen_keys]
    orphans = [
        obj.objgen
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary)
        and obj.get("/Type") == "/StructElem"
        and obj.objgen not in seen_elements
    ]

    errors: list[str] = []
    parent_tree = _nums(root_dict.ParentTree) if "/ParentTree" in root_dict else {}
    owners_of: list[tuple[int, tuple[int, int] | None, int | None]] = [
        (index, None, int(page.obj.StructParents) if "/StructParents" in page.obj else None)
        for index, page in enumerate(pdf.pages)
    ]
    owners_of += [(index, form, key) for (index, form), key in forms.items()]
    for index, form, key in owners_of:
        here = [m for m in marked if m.page == index and m.form == form and m.mcid is not None]
        where = f"page {index + 1}" + (f" form {form[0]}" if form else "")
        if key is None:
            if here:
                errors.append(f"{where}: marked content but no /StructParents")
            continue
        entry = parent_tree.get(key)
        mapped = list(entry) if isinstance(entry, pikepdf.Array) else []
        for m in here:
            assert m.mcid is not None
            owner = seen_keys.get(m.key)
            target = mapped[m.mcid] if m.mcid < len(mapped) else None
            if owner is not None and (target is None or target.objgen != owner.objgen):
                errors.append(f"{where} MCID {m.mcid}: parent tree disagrees")
        if len(mapped) > len(here):
            errors.append(f"{where}: parent tree has entries for missing content")
    for objgen, annotation in annotations.items():
        owner = annotation_owner.get(objgen)
        if owner is None or annotation.struct_parent is None:
            continue
        target = parent_tree.get(annotation.struct_parent)
        if target is None or target.objgen != owner.objgen:
            errors.append(f"annotation on page {annotation.page + 1}: parent tree disagrees")

    id_tree = _names(root_dict.IDTree) if "/IDTree" in root_dict else None
    return Reading(
        root=root,
        pages=len(pdf.pages),
        marked=marked,
        unreached=unreached,
        missing=missing,
        reached_twice=reached_twice,
        untagged=untagged,
        unmarked_painting=unmarked_painting,
        orphans=orphans,
        parent_tree_errors=errors,
        annotations=list(annotations.values()),
        unreached_annotations=[a for g, a in annotations.items() if g not in annotation_owner],
        id_tree=id_tree,
    )
