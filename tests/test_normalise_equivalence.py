"""The guard's matching form is the same as it was before runs of characters were copied whole.

`for_matching` copies runs of characters that come out as they went in, and looks at
the others one by one. `reference` below is the algorithm it replaced, character by
character and cluster by cluster; every test asserts that both give the same text and
the same origin of each character, for every character below U+3000 in the contexts
that matter (alone, after a letter or a digit, before a combining mark, at the start),
and for thousands of seeded random strings mixing Danish text with the kinds of
characters the guard must see through: digits of other scripts, fullwidth forms,
combining marks, format and invisible characters, dashes and minus signs, odd spaces
and line breaks, NFD letters, Hangul, lone surrogates and emoji.
"""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trivselreport.reading.privacy.normalise import (
    _ALREADY_PLAIN,
    _ODD_WHITESPACE,
    _UNCHANGED_BELOW,
    _WHITESPACE,
    Normalised,
    _plain,
    _unchanged,
    for_matching,
)


def reference(text: str) -> Normalised:
    """`for_matching` as it was: every character of a careful text through `_plain`."""
    if _ALREADY_PLAIN.fullmatch(text) is not None:
        if _ODD_WHITESPACE.search(text) is None:
            return Normalised(text, None)
        return Normalised(text.translate(_WHITESPACE), None)
    pieces: list[str] = []
    origin: list[int] = []
    for start, cluster in _reference_clusters(text):
        for char in unicodedata.normalize("NFKC", cluster):
            plain = _plain(char, pieces[-1] if pieces else "")
            if plain:
                pieces.append(plain)
                origin.append(start)
    return Normalised("".join(pieces), tuple(origin))


def _reference_clusters(text: str) -> list[tuple[int, str]]:
    clusters: list[tuple[int, str]] = []
    for index, char in enumerate(text):
        if clusters and unicodedata.combining(char):
            start, cluster = clusters[-1]
            clusters[-1] = (start, cluster + char)
        else:
            clusters.append((index, char))
    return clusters


def _differences(texts: list[str]) -> list[tuple[str, Normalised, Normalised]]:
    return [
        (text, new, old)
        for text in texts
        if (new := for_matching(text)) != (old := reference(text))
        or type(new.origin) is not type(old.origin)
    ]


# --- the kinds of characters ------------------------------------------------------------

