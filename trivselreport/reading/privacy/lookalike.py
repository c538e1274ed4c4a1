"""What a CPR number, a Danish phone number and an e-mail address look like.

Every function here reads a text already in matching form (normalise.py: every
dash "-", every space " ", every digit ASCII; `lines` keeps line breaks as "\\n")
and returns (finding, end) pairs in order of where they stand. privacyscan.py
decides which of them apply to a text, privacy.py turns them into problems.

The rules, and what they leave alone:
- a CPR number is six digits that are a real date by CPR-kontoret's century table
  (whatever modulus 11 says), an optional separator and four digits; not inside a
  longer number, not after "24/", "1." or "3,", and an unbroken ten-digit number
  after a label such as "P-nr." is a production unit, not a person, and six and
  four digits apart (no dash between them) that go on across a dash into more digits
  ("EMN-2000-130100 2000-01-01") are a case number and a date;
- a phone number is eight digits starting with 2-9 (or any after +45), grouped as
  Danes write them; a date or two years written without separators are not, nor
  two four-digit numbers on two lines or after a year unless something calls them
  a phone number;
- an e-mail address is what mail programs would send to, also with "[at]"/"(at)".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class Finding:
    """One piece of personal data in a text; `masked` is the only form ever printed."""

    kind: str  # "cpr", "email", "phone", "forbidden" or "slow-pattern"
    masked: str
    offset: int


# The patterns below are matched against the normalised text (normalise.py): every
# dash is "-", every space " ", every digit ASCII, invisible characters are gone.

# DDMMYY, an optional separator ("-", " " or " - "), SSSS; or DD.MM.YY-SSSS.
# Not inside a longer number: no digit next to it, and no "24/", "1." or "3,"
# (a case number, an amount or a decimal) just before it.
_CPR = re.compile(
    r"(?<![0-9])(?<![0-9][/.,])"
    r"(?:(?P<day>[0-3][0-9])(?P<month>[01][0-9])(?P<year>[0-9]{2})"
    r"(?: {0,3}- {0,3}| {1,3})?"
    r"|(?P<dotted_day>[0-3][0-9])\.(?P<dotted_month>[01][0-9])\.(?P<dotted_year>[0-9]{2})"
    r" {0,3}- {0,3})"
    r"(?P<seventh>[0-9])[0-9]{3}"
    r"(?![0-9])"
)

# Eight digits as 12345678, 12 34 56 78, 12-34-56-78, 12.34.56.78 or 1234 5678,
# optionally after +45, (+45) or 0045.
_PHONE = re.compile(
    r"(?<![0-9+])(?<![0-9][/.,:\-])"
    r"(?P<prefix>\(?(?:\+|00)45\)?[ -]?)?"
    r"(?P<number>[0-9]{8}|[0-9]{2}(?P<separator>[ .-])[0-9]{2}(?P=separator)[0-9]{2}"
    r"(?P=separator)[0-9]{2}|[0-9]{4} [0-9]{4})"
    r"(?![0-9])(?![/.,:\-][0-9])"
)

# Numbers that are neither phone numbers nor CPR numbers when labelled as such: business
# and production-unit numbers, case and journal numbers, accounts, invoices, EAN.
_NUMBER_LABEL = re.compile(
    r"(?:\bcvr|\b(?:cvr|se|p|ean|gln|reg|konto|faktura|ordre|bilag|journal|sags?|j)"
    r"[-\s.]?(?:nr\.?|nummer)|\bsagsnr\.?|\bj\.\s?nr\.?|\bp-?nr\.?|\bean\b"
    r"|\bjournalnr\.?|\bkonto\b)[\s.:]*\Z",
    re.IGNORECASE,
)
_LABEL_REACH = 20

# The lookbehind makes each attempt start only where a run of address characters
# starts, so a long text with an "@" stays linear. "[at]" and "(at)" are read as "@".
_AT = r"(?:@| ?[\[(] ?(?:at|snabel-a) ?[\])] ?)"
_EMAIL = re.compile(
    rf"(?<![\w.%+'-])(?P<local>[\w.%+'-]+){_AT}(?:[\w-]+\.)+(?P<tld>[^\W\d_]{{2,}})(?![\w-])",
    re.IGNORECASE,
)
OBFUSCATED_AT = re.compile(r"[\[(] ?(?:at|snabel-a) ?[\])]", re.IGNORECASE)

# A line break (or, in a text whose lines YAML joined, a space) between two digits or
# a digit and a dash: a CPR number broken over two lines still reads as one.
_BREAK_IN_NUMBER = re.compile(r"[0-9-]( *\n *)(?=[0-9-])")
_SPACE_IN_NUMBER = re.compile(r"[0-9-]([ \n]+)(?=[0-9-])")


def overlaps(start: int, end: int, found: list[tuple[Finding, int]]) -> bool:
    return any(start < other_end and finding.offset < end for finding, other_end in found)


def cpr_numbers(text: str) -> list[tuple[Finding, int]]:
    found = []
    for match in _CPR.finditer(text):
        day = match.group("day") or match.group("dotted_day")
        month = match.group("month") or match.group("dotted_month")
        year = match.group("year") or match.group("dotted_year")
        seventh = match.group("seventh")
        if _birth_date(int(day), int(month), int(year), int(seventh)) is None:
            continue
        if match.group("day") and _is_labelled(text, match) and _unbroken(match.group()):
            continue  # "P-nr. 1003388394": a production unit, not a person
        if "-" not in match.group() and _in_a_dashed_chain(text, match.start(), match.end()):
            continue  # "EMN-2000-130100" above "2000-01-01": a case number and a date
        found.append((Finding("cpr", f"{day}{month}{year}-****", match.start()), match.end()))
    return found


def cpr_numbers_across_lines(text: str, folded: bool) -> list[tuple[Finding, int]]:
    """CPR numbers that read as one only once the line breaks inside them are gone."""
    gaps = _SPACE_IN_NUMBER if folded else _BREAK_IN_NUMBER
    pieces: list[str] = []
    origin: list[int] = []
    removed: list[int] = []  # positions in the joined text where a gap was taken out
    position = 0
    for match in gaps.finditer(text):
        start, end = match.span(1)
        pieces.append(text[position:start])
        origin.extend(range(position, start))
        removed.append(len(origin))
        position = end
    if not removed:
        return []
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    joined = "".join(pieces)
    found = []
    for finding, end in cpr_numbers(joined):
        if any(finding.offset < cut < end for cut in removed):
            found.append((replace(finding, offset=origin[finding.offset]), origin[end - 1] + 1))
    return found


def _in_a_dashed_chain(text: str, start: int, end: int) -> bool:
    """Whether the digits text[start:end] go on, across a dash, into more digits."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return (len(before) == 2 and before[0].isdigit() and before[1] == "-") or (
        len(after) == 2 and after[0] == "-" and after[1].isdigit()
    )


