"""Words in another language: `[Compassionate Systems Awareness]{sprog=en}`.

The marking is parsed into a `Foreign` node (brackets without it stay as they were),
a code that is no language is a Danish error of `check` naming file, line and field,
every output marks the words' language (`<span lang>` in both HTML files, `w:lang` in
the DOCX, a Span with /Lang in the PDF's structure tree), and the personal-data guard
reads the marked words as any other.
"""

from __future__ import annotations

import textwrap
import zipfile
from pathlib import Path

import pytest

from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.commands.checking import check_project
from trivselreport.commands.prepare import prepare_memo
from trivselreport.errors import Problem, UserError
from trivselreport.memo.body import (
    Emphasis,
    Foreign,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    Strong,
    Text,
    foreign_language,
    is_foreign,
    parse_body,
    plain_text,
)
from trivselreport.reading.foreigncheck import language_problems
from trivselreport.reading.language import normalised_language
from trivselreport.reading.markdown import published_text
from trivselreport.writers.html.body import body_html
from trivselreport.writers.html.render import render_pdf_html

from .conftest import SMALL_CONFIG, write_entry

APRIL = PeriodChoice(month="2024-04")


def inlines(markdown: str) -> tuple[Inline, ...]:
    (block,) = parse_body(markdown)
    assert isinstance(block, Paragraph)
    return block.inlines


# --- parsing ---------------------------------------------------------------------------------


def test_marked_words_become_a_foreign_node_with_their_language() -> None:
    assert inlines("Vi bruger [Compassionate Systems Awareness]{sprog=en} i år.") == (
        Text("Vi bruger "),
        Foreign("en", (Text("Compassionate Systems Awareness"),)),
        Text(" i år."),
    )


@pytest.mark.parametrize(
    ("marking", "language"),
    [
        ("{sprog=en}", "en"),
        ("{lang=de}", "de"),
        ("{Sprog=SV}", "sv"),
        ("{ sprog = nb }", "nb"),
        ('{sprog="fr"}', "fr"),
        ("{lang='es'}", "es"),
        ("{sprog:la}", "la"),
        ("{sprog=en-gb}", "en-GB"),
        ("{sprog=EN-us}", "en-US"),
        ("{sprog=sr-latn}", "sr-Latn"),
        ("{sprog=kl}", "kl"),
        ("{sprog=fo}", "fo"),
        ("{sprog=se}", "se"),
        ("{sprog=smj}", "smj"),
    ],
)
def test_the_marking_is_read_in_every_spelling(marking: str, language: str) -> None:
    assert inlines(f"Ordet [hello]{marking} her.")[1] == Foreign(language, (Text("hello"),))


@pytest.mark.parametrize(
    "text",
    [
        "Se [bilag 2] og [noten].",
        "Tal i [firkantede parenteser] {ikke en markering}.",
        "Klammer [uden] {sprog=en} mellemrum er ikke en markering.",
        "[tom]{} og [farve]{farve=rød}",
        "Et \\[escaped]{sprog=en} ord.",
    ],
)
def test_brackets_without_a_marking_stay_as_they_were(text: str) -> None:
    assert not any(isinstance(node, Foreign) for node in inlines(text))
    assert "<span" not in body_html(parse_body(text))


def test_brackets_without_a_marking_give_the_same_html_as_before() -> None:
    assert body_html(parse_body("Se [bilag 2] og [noten](https://example.dk).")) == (
        '<p>Se [bilag 2] og <a href="https://example.dk">noten</a>.</p>\n'
    )


def test_emphasis_strong_and_line_breaks_inside_a_marking() -> None:
    assert inlines("[*Learning* by **doing**\nnow]{sprog=en}") == (
        Foreign(
            "en",
            (
                Emphasis((Text("Learning"),)),
                Text(" by "),
                Strong((Text("doing"),)),
                LineBreak(hard=False),
                Text("now"),
            ),
        ),
    )


def test_a_marking_inside_emphasis_and_strong() -> None:
    assert inlines("*Vi sagde [thank you]{sprog=en}* og **[danke]{sprog=de}**") == (
        Emphasis((Text("Vi sagde "), Foreign("en", (Text("thank you"),)))),
        Text(" og "),
        Strong((Foreign("de", (Text("danke"),)),)),
    )


