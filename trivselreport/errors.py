"""The one user-error type: problems a person can fix, reported together.

Every problem carries the file, the line and the field it concerns, a Danish
message and, where we can give one, a hint on how to fix it. The CLI prints
them all and exits with code 1; tracebacks are reserved for bugs.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# "advice" is writing help (`Problem.kind` says which: "stavning", "lix", "typografi"):
# shown apart from the warnings, and like them fatal only with --strict.
Level = Literal["error", "warning", "advice"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: Path | None
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    level: Level = "error"
    # What kind of writing help an "advice" is ("stavning", "lix", "typografi"; see
    # WRITING_KINDS); None for every other problem.
    kind: str | None = None

    def location(self, relative_to: Path | None = None) -> str:
        """'entries/x.yaml, linje 3, felt »dato«' (parts left out when unknown)."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(shown_path(self.file, relative_to))
        if self.line is not None:
            parts.append(f"linje {self.line}")
        if self.field is not None:
            kind = "tilvalget" if self.field.startswith("--") else "felt"
            parts.append(f"{kind} »{self.field}«")
        return ", ".join(parts)

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.file or ""), self.line or 0, self.field or "")


def shown_path(path: Path, base: Path | None) -> str:
    """`path` as a user knows it: relative to `base` when it lies there (by name, or
    else after following links), and printable even when its name is not UTF-8."""
    shown = path
    if base is not None:
        try:
            shown = Path(os.path.abspath(path)).relative_to(os.path.abspath(base))
        except ValueError:
            try:
                shown = path.resolve().relative_to(base.resolve())
            except (ValueError, OSError, RuntimeError):  # RuntimeError: a ring of links
                shown = path
    return printable(shown.as_posix())


def printable(text: str) -> str:
    """`text` with the undecodable bytes of a file name (kept by Python as lone
    surrogates) shown as �, so that it can be printed and written as JSON."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            data = text.encode("utf-8", "surrogateescape")  # the name's own bytes
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
        return data.decode("utf-8", "replace")
    return text


# The kinds of writing help, with the word the terminal and the serve app show for each.
WRITING_KINDS = {"stavning": "stavning", "lix": "læsbarhed", "typografi": "typografi"}


class UserError(Exception):
    """Raised with one or more problems; caught once, at the CLI's edge."""

    def __init__(self, problems: list[Problem] | Problem, *, closing: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        # What the CLI says after the problems, when its usual closing sentence
        # ("Intet er skrevet.") would not be true.
        self.closing = closing
        super().__init__("; ".join(p.message for p in self.problems))


class InputEnded(Exception):
    """stdin was closed or at its end while a question waited for an answer."""


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The valid choice a misspelling most likely meant, if any is close."""
    import difflib

    lowered = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(word.casefold(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """A Danish 'mente du …?' hint, or None when nothing is close."""
    guess = closest(word, choices)
    return f"Mente du »{guess}«?" if guess else None


_REASONS = {
    errno.EACCES: "du har ikke adgang",
    errno.EPERM: "du har ikke adgang",
    errno.ENOENT: "den findes ikke",
    errno.ENOTDIR: "en del af stien er ikke en mappe",
    errno.EISDIR: "det er en mappe",
    errno.ELOOP: "en genvej peger i ring (måske på sig selv)",
    errno.ENOSPC: "der er ikke plads på disken",
    errno.EDQUOT: "din kvote på drevet er brugt op",
    errno.EROFS: "drevet er skrivebeskyttet",
    errno.EIO: "drevet svarer ikke (læse- eller skrivefejl)",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EPIPE: "modtageren er lukket",
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in Danish ("du har ikke adgang")."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)
