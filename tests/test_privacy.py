"""The personal-data guard: what it finds, what it leaves alone, and how it reports.

The memo is published with the committee's agenda, so these tests document the
promise to the staff who write entries:

- a CPR number is an error everywhere, also in an internal entry;
- phone numbers and e-mail addresses are errors unless the entry is internal;
- the project's forbidden words and patterns are errors unless the entry is internal;
- the ordinary numbers of a memo (amounts, dates, times, years, case numbers,
  percentages, page numbers, postal codes, links) are never mistaken for them;
- a problem names the file, line and field, and only ever shows a masked form.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path
from typing import Literal

import pytest

from trivselreport.errors import Problem
from trivselreport.reading.files.yamlread import parse_mapping
from trivselreport.reading.privacy.findings import scan_mapping, scan_text
from trivselreport.reading.privacy.lookalike import Finding
from trivselreport.reading.privacy.patterns import compile_pattern
from trivselreport.reading.privacy.terms import ForbiddenTerms

ENTRY_PATH = Path("x.yaml")
NO_TERMS = ForbiddenTerms()

# --- helpers -------------------------------------------------------------------------------


def kinds(text: str, *, internal: bool = False, terms: ForbiddenTerms = NO_TERMS) -> list[str]:
    return [finding.kind for finding in scan_text(text, internal=internal, terms=terms)]


def scan_entry(
    yaml_text: str, *, internal: bool = False, terms: ForbiddenTerms = NO_TERMS
) -> list[Problem]:
    """Parse an entry (dedented) the way the CLI does, and scan it."""
    mapping = parse_mapping(ENTRY_PATH, textwrap.dedent(yaml_text))
    return scan_mapping(ENTRY_PATH, mapping, internal=internal, terms=terms)


def only_problem(yaml_text: str, *, internal: bool = False) -> Problem:
    problems = scan_entry(yaml_text, internal=internal)
    assert len(problems) == 1, [problem.message for problem in problems]
    return problems[0]


def everything_printed(problem: Problem) -> str:
    """Every part of a problem that could end up in a terminal or a log."""
    parts = [str(problem), repr(problem), problem.location()]
    parts += [str(getattr(problem, field.name)) for field in dataclasses.fields(problem)]
    return "\n".join(parts)


def modulus_11_ok(cpr: str) -> bool:
    digits = [int(char) for char in cpr if char.isdigit()]
    return sum(d * w for d, w in zip(digits, (4, 3, 2, 7, 6, 5, 4, 3, 2, 1), strict=True)) % 11 == 0


# --- CPR numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "150312-1234",
        "1503121234",
        "150312 1234",
        "150312\u00a01234",  # a non-breaking space
        "150312–1234",  # an en dash, as Word's autocorrect makes it
        "150312 - 1234",
        "Barnet (150312-1234) deltog i gruppen.",
        "150312-1234 deltog i gruppen.",
        "Barnet har CPR-nummer 150312-1234",
        "Barnet har CPR-nummer 150312-1234.",
        "Nummeret er 150312-1234, og sagen er lukket.",
        "Nummeret er 1503121234; sagen er lukket.",
        "cpr:1503121234",
        "CPR-nr.150312-1234",
        "»150312-1234«",
        "Første linje.\n150312-1234\nTredje linje.",
    ],
)
def test_a_cpr_number_is_found_in_any_spelling_and_position(text: str) -> None:
    assert scan_text(text, internal=False) == [Finding("cpr", "150312-****", text.index("150312"))]


def test_a_cpr_number_is_found_also_in_an_internal_entry() -> None:
    assert kinds("Barnet 150312-1234 er henvist.", internal=True) == ["cpr"]


def test_a_cpr_number_failing_modulus_11_is_still_found() -> None:
    # Since 2007 valid CPR numbers need not pass the modulus-11 check.
    assert not modulus_11_ok("150312-1234")
    assert kinds("150312-1234") == ["cpr"]


def test_a_cpr_number_passing_modulus_11_is_found() -> None:
    assert modulus_11_ok("070761-4285")
    assert kinds("070761-4285") == ["cpr"]


def test_every_cpr_number_in_a_text_is_found_in_order() -> None:
    text = "Først 010203-1234, så 1503121234 og til sidst 311299 4321."
    findings = scan_text(text, internal=False)
    assert [finding.masked for finding in findings] == ["010203-****", "150312-****", "311299-****"]
    assert [finding.offset for finding in findings] == [
        text.index("010203"),
        text.index("150312"),
        text.index("311299"),
    ]


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("290200-4123", "7th digit 4, year 00: 2000, a leap year"),
        ("290200-9123", "7th digit 9, year 00: 2000, a leap year"),
        ("290200-5123", "7th digit 5, year 00: 2000, a leap year"),
        ("290296-1234", "7th digit 1: 1996, a leap year"),
        ("290236-4123", "7th digit 4, year 36: 2036, a leap year"),
        ("290256-5123", "7th digit 5, year 56: 2056, a leap year"),
        ("290260-4123", "7th digit 4, year 60: 1960, a leap year"),
        ("290260-5123", "7th digit 5, year 60: 1860, a leap year"),
    ],
)
def test_29_february_is_a_cpr_number_when_the_century_makes_it_a_leap_year(
    number: str, why: str
) -> None:
    assert kinds(number) == ["cpr"], why


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("290200-1234", "7th digit 1, year 00: 1900, not a leap year"),
        ("290200-3123", "7th digit 3, year 00: 1900, not a leap year"),
        ("290297-1234", "7th digit 1: 1997, not a leap year"),
        ("290258-4123", "7th digit 4, year 58: 1958, not a leap year"),
        ("290258-5123", "7th digit 5, year 58: 1858, not a leap year"),
    ],
)
def test_29_february_is_not_a_date_when_the_century_makes_it_a_common_year(
    number: str, why: str
) -> None:
    assert kinds(number) == [], why


@pytest.mark.parametrize(
    ("number", "century"),
    [
        ("290300-4123", "7th digit 4, year 00 → 2000"),
        ("290337-4123", "7th digit 4, year 37 → 1937"),
        ("290358-5123", "7th digit 5, year 58 → 1858"),
        ("290357-8123", "7th digit 8, year 57 → 2057"),
    ],
)
def test_every_century_of_the_rule_gives_a_real_date(number: str, century: str) -> None:
    assert kinds(number) == ["cpr"], century


def test_290100_is_29_january_not_february_and_so_always_a_date() -> None:
    # DDMMYY: "290100" is 29 January 1900, which exists; 29 February is "2902YY".
    assert kinds("290100-1234") == ["cpr"]


def test_only_the_seventh_digit_tells_1900_from_2000() -> None:
    # 1900 was not a leap year, 2000 was; "290200" alone does not say which is meant.
    assert kinds("290200-3999") == []
    assert kinds("290200-4000") == ["cpr"]


# --- numbers that are not CPR numbers (nor phone numbers) ---------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Budgettet er 1.250.000 kr.",
        "Det kostede kr. 3.478 i alt.",
        "Mødet er den 15.03.2024.",
        "Mødet er den 15-03-2024.",
        "Mødet er den 2024-03-15.",
        "Vi mødes kl. 17.30.",
        "Skoleåret 2024/2025 begynder snart.",
        "Skoleåret 2024-2025 begynder snart.",
        "Skoleåret 2024 2025 begynder snart.",
        "I årene 1999 2000 og 2001.",
        "Andelen steg til 12,5 % og siden til 45%.",
        "Sagsnr. 24/004127",
        "Sagsnr. 00.01.00-A00-6-19",
        "Sagsnr. EMN-2025-010561",
        "Koden er 123456.",
        "Nummeret 999999-1234 er ikke en dato.",
        "Nummeret 320112-1234 har dag 32.",
        "Nummeret 151312-1234 har måned 13.",
        "Nummeret 310412-1234 er den 31. april.",
        "Side 1 af 4",
        "Se https://www.rødovre.dk/2024/04/15 for mere.",
        "Rødovre Rådhus, Rødovre Parkvej 150, 2610 Rødovre",
        "Mødet er i lokale 2.14 og 104.",
        "Der deltog 1250 elever og 78 lærere.",
        "Der er afsat 1 250 000 kr.",
        "Tallet 1.150312-1234 er en del af et længere tal.",
        "Tallet 24/1503121234 er et sagsnummer.",
        "Tallet 15031212345 har elleve cifre.",
        "Tallet 11503121234 har elleve cifre.",
        "Koden 0123 4567 begynder med 0.",
        "Koden 12345678 begynder med 1.",
        "Koden 01234567 begynder med 0.",
        "Kommunens CVR-nr. 65307316.",
        "CVR 29189420",
        "Sagsnummer 24004127",
        "Version 2.0.1 af 2024",
        "Tidsrummet 2024-03-15 til 2024-04-15, kl. 9-15.",
        "Postnumrene 2610 og 2650.",
        "Se referat_20240415.pdf",
        "Se referat-15042024.pdf",
        "Skriv til @Rødovre på sociale medier.",
    ],
)
def test_ordinary_numbers_of_a_memo_are_left_alone(text: str) -> None:
    assert scan_text(text, internal=False) == []


# --- phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Ring på 22334455.", "22******"),
        ("Ring på 22 33 44 55.", "22 ** ** **"),
        ("Ring på 2233 4455.", "22** ****"),
        ("Ring på +45 22 33 44 55.", "+45 22 ** ** **"),
        ("Ring på +4522334455.", "+4522******"),
        ("Ring på 0045 2233 4455.", "0045 22** ****"),
        ("Ring på +45 12345678.", "+45 12******"),
        ("Ring (36 37 70 00) i dag", "36 ** ** **"),
        ("tlf.: 22334455", "22******"),
    ],
)
def test_a_phone_number_is_found_and_masked_after_its_first_two_digits(
    text: str, masked: str
) -> None:
    findings = scan_text(text, internal=False)
    assert [(finding.kind, finding.masked) for finding in findings] == [("phone", masked)]


def test_a_phone_number_starting_with_0_or_1_is_one_only_after_45() -> None:
    assert kinds("12345678") == []
    assert kinds("12 34 56 78") == []
    assert kinds("+45 12 34 56 78") == ["phone"]
    assert kinds("0045 02345678") == ["phone"]


def test_two_years_are_not_a_phone_number_but_after_45_they_are() -> None:
    assert kinds("2024 2025") == []
    assert kinds("1999 2099") == []
    assert kinds("+45 2024 2025") == ["phone"]


def test_a_year_and_four_digits_are_a_phone_number_only_when_called_one() -> None:
    # "april 2024 2610 Rødovre": a date and a postal code, as in an address block.
    assert kinds("april 2024 2610 Rødovre") == []
    assert kinds("Tlf. 2024 2100") == ["phone"]
    assert kinds("Ring på 2024 2100") == ["phone"]
    assert kinds("5024 2100") == ["phone"]


def test_two_groups_of_four_on_two_lines_are_two_numbers() -> None:
    assert kinds("I alt 3000\n4000 kr.") == []
    assert kinds("Ring på 22 33\n44 55") == ["phone"]


def test_a_date_without_separators_is_not_a_phone_number_but_a_near_miss_is() -> None:
    assert kinds("20240415") == []
    assert kinds("15042024") == []
    assert kinds("20241315") == ["phone"]  # month 13
    assert kinds("31042024") == ["phone"]  # 31 April
    assert kinds("+45 20240415") == ["phone"]


def test_a_labelled_business_or_case_number_is_not_a_phone_number() -> None:
    for label in ("CVR", "CVR-nr.", "cvr nr.", "SE-nr.", "P-nummer", "Sagsnr.", "j.nr."):
        assert kinds(f"{label} 29189420") == [], label
    assert kinds("Tlf. 29189420") == ["phone"]
    assert kinds("Ring eller se 29189420") == ["phone"]
    assert kinds("Ring p 29189420") == ["phone"]


def test_a_phone_number_is_allowed_in_an_internal_entry() -> None:
    assert kinds("Ring til Hanne på 22 33 44 55.", internal=True) == []


# --- e-mail addresses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Skriv til anna@rodovre.dk.", "a***@***.dk"),
        ("Skriv til Anna.Hansen@rødovre.dk", "A***@***.dk"),
        ("<mailto:b.k+trivsel@skole.rk.dk>", "b***@***.dk"),
        ("kontakt: x_y@example.com", "x***@***.com"),
        ("Skriv (sundhed2024@kommune.dk).", "s***@***.dk"),
    ],
)
def test_an_email_address_is_found_and_masked_but_its_top_level_domain(
    text: str, masked: str
) -> None:
    findings = scan_text(text, internal=False)
    assert [(finding.kind, finding.masked) for finding in findings] == [("email", masked)]


def test_an_email_address_is_allowed_in_an_internal_entry() -> None:
    assert kinds("Skriv til anna@rodovre.dk.", internal=True) == []


def test_digits_of_an_email_address_are_not_also_a_phone_number() -> None:
    assert kinds("Skriv til 22334455@sms.dk") == ["email"]


def test_a_cpr_number_in_an_email_address_is_found_even_when_internal() -> None:
    assert kinds("anna1503121234@rodovre.dk", internal=True) == ["cpr"]
    assert kinds("anna1503121234@rodovre.dk") == ["email", "cpr"]


# --- the project's forbidden words and patterns --------------------------------------------


NAMES = ForbiddenTerms(words=("Ali", "Mads Peter"))


@pytest.mark.parametrize(
    "text",
    [
        "Ali var glad.",
        "Vi talte med ali.",
        "ALI!",
        "Ali's mor",
        "(Ali)",
        "Mads Peter og Ali",
        "mads  peter",
        "Mads\nPeter",
    ],
)
def test_a_forbidden_word_is_found_whatever_its_case(text: str) -> None:
    assert "forbidden" in kinds(text, terms=NAMES)


@pytest.mark.parametrize(
    "text",
    [
        "Alice var glad.",
        "Det var et godt alibi.",
        "Kali",
        "Mads var der",
        "Peter var der",
        "Madsen Peter",
    ],
)
def test_a_forbidden_word_is_only_found_as_a_whole_word(text: str) -> None:
    assert kinds(text, terms=NAMES) == []


def test_alis_is_a_different_word_from_ali() -> None:
    # Whole words only: a possessive without apostrophe is another word. Add it to the
    # list if it matters; "Ali's" is found since the apostrophe ends the word.
    assert kinds("Alis mor", terms=NAMES) == []


def test_a_forbidden_word_is_masked_to_its_first_letter() -> None:
    assert scan_text("Vi talte med ali.", internal=False, terms=NAMES) == [
        Finding("forbidden", "a***", 13)
    ]


def test_a_forbidden_word_is_allowed_in_an_internal_entry() -> None:
    assert kinds("Ali var glad.", internal=True, terms=NAMES) == []


def test_a_forbidden_word_is_found_in_a_text_without_digits() -> None:
    # The pre-filter (digits or "@") must not hide words, which have neither.
    assert kinds("Ali", terms=NAMES) == ["forbidden"]


@pytest.mark.parametrize(
    ("word", "text"),
    [
        ("§ 50", "Der er iværksat en § 50-undersøgelse."),
        ("Anne-Marie", "Vi talte med ANNE-MARIE."),
        ("O'Brien", "Familien o'brien kom."),
        ("ΟΔΥΣΣΕΑΣ", "Vi mødte Οδυσσεας."),
        ("Strauß", "Hos STRAUSS og hos Strauß"),
    ],
)
def test_a_forbidden_word_with_signs_or_other_alphabets_is_found(word: str, text: str) -> None:
    assert "forbidden" in kinds(text, terms=ForbiddenTerms(words=(word,)))


def test_the_longest_forbidden_phrase_is_the_one_found() -> None:
    terms = ForbiddenTerms(words=("Mads", "Mads Peter"))
    assert scan_text("Hej Mads Peter.", internal=False, terms=terms) == [
        Finding("forbidden", "M***", 4)
    ]


def test_empty_forbidden_words_find_nothing() -> None:
    assert kinds("Alt er fint.", terms=ForbiddenTerms(words=("", "   "))) == []


def test_a_project_pattern_is_found_and_masked() -> None:
    terms = ForbiddenTerms(patterns=(compile_pattern(r"(?i)\bjournal\s*nr\.?\s*\w+"),))
    findings = scan_text("Se Journal nr. AB17 for detaljer.", internal=False, terms=terms)
    assert findings == [Finding("forbidden", "J***", 3)]


def test_a_project_pattern_is_case_sensitive_as_written() -> None:
    terms = ForbiddenTerms(patterns=(compile_pattern(r"\bSkole X\b"),))
    assert kinds("Skole X", terms=terms) == ["forbidden"]
    assert kinds("skole x", terms=terms) == []


def test_a_project_pattern_is_allowed_in_an_internal_entry() -> None:
    terms = ForbiddenTerms(patterns=(compile_pattern("hemmelig"),))
    assert kinds("hemmelig", internal=True, terms=terms) == []


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(abc", "en ( er ikke lukket med )"),
        ("abc)", "der står en ), som ingen ( åbner"),
        ("[abc", "en [ er ikke lukket med ]"),
        ("*abc", "*, + eller ? står uden noget foran"),
        ("a**", "to gentagelsestegn"),
        (r"\q", "en \\-sekvens er ukendt"),
    ],
)
def test_an_invalid_pattern_is_refused_in_danish(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match="er ikke et gyldigt regulært udtryk") as info:
        compile_pattern(pattern)
    assert f"»{pattern}«" in str(info.value)
    assert reason in str(info.value)
    assert "ved tegn" in str(info.value)


def test_a_pattern_that_matches_nothing_at_all_is_refused() -> None:
    with pytest.raises(ValueError, match="tom tekst"):
        compile_pattern("a*")


def test_a_valid_pattern_compiles() -> None:
    assert compile_pattern(r"\bX\d+\b").search("Sag X12") is not None


# --- the pre-filter ------------------------------------------------------------------------


@pytest.mark.parametrize("internal", [False, True])
def test_text_without_digits_or_at_has_nothing_to_find(internal: bool) -> None:
    assert scan_text("Vi holdt et godt møde med forældrene.", internal=internal) == []
    assert scan_text("", internal=internal) == []


# --- scanning an entry: file, line, field, level --------------------------------------------


def test_a_cpr_number_in_a_block_text_is_reported_on_its_own_line() -> None:
    problem = only_problem("""\
        titel: Forældremøde
        type: møde
        dato: 2024-04-15
        tekst: |
          Første linje.
          Anden linje.
          Barnet 150312-1234 deltog.
          Fjerde linje.
    """)
    assert problem.file == ENTRY_PATH
    assert problem.line == 7
    assert problem.field == "tekst"
    assert problem.level == "error"
    assert problem.message == "Teksten indeholder noget, der ligner et CPR-nummer (150312-****)."
    assert problem.hint is not None
    assert "slet nummeret" in problem.hint


def test_a_blank_first_line_of_a_block_text_is_counted() -> None:
    problem = only_problem("""\
        tekst: |

          Første afsnit.

          Nummer 150312-1234.
    """)
    assert problem.line == 5


def test_a_cpr_number_in_a_theme_item_names_the_items_line() -> None:
    problem = only_problem("""\
        titel: Forældremøde
        temaer:
          - Tilhør
          - Barnet 150312-1234
    """)
    assert (problem.field, problem.line) == ("temaer", 4)


def test_a_cpr_number_in_a_flow_list_names_the_lists_line() -> None:
    problem = only_problem("titel: Møde\ntemaer: [Tilhør, 1503121234]\n")
    assert (problem.field, problem.line) == ("temaer", 2)


@pytest.mark.parametrize("key", ["titel", "ansvarlig", "sektion", "noget_ukendt"])
def test_a_cpr_number_in_any_field_is_found(key: str) -> None:
    problem = only_problem(f"type: møde\n{key}: Barnet 150312-1234\n")
    assert (problem.field, problem.line) == (key, 2)


def test_a_number_typed_as_a_yaml_number_is_found_too() -> None:
    problem = only_problem("titel: Møde\ndeltagere: 1503121234\n")
    assert (problem.field, problem.line) == ("deltagere", 2)


def test_a_nested_value_is_reported_under_its_top_level_field() -> None:
    problem = only_problem("""\
        titel: Møde
        ekstra:
          noter:
            - ingen
            - mor: 22 33 44 55
    """)
    assert (problem.field, problem.line) == ("ekstra", 5)


def test_a_cpr_number_as_a_key_is_reported_without_naming_the_field() -> None:
    problem = only_problem("titel: Møde\n150312-1234: x\n")
    assert problem.line == 2
    assert problem.field is None


def test_a_folded_block_text_gives_an_approximate_line() -> None:
    # ">" joins lines before we see the text, so the line can only be estimated:
    # never before the block, never after the match.
    problem = only_problem("tekst: >\n  Første linje\n  anden linje\n  Nummer 150312-1234.\n")
    assert problem.line is not None
    assert 2 <= problem.line <= 4


def test_a_quoted_multi_line_value_counts_its_lines_approximately() -> None:
    problem = only_problem('titel: Møde\ntekst: "første\n\n  150312-1234"\n')
    assert problem.field == "tekst"
    assert problem.line in (3, 4)


def test_every_finding_of_an_entry_is_reported() -> None:
    problems = scan_entry(
        """\
        titel: Møde med Ali
        ansvarlig: anna@rodovre.dk
        tekst: |
          Ring på 22 33 44 55.
          Barnet 150312-1234.
    """,
        terms=NAMES,
    )
    assert [(problem.field, problem.line) for problem in problems] == [
        ("titel", 1),
        ("ansvarlig", 2),
        ("tekst", 4),
        ("tekst", 5),
    ]
    assert all(problem.level == "error" for problem in problems)


def test_an_internal_entry_reports_only_cpr_numbers() -> None:
    problems = scan_entry(
        """\
        titel: Møde med Ali
        intern: ja
        ansvarlig: anna@rodovre.dk
        tekst: |
          Ring på 22 33 44 55.
          Barnet 150312-1234.
    """,
        internal=True,
        terms=NAMES,
    )
    assert [(problem.field, problem.line) for problem in problems] == [("tekst", 6)]


def test_contact_details_hint_at_making_the_entry_internal() -> None:
    problem = only_problem("tekst: Ring på 22 33 44 55.\n")
    assert problem.message == "Teksten indeholder noget, der ligner et telefonnummer (22 ** ** **)."
    assert problem.hint is not None
    assert "intern: ja" in problem.hint
    assert "må ikke offentliggøres" in problem.hint


def test_a_value_repeated_with_an_alias_is_reported_once_per_place() -> None:
    problems = scan_entry("titel: &t Barnet 150312-1234\ntekst: *t\n")
    assert [(problem.field, problem.line) for problem in problems] == [("titel", 1), ("tekst", 1)]


def test_an_entry_without_personal_data_has_no_problems() -> None:
    assert (
        scan_entry("""\
        titel: Forældremøde om trivsel
        type: møde
        dato: 2024-04-15
        deltagere: 25
        temaer: [Tilhør]
        tekst: |
          Vi holdt møde kl. 17.30 i lokale 2.14 for skoleåret 2024/2025.
          Budgettet er 1.250.000 kr.; 12,5 % af eleverne deltog.
    """)
        == []
    )


# --- nothing ever shows the whole match ---------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "internal"),
    [
        ("150312-1234", False),
        ("1503121234", True),
        ("150312 1234", False),
        ("22 33 44 55", False),
        ("22334455", False),
        ("+45 2233 4455", False),
        ("anna@rodovre.dk", False),
        ("Mads Peter", False),
    ],
)
def test_a_problem_never_shows_what_it_found(secret: str, internal: bool) -> None:
    problems = scan_entry(
        f"titel: Om {secret}\ntekst: |\n  Her står {secret}.\n",
        internal=internal,
        terms=NAMES,
    )
    assert len(problems) == 2
    for problem in problems:
        printed = everything_printed(problem)
        assert secret not in printed
        assert secret.replace(" ", "") not in printed.replace(" ", "")


def test_a_finding_never_holds_what_it_found() -> None:
    for secret in ("150312-1234", "22334455", "anna@rodovre.dk", "Ali"):
        for finding in scan_text(f"x {secret} x", internal=False, terms=NAMES):
            assert secret not in repr(finding)


# --- the pre-filter never hides anything ---------------------------------------------------


def test_the_pre_filters_never_hide_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    from trivselreport.reading.privacy import findings as privacy
    from trivselreport.reading.privacy import scan as privacyscan
    from trivselreport.reading.privacy import terms as forbiddenterms

    pieces = [
        "0",
        "1",
        "5",
        "15",
        "03",
        "12",
        "29",
        "02",
        "22",
        "33",
        "4455",
        "2024",
        "150312",
        "1234",
        " ",
        " ",
        " ",
        "\u00a0",
        "-",
        "–",
        "+45",
        "0045",
        ".",
        "/",
        ",",
        "a",
        "@",
        "x.dk",
        "Ali",
        "alibi",
    ]
    chance = random.Random(20240415)
    texts = ["".join(chance.choices(pieces, k=chance.randint(3, 12))) for _ in range(4000)]
    terms = ForbiddenTerms(words=("Ali",))
    with_filter = [scan_text(text, internal=False, terms=terms) for text in texts]
    monkeypatch.setattr(privacyscan, "_DIGITS_CLOSE_TOGETHER", re.compile(""))
    compiled = forbiddenterms.compiled_terms
    monkeypatch.setattr(
        privacy,
        "compiled_terms",
        lambda terms, internal: dataclasses.replace(compiled(terms, internal), first_words=None),
    )
    without_filter = [scan_text(text, internal=False, terms=terms) for text in texts]
    assert with_filter == without_filter
    assert sum(1 for findings in with_filter if findings) > 100  # the texts do hold findings


# --- disguises: the text is matched as a reader sees it -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "150312\u2010 1234",
        "150312\u20111234",
        "150312\u20121234",
        "150312\u20141234",
        "150312\u20151234",
        "150312\u22121234",
        "150312\ufe631234",
        "150312\uff0d1234",
        "150312\u20071234",
        "150312\u20091234",
        "150312\u202f1234",
        "150312\u30001234",
        "15\u00ad0312-1234",
        "1503\u200b12-1234",
        "150312-12\u206034",
        "\ufeff150312-1234",
        "\uff11\uff15\uff10\uff13\uff11\uff12-\uff11\uff12\uff13\uff14",
        "\u0661\u0665\u0660\u0663\u0661\u0662-\u0661\u0662\u0663\u0664",
        "\U0001d7cf\U0001d7d3\U0001d7ce\U0001d7d1\U0001d7cf\U0001d7d0-1234",
        "15.03.12-1234",
        "150312\n1234",
        "1503\n121234",
        "150312-\n1234",
    ],
)
def test_a_cpr_number_is_found_in_every_unicode_disguise(text: str) -> None:
    assert [(finding.kind, finding.masked) for finding in scan_text(text, internal=False)] == [
        ("cpr", "150312-****")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sag EMN-2000-130100\n2000-01-01 deltog.",
        "Sag 2024-150312\n1234-5 er lukket.",
    ],
)
def test_numbers_joined_by_dashes_to_more_digits_are_not_a_cpr_number_split_over_lines(
    text: str,
) -> None:
    assert kinds(text, internal=False) == []


def test_a_cpr_number_in_a_folded_text_may_be_split_by_the_joined_line() -> None:
    assert kinds("Nummer 1503 121234", internal=True) == []
    assert [
        finding.kind for finding in scan_text("Nummer 1503 121234", internal=True, folded=True)
    ] == ["cpr"]


def test_the_offset_of_a_disguised_finding_is_where_it_stands_in_the_original() -> None:
    text = "Første\u00ad linje\u200b.\nNummer 15\u00ad0312-1234."
    (finding,) = scan_text(text, internal=False)
    assert finding.offset == text.index("15\u00ad0312")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Skriv til anna\uff20rodovre.dk", "a***@***.dk"),
        ("Skriv til an\u00adna@rodovre.dk", "a***@***.dk"),
        ("Skriv til anna [at] rodovre.dk", "a***@***.dk"),
        ("Skriv til anna(at)rodovre.dk", "a***@***.dk"),
        ("Skriv til ANNA@RODOVRE.DK", "A***@***.dk"),
        ("Ring på 22\u00a033\u00a044\u00a055", "22 ** ** **"),
        ("Ring på \uff12\uff12334455", "22******"),
        ("Ring på 22-33-44-55", "22-**-**-**"),
        ("Ring på 22.33.44.55", "22.**.**.**"),
        ("Ring på (+45) 22334455", "(+45) 22******"),
        ("Ring på 22 33\n44 55", "22 ** ** **"),
    ],
)
def test_contact_details_are_found_in_every_unicode_disguise(text: str, masked: str) -> None:
    assert [finding.masked for finding in scan_text(text, internal=False)] == [masked]


@pytest.mark.parametrize(
    "text",
    [
        "Vi talte med A\u00adli.",
        "Vi talte med A\u200bli.",
        "Vi talte med \uff21\uff4c\uff49.",
        "Vi talte med ALI.",
        "Vi talte med A\u200dLI\u2060.",
    ],
)
def test_a_forbidden_word_is_found_through_invisible_characters_and_compatibility_forms(
    text: str,
) -> None:
    assert kinds(text, terms=NAMES) == ["forbidden"]


@pytest.mark.parametrize("form", ["NFC", "NFD"])
@pytest.mark.parametrize("word_form", ["NFC", "NFD"])
def test_a_forbidden_word_is_found_in_either_unicode_form(
    form: Literal["NFC", "NFD"], word_form: Literal["NFC", "NFD"]
) -> None:
    import unicodedata

    terms = ForbiddenTerms(words=(unicodedata.normalize(word_form, "José"),))
    text = unicodedata.normalize(form, "Vi mødte José i går.")
    assert kinds(text, terms=terms) == ["forbidden"]


@pytest.mark.parametrize(
    "text",
    [
        "P-nr. 1003388394",
        "P-nummer: 1003388394",
        "EAN-nr. 5798000123456",
        "Konto 1003388394",
        "Postnumrene 2610-2650.",
        "uge 10-12",
        "uge 10–12",
        "J.nr. 2024-004127",
        "journalnr. 24/12345",
        "april 2024 2610 Rødovre",
        "Rødovre Parkvej 150, 2610 Rødovre",
    ],
)
def test_the_everyday_numbers_of_a_municipality_are_left_alone(text: str) -> None:
    assert scan_text(text, internal=False) == []


def test_a_cpr_number_written_with_a_dash_after_a_label_is_still_found() -> None:
    # Only an unbroken ten-digit number after "P-nr." is taken as a production unit.
    assert kinds("P-nr. 150312-1234") == ["cpr"]


# --- project patterns cannot hang the tool ---------------------------------------------------


@pytest.mark.parametrize("pattern", [r"(a|aa)+$", r"(\w|\w\w)+$", r"(\d|\d\d)+$", r"( |  )+$"])
def test_a_pattern_that_would_hang_on_ordinary_text_is_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="meget lang tid"):
        compile_pattern(pattern)


def test_a_pattern_too_slow_for_one_text_refuses_that_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from trivselreport.reading.privacy import patterns as projectpatterns

    terms = ForbiddenTerms(patterns=(compile_pattern(r"(x|xx)+y"),))
    monkeypatch.setattr(projectpatterns, "PATTERN_SECONDS", 0.01)
    findings = scan_text("x" * 5000 + "z", internal=False, terms=terms)
    assert [finding.kind for finding in findings] == ["slow-pattern"]
    (problem,) = scan_entry("tekst: " + "x" * 5000 + "z\n", terms=terms)
    assert "kunne ikke afprøves" in problem.message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Barn 010312&#45;1234", "cpr"),
        ("Barn 0103**12**-1234", "cpr"),
        ("Barn 010312\\-1234", "cpr"),
        ("Barn &#48;&#x31;0312-1234", "cpr"),
        ("Barn 0103_12_-1234", "cpr"),
        ("Barn 0103`12`-1234", "cpr"),
        ("Skriv til anna&#64;skole.dk", "email"),
        ("Skriv til anna&commat;skole.dk", "email"),
        ("Skriv til *anna*@skole.dk", "email"),
        ("Ring på 22&nbsp;33&nbsp;44&nbsp;55", "phone"),
        ("Ring på 22**33**4455", "phone"),
    ],
)
def test_markup_that_splits_or_spells_a_number_does_not_hide_it_even_as_typed(
    text: str, kind: str
) -> None:
    # A title is shown as typed, "0103**12**-1234" and all: a reader still sees the number.
    assert [finding.kind for finding in scan_text(text, internal=False)] == [kind]


def test_a_forbidden_word_split_by_markup_is_found_as_typed() -> None:
    assert kinds("Vi talte med A**li**.", terms=NAMES) == ["forbidden"]
    assert kinds("Vi talte med A&#108;i.", terms=NAMES) == ["forbidden"]


def test_markup_around_ordinary_numbers_finds_nothing() -> None:
    for text in (
        "**1.250.000 kr.**",
        "_15.03.2024_",
        "kl. **17.30**",
        "se referat_20240415.pdf",
        "Sagsnr. **24/004127**",
        "&laquo;2024/2025&raquo;",
        "uge 10&ndash;12",
    ):
        assert scan_text(text, internal=False) == [], text
