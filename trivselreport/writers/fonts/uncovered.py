"""Characters in the memo's texts that its PDF would draw as empty boxes, as warnings.

Each text gives one warning per character the fonts lack (`coverage`), at the line
where that character first stands. A file's texts are walked by their declared fields
(`mapping_problems`), so a new text field is looked at without a change here; a
Markdown text is looked at as the reader meets it (entities resolved, link targets
left out: they are not drawn). Which files are looked at is the commands' to say
(`commands.glyphs`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.fields.spec import FieldSet, Kind
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence, Value
from trivselreport.reading.markdown import markdown_tokens
from trivselreport.writers.fonts.coverage import missing_glyphs

MESSAGE = "{shown} findes ikke i notatets skrifttype og bliver vist som en tom firkant i PDF'en."
HINT = "Skriv det med ord, eller brug et andet tegn (fx → eller ✓)."

TEXT_KINDS = frozenset({Kind.TEXT, Kind.TEXTS, Kind.MARKDOWN, Kind.NAME, Kind.NAMES})
# A picture's description is read aloud by a screen reader, never drawn.
_NOT_DRAWN = frozenset({"alt"})


def text_problems(
    path: Path | None, text: str, *, first_line: int | None, field: str | None, markdown: bool
) -> list[Problem]:
    """One warning per character of `text` the PDF cannot draw, at the line (of `path`)
    where it first stands; `first_line` is the line the text's first line stands on."""
    lines: dict[str, int] = {}
    for line_offset, piece in _drawn_pieces(text) if markdown else [(0, text)]:
        for offset, char in missing_glyphs(piece):
            lines.setdefault(char, line_offset + piece.count("\n", 0, offset))
    return [
        Problem(
            path,
            MESSAGE.format(shown=shown_character(char)),
            line=None if first_line is None else first_line + offset,
            field=field,
            hint=HINT,
            level="warning",
        )
        for char, offset in lines.items()
    ]


def shown_character(char: str) -> str:
    """'Tegnet »☎« (U+260E)'; an invisible character by its number only, a mark on a circle."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category[0] in "CZ":
        return f"Tegnet {code}"
    shown = f"\u25cc{char}" if category[0] == "M" else char
    return f"Tegnet »{shown}« ({code})"


def _drawn_pieces(text: str) -> list[tuple[int, str]]:
    """The drawn text of a Markdown text, piece by piece, with the line (0-based) of each."""
    pieces: list[tuple[int, str]] = []
    for token in markdown_tokens(text):
        if token.type != "inline" or token.map is None:
            continue
        line = token.map[0]
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.content:
                pieces.append((line, child.content))
                line += child.content.count("\n")
    return pieces


def mapping_problems(
    path: Path,
    mapping: Mapping,
    fields: FieldSet,
    kinds: frozenset[Kind],
    skip: frozenset[str],
    field: str | None = None,
) -> list[Problem]:
    """The texts of `mapping` (of `kinds`, keys in `skip` left out), field by field;
    a list of items is walked by its own fields, named by the top-level key."""
    problems: list[Problem] = []
    for key, value in mapping.values.items():
        if key in skip or key in _NOT_DRAWN or key not in fields:
            continue
        declared = fields[key]
        named = field or key  # the top-level key names the field, as in every message
        if declared.items is not None and isinstance(value, Sequence):
            for item in value.items:
                if isinstance(item, Mapping):
                    problems += mapping_problems(
                        path, item, declared.items, kinds, frozenset(), named
                    )
        elif declared.kind in kinds:
            markdown = declared.kind is Kind.MARKDOWN
            for scalar in _scalars(value):
                first_line = scalar.line + 1 if scalar.block else scalar.line
                problems += text_problems(
                    path, scalar.text, first_line=first_line, field=named, markdown=markdown
                )
    return list(dict.fromkeys(problems))  # an alias (*) repeats a text at the same line


def _scalars(value: Value) -> list[Scalar]:
    if isinstance(value, Scalar):
        return [] if value.is_null else [value]
    if isinstance(value, Sequence):
        return [item for item in value.items if isinstance(item, Scalar) and not item.is_null]
    return []