def test_a_link_inside_a_marking_and_a_marking_inside_a_link() -> None:
    assert inlines(
        "[Læs [the report](https://example.org/r)]{sprog=en} eller "
        "[[der Bericht]{sprog=de}](https://example.de)"
    ) == (
        Foreign(
            "en",
            (Text("Læs "), Link("https://example.org/r", (Text("the report"),))),
        ),
        Text(" eller "),
        Link("https://example.de", (Foreign("de", (Text("der Bericht"),)),)),
    )


def test_markings_nest_and_danish_inside_a_foreign_phrase_is_danish_again() -> None:
    (outer,) = inlines("[The [hygge]{sprog=da} way]{sprog=en}")
    assert outer == Foreign("en", (Text("The "), Foreign("da", (Text("hygge"),)), Text(" way")))
    assert isinstance(outer, Foreign)
    assert is_foreign(outer)
    assert not is_foreign(outer.children[1])
    assert foreign_language(outer) == "en"
    assert foreign_language(outer.children[1]) is None


def test_is_foreign_is_false_for_every_other_node() -> None:
    for node in inlines("Tekst *kursiv* **fed** [link](https://example.dk)\nslut"):
        assert not is_foreign(node)
        assert foreign_language(node) is None


def test_a_marking_in_a_list_a_heading_and_a_table_cell() -> None:
    body = parse_body(
        "## [Mindfulness]{sprog=en}\n\n- [Team building]{sprog=en}\n\n"
        "| Navn | Sprog |\n|---|---|\n| [Ciao]{sprog=it} | italiensk |\n"
    )
    html = body_html(body)
    assert '<h3><span lang="en">Mindfulness</span></h3>' in html
    assert '<li><span lang="en">Team building</span></li>' in html
    assert '<td><span lang="it">Ciao</span></td>' in html


def test_plain_text_keeps_the_marked_words_or_leaves_them_out() -> None:
    nodes = inlines("Før [middle *words*]{sprog=en} efter [og [so]{sprog=sv}]{sprog=da}")
    assert plain_text(nodes) == "Før middle words efter og so"
    assert plain_text(nodes, without_foreign=True) == "Før   efter og  "


def test_the_parsers_own_html_agrees_with_the_memos() -> None:
    from trivselreport.reading.markdown import _parser

    for text in ("Om [hello *you*]{sprog=en}.", "Om [hello]{sprog=engelsk}.", "[a]{lang=}"):
        assert body_html(parse_body(text)) == _parser().render(text)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en", "en"),
        ("NO", "no"),
        ("pt-br", "pt-BR"),
        ("es-419", "es-419"),
        ("zz", None),
        ("engelsk", None),
        ("e", None),
        ("en_GB", None),
        ("en-", None),
        ("en-GB-x", None),
        ("en-UK", None),
        ("uk-en", None),
        ("", None),
        ("1a", None),
    ],
)
def test_language_codes_are_validated_and_normalised(code: str, expected: str | None) -> None:
    assert normalised_language(code) == expected


# --- faulty markings are check errors ------------------------------------------------------------


@pytest.mark.parametrize(
    ("marking", "message", "hint_part"),
    [
        ("{sprog=engelsk}", "»engelsk« er ikke en sprogkode.", "sprog=en for engelsk"),
        ("{sprog=tysk}", "»tysk« er ikke en sprogkode.", "sprog=de for tysk"),
        ("{lang=xx}", "»xx« er ikke en kendt sprogkode.", "en (engelsk)"),
        ("{sprog=en_GB}", "»en_GB« er ikke en kendt sprogkode.", "Skriv sprog=en-GB."),
        ("{sprog=eng}", "»eng« er ikke en kendt sprogkode.", "Skriv sprog=en."),
        ("{sprog=en-UK}", "»en-UK« er ikke en kendt sprogkode.", "Skriv sprog=en-GB."),
        ("{sprog=ger}", "»ger« er ikke en kendt sprogkode.", "Skriv sprog=de."),
        ("{sprog=}", "Sprogmarkeringen mangler en sprogkode.", "sv (svensk)"),
        ("{sprog}", "Sprogmarkeringen mangler en sprogkode.", "kl (grønlandsk)"),
    ],
)
def test_a_bad_code_names_the_line_and_field_with_a_hint(
    marking: str, message: str, hint_part: str
) -> None:
    text = f"Første linje.\n\nAnden linje\nmed [words]{marking} her."
    (problem,) = language_problems(Path("x.yaml"), text, first_line=5, field="tekst")
    assert problem == Problem(Path("x.yaml"), message, 8, "tekst", problem.hint)
    assert problem.hint is not None and hint_part in problem.hint
    assert problem.level == "error"


