"""The words of a published text that a spelling check looks at.

A Markdown text is read as the memo publishes it (`spellable_text` walks the body
tree of `memo.body`): emphasis markers are gone, escapes and entities resolved, and a
link is left out whole (its target is an address, its text most often a name or the
address again). In what remains, web addresses, e-mail addresses, code between
backticks (`…` and ``` fences) are masked, and of the words only those made of
letters are kept: a word with a digit ("2.0", "7a", "Q3"), a number or a date is no
word to spell, and neither is an abbreviation in capitals ("SFO", "PPR'en",
"SSP-samarbejdet" keeps only "samarbejdet") or a single letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from trivselreport.memo.body import (
    Body,
    Emphasis,
    Foreign,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    Text,
    is_foreign,
    parse_body,
)

_URL = r"(?:https?://|ftp://|www\.)[^\s<>()\[\]»«\"]+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_CODE = r"(?s:(?P<ticks>`+).+?(?P=ticks))"
# A Markdown link's target in the text as typed: ](…) (only the source has these).
_LINK_TARGET = r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
_MASKED = regex.compile(f"{_CODE}|{_URL}|{_EMAIL}|{_LINK_TARGET}", regex.IGNORECASE)

# A word: letters (and digits, to tell words with digits apart), joined by hyphens or
# apostrophes; dotted abbreviations ("bl.a.", "f.eks.") stay one word with their dots.
_WORD = regex.compile(
    r"(?:\p{L}{1,4}\.){2,}"  # bl.a. f.eks. m.m.
    r"|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’\-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*\.?"
)


# Every masked span holds one of these.
_MASK_SIGNS = ("`", "://", "www.", "WWW.", "@", "](")
_HYPHEN = regex.compile(r"(-)")
_APOSTROPHE = regex.compile(r"['’]")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\p{N}")
_NOT_NEWLINE = regex.compile(r"[^\n]")


@dataclass(frozen=True)
class Word:
    """A word to spell and where it stands in the text it was found in."""

    text: str
    offset: int


def masked(text: str) -> str:
    """`text` with addresses, e-mail addresses, code and link targets blanked out (each
    character a space, line ends kept), so that offsets and line numbers still hold."""
    if not any(sign in text for sign in _MASK_SIGNS):
        return text  # the cheap test: most texts have nothing to mask
    return _MASKED.sub(lambda match: _NOT_NEWLINE.sub(" ", match.group()), text)


def spellable_text(body: Body) -> list[str]:
    """The published text of each paragraph, heading, list item and table cell of
    `body` that a spelling check reads (a line break as a new line)."""
    pieces: list[str] = []
    for block in body:
        _block_texts(block, pieces)
    return pieces


def _block_texts(block: object, pieces: list[str]) -> None:
    if isinstance(block, Paragraph | Heading):
        pieces.append(inline_text(block.inlines))
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item:
                _block_texts(inner, pieces)
    elif isinstance(block, Table):
        for row in (block.header, *block.rows):
            pieces.extend(inline_text(cell.inlines) for cell in row)


def inline_text(nodes: tuple[Inline, ...]) -> str:
    """The spellable words of inline nodes: links and words marked as another language
    left out (a space in their place)."""
    parts: list[str] = []
    for node in nodes:
        if is_foreign(node):
            parts.append(" ")  # `[words]{sprog=en}`: not Danish, so not spelt
        elif isinstance(node, Text):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Link):
            parts.append(" ")  # neither its address nor its text is spelt
        elif isinstance(node, Strong | Emphasis | Foreign):  # Foreign here: marked Danish
            parts.append(inline_text(node.children))
    return "".join(parts)


def markdown_words(markdown: str) -> list[str]:
    """The words to spell of a Markdown text as published, in order."""
    words: list[str] = []
    for piece in spellable_text(parse_body(markdown)):
        words.extend(plain_words(piece))
    return words


def plain_words(text: str) -> list[str]:
    """The words to spell of a plain text, in order (`text_words` without offsets)."""
    return [word for token in _WORD.findall(masked(text)) for _, word in _spellable_parts(token)]


def text_words(text: str) -> list[Word]:
    """The words to spell of a plain text (or a published piece of one), in order."""
    found: list[Word] = []
    for match in _WORD.finditer(masked(text)):
        start = match.start()
        found.extend(Word(word, start + offset) for offset, word in _spellable_parts(match.group()))
    return found


@lru_cache(maxsize=200_000)
def _spellable_parts(token: str) -> tuple[tuple[int, str], ...]:
    """The words to spell of one token, with their offsets in it (each distinct token
    is looked at once: texts repeat their words)."""
    return tuple((offset, word) for offset, word in _parts(token, 0) if _spellable(word))


def _parts(token: str, start: int) -> list[tuple[int, str]]:
    """A hyphenated word as its parts when it begins with an abbreviation or a number
    ("SSP-samarbejdet", "3-årig"); otherwise the word as it stands, its final dot kept
    only for an abbreviation (the dictionary knows "kl." and "ca.")."""
    if "." in token[:-1]:
        return [(start, token)]  # a dotted abbreviation
    pieces = _HYPHEN.split(token.rstrip("."))
    first = _APOSTROPHE.split(pieces[0])[0]
    if len(pieces) > 1 and (_is_abbreviation(first) or _has_digit(first)):
        parts: list[tuple[int, str]] = []
        offset = start
        for piece in pieces:
            if piece != "-":
                parts.append((offset, piece))
            offset += len(piece)
        return parts
    return [(start, token)]


def _spellable(word: str) -> bool:
    bare = word.rstrip(".")
    base = _APOSTROPHE.split(bare)[0]
    return (
        len(bare) > 1
        and not _has_digit(bare)
        and not _is_abbreviation(base)
        and _LETTER.search(bare) is not None
    )


def _has_digit(word: str) -> bool:
    return _DIGIT.search(word) is not None


def _is_abbreviation(word: str) -> bool:
    """A word written in capitals ("SFO", "PPR"): an abbreviation, never spelt."""
    letters = [char for char in word if char.isalpha()]
    return len(letters) > 1 and all(char.isupper() for char in letters)
