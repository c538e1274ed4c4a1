"""Writing the structure tree as PDF objects: the part of the tagging that speaks pydyf.

:func:`write_tree` turns the tree that ``treebuild`` made into the PDF's
``/StructTreeRoot``: one ``/StructElem`` per node, each marked-content sequence numbered
in drawing order (``/MCID``, with its ``/ActualText``), the ``/ParentTree`` that leads
from a page, a form XObject or an annotation back to its element, the ``/IDTree`` of the
header cells, ``/Scope`` and ``/Headers`` on table cells (from ``tables``) and link
annotations described by their words.
"""

from __future__ import annotations

from typing import Any

import pydyf

from trivselreport.writers.pdf.structure import (
    Annotation,
    Content,
    Node,
    StructureTree,
    node_text,
    prune,
    walk,
)
from trivselreport.writers.pdf.tables import describe_table


def write_tree(pdf: Any, tree: StructureTree, page_streams: list[Any], pdf_version: Any) -> None:
    """Add the tree's objects to `pdf` and make it the catalog's structure tree."""
    _Writer(pdf, tree, page_streams).write(pdf_version)


class _Writer:
    def __init__(self, pdf: Any, tree: StructureTree, page_streams: list[Any]) -> None:
        self.pdf = pdf
        self.tree = tree
        self.page_streams = page_streams
        # Read once: pydyf builds the whole tuple again on every read (quadratic otherwise).
        self.pages: tuple[bytes, ...] = tuple(pdf.page_references)

    def write(self, pdf_version: Any) -> None:
        pdf = self.pdf
        prune(self.tree.root)
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
            self.tree.root.owned["NS"] = namespace.reference
        self._write_node(self.tree.root, root.reference)
        root["K"] = pydyf.Array([self.tree.root.dictionary.reference])
        pdf.catalog["StructTreeRoot"] = root.reference

        nums = parent_tree["Nums"]
        owners: dict[tuple[int, int], list[Any]] = {}
        for content in self.tree.contents:
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
        for item in self.tree.annotations:
            item.annotation["StructParent"] = key
            nums.extend([key, item.structure.reference])
            key += 1
        root["ParentTreeNextKey"] = key

        identifiers = sorted(
            (node.owned["ID"].string, node.dictionary.reference)
            for node in walk(self.tree.root)
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
        streams: dict[int, list[Content]] = {}
        for content in self.tree.contents:
            streams.setdefault(id(content.stream), []).append(content)
        for group in streams.values():
            group.sort(key=lambda content: content.entry["at"])
            for number, content in enumerate(group):
                content.mcid = number
                properties = content.entry["properties"]
                properties["MCID"] = number
                if content.actual_text is not None:
                    properties["ActualText"] = pydyf.String(content.actual_text)

    def _write_node(self, node: Node, parent: Any) -> None:
        pdf = self.pdf
        page = self.pages[node.page]
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
            if isinstance(kid, Node):
                self._write_node(kid, dictionary.reference)
                kids.append(kid.dictionary.reference)
            elif isinstance(kid, Content):
                kid.structure = dictionary
                in_page = kid.stream is self.page_streams[kid.page]
                if in_page and kid.page == node.page:
                    kids.append(kid.mcid)
                else:
                    reference = pydyf.Dictionary(
                        {"Type": "/MCR", "Pg": self.pages[kid.page], "MCID": kid.mcid}
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
                        "Pg": self.pages[kid.page],
                    }
                )
                pdf.add_object(reference)
                kids.append(reference.reference)
        dictionary["K"] = kids

    def _table_headers(self) -> None:
        """/Scope and /ID on header cells, /Headers on the cells they describe."""
        tables = [node for node in walk(self.tree.root) if node.type == "Table"]
        for number, table in enumerate(tables, start=1):
            for cell in describe_table(table.element, f"t{number}"):
                tag = cell.element.tag
                node = self.tree.nodes.get((cell.element, tag, tag.upper()))
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
        for node in walk(self.tree.root):
            if node.type != "Link":
                continue
            words = " ".join(node_text(node).split())
            if not words:
                continue
            for kid in node.kids:
                if isinstance(kid, Annotation):
                    kid.annotation["Contents"] = pydyf.String(words)
