"""What a command prints, noted line by line as it goes out, and printed again later.

`captured_output` leaves stdout and stderr as they are (the same terminal, the same
encoding, the same answer to "is this a terminal?", so rich colours exactly as
before) and notes each piece of text written to them, in order. `replay` writes
such pieces again, to the streams as they are now. Together they let `check` show
a kept report as it was printed (cli/kept.py, commands/keptreport.py).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO

from trivselreport.cli.terminal import out

STDOUT, STDERR = 1, 2


class _Noted(io.TextIOBase):
    """A stream that writes to another and notes what it wrote."""

    def __init__(self, stream: TextIO, number: int, writes: list[tuple[int, str]]) -> None:
        super().__init__()
        self._stream = stream
        self._number = number
        self._writes = writes

    def write(self, text: str) -> int:
        written = self._stream.write(text)
        self._writes.append((self._number, text))
        return written

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)


@contextlib.contextmanager
def captured_output() -> Iterator[list[tuple[int, str]]]:
    """The pieces of text written to stdout and stderr while the block runs."""
    writes: list[tuple[int, str]] = []
    saved = sys.stdout, sys.stderr
    sys.stdout = _Noted(saved[0], STDOUT, writes)
    sys.stderr = _Noted(saved[1], STDERR, writes)
    try:
        yield writes
    finally:
        sys.stdout, sys.stderr = saved


def stream_setting() -> dict[str, str]:
    """What of the streams decides how a report is printed."""
    setting: dict[str, str] = {}
    for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
        try:
            terminal = str(stream.isatty())
        except (OSError, ValueError, AttributeError):
            terminal = "?"
        setting[f"{name} terminal"] = terminal
        setting[f"{name} encoding"] = str(getattr(stream, "encoding", None))
        setting[f"{name} errors"] = str(getattr(stream, "errors", None))
    return setting


def replay(writes: tuple[tuple[int, str], ...]) -> None:
    """Write `writes` again: stdout as `out` does (a closed pipe ends the command),
    stderr as far as it can take it."""
    for number, text in writes:
        if number == STDOUT:
            out(text)
            continue
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(text)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
