"""Property tests of the personal-data guard: every disguise is seen, no ordinary number is.

Hypothesis writes CPR numbers, phone numbers and e-mail addresses in random Unicode
spellings (dashes, spaces, digits of other scripts, fullwidth forms, invisible
characters, HTML entities, Markdown emphasis and escapes, line breaks in YAML
blocks) at random places in an entry's Markdown text, and asserts that what
`check` runs on an entry (the scan of the file as typed and the scan of its
text as rendered) finds every one; and that the README's ordinary numbers of a
memo, in random company, are never taken for one.
"""

from __future__ import annotations

import os
import textwrap
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from trivselreport.errors import Problem
from trivselreport.reading.config import config_from_mapping
from trivselreport.reading.entries import entry_from_mapping
from trivselreport.reading.files.yamlread import parse_mapping
from trivselreport.reading.privacy.findings import problems_in_text, scan_mapping
from trivselreport.reading.privacy.publication import entry_publication_problems

CONFIG_PATH = Path("trivselreport.yaml")
CONFIG = config_from_mapping(
    CONFIG_PATH,
    parse_mapping(
        CONFIG_PATH,
        """\
organisation: Testkommune
titel: "Status {måned} {år}"
temaer: [Tilhør]
typer: [kursus]
sektioner:
  - overskrift: Kurser
    typer: [kursus]
""",
    ),
)
ENTRY = Path("entries/x.yaml")

DASHES = [
    "-",
    "\u2010",
    "\u2011",
    "\u2012",
    "\u2013",
    "\u2014",
    "\u2015",
    "\u2212",
    "\ufe63",
    "\uff0d",
    "\u2043",
]
SPACES = [" ", "\u00a0", "\u2002", "\u2007", "\u2009", "\u202f", "\u205f", "\u3000"]
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u180e", "\u034f"]
DIGIT_BASES = [ord("0"), 0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE, 0x1D7EC]
CONTEXTS = [
    ("Barnet ", " deltog."),
    ("- ", ""),
    ("1. Nummer ", ","),
    ("**Vigtigt:** ", "."),
    ("(", ")"),
    ("Se ", " og ring."),
    ("", ""),
]

