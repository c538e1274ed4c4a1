"""LIX of hand-counted texts, counted on the text as published (`memo.writing.lix`).

Each case's comment counts it by hand: the words (tokens with a letter), the long
words (more than six letters) and the sentences; LIX = words / sentences + 100 × long
words / words, rounded half up.
"""

from __future__ import annotations

import pytest

from trivselreport.memo.body import parse_body
from trivselreport.memo.writing.lix import Counts, band, readability, shortened
from trivselreport.memo.writing.typography import typeset_body


def counted(markdown: str) -> Counts:
    return readability([typeset_body(parse_body(markdown))]).counts


HAND_COUNTED = [
    pytest.param(
        # Børn leger i skolegården. | De griner højt!
        # words 4 + 3 = 7; long: skolegården (11) = 1 (griner has 6: not long); sentences 2.
        # 7/2 + 100·1/7 = 3.5 + 14.29 = 17.79 → 18
        "Børn leger i skolegården. De griner højt!",
        Counts(words=7, long_words=1, sentences=2),
        18,
        "let",
        id="two-plain-sentences",
    ),
    pytest.param(
        # "kl.", "bl.a.", "ca." are abbreviations; "7." before "årgang" and "15." before
        # "april" are ordinals; "17.30", "25", "7.", "15." are numbers, not words.
        # 1: Mødet er kl. på skolen, bl.a. med forældre fra årgang og ca. deltagere = 13
        #    words, long: forældre (8), deltagere (9) = 2
        # 2: Det sluttede den april = 4 words, long: sluttede (8) = 1
        # 17 words, 3 long, 2 sentences: 8.5 + 17.65 = 26.15 → 26
        "Mødet er kl. 17.30 på skolen, bl.a. med forældre fra 7. årgang og ca. 25 "
        "deltagere. Det sluttede den 15. april.",
        Counts(words=17, long_words=3, sentences=2),
        26,
        "let",
        id="abbreviations-ordinals-dates",
    ),
    pytest.param(
        # The heading, the paragraph and each list item end a sentence:
        # Program for dagen (3; Program 7 long) | Dagen byder på: (3) |
        # oplæg om trivsel (3; trivsel 7) | workshops i grupper (3; workshops 9, grupper 7) |
        # fælles frokost (2; frokost 7; fælles has 6)
        # 14 words, 5 long, 5 sentences: 2.8 + 35.71 = 38.51 → 39
        "## Program for dagen\n\nDagen byder på:\n\n- oplæg om trivsel\n"
        "- workshops i grupper\n- fælles frokost\n",
        Counts(words=14, long_words=5, sentences=5),
        39,
        "middel",
        id="heading-and-list",
    ),
    pytest.param(
        # The colon and the question mark end sentences; 120 and 2024 are no words.
        # Resultatet: (1; 10 long) | elever deltog i 2024. (3) | Hvorfor så mange? (3;
        # Hvorfor 7) | Fordi projektet var godt. (4; projektet 9)
        # 11 words, 3 long, 4 sentences: 2.75 + 27.27 = 30.02 → 30
        "Resultatet: 120 elever deltog i 2024. Hvorfor så mange? Fordi projektet var godt.",
        Counts(words=11, long_words=3, sentences=4),
        30,
        "let",
        id="colon-question-numbers",
    ),
    pytest.param(
        # One sentence without a full stop, across bold and a link (counted by its text,
        # never its address); "3-4" is no word; "Trivsels-topmødet" is one word of 16
        # letters. Words: Trivsels-topmødet samlede elevrådene fra kommunens skoler og
        # deltagerne diskuterede ensomhed fællesskaber og fremtidens undervisning i timer
        # = 16; long: all but fra, skoler (6), og, og, i, timer = 10.
        # 16/1 + 100·10/16 = 16 + 62.5 = 78.5 → 79
        "**Trivsels-topmødet** samlede [elevrådene](https://x.dk/elevraad-og-trivsel) fra "
        "kommunens skoler, og deltagerne diskuterede ensomhed, fællesskaber og fremtidens "
        "undervisning i 3-4 timer",
        Counts(words=16, long_words=10, sentences=1),
        79,
        "meget svær",
        id="formatting-link-hyphens",
    ),
    pytest.param(
        # "osv." ends a sentence before a capital letter; each table cell is a unit, a cell
        # with only a number counts nothing.
        # Vi købte bøger, spil osv. (5) | Derefter gik vi hjem. (4; Derefter 8) |
        # Skole (1) | Elever (1; 6 letters) | Nørregård (1; 9)
        # 12 words, 2 long, 5 sentences: 2.4 + 16.67 = 19.07 → 19
        "Vi købte bøger, spil osv. Derefter gik vi hjem.\n\n"
        "| Skole | Elever |\n|---|---|\n| Nørregård | 120 |\n",
        Counts(words=12, long_words=2, sentences=5),
        19,
        "let",
        id="closing-abbreviation-and-table",
    ),
    pytest.param(
        # "bl.a." and "fx." do not end a sentence even before a capital letter.
        # Vi mødtes med bl.a. Rødovre Kommune og fx. Viften. = 9 words; long: Rødovre,
        # Kommune (7 each) = 2 (mødtes, Viften have 6); 1 sentence: 9 + 22.22 → 31
        "Vi mødtes med bl.a. Rødovre Kommune og fx. Viften.",
        Counts(words=9, long_words=2, sentences=1),
        31,
        "let",
        id="abbreviations-before-capitals",
    ),
    pytest.param(
        # A full stop inside closing quotes ends the sentence; an ellipsis does not.
        # Hun sagde: (2) | "Vi kommer igen." (3) | Og så gik hun... hjem. (5)
        # 10 words, 0 long (kommer has 6), 3 sentences: 3.33 → 3
        'Hun sagde: "Vi kommer igen." Og så gik hun... hjem.',
        Counts(words=10, long_words=0, sentences=3),
        3,
        "let",
        id="quotes-and-ellipsis",
    ),
    pytest.param(
        # Two paragraphs, the first ending without a full stop; the line break inside the
        # second is a space. Sådan arbejder vi (3; arbejder 8) | Lærerne planlægger
        # forløbene sammen med konsulenterne. (6; Lærerne 7, planlægger 10, forløbene 9,
        # konsulenterne 13) 9 words, 5 long, 2 sentences: 4.5 + 55.56 = 60.06 → 60
        "Sådan arbejder vi\n\nLærerne planlægger forløbene\nsammen med konsulenterne.",
        Counts(words=9, long_words=5, sentences=2),
        60,
        "meget svær",
        id="paragraphs-and-soft-break",
    ),
]


