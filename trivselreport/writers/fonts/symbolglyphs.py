"""The outlines of the memo's symbol font, drawn by code (no font file is copied).

Lato, the text font, lacks the arrow "➢" of the theme lists and the other symbols a
memo may hold: arrowheads and arrows, check marks and crosses, ballot boxes, stars,
hearts, squares, triangles, diamonds, circles, a warning sign, the non-breaking hyphen.
Each is drawn here from straight lines and circles (``outlines``) on a 2000-unit em,
sized to Lato's metrics (`Metrics`, read from the Lato face the symbols go with) so the
symbols sit on Lato's lines and match its weight; ``symbolset`` says which character
gets which drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from trivselreport.writers.fonts.outlines import (
    Contour,
    Glyph,
    Point,
    butt,
    circle,
    ink,
    polyline,
    rectangle,
    ring,
    stroke,
)


@dataclass(frozen=True)
class Metrics:
    """What the symbols take from the Lato face they are drawn for (font units)."""

    stem: float  # the vertical stem of "l": the weight
    axis: float  # the middle of the minus sign: where symbols centre vertically
    hyphen: tuple[float, float, float, float]  # the hyphen's xMin, yMin, xMax, yMax
    hyphen_advance: float
    slant: float = 0.0  # tan of the italic angle: x grows by y * slant
    spaces: tuple[tuple[int, int], ...] = ()  # (codepoint, advance) of Lato's SPACES


@dataclass(frozen=True)
class SymbolGlyph:
    advance: int
    contours: Glyph


# --- the symbols ---------------------------------------------------------------------------


def arrowhead(m: Metrics, *, lit: str) -> Glyph:
    """The dart of ➢ ➣ ➤: `lit` "top" or "bottom" draws that half as an outline."""
    a = m.axis
    tip, notch, back, top, bottom = (1350, a), (560, a), 150.0, a + 470, a - 470
    upper = [tip, (back, top), notch]
    lower = [tip, notch, (back, bottom)]
    line = m.stem * 0.3  # a thin outline: the lit half
    if lit == "top":
        return [*ring(upper, line), ink(lower)]
    if lit == "bottom":
        return [ink(upper), *ring(lower, line)]
    return [ink([tip, (back, top), notch, (back, bottom)])]


def arrow(m: Metrics, *, shaft: float, head: float, half: float) -> Glyph:
    """A rightwards arrow: a shaft `shaft` thick and a triangular head."""
    a, x0, x1 = m.axis, 150.0, 1450.0
    base = x1 - head
    return [
        ink(
            [
                (x0, a - shaft / 2),
                (x0, a + shaft / 2),
                (base, a + shaft / 2),
                (base, a + half),
                (x1, a),
                (base, a - half),
                (base, a - shaft / 2),
            ]
        )
    ]


def double_arrow(m: Metrics, *, left: bool, right: bool) -> Glyph:
    """⇒ ⇐ ⇔: two bars and an open head at the chosen ends."""
    a, width = m.axis, m.stem * 0.8
    gap, half, depth = width * 1.2, 520.0, 420.0
    thickness = width * math.hypot(depth, half) / half  # the head's arms measured across x
    x0, x1 = 150.0, 1450.0

    def head(tip: float, sign: float) -> Contour:
        return ink(
            [
                (tip - sign * (depth + thickness), a + half),
                (tip - sign * depth, a + half),
                (tip, a),
                (tip - sign * depth, a - half),
                (tip - sign * (depth + thickness), a - half),
                (tip - sign * thickness, a),
            ]
        )

    reach = depth * (gap + width / 2) / half + thickness * 0.5
    start = x0 + reach if left else x0
    end = x1 - reach if right else x1
    glyph = [
        ink(rectangle(start, a + gap - width / 2, end, a + gap + width / 2)),
        ink(rectangle(start, a - gap - width / 2, end, a - gap + width / 2)),
    ]
    if right:
        glyph.append(head(x1, 1))
    if left:
        glyph.append(head(x0, -1))
    return glyph


def check(m: Metrics, width: float) -> Glyph:
    return polyline([(230, 700), (560, 260), (1170, 1300)], width)


def cross(m: Metrics, width: float, *, ballot: bool) -> Glyph:
    if ballot:  # ✗ ✘: a hand-written cross, the long stroke leaning right
        return [stroke((330, 170), (1080, 1280), width), stroke((260, 1050), (1020, 330), width)]
    a, half = m.axis, 430.0
    return [
        stroke((750 - half, a - half), (750 + half, a + half), width),
        stroke((750 - half, a + half), (750 + half, a - half), width),
    ]


def ballot_box(m: Metrics, mark: str) -> Glyph:
    """☐ ☑ ☒: a box from the baseline to about cap height, empty, ticked or crossed."""
    line = m.stem * 0.65
    box = rectangle(150, 0, 1350, 1200)
    glyph = ring(box, line)
    if mark == "check":
        glyph += polyline([(390, 620), (640, 330), (1080, 960)], m.stem * 0.8)
    elif mark == "cross":
        glyph += [
            stroke((420, 270), (1080, 930), m.stem * 0.8),
            stroke((420, 930), (1080, 270), m.stem * 0.8),
        ]
    return glyph


def warning(m: Metrics) -> Glyph:
    """⚠: a triangle outline with an exclamation mark."""
    triangle = [(100, 0), (1500, 0), (800, 1300)]
    glyph = ring(triangle, m.stem * 0.65)
    bar = m.stem * 0.9
    glyph.append(ink(rectangle(800 - bar / 2, 420, 800 + bar / 2, 930)))
    glyph.append(ink(circle(800, 240, bar * 0.6, 24)))
    return glyph


def hyphen(m: Metrics) -> Glyph:
    """‑ (non-breaking hyphen): Lato's hyphen by its box and slant, so it looks the same."""
    x0, y0, x1, y1 = m.hyphen
    lean = (y1 - y0) * m.slant
    return [ink([(x0, y0), (x0 + lean, y1), (x1, y1), (x1 - lean, y0)])]


