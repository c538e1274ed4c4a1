"""Spelling advice: which words of a published text are looked up, what the Danish
dictionary (hunspell-da) says of them, the project's own words, and the line each
finding names. These tests need the real dictionary (scripts/install-system-packages
installs it): without it they fail, they are never skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from trivselreport.commands.checking import check_project
from trivselreport.commands.spelling import KIND, known_words, misspelt_words
from trivselreport.errors import Problem
from trivselreport.memo.body import parse_body
from trivselreport.memo.writing import spelling
from trivselreport.memo.writing.spelling import KnownWords, Lookups, Speller
from trivselreport.memo.writing.words import markdown_words, spellable_text, text_words
from trivselreport.reading.config import load_config

from .conftest import write_entry


@pytest.fixture(scope="module")
def lookups() -> Lookups:
    found = spelling.load_dictionary()
    assert found is not None, (
        "the Danish dictionary is missing: run scripts/install-system-packages"
    )
    return found


def speller(lookups: Lookups, *listed: str, names: tuple[str, ...] = ()) -> Speller:
    return Speller(lookups, KnownWords.of(listed, names))


def misspelt(lookups: Lookups, text: str, *listed: str, markdown: bool = True) -> list[str]:
    return list(misspelt_words(speller(lookups, *listed), text, markdown=markdown))


def advice(project: Path) -> list[Problem]:
    return [p for p in check_project(project).problems if p.kind == KIND]


# --- what the dictionary knows ---------------------------------------------------------------


def test_a_known_misspelling_is_found_with_its_correction(lookups: Lookups) -> None:
    checker = speller(lookups)
    assert checker.unknown_parts("biddrage") == ["biddrage"]
    assert checker.suggestions("biddrage")[0] == "bidrage"
    assert len(checker.suggestions("kommunnen")) <= 3
    assert "kommunen" in checker.suggestions("kommunnen")


@pytest.mark.parametrize(
    "text",
    [
        "Skolerne efterspørger fortsat hjælp, der er konkret og tæt på hverdagen.",
        # compounds and inflections
        "Trivselskonsulenterne og udviklingskonsulenter mødtes i skoleåret med forældrene.",
        "Trivselsåret sætter børn og unges trivsel på dagsordenen.",
        # abbreviations the dictionary knows with their dots, hyphenated words
        "Vi mødes kl. 17 med bl.a. lærere, f.eks. om e-mail og trivsels-topmøde.",
        # a capital at the start of a sentence, a genitive of a name
        "Rødovres skoler. Hverdagen er travl.",
    ],
)
def test_correct_danish_passes(lookups: Lookups, text: str) -> None:
    assert misspelt(lookups, text) == []


def test_each_misspelt_word_is_found_once_with_how_often_it_stands(lookups: Lookups) -> None:
    found = misspelt_words(
        speller(lookups), "Vi vil biddrage. Alle kan biddrage til kommunnen.", markdown=True
    )
    assert dict(found) == {"biddrage": 2, "kommunnen": 1}


# --- what is never looked up -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Læs [biddrage her](https://example.dk/biddrage) eller [https://x.dk](https://x.dk).",
        "Se https://www.biddrage.dk/sidde?side=kommunnen og www.kommunnen.dk/biddrage.",
        "Skriv til biddrage.kommunnen@rodovre.dk eller <kommunnen@example.dk>.",
        "Koden `biddrage` og ``kommunnen`` er kode.",
        "```\nbiddrage kommunnen\n```",
        "Den 12.04.2024 kl. 17.30, 1.000 deltagere, 7a, 3-årig, Q3 og version 2.0b.",
        "SFO, PPR'en og SSP-samarbejdet er forkortelser.",
    ],
)
def test_links_addresses_code_numbers_and_abbreviations_are_not_looked_up(
    lookups: Lookups, text: str
) -> None:
    assert misspelt(lookups, text) == []


def test_a_hyphenated_word_names_only_its_unknown_part(lookups: Lookups) -> None:
    assert misspelt(lookups, "Et biddrage-møde og et skole-kommunnen-forløb.") == [
        "biddrage",
        "kommunnen",
    ]


def test_markdown_is_read_as_published(lookups: Lookups) -> None:
    text = (
        "# Overskrift med kommunnen\n\n- **bid**drage\n- *biddrage*\n\n"
        "| a | b |\n|--|--|\n| x | fejlt |"
    )
    assert markdown_words(text).count("biddrage") == 2  # emphasis markers are gone
    assert misspelt(lookups, text) == ["kommunnen", "biddrage", "fejlt"]


def test_the_words_of_a_body_tree_leave_out_its_links() -> None:
    pieces = spellable_text(parse_body("Et *ord* og [et link](https://x.dk).\n\n- punkt"))
    assert [word.text for piece in pieces for word in text_words(piece)] == [
        "Et",
        "ord",
        "og",
        "punkt",
    ]


def test_words_marked_as_another_language_are_not_spelt_but_marked_danish_ones_are(
    lookups: Lookups,
) -> None:
    text = (
        "Vi brugte [Compassionate Systems Awarenes]{sprog=en} og *[Bildungsreise]{lang=de}*, "
        "men [ordet biddrage]{sprog=da} er dansk."
    )
    assert misspelt(lookups, text) == ["biddrage"]


# --- the project's own words -----------------------------------------------------------------


def test_a_listed_word_in_lower_case_is_also_known_with_a_capital(lookups: Lookups) -> None:
    assert misspelt(lookups, "Vi spillede quizzo. Quizzo er sjovt.", "quizzo") == []
    assert misspelt(lookups, "Quizzos regler.", "quizzo") == []
    assert misspelt(lookups, "Vi spillede quizzo.") == ["quizzo"]


def test_a_listed_name_is_known_only_as_written(lookups: Lookups) -> None:
    assert misspelt(lookups, "Rødovredagen og Rødovredagens program.", "Rødovredagen") == []
    assert misspelt(lookups, "Vi holdt rødovredagen.", "Rødovredagen") == ["rødovredagen"]


def test_the_configs_names_are_known_words(small_project: Path, lookups: Lookups) -> None:
    config_path = small_project / "trivselreport.yaml"
    config_path.write_text(
        config_path.read_text(encoding="utf-8").replace(
            '"Tilhør"', '"Compassionate Systems Awareness"'
        ),
        encoding="utf-8",
    )
    config = load_config(small_project)
    checker = Speller(lookups, known_words(config, []))
    text = "Kursus i Compassionate Systems Awareness for Testkommune."
    assert list(misspelt_words(checker, text, markdown=True)) == []


# --- findings in a project: file, line, field ------------------------------------------------


def test_an_entry_finding_names_file_line_field_and_suggestion(small_project: Path) -> None:
    path = write_entry(
        small_project,
        "a.yaml",
        'titel: "Kursus om kommunnen"\ntype: kursus\ndato: 2024-04-15\ntekst: "Vi vil biddrage."\n',
    )
    found = {(p.field, p.line): p for p in advice(small_project)}
    assert set(found) == {("titel", 1), ("tekst", 4)}
    text = found[("tekst", 4)]
    assert text.file == path
    assert text.level == "advice"
    assert text.message == "»biddrage« er måske stavet forkert – mente du »bidrage«?"
    assert text.hint is not None and "--tilføj-ord biddrage" in text.hint
    assert "ordliste.txt" in text.hint


@pytest.mark.parametrize(
    ("text_field", "line"),
    [
        # a literal block: the word's own line
        ("tekst: |\n  Første linje er fin.\n\n  Anden linje: biddrage.\n", 7),
        # a block with blank lines first and the word further down
        ("tekst: |\n\n\n  Fin linje.\n  Vi vil biddrage.\n", 8),
        # a folded block: YAML joins the lines, the finding still names the word's line
        ("tekst: >\n  Første linje\n  og så biddrage\n  her.\n", 6),
        # a plain text over several lines
        ("tekst: Første linje\n  anden linje\n  med biddrage.\n", 6),
        # quoted over several lines
        ('tekst: "Første linje\n  og biddrage."\n', 5),
    ],
)
def test_the_line_is_where_the_word_stands(small_project: Path, text_field: str, line: int) -> None:
    write_entry(
        small_project, "a.yaml", f"titel: Kursus\ntype: kursus\ndato: 2024-04-15\n{text_field}"
    )
    assert [(p.field, p.line) for p in advice(small_project)] == [("tekst", line)]


def test_a_word_in_a_link_earlier_does_not_move_the_line(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: |\n"
        "  Se https://example.dk/biddrage her.\n  Vi vil biddrage.\n",
    )
    assert [p.line for p in advice(small_project)] == [6]


def test_the_introduction_and_section_leads_are_checked(small_project: Path) -> None:
    config_path = small_project / "trivselreport.yaml"
    config = config_path.read_text(encoding="utf-8")
    config = config.replace(
        'indledning: "Arrangementer i perioden."',
        "indledning: |\n      Arrangementer i perioden.\n      Alle kan biddrage.",
    )
    config += 'memoer:\n  - periode: "2024-04"\n    indledning: "indledninger/april.md"\n'
    config_path.write_text(config, encoding="utf-8")
    (small_project / "indledninger").mkdir()
    (small_project / "indledninger" / "april.md").write_text(
        "# April\n\nEn fin tekst.\n\nMen kommunnen er stavet forkert.\n", encoding="utf-8"
    )
    write_entry(
        small_project, "a.yaml", "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: Ja.\n"
    )
    found = sorted((p.file.name if p.file else "", p.line, p.field) for p in advice(small_project))
    lead_line = config.splitlines().index("      Alle kan biddrage.") + 1
    assert found == [
        ("april.md", 5, None),
        ("trivselreport.yaml", lead_line, "sektioner[2].indledning"),
    ]


def test_words_in_the_project_word_list_are_not_reported(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-15\n"
        "tekst: Flexrummet og Rødovredagen. Quizzo i Flexrummet.\n",
    )
    words = {p.message.split("«")[0] for p in advice(small_project)}
    assert words == {"»Flexrummet", "»Rødovredagen", "»Quizzo"}
    (small_project / "ordliste.txt").write_text(
        "# navne\n\nquizzo\n  Rødovredagen  \nFlexrummet # lokalet\n", encoding="utf-8"
    )
    assert advice(small_project) == []


def test_without_a_dictionary_nothing_is_checked_and_a_note_says_so(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spelling, "load_dictionary", lambda: None)
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: Vi har en god dag med biddrage.\n",
    )
    report = check_project(small_project)
    assert report.problems == []
    assert len(report.notes) == 1 and "hunspell-da" in report.notes[0]
    assert not report.fails(strict=True)


def test_spelling_can_be_left_out(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: Vi har en god dag med biddrage.\n",
    )
    assert check_project(small_project, spelling=False).problems == []
    assert len(advice(small_project)) == 1


def test_advice_fails_only_a_strict_check(small_project: Path) -> None:
    write_entry(
        small_project, "a.yaml", "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: biddrage\n"
    )
    report = check_project(small_project)
    assert report.errors == 0
    assert not report.fails(strict=False)
    assert report.fails(strict=True)


def test_a_pictures_alternative_text_and_caption_are_spelt_and_typeset(
    small_project: Path,
) -> None:
    from trivselreport.commands.build import build_memo
    from trivselreport.memo.period import PeriodChoice

    from .hidden_data import small_png

    (small_project / "entries").mkdir(exist_ok=True)
    (small_project / "entries" / "foto.png").write_bytes(small_png())
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-15\ntekst: Vi havde en god dag.\n"
        "billeder:\n  - fil: foto.png\n    alt: Børn der biddrager\n"
        '    tekst: Dagen "Tilhør" kl. 9-15\n',
    )
    found = {(p.kind, p.field, p.line) for p in check_project(small_project).problems}
    assert ("stavning", "billeder[1].alt", 7) in found
    assert ("typografi", "billeder[1].tekst", 6) in found
    built = build_memo(small_project, PeriodChoice(month="2024-04"), formats=("html",))
    html = built.files["html"].read_text(encoding="utf-8")
    assert "Dagen ”Tilhør” kl.\u00a09–15" in html