DANISH = [
    "Barnet ",
    "deltog i ",
    "forløbet",
    " på skolen",
    "Ærø",
    " og ",
    "å",
    "Øst",
    ", ",
    ". ",
    "»citat«",
    "„anført“",
    "150312-1234",
    "tlf. 12 34 56 78",
    "anna@kommune.dk",
    "2024/25",
    "kl. 8.30",
    "é",
    "ü",
]
OTHER_DIGITS = [
    chr(base + value)
    for base in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE, 0x1D7EC, 0x104A0)
    for value in range(10)
]
FULLWIDTH = [chr(code) for code in range(0xFF01, 0xFF5F)] + ["\uffe0", "\uffe1", "\uffe5"]
COMPATIBILITY = [
    "\u00b2",
    "\u00b9",
    "\u00bd",
    "\u2070",
    "\u2074",
    "\u2080",
    "\u2460",
    "\u2474",
    "\u24b6",
    "\ufb01",
    "\ufb00",
    "\u2126",
    "\u212b",
    "\u2122",
    "\u3392",
    "\U0001d400",
    "\u2024",
    "\u2025",
    "\u2026",
    "\u00a8",
    "\u00b4",
    "\u00b8",
    "\u02dc",
    "\u0385",
    "\u1fed",
]
COMBINING = [chr(code) for code in range(0x0300, 0x0370, 7)] + [
    "\u0301",
    "\u030a",
    "\u0308",
    "\u0338",  # overlay, composes with "=" and "<"
    "\u0345",  # iota subscript: ccc 240, changes under NFKC
    "\u05b0",  # Hebrew point
    "\u093c",  # Devanagari nukta (ccc 7)
    "\u0941",  # Devanagari vowel sign u: Mn with ccc 0
    "\u0f71",  # Tibetan: ccc 129
    "\u0f73",  # decomposes
    "\u1ab0",
    "\u1dc0",
    "\u20d0",
    "\u20dd",  # enclosing circle (Me)
    "\u20e3",  # combining enclosing keycap (Me)
    "\u302a",
    "\u3099",  # kana voiced mark, composes
    "\ufe20",
    "\U0001d165",  # musical symbol stem (Mc, ccc 216)
    "\U0001d16d",
]
FORMAT = [
    "\u00ad",
    "\u0600",
    "\u061c",
    "\u06dd",
    "\u180e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2060",
    "\u2061",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\ufff9",
    "\U000110bd",
    "\U000e0001",
    "\U000e0041",
]
INVISIBLE = [
    "\u034f",
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",
    "\u180b",
    "\u180c",
    "\u180d",
    "\u180f",
    *(chr(code) for code in range(0xFE00, 0xFE10)),
    "\U000e0100",
]
# Every dash of Unicode (category Pd) and the minus signs the guard reads as dashes.
DASHES = [
    *(chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Pd"),
    "\u2212",
    "\u2043",
    "\u02d7",
    "\u2796",
]
MINUS = ["\u2212", "\u2043", "\u02d7", "\u2796", "\ufe63", "\uff0d", "\u207b", "\u208b"]
SPACES = [
    " ",
    "\t",
    "\u00a0",
    "\u1680",
    *(chr(code) for code in range(0x2000, 0x200B)),
    "\u202f",
    "\u205f",
    "\u3000",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
]
LINE_BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x9b"]
NFD_LETTERS = [
    unicodedata.normalize("NFD", letter)
    for letter in ("å", "Å", "æ", "ø", "é", "ü", "ñ", "ǻ", "ệ", "ḗ", "ά", "й", "ё", "ﬁ")
]
HANGUL = [
    "\uac00",
    "\ud55c",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\u1112\u1161\u11ab",
    "\u3131",
    "\u314f",
    "\uffa1",
    "\u3200",
    "\u320e",
]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udc80", "\udcff", "\udfff", "\udce6\udcb8"]
EMOJI = [
    "\u2764\ufe0f",
    "\u263a\ufe0e",
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "1\ufe0f\u20e3",
    "#\u20e3",
    "\U0001f1e9\U0001f1f0",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\u00a9\ufe0f",
]
PUNCTUATION = [
    "\u2026",
    "\u2192",
    "\u2190",
    "\u21d2",
    "\u2013",
    "\u2014",
    "\u00b7",
    "\u2022",
    "\u2030",
    "\u2032",
    "\u2033",
    "\u203c",
    "\u2047",
    "\u00bb",
    "\u00ab",
    "\u2039",
    "\u201c",
    "\u2713",
    "\u2717",
    "\u27a2",
    "\u2500",
    "\u00a7",
    "\u00b5",
    "\u00aa",
    "\u00ba",
    "\u00bc",
    "\u2044",
    "\u2215",
    "\uff0f",
    "\ufe6b",
    "\uff20",
    "\u3002",
    "\u02bc",
    "\u0374",
    "\u037e",
    "\u0387",
    "\u1fef",
]
OTHER_SCRIPTS = [
    "Αθήνα",
    "Москва",
    "Ἀθῆναι",
    "שָׁלוֹם",
    "مرحبا",
    "नमस्ते",
    "ক্ষ",
    "ภาษาไทย",
    "日本語",
    "カタカナ",
    "ｶﾀｶﾅ",
    "Ⅻ",
    "ǅ",
    "ŉ",
    "ſt",
    "Ǆ",
    "ϒ\u0301",
    "İ",
]
KINDS = [
    DANISH,
    OTHER_DIGITS,
    FULLWIDTH,
    COMPATIBILITY,
    COMBINING,
    FORMAT,
    INVISIBLE,
    DASHES,
    MINUS,
    SPACES,
    LINE_BREAKS,
    CONTROLS,
    NFD_LETTERS,
    HANGUL,
    SURROGATES,
    EMOJI,
    PUNCTUATION,
    OTHER_SCRIPTS,
]


def _any_code_point(rng: random.Random) -> str:
    """A code point from anywhere: mostly the planes in use, now and then one beyond."""
    limit = rng.choice((0x250, 0x3000, 0x10000, 0x10000, 0x30000, sys.maxunicode + 1))
    return chr(rng.randrange(limit))


def _random_text(rng: random.Random, kinds: list[list[str]]) -> str:
    pieces = []
    for _ in range(rng.randrange(0, 24)):
        if rng.random() < 0.1:
            pieces.append(_any_code_point(rng))
        else:
            pieces.append(rng.choice(rng.choice(kinds)))
    return "".join(pieces)


# --- every character below the table's limit ------------------------------------------


def _every_character() -> list[str]:
    return [chr(code) for code in range(_UNCHANGED_BELOW + 0x100)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", ""),  # alone (and so a mark at the very start)
        ("a", ""),  # after a letter: a mark is kept
        ("7", ""),  # after a digit: a mark vanishes
        ("", "\u0301"),  # before a mark: the character and the mark are one cluster
        ("", "\u0345\u0301"),  # before two marks that NFKC reorders and changes
        ("…", "→"),  # between characters that send the text down the careful path
        ("\u0301", "x"),  # after a mark the text starts with
        ("æ", "\u20dd"),  # before an enclosing mark
        ("1", "\u0941"),  # before a mark that is no combining class (Mn, class 0)
        ("\u2013", "\u2026\u2026"),
    ],
)
def test_every_character_in_context_normalises_as_before(before: str, after: str) -> None:
    texts = [before + char + after for char in _every_character()]
    assert _differences(texts) == []


