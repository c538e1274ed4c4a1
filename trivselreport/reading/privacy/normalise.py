"""The form of a text the personal-data guard matches against: what a reader sees.

A CPR number, phone number or e-mail address can be spelt in many ways that all
look the same on the page: any of Unicode's dashes and spaces, invisible
characters inside it (soft hyphen, zero-width space, word joiner, byte-order
mark), fullwidth or other decimal digits, compatibility forms (superscripts,
mathematical digits, the fullwidth "＠"), letters in NFC or NFD. `for_matching`
maps each of them to the one plain form the patterns are written for:

- NFKC, cluster by cluster (a base character with its combining marks);
- every decimal digit of any script becomes its ASCII digit;
- every dash and minus sign becomes "-" and every space " ", while a line
  break stays "\\n" (the patterns treat it as a space; the guard also asks
  where a text was broken over lines);
- format characters (category Cf) and other invisible characters vanish, and
  so do combining marks on anything that is not a letter (a digit with an
  accent is still the digit to a reader).

`origin[i]` is the index in the original text of output character `i`, so a
finding can be reported at the line it stands on.

Most characters of a text that takes the careful path (one with "…" or "→" in it)
come out as they went in: a run of such characters is copied whole, and only the
characters that change, or that carry combining marks, are looked at one by one.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from trivselreport.reading.charclass import character_class

# Characters a reader does not see, beyond the Cf category: the combining grapheme
# joiner, Hangul fillers, Mongolian free variation selectors and variation selectors.
_INVISIBLE = frozenset(
    "\u034f\u115f\u1160\u3164\uffa0\u180b\u180c\u180d\u180f"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
_MINUS_SIGNS = frozenset("\u2212\u2043\u02d7\u2796\ufe63\uff0d")

# Texts made only of these characters are already in matching form (after the
# whitespace translation): ASCII, the Latin-1 letters (æ, ø, å, é, ü …) and the
# punctuation Danish memos use every day. Anything else takes the careful path.
_ALREADY_PLAIN = re.compile(
    "[\x00-\x7f\u00c0-\u00ff\u00a1-\u00a9\u00ab\u00ae\u00b0\u00b1\u00b6\u00b7\u00bb\u00bf"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u20ac\u27a2]*"
)
_WHITESPACE = {ord(char): " " for char in "\t\x0b\x0c"} | {ord("\r"): "\n"}
_ODD_WHITESPACE = re.compile("[\t\x0b\x0c\r]")


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...] | None  # None: character i of `text` is character i of the input

    def source_offset(self, index: int) -> int:
        """The offset in the original text of character `index` of the normalised one."""
        if self.origin is None:
            return index
        if index >= len(self.origin):
            return (self.origin[-1] + 1) if self.origin else 0
        return self.origin[index]


def for_matching(text: str) -> Normalised:
    """The text as a reader meets it, in one plain spelling (see the module's doc)."""
    if _ALREADY_PLAIN.fullmatch(text) is not None:
        if _ODD_WHITESPACE.search(text) is None:  # nearly always: translate is slow
            return Normalised(text, None)
        return Normalised(text.translate(_WHITESPACE), None)
    pieces: list[str] = []  # never an empty piece: pieces[-1][-1] is the last character
    origin: list[int] = []
    unchanged = _unchanged_run()
    combining = unicodedata.combining
    position = 0
    length = len(text)
    while position < length:
        run = unchanged.match(text, position)
        if run is not None:
            end = run.end()
            if end < length and combining(text[end]):
                end -= 1  # the run's last character carries the marks that follow it
            if end > position:
                pieces.append(text[position:end])
                origin.extend(range(position, end))
                position = end
                continue
        # One cluster: a base character (or a mark the text starts with) and the
        # combining marks that follow it, normalised together.
        end = position + 1
        while end < length and combining(text[end]):
            end += 1
        for char in unicodedata.normalize("NFKC", text[position:end]):
            plain = _plain(char, pieces[-1][-1] if pieces else "")
            if plain:
                pieces.append(plain)
                origin.append(position)
        position = end
    return Normalised("".join(pieces), tuple(origin))


# Where to look for characters that come out as they went in: every alphabet, the
# punctuation, arrows, mathematical and technical signs, box drawing and dingbats
# below U+3000. Characters beyond (CJK, emoji) are only slower, never different.
_UNCHANGED_BELOW = 0x3000


def _unchanged(char: str) -> bool:
    """Whether the careful path maps `char` to itself, whatever stands before it, when no
    combining mark follows it: it starts a cluster, NFKC leaves it alone, and so does
    `_plain` even at the start of a text (which drops any mark, Mn or Me, found there)."""
    return (
        not unicodedata.combining(char)
        and unicodedata.normalize("NFKC", char) == char
        and _plain(char, "") == char
    )


@functools.cache
def _unchanged_run() -> re.Pattern[str]:
    """A run of characters that `_unchanged` holds for (worked out at the first careful
    text, from this Python's own Unicode tables)."""
    return re.compile(
        character_class(code for code in range(_UNCHANGED_BELOW) if _unchanged(chr(code))) + "+"
    )


def _plain(char: str, previous: str) -> str:
    if char in _LINE_BREAKS:
        return "\n"
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category in ("Mn", "Me"):
        return char if previous.isalpha() else ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category == "Pd" or char in _MINUS_SIGNS:
        return "-"
    if category == "Zs" or char.isspace():
        return " "
    return char
