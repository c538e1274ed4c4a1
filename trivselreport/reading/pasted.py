"""Text pasted from a word processor (Word, Outlook), given back the shape it had there.

A paste keeps each paragraph on a line of its own and each list item as its symbol, a
tab and the text. Read as Markdown, the symbols would be text and the lines would run
together into one paragraph. So before a text is parsed (`reading.markdown`):

- A line starting with a bullet symbol (`BULLETS`: "•", "·", "▪", "◦", "–", "o" …)
  followed by a tab or spaces becomes a Markdown list item ("- "); deeper indentation
  than the item before makes a nested item.
- Two or more lines in a row numbered "1 text", "2 text" … (a number, then a tab or
  spaces, counting up by one) become a numbered list ("1. text"). Lines that already
  are Markdown ("1. text", "2) text") are left as they are.
- In a text without any blank line, a line ends its paragraph when it ends a sentence
  (".", "!", "?", ":" or "…", perhaps followed by quotation marks or a closing
  bracket); a list item ends where the next line is not one, and a list starts after
  a paragraph line. A line that asks for a line break (two spaces or "\\" at its end),
  an indented line, and the rows of a table are never split apart.

A text that already has blank lines between its paragraphs is Markdown as typed, and
only its bullet symbols and counted lines change; a text without symbols, counted lines
or line breaks does not change at all. Every line of the result comes from a line of
the text (`Lines.origins`), so problems can name the line that was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLETS = "•·▪◦‣●○■□–o"
_BULLET = re.compile(rf"^([ \t]*)[{BULLETS}][ \t]+(?=\S)")
_COUNTED = re.compile(r"^([ \t]*)(\d{1,3})[ \t]+(?=\S)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_SENTENCE_ENDS = tuple(".!?:…")
_CLOSING = "\"'”’»«)]"
_TAB_WIDTH = 4


@dataclass(frozen=True)
class Lines:
    """The normalised text, and for each of its lines the line (0-based) of the text
    as typed it comes from (an added blank line: the line after it)."""

    text: str
    origins: tuple[int, ...]


def pasted(text: str) -> Lines:
    """`text` with pasted bullets, counted lines and lines as paragraphs made Markdown."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _bullets(lines)
    lines = _counted(lines)
    origins = list(range(len(lines)))
    if _has_no_blank_line(lines):
        lines, origins = _paragraph_per_line(lines)
    return Lines("\n".join(lines), tuple(origins))


def _indent_width(indent: str) -> int:
    return sum(_TAB_WIDTH if char == "\t" else 1 for char in indent)


def _bullets(lines: list[str]) -> list[str]:
    """Bullet symbols as Markdown items; the nesting follows the indentation within a
    run of items (each deeper indentation one level deeper)."""
    result: list[str] = []
    indents: list[int] = []  # the indentation of each open level of the current run
    for line in lines:
        match = _BULLET.match(line)
        if match is None:
            if line.strip() and not line[:1].isspace():
                indents = []  # a line of its own ends the run
            result.append(line)
            continue
        width = _indent_width(match.group(1))
        while indents and indents[-1] > width:
            indents.pop()
        if not indents or width > indents[-1]:
            indents.append(width)
        depth = len(indents) - 1
        result.append("  " * depth + "- " + line[match.end() :])
    return result


def _counted(lines: list[str]) -> list[str]:
    """Runs of two or more lines numbered 1, 2, 3 … (without "." or ")") as a numbered list."""
    result = list(lines)
    index = 0
    while index < len(lines):
        run = _counted_run(lines, index)
        if len(run) >= 2:
            for position, (match, _) in zip(range(index, index + len(run)), run, strict=True):
                number = match.group(2)
                result[position] = f"{match.group(1)}{number}. {lines[position][match.end() :]}"
            index += len(run)
        else:
            index += 1
    return result


def _counted_run(lines: list[str], index: int) -> list[tuple[re.Match[str], int]]:
    run: list[tuple[re.Match[str], int]] = []
    for position in range(index, len(lines)):
        match = _COUNTED.match(lines[position])
        if match is None:
            break
        number = int(match.group(2))
        if run and (number != run[-1][1] + 1 or match.group(1) != run[0][0].group(1)):
            break
        run.append((match, number))
    return run


def _has_no_blank_line(lines: list[str]) -> bool:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return False
    return all(line.strip() for line in lines[filled[0] : filled[-1] + 1])


def _paragraph_per_line(lines: list[str]) -> tuple[list[str], list[int]]:
    result: list[str] = []
    origins: list[int] = []
    for index, line in enumerate(lines):
        if index and _splits(lines[index - 1], line):
            result.append("")
            origins.append(index)
        result.append(line)
        origins.append(index)
    return result, origins


def _splits(before: str, after: str) -> bool:
    """Whether a paragraph ends between two lines of a text without blank lines."""
    if not before.strip() or not after.strip() or after[:1].isspace():
        return False
    if "|" in before and "|" in after:
        return False  # the rows of a table
    if before.lstrip().startswith("#"):
        return False  # a heading ends at its line anyway
    # An indented line continues a list item (a paragraph line is never indented here).
    before_item = _LIST_ITEM.match(before) is not None or before[:1].isspace()
    after_item = _LIST_ITEM.match(after) is not None
    if before_item or after_item:
        return before_item != after_item
    if before.endswith(("  ", "\\")):
        return False  # a line break the writer asked for
    # (String tests, not a regex: a long run of spaces must not make this slow.)
    return before.rstrip(" \t").rstrip(_CLOSING).endswith(_SENTENCE_ENDS)