def test_runs_of_every_character_normalise_as_before() -> None:
    """All characters below the limit, in runs of every length with marks between them."""
    characters = _every_character()
    rng = random.Random(15)
    texts = []
    for _ in range(2000):
        start = rng.randrange(len(characters))
        run = "".join(characters[start : start + rng.randrange(1, 40)])
        texts.append("…" + run + rng.choice(["", "\u0301", "1", "→", "\u0308\u0323"]))
    assert _differences(texts) == []


def test_the_copied_characters_are_exactly_those_the_careful_path_leaves_alone() -> None:
    """The old algorithm leaves a character `_unchanged` holds for as it is, whatever
    stands before it; a character it does not hold for is changed by the old algorithm,
    or is a combining mark (whether it stays depends on what stands before it)."""
    for code in range(_UNCHANGED_BELOW):
        char = chr(code)
        if _unchanged(char):
            for before in ("", "a", "1", " ", "→"):
                assert reference(f"{before}{char}…").text == f"{before}{char}..."
        else:
            result = reference(f"…{char}")
            assert (
                result.text != f"...{char}"
                or unicodedata.combining(char)
                or unicodedata.category(char) in ("Mn", "Me")
            ), hex(code)


# --- random texts of every kind -----------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_random_texts_of_every_kind_normalise_as_before(seed: int) -> None:
    rng = random.Random(seed)
    texts = [_random_text(rng, KINDS) for _ in range(1500)]
    assert _differences(texts) == []


@pytest.mark.parametrize("kind", range(len(KINDS)))
def test_random_texts_of_one_kind_with_danish_normalise_as_before(kind: int) -> None:
    rng = random.Random(1000 + kind)
    texts = [_random_text(rng, [DANISH, KINDS[kind], KINDS[kind]]) for _ in range(500)]
    assert _differences(texts) == []


def test_random_code_points_from_all_of_unicode_normalise_as_before() -> None:
    rng = random.Random(2026)
    texts = [
        "".join(_any_code_point(rng) for _ in range(rng.randrange(1, 30))) for _ in range(3000)
    ]
    assert _differences(texts) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_any_text_normalises_as_before(text: str) -> None:
    assert _differences([text]) == []


def test_the_messages_check_prints_take_the_copying_path_and_come_out_the_same() -> None:
    """The kind of text that made printing slow: a message with "…" and a hint with "→"."""
    message = (
        "Teksten er svær at læse: LIX 56 (meget svær), grænsen er 55. De længste sætninger: "
        "»Lærerne i indskolingen har inddraget børnene i søvn og digitale vaner og …« (19 ord)."
    )
    for text in (message, "  → " + message, message.replace("æ", "a\u0308")):
        assert _ALREADY_PLAIN.fullmatch(text) is None
        assert for_matching(text) == reference(text)
    assert for_matching(message).text == message.replace("…", "...")
