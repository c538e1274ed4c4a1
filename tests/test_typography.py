"""Danish typography when the memo is composed (`memo.writing.typography`), in every
format and in the PDF's tag tree, and as advice in `check` (the files are not changed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import docx
import pypdf
import pytest
from typer.testing import CliRunner

from trivselreport.cli.app import app
from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.memo.body import Link, Paragraph, Strong, Text, parse_body, plain_text
from trivselreport.memo.writing.typography import (
    EN_DASH,
    NBSP,
    Tally,
    deviations,
    typeset_body,
    typeset_text,
)
from trivselreport.reading.privacy.findings import problems_in_text
from trivselreport.reading.privacy.terms import ForbiddenTerms

from .conftest import SMALL_CONFIG, write_entry
from .pdf_reader import read_tags

runner = CliRunner()


def shown(markdown: str, quotes: str = "””") -> str:
    """The text of a one-paragraph body as the memo shows it."""
    (block,) = typeset_body(parse_body(markdown), quotes)
    assert isinstance(block, Paragraph)
    return plain_text(block.inlines)


# --- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "danish", "guillemets"),
    [
        (
            'Temaet "Tilhør" blev valgt.',
            "Temaet ”Tilhør” blev valgt.",
            "Temaet »Tilhør« blev valgt.",
        ),
        ('"Hej," sagde hun.', "”Hej,” sagde hun.", "»Hej,« sagde hun."),
        ('Han sagde "nej"', "Han sagde ”nej”", "Han sagde »nej«"),
        ('("Mod på trivsel")', "(”Mod på trivsel”)", "(»Mod på trivsel«)"),
        ('Se "a" og "b".', "Se ”a” og ”b”.", "Se »a« og »b«."),
    ],
)
def test_straight_quotes_become_the_projects_quotes(
    written: str, danish: str, guillemets: str
) -> None:
    assert shown(written) == danish
    assert shown(written, "»«") == guillemets


def test_quotes_pair_across_bold_italic_and_links() -> None:
    body = typeset_body(
        parse_body('Vi kalder det **"Tilhør"** og *"Tempo*" og [“læs”](https://x.dk) "her"'), "»«"
    )
    (block,) = body
    assert isinstance(block, Paragraph)
    assert plain_text(block.inlines) == "Vi kalder det »Tilhør« og »Tempo« og “læs” »her«"
    strong = block.inlines[1]
    assert isinstance(strong, Strong) and strong.children == (Text("»Tilhør«"),)
    link = next(node for node in block.inlines if isinstance(node, Link))
    assert link.target == "https://x.dk"


def test_apostrophes_and_single_quotes_are_left_alone() -> None:
    assert shown("Lise's bog og 'Tilhør' i 90'erne") == "Lise's bog og 'Tilhør' i 90'erne"


def test_a_quote_after_a_line_break_opens() -> None:
    body = typeset_body(parse_body('Første linje\n"Anden" linje'), "»«")
    (block,) = body
    assert isinstance(block, Paragraph)
    assert plain_text(block.inlines) == "Første linje »Anden« linje"


def test_titles_get_the_quotes_too() -> None:
    assert typeset_text('Workshop om "Tilhør"', "„“") == "Workshop om „Tilhør“"


# --- en dashes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("alderen 0-25 år", f"alderen 0{EN_DASH}25 år"),
        ("skoleåret 2023-2024", f"skoleåret 2023{EN_DASH}2024"),
        ("skoleåret 2023-24", f"skoleåret 2023{EN_DASH}24"),
        ("kl. 9-15", f"kl.{NBSP}9{EN_DASH}15"),
        ("kl. 9.30-11.00", f"kl.{NBSP}9.30{EN_DASH}11.00"),
        ("1.-3. klasse", f"1.{EN_DASH}3.{NBSP}klasse"),
        ("(side 10-12)", f"(side 10{EN_DASH}12)"),
        ("10-12.", f"10{EN_DASH}12."),
    ],
)
def test_a_hyphen_in_a_number_range_becomes_an_en_dash(written: str, expected: str) -> None:
    assert shown(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "datoen 2024-04-15",  # an ISO date
        "sag 17.01.00-A00-1-24",  # a case number
        "ring 1234-5678",  # four digits that are no years
        "ring 12-34-56-78",  # a phone number in pairs
        "CPR 010203-1234",
        "perioden 2024-04",  # a year and a month
        "kampen endte 5-3",  # larger number first
        "se https://x.dk/plan-2023-2024 og www.x.dk/10-12",
        "koden `10-12` står i citat",
        "3-D og B-52",  # letters next to the hyphen
        "nr. 2-2",  # no range from a number to itself
    ],
)
def test_hyphens_that_are_no_ranges_stay(written: str) -> None:
    assert EN_DASH not in shown(written)


# --- spaces ---------------------------------------------------------------------------------


def test_runs_of_spaces_become_one_also_across_formatting() -> None:
    assert shown("Et  ord   mere") == "Et ord mere"
    (block,) = typeset_body(parse_body("[Læs ](https://x.dk)  mere"))
    assert isinstance(block, Paragraph)
    assert block.inlines[1:] == (Text("mere"),)  # the link keeps the first space


def test_single_spaces_and_line_breaks_are_kept() -> None:
    assert shown("Et ord\nmere") == "Et ord mere"
    assert deviations(parse_body("Et ord\nmere")) == Tally()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("mødet kl. 17.30", f"mødet kl.{NBSP}17.30"),
        ("Kl. 8 mødes vi", f"Kl.{NBSP}8 mødes vi"),
        ("se s. 4 og nr. 3", f"se s.{NBSP}4 og nr.{NBSP}3"),
        ("ca. 25 og jf. § 3", f"ca.{NBSP}25 og jf. §{NBSP}3"),
        ("på 7. årgang", f"på 7.{NBSP}årgang"),
        ("den 15. april 2024", f"den 15.{NBSP}april 2024"),
        ("25 % og 500 kr. og 3 km", f"25{NBSP}% og 500{NBSP}kr. og 3{NBSP}km"),
    ],
)
def test_no_break_spaces_where_danish_typography_wants_them(written: str, expected: str) -> None:
    assert shown(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "25 deltagere kom",  # a noun is no unit
        "Vi var 7. Så gik vi",  # a capital after the number: a new sentence
        "klasserne 5 m og 6 mennesker",  # "m" as a word's start is no unit
        "se skal 4 ting",  # "skal" is no "s."
        "17.30. april",  # no ordinal
    ],
)
def test_no_no_break_space_elsewhere(written: str) -> None:
    result = shown(written)
    if written == "klasserne 5 m og 6 mennesker":
        assert result == f"klasserne 5{NBSP}m og 6 mennesker"
    else:
        assert NBSP not in result


def test_no_change_inside_addresses_and_quoted_code() -> None:
    # a link whose text is its address, an e-mail address, a bare address, quoted code
    assert shown("[https://x.dk/plan-1-2](https://x.dk/plan-1-2)") == "https://x.dk/plan-1-2"
    assert shown('Skriv til [a"1-2"@x.dk](mailto:a@x.dk)') == 'Skriv til a"1-2"@x.dk'
    assert shown('Se www.x.dk/"10-12" nu') == 'Se www.x.dk/"10-12" nu'
    assert shown('Skriv `"x"  1-2 kl. 5` her') == 'Skriv `"x"  1-2 kl. 5` her'
    assert shown('Et <a rel="x"> og {{ "y" }} og "z"') == 'Et <a rel="x"> og {{ "y" }} og ”z”'
    # an ordinary link text is typeset, its target never
    (block,) = typeset_body(parse_body('[Plan "1-2"](https://x.dk/"1-2")'))
    assert isinstance(block, Paragraph)
    (link,) = block.inlines
    assert isinstance(link, Link)
    assert link.children == (Text("Plan ”1–2”"),) and '"1-2"' in unquote(link.target)


def test_the_personal_data_guard_sees_through_the_new_characters() -> None:
    terms = ForbiddenTerms(words=("Lise Hansen",), patterns=())
    for text in ('CPR "010203-1234"', '"Lise Hansen" kl. 17', "ring 22 34 56 78 kl. 9-15"):
        typeset = shown(text)
        assert typeset != text  # the typography did change it
        found = problems_in_text(
            None, typeset, first_line=1, field=None, internal=False, terms=terms
        )
        assert found, typeset
    # the no-break space keeps a CPR number with a space in it a CPR number
    assert problems_in_text(
        None, f"010203{NBSP}1234", first_line=1, field=None, internal=False, terms=terms
    )


# --- in check --------------------------------------------------------------------------------


def project_with(tmp_path: Path, text: str, extra_config: str = "") -> Path:
    project = tmp_path / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG + extra_config, encoding="utf-8")
    write_entry(
        project,
        "a.yaml",
        f"titel: 'Møde om \"Tilhør\"'\ntype: kursus\ndato: 2024-04-15\ntekst: |\n  {text}\n",
    )
    return project


def check(project: Path, *options: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", "--project", str(project), *options])
    return result.exit_code, result.output


def test_check_reports_each_kind_once_per_field_with_a_count(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'Vi sagde "ja" og "nej" kl. 9-15 og 10-12.  Slut.')
    before = (project / "entries" / "a.yaml").read_bytes()
    code, output = check(project, "--format", "json")
    assert code == 0
    findings = [item for item in json.loads(output) if item["kind"] == "typografi"]
    assert {(item["field"], item["line"]) for item in findings} == {("tekst", 5), ("titel", 1)}
    assert all(item["level"] == "advarsel" for item in findings)
    text = {item["message"] for item in findings if item["field"] == "tekst"}
    assert text == {
        '4 lige anførselstegn (") vises som ”…” i notatet.',
        "2 bindestreger mellem tal i et interval (fx 10-12) vises som tankestreg (10–12) i "
        "notatet.",
        "1 sted med flere mellemrum i træk: notatet viser ét mellemrum.",
    }
    assert (project / "entries" / "a.yaml").read_bytes() == before  # nothing rewritten


def test_check_names_the_projects_quotes_and_a_clean_text_gets_no_advice(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'Vi sagde "ja".', 'anførselstegn: "»«"\n')
    _, output = check(project, "--format", "json")
    (finding,) = [item for item in json.loads(output) if item["field"] == "tekst"]
    assert finding["message"] == '2 lige anførselstegn (") vises som »…« i notatet.'
    clean = project_with(tmp_path / "ren", "Vi sagde ”ja” kl. 9–15.")
    _, output = check(clean, "--format", "json")
    assert [item for item in json.loads(output) if item["field"] == "tekst"] == []


@pytest.mark.parametrize("value", ['"<>"', '"x"', "42", '"»»"'])
def test_an_unknown_quote_style_is_a_danish_error(tmp_path: Path, value: str) -> None:
    project = project_with(tmp_path, "Tekst.", f"anførselstegn: {value}\n")
    code, output = check(project)
    assert code == 1
    assert "ikke en slags anførselstegn" in output and "felt »anførselstegn«" in output
    assert 'Skriv "””", "»«" eller "„“"' in output and "Traceback" not in output


def test_the_quote_style_may_be_written_with_an_ellipsis(tmp_path: Path) -> None:
    project = project_with(tmp_path, 'Vi sagde "ja".', 'anførselstegn: "»…«"\n')
    assert check(project)[0] == 0


# --- in all three formats and the tag tree ------------------------------------------------------

TYPESET_ENTRY = (
    'Temaet "Tilhør" samlede **"alle"** i alderen 0-25 år kl. 17.30 på 7. årgang, '
    "se 2024-04-15 og sag 17.01.00-A00-1-24."
)
EXPECTED = (
    "Temaet »Tilhør« samlede »alle« i alderen 0–25 år kl.\u00a017.30 på 7.\u00a0årgang, "
    "se 2024-04-15 og sag 17.01.00-A00-1-24."
)


@pytest.fixture(scope="module")
def typeset_build(tmp_path_factory: pytest.TempPathFactory) -> Any:
    project = tmp_path_factory.mktemp("typografi") / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(
        SMALL_CONFIG + 'anførselstegn: "»«"\n', encoding="utf-8"
    )
    write_entry(
        project,
        "a.yaml",
        f"titel: Møde\ntype: program\ndato: 2024-04-15\ntekst: '{TYPESET_ENTRY}'\n",
    )
    return build_memo(project, PeriodChoice(month="2024-04"))


def _same_spaces(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.pdf
def test_the_pdf_text_and_tag_tree_show_the_typography(typeset_build: Any) -> None:
    reading = read_tags(typeset_build.pdf_path)
    paragraphs = [element.text for element in reading.elements("P")]
    (tagged,) = [text for text in paragraphs if "Tilhør" in text]
    assert _same_spaces(tagged) == _same_spaces(EXPECTED)
    assert "kl.17.30" not in tagged and "7.årgang" not in tagged  # no words run together
    extracted = " ".join(
        page.extract_text() for page in pypdf.PdfReader(typeset_build.pdf_path).pages
    )
    assert "»Tilhør«" in extracted and "0–25" in extracted
    assert "kl.17.30" not in extracted and "2024-04-15" in extracted


@pytest.mark.pdf
def test_word_html_and_docx_show_the_typography(typeset_build: Any) -> None:
    html = typeset_build.html_path.read_text(encoding="utf-8")
    assert "»Tilhør«" in html and "»alle«" in html and "0–25" in html
    assert "kl.\u00a017.30" in html or "kl.&nbsp;17.30" in html
    assert "17.01.00-A00-1-24" in html and '"' + "Tilhør" not in html
    document: Any = docx.Document(str(typeset_build.docx_path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert EXPECTED in text


def test_check_reports_the_introductions_and_the_sections_leads(tmp_path: Path) -> None:
    project = project_with(tmp_path, "Ren tekst.")
    config = project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'indledning: "Arrangementer i perioden."',
            "indledning: 'Arrangementer i perioden 10-12.  april.'",
        ),
        encoding="utf-8",
    )
    (project / "indledninger").mkdir()
    (project / "indledninger" / "2024-04.md").write_text(
        'Første linje.\n\nAnden linje om "trivsel".\n', encoding="utf-8"
    )
    code, output = check(project, "--format", "json")
    assert code == 0
    found = {
        (item["file"], item["line"], item["field"], item["message"])
        for item in json.loads(output)
        if item["kind"] == "typografi" and item["field"] != "titel"
    }
    assert found == {
        (
            "indledninger/2024-04.md",
            3,
            None,
            '2 lige anførselstegn (") vises som ”…” i notatet.',
        ),
        (
            "trivselreport.yaml",
            9,  # the section's line, as the personal-data guard names it
            "sektioner",
            "1 bindestreg mellem tal i et interval (fx 10-12) vises som tankestreg (10–12) i "
            "notatet.",
        ),
        (
            "trivselreport.yaml",
            9,  # the section's line, as the personal-data guard names it
            "sektioner",
            "1 sted med flere mellemrum i træk: notatet viser ét mellemrum.",
        ),
    }
