"""What the tagging records while WeasyPrint draws: marked content and where text came from.

Two of the three hooks that ``tags.install`` puts into WeasyPrint live here:

- :func:`remember_origin` wraps ``split_text_box`` so that each line's piece of text
  remembers which stretch of its element's text it shows (under :data:`ORIGIN`);
- :func:`marked` replaces ``Stream.marked`` so that each marked-content sequence keeps its
  property list and its place in the content stream, for the builder to renumber, to
  give an ``/ActualText`` or to turn into a Pagination artifact.

:func:`check_recorded` is how the builder makes sure a record really came from
:func:`marked`; :class:`TaggingMismatch` is what any part of the tagging raises when
WeasyPrint does not look as expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

ORIGIN = "_trivselreport_origin"
"""The attribute of a piece of text: (the element's text box, first byte, end byte)."""
SOFT_HYPHEN = "\u00ad"


class TaggingMismatch(RuntimeError):
    """WeasyPrint's boxes or streams are not what the tagging was written against."""


def remember_origin(split: Callable[..., Any]) -> Callable[..., Any]:
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
            setattr(piece, ORIGIN, (box, start, start + length))
        return result

    return split_text_box


@contextmanager
def marked(self: Any, box: Any, tag: str) -> Iterator[None]:
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


def check_recorded(entry: dict[str, Any]) -> None:
    """The marked content was recorded by our Stream.marked and is where it was drawn."""
    if "properties" not in entry:
        raise TaggingMismatch("marked content was not recorded by our Stream.marked")
    stream, at = entry["stream"].stream, entry["at"]
    if stream[at] != f"/{entry['tag']}" or stream[at + 1] is not entry["properties"]:
        raise TaggingMismatch("the marked content is not where it was drawn")
