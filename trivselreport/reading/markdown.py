"""The small Markdown subset entries may use: the parser, and the text a reader meets.

Paragraphs, bullet and numbered lists, headings (`memo.body` makes them sub-headings
below the text's own level), pipe tables, bold, italic, links and words marked as
another language (`[words]{sprog=en}`, `reading.language`). Raw HTML is shown as
text, images are not recognised (a picture would be fetched). Links lead only to
http(s) and mailto. The memo's model of a text is built from these tokens
(`memo.body`); what each writer makes of it is the writer's.

Before parsing, a text pasted from a word processor is given the shape it had there
(`pasted`): every path that parses a text (the memo, the personal-data guard, the
font check) parses the same normalised text, and the tokens' line numbers are those
of the text as typed.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from trivselreport.reading.language import foreign_rule
from trivselreport.reading.pasted import Lines, pasted

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
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
    parser.enable(["emphasis", "list", "link", "escape", "newline", "entity", "heading", "table"])
    parser.validateLink = is_safe_link  # type: ignore[method-assign]
    # Before "link": `[words]{sprog=en}` is a marking, `[words](https://…)` still a link.
    parser.inline.ruler.before("link", "foreign", foreign_rule)
    return parser


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(_SAFE_SCHEMES)


def markdown_tokens(text: str) -> list[Token]:
    """The parser's tokens for `text`, normalised as pasted text (`pasted`), with the
    line ranges of the text as typed (the memo's model is built from them, `memo.body`)."""
    lines = pasted(text)
    tokens = _parser().parse(lines.text)
    for token in tokens:
        if token.map is not None:
            token.map = _source_range(lines, token.map)
    return tokens


def _source_range(lines: Lines, span: list[int]) -> list[int]:
    start, end = span
    if not lines.origins:
        return [start, end]
    last = len(lines.origins) - 1
    return [lines.origins[min(start, last)], lines.origins[min(max(end - 1, start), last)] + 1]


def nesting_problem(text: str) -> str | None:
    """A Danish message when lists nest deeper than the parser follows, else None."""
    if not _may_nest_deeply(text) or not _DEEP_NESTING_HINT.search(text):
        return None  # the cheap tests: nearly every text stops here
    parser = _parser()
    normalised = pasted(text)
    # Every line of text ends up in an inline token; the list tokens' own line ranges
    # cover the rest even when the parser gave up inside them.
    last_line = max(
        (
            token.map[1]
            for token in parser.parse(normalised.text)
            if token.type == "inline" and token.map
        ),
        default=0,
    )
    lines = normalised.text.rstrip().count("\n") + 1
    if last_line >= lines:
        return None
    lost = normalised.origins[last_line] if last_line < len(normalised.origins) else last_line
    return (
        f"Teksten har punktlister i for mange niveauer inden i hinanden; alt fra linje "
        f"{lost + 1} i teksten ville forsvinde fra notatet."
    )


# --- the text a reader meets, for the personal-data guard ----------------------------------

# Only these characters make the published text differ from what was typed in a way
# that can join or spell out a number or an address: escapes, entities, emphasis, links.
MARKUP_CHARACTERS = frozenset("\\&*_[")


def published_text(text: str) -> list[tuple[int, str]]:
    """Each paragraph (list item, heading, table cell) of `text`, normalised as pasted
    text is (`pasted`), as the reader meets it, with the line (0-based, within `text` as
    typed) it starts on: escapes and entities resolved, emphasis
    markers gone, a line break kept as "\n". Link targets follow as texts of their own
    (they are published too: the PDF's link annotations, the HTML's href)."""
    from urllib.parse import unquote

    published: list[tuple[int, str]] = []
    for token in markdown_tokens(text):
        if token.type != "inline" or token.map is None:
            continue
        pieces: list[str] = []
        links: list[str] = []
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                pieces.append("\n")
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if is_safe_link(href):
                    links.append(unquote(href))
            elif child.content:
                pieces.append(child.content)
        published.append((token.map[0], "".join(pieces)))
        published.extend((token.map[0], link) for link in links)
    return published
