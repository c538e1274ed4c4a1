"""A body of the memo (`memo.body`) as HTML, for the PDF and for Word.

The markup is the Markdown parser's own (markdown-it's renderer, whose rules
for new lines between tags are followed here), so a project's stylesheet sees
what it always saw: `<p>`, `<ul>`/`<ol start>`, `<li>` (with `<p>` only in a list
written with blank lines), `<strong>`, `<em>`, `<a href>`, `<br>`, `<table>` with
`<thead>`/`<tbody>`, `<th>`/`<td>` (`style="text-align:…"` for an aligned column).
What the memo adds: arrow lists get the class "pile"; a header cell gets
`scope="col"`; a heading inside a text is a sub-heading below the heading the text
stands under (`<h3>` in an entry, a deeper one `<h4>`: `memo.body.Heading`); a
word longer than `LONG_WORD` letters is wrapped in a span of class "langt-ord", which
the stylesheet keeps out of hyphenation; words marked as another language
(`memo.body.Foreign`) are a `<span lang="en">`, which the PDF's structure tree makes a
Span with /Lang (`writers.pdf.roles`) and Word reads as the words' language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml as escape
from markupsafe import Markup

from trivselreport.memo.body import (
    Block,
    Body,
    Emphasis,
    Foreign,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    TableCell,
    Text,
)
from trivselreport.memo.document import Memo

ARROW_LIST_CLASS = "pile"
LONG_WORD_CLASS = "langt-ord"
LONG_WORD = 40  # letters; longer words are not hyphenated (pyphen slows down sharply)
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


@dataclass(frozen=True)
class _Tag:
    """A block tag as the renderer sees it: opening (+1) or closing (-1), maybe hidden
    (the paragraphs of a tight list), or the inline content between them (0)."""

    name: str
    nesting: int
    attributes: tuple[tuple[str, str], ...] = ()
    hidden: bool = False
    inline: str = ""


def body_html(body: Body) -> Markup:
    """The blocks of `body` as HTML."""
    tags: list[_Tag] = []
    for block in body:
        _block_tags(block, tags, hidden=False)
    return Markup("".join(_rendered(tags, index) for index in range(len(tags))))


def has_text_blocks(memo: Memo) -> bool:
    """Whether a text of the memo has a table or a heading, in a list or not, or an item
    stands under its own heading (`MemoItem.heading`): the Word HTML carries the rules
    for them only then (`word-tabeller.css`)."""
    bodies = [memo.intro] if memo.intro is not None else []
    for section in memo.sections:
        if section.lead is not None:
            bodies.append(section.lead)
        bodies.extend(item.body for item in section.items)
    titled = any(item.heading is not None for section in memo.sections for item in section.items)
    return titled or any(_has_table_or_heading(body) for body in bodies)


def _has_table_or_heading(blocks: Body) -> bool:
    for block in blocks:
        if isinstance(block, Table | Heading):
            return True
        if isinstance(block, ListBlock) and any(
            _has_table_or_heading(item) for item in block.items
        ):
            return True
    return False


def _block_tags(block: Block, tags: list[_Tag], *, hidden: bool) -> None:
    if isinstance(block, Paragraph):
        tags.append(_Tag("p", 1, hidden=hidden))
        tags.append(_Tag("", 0, inline=inline_html(block.inlines)))
        tags.append(_Tag("p", -1, hidden=hidden))
        return
    if isinstance(block, Heading):
        name = heading_tag(block)
        tags.append(_Tag(name, 1))
        tags.append(_Tag("", 0, inline=inline_html(block.inlines)))
        tags.append(_Tag(name, -1))
        return
    if isinstance(block, Table):
        _table_tags(block, tags)
        return
    name, attributes = _list_tag(block)
    tags.append(_Tag(name, 1, attributes))
    for item in block.items:
        tags.append(_Tag("li", 1))
        for part in item:
            _block_tags(part, tags, hidden=block.tight)
        tags.append(_Tag("li", -1))
    tags.append(_Tag(name, -1))


def heading_tag(heading: Heading) -> str:
    """The element of a heading inside a text (its level, `memo.body.Heading`)."""
    return f"h{heading.level}"


def _table_tags(table: Table, tags: list[_Tag]) -> None:
    tags.append(_Tag("table", 1))
    groups: list[tuple[str, str, tuple[tuple[TableCell, ...], ...]]] = [
        ("thead", "th", (table.header,))
    ]
    if table.rows:
        groups.append(("tbody", "td", table.rows))
    for group, cell_name, rows in groups:
        tags.append(_Tag(group, 1))
        for row in rows:
            tags.append(_Tag("tr", 1))
            for cell in row:
                tags.append(_Tag(cell_name, 1, _cell_attributes(cell, cell_name)))
                tags.append(_Tag("", 0, inline=inline_html(cell.inlines)))
                tags.append(_Tag(cell_name, -1))
            tags.append(_Tag("tr", -1))
        tags.append(_Tag(group, -1))
    tags.append(_Tag("table", -1))


def _cell_attributes(cell: TableCell, name: str) -> tuple[tuple[str, str], ...]:
    attributes: list[tuple[str, str]] = []
    if cell.align is not None:
        attributes.append(("style", f"text-align:{cell.align}"))
    if name == "th":
        attributes.append(("scope", "col"))
    return tuple(attributes)


def _list_tag(block: ListBlock) -> tuple[str, tuple[tuple[str, str], ...]]:
    if block.kind == "number":
        return "ol", (("start", str(block.start)),) if block.start != 1 else ()
    return "ul", (("class", ARROW_LIST_CLASS),) if block.kind == "arrow" else ()


def _rendered(tags: list[_Tag], index: int) -> str:
    """One tag, with the new lines markdown-it's renderer puts around it."""
    tag = tags[index]
    if tag.nesting == 0:
        return tag.inline
    if tag.hidden:
        return ""
    text = "\n" if tag.nesting == 1 and index and tags[index - 1].hidden else ""
    text += ("</" if tag.nesting == -1 else "<") + tag.name
    text += "".join(f' {key}="{escape(value)}"' for key, value in tag.attributes)
    following = tags[index + 1] if index + 1 < len(tags) else None
    # No new line inside a tag that holds text, or between a tag and its own closing.
    joined = (
        tag.nesting == 1
        and following is not None
        and (
            following.nesting == 0
            or following.hidden
            or (following.nesting == -1 and following.name == tag.name)
        )
    )
    return text + (">" if joined else ">\n")


def inline_html(nodes: tuple[Inline, ...]) -> str:
    return "".join(_inline(node) for node in nodes)


def _inline(node: Inline) -> str:
    if isinstance(node, Text):
        return _text(node.text)
    if isinstance(node, LineBreak):
        return "<br>\n" if node.hard else "\n"
    if isinstance(node, Strong):
        return f"<strong>{inline_html(node.children)}</strong>"
    if isinstance(node, Emphasis):
        return f"<em>{inline_html(node.children)}</em>"
    if isinstance(node, Foreign):
        return f'<span lang="{escape(node.language)}">{inline_html(node.children)}</span>'
    title = f' title="{escape(node.title)}"' if node.title is not None else ""
    return f'<a href="{escape(node.target)}"{title}>{inline_html(node.children)}</a>'


def _text(text: str) -> str:
    if not _LONG_WORD.search(text):
        return escape(text)
    parts: list[str] = []
    position = 0
    for match in _LONG_WORD.finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f'<span class="{LONG_WORD_CLASS}">{escape(match.group())}</span>')
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)
