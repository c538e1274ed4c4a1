"""Which characters the memo's PDF can draw (`writers.fonts.coverage`), and the warning
for a text that holds one it cannot (`writers.fonts.uncovered`)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from trivselreport.writers.fonts.coverage import (
    HIDDEN,
    _all_shown_or_hidden,
    _shown_or_hidden,
    drawn_characters,
    missing_glyphs,
)
from trivselreport.writers.fonts.faces import symbol_faces
from trivselreport.writers.fonts.symbolcache import installed_faces
from trivselreport.writers.fonts.symbolset import INVISIBLE, SPACES, SYMBOLS
from trivselreport.writers.fonts.uncovered import shown_character, text_problems


@pytest.mark.parametrize(
    "text",
    [
        "Forældremøde på Åbo Skole, Æble og Øl",
        "→ ✓ ➢ € – — … « » „“ ‰ § ©",
        "Ελληνικά и кириллица",
        "½ ≤ ≥ ± × ÷ ∞ • ◦ ❶",
        "⇒ ✗ ☐ ☑ ★ ♥ ✉ ⚠ ▲ ◆ ‣",
        "e\u0301 a\u0308 o\u0323\u0302",  # letters and marks Lato composes
        "\u212a \u212b",  # Kelvin and Ångström signs: Lato has their canonical forms K, Å
    ],
)
def test_text_the_fonts_draw_has_nothing_missing(text: str) -> None:
    assert missing_glyphs(text) == []


@pytest.mark.parametrize(
    "char",
    [
        "☎",  # telephone
        "✂",  # scissors
        "℃",  # degree Celsius
        "Ⅻ",  # Roman numeral twelve
        "ع",  # Arabic letter ain
        "א",  # Hebrew letter alef
        "😀",  # an emoji
        "\ue000",  # private use
        "\u3164",  # a Hangul filler: default ignorable, yet drawn as a box
    ],
)
def test_a_character_neither_font_has_is_missing_at_its_offset(char: str) -> None:
    assert missing_glyphs(f"Ring {char} nu") == [(5, char)]
    assert char not in drawn_characters()


def test_each_missing_character_is_listed_with_its_own_offset() -> None:
    assert missing_glyphs("a☎b😀c☎") == [(1, "☎"), (3, "😀"), (5, "☎")]


def test_a_combining_mark_the_fonts_lack_is_missing_but_not_its_base() -> None:
    # U+20D7 (combining right arrow above): no font has it, and no composed form exists
    assert missing_glyphs("a\u20d7b") == [(1, "\u20d7")]


@pytest.mark.parametrize(
    "text",
    [
        "linje\nlinje\r\nmed\ttabulator",
        "ord\u00adled",  # soft hyphen
        "a\u200bb\u200cc\u200dd",  # zero-width space, non-joiner, joiner
        "❤\ufe0f og ✓\ufe0e",  # variation selectors
        "\U0001f3f4\U000e0067\U000e0062\U000e007f"[1:],  # tag characters alone
        "\u061c\u180e\u2065\ufff0",  # other default ignorables HarfBuzz hides
        "".join(map(chr, INVISIBLE)),  # drawn by the symbol font without ink
        "".join(map(chr, SPACES)),
    ],
)
def test_layout_and_invisible_characters_are_not_reported(text: str) -> None:
    assert missing_glyphs(text) == []


def test_the_set_is_read_once_and_holds_the_symbol_font() -> None:
    assert drawn_characters() is drawn_characters()
    assert {chr(code) for code in [*SYMBOLS, *INVISIBLE, *SPACES]} <= drawn_characters()
    assert not HIDDEN & {"\u3164", "\u115f", "\u1160", "\uffa0"}


def test_the_quick_test_of_a_whole_text_agrees_with_the_set_for_every_character() -> None:
    """missing_glyphs first tests the whole text with a character class made of the set:
    it matches a text exactly when the set holds every character of it."""
    shown = _shown_or_hidden()
    everything = _all_shown_or_hidden()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (everything.fullmatch(char) is not None) == (char in shown), hex(code)
    rng = random.Random(15)
    pool = sorted(shown)
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 30)))
        assert everything.fullmatch(text) is not None
        if rng.random() < 0.5:
            at = rng.randrange(len(text) + 1)
            text = text[:at] + chr(rng.randrange(sys.maxunicode + 1)) + text[at:]
        assert (everything.fullmatch(text) is not None) == shown.issuperset(text)


def _cmap(path: Path) -> set[str]:
    with TTFont(path) as font:
        return {chr(code) for code in font.getBestCmap()}


def test_the_set_is_what_every_lato_face_and_every_symbol_face_maps() -> None:
    faces = symbol_faces()
    lato = set.intersection(*(_cmap(face.lato) for face in faces))
    symbols = set.intersection(*(_cmap(path) for path in installed_faces(faces).values()))
    assert drawn_characters() == lato | symbols


# --- the warning ------------------------------------------------------------------------


def test_one_warning_per_character_at_the_line_it_first_stands_on() -> None:
    path = Path("entries/a.yaml")
    problems = text_problems(
        path, "Første linje\nRing ☎ her\nog ☎ igen ℃", first_line=6, field="tekst", markdown=False
    )
    assert [(p.line, p.field, p.level) for p in problems] == [
        (7, "tekst", "warning"),
        (8, "tekst", "warning"),
    ]
    assert problems[0].file == path
    assert problems[0].message == (
        "Tegnet »☎« (U+260E) findes ikke i notatets skrifttype og bliver vist som en tom "
        "firkant i PDF'en."
    )
    assert problems[0].hint == "Skriv det med ord, eller brug et andet tegn (fx → eller ✓)."
    assert "»℃« (U+2103)" in problems[1].message


def test_markdown_is_looked_at_as_drawn() -> None:
    def lines(text: str) -> list[tuple[int | None, str]]:
        found = text_problems(None, text, first_line=1, field=None, markdown=True)
        return [(problem.line, problem.message.split(" findes")[0]) for problem in found]

    assert lines("Ring\n&#9742; nu") == [(2, "Tegnet »☎« (U+260E)")]  # an entity
    assert lines("Se [siden](https://eksempel.dk/☎) nu") == []  # a link target is not drawn
    assert lines("- et\n- to ✂\n\n+ tre **Ⅻ**") == [
        (2, "Tegnet »✂« (U+2702)"),
        (4, "Tegnet »Ⅻ« (U+216B)"),
    ]
    assert lines("Alt er fint → ✓") == []


def test_a_mark_is_shown_on_a_circle_and_an_invisible_character_by_number() -> None:
    assert shown_character("☎") == "Tegnet »☎« (U+260E)"
    assert shown_character("\u20d7") == "Tegnet »◌\u20d7« (U+20D7)"
    assert shown_character("\ufff9") == "Tegnet U+FFF9"
    assert shown_character("\U0001f600") == "Tegnet »😀« (U+1F600)"
