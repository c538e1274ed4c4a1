"""The "Memo Symbols" font, built by our own code with fontTools' FontBuilder.

The symbols Lato lacks (``symbolglyphs``, ``symbolset``) become four TrueType faces, one
for each Lato face the memo uses (regular, italic, bold, bold italic), with Lato's
vertical metrics so a symbol never changes a line's height. The bytes depend only on
the drawings, the Lato face and fontTools (pinned in constraints.txt): every timestamp
in the font is fixed, so the PDF that embeds it stays reproducible. ``symbolcache``
keeps the built faces in the user's private cache.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

from trivselreport.writers.fonts.symbolglyphs import Metrics, SymbolGlyph
from trivselreport.writers.fonts.symbolset import SPACES, symbol_glyphs

FAMILY = "Memo Symbols"
# head.created and head.modified: 2024-01-01 in seconds since 1904 (TrueType's epoch)
FIXED_TIMESTAMP = 3786825600
VERSION = "1.000"


@dataclass(frozen=True)
class SymbolFace:
    """One face of the symbol font and the Lato face it is drawn to match."""

    style_name: str  # "Regular", "Italic", "Bold", "Bold Italic"
    lato: Path
    file_name: str

    @property
    def bold(self) -> bool:
        return "Bold" in self.style_name

    @property
    def italic(self) -> bool:
        return "Italic" in self.style_name


def lato_metrics(font: TTFont) -> Metrics:
    cmap, glyf = font.getBestCmap(), font["glyf"]

    def box(character: str) -> tuple[float, float, float, float]:
        glyph = glyf[cmap[ord(character)]]
        glyph.recalcBounds(glyf)
        return (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)

    stem = box("l")
    minus = box("−")
    slant = math.tan(math.radians(-font["post"].italicAngle))
    return Metrics(
        stem=(stem[2] - stem[0]) - (stem[3] - stem[1]) * slant,  # across, not along the lean
        axis=(minus[1] + minus[3]) / 2,
        hyphen=box("-"),
        hyphen_advance=font["hmtx"][cmap[ord("-")]][0],
        slant=slant,
        spaces=tuple(
            (codepoint, font["hmtx"][cmap[codepoint]][0])
            for codepoint in SPACES
            if codepoint in cmap
        ),
    )


def build_face(face: SymbolFace) -> bytes:
    """The face's TrueType bytes: the same on every machine for the same inputs."""
    lato = TTFont(face.lato, lazy=True)
    glyphs = symbol_glyphs(lato_metrics(lato))
    order = [".notdef", *(f"uni{codepoint:04X}" for codepoint in glyphs)]
    upem = lato["head"].unitsPerEm
    builder = FontBuilder(upem, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({codepoint: f"uni{codepoint:04X}" for codepoint in glyphs})
    outlines = {".notdef": _notdef(upem, lato["OS/2"].sCapHeight)}
    advances = {".notdef": (upem // 2, 100)}
    for codepoint, glyph in glyphs.items():
        name = f"uni{codepoint:04X}"
        outlines[name] = _outline(glyph)
        outlines[name].recalcBounds(None)
        left = outlines[name].xMin if glyph.contours else 0
        advances[name] = (glyph.advance, left)
    builder.setupGlyf(outlines)
    builder.setupHorizontalMetrics(advances)
    hhea, os2 = lato["hhea"], lato["OS/2"]
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.setupHead(
        unitsPerEm=upem,
        created=FIXED_TIMESTAMP,
        modified=FIXED_TIMESTAMP,
        macStyle=(1 if face.bold else 0) | (2 if face.italic else 0),
        fontRevision=1.0,
    )
    ps_name = "MemoSymbols-" + face.style_name.replace(" ", "")
    builder.setupNameTable(
        {
            "copyright": "Drawn by trivselreport's own code (symbolglyphs.py); MIT licence.",
            "familyName": FAMILY,
            "styleName": face.style_name,
            "uniqueFontIdentifier": f"{ps_name} {VERSION}",
            "fullName": f"{FAMILY} {face.style_name}",
            "version": f"Version {VERSION}",
            "psName": ps_name,
        },
        windows=True,
        mac=False,
    )
    builder.setupOS2(
        version=4,
        usWeightClass=700 if face.bold else 400,
        fsType=0,  # installable: may be embedded in documents
        fsSelection=_selection(face, os2.fsSelection),
        sTypoAscender=os2.sTypoAscender,
        sTypoDescender=os2.sTypoDescender,
        sTypoLineGap=os2.sTypoLineGap,
        usWinAscent=os2.usWinAscent,
        usWinDescent=os2.usWinDescent,
        sxHeight=os2.sxHeight,
        sCapHeight=os2.sCapHeight,
        achVendID="TRIV",
    )
    builder.setupPost(italicAngle=lato["post"].italicAngle)
    stream = io.BytesIO()
    builder.font.recalcTimestamp = False  # or saving would set head.modified to now
    builder.save(stream)
    return stream.getvalue()


def _selection(face: SymbolFace, lato_selection: int) -> int:
    """OS/2 fsSelection: ITALIC, BOLD or REGULAR, and Lato's USE_TYPO_METRICS bit."""
    bits = (0x20 if face.bold else 0) | (0x01 if face.italic else 0)
    return (bits or 0x40) | (lato_selection & 0x80)


def _outline(glyph: SymbolGlyph) -> Glyph:
    pen = TTGlyphPen(None)
    for contour in glyph.contours:
        pen.moveTo(contour[0])
        for point in contour[1:]:
            pen.lineTo(point)
        pen.closePath()
    outline = pen.glyph()
    if len(glyph.contours) > 1 and outline.numberOfContours > 0:
        outline.flags[0] |= 0x40  # OVERLAP_SIMPLE: contours overlap on purpose
    return outline


def _notdef(upem: int, cap_height: int) -> Glyph:
    """The glyph for a character no font has: an empty box."""
    pen = TTGlyphPen(None)
    width, line = upem // 2, upem // 20
    for x0, y0, x1, y1, clockwise in (
        (100, 0, 100 + width - 200, cap_height, True),
        (100 + line, line, 100 + width - 200 - line, cap_height - line, False),
    ):
        corners = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
        if not clockwise:
            corners.reverse()
        pen.moveTo(corners[0])
        for corner in corners[1:]:
            pen.lineTo(corner)
        pen.closePath()
    return pen.glyph()
