"""The edge of the program: the terminal's streams, and what may reach them.

- `printable` shows control characters as visible codes, so nothing read from a
  file name, a config or an answer can move the cursor, recolour or clear the
  terminal when it is echoed.
- `prepare_streams` lets stdout and stderr degrade the characters their encoding
  lacks (a cp850 console gets "->" for "→") instead of failing, and stands in for
  a stream that was closed before the program started.
- `run` turns what happens at the edge into a short Danish message and an exit
  code: a closed pipe or a full disk on stdout, Ctrl-C, input that ended, and, as
  the last line of defence, an unexpected error (a bug, never a traceback).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from trivselreport import __version__
from trivselreport.errors import InputEnded, os_reason

DEBUG_VARIABLE = "TRIVSELREPORT_DEBUG"
INTERRUPTED = "Afbrudt – intet er gemt."
EXIT_INTERRUPTED = 130  # the shell's code for a program stopped by Ctrl-C (128 + SIGINT)
ERROR_HANDLER = "trivselreport-degrade"

# Everything but tab and line feed below U+0020, DEL, the C1 controls, the direction
# overrides and isolates (which can make a line read backwards) and lone surrogates
# (bytes of a file name that is not UTF-8).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FALLBACKS = {
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "−": "-",
    "→": "->",
    "←": "<-",
    "➢": ">",
    "•": "*",
    "…": "...",
    "✗": "x",
    "✓": "v",
    "»": '"',
    "«": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "\u00a0": " ",
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "Ae",
    "Ø": "Oe",
    "Å": "Aa",
}
_saved: list[str] = []
_kept: list[tuple[Path, str]] = []  # where unsaved text is kept (see note_kept)


class OutputFailed(Exception):
    """stdout could not be written: closed, a closed pipe, a full disk."""

    def __init__(self, error: OSError | None) -> None:
        super().__init__(str(error) if error else "stdout is closed")
        self.error = error


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control character shown as a visible code such as \\x1b."""
    return _UNSAFE.sub(_escape, text)


def _fallback(character: str) -> str:
    if character in _FALLBACKS:
        return _FALLBACKS[character]
    base = "".join(
        part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part)
    )
    return base if base and base.isascii() and base.isprintable() else "?"


def _degrade(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an ASCII stand-in for each character the encoding lacks."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    replacement = "".join(
        _fallback(character) for character in error.object[error.start : error.end]
    )
    return replacement, error.end


class _ClosedStream(io.TextIOBase):
    """Stands in for stdout or stderr when the program started without one."""

    encoding = "utf-8"

    def __init__(self, raises: bool) -> None:
        super().__init__()
        self._raises = raises

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if self._raises:
            raise OutputFailed(None)
        return len(text)


def prepare_streams() -> None:
    """stdout and stderr that never fail on a character their encoding cannot show."""
    codecs.register_error(ERROR_HANDLER, _degrade)
    if sys.stdout is None:
        sys.stdout = _ClosedStream(raises=True)
    if sys.stderr is None:
        sys.stderr = _ClosedStream(raises=False)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            try:
                stream.reconfigure(errors=ERROR_HANDLER)
            except (OSError, ValueError):
                continue


