"""Danish typography, applied to the memo's texts when they are composed.

The rules work on a parsed body (`memo.body`), one block (paragraph, heading, table
cell) at a time, across its inline formatting, so every writer (PDF, Word HTML,
DOCX) and the PDF's tag tree show the same characters. The files are never
rewritten; `check` reports where a text deviates (`deviations`).

- Straight double quotes become the project's quotes (`anførselstegn`, default
  ”…”): a quote at the start of the block, after a space, a line break, an opening
  bracket, a dash or another opening quote opens; any other closes. Single quotes
  and apostrophes ("Lise's") are left as they are.
- A hyphen between two numbers of a range becomes an en dash: "10-12", "kl. 9-15",
  "9.30-11.00", "1.-3. klasse", "2023-2024", "2023-24". Not a range, and left alone:
  a hyphen in a longer chain ("2024-04-15", "17.01.00-A00-1-24"), next to letters,
  a slash or a dot-number ("www.x.dk/10-12"), a number larger first ("5-3"), four
  digits that are not years ("1234-5678"), or a year and month ("2024-04").
- Two or more spaces become one.
- A space becomes a no-break space (U+00A0) where a line must not break: after
  "kl.", "s.", "nr.", "ca.", "pkt.", "stk.", "jf.", "tlf.", "kr." and "§" before a
  number ("kl. 17.30", "s. 4", "§ 3"); after an ordinal before a word in small
  letters ("7. årgang", "15. april"); and between a number and a short unit ("25 %",
  "500 kr.", "3 km"; the units in `UNITS`; ordinary nouns such as "deltagere" are not
  units).

Nothing changes inside link texts that are addresses (a URL or an e-mail address),
inside words with "://", "www." or "@", or in quoted code: between backticks, an HTML
tag written as text (`<a href="…">`, shown as typed) or a template placeholder
(`{{ … }}`, `{% … %}`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trivselreport.memo.body import (
    Block,
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
    TableCell,
    Text,
    plain_text,
)
from trivselreport.reading.configmodel import DEFAULT_QUOTES

NBSP = "\u00a0"
EN_DASH = "\u2013"

UNITS = ("kr.", "kr", "%", "‰", "mio.", "mia.", "km", "kg", "cm", "mm", "m", "g", "l", "dl", "ml")
_ABBREVIATIONS = ("kl", "s", "nr", "ca", "pkt", "stk", "jf", "tlf", "kr")

_NUMBER = r"\d{1,4}(?:[.:]\d{2})?\.?"
_RANGE = re.compile(rf"(?<![\w.,:/\-–@])({_NUMBER})-({_NUMBER})(?![\w/\-–@]|[.,:]\d)")
_SPACES = re.compile(" {2,}")
_UNIT_PATTERN = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_NO_BREAK = re.compile(
    rf"(?:(?<![\w.])(?i:{'|'.join(_ABBREVIATIONS)})\.|§§?)( )(?=\d)"
    rf"|(?<![\w.,])\d{{1,3}}\.( )(?=[a-zæøåéü])"
    rf"|\d( )(?i:{_UNIT_PATTERN})(?![\w%])"
)
_OPENING_CONTEXT = frozenset(" \n\t([{-–—/" + NBSP + "“„»«‘")
_OPAQUE_WORD = re.compile(r"\S*(?:://|www\.|@)\S*")
# Quoted code: between backticks, an HTML tag written as text, a template placeholder.
_CODE = re.compile(r"`[^`\n]*`|<[^<>\n]*>|\{[{%#][^\n]*?[}%#]\}")
_QUOTE = re.compile('"')


@dataclass
class Tally:
    """How many characters each rule changed."""

    quotes: int = 0
    dashes: int = 0
    spaces: int = 0
    no_break: int = 0


@dataclass
class _Run:
    """A block's text: its characters, which of them may change, and what they become."""

    chars: list[str] = field(default_factory=list)
    frozen: list[bool] = field(default_factory=list)

    def add(self, text: str, *, frozen: bool) -> None:
        self.chars.extend(text)
        self.frozen.extend([frozen] * len(text))


def typeset_body(body: Body, quotes: str = DEFAULT_QUOTES, tally: Tally | None = None) -> Body:
    """`body` with the Danish typography of the module's rules."""
    tally = tally if tally is not None else Tally()
    return tuple(_block(block, quotes, tally) for block in body)


def typeset_text(text: str, quotes: str = DEFAULT_QUOTES, tally: Tally | None = None) -> str:
    """A plain text (a title) with the same rules."""
    nodes = _inlines((Text(text),), quotes, tally if tally is not None else Tally())
    return "".join(node.text for node in nodes if isinstance(node, Text))


def deviations(body: Body, quotes: str = DEFAULT_QUOTES) -> Tally:
    """Where `body` as written differs from what the memo shows, counted per rule."""
    tally = Tally()
    typeset_body(body, quotes, tally)
    return tally


