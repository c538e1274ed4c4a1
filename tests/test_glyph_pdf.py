"""The coverage set agrees with the built PDF: every character it calls drawn gets a real
glyph in every face, and one it calls missing gets the empty box (.notdef)."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pikepdf
import pytest
import yaml
from fontTools.ttLib import TTFont

from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.writers.fonts.coverage import HIDDEN, drawn_characters, missing_glyphs

from .conftest import SMALL_CONFIG
from .pdf_reader import parse_cmap, read_tags

pytestmark = pytest.mark.pdf


def boxed_characters(pdf_path: Path) -> set[str]:
    """The characters each font of the PDF drew with a glyph its embedded program lacks
    (WeasyPrint's .notdef: the code lies outside the subset's glyphs, and the font
    gets an encoding of its own instead of Identity-H)."""
    boxed: set[str] = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = TTFont(io.BytesIO(bytes(descriptor.FontFile2.read_bytes())))
                order = program.getGlyphOrder()
                for code, text in parse_cmap(bytes(font.ToUnicode.read_bytes())).chars.items():
                    index = int.from_bytes(code, "big")
                    if index >= len(order) or order[index] == ".notdef":
                        boxed.add(text)
    return boxed


def build_with(tmp_path: Path, text: str) -> Path:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    entry = {"titel": "Tegn", "type": "kursus", "dato": "2024-04-02", "tekst": text}
    (project / "entries" / "a.yaml").write_text(
        yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8"
    )
    return build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf",)).pdf_path


def _printable(char: str) -> bool:
    # Controls cannot stand in a text; markup characters would be read as Markdown.
    return unicodedata.category(char)[0] not in "CZ" and char not in "\\*_[]`&<>#+-"


def test_every_character_called_drawn_gets_a_glyph_in_each_face(tmp_path: Path) -> None:
    drawn = "".join(sorted(filter(_printable, drawn_characters())))
    words = " ".join(drawn[i : i + 40] for i in range(0, len(drawn), 40))
    pdf = build_with(tmp_path, f"{words}\n\n**{words}**\n\n*{words}*\n\n***{words}***\n")
    assert len(drawn) > 2000
    assert boxed_characters(pdf) == set()
    # And they were drawn: the text a reader gets holds them, but for the few that share
    # a glyph with another character (the /ToUnicode of a glyph names one of them).
    read = unicodedata.normalize("NFD", " ".join(p.text for p in read_tags(pdf).elements("P")))
    unread = [c for c in drawn if unicodedata.normalize("NFD", c) not in read]
    assert len(unread) < len(drawn) / 100, unread


def test_the_characters_called_missing_are_exactly_the_boxes(tmp_path: Path) -> None:
    probes = "☎ ✂ ℃ Ⅻ ع א 😀 \u3164 a\u20d7"
    hidden = "ord\u00adled a\u200bb ❤\ufe0f a\u2065b"
    pdf = build_with(tmp_path, f"Prøve {probes} og {hidden} slut")
    assert {char for _, char in missing_glyphs(probes + hidden)} == set("☎✂℃Ⅻعא😀\u3164\u20d7")
    assert boxed_characters(pdf) == set("☎✂℃Ⅻعא😀\u3164\u20d7")
    assert not HIDDEN & boxed_characters(pdf)