def _unbroken(number: str) -> bool:
    return number.isdigit()


_PHONE_LABEL = re.compile(
    r"(?:\btlf|\btelefon\w*|\bmobil\w*|\bmob|\bring\w*|\bsms)"
    r"[\s.:]*(?:på|til)?[\s.:]*\Z",
    re.IGNORECASE,
)


def _is_called_a_phone(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _LABEL_REACH) : match.start()]
    return _PHONE_LABEL.search(before) is not None


def _is_labelled(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _LABEL_REACH) : match.start()]
    return _NUMBER_LABEL.search(before) is not None


def _birth_date(day: int, month: int, year: int, seventh: int) -> date | None:
    """The birth date a CPR number's first seven digits give, or None if no such day.

    The 7th digit and the two-digit year decide the century (CPR-kontoret's table);
    it only changes the answer for 29 February.
    """
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year <= 36 else 1900
    else:
        century = 2000 if year <= 57 else 1800
    try:
        return date(century + year, month, day)
    except ValueError:
        return None


def phone_numbers(text: str, lines: str) -> Iterator[tuple[Finding, int]]:
    """`text` with line breaks as spaces; `lines` the same text with them kept."""
    for match in _PHONE.finditer(text):
        prefix, number = match.group("prefix"), match.group("number")
        if not prefix and not _could_be_subscriber_number(number):
            continue
        if _is_labelled(text, match):
            continue
        # "2024 2610": two numbers of four digits, a phone number only if nothing says
        # otherwise: not when they stand on two lines, nor after a year.
        if (
            len(number) == 9
            and not prefix
            and not _is_called_a_phone(text, match)
            and (lines[match.start("number") + 4] == "\n" or _is_year(number[:4]))
        ):
            continue
        masked = (prefix or "") + number[:2] + re.sub(r"[0-9]", "*", number[2:])
        yield Finding("phone", masked, match.start()), match.end()


def _could_be_subscriber_number(number: str) -> bool:
    """Danish subscriber numbers start with 2-9; "2024 2025" is two years, and
    "20240415" or "15042024" a date written without separators (as in file names);
    "15.03.20.24" is not a way to write anything but a phone number."""
    if number[0] in "01":
        return False
    groups = number.split()
    if len(groups) == 2:
        return not all(_is_year(group) for group in groups)
    if len(number) == 8:
        return not (
            _is_date(number[:4], number[4:6], number[6:])
            or _is_date(number[4:], number[2:4], number[:2])
        )
    return True


def _is_year(digits: str) -> bool:
    return 1900 <= int(digits) <= 2099


def _is_date(year: str, month: str, day: str) -> bool:
    if not _is_year(year):
        return False
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def emails(text: str) -> list[tuple[Finding, int]]:
    return [
        (
            Finding(
                "email",
                f"{match.group('local')[0]}***@***.{match.group('tld').lower()}",
                match.start(),
            ),
            match.end(),
        )
        for match in _EMAIL.finditer(text)
    ]
