"""The body of a text in the memo (an entry, a section's lead, the introduction) as a
writer-neutral tree, parsed once from Markdown.

Blocks are paragraphs, lists, sub-headings and tables; a paragraph, a heading and a
table cell hold inline nodes (text, strong, emphasis, links, line breaks, words in
another language: `Foreign`, `is_foreign`). Nothing
here is HTML or Word: each writer walks the tree its own way. The tree keeps what a
writer needs to give the same output the Markdown parser's own HTML would: whether
a list is tight (its items' paragraphs are not paragraphs of their own), where a
line break was only a new line in the source (`LineBreak(hard=False)`), and each
link's target as the parser normalised it. Links whose target is not http(s) or
mailto keep only their text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal

from markdown_it.token import Token

from trivselreport.reading.language import primary_language
from trivselreport.reading.markdown import is_safe_link, markdown_tokens

ListKind = Literal["bullet", "arrow", "number"]
Alignment = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    target: str
    children: tuple[Inline, ...]
    title: str | None = None


@dataclass(frozen=True)
class Foreign:
    """Words in another language (`[words]{sprog=en}`, `reading.language`): `language`
    is its BCP 47 tag ("en", "en-GB"). Writers mark the language of the words (a
    screen reader then reads them in that language) and the spelling check skips them."""

    language: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class LineBreak:
    """A line break: `hard` where the writer asked for one (two spaces or a backslash at
    the end of the line), else a new line in the source, which reads as a space."""

    hard: bool


Inline = Text | Strong | Emphasis | Link | Foreign | LineBreak

MEMO_LANGUAGE = "da"  # the language of the memo's own text


def foreign_language(node: Inline) -> str | None:
    """The language `node` is marked as, when it is marked as other than Danish, else
    None (Danish words inside a foreign phrase are Danish again)."""
    if isinstance(node, Foreign) and primary_language(node.language) != MEMO_LANGUAGE:
        return node.language
    return None


def is_foreign(node: Inline) -> bool:
    """Whether `node` holds words marked as another language than Danish: the spelling
    check skips it, with everything inside it."""
    return foreign_language(node) is not None


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    """A list; "+" in Markdown draws the arrow "➢" (as the memo's theme lists do),
    "-" and "*" the bullet "•". Each item is a sequence of blocks."""

    kind: ListKind
    items: tuple[tuple[Block, ...], ...]
    start: int = 1  # the first number of a numbered list ("3." starts at 3)
    tight: bool = True  # written without blank lines between the items


@dataclass(frozen=True)
class Heading:
    """A heading inside a text, below the heading the text stands under: `level` is the
    HTML level (3 for an entry's text or a section's lead, which stand under a section's
    h2 or, in a section with its own headings, under the entry's own h2; 4 for an entry's
    text in a section that shows its entries' titles, each an h3 under the section's h2;
    2 for the introduction, which stands under the memo's title). The text's shallowest heading
    (whatever number of "#" it was written with) is that level, any deeper one the
    level below (`parse_body`)."""

    level: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class TableCell:
    inlines: tuple[Inline, ...]
    align: Alignment | None = None


@dataclass(frozen=True)
class Table:
    """A pipe table: its header row (always there: a Markdown table has one) and its rows."""

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]


Block = Paragraph | ListBlock | Heading | Table
Body = tuple[Block, ...]


ENTRY_HEADING_LEVEL = 3  # below the sections' h2
TITLED_ENTRY_HEADING_LEVEL = 4  # below the entry's own h3 title (`vis_titler: ja`)
INTRO_HEADING_LEVEL = 2  # the introduction stands under the memo's title (h1)


# Inside `shared_parses()`: the bodies parsed so far, by text and heading level.
_SHARED_PARSES: ContextVar[dict[tuple[str, int], Body] | None] = ContextVar(
    "shared_parses", default=None
)


@contextmanager
def shared_parses() -> Iterator[None]:
    """Within it, `parse_body` parses each text once (per heading level): `check`'s
    writing help and spelling read the same texts, and a body never changes (its
    nodes are frozen)."""
    token = _SHARED_PARSES.set({})
    try:
        yield
    finally:
        _SHARED_PARSES.reset(token)


def parse_body(markdown: str, heading_level: int = ENTRY_HEADING_LEVEL) -> Body:
    """A Markdown text as blocks (the subset of `reading.markdown`); its headings start
    at `heading_level`."""
    shared = _SHARED_PARSES.get()
    if shared is None:
        return _parsed(markdown, heading_level)
    key = (markdown, heading_level)
    body = shared.get(key)
    if body is None:
        body = shared[key] = _parsed(markdown, heading_level)
    return body


def _parsed(markdown: str, heading_level: int) -> Body:
    tokens = markdown_tokens(markdown)
    levels = _heading_levels(tokens, heading_level)
    blocks, _ = _blocks(tokens, 0, closing=None, levels=levels)
    return tuple(blocks)


def has_words(inline: Token) -> bool:
    """Whether an inline token holds any text that is not blank."""
    return any(
        child.type in ("text", "text_special") and child.content.strip()
        for child in inline.children or []
    )


def _heading_levels(tokens: list[Token], top_level: int) -> dict[int, int]:
    """The level of each heading token (by index): the shallowest level the text uses is
    `top_level`, deeper ones the level below, but never before a heading at
    `top_level` (no level is skipped). A heading without words ("#") has none: it is
    left out."""
    headings = [
        index
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and has_words(tokens[index + 1])
    ]
    top = min((int(tokens[index].tag[1]) for index in headings), default=1)
    levels: dict[int, int] = {}
    seen_top = False
    for index in headings:
        deeper = int(tokens[index].tag[1]) > top and seen_top
        levels[index] = top_level + 1 if deeper else top_level
        seen_top = seen_top or not deeper
    return levels


def _blocks(
    tokens: list[Token], index: int, closing: str | None, levels: dict[int, int]
) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == closing:
            return blocks, index + 1
        if token.type == "inline":
            blocks.append(Paragraph(_inlines(token.children or [])))
            index += 1
        elif token.type == "heading_open":
            if index in levels:  # "#" alone, a heading without words, says nothing
                blocks.append(Heading(levels[index], _inlines(tokens[index + 1].children or [])))
            index += 3
        elif token.type == "table_open":
            table, index = _table(tokens, index)
            blocks.append(table)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            block, index = _list(tokens, index, levels)
            blocks.append(block)
        else:
            index += 1
    return blocks, index


def _table(tokens: list[Token], index: int) -> tuple[Table, int]:
    rows: list[tuple[TableCell, ...]] = []
    cells: list[TableCell] = []
    index += 1
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type in ("th_open", "td_open"):
            style = str(token.attrGet("style") or "")
            align = style.removeprefix("text-align:") if style.startswith("text-align:") else None
            inline = tokens[index + 1]
            cells.append(TableCell(_inlines(inline.children or []), _alignment(align)))
            index += 3
            continue
        if token.type == "tr_close":
            rows.append(tuple(cells))
            cells = []
        index += 1
    return Table(rows[0], tuple(rows[1:])), index + 1


_ALIGNMENTS: dict[str, Alignment] = {"left": "left", "center": "center", "right": "right"}


def _alignment(value: str | None) -> Alignment | None:
    return _ALIGNMENTS.get(value or "")


def _list(tokens: list[Token], index: int, levels: dict[int, int]) -> tuple[ListBlock, int]:
    opening = tokens[index]
    kind: ListKind = (
        "number"
        if opening.type == "ordered_list_open"
        else "arrow"
        if opening.markup == "+"
        else "bullet"
    )
    end = opening.type.replace("_open", "_close")
    items: list[tuple[Block, ...]] = []
    tight = True
    index += 1
    while tokens[index].type != end:
        if tokens[index].type == "list_item_open":
            start_of_item = index
            item, index = _blocks(tokens, index + 1, closing="list_item_close", levels=levels)
            items.append(tuple(item))
            # The parser hides the item's own paragraphs in a tight list (a heading or a
            # nested list may come first, so every paragraph of the item is looked at).
            level = tokens[start_of_item].level + 1
            if any(
                token.type == "paragraph_open" and token.level == level and not token.hidden
                for token in tokens[start_of_item:index]
            ):
                tight = False
        else:
            index += 1
    start = opening.attrGet("start") if kind == "number" else None
    return ListBlock(kind, tuple(items), int(start) if start is not None else 1, tight), index + 1


def _inlines(children: list[Token]) -> tuple[Inline, ...]:
    nodes, _ = _inline_run(children, 0, closing=None)
    return tuple(nodes)


def _inline_run(children: list[Token], index: int, closing: str | None) -> tuple[list[Inline], int]:
    nodes: list[Inline] = []
    while index < len(children):
        child = children[index]
        index += 1
        if child.type == closing:
            break
        if child.type in ("strong_open", "em_open", "link_open", "foreign_open"):
            inner, index = _inline_run(children, index, child.type.replace("_open", "_close"))
            nodes.extend(_container(child, tuple(inner)))
        elif child.type in ("softbreak", "hardbreak"):
            nodes.append(LineBreak(hard=child.type == "hardbreak"))
        elif child.type in ("text", "text_special") and child.content:
            nodes.append(Text(child.content))
    return nodes, index


def _container(opening: Token, inner: tuple[Inline, ...]) -> tuple[Inline, ...]:
    if opening.type == "strong_open":
        return (Strong(inner),)
    if opening.type == "em_open":
        return (Emphasis(inner),)
    if opening.type == "foreign_open":
        # A code that is no language is `check`'s error; the words stay, unmarked.
        language = str(opening.attrGet("lang") or "")
        return (Foreign(language, inner),) if language and inner else inner
    target = str(opening.attrGet("href") or "")
    if not is_safe_link(target):
        return inner
    title = opening.attrGet("title")
    return (Link(target, inner, str(title) if title is not None else None),)


def plain_text(nodes: tuple[Inline, ...], *, without_foreign: bool = False) -> str:
    """The words of inline nodes, a line break as a space (for alternative texts);
    `without_foreign`: the words marked as another language (`is_foreign`) left out,
    each as one space."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak) or (without_foreign and is_foreign(node)):
            parts.append(" ")
        else:
            parts.append(plain_text(node.children, without_foreign=without_foreign))
    return "".join(parts)