# GUARD_EXAMPLES=5000 for a longer hunt than the suite's.
settings.register_profile(
    "guard",
    max_examples=int(os.environ.get("GUARD_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
GUARD = settings.get_profile("guard")


def check_finds(text: str, style: str) -> list[Problem]:
    """What `check` reports for an entry whose text is `text`, written as a `style` block."""
    indented = textwrap.indent(text, "  ")
    yaml = f"titel: Kursus\ntype: kursus\ndato: 2024-04-10\ntekst: {style}\n{indented}\n"
    mapping = parse_mapping(ENTRY, yaml)
    problems = scan_mapping(ENTRY, mapping, internal=False)
    entry = entry_from_mapping(ENTRY, mapping, CONFIG)
    return problems + entry_publication_problems(entry, CONFIG.forbidden)


@st.composite
def digit(draw: st.DrawFn, value: int, markdown: bool = True) -> str:
    form = draw(st.integers(0, len(DIGIT_BASES) + (1 if markdown else -1)))
    if form < len(DIGIT_BASES):
        return chr(DIGIT_BASES[form] + value)
    return draw(st.sampled_from([f"&#{48 + value};", f"&#x{48 + value:x};"]))


@st.composite
def cpr_numbers(draw: st.DrawFn) -> tuple[str, str, list[int]]:
    """(how it is written, its first six digits, the offsets between two of its digits)."""
    born = draw(st.dates(date(1937, 1, 1), date(2036, 12, 31)))
    seventh = draw(st.sampled_from([0, 1, 2, 3] if born.year < 2000 else [4, 9]))
    digits = [int(char) for char in born.strftime("%d%m%y")] + [seventh]
    digits += draw(st.lists(st.integers(0, 9), min_size=3, max_size=3))
    written = [draw(digit(value)) for value in digits]
    for position in draw(st.sets(st.integers(0, 9), max_size=3)):
        written[position] = draw(st.sampled_from(INVISIBLE)) + written[position]
    start, end = sorted(draw(st.sampled_from([(0, 6), (6, 10)])) for _ in range(1))[0]
    if draw(st.booleans()):  # emphasis around some of the digits of one group
        first = draw(st.integers(start, end - 1))
        last = draw(st.integers(first + 1, end))
        marker = draw(st.sampled_from(["*", "**"]))
        # An entity starts with "&" and ends in ";": beside them, "*" can neither open
        # nor close an emphasis inside a word (CommonMark), so it would stay on the page.
        written[first] = draw(digit(digits[first], markdown=False))
        written[last - 1] = draw(digit(digits[last - 1], markdown=False))
        written[first] = marker + written[first]
        written[last - 1] = written[last - 1] + marker
    dash = draw(st.sampled_from(["", *DASHES, "\\-"]))
    space = draw(st.sampled_from(SPACES))
    separator = draw(st.sampled_from([dash, space, f"{space}{dash}{space}" if dash else space]))
    pieces = [*written[:6], separator, *written[6:]]
    boundaries = [
        len("".join(pieces[:index]))
        for index in range(1, len(pieces))
        if "*" not in pieces[index - 1] + pieces[index]
    ]
    return "".join(pieces), born.strftime("%d%m%y"), boundaries


@given(cpr_numbers(), st.sampled_from(CONTEXTS), st.sampled_from(["|", ">"]), st.integers(0, 2))
@GUARD
def test_check_finds_a_cpr_number_in_any_spelling(
    cpr: tuple[str, str, list[int]], context: tuple[str, str], style: str, break_at: int
) -> None:
    written, six, boundaries = cpr
    if break_at and boundaries:  # a line break inside the number, between two digits
        cut = boundaries[(break_at * 7) % len(boundaries)]
        written = written[:cut] + "\n" + written[cut:]
    before, after = context
    text = f"Første afsnit.\n\n{before}{written}{after}"
    found = [problem.message for problem in check_finds(text, style) if "CPR" in problem.message]
    assert found, text
    assert all(f"({six}-****)" in message for message in found)


@st.composite
def email_addresses(draw: st.DrawFn) -> str:
    letters = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
    local = draw(letters) + draw(st.sampled_from(["", ".", "_", "+"])) + draw(letters)
    domain = draw(letters) + draw(st.sampled_from(["", "-skole"]))
    tld = draw(st.sampled_from(["dk", "com", "net", "eu"]))
    at = draw(
        st.sampled_from(
            [
                "@",
                "\uff20",
                "\ufe6b",
                "&#64;",
                "&#x40;",
                "&commat;",
                "\\@",
                " [at] ",
                "(at)",
                "@\u200b",
            ]
        )
    )
    dot = draw(st.sampled_from([".", "&#46;", "\uff0e"]))
    address = f"{local}{at}{domain}{dot}{tld}"
    if draw(st.booleans()):
        position = draw(st.integers(1, len(local)))
        address = address[:position] + draw(st.sampled_from(INVISIBLE)) + address[position:]
    if draw(st.booleans()) and "." not in local and "_" not in local:
        address = f"*{address}*" if draw(st.booleans()) else f"**{address}**"
    elif draw(st.booleans()) and at in ("@", "\uff20", "\ufe6b"):  # emphasis on one part
        address = f"*{local}*{at}{domain}{dot}{tld}"
    return address


@given(email_addresses(), st.sampled_from(CONTEXTS), st.sampled_from(["|", ">"]))
@GUARD
def test_check_finds_an_email_address_in_any_spelling(
    address: str, context: tuple[str, str], style: str
) -> None:
    before, after = context
    text = f"{before}Skriv til {address}{after}"
    assert any("e-mailadresse" in problem.message for problem in check_finds(text, style)), text


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    digits = [draw(st.integers(2, 9)), *draw(st.lists(st.integers(0, 9), min_size=7, max_size=7))]
    number = "".join(map(str, digits))
    year, month, day = int(number[:4]), int(number[4:6]), int(number[6:])
    assume(not _is_date(year, month, day))
    assume(not _is_date(int(number[4:]), int(number[2:4]), int(number[:2])))
    written = [draw(digit(value, markdown=False)) for value in digits]
    grouping = draw(st.sampled_from(["8", "2222", "44"]))
    separator = draw(st.sampled_from([*SPACES, "-", "."])) if grouping == "2222" else " "
    if grouping == "44":
        assume(not (1900 <= year <= 2099 and 1900 <= int(number[4:]) <= 2099))
        separator = draw(st.sampled_from(SPACES))
    if grouping == "8":
        text = "".join(written)
    elif grouping == "44":
        text = "".join(written[:4]) + separator + "".join(written[4:])
    else:
        text = separator.join("".join(written[i : i + 2]) for i in range(0, 8, 2))
    prefix = draw(st.sampled_from(["", "+45 ", "+45", "0045 ", "(+45) ", "tlf. "]))
    return prefix + text


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2099


@given(phone_numbers(), st.sampled_from(CONTEXTS), st.sampled_from(["|", ">"]))
@GUARD
def test_check_finds_a_phone_number_in_any_spelling(
    number: str, context: tuple[str, str], style: str
) -> None:
    before, after = context
    text = f"{before}Ring på {number}{after}"
    assert any("telefonnummer" in problem.message for problem in check_finds(text, style)), text


# --- what a municipality writes every day is never taken for personal data ------------------


@st.composite
def ordinary_numbers(draw: st.DrawFn) -> str:
    day = draw(st.dates(date(1990, 1, 1), date(2040, 12, 31)))
    year = day.year
    hour, minute = draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45]))
    week = draw(st.integers(1, 50))
    kinds = [
        f"{draw(st.integers(1000, 10**9)):,} kr.".replace(",", "."),
        f"kr. {draw(st.integers(100, 99999)):,}".replace(",", "."),
        day.strftime("%d.%m.%Y"),
        day.strftime("%d-%m-%Y"),
        day.isoformat(),
        f"den {day.day}. april {year}",
        f"kl. {hour:02d}.{minute:02d}",
        f"kl. {hour}.{minute:02d}-{(hour + 2) % 24}.00",
        f"{year}/{year + 1}",
        f"{year}-{year + 1}",
        f"skoleåret {year}/{str(year + 1)[2:]}",
        f"Sagsnr. {year % 100:02d}/{draw(st.integers(0, 999999)):06d}",
        "Sagsnr. 00.01.00-A00-6-19",
        f"EMN-{year}-{draw(st.integers(0, 999999)):06d}",
        f"{draw(st.integers(1000, 9990))} {draw(st.sampled_from(['Rødovre', 'Hvidovre']))}",
        f"postnummer {draw(st.integers(1000, 9990))}",
        f"P-nr. 10{draw(st.integers(0, 99999999)):08d}",
        f"P-nummer: 10{draw(st.integers(0, 99999999)):08d}",
        f"CVR-nr. {draw(st.integers(10000000, 99999999))}",
        f"J.nr. {year}-{draw(st.integers(0, 999999)):06d}",
        f"journalnr. {year % 100:02d}/{draw(st.integers(0, 99999)):05d}",
        f"uge {week}-{week + 2}",
        f"uge {week}–{week + 2}",
        f"uge {week}, {week + 1} og {week + 2}",
        f"{draw(st.integers(0, 100))},{draw(st.integers(0, 9))} %",
        f"Side {draw(st.integers(1, 9))} af {draw(st.integers(9, 20))}",
        f"lokale {draw(st.integers(1, 3))}.{draw(st.integers(1, 40)):02d}",
    ]
    return draw(st.sampled_from(kinds))


