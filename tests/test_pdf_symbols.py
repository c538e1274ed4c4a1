"""Symbols in the PDF: real text, drawn from the embedded "Memo Symbols" font.

An entry holding every symbol the font draws, in plain, bold and italic text and as the
marker of an arrow list, is built to a PDF. Each symbol must reach a reader as the
character it is (the font's ToUnicode map), be drawn by an embedded glyph with an
outline (no .notdef box, no system font), and the arrow list's labels must be "➢".
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.writers.fonts.symbolset import SYMBOLS

from .conftest import write_entry
from .pdf_reader import parse_cmap, read_tags

pytestmark = pytest.mark.pdf

DRAWN = "".join(chr(codepoint) for codepoint in SYMBOLS)
SHIPPED = {"Memo-Sans", "Memo-Sans-Bold", "Memo-Sans-Italic", "Memo-Sans-Bold-Italic"}
SYMBOL_FONTS = {"Memo-Symbols", "Memo-Symbols-Bold", "Memo-Symbols-Italic"}


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import SMALL_CONFIG

    project = tmp_path_factory.mktemp("symboler")
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    spaced = " ".join(DRAWN)
    write_entry(
        project,
        "symboler.yaml",
        f"""\
        titel: Symboler ✓ og ⇒
        type: kursus
        dato: 2024-04-02
        tekst: |
          Tegn: {spaced} og ord\u2060led.

          **Fed: {spaced}**

          *Kursiv: {spaced}*

          + Første pil
          + Anden pil
        """,
    )
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf",))
    assert result.pdf_path is not None
    return result.pdf_path


@dataclass(frozen=True)
class PdfFont:
    embedded: bool
    encoding: str
    to_unicode: bytes
    program: bytes  # the embedded TrueType subset


def fonts(path: Path) -> dict[str, PdfFont]:
    """The PDF's fonts by name (without the subset prefix)."""
    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                embedded = "/FontFile2" in descriptor
                found[str(font.BaseFont).split("+", 1)[1]] = PdfFont(
                    embedded=embedded,
                    encoding=str(font.Encoding),
                    to_unicode=bytes(font.ToUnicode.read_bytes()),
                    program=bytes(descriptor.FontFile2.read_bytes()) if embedded else b"",
                )
    return found


def test_every_font_is_embedded_and_is_one_of_ours(pdf_path: Path) -> None:
    found = fonts(pdf_path)
    assert set(found) <= SHIPPED | SYMBOL_FONTS
    assert "Memo-Symbols" in found and "Memo-Symbols-Bold" in found
    assert all(font.embedded for font in found.values())


def test_no_character_fell_back_to_a_missing_glyph(pdf_path: Path) -> None:
    # WeasyPrint gives a font its own encoding only when it drew .notdef for some character
    assert {name: font.encoding for name, font in fonts(pdf_path).items()} == {
        name: "/Identity-H" for name in fonts(pdf_path)
    }


def test_each_symbol_is_an_outlined_glyph_of_the_symbol_font_that_reads_as_itself(
    pdf_path: Path,
) -> None:
    for name, font in fonts(pdf_path).items():
        if name not in SYMBOL_FONTS:
            assert not set(parse_cmap(font.to_unicode).chars.values()) & set(DRAWN), name
            continue
        program = TTFont(io.BytesIO(font.program))
        order, glyf = program.getGlyphOrder(), program["glyf"]
        read = parse_cmap(font.to_unicode).chars
        drawn = {text: code for code, text in read.items() if text in DRAWN}
        for text, code in drawn.items():
            glyph = glyf[order[int.from_bytes(code, "big")]]
            assert glyph.numberOfContours > 0, (name, text)
    regular = set(parse_cmap(fonts(pdf_path)["Memo-Symbols"].to_unicode).chars.values())
    bold = set(parse_cmap(fonts(pdf_path)["Memo-Symbols-Bold"].to_unicode).chars.values())
    assert set(DRAWN) <= regular and set(DRAWN) <= bold


def test_the_text_a_reader_gets_holds_every_symbol(pdf_path: Path) -> None:
    reading = read_tags(pdf_path)
    paragraphs = [element.text for element in reading.elements("P")]
    spaced = " ".join(DRAWN)
    assert any(f"Tegn: {spaced} og ord" in text for text in paragraphs)
    assert any(f"Fed: {spaced}" in text for text in paragraphs)
    assert any(f"Kursiv: {spaced}" in text for text in paragraphs)
    labels = [element.text.strip() for element in reading.elements("Lbl")]
    assert labels == ["➢", "➢"]
