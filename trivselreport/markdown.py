"""The small Markdown subset entries may use, rendered to safe HTML.

Paragraphs, bullet lists, bold, italic and links. Raw HTML is shown as text,
images are not recognised (a picture would be fetched), headings are not
recognised (the memo's headings come from its sections). A list written with
"+" is drawn with the arrow "➢", as the memo draws the political themes;
"-" and "*" give the ordinary bullet "•".
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

ARROW_LIST_CLASS = "pile"
_SAFE_SCHEMES = ("http://", "https://", "mailto:")


@cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["emphasis", "list", "link", "escape", "newline", "entity"])
    parser.validateLink = _is_safe_link  # type: ignore[method-assign]
    return parser


def _is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(_SAFE_SCHEMES)


def _mark_arrow_lists(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type == "bullet_list_open" and token.markup == "+":
            token.attrSet("class", ARROW_LIST_CLASS)


def render_markdown(text: str) -> str:
    parser = _parser()
    tokens = parser.parse(text)
    _mark_arrow_lists(tokens)
    return str(parser.renderer.render(tokens, parser.options, {}))