@given(
    st.lists(ordinary_numbers(), min_size=1, max_size=6),
    st.sampled_from([", ", " og ", "\n", "; ", " – "]),
    st.sampled_from(CONTEXTS),
    st.sampled_from(["|", ">"]),
)
@GUARD
def test_the_ordinary_numbers_of_a_memo_are_never_flagged(
    numbers: list[str], joiner: str, context: tuple[str, str], style: str
) -> None:
    before, after = context
    text = before + joiner.join(numbers) + after
    assert check_finds(text, style) == [], text


@given(
    st.lists(
        st.sampled_from(
            [
                "*",
                "**",
                "\\",
                "&#64;",
                "&commat;",
                "&#49;",
                "[",
                "]",
                "(at)",
                "anna",
                "\uff20",
                "@",
                "x.dk",
                "15",
                "03",
                "12",
                "1234",
                " ",
                "-",
                "\n",
                "\u00ad",
                "\uff11",
                "Ali",
                "tlf.",
                "22",
                "33",
            ]
        ),
        min_size=1,
        max_size=14,
    )
)
@GUARD
def test_the_shortcut_past_rendering_never_hides_a_finding(pieces: list[str]) -> None:
    from trivselreport.reading.privacy.publication import PublishedText, scan_published
    from trivselreport.reading.privacy.terms import ForbiddenTerms

    text = "".join(pieces)
    mapping = parse_mapping(ENTRY, "titel: x\ntype: kursus\ndato: 2024-04-10\ntekst: |\n  x\n")
    entry = entry_from_mapping(ENTRY, mapping, CONFIG)
    entry = entry.__class__(**{**entry.__dict__, "text": text})
    rendered = scan_published(
        [PublishedText(text, ENTRY, entry.text_line, "tekst", markdown=True)], ForbiddenTerms()
    )
    as_typed = problems_in_text(
        ENTRY, text, first_line=entry.text_line, field="tekst", internal=False
    )
    shortcut = entry_publication_problems(entry, ForbiddenTerms())
    # What rendering shows is found by the scan as typed or by the (short-cut) rendered scan.
    assert {problem.message for problem in rendered} <= {
        problem.message for problem in [*as_typed, *shortcut]
    }