@pytest.mark.parametrize(("text", "counts", "lix", "level"), HAND_COUNTED)
def test_hand_counted_texts(text: str, counts: Counts, lix: int, level: str) -> None:
    assert counted(text) == counts
    assert counts.rounded == lix
    assert counts.band == level


def test_a_memo_pools_its_texts_rather_than_averaging_them() -> None:
    first = parse_body("Børn leger i skolegården. De griner højt!")  # 7 words, 1 long, 2
    second = parse_body(
        "Resultatet: 120 elever deltog i 2024. Hvorfor så mange? Fordi projektet var godt."
    )  # 11 words, 3 long, 4 sentences
    pooled = readability([first, None, second]).counts
    assert pooled == Counts(words=18, long_words=4, sentences=6)
    assert pooled.rounded == 25  # 18/6 + 100·4/18 = 3 + 22.22; the mean of 18 and 30 is 24


def test_a_text_without_words_has_no_lix() -> None:
    counts = counted("2024-04-15\n\n| 1 | 2 |\n|---|---|\n| 3 | 4 |")
    assert counts == Counts(words=0, long_words=0, sentences=0)
    assert counts.lix is None and counts.band is None


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, "let"),
        (34, "let"),
        (35, "middel"),
        (44, "middel"),
        (45, "svær"),
        (54, "svær"),
        (55, "meget svær"),
        (80, "meget svær"),
    ],
)
def test_the_danish_bands(value: int, level: str) -> None:
    assert band(value) == level


def test_the_longest_sentences_in_the_order_of_the_text() -> None:
    found = readability(
        [
            parse_body(
                "Kort. En lidt længere sætning her. Mellem lang sætning. Den allerlængste "
                "sætning i hele denne lille tekst."
            )
        ]
    )
    assert [sentence.words for sentence in found.longest(2)] == [5, 8]
    assert found.longest(2)[0].text == "En lidt længere sætning her."


def test_long_sentences_are_shortened_after_a_word() -> None:
    text = "ord " * 40
    short = shortened(text.strip(), 30)
    assert short.endswith(" …") and len(short) <= 32
    assert short.removesuffix(" …").split() == ["ord"] * 7
    assert shortened("Kort sætning.", 30) == "Kort sætning."
