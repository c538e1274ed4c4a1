"""Scanning one text for personal data, cheaply first, as a reader sees it and without markup.

:func:`scan` returns what a text holds (CPR numbers, and in a text that reaches the memo
e-mail addresses, phone numbers and the project's forbidden terms) as (finding, end)
pairs in order of where they stand. Speed matters, since every text of every entry is
scanned at every `check`: a text goes through the CPR and phone patterns only when it
holds six digits close together, through the e-mail pattern only with an "@" (or a
disguised one), through the words pattern only when it holds the first word of a
forbidden word. Each text is matched in the form a reader sees it (normalise.py), and
once more with its markup taken out; what the numbers and addresses look like is in
lookalike.py.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from trivselreport.reading.privacy.lookalike import (
    OBFUSCATED_AT,
    Finding,
    cpr_numbers,
    cpr_numbers_across_lines,
    emails,
    overlaps,
    phone_numbers,
)
from trivselreport.reading.privacy.normalise import for_matching
from trivselreport.reading.privacy.terms import CompiledTerms, forbidden_findings

# Every CPR number (DDMMYY…) and phone number (12345678, 12 34 56 78, 1234 5678) holds
# six digits with at most a space, dash or dot between pairs; the digits of most texts
# (dates, amounts, times, school years, links) do not, and skip the full patterns.
_DIGITS_CLOSE_TOGETHER = re.compile(r"[0-9]{2}[ .-]?[0-9]{2}[ .-]?[0-9]{2}")


@functools.lru_cache(maxsize=1024)
def scan_key(key: str, internal: bool, terms: CompiledTerms) -> tuple[tuple[Finding, int], ...]:
    """Keys are nearly always the same few field names: scan each once."""
    return tuple(scan(key, internal, terms))


_SLOW = "slow"


# Markup a text may hide a number behind wherever it stands: even where it is not rendered
# (a title shows "0102**03**-1234" as typed), a reader can still put the number together.
_MARKUP = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|[*_`\\]")
_SIX_DIGITS = re.compile(r"(?:\D*\d){6}")


def scan(
    text: str,
    internal: bool,
    terms: CompiledTerms,
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
    terms: CompiledTerms,
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
        if terms.words is not None and terms.may_hold_a_word(plain):
            found += forbidden_findings(plain, terms.words)
        for pattern in terms.patterns:
            try:
                found += forbidden_findings(plain, pattern)
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