def test_a_marking_after_no_bracketed_words_is_a_warning() -> None:
    problems = language_problems(
        None, "Et *ord*{sprog=en} og [ord] {sprog=de}.", first_line=1, field="tekst"
    )
    assert [problem.level for problem in problems] == ["warning"]
    assert problems[0].hint is not None and "[Compassionate" in problems[0].hint
    assert language_problems(None, "Vist som \\{sprog=en}.", first_line=1, field=None) == []


def test_good_markings_and_plain_texts_have_no_problems() -> None:
    for text in ("[hello]{sprog=en} [Hallo]{lang=de-AT}", "Ingen {klammer} her", "Tekst."):
        assert language_problems(None, text, first_line=1, field="tekst") == []


def _entry(project: Path, text: str, name: str = "a.yaml") -> Path:
    return write_entry(
        project,
        name,
        "titel: Indslag\ntype: program\ndato: 2024-04-03\ntemaer: [Tilhør]\ntekst: |\n"
        + textwrap.indent(text, "  ")
        + "\n",
    )


def test_check_reports_a_bad_code_in_an_entry_and_build_refuses(small_project: Path) -> None:
    path = _entry(small_project, "Linje et.\n\nVi kalder det [mindfulness]{sprog=eng}.")
    problems = [p for p in check_project(small_project).problems if "sprogkode" in p.message]
    assert [(p.file, p.line, p.field, p.level) for p in problems] == [(path, 8, "tekst", "error")]
    with pytest.raises(UserError):
        build_memo(small_project, APRIL, formats=("html",))


def test_check_reports_a_bad_code_in_a_section_lead(small_project: Path) -> None:
    config = small_project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'indledning: "Arrangementer i perioden."',
            'indledning: "Arrangementer, [events]{sprog=engelsk}."',
        ),
        encoding="utf-8",
    )
    problems = [p for p in check_project(small_project).problems if "sprogkode" in p.message]
    assert [(p.file, p.line, p.field) for p in problems] == [
        (config, 11, "sektioner[2].indledning")
    ]


def test_check_reports_a_bad_code_in_an_introduction(small_project: Path) -> None:
    intro = small_project / "indledninger" / "2024-04.md"
    intro.parent.mkdir()
    intro.write_text("Indledning.\n\nOm [wellbeing]{sprog=uk-en}.\n", encoding="utf-8")
    _entry(small_project, "Tekst.")
    problems = [p for p in check_project(small_project).problems if "sprogkode" in p.message]
    assert [(p.file, p.line, p.field) for p in problems] == [(intro, 3, None)]
    with pytest.raises(UserError):
        build_memo(small_project, APRIL, formats=("html",))


# --- the personal-data guard reads the marked words ----------------------------------------------


def test_the_published_text_keeps_the_marked_words_without_the_marking() -> None:
    assert published_text("Nr. 1503[12-1234]{sprog=en} her") == [(0, "Nr. 150312-1234 her")]


@pytest.mark.parametrize(
    "text",
    [
        "Barnet [150312-1234]{sprog=en} er nævnt.",
        "Barnet 1503[12-1234]{sprog=en} er nævnt.",
        "[The child *150312-1234*]{lang=en-GB}",
    ],
)
def test_a_cpr_number_inside_a_marking_is_caught(small_project: Path, text: str) -> None:
    path = _entry(small_project, text)
    problems = [p for p in check_project(small_project).problems if "CPR" in p.message]
    assert problems and all(p.file == path for p in problems)
    with pytest.raises(UserError) as refused:
        build_memo(small_project, APRIL, formats=("html",))
    assert any("CPR-nummer" in p.message for p in refused.value.problems)


def test_a_forbidden_term_inside_a_marking_is_caught(small_project: Path) -> None:
    config = small_project / "trivselreport.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'forbudte_ord: ["Ali"]\n', encoding="utf-8"
    )
    _entry(small_project, "Vi mødte [my friend Ali]{sprog=en} i dag.")
    problems = [p for p in check_project(small_project).problems if "forbudt" in p.message]
    assert problems
    with pytest.raises(UserError):
        build_memo(small_project, APRIL, formats=("html", "docx"))


# --- the outputs ---------------------------------------------------------------------------------

