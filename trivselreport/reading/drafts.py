"""Drafts: entries kept in the project with `kladde: ja`, never shown in a memo.

A draft's problems are warnings: it may be unfinished. A file says it is a draft
with the key `kladde` set to yes (`ja`, `yes`, `true` …). When the file is not
even valid YAML, the key is looked for in its text: a line of its own, at the
start of the line (not indented), `kladde: ja`, optionally followed by a comment.
A file that cannot be read as text at all is never taken for a draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.fields.values import ValueProblem, parse_date, parse_yes_no
from trivselreport.reading.files.textfile import decode, read_text
from trivselreport.reading.files.yamlread import Mapping, Scalar
from trivselreport.reading.privacy.findings import problems_in_text
from trivselreport.reading.privacy.terms import NO_TERMS, ForbiddenTerms

DRAFT_KEY = "kladde"
# `kladde: ja` on a line of its own, at its start; quotes and a comment allowed.
_DRAFT_LINE = re.compile(
    r"""^kladde[ \t]*:[ \t]*(?P<q>["']?)(?P<value>[^"'#\r\n]*?)(?P=q)[ \t]*(?:\#.*)?$""",
    re.MULTILINE,
)
DRAFT_NOTE = "Filen er en kladde, så det stopper ikke build."


@dataclass(frozen=True)
class Draft:
    """A file marked as a draft, as far as it can be read.

    `title` and `start` are None when the file does not give them readably, and
    `title` also when it holds personal data: a draft's findings are only warnings."""

    path: Path
    title: str | None = None
    start: date | None = None


def declared_draft(mapping: Mapping) -> bool:
    """The parsed file says `kladde: ja`."""
    value = mapping.values.get(DRAFT_KEY)
    return isinstance(value, Scalar) and parse_yes_no(value.text) is True


def draft_by_text(path: Path, *, source: Path | None = None, data: bytes | None = None) -> bool:
    """A file that is not valid YAML says it is a draft in its text (see the module);
    read from `data` when the caller has its bytes."""
    try:
        text = read_text(path, source=source) if data is None else decode(path, data)
    except UserError:
        return False
    return any(parse_yes_no(match.group("value")) is True for match in _DRAFT_LINE.finditer(text))


def draft_of(path: Path, mapping: Mapping | None, terms: ForbiddenTerms = NO_TERMS) -> Draft:
    """What can be said of a draft file: its title and date when they are readable; the
    title only when it holds no personal data, even such as an internal entry may hold."""
    if mapping is None:
        return Draft(path)
    title = _scalar(mapping, "titel")
    if title is not None and _personal_data(title, terms):
        title = None
    start: date | None = None
    if (dated := _scalar(mapping, "dato")) is not None:
        try:
            start = parse_date(dated)
        except ValueProblem:
            start = None
    return Draft(path, title, start)


def as_warnings(problems: list[Problem]) -> list[Problem]:
    """A draft's problems: warnings that say why they do not stop a build."""
    return [
        replace(problem, level="warning", message=f"{problem.message} ({DRAFT_NOTE})")
        for problem in problems
    ]


def _personal_data(text: str, terms: ForbiddenTerms) -> bool:
    found = problems_in_text(
        None, text, first_line=None, field=None, internal=False, terms=terms, across_lines=False
    )
    return bool(found)


def _scalar(mapping: Mapping, key: str) -> str | None:
    value = mapping.values.get(key)
    if isinstance(value, Scalar) and value.text.strip():
        return value.text.strip()
    return None
