"""The overview as a small horizontal bar chart in SVG, for the PDF.

Its <title> is the complete text alternative (WeasyPrint puts it in the PDF as
/Alt), and the table beside it carries the same numbers for anyone who cannot
see the bars. No scripts, no external references.
"""

from __future__ import annotations

from html import escape

from trivselreport.memo.overview import Overview

BAR_HEIGHT = 16
GAP = 8
LABEL_WIDTH = 260
BAR_AREA = 150
NUMBER_WIDTH = 30
FONT_SIZE = 9


def overview_svg(overview: Overview) -> str:
    """An accessible SVG bar chart of activities per theme (no scripts, no external refs)."""
    longest = max((row.activities for row in overview.rows), default=0) or 1
    height = len(overview.rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_AREA + NUMBER_WIDTH
    title = escape(overview.text_alternative())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}" '
        f'class="diagram" font-family="Memo Sans, Memo Symbols">',
        f"<title>{title}</title>",
    ]
    for index, row in enumerate(overview.rows):
        top = GAP + index * (BAR_HEIGHT + GAP)
        middle = top + BAR_HEIGHT / 2 + FONT_SIZE / 3
        bar = round(BAR_AREA * row.activities / longest, 1)
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
            f'font-size="{FONT_SIZE}">{escape(_shortened(row.theme))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{top}" width="{bar}" height="{BAR_HEIGHT}" '
            f'fill="#0b3a63"/>',
            f'<text x="{LABEL_WIDTH + bar + 4}" y="{middle}" font-size="{FONT_SIZE}">'
            f"{row.activities}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _shortened(theme: str, limit: int = 48) -> str:
    return theme if len(theme) <= limit else theme[: limit - 1].rstrip() + "…"