def heart(m: Metrics, scale: float) -> Glyph:
    """♥ ❤: two round lobes and a point below, centred on the axis."""
    r, cx, cy = 300 * scale, 800.0, m.axis + 120 * scale
    dx = r * 0.9
    point = (cx, cy - 900 * scale)
    # the point's sides touch each lobe where it is widest outwards
    return [
        ink(circle(cx - dx, cy, r)),
        ink(circle(cx + dx, cy, r)),
        ink(
            [
                (cx - dx - r * 0.97, cy - r * 0.25),
                point,
                (cx + dx + r * 0.97, cy - r * 0.25),
                (cx, cy),
            ]
        ),
    ]


def envelope(m: Metrics) -> Glyph:
    """✉: a letter's outline with the flap's two edges."""
    line = m.stem * 0.65
    x0, y0, x1, y1 = 150.0, m.axis - 450, 1450.0, m.axis + 450
    flap = [(x0 + line / 2, y1 - line / 2), (800, m.axis - 60), (x1 - line / 2, y1 - line / 2)]
    return [*ring(rectangle(x0, y0, x1, y1), line), *polyline(flap, line)]


def asterisk(m: Metrics) -> Glyph:
    """✱: six heavy arms about the axis."""
    cx, cy, arm, width = 800.0, m.axis, 560.0, m.stem * 1.5
    glyph = []
    for degrees in (90, 30, -30):
        dx, dy = arm * math.cos(math.radians(degrees)), arm * math.sin(math.radians(degrees))
        glyph.append(butt((cx - dx, cy - dy), (cx + dx, cy + dy), width))
    return glyph


def greek_cross(m: Metrics) -> Glyph:
    """✚: a heavy plus sign."""
    half, arm = m.stem * 0.9, 600.0
    return [
        ink(rectangle(800 - arm, m.axis - half, 800 + arm, m.axis + half)),
        ink(rectangle(800 - half, m.axis - arm, 800 + half, m.axis + arm)),
    ]


def triangle_points(size: float, axis: float, width: float = 1200) -> list[Point]:
    """An upward triangle `size` tall, centred on 750 and on `axis`."""
    return [
        (750 - width / 2, axis - size / 2),
        (750 + width / 2, axis - size / 2),
        (750, axis + size / 2),
    ]
