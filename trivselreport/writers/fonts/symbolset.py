"""Which character gets which drawing: the symbol font's character set.

Each codepoint maps to a function of Lato's metrics (``symbolglyphs``) that returns the
glyph's advance and contours; `symbol_glyphs` draws them all for one face, leaning
them for an italic face, and adds the invisible characters and the spaces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from trivselreport.writers.fonts.outlines import (
    Glyph,
    Point,
    circle,
    hole,
    ink,
    rectangle,
    ring,
    star,
    transformed,
    turned,
)
from trivselreport.writers.fonts.symbolglyphs import (
    Metrics,
    SymbolGlyph,
    arrow,
    arrowhead,
    asterisk,
    ballot_box,
    check,
    cross,
    double_arrow,
    envelope,
    greek_cross,
    heart,
    hyphen,
    triangle_points,
    warning,
)

# Codepoints by what they are; each maps to a function of the metrics.
Drawing = Callable[[Metrics], SymbolGlyph]


def _filled_or_outline(points: Sequence[Point], outline: bool, m: Metrics) -> Glyph:
    return ring(points, m.stem * 0.65) if outline else [ink(points)]


def _triangle(size: float, turns: int, outline: bool, width: float = 1200) -> Drawing:
    def draw(m: Metrics) -> SymbolGlyph:
        body = _filled_or_outline(triangle_points(size, m.axis, width), outline, m)
        return SymbolGlyph(1500, turned(body, (750, m.axis), turns))

    return draw


def _square(side: float, outline: bool) -> Drawing:
    def draw(m: Metrics) -> SymbolGlyph:
        half = side / 2
        body = rectangle(750 - half, m.axis - half, 750 + half, m.axis + half)
        return SymbolGlyph(int(side + 400), _filled_or_outline(body, outline, m))

    return draw


def _fixed(advance: int, draw: Callable[[Metrics], Glyph]) -> Drawing:
    return lambda m: SymbolGlyph(advance, draw(m))


def _diamond(outline: bool) -> Drawing:
    def draw(m: Metrics) -> SymbolGlyph:
        a = m.axis
        body = [(150, a), (750, a + 600), (1350, a), (750, a - 600)]
        return SymbolGlyph(1500, _filled_or_outline(body, outline, m))

    return draw


def _large_circle(m: Metrics) -> Glyph:
    return [ink(circle(800, m.axis, 650)), hole(circle(800, m.axis, 650 - m.stem * 0.65))]


def _fisheye(m: Metrics) -> Glyph:
    return [*_large_circle(m), ink(circle(800, m.axis, 300))]


def _star(outline: bool) -> Drawing:
    def draw(m: Metrics) -> SymbolGlyph:
        points = star(800, 640, 700)
        if not outline:
            return SymbolGlyph(1600, [ink(points)])
        thin = 1 - m.stem * 0.65 / (700 * 0.38197 * math.cos(math.radians(36)))
        inner = [(800 + (x - 800) * thin, 640 + (y - 640) * thin) for x, y in points]
        return SymbolGlyph(1600, [ink(points), hole(inner)])

    return draw


def _arrows(m: Metrics, shaft: float, head: float, half: float, turns: int) -> Glyph:
    return turned(arrow(m, shaft=m.stem * shaft, head=head, half=half), (800, m.axis), turns)


def _doubles(left: bool, right: bool, turns: int = 0) -> Drawing:
    def draw(m: Metrics) -> SymbolGlyph:
        glyph = double_arrow(m, left=left, right=right)
        return SymbolGlyph(1600, turned(glyph, (800, m.axis), turns))

    return draw


def _triangular_bullet(m: Metrics) -> SymbolGlyph:
    body = triangle_points(620, m.axis, 720)
    return SymbolGlyph(1160, turned([ink(body)], (580, m.axis), -1))


def _hyphen_bullet(m: Metrics) -> SymbolGlyph:
    x0, y0, x1, y1 = m.hyphen
    return SymbolGlyph(int(m.hyphen_advance), [ink(rectangle(x0, y0, x1, y1))])


SYMBOLS: dict[int, Drawing] = {
    # Dingbat arrowheads and arrows: ➢ is the marker of the theme lists
    0x27A2: _fixed(1500, lambda m: arrowhead(m, lit="top")),
    0x27A3: _fixed(1500, lambda m: arrowhead(m, lit="bottom")),
    0x27A4: _fixed(1500, lambda m: arrowhead(m, lit="none")),
    0x2794: _fixed(1600, lambda m: _arrows(m, 1.4, 560, 480, 0)),
    0x2799: _fixed(1600, lambda m: _arrows(m, 1.4, 560, 480, 0)),
    0x279C: _fixed(1600, lambda m: _arrows(m, 1.4, 560, 480, 0)),
    0x279D: _fixed(1600, lambda m: _arrows(m, 0.8, 480, 330, 0)),
    0x279E: _fixed(1600, lambda m: _arrows(m, 1.3, 520, 400, 0)),
    0x27A1: _fixed(1600, lambda m: _arrows(m, 2.6, 620, 520, 0)),
    0x2B05: _fixed(1600, lambda m: _arrows(m, 2.6, 620, 520, 2)),  # ⬅
    0x2B06: _fixed(1600, lambda m: _arrows(m, 2.6, 620, 520, 1)),  # ⬆
    0x2B07: _fixed(1600, lambda m: _arrows(m, 2.6, 620, 520, 3)),  # ⬇
    # Double arrows (Lato has the single ones ← ↑ → ↓ ↔)
    0x21D0: _doubles(True, False),
    0x21D2: _doubles(False, True),
    0x21D4: _doubles(True, True),
    0x21D1: _doubles(False, True, 1),
    0x21D3: _doubles(False, True, 3),
    0x21D5: _doubles(True, True, 1),
    # Check marks, crosses, ballot boxes
    0x2713: _fixed(1400, lambda m: check(m, m.stem * 0.85)),
    0x2714: _fixed(1400, lambda m: check(m, m.stem * 1.6)),
    0x2715: _fixed(1500, lambda m: cross(m, m.stem * 0.85, ballot=False)),
    0x2716: _fixed(1500, lambda m: cross(m, m.stem * 1.6, ballot=False)),
    0x2717: _fixed(1400, lambda m: cross(m, m.stem * 0.85, ballot=True)),
    0x2718: _fixed(1400, lambda m: cross(m, m.stem * 1.6, ballot=True)),
    0x2610: _fixed(1500, lambda m: ballot_box(m, "empty")),
    0x2611: _fixed(1500, lambda m: ballot_box(m, "check")),
    0x2612: _fixed(1500, lambda m: ballot_box(m, "cross")),
    # Stars, hearts, an envelope, a cross, an asterisk and a warning sign
    0x2665: _fixed(1600, lambda m: heart(m, 1.0)),
    0x2764: _fixed(1700, lambda m: heart(m, 1.12)),
    0x2709: _fixed(1600, envelope),
    0x271A: _fixed(1600, greek_cross),
    0x2731: _fixed(1600, asterisk),
    0x2605: _star(outline=False),
    0x2606: _star(outline=True),
    0x26A0: _fixed(1600, warning),
    # Geometric shapes Lato lacks
    0x25A0: _square(1100, outline=False),
    0x25FB: _square(800, outline=True),
    0x25FC: _square(800, outline=False),
    0x25FD: _square(600, outline=True),
    0x25FE: _square(600, outline=False),
    0x25B2: _triangle(1100, 0, outline=False),
    0x25B3: _triangle(1100, 0, outline=True),
    0x25BC: _triangle(1100, 2, outline=False),
    0x25BD: _triangle(1100, 2, outline=True),
    0x25B6: _triangle(1100, -1, outline=False),
    0x25B7: _triangle(1100, -1, outline=True),
    0x25C0: _triangle(1100, 1, outline=False),
    0x25C1: _triangle(1100, 1, outline=True),
    0x25BA: _triangle(1200, -1, outline=False, width=700),
    0x25BB: _triangle(1200, -1, outline=True, width=700),
    0x25C4: _triangle(1200, 1, outline=False, width=700),
    0x25C5: _triangle(1200, 1, outline=True, width=700),
    0x25B4: _triangle(600, 0, outline=False, width=660),
    0x25B5: _triangle(600, 0, outline=True, width=660),
    0x25B8: _triangle(600, -1, outline=False, width=660),
    0x25B9: _triangle(600, -1, outline=True, width=660),
    0x25BE: _triangle(600, 2, outline=False, width=660),
    0x25BF: _triangle(600, 2, outline=True, width=660),
    0x25C2: _triangle(600, 1, outline=False, width=660),
    0x25C3: _triangle(600, 1, outline=True, width=660),
    0x25C6: _diamond(outline=False),
    0x25C7: _diamond(outline=True),
    0x25EF: _fixed(1600, _large_circle),
    0x25C9: _fixed(1600, _fisheye),
    # Punctuation: bullets and the non-breaking hyphen
    0x2023: _triangular_bullet,
    0x2043: _hyphen_bullet,
    0x2011: lambda m: SymbolGlyph(int(m.hyphen_advance), hyphen(m)),
}

# Invisible formatting characters: no ink, no width (word joiner, invisible operators,
# bidirectional embeddings, overrides and isolates, deprecated format controls).
INVISIBLE = (0x2060, 0x2061, 0x2062, 0x2063, 0x2064, *range(0x202A, 0x202F), *range(0x2066, 0x2070))

# Spaces and zero-width characters, given Lato's widths (`Metrics.spaces`): Pango keeps
# a space that follows a symbol in the symbol's run, as in the marker "➢  ", so the
# symbol font must have them or they would print as boxes.
SPACES = (0x0020, 0x00A0, *range(0x2000, 0x2010), 0x202F, 0x205F, 0xFEFF)


def symbol_glyphs(metrics: Metrics) -> dict[int, SymbolGlyph]:
    """Every symbol for one face; italic faces lean by the face's slant."""

    def lean(point: Point) -> Point:
        return (point[0] + (point[1] - metrics.axis) * metrics.slant, point[1])

    glyphs = {}
    for codepoint, drawing in SYMBOLS.items():
        glyph = drawing(metrics)
        if metrics.slant and codepoint != 0x2011:  # the hyphen carries its own lean
            glyph = SymbolGlyph(glyph.advance, transformed(glyph.contours, lean))
        glyphs[codepoint] = glyph
    for codepoint in INVISIBLE:
        glyphs[codepoint] = SymbolGlyph(0, [])
    for codepoint, advance in metrics.spaces:
        glyphs[codepoint] = SymbolGlyph(advance, [])
    return glyphs
