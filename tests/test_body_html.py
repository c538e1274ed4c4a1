"""The memo's model of a text (`memo.body`) written as HTML gives exactly the markup the
Markdown parser's own renderer gives: a project's stylesheet and the PDF's tags see what
they saw before the memo became writer-neutral."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from trivselreport.memo.body import (
    Emphasis,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Text,
    parse_body,
)
from trivselreport.reading.markdown import _parser
from trivselreport.writers.html.body import LONG_WORD, body_html

_LONG = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def parser_html(text: str) -> str:
    """markdown-it's renderer, with what the memo adds: the class of arrow lists and the
    span around very long words (the reference the model's HTML must equal)."""
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type == "bullet_list_open" and token.markup == "+":
            token.attrSet("class", "pile")
        if token.type == "inline" and token.children:
            marked: list[Token] = []
            for child in token.children:
                if child.type != "text" or not _LONG.search(child.content):
                    marked.append(child)
                    continue
                position = 0
                for match in _LONG.finditer(child.content):
                    marked.append(
                        Token("text", "", 0, content=child.content[position : match.start()])
                    )
                    marked.append(Token("html_inline", "", 0, content='<span class="langt-ord">'))
                    marked.append(Token("text", "", 0, content=match.group()))
                    marked.append(Token("html_inline", "", 0, content="</span>"))
                    position = match.end()
                marked.append(Token("text", "", 0, content=child.content[position:]))
                token.children = marked
    return str(parser.renderer.render(tokens, parser.options, {}))


PIECES = st.lists(
    st.sampled_from(
        [
            "tekst",
            "ord",
            " ",
            "  ",
            "\n",
            "\n\n",
            "   ",
            "- ",
            "+ ",
            "* ",
            "1. ",
            "3) ",
            "  - ",
            "    + ",
            "**",
            "*",
            "_",
            "__",
            "[a](https://x.dk)",
            '[b](http://y.dk "titel")',
            "[c](javascript:x)",
            "[d](<mailto:a@b>)",
            "\\",
            "\\*",
            "&amp;",
            "&#106;",
            "&copy;",
            "<b>",
            '"',
            "'",
            "æøå",
            "x" * (LONG_WORD + 3),
            "#",
            "> ",
            "`kode`",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(PIECES, st.text(max_size=60)))
@example("- a\n\n  b\n- c\n")
@example("- a\n  + b\n\n    c\n")
@example("1. a\n2. b\n\n7. c\n")
@example("***x*** og **a *b* c**")
@example("linje  \nny linje\nsamme afsnit")
@example("-\n- \n-  x")
def test_the_models_html_is_the_parsers_html(text: str) -> None:
    assert str(body_html(parse_body(text))) == parser_html(text)


def test_a_text_becomes_paragraphs_lists_and_inline_nodes() -> None:
    body = parse_body(
        "Et **vigtigt** og *nyt* [tiltag](https://x.dk).\nNy linje  \nbrud\n\n"
        "+ Tilhør\n+ Tempo\n\n3. tre\n\n   fire\n"
    )
    assert body == (
        Paragraph(
            (
                Text("Et "),
                Strong((Text("vigtigt"),)),
                Text(" og "),
                Emphasis((Text("nyt"),)),
                Text(" "),
                Link("https://x.dk", (Text("tiltag"),)),
                Text("."),
                LineBreak(hard=False),
                Text("Ny linje"),
                LineBreak(hard=True),
                Text("brud"),
            )
        ),
        ListBlock("arrow", ((Paragraph((Text("Tilhør"),)),), (Paragraph((Text("Tempo"),)),))),
        ListBlock(
            "number",
            ((Paragraph((Text("tre"),)), Paragraph((Text("fire"),))),),
            start=3,
            tight=False,
        ),
    )


def test_a_link_to_anything_but_the_web_or_mail_keeps_only_its_text() -> None:
    (paragraph,) = parse_body("[klik](javascript:alert(1)) og [x](file:///etc/passwd)")
    assert isinstance(paragraph, Paragraph)
    assert not any(isinstance(node, Link) for node in paragraph.inlines)
