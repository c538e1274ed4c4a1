"""Problems as the page shows them: in the same Danish words as `check` prints them.

"Fejl i entries/x.yaml, linje 3, felt »dato«: …" and the hint after "→", with
personal data and the project's forbidden words masked exactly as the terminal masks
them (cli/report imports typer, so the few lines are repeated here rather than shared).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trivselreport.errors import Problem, printable
from trivselreport.reading.config import terms_for_messages
from trivselreport.reading.privacy.findings import redact
from trivselreport.reading.privacy.terms import ForbiddenTerms

LEVEL_LABELS = {"error": "Fejl", "warning": "Advarsel", "advice": "Skrivehjælp"}


@dataclass(frozen=True)
class ShownProblem:
    """One problem as a line of text (label, where, message) and its hint."""

    level: str
    label: str
    where: str
    message: str
    hint: str | None

    @property
    def line(self) -> str:
        """The line `check` prints: 'Fejl i entries/x.yaml, linje 3: …'."""
        where = f" i {self.where}" if self.where else ""
        return f"{self.label}{where}: {self.message}"


def shown_problems(problems: list[Problem], project_dir: Path | None) -> list[ShownProblem]:
    """`problems` in `check`'s order and words, masked."""
    terms = terms_for_messages(project_dir)
    return [
        ShownProblem(
            level=problem.level,
            label=LEVEL_LABELS[problem.level],
            where=_safe(problem.location(project_dir), terms),
            message=_safe(problem.message, terms),
            hint=_safe(problem.hint, terms) if problem.hint else None,
        )
        for problem in sorted(problems, key=Problem.sort_key)
    ]


def count_phrase(problems: list[ShownProblem]) -> str:
    """'2 fejl og 1 advarsel fundet.' as `check` closes its list."""
    errors = sum(problem.level == "error" for problem in problems)
    advice = sum(problem.level == "advice" for problem in problems)
    warnings = len(problems) - errors - advice
    parts = [f"{errors} fejl"]
    if warnings:
        parts.append(f"{warnings} advarsel" if warnings == 1 else f"{warnings} advarsler")
    if advice:
        parts.append(
            "1 råd fra skrivehjælpen" if advice == 1 else f"{advice} råd fra skrivehjælpen"
        )
    joined = ", ".join(parts[:-1]) + f" og {parts[-1]}" if len(parts) > 1 else parts[0]
    return joined + " fundet."


def _safe(text: str, terms: ForbiddenTerms) -> str:
    # As cli/report: each piece between slashes too, so a folder cannot make a number
    # pass for part of a case number.
    masked = "/".join(redact(piece, terms) for piece in redact(text, terms).split("/"))
    return printable(masked)