def _block(block: Block, quotes: str, tally: Tally) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(_inlines(block.inlines, quotes, tally))
    if isinstance(block, Heading):
        return Heading(block.level, _inlines(block.inlines, quotes, tally))
    if isinstance(block, Table):
        return Table(
            tuple(_cell(cell, quotes, tally) for cell in block.header),
            tuple(tuple(_cell(cell, quotes, tally) for cell in row) for row in block.rows),
        )
    items = tuple(tuple(_block(inner, quotes, tally) for inner in item) for item in block.items)
    return ListBlock(block.kind, items, block.start, block.tight)


def _cell(cell: TableCell, quotes: str, tally: Tally) -> TableCell:
    return TableCell(_inlines(cell.inlines, quotes, tally), cell.align)


def _inlines(nodes: tuple[Inline, ...], quotes: str, tally: Tally) -> tuple[Inline, ...]:
    run = _Run()
    _collect(nodes, run, frozen=False)
    text = "".join(run.chars)
    if not _may_change(text):
        return nodes  # nearly every block of an ordinary text: nothing to do
    _freeze(run, text, _OPAQUE_WORD)
    _freeze(run, text, _CODE)
    result = _apply(run, text, quotes, tally)
    position = [0]
    return _rebuild(nodes, result, position)


def _may_change(text: str) -> bool:
    return '"' in text or "-" in text or "  " in text or _NO_BREAK.search(text) is not None


def _collect(nodes: tuple[Inline, ...], run: _Run, *, frozen: bool) -> None:
    for node in nodes:
        if isinstance(node, Text):
            run.add(node.text, frozen=frozen)
        elif isinstance(node, LineBreak):
            run.add("\n", frozen=True)
        elif isinstance(node, Link):
            shown = plain_text(node.children)
            address = frozen or _OPAQUE_WORD.fullmatch(shown.strip()) is not None
            _collect(node.children, run, frozen=address or shown.strip() == node.target)
        else:
            _collect(node.children, run, frozen=frozen)


def _freeze(run: _Run, text: str, pattern: re.Pattern[str]) -> None:
    for match in pattern.finditer(text):
        for index in range(match.start(), match.end()):
            run.frozen[index] = True


def _apply(run: _Run, text: str, quotes: str, tally: Tally) -> list[str]:
    """Each character's replacement ("" where it goes)."""
    chars = run.chars
    out = list(chars)

    def free(*indexes: int) -> bool:
        return not any(run.frozen[index] for index in indexes)

    for match in _RANGE.finditer(text):
        hyphen = match.end(1)
        if free(*range(match.start(), match.end())) and _is_range(match.group(1), match.group(2)):
            out[hyphen] = EN_DASH
            tally.dashes += 1
    for match in _SPACES.finditer(text):
        extra = [index for index in range(match.start() + 1, match.end()) if free(index)]
        for index in extra:
            out[index] = ""
        tally.spaces += bool(extra)
    for index in (found.start() for found in _QUOTE.finditer(text)):
        if free(index):
            before = _previous(out, index)
            out[index] = quotes[0] if before is None or before in _OPENING_CONTEXT else quotes[1]
            tally.quotes += 1
    for match in _NO_BREAK.finditer(text):
        space = next(match.start(group) for group in (1, 2, 3) if match.start(group) >= 0)
        if free(space) and out[space] == " ":
            out[space] = NBSP
            tally.no_break += 1
    return out


def _previous(out: list[str], index: int) -> str | None:
    for earlier in range(index - 1, -1, -1):
        if out[earlier]:
            return out[earlier]
    return None


def _is_range(first: str, last: str) -> bool:
    """Whether "first-last" reads as a range from first to last (see the module's doc)."""
    start, end = _value(first), _value(last)
    digits_first, digits_last = _digits(first), _digits(last)
    if digits_first == 4 and digits_last == 4:
        return 1800 <= start < end <= 2199
    if digits_first == 4 and digits_last == 2 and "." not in first + last:
        return 1800 <= start <= 2199 and end > start % 100
    return start < end


def _digits(number: str) -> int:
    return len(re.split(r"[.:]", number)[0])


def _value(number: str) -> float:
    return float(number.rstrip(".").replace(":", "."))


def _rebuild(nodes: tuple[Inline, ...], out: list[str], position: list[int]) -> tuple[Inline, ...]:
    rebuilt: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            start = position[0]
            position[0] += len(node.text)
            text = "".join(out[start : position[0]])
            if text:
                rebuilt.append(Text(text))
        elif isinstance(node, LineBreak):
            position[0] += 1
            rebuilt.append(node)
        else:
            children = _rebuild(node.children, out, position)
            rebuilt.append(_with_children(node, children))
    return tuple(rebuilt)


def _with_children(
    node: Strong | Emphasis | Link | Foreign, children: tuple[Inline, ...]
) -> Inline:
    if isinstance(node, Foreign):
        return Foreign(node.language, children)
    if isinstance(node, Strong):
        return Strong(children)
    if isinstance(node, Emphasis):
        return Emphasis(children)
    return Link(node.target, children, node.title)
