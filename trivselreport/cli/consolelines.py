"""Many lines for a rich console, written as its `print` would write them, all at once.

A `console.print` per line costs rich a fifth of a millisecond, which adds up when
`check` reports thousands of findings. `ConsoleLines` lets the console render each
style once, around a placeholder, and composes every line itself the way rich does
(a styled piece gets the style's codes around each of its lines and none around an
empty one; rich's stripped control codes are stripped), then writes them in one go.
What it cannot compose so is printed by rich itself: a line with a tab (rich expands it
to the next tab stop by the width of what stands before it) or a link (a new id at
every print), and everything on a console that renders otherwise (a legacy Windows
console, one with no width, Jupyter, a recording or a quiet one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import WINDOWS
from rich.control import STRIP_CONTROL_CODES, strip_control_codes
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

Piece = tuple[str, str | None]  # a text and the name of its style, None for none

_PLACEHOLDER = "\x00"  # printable() shows it as \x00, rich leaves it alone
_STRIPPED = re.compile("[" + "".join(re.escape(chr(code)) for code in STRIP_CONTROL_CODES) + "]")
# rich writes at most this many characters at once on Windows (CPython issue 82052).
_WINDOWS_BATCH = 32 * 1024 // 4


def rich_text(pieces: tuple[Piece, ...]) -> Text:
    """The Text that `pieces` stand for."""
    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


class ConsoleLines:
    """Lines for `console`, each added as the pieces of one `console.print`; `write`
    writes them, failing as rich's own writing fails."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._lines: list[tuple[Piece, ...]] = []
        self._codes: dict[str, tuple[str, str]] = {}

    def add(self, *pieces: Piece) -> None:
        self._lines.append(pieces)

    def write(self) -> None:
        console = self._console
        lines, self._lines = self._lines, []
        if (
            console.legacy_windows
            or console.width < 1
            or console.is_jupyter
            or console.record
            or console.quiet
        ):
            for pieces in lines:
                console.print(rich_text(pieces))
            return
        with console:  # rich writes no capture below, only its empty buffer on leaving
            text = "".join(self._rendered(pieces) for pieces in lines)
        file = console.file
        try:
            for batch in _batches(text) if WINDOWS else (text,):
                file.write(batch)
            file.flush()
        except BrokenPipeError:
            console.on_broken_pipe()

    def _rendered(self, pieces: tuple[Piece, ...]) -> str:
        composed = self._compose(pieces)
        if composed is not None:
            return composed
        with self._console.capture() as capture:
            self._console.print(rich_text(pieces))
        return capture.get()

    def _compose(self, pieces: tuple[Piece, ...]) -> str | None:
        """The line as rich prints it, or None where rich must print it itself."""
        parts: list[str] = []
        for piece, style in pieces:
            text = strip_control_codes(piece) if _STRIPPED.search(piece) else piece
            if "\t" in text:
                return None
            if style is None:
                parts.append(text)
                continue
            codes = self._style_codes(style)
            if codes is None:
                return None
            before, after = codes
            if "\n" in text:
                parts.append(
                    "\n".join(f"{before}{line}{after}" if line else "" for line in text.split("\n"))
                )
            elif text:
                parts.append(f"{before}{text}{after}")
        parts.append("\n")
        return "".join(parts)

    def _style_codes(self, style: str) -> tuple[str, str] | None:
        """What rich writes before and after a text in `style` (often nothing)."""
        if style not in self._codes:
            if self._console.get_style(style).link:
                return None
            with self._console.capture() as capture:
                self._console.print(Text(_PLACEHOLDER, style=style))
            before, placeholder, after = capture.get().partition(_PLACEHOLDER)
            if not placeholder or not after.endswith("\n") or _PLACEHOLDER in after:
                return None  # not the shape rich renders a line in: let rich print
            self._codes[style] = (before, after[:-1])
        return self._codes[style]


def _batches(text: str) -> list[str]:
    """`text` in whole lines of at most _WINDOWS_BATCH characters (a longer line alone),
    as rich writes on Windows."""
    batches: list[str] = []
    batch: list[str] = []
    size = 0
    for line in text.splitlines(True):
        if size + len(line) > _WINDOWS_BATCH and batch:
            batches.append("".join(batch))
            batch.clear()
            size = 0
        batch.append(line)
        size += len(line)
    if batch:
        batches.append("".join(batch))
    return batches
