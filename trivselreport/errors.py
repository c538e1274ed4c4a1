"""The one user-error type: problems a person can fix, reported together.

Every problem carries the file, the line and the field it concerns, a Danish
message and, where we can give one, a hint on how to fix it. The CLI prints
them all and exits with code 1; tracebacks are reserved for bugs.
"""

from __future__ import annotations

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
                try:
                    shown = self.file.resolve().relative_to(relative_to.resolve())
                except ValueError:
                    shown = self.file
            parts.append(shown.as_posix())
        if self.line is not None:
            parts.append(f"linje {self.line}")
        if self.field is not None:
            kind = "tilvalget" if self.field.startswith("--") else "felt"
            parts.append(f"{kind} »{self.field}«")
        return ", ".join(parts)

    def sort_key(self) -> tuple[str, int, str]:
        return (str(self.file or ""), self.line or 0, self.field or "")


class UserError(Exception):
    """Raised with one or more problems; caught once, at the CLI's edge."""

    def __init__(self, problems: list[Problem] | Problem, *, closing: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        # What the CLI says after the problems, when its usual closing sentence
        # ("Intet er skrevet.") would not be true.
        self.closing = closing
        super().__init__("; ".join(p.message for p in self.problems))


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
