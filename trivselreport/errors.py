"""The one user-error type: problems a person can fix, reported together.

Every problem carries the file, the line and the field it concerns, a Danish
message and, where we can give one, a hint on how to fix it. The CLI prints
them all and exits with code 1; tracebacks are reserved for bugs.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file."""

    file: Path | None
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    level: Level = "error"

    def location(self, relative_to: Path | None = None) -> str:
        """'entries/x.yaml, linje 3, felt »dato«' (parts left out when unknown)."""
        parts: list[str] = []
        if self.file is not None:
            shown = self.file
            if relative_to is not None:
                shown = _relative(self.file, relative_to)
            parts.append(shown.as_posix())
        if self.line is not None:
            parts.append(f"linje {self.line}")
        if self.field is not None:
            kind = "tilvalget" if self.field.startswith("--") else "felt"
            parts.append(f"{kind} »{self.field}«")
        return ", ".join(parts)

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.file or ""), self.line or 0, self.field or "")


def _relative(path: Path, base: Path) -> Path:
    """`path` relative to `base` if it lies inside it, else as it is."""
    try:
        return path.resolve().relative_to(base.resolve())
    except (ValueError, OSError, RuntimeError):  # outside, unreadable, a link in a loop
        pass
    try:
        return path.absolute().relative_to(base.absolute())
    except ValueError:
        return path


class UserError(Exception):
    """Raised with one or more problems; caught once, at the CLI's edge."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
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
