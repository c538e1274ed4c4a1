"""The PDF's structure tree in memory: what ``treebuild`` makes and ``treewrite`` writes.

A :class:`Node` is one structure element (a paragraph, a list item, a table cell), made
once for its HTML element whatever pages that element spans. Its kids are further nodes,
the marked-content sequences drawn for it (:class:`Content`) and the link or form
annotations on it (:class:`Annotation`). :class:`StructureTree` holds the tree and the
indexes the writing needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from weasyprint.formatting_structure import boxes

_KEEP_WHEN_EMPTY = {"TR", "TH", "TD"}


@dataclass(eq=False)
class Content:
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
class Annotation:
    annotation: Any
    page: int
    structure: Any = None


@dataclass(eq=False)
class Node:
    type: str
    element: Any
    element_tag: str | None
    page: int
    kids: list[Node | Content | Annotation] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    owned: dict[str, Any] = field(default_factory=dict)
    dictionary: Any = None

    def empty(self) -> bool:
        return not self.kids


@dataclass(eq=False)
class StructureTree:
    """The document's root node, every node by its element, and everything marked."""

    root: Node = field(default_factory=lambda: Node("Document", None, None, 0))
    nodes: dict[tuple[Any, str | None, str], Node] = field(default_factory=dict)
    """Each element's node, by (element, element tag, structure type)."""
    contents: list[Content] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)


def walk(node: Node) -> Iterator[Node]:
    yield node
    for kid in node.kids:
        if isinstance(kid, Node):
            yield from walk(kid)


def prune(node: Node) -> None:
    for kid in [kid for kid in node.kids if isinstance(kid, Node)]:
        prune(kid)
        if kid.empty() and kid.type not in _KEEP_WHEN_EMPTY:
            node.kids.remove(kid)


def node_text(node: Node) -> str:
    if "ActualText" in node.owned:
        return str(node.owned["ActualText"].string)
    parts: list[str] = []
    for kid in node.kids:
        if isinstance(kid, Content):
            parts.append(
                kid.actual_text
                if kid.actual_text is not None
                else kid.box.text
                if isinstance(kid.box, boxes.TextBox)
                else ""
            )
        elif isinstance(kid, Node):
            parts.append(node_text(kid))
    return "".join(parts)
