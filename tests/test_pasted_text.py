"""Text pasted from Word or Outlook keeps its shape: bullets with a tab become lists,
numbered lines numbered lists, one line per paragraph separate paragraphs, while
texts that already are Markdown read as before (`reading.pasted`)."""

from __future__ import annotations

import pytest

from trivselreport.memo.body import Heading, LineBreak, ListBlock, Paragraph, Text, parse_body
from trivselreport.reading.markdown import markdown_tokens, published_text
from trivselreport.reading.pasted import BULLETS, pasted
from trivselreport.writers.html.body import body_html


def words(block: object) -> str:
    """The words of a paragraph, a heading or the first paragraph of a list item."""
    assert isinstance(block, Paragraph | Heading)
    return "".join(
        node.text if isinstance(node, Text) else " " if isinstance(node, LineBreak) else "?"
        for node in block.inlines
    )


def item_words(block: object) -> list[str]:
    assert isinstance(block, ListBlock)
    return [words(item[0]) for item in block.items]


# --- bullets -----------------------------------------------------------------------------


@pytest.mark.parametrize("symbol", list(BULLETS))
@pytest.mark.parametrize("gap", ["\t", " ", "   ", " \t"])
def test_a_pasted_bullet_becomes_a_list_item(symbol: str, gap: str) -> None:
    body = parse_body(f"Vi arbejder med:\n{symbol}{gap}tilhør\n{symbol}{gap}tempo og pauser\n")
    assert [type(block) for block in body] == [Paragraph, ListBlock]
    assert words(body[0]) == "Vi arbejder med:"
    assert isinstance(body[1], ListBlock) and body[1].kind == "bullet"
    assert item_words(body[1]) == ["tilhør", "tempo og pauser"]


def test_deeper_indentation_makes_a_nested_item() -> None:
    (outer,) = parse_body("•\tSkoler\n\to\tIndskoling\n\to\tMellemtrin\n•\tKlubber\n")
    assert isinstance(outer, ListBlock)
    assert item_words(outer) == ["Skoler", "Klubber"]
    inner = outer.items[0][1]
    assert item_words(inner) == ["Indskoling", "Mellemtrin"]


def test_a_symbol_inside_a_line_or_without_a_gap_is_text() -> None:
    for text in ("Pris: 20 • 30 kr.", "•ingen afstand", "obligatorisk", "–10 grader"):
        assert pasted(text).text == text
        assert all(not isinstance(block, ListBlock) for block in parse_body(text))


def test_a_pasted_bullet_after_text_in_a_text_with_blank_lines_is_still_a_list() -> None:
    body = parse_body("Indledning.\n\nPunkterne:\n·  et\n·  to\n\nAfslutning.")
    assert [type(block) for block in body] == [Paragraph, Paragraph, ListBlock, Paragraph]


# --- numbered lines ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["1 Planlægning", "2 Afholdelse", "3 Opfølgning"],
        ["1\tPlanlægning", "2\tAfholdelse", "3\tOpfølgning"],
        ["1.\tPlanlægning", "2.\tAfholdelse", "3.\tOpfølgning"],
        ["1)  Planlægning", "2)  Afholdelse", "3)  Opfølgning"],
    ],
)
def test_numbered_lines_become_a_numbered_list(lines: list[str]) -> None:
    body = parse_body("Forløbet:\n" + "\n".join(lines))
    assert [type(block) for block in body] == [Paragraph, ListBlock]
    assert isinstance(body[1], ListBlock) and body[1].kind == "number"
    assert item_words(body[1]) == ["Planlægning", "Afholdelse", "Opfølgning"]


def test_a_numbered_list_from_word_may_start_above_one() -> None:
    body = parse_body("Resten af punkterne:\n4\tfire\n5\tfem")
    assert isinstance(body[1], ListBlock) and body[1].start == 4


