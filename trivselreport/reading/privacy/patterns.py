"""The project's own forbidden patterns (`forbudte_mønstre`): compiled, proved, bounded.

A project writes its patterns in Python's syntax, and a person's mistakes there get
a Danish sentence. They are matched with the `regex` engine, which can stop a match
after a time limit: Python's `re` cannot be interrupted, and a pattern that
backtracks (`(a|aa)+$`) would hang the tool on an ordinary long text. A pattern that
does so on any of a few probe texts is refused when the config is read; one that
still takes too long on some text refuses that text (privacy.py reports it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# A project pattern gets this long on one text before the text is refused as unchecked.
PATTERN_SECONDS = 0.5

# Danish for the regular-expression errors a person is likely to make.
_REGEX_ERRORS = (
    ("missing ), unterminated subpattern", "en ( er ikke lukket med )"),
    ("unbalanced parenthesis", "der står en ), som ingen ( åbner"),
    ("unterminated character set", "en [ er ikke lukket med ]"),
    ("nothing to repeat", "*, + eller ? står uden noget foran, der kan gentages"),
    ("multiple repeat", "to gentagelsestegn (*, + eller ?) står lige efter hinanden"),
    ("bad escape", "en \\-sekvens er ukendt (skriv \\\\ for en almindelig \\)"),
    ("bad character range", "et interval i [ ] går baglæns (fx [z-a])"),
    ("unknown extension", "(? efterfølges af noget ukendt"),
)

# Texts a pattern must get through quickly before a project may use it: long runs of
# the characters memos are made of, each ending in something that does not fit.
_PROBE_TEXTS = tuple(
    run * 2000 + end
    for run in ("a", "1", " ", "a ", "1 ", "a1", "ab1-", "æøå ")
    for end in ("!", "\n")
)
_PROBE_SECONDS = 0.05


def compile_pattern(text: str) -> ProjectPattern:
    """Compile a project pattern as written (add (?i) to ignore case), or raise
    ValueError with a Danish sentence naming what is wrong."""
    try:
        plain = re.compile(text)
    except re.error as error:
        reason = next(
            (danish for english, danish in _REGEX_ERRORS if error.msg.startswith(english)),
            error.msg,
        )
        where = f" ved tegn {error.pos + 1}" if error.pos is not None else ""
        raise ValueError(
            f"Mønstret »{text}« er ikke et gyldigt regulært udtryk: {reason}{where}."
        ) from error
    if plain.fullmatch(""):
        raise ValueError(
            f"Mønstret »{text}« passer også på en tom tekst og ville derfor finde noget "
            "nær sagt overalt; ret det, så det kræver mindst ét tegn."
        )
    import regex

    try:
        pattern = regex.compile(text, regex.VERSION0)
    except regex.error as error:
        raise ValueError(f"Mønstret »{text}« kan ikke bruges: {error}.") from error
    for probe in _PROBE_TEXTS:
        try:
            for _ in pattern.finditer(probe, timeout=_PROBE_SECONDS):
                pass
        except TimeoutError:
            raise ValueError(
                f"Mønstret »{text}« kan få værktøjet til at arbejde i meget lang tid på en "
                "almindelig tekst (det prøver det samme igen og igen) og kan derfor ikke "
                "bruges. Undgå gentagelser inden i gentagelser som (a+)+ eller (a|aa)+."
            ) from None
    return ProjectPattern(text, pattern)


@dataclass(frozen=True)
class ProjectPattern:
    """A project's own pattern: its text as written, and the compiled form."""

    text: str
    compiled: Any = field(compare=False)

    def search(self, text: str) -> Any:
        return self.compiled.search(text, timeout=PATTERN_SECONDS)

    def finditer(self, text: str) -> Iterator[Any]:
        return self.compiled.finditer(text, timeout=PATTERN_SECONDS)  # type: ignore[no-any-return]
