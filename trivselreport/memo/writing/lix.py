"""LIX, the Scandinavian readability index, of a text as the memo publishes it.

LIX = words / sentences + 100 × long words / words, where a long word has more
than six letters. It is counted on the parsed body (`memo.body`), so Markdown is
never counted: markers, link targets and escapes are gone, a link counts by its
text. The rules:

- A *unit* is a paragraph, a heading, a table cell or a list item's paragraph. The
  end of a unit ends a sentence (a heading or a list item without a full stop is a
  sentence of its own). A line break inside a unit is a space.
- A *token* is a run of characters between spaces (a no-break space is a space).
  A token is a *word* when it holds at least one letter: "2024", "17.30", "25 %" and
  "3-5" are not words, "2.0" in "Læringsrum 2.0" is not either, while "bl.a.",
  "3.-klasserne" and "trivsels-topmøde" are one word each.
- A word's *length* is its number of letters (hyphens, digits, full stops and
  apostrophes are not letters): "trivsels-topmøde" has 15, "bl.a." has 3.
- A sentence ends after a token ending (before closing quotes and brackets) in
  ".", "!", "?" or ":" — the colon counts, as in the common Danish definition — with
  these exceptions for the full stop: a known abbreviation ("fx.", "bl.a.", "kl.",
  "ca.", "nr.", "s.", …; see `ABBREVIATIONS`) never ends one, except those that
  often close a sentence ("osv.", "mv.", "kr.", …; `CLOSING_ABBREVIATIONS`) when the
  next word begins with a capital letter; and a full stop followed by a token that
  begins with a small letter or a digit does not end one ("7. årgang", "15. april",
  "1.-3. klasse"). An ellipsis ("…", "...") does not end a sentence.
- A sentence without words (a number alone) is not counted.

A whole memo's LIX pools its texts (all words over all sentences), it is not the
mean of the texts' values. The Danish bands, on the rounded value: under 35 "let",
35–44 "middel", 45–54 "svær", 55 and over "meget svær".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from trivselreport.memo.body import (
    Body,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    plain_text,
)
from trivselreport.memo.document import Memo

LONG_WORD = 6  # a long word has more letters than this


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


ABBREVIATIONS = _listed(
    "fx fx. f.eks. feks. bl.a. kl. ca. nr. s. jf. jvf. evt. mht. m.h.t. vedr. inkl. ekskl. "
    "dvs. pga. p.g.a. ifm. ift. i.f.t. hhv. d. tlf. stk. pkt. ang. iflg. el. dr. hr. fr. "
    "st. gl. bd. årg. afd. adm. kap. obs. ref. sept. okt. nov. dec. jan. feb. aug."
)
# These often close a sentence: they end one when the next word has a capital letter.
CLOSING_ABBREVIATIONS = _listed(
    "osv. mv. m.v. m.m. m.fl. mfl. etc. o.l. o.lign. kr. mio. mia. pct. min. max. md. mdr."
)
ABBREVIATIONS = ABBREVIATIONS | CLOSING_ABBREVIATIONS

_CLOSERS = "\"'”’»«)]}"
_OPENERS = "\"'“”‘’„»«([{"
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script
_MAY_END = frozenset(".!?:" + _CLOSERS)  # the last characters of a token that may end a sentence
_BANDS = ((35, "let"), (45, "middel"), (55, "svær"))
_TOP_BAND = "meget svær"


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Counts:
    """What LIX is computed from; counts add up over texts."""

    words: int = 0
    long_words: int = 0
    sentences: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.words + other.words,
            self.long_words + other.long_words,
            self.sentences + other.sentences,
        )

    @property
    def lix(self) -> float | None:
        """The LIX value, or None for a text without words."""
        if not self.words or not self.sentences:
            return None
        return self.words / self.sentences + 100 * self.long_words / self.words

    @property
    def rounded(self) -> int | None:
        value = self.lix
        return None if value is None else int(value + 0.5)

    @property
    def band(self) -> str | None:
        return band(self.rounded)


def band(value: int | None) -> str | None:
    """The Danish band of a (rounded) LIX value."""
    if value is None:
        return None
    return next((name for limit, name in _BANDS if value < limit), _TOP_BAND)


@dataclass(frozen=True)
class Readability:
    counts: Counts
    sentences: tuple[Sentence, ...]

    def longest(self, count: int = 2) -> list[Sentence]:
        """The `count` longest sentences (by words), in the order of the text."""
        ranked = sorted(range(len(self.sentences)), key=lambda i: -self.sentences[i].words)
        return [self.sentences[i] for i in sorted(ranked[:count])]


def readability(bodies: Iterable[Body | None]) -> Readability:
    """The counts and sentences of `bodies` together (None stands for no text)."""
    words = long_words = 0
    sentences: list[Sentence] = []
    for body in bodies:
        for unit in _units(body or ()):
            for sentence, long in _sentences(unit):
                sentences.append(sentence)
                words += sentence.words
                long_words += long
    return Readability(Counts(words, long_words, len(sentences)), tuple(sentences))


def _units(blocks: Iterable[object]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield plain_text(block.inlines)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield plain_text(cell.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _units(item)


def _sentences(unit: str) -> Iterator[tuple[Sentence, int]]:
    """The unit's sentences, each with its number of long words."""
    tokens = unit.split()  # str.split() splits at no-break spaces too
    start = words = long = 0
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        bare = token.rstrip(",.;:!?")
        letters = len(bare) if bare.isalpha() else len(_LETTER.findall(token))
        if letters:
            words += 1
            long += letters > LONG_WORD
        if index == last or (token[-1] in _MAY_END and _ends(token, tokens[index + 1])):
            if words:
                yield Sentence(" ".join(tokens[start : index + 1]), words), long
            start, words, long = index + 1, 0, 0


def _ends(token: str, following: str) -> bool:
    core = token.rstrip(_CLOSERS)
    if not core or core.endswith(("…", "...")):
        return False
    if core[-1] in "!?:":
        return True
    if core[-1] != ".":
        return False
    first = following.lstrip(_OPENERS)[:1]
    if first and (first.islower() or first.isdigit()):
        return False
    bare = core.lstrip(_OPENERS).casefold()
    if bare in ABBREVIATIONS:
        return bare in CLOSING_ABBREVIATIONS and first.isupper()
    return True


def shortened(text: str, limit: int = 80) -> str:
    """`text`, cut after a word and ended with " …" when longer than `limit`."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return f"{cut.rstrip(' ,;')} …"


def memo_readability(memo: Memo) -> Readability:
    """The memo's texts together: the introduction, the sections' leads, the entries."""
    return readability(
        [
            memo.intro,
            *(section.lead for section in memo.sections),
            *(item.body for section in memo.sections for item in section.items),
        ]
    )


def lix_phrase(counts: Counts) -> str:
    """'LIX 52 (svær)', or 'ingen LIX (ingen ord)' for a text without words."""
    if counts.rounded is None:
        return "ingen LIX (ingen ord)"
    return f"LIX {counts.rounded} ({counts.band})"
