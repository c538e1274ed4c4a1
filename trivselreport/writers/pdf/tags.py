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

This module puts the hooks in place and runs the tagging; the work is done by its
siblings, one step each:

- ``marking``: the first two hooks, what they record, and :class:`TaggingMismatch`;
- ``roles``: what each HTML element becomes (structure type, language, alternative
  text, list numbering, cell spans);
- ``structure``: the tree in memory;
- ``treebuild``: the layout boxes of all pages → the tree (one element per HTML
  element, page furniture as artifacts, the word boundaries at line ends);
- ``treewrite``: the tree → pydyf objects (``/StructTreeRoot``, ``/ParentTree``,
  ``/IDTree``, ``/MCID`` s; table headers from ``tables``).
"""

from __future__ import annotations

import inspect
from typing import Any

import pydyf
import weasyprint.layout.inline as weasy_inline
import weasyprint.pdf as weasy_pdf
from weasyprint.pdf.stream import Stream

from trivselreport.writers.pdf.marking import TaggingMismatch as TaggingMismatch
from trivselreport.writers.pdf.marking import marked, remember_origin
from trivselreport.writers.pdf.treebuild import build_tree
from trivselreport.writers.pdf.treewrite import write_tree

TESTED_RANGE = ">=70.0,<71"
"""The WeasyPrint versions this module has been tested against (as in pyproject.toml)."""

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
    weasy_inline.split_text_box = remember_origin(weasy_inline.split_text_box)
    Stream.marked = marked
    weasy_pdf.add_tags = add_tags
    _installed = True


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Replaces weasyprint.pdf.add_tags: one structure tree for the whole document."""
    tree = build_tree(document, page_streams)
    write_tree(pdf, tree, page_streams, pdf_version)
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
