"""The personal-data guard: what must never reach the committee's published memo.

The memo is attached to an open agenda item and published, so every entry is
scanned before anything is built:

- a CPR number is an error wherever it stands, also in an internal entry (the
  entries folder is shared, and CPR-loven forbids spreading the numbers);
- e-mail addresses and Danish phone numbers are errors in entries that reach the
  memo, and allowed in internal ones (intern: ja), which never leave the office;
- the project's own forbidden words (e.g. a child's first name in a current case)
  and regular expressions are errors in entries that reach the memo.

Each text is matched in the form a reader sees it, and once more with its markup
taken out, after cheap tests that spare most texts the full patterns
(privacyscan.py); what the numbers and addresses look like is in lookalike.py, the
project's own words and patterns in forbiddenterms.py and projectpatterns.py. This
module walks an entry's values and turns each finding into a Danish problem, or
masks it in a message (`redact`).

A finding is reported with a masked form only ("150312-****"): the messages
are printed in terminals and CI logs, which must not spread what we guard.
"""

from __future__ import annotations

from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence, Value
from trivselreport.reading.privacy.lookalike import Finding
from trivselreport.reading.privacy.patterns import PATTERN_SECONDS
from trivselreport.reading.privacy.scan import scan, scan_key
from trivselreport.reading.privacy.terms import (
    NO_TERMS,
    CompiledTerms,
    ForbiddenTerms,
    compiled_terms,
)

_CPR_MESSAGE = "Teksten indeholder noget, der ligner et CPR-nummer ({masked})."
_CPR_HINT = (
    "CPR-numre må aldrig stå i et indslag, heller ikke i et internt; slet nummeret. "
    "Er det ikke et CPR-nummer, så skriv det anderledes (fx med punktummer)."
)
_CONTACT_HINT = (
    "Telefonnumre og e-mailadresser må ikke offentliggøres; flyt dem til et internt "
    "indslag (intern: ja), eller slet dem."
)
_MESSAGES = {
    "cpr": (_CPR_MESSAGE, _CPR_HINT),
    "email": ("Teksten indeholder en e-mailadresse ({masked}).", _CONTACT_HINT),
    "phone": ("Teksten indeholder noget, der ligner et telefonnummer ({masked}).", _CONTACT_HINT),
    "forbidden": (
        "Teksten indeholder noget, som projektet har forbudt i notatet ({masked}).",
        "Det står på listen forbudte_ord eller forbudte_mønstre i trivselreport.yaml "
        "(fx et barns navn). Omskriv teksten, eller gør indslaget internt (intern: ja).",
    ),
    "slow-pattern": (
        "Mønstret {masked} fra forbudte_mønstre kunne ikke afprøves på teksten inden for "
        f"{PATTERN_SECONDS:g} sekund, så teksten kan ikke godkendes.",
        "Gør mønstret i trivselreport.yaml enklere (undgå gentagelser inden i gentagelser "
        "som (a+)+), eller del teksten op.",
    ),
}


def scan_text(
    text: str, *, internal: bool, terms: ForbiddenTerms = NO_TERMS, folded: bool = False
) -> list[Finding]:
    """Every piece of personal data in one text, in order of where it stands.

    `folded`: the text was written over several lines that YAML joined with spaces, so
    a space between digits may be where a line ended.
    """
    return [finding for finding, _ in scan(text, internal, compiled_terms(terms, internal), folded)]


def problems_in_text(
    path: Path | None,
    text: str,
    *,
    first_line: int | None,
    field: str | None,
    internal: bool,
    terms: ForbiddenTerms = NO_TERMS,
    folded: bool = False,
    across_lines: bool = True,
) -> list[Problem]:
    """One error per finding in a text that starts at `first_line` of `path`.

    `across_lines=False`: line breaks in the text separate, never join, numbers.
    """
    problems = []
    for finding, _ in scan(
        text, internal, compiled_terms(terms, internal), folded, across_lines=across_lines
    ):
        line = None if first_line is None else first_line + text.count("\n", 0, finding.offset)
        problems.append(finding_problem(path, finding, line, field))
    return problems


def finding_problem(
    path: Path | None, finding: Finding, line: int | None, field: str | None
) -> Problem:
    message, hint = _MESSAGES[finding.kind]
    return Problem(path, message.format(masked=finding.masked), line=line, field=field, hint=hint)


def scan_mapping(
    path: Path,
    mapping: Mapping,
    *,
    internal: bool,
    terms: ForbiddenTerms = NO_TERMS,
    skip: frozenset[str] = frozenset(),
) -> list[Problem]:
    """One error per finding in any value (or key) of an entry, at the line it stands on.

    The field is the top-level key the value belongs to, unless that key itself
    holds personal data (then no field is named, so the location cannot spread it).
    Top-level keys in `skip` are not scanned (the config's own list of forbidden words).
    """
    walk = _Walk(path, internal, compiled_terms(terms, internal))
    walk.mapping(mapping, None, skip)
    if len(walk.problems) < 2:
        return walk.problems
    # An alias (*) repeats the same value, at the same line, under another key.
    return list(dict.fromkeys(walk.problems))


def redact(text: str, terms: ForbiddenTerms = NO_TERMS) -> str:
    """`text` with every CPR number, e-mail address and phone number masked, and
    with the project's forbidden words masked when `terms` are given.

    Applied to everything the tool prints about a problem, so that no message,
    not even one quoting a misspelt theme or key, can spread what we guard.
    """
    pairs = scan(text, False, compiled_terms(terms, False), folded=False, when_slow=None)
    if not pairs:
        return text
    pieces: list[str] = []
    position = 0
    for finding, end in pairs:
        if finding.offset < position:
            continue
        pieces += [text[position : finding.offset], finding.masked]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


# --- walking an entry ----------------------------------------------------------------------


class _Walk:
    def __init__(self, path: Path, internal: bool, terms: CompiledTerms) -> None:
        self.path = path
        self.internal = internal
        self.terms = terms
        self.problems: list[Problem] = []

    def mapping(
        self, mapping: Mapping, field: str | None, skip: frozenset[str] = frozenset()
    ) -> None:
        for key, value in mapping.values.items():
            if key in skip:
                continue
            key_findings = scan_key(key, self.internal, self.terms)
            for finding, _ in key_findings:
                self.add(finding, mapping.key_lines.get(key, mapping.line), None)
            if field is not None:
                self.value(value, field)
            else:
                self.value(value, None if key_findings else key)

    def value(self, value: Value, field: str | None) -> None:
        if isinstance(value, Scalar):
            if value.is_null:
                return
            text = value.text
            first_line = value.line + 1 if value.block else value.line
            for finding, _ in scan(text, self.internal, self.terms, value.folded):
                # Newlines before the match count its line; a folded (`>` or plain)
                # multi-line text has lost some of them, so there it is an estimate.
                self.add(finding, first_line + text.count("\n", 0, finding.offset), field)
        elif isinstance(value, Sequence):
            for item in value.items:
                self.value(item, field)
        else:
            self.mapping(value, field)

    def add(self, finding: Finding, line: int, field: str | None) -> None:
        self.problems.append(finding_problem(self.path, finding, line, field))