@pytest.mark.parametrize(
    "text",
    [
        "2024 blev et godt år.",  # one line with a number is a sentence
        "12 elever deltog.\n30 forældre kom også.",  # numbers, not counting up by one
        "1 elev\n1 lærer",
    ],
)
def test_numbers_that_do_not_count_lines_stay_text(text: str) -> None:
    assert all(not isinstance(block, ListBlock) for block in parse_body(text))


# --- one line per paragraph --------------------------------------------------------------


def test_lines_that_end_sentences_in_a_text_without_blank_lines_are_paragraphs() -> None:
    body = parse_body(
        "Kurset blev holdt i marts.\nDeltagerne var glade!\nHvad nu?\n"
        "Næste skridt: »En ny runde.«\nSidste linje uden punktum"
    )
    assert [words(block) for block in body] == [
        "Kurset blev holdt i marts.",
        "Deltagerne var glade!",
        "Hvad nu?",
        "Næste skridt: »En ny runde.«",
        "Sidste linje uden punktum",
    ]


def test_a_line_broken_inside_a_sentence_stays_in_its_paragraph() -> None:
    (paragraph,) = parse_body("Kurset blev holdt i marts for\nlærere og pædagoger.")
    assert words(paragraph) == "Kurset blev holdt i marts for lærere og pædagoger."


def test_a_line_break_the_writer_asked_for_stays_a_line_break() -> None:
    (paragraph,) = parse_body("Med venlig hilsen.  \nProgramlederen")
    assert isinstance(paragraph, Paragraph)
    assert LineBreak(hard=True) in paragraph.inlines


def test_a_list_pasted_between_paragraphs_ends_where_the_next_paragraph_starts() -> None:
    body = parse_body("Vi har fokus på\n•\ttilhør\n•\ttempo\nDet gav gode drøftelser")
    assert [type(block) for block in body] == [Paragraph, ListBlock, Paragraph]
    assert isinstance(body[1], ListBlock) and body[1].tight
    assert words(body[2]) == "Det gav gode drøftelser"


@pytest.mark.parametrize(
    "text",
    [
        "Et afsnit.\n\nEt andet afsnit, skrevet\nover to linjer.\n",
        "Første afsnit.\nFortsat.\n\nAndet afsnit.",  # blank lines: Markdown as typed
        "- et punkt.\n- et andet punkt.\n",
        "- et punkt\n  fortsat på næste linje.\n- to",
        "1. et\n2. to\n",
        "Kun én linje.",
        "**Fed** og *kursiv* [link](https://x.dk).",
        "| a | b |\n|---|---|\n| 1. | 2. |\n| 3. | 4. |",
        "## Overskrift\nTekst.",
    ],
)
def test_texts_that_already_are_markdown_do_not_change(text: str) -> None:
    assert pasted(text).text == text.replace("\r\n", "\n")


def test_a_word_paste_with_windows_line_ends_reads_the_same() -> None:
    text = "Første afsnit.\nAndet afsnit.\n•\tpunkt\n"
    assert body_html(parse_body(text.replace("\n", "\r\n"))) == body_html(parse_body(text))


# --- lines named as typed ----------------------------------------------------------------


def test_the_tokens_line_numbers_are_those_of_the_text_as_typed() -> None:
    text = "Første.\nAndet.\n•\tpunkt\nTredje."
    starts = [
        token.map[0] for token in markdown_tokens(text) if token.type == "inline" and token.map
    ]
    assert starts == [0, 1, 2, 3]
    assert [line for line, _ in published_text(text)] == [0, 1, 2, 3]


def test_long_runs_of_spaces_and_symbols_are_read_quickly() -> None:
    import time

    started = time.perf_counter()
    for text in (
        "a" + " " * 200_000 + "x\nb",
        "a." + "»" * 200_000 + "x\nb",
        "•" + " " * 200_000 + "\nb",
        "1" + " \t" * 100_000 + "\n2 x",
    ):
        parse_body(text)
    assert time.perf_counter() - started < 5  # a quadratic rule would take minutes
