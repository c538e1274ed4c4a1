"""pydyf's list of page references, built once per page count while we write a PDF.

``pydyf.PDF.page_references`` is a property that builds a new tuple of every page's
reference each time it is read. WeasyPrint reads it once per bookmark (``add_outlines``
in ``weasyprint/pdf/anchors.py``), so a memo with a heading per entry pays pages ×
headings: quadratic, about a second at 377 pages. Our own tagging (``treewrite``) reads
it once and passes the tuple down; for the code we do not own, :func:`cached_page_references`
replaces the property, only while one PDF is written, by one that keeps the tuple until
a page is added: pydyf only ever adds pages (``PDF.add_page`` extends ``pages['Kids']``),
so a tuple kept for the same ``Kids`` list of the same length is the tuple the property
would build again. The PDF is byte-identical either way (tests/test_pdf_speedups.py).

The patch applies only to the exact versions it was tested with (:data:`TESTED`); with
any other pydyf or WeasyPrint it is left out, and the PDF comes out the same, just slower.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

from trivselreport.writers.pdf.startup import load_weasyprint

load_weasyprint()
import weasyprint  # noqa: E402  (loaded just above, after fontconfig was isolated)

TESTED = {"pydyf": "0.13.0", "weasyprint": "70.0"}
"""The versions the patch is tested with (pinned in constraints.txt)."""


def applies() -> bool:
    """Whether the installed pydyf and WeasyPrint are the ones the patch was tested with,
    and pydyf's page references are still the property it replaces."""
    installed = {"pydyf": pydyf.__version__, "weasyprint": weasyprint.__version__}
    return installed == TESTED and isinstance(pydyf.PDF.__dict__.get("page_references"), property)


_lock = threading.Lock()
_users = 0  # the writes inside cached_page_references right now (the preview server's threads)
_original: property | None = None  # pydyf's own, while replaced
# By PDF object: the Kids list and its length the tuple was built for, and the tuple.
# The entries hold the PDF and its list, so no id is reused while the cache lives.
_cache: dict[int, tuple[Any, Any, int, tuple[bytes, ...]]] = {}


def _cached(build: Callable[[Any], tuple[bytes, ...]]) -> property:
    """pydyf's property `build`, its result kept while the PDF's page list stays the same."""

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        found = _cache.get(id(pdf))
        if found is not None and found[1] is kids and found[2] == len(kids):
            return found[3]
        references = build(pdf)
        _cache[id(pdf)] = (pdf, kids, len(kids), references)
        return references

    return property(page_references)


@contextmanager
def cached_page_references() -> Iterator[bool]:
    """While inside: ``pydyf.PDF.page_references`` built once per number of pages.

    Yields whether the patch is in place. The property is put back when the last write
    inside leaves (also after an error), and the kept tuples are dropped with it.
    """
    global _users, _original
    if not applies():
        yield False
        return
    with _lock:
        if _users == 0:
            _original = pydyf.PDF.__dict__["page_references"]
            assert _original is not None and _original.fget is not None
            pydyf.PDF.page_references = _cached(_original.fget)
        _users += 1
    try:
        yield True
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                pydyf.PDF.page_references = _original
                _original = None
                _cache.clear()