MARKED_TEXT = (
    "Skolen arbejder med [Compassionate Systems Awareness]{sprog=en} i alle klasser.\n\n"
    "Eleverne sagde **[vielen Dank]{sprog=de}** og *[tack så mycket]{lang=sv}*, "
    "og vi læste [[the report](https://example.org/rapport)]{sprog=en-US}."
)


@pytest.fixture(scope="module")
def marked_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("sprog") / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    _entry(project, MARKED_TEXT)
    return project


@pytest.fixture(scope="module")
def marked_build(marked_project: Path) -> dict[str, Path]:
    return build_memo(marked_project, APRIL, formats=("pdf", "html", "docx")).files


MARKED = {
    "Compassionate Systems Awareness": "en",
    "vielen Dank": "de",
    "tack så mycket": "sv",
    "the report": "en-US",
}


def test_the_html_files_mark_the_words_language(marked_build: dict[str, Path]) -> None:
    html = marked_build["html"].read_text(encoding="utf-8")
    assert '<span lang="en">Compassionate Systems Awareness</span>' in html
    assert '<strong><span lang="de">vielen Dank</span></strong>' in html
    assert '<em><span lang="sv">tack så mycket</span></em>' in html
    assert '<span lang="en-US"><a href="https://example.org/rapport">the report</a></span>' in html
    assert "{sprog" not in html and "{lang" not in html


def test_the_pdf_html_marks_the_words_language(marked_project: Path) -> None:
    html = render_pdf_html(prepare_memo(marked_project, APRIL).memo, marked_project)
    for words, language in MARKED.items():
        assert f'<span lang="{language}">' in html
        assert words in html
    assert html.count("<span lang=") == len(MARKED)


def test_the_docx_runs_carry_the_words_language(marked_build: dict[str, Path]) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(marked_build["docx"]))
    languages: dict[str, str] = {}
    for paragraph in document.paragraphs:
        for run in paragraph._p.iter(qn("w:r")):
            properties = run.find(qn("w:rPr"))
            language = properties.find(qn("w:lang")) if properties is not None else None
            text = "".join(node.text or "" for node in run.iter(qn("w:t")))
            if language is not None:
                languages[text] = language.get(qn("w:val"))
    assert languages == {
        "Compassionate Systems Awareness": "en-GB",
        "vielen Dank": "de-DE",
        "tack så mycket": "sv-SE",
        "the report": "en-US",
    }
    with zipfile.ZipFile(marked_build["docx"]) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    assert 'w:val="da-DK"' in styles  # the rest stays Danish


@pytest.mark.pdf
def test_the_pdf_tags_the_marked_words_as_spans_with_their_language(
    marked_build: dict[str, Path],
) -> None:
    from .pdf_reader import read_tags

    reading = read_tags(marked_build["pdf"])
    spans = [element for element in reading.elements("Span") if element.lang is not None]
    assert {" ".join(span.words): span.lang for span in spans} == MARKED
    assert not reading.unreached and not reading.untagged
    paragraphs = [" ".join(p.words) for p in reading.elements("P")]
    assert "Skolen arbejder med Compassionate Systems Awareness i alle klasser." in paragraphs
    assert "Eleverne sagde vielen Dank og tack så mycket, og vi læste the report." in paragraphs
    link = next(e for e in reading.elements("Link") if "the report" in e.text)
    parent = reading.parent(link)
    assert parent is not None and parent.type == "Span" and parent.lang == "en-US"


@pytest.mark.pdf
def test_the_pdf_text_reads_in_order(marked_build: dict[str, Path]) -> None:
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is part of the set-up")
    text = subprocess.run(
        ["pdftotext", str(marked_build["pdf"]), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = " ".join(text.split())
    assert "Skolen arbejder med Compassionate Systems Awareness i alle klasser." in flat


def test_the_serve_form_refuses_an_introduction_with_a_bad_code(small_project: Path) -> None:
    from trivselreport.commands.introedit import introduction_text
    from trivselreport.reading.config import load_config

    config = load_config(small_project)
    path = small_project / "indledninger" / "2024-04.md"
    with pytest.raises(UserError) as refused:
        introduction_text(config, path, "Første.\n\nOm [care]{sprog=eng}.")
    assert [(p.line, p.message) for p in refused.value.problems] == [
        (3, "»eng« er ikke en kendt sprogkode.")
    ]
    assert introduction_text(config, path, "Om [care]{sprog=en}.") == "Om [care]{sprog=en}.\n"
