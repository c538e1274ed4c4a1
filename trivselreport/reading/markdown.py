"""The small Markdown subset entries may use, rendered to safe HTML.

Paragraphs, bullet lists, bold, italic and links. Raw HTML is shown as text,
images are not recognised (a picture would be fetched), headings are not
recognised (the memo's headings come from its sections). A list written with
"+" is drawn with the arrow "➢", as the memo draws the political themes;
"-" and "*" give the ordinary bullet "•".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ARROW_LIST_CLASS = "pile"
LONG_WORD_CLASS = "langt-ord"
LONG_WORD = 40  # letters; longer words are not hyphenated (pyphen slows down sharply)
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")
# Texts that may nest lists deeper than the parser follows (it stops at 20 levels and
# silently drops the rest): many indented spaces, or many list markers on one line.
_SIXTEEN_SPACES = " " * 16


def _may_nest_deeply(text: str) -> bool:
    # Plain substring tests: much faster than one regex with alternatives.
    return (
        _SIXTEEN_SPACES in text
        or "\t\t\t" in text
        or "- -" in text
        or "* *" in text
        or "+ +" in text
        or ". 1." in text
        or ") 1)" in text
    )


_DEEP_NESTING_HINT = re.compile(
    r"^(?:[ \t]{16,}|(?:[ \t]*(?:[-*+]|\d+[.)])[ \t]+){5,})", re.MULTILINE
)


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["emphasis", "list", "link", "escape", "newline", "entity"])
    parser.validateLink = _is_safe_link  # type: ignore[method-assign]
    return parser


def _is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(_SAFE_SCHEMES)


def _prepare(tokens: list[Token]) -> None:
    """Arrow lists get their class; links the parser refused keep their text only;
    very long words are kept out of hyphenation (and may break anywhere)."""
    for token in tokens:
        if token.type == "bullet_list_open" and token.markup == "+":
            token.attrSet("class", ARROW_LIST_CLASS)
        if token.type == "inline" and token.children:
            token.children = _prepared_inline(token.children)


def _prepared_inline(children: list[Token]) -> list[Token]:
    prepared: list[Token] = []
    dropped_links = 0
    for child in children:
        if child.type == "link_open" and not _is_safe_link(str(child.attrGet("href") or "")):
            dropped_links += 1
            continue
        if child.type == "link_close" and dropped_links:
            dropped_links -= 1
            continue
        if child.type == "text" and _LONG_WORD.search(child.content):
            prepared.extend(_long_words_marked(child.content))
            continue
        prepared.append(child)
    return prepared


def _long_words_marked(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in _LONG_WORD.finditer(text):
        tokens.append(Token("text", "", 0, content=text[position : match.start()]))
        tokens.append(Token("html_inline", "", 0, content=f'<span class="{LONG_WORD_CLASS}">'))
        tokens.append(Token("text", "", 0, content=match.group()))
        tokens.append(Token("html_inline", "", 0, content="</span>"))
        position = match.end()
    tokens.append(Token("text", "", 0, content=text[position:]))
    return tokens


def render_markdown(text: str) -> str:
    parser = _parser()
    tokens = parser.parse(text)
    _prepare(tokens)
    return str(parser.renderer.render(tokens, parser.options, {}))


def nesting_problem(text: str) -> str | None:
    """A Danish message when lists nest deeper than the parser follows, else None."""
    if not _may_nest_deeply(text) or not _DEEP_NESTING_HINT.search(text):
        return None  # the cheap tests: nearly every text stops here
    parser = _parser()
    # Every line of text ends up in an inline token; the list tokens' own line ranges
    # cover the rest even when the parser gave up inside them.
    last_line = max(
        (token.map[1] for token in parser.parse(text) if token.type == "inline" and token.map),
        default=0,
    )
    lines = text.rstrip().count("\n") + 1
    if last_line >= lines:
        return None
    return (
        f"Teksten har punktlister i for mange niveauer inden i hinanden; alt fra linje "
        f"{last_line + 1} i teksten ville forsvinde fra notatet."
    )


# --- the text a reader meets, for the personal-data guard ----------------------------------

# Only these characters make the published text differ from what was typed in a way
# that can join or spell out a number or an address: escapes, entities, emphasis, links.
MARKUP_CHARACTERS = frozenset("\\&*_[")


def published_text(text: str) -> list[tuple[int, str]]:
    """Each paragraph (or list item) of `text` as the reader meets it, with the line
    (0-based, within `text`) it starts on: escapes and entities resolved, emphasis
    markers gone, a line break kept as "\n". Link targets follow as texts of their own
    (they are published too: the PDF's link annotations, the HTML's href)."""
    from urllib.parse import unquote

    published: list[tuple[int, str]] = []
    for token in _parser().parse(text):
        if token.type != "inline" or token.map is None:
            continue
        pieces: list[str] = []
        links: list[str] = []
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                pieces.append("\n")
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if _is_safe_link(href):
                    links.append(unquote(href))
            elif child.content:
                pieces.append(child.content)
        published.append((token.map[0], "".join(pieces)))
        published.extend((token.map[0], link) for link in links)
    return published


# --- the same Markdown as blocks, for writers that are not HTML (the DOCX) ---------------


@dataclass(frozen=True)
class Inline:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    line_break: bool = False


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class ListBlock:
    kind: str  # "bullet", "arrow" or "number"
    items: tuple[tuple[Block, ...], ...]
    start: int = 1  # the first number of a numbered list ("3." starts at 3, as in the HTML)


Block = Paragraph | ListBlock


def markdown_blocks(text: str) -> list[Block]:
    """The entry text as paragraphs and lists of inline runs, parsed as for HTML."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, closing=None)
    return blocks


def _blocks(tokens: list[Token], index: int, closing: str | None) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == closing:
            return blocks, index + 1
        if token.type == "inline":
            blocks.append(Paragraph(tuple(_inlines(token.children or []))))
            index += 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind = (
                "number"
                if token.type == "ordered_list_open"
                else "arrow"
                if token.markup == "+"
                else "bullet"
            )
            items: list[tuple[Block, ...]] = []
            index += 1
            end = token.type.replace("_open", "_close")
            while tokens[index].type != end:
                if tokens[index].type == "list_item_open":
                    item, index = _blocks(tokens, index + 1, closing="list_item_close")
                    items.append(tuple(item))
                else:
                    index += 1
            start = token.attrGet("start") if kind == "number" else None
            blocks.append(ListBlock(kind, tuple(items), int(start) if start is not None else 1))
            index += 1
        else:
            index += 1
    return blocks, index


def _inlines(children: list[Token]) -> list[Inline]:
    runs: list[Inline] = []
    bold = italic = False
    link: str | None = None
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            link = href if _is_safe_link(href) else None
        elif child.type == "link_close":
            link = None
        elif child.type == "softbreak":
            runs.append(Inline(" ", bold, italic, link))
        elif child.type == "hardbreak":
            runs.append(Inline("", line_break=True))
        elif child.content:
            runs.append(Inline(child.content, bold, italic, link))
    return runs
