"""What a template may ask of the memo beyond its contract: the older names.

Templates receive the writer-neutral memo (`memo.document`). A project's own
copy of an older default template still asks for the names the memo had before
it was writer-neutral; they keep working, computed from the model:

- `memo.intro_html`, `section.lead_html`, `item.html`: the body as HTML;
- `item.entry.title`, `item.entry.pictures`, `item.entry.internal`,
  `item.entry.path` (a name only): what the item shows of its entry.

`MemoItem.origin` (the entry itself, from the reading layer) is hidden from templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from trivselreport.memo.body import Body
from trivselreport.memo.document import Figure, Memo, MemoItem, MemoSection
from trivselreport.writers.html.body import body_html


@dataclass(frozen=True)
class OlderEntryView:
    """`item.entry` of older templates: what the memo shows of the entry, nothing more."""

    title: str
    pictures: tuple[Figure, ...]
    internal: bool
    path: PurePath


def is_hidden_from_templates(obj: object, attribute: str) -> bool:
    return isinstance(obj, MemoItem) and attribute == "origin"


def older_template_name(obj: object, attribute: str) -> Any:
    """The value of an older name on a memo object, or None when it is not one."""
    if isinstance(obj, Memo) and attribute == "intro_html":
        return _html(obj.intro)
    if isinstance(obj, MemoSection) and attribute == "lead_html":
        return _html(obj.lead)
    if isinstance(obj, MemoItem):
        if attribute == "html":
            return body_html(obj.body)
        if attribute == "entry":
            origin = obj.origin
            return OlderEntryView(
                obj.title,
                obj.pictures,
                bool(origin and origin.internal),
                origin.path if origin else PurePath(obj.source),
            )
    return None


def _html(body: Body | None) -> Markup | str:
    return body_html(body) if body is not None else ""