def out(text: str) -> None:
    """Write `text` to stdout; a stdout that cannot take it raises OutputFailed."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OutputFailed(None)
        stream.write(text)
    except OSError as error:
        raise OutputFailed(error) from error
    except ValueError as error:  # "I/O operation on closed file"
        raise OutputFailed(None) from error


def out_bytes(data: bytes) -> None:
    """Write `data` to stdout as it is: a file's bytes (the stats CSV), which neither
    the console's encoding nor Windows' newline translation may change."""
    stream = sys.stdout
    try:
        if stream is None:
            raise OutputFailed(None)
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a stream without bytes (a test's StringIO): the text
            stream.write(data.decode("utf-8"))
            return
        stream.flush()
        buffer.write(data)
        buffer.flush()
    except OSError as error:
        raise OutputFailed(error) from error
    except ValueError as error:  # "I/O operation on closed file"
        raise OutputFailed(None) from error


def say(line: str) -> None:
    """One line to stdout, control characters made visible."""
    out(printable(line) + "\n")


def tell(line: str) -> None:
    """One line to stderr, if stderr can take it at all (a message is never worth a crash)."""
    try:
        stream = sys.stderr
        if stream is not None:
            stream.write(printable(line) + "\n")
            stream.flush()
    except (OSError, ValueError):
        pass


def note_kept(path: Path, what: str) -> None:
    """Record that the user's unsaved text is kept in `path`: `what` is told after an
    interruption, if the file is still there then."""
    if (path, what) not in _kept:
        _kept.append((path, what))


def note_saved(what: str) -> None:
    """Record that something was saved, so a later failure does not say 'nothing is'."""
    _saved.append(what)


def _nothing_or_saved(nothing: str) -> str:
    return " ".join(_saved) if _saved else nothing


def _silence_stdout() -> None:
    """Point stdout at the null device, so the final flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(null)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
    sys.stdout = _ClosedStream(raises=False)


def _output_failed(error: OSError | None) -> int:
    _silence_stdout()
    quiet = error is None or error.errno in (errno.EPIPE, errno.EBADF)
    if not quiet:
        assert error is not None
        tell(f"Udskriften kunne ikke skrives: {os_reason(error)}. {_nothing_or_saved('')}".rstrip())
    return 1


# How writing to a stream fails; such an error names no file, unlike one on a real file.
_STREAM_ERRORS = (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT)


def _is_output_error(error: OSError) -> bool:
    """Whether `error` came from writing stdout (typer's own help text, a prompt)."""
    if error.filename is None and error.errno in _STREAM_ERRORS:
        return True
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError, OutputFailed):
        return True
    return False


def _interrupted(code: int) -> int:
    tell("")  # a question may still stand on the last line
    tell(f"Afbrudt. {' '.join(_saved)}" if _saved else INTERRUPTED)
    if code == EXIT_INTERRUPTED:
        for path, line in _kept:
            if os.path.lexists(path):
                tell(f"  → {line}")
    return code


def _debugging() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def _unexpected(error: BaseException) -> int:
    what = f"Der skete en uventet fejl i trivselreport {__version__} ({type(error).__name__})"
    if _saved:
        tell(f"{what}. {' '.join(_saved)} Kør med {DEBUG_VARIABLE}=1 for detaljer.")
    else:
        tell(f"{what}, intet er skrevet; kør med {DEBUG_VARIABLE}=1 for detaljer.")
    tell(
        "  → Det er en fejl i programmet. Fortæl gerne den, der vedligeholder trivselreport, "
        "hvad du gjorde."
    )
    return 1


def _interrupt_code(error: BaseException) -> int | None:
    """130 for Ctrl-C, 1 for input that ended, None when `error` is neither."""
    seen: BaseException | None = error
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        if isinstance(seen, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        if isinstance(seen, (EOFError, InputEnded)):
            return 1
        visited.add(id(seen))
        seen = seen.__cause__ or seen.__context__
    return None


def run(invoke: Callable[[], object]) -> int:
    """Run the CLI; every way it can end becomes an exit code, never a traceback."""
    import typer

    _saved.clear()
    _kept.clear()
    prepare_streams()
    try:
        result = invoke()
        try:
            sys.stdout.flush()
        except (OSError, ValueError) as error:
            raise OutputFailed(error if isinstance(error, OSError) else None) from error
    except OutputFailed as failure:
        return _output_failed(failure.error)
    except (KeyboardInterrupt, InputEnded, typer.Abort) as error:
        return _interrupted(_interrupt_code(error) or 1)
    except typer.TyperException as error:  # a usage error: shown in Danish by clitext
        show = getattr(error, "show", None)
        if show is not None:
            show()
        return error.exit_code
    except Exception as error:
        if isinstance(error, OSError) and _is_output_error(error):
            return _output_failed(error)
        if _debugging():
            raise
        return _unexpected(error)
    code = result if isinstance(result, int) else 0
    if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C inside a command into exit code 130
        return _interrupted(code)
    return code
