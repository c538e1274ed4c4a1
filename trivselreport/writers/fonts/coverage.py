"""Which characters the memo's PDF can draw, and which of a text's it cannot.

The PDF has two fonts and no fallback (`faces`): Lato sets the text and "Memo Symbols"
draws what `symbolset` lists. A character neither has is drawn as an empty box
(.notdef), silently; `missing_glyphs` finds those characters in a text before the
memo is built. The HTML and DOCX are not affected (the reader's fonts draw them).

A character counts as drawn when every Lato face the memo uses has it (a character
Lato has in its regular face only would still be a box in bold) or the symbol font
has it (all four symbol faces draw the same set). HarfBuzz, which shapes the text,
composes a letter and its combining marks into one character when the font has that
one and not the marks, and takes a character apart the other way round; so a mark
or a composed letter counts as drawn when its composed (NFC) or decomposed (NFD)
form is. Line breaks and tabs are layout, not glyphs.

HarfBuzz also hides a default-ignorable character (Unicode's Default_Ignorable_Code_Point:
soft hyphen, zero-width and direction controls, variation selectors, tags …) that a
font lacks, instead of drawing a box: `HIDDEN`, as measured in built PDFs. It draws a
box for the Hangul fillers and the shorthand format controls, which are default
ignorable too, so those are left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from trivselreport.reading.charclass import character_class
from trivselreport.writers.fonts.symbolset import INVISIBLE, SPACES, SYMBOLS

_LAYOUT = frozenset("\n\r\t")

_HIDDEN_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFF8),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
HIDDEN = frozenset(chr(code) for low, high in _HIDDEN_RANGES for code in range(low, high + 1))


@cache
def drawn_characters() -> frozenset[str]:
    """Every character the memo's fonts draw: read once per process from Lato's cmaps."""
    from fontTools.ttLib import TTFont

    from trivselreport.writers.fonts.faces import symbol_faces

    lato: frozenset[int] | None = None
    for face in symbol_faces():  # each symbol face names the Lato face it matches
        with TTFont(face.lato, lazy=True) as font:
            # Glyphs by number: only which characters are mapped counts, and reading
            # Lato's glyph names (its `post` table, Adobe's glyph list) would cost 30 ms.
            font.setGlyphOrder([f"glyph{number}" for number in range(font["maxp"].numGlyphs)])
            table = font["cmap"].getcmap(3, 10) or font["cmap"].getcmap(3, 1)
            codepoints = frozenset(table.cmap if table is not None else font.getBestCmap())
        lato = codepoints if lato is None else lato & codepoints
    symbols = {*SYMBOLS, *INVISIBLE, *SPACES}
    return frozenset(map(chr, (lato or frozenset()) | symbols))


@cache
def _shown_or_hidden() -> frozenset[str]:
    return drawn_characters() | _LAYOUT | HIDDEN


@cache
def _all_shown_or_hidden() -> re.Pattern[str]:
    """A text of characters in `_shown_or_hidden` only (a set's issuperset hashes every
    character; a character class tests a Danish text a few times faster)."""
    return re.compile(character_class(map(ord, _shown_or_hidden())) + "*")


def missing_glyphs(text: str) -> list[tuple[int, str]]:
    """Each character of `text` the PDF would draw as an empty box, with its offset."""
    if _all_shown_or_hidden().fullmatch(text) is not None:
        return []  # nearly every text: one match
    drawn = _shown_or_hidden()
    missing: list[tuple[int, str]] = []
    for start, cluster in _clusters(text):
        if drawn.issuperset(cluster) or _drawn_as_another_form(cluster, drawn):
            continue
        missing.extend(
            (start + index, char) for index, char in enumerate(cluster) if char not in drawn
        )
    return missing


def _clusters(text: str) -> list[tuple[int, str]]:
    """`text` cut before every character that is not a combining mark."""
    clusters: list[tuple[int, str]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not _is_mark(text[index]):
            clusters.append((start, text[start:index]))
            start = index
    return clusters


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def _drawn_as_another_form(cluster: str, drawn: frozenset[str]) -> bool:
    return any(drawn.issuperset(unicodedata.normalize(form, cluster)) for form in ("NFC", "NFD"))
