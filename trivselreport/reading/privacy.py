"""The personal-data guard: what must never reach the committee's published memo.

The memo is attached to an open agenda item and published, so every entry is
scanned before anything is built:

- a CPR number is an error wherever it stands, also in an internal entry (the
  entries folder is shared, and CPR-loven forbids spreading the numbers);
- e-mail addresses and Danish phone numbers are errors in entries that reach the
  memo, and allowed in internal ones (intern: ja), which never leave the office;
- the project's own forbidden words (e.g. a child's first name in a current case)
  and regular expressions are errors in entries that reach the memo.

Each text is matched in the form a reader sees it (normalise.py), and once more
with its markup taken out; what the numbers and addresses look like is in
lookalike.py, the project's own patterns in projectpatterns.py.

A finding is reported with a masked form only ("150312-****"): the messages
are printed in terminals and CI logs, which must not spread what we guard.

Speed matters because this runs on every entry at every `check`, so each text
first passes cheap tests: only a text with six digits close together goes through
the CPR and phone patterns, only one with an "@" through the e-mail pattern, and
only one holding the first word of a forbidden word through the words pattern.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.lookalike import (
    OBFUSCATED_AT as OBFUSCATED_AT,
)
from trivselreport.reading.lookalike import (
    Finding as Finding,
)
from trivselreport.reading.lookalike import (
    cpr_numbers,
    cpr_numbers_across_lines,
    emails,
    overlaps,
    phone_numbers,
)
from trivselreport.reading.normalise import for_matching
from trivselreport.reading.projectpatterns import PATTERN_SECONDS, ProjectPattern
from trivselreport.reading.yamlread import Mapping, Scalar, Sequence, Value


@dataclass(frozen=True)
class ForbiddenTerms:
    """The project's own list of what must not stand in the memo.

    `words` are plain words or phrases matched case-insensitively as whole words
    ("Ali" finds "ali" and "Ali's", not "Alice" or "alibi"); `patterns` are
    regular expressions made with `compile_pattern`.
    """

    words: tuple[str, ...] = ()
    patterns: tuple[ProjectPattern, ...] = ()


NO_TERMS = ForbiddenTerms()

# Every CPR number (DDMMYY…) and phone number (12345678, 12 34 56 78, 1234 5678) holds
# six digits with at most a space, dash or dot between pairs; the digits of most texts
# (dates, amounts, times, school years, links) do not, and skip the full patterns.
_DIGITS_CLOSE_TOGETHER = re.compile(r"[0-9]{2}[ .-]?[0-9]{2}[ .-]?[0-9]{2}")

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
    return [finding for finding, _ in _scan(text, internal, _compiled(terms, internal), folded)]


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
    for finding, _ in _scan(
        text, internal, _compiled(terms, internal), folded, across_lines=across_lines
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
    walk = _Walk(path, internal, _compiled(terms, internal))
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
    pairs = _scan(text, False, _compiled(terms, False), folded=False, when_slow=None)
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
    def __init__(self, path: Path, internal: bool, terms: _CompiledTerms) -> None:
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
            key_findings = _scan_key(key, self.internal, self.terms)
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
            for finding, _ in _scan(text, self.internal, self.terms, value.folded):
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


# --- scanning one text ---------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def _scan_key(key: str, internal: bool, terms: _CompiledTerms) -> tuple[tuple[Finding, int], ...]:
    """Keys are nearly always the same few field names: scan each once."""
    return tuple(_scan(key, internal, terms))


_SLOW = "slow"


# Markup a text may hide a number behind wherever it stands: even where it is not rendered
# (a title shows "0102**03**-1234" as typed), a reader can still put the number together.
_MARKUP = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[*_`\\]")
_SIX_DIGITS = re.compile(r"(?:\D*\d){6}")


def _scan(
    text: str,
    internal: bool,
    terms: _CompiledTerms,
    folded: bool = False,
    when_slow: str | None = _SLOW,
    across_lines: bool = True,
) -> list[tuple[Finding, int]]:
    """(finding, end offset) pairs in order of offset, offsets in `text` as given.

    The text is also read with its markup taken out (entities spelt out, `*`, `_`,
    backticks and backslashes gone), so a number or a word split or spelt by them is
    found as well; only texts that hold markup and something to find pay for it.
    """
    found = _scan_once(text, internal, terms, folded, when_slow, across_lines)
    if _MARKUP.search(text) is None or not (
        terms.words is not None
        or terms.patterns
        or "@" in text
        or "&" in text
        or _SIX_DIGITS.match(text)
    ):
        return found
    plain, origin = _without_markup(text)
    extra = [
        (dataclasses.replace(finding, offset=origin[finding.offset]), origin[end - 1] + 1)
        for finding, end in _scan_once(plain, internal, terms, folded, None, across_lines)
    ]
    extra = [pair for pair in extra if not overlaps(pair[0].offset, pair[1], found)]
    if not extra:
        return found
    return sorted([*found, *extra], key=lambda pair: pair[0].offset)


def _without_markup(text: str) -> tuple[str, list[int]]:
    """`text` with entities spelt out and emphasis, code and escape characters removed,
    and for each character of the result the offset it came from."""
    import html

    pieces: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _MARKUP.finditer(text):
        pieces.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        token = match.group()
        if token.startswith("&"):
            spelt = html.unescape(token)
            pieces.append(spelt)
            origin.extend([match.start()] * len(spelt))
        position = match.end()
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(pieces), origin


def _scan_once(
    text: str,
    internal: bool,
    terms: _CompiledTerms,
    folded: bool,
    when_slow: str | None,
    across_lines: bool,
) -> list[tuple[Finding, int]]:
    normalised = for_matching(text)
    lines = normalised.text  # line breaks kept as "\n"
    plain = lines.replace("\n", " ") if "\n" in lines else lines
    found: list[tuple[Finding, int]] = []
    digits = _DIGITS_CLOSE_TOGETHER.search(plain) is not None
    if digits:
        found = cpr_numbers(plain)
    if across_lines and ("\n" in lines or (folded and " " in lines)):
        found += [
            pair
            for pair in cpr_numbers_across_lines(lines, folded)
            if not overlaps(pair[0].offset, pair[1], found)
        ]
    if not internal:
        if "@" in plain or (("]" in plain or ")" in plain) and OBFUSCATED_AT.search(plain)):
            found += emails(plain)
        if digits:
            found += [
                (finding, end)
                for finding, end in phone_numbers(plain, lines)
                if not overlaps(finding.offset, end, found)
            ]
        if terms.words is not None and (
            terms.first_words is None
            or not terms.first_words.isdisjoint(_WORD.findall(plain.casefold()))
        ):
            found += _forbidden(plain, terms.words)
        for pattern in terms.patterns:
            try:
                found += _forbidden(plain, pattern)
            except TimeoutError:
                if when_slow is not None:
                    found.append((Finding("slow-pattern", f"»{pattern.text[:60]}«", 0), len(plain)))
    if len(found) > 1:
        found.sort(key=lambda pair: pair[0].offset)
    if normalised.origin is None:
        return found
    return [
        (
            dataclasses.replace(finding, offset=normalised.source_offset(finding.offset)),
            normalised.source_offset(end - 1) + 1,
        )
        for finding, end in found
    ]


def _forbidden(text: str, pattern: re.Pattern[str] | ProjectPattern) -> list[tuple[Finding, int]]:
    return [
        (Finding("forbidden", _mask_word(match.group()), match.start()), match.end())
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]


def _mask_word(word: str) -> str:
    return word[0] + "***" if len(word) > 1 else "***"


@dataclass(frozen=True, eq=False)  # compiled once per ForbiddenTerms: identity will do
class _CompiledTerms:
    """The forbidden terms ready for scanning. A word can only be in a text that
    holds its first word (case-folded), so `first_words` spares most texts the one
    big pattern; it is None when a word has no letters to look for."""

    words: re.Pattern[str] | None = None
    first_words: frozenset[str] | None = None
    patterns: tuple[ProjectPattern, ...] = ()


_NOTHING_FORBIDDEN = _CompiledTerms()
_WORD = re.compile(r"\w+")


def _compiled(terms: ForbiddenTerms, internal: bool) -> _CompiledTerms:
    if internal or not (terms.words or terms.patterns):
        return _NOTHING_FORBIDDEN
    return _compile_terms(terms)


@functools.lru_cache(maxsize=32)
def _compile_terms(terms: ForbiddenTerms) -> _CompiledTerms:
    # The words are matched in the same normalised form as the texts.
    words = [" ".join(for_matching(word).text.split()) for word in terms.words]
    words = [word for word in words if word]
    if not words:
        return _CompiledTerms(patterns=terms.patterns)
    # Longest first, so that "Mads Peter" wins over "Mads".
    alternatives = sorted(
        {r"\s+".join(map(re.escape, word.split())) for word in words}, key=len, reverse=True
    )
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    firsts = [_WORD.search(word.casefold()) for word in words]
    first_words = (
        None
        if any(first is None for first in firsts)
        else frozenset(first.group() for first in firsts if first is not None)
    )
    return _CompiledTerms(pattern, first_words, terms.patterns)
