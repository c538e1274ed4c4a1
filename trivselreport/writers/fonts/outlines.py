"""Contours for drawn glyphs: polygons, strokes, rings, circles, and ways to move them.

A glyph is a list of contours, each a closed polygon of points in font units (y up).
Ink runs clockwise, holes counter-clockwise (TrueType's rule); overlapping ink
contours are joined by the non-zero fill rule, so a glyph can be built from simple
strokes laid over each other. Used by ``symbolglyphs``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

Point = tuple[float, float]
Contour = list[Point]
Glyph = list[Contour]


def _area(contour: Contour) -> float:
    return sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(contour, contour[1:] + contour[:1], strict=True)
    )


def ink(points: Sequence[Point]) -> Contour:
    """A filled contour: clockwise (negative area with y up)."""
    contour = list(points)
    return contour if _area(contour) < 0 else contour[::-1]


def hole(points: Sequence[Point]) -> Contour:
    """A contour cut out of the ink around it: counter-clockwise."""
    return ink(points)[::-1]


def circle(cx: float, cy: float, radius: float, sides: int = 48) -> list[Point]:
    return [
        (
            cx + radius * math.cos(2 * math.pi * k / sides),
            cy + radius * math.sin(2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def rectangle(x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    return [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]


def stroke(start: Point, end: Point, width: float) -> Contour:
    """A straight stroke with square ends that reach half the width past both points."""
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    dx, dy = (x1 - x0) / length * width / 2, (y1 - y0) / length * width / 2
    return ink(
        [
            (x0 - dx - dy, y0 - dy + dx),
            (x1 + dx - dy, y1 + dy + dx),
            (x1 + dx + dy, y1 + dy - dx),
            (x0 - dx + dy, y0 - dy - dx),
        ]
    )


def polyline(points: Sequence[Point], width: float) -> Glyph:
    """Strokes through `points`, with round joints so the corners are closed."""
    strokes = [butt(start, end, width) for start, end in itertools.pairwise(points)]
    joints = [ink(circle(x, y, width / 2, 16)) for x, y in points[1:-1]]
    return strokes + joints


def butt(start: Point, end: Point, width: float) -> Contour:
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
    return ink([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)])


def inset(points: Sequence[Point], distance: float) -> list[Point]:
    """A convex polygon moved inwards by `distance` on every side."""
    contour = ink(points)  # clockwise: the inside is to the right of each edge
    count = len(contour)
    lines = []
    for index in range(count):
        (x0, y0), (x1, y1) = contour[index], contour[(index + 1) % count]
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = (y1 - y0) / length, -(x1 - x0) / length  # the inward normal
        lines.append(((x0 + nx * distance, y0 + ny * distance), (x1 - x0, y1 - y0)))
    corners = []
    for index in range(count):
        (p, r), (q, s) = lines[index - 1], lines[index]
        cross = r[0] * s[1] - r[1] * s[0]
        t = ((q[0] - p[0]) * s[1] - (q[1] - p[1]) * s[0]) / cross
        corners.append((p[0] + t * r[0], p[1] + t * r[1]))
    return corners


def ring(points: Sequence[Point], width: float) -> Glyph:
    """The outline of a convex polygon, `width` thick, drawn inside its edges."""
    return [ink(points), hole(inset(points, width))]


def star(cx: float, cy: float, radius: float) -> list[Point]:
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(54))
    return [
        (
            cx + (radius if k % 2 == 0 else inner) * math.sin(math.pi * k / 5),
            cy + (radius if k % 2 == 0 else inner) * math.cos(math.pi * k / 5),
        )
        for k in range(10)
    ]


def transformed(glyph: Glyph, change: Callable[[Point], Point]) -> Glyph:
    """The glyph with every point changed; mirrors flip the direction back."""
    return [(ink if _area(c) < 0 else hole)([change(p) for p in c]) for c in glyph]


def turned(glyph: Glyph, centre: Point, quarter_turns: int) -> Glyph:
    """Turned anticlockwise by quarter turns about `centre`."""
    cx, cy = centre

    def turn(point: Point) -> Point:
        x, y = point[0] - cx, point[1] - cy
        for _ in range(quarter_turns % 4):
            x, y = -y, x
        return (cx + x, cy + y)

    return transformed(glyph, turn)
