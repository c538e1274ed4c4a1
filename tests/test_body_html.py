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
    has_words,
    parse_body,
)
from trivselreport.reading.markdown import _parser
from trivselreport.reading.pasted import pasted
from trivselreport.writers.html.body import LONG_WORD, body_html

_LONG = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def parser_html(text: str) -> str:
    """markdown-it's renderer of the text as normalised for pastes, with what the memo
    adds: the class of arrow lists, header cells' scope, headings below the memo's
    sections and the span around very long words (the reference the model's HTML must
    equal)."""
    parser = _parser()
    tokens = parser.parse(pasted(text).text)
    for index in reversed(range(len(tokens))):  # headings without words are left out
        if tokens[index].type == "heading_open" and not has_words(tokens[index + 1]):
            del tokens[index : index + 3]
    levels = [int(token.tag[1]) for token in tokens if token.type == "heading_open"]
    seen_top = False
    heading = "h3"
    for token in tokens:
        if token.type == "bullet_list_open" and token.markup == "+":
            token.attrSet("class", "pile")
        if token.type == "th_open":
            token.attrSet("scope", "col")
        if token.type == "heading_open":
            deeper = int(token.tag[1]) > min(levels) and seen_top
            seen_top = seen_top or not deeper
            heading = token.tag = "h4" if deeper else "h3"
        if token.type == "heading_close":
            token.tag = heading
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
            "## ",
            "### ",
            "|",
            " | ",
            "|---|",
            "| --: |",
            ":-:",
            "•\t",
            "o ",
            "  ◦ ",
            "– ",
            "1 ",
            "2 ",
            "2.\t",
            "\t",
            ".",
            ":",
            "\r\n",
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
@example("•\tet\n\to\tto\nAfsnit.\nNæste afsnit.")
@example("1 første\n2 anden\n3 tredje")
@example("| a | b |\n|---|:-:|\n| 1 |")
@example("### dyb\n# top\n### dybere\n## mellem")
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


def test_inside_shared_parses_a_text_is_parsed_once_per_heading_level() -> None:
    from trivselreport.memo.body import parse_body, shared_parses

    text = "En tekst med *vægt*.\n\n## Overskrift"
    assert parse_body(text) is not parse_body(text)  # outside: parsed each time
    with shared_parses():
        first = parse_body(text)
        assert parse_body(text) is first
        assert parse_body(text, 4) is not first and parse_body(text, 4) == parse_body(text, 4)
    assert parse_body(text) is not first
