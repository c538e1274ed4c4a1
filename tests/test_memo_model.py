"""The composed memo is a writer-neutral document, and every writer sits behind one interface.

- composition reads no file: the introduction and the pictures' published bytes come in;
- the memo's fixed words are written in one module (`memo.wording`) and nowhere else;
- templates see the model (the template contract), and the names of older templates
  keep working; the entry behind an item stays hidden from them;
- `writers.registry` finds each format's writer by name, `(memo, project) → bytes`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trivselreport.commands.build import FORMATS, PeriodChoice, build_memo
from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo import wording
from trivselreport.memo.body import Paragraph, Text
from trivselreport.memo.document import Memo
from trivselreport.writers.html.render import render_template
from trivselreport.writers.html.sandbox import PACKAGE_TEMPLATES
from trivselreport.writers.registry import OUTPUT_FORMATS, WriterProject, writer_for

from .conftest import REPO_ROOT, write_entry

APRIL = PeriodChoice(month="2024-04")
PACKAGE = REPO_ROOT / "trivselreport"


@pytest.fixture
def example(example_copy: Path) -> Memo:
    return prepare_memo(example_copy, APRIL).memo


# --- no HTML, no Markdown, no file reads in the memo -------------------------------------------


def test_the_memo_holds_no_markup(example: Memo) -> None:
    texts = [example.title, *(field.value for field in example.header)]
    for section in example.sections:
        texts.append(section.heading)
        for item in section.items:
            texts += [item.title, item.when]
            texts += [picture.alt for picture in item.pictures]
    assert texts and not any(re.search(r"</?[a-z]+[ >]|\*\*|\]\(", text) for text in texts)
    assert example.intro is not None and isinstance(example.intro[0], Paragraph)


def test_composition_takes_the_pictures_bytes_it_is_given(small_project: Path) -> None:
    picture = small_project / "entries" / "foto.png"
    picture.parent.mkdir(exist_ok=True)
    from PIL import Image

    Image.new("RGB", (4, 4), "red").save(picture)
    write_entry(
        small_project,
        "a.yaml",
        "titel: Kursus\ntype: kursus\ndato: 2024-04-02\ntekst: Et kursus.\n"
        "billeder:\n  - fil: foto.png\n    alt: Et rødt felt\n",
    )
    prepared = prepare_memo(small_project, APRIL)
    picture.unlink()  # the memo needs the file no more: its published bytes are in it
    (figure,) = prepared.memo.figures()
    assert figure.data.startswith(b"\x89PNG") and figure.alt == "Et rødt felt"
    data = writer_for("docx")(
        prepared.memo, WriterProject(small_project, prepared.config.forbidden)
    )
    assert data.startswith(b"PK")


def test_the_introduction_is_parsed_once_into_blocks(small_project: Path) -> None:
    (small_project / "indledninger").mkdir()
    (small_project / "indledninger" / "2024-04.md").write_text(
        "Kære udvalg.\n\n- ét\n- to\n", encoding="utf-8"
    )
    write_entry(small_project, "a.yaml", "titel: K\ntype: kursus\ndato: 2024-04-02\ntekst: T.\n")
    memo = prepare_memo(small_project, APRIL).memo
    assert memo.intro is not None
    assert memo.intro[0] == Paragraph((Text("Kære udvalg."),))


# --- the fixed words -----------------------------------------------------------------------------

FIXED_WORDS = [
    wording.INTERNAL_LABEL,
    wording.OVERVIEW_HEADING,
    wording.OVERVIEW_CAPTION,
    wording.OVERVIEW_TOTAL,
    wording.NOT_STATED,
    wording.CHART_DESCRIPTION,
    wording.UPCOMING,
    *wording.OVERVIEW_COLUMNS,
]


@pytest.mark.parametrize("words", FIXED_WORDS)
def test_the_memos_fixed_words_are_written_in_one_module(words: str) -> None:
    # The memo and its writers; the terminal's own tables (`list`, `stats`) are not the memo.
    sources = [
        *(PACKAGE / "memo").rglob("*.py"),
        *(PACKAGE / "writers").rglob("*.py"),
        *PACKAGE_TEMPLATES.glob("*.j2"),
    ]
    quoted = re.compile(rf"[\"'>]{re.escape(words)}[\"'<:]")
    holding = [
        path.relative_to(PACKAGE).as_posix()
        for path in sources
        if quoted.search(path.read_text(encoding="utf-8"))
    ]
    assert holding == ["memo/wording.py"]


def test_every_writer_uses_the_same_fixed_words(example_copy: Path) -> None:
    import docx

    from trivselreport.writers.readback import html_text

    built = build_memo(example_copy, APRIL, formats=("html", "docx"))
    word_html = html_text(built.html_path.read_text(encoding="utf-8"))
    assert wording.OVERVIEW_TOTAL in word_html and wording.OVERVIEW_CAPTION in word_html
    assert all(column in word_html for column in wording.OVERVIEW_COLUMNS)
    (table,) = docx.Document(str(built.docx_path)).tables
    assert tuple(cell.text for cell in table.rows[0].cells) == wording.OVERVIEW_COLUMNS
    assert table.rows[-1].cells[0].text == wording.OVERVIEW_TOTAL
    assert f'w:val="{wording.OVERVIEW_CAPTION}"' in table._tbl.xml


# --- the template contract -----------------------------------------------------------------------

OLDER_NAMES = {  # the default templates' names before the memo was writer-neutral
    "{% if memo.intro %}": "{% if memo.intro_html %}",
    "{{ memo.intro | html }}": "{{ memo.intro_html | safe }}",
    "{% if section.lead %}": "{% if section.lead_html %}",
    "{{ section.lead | html }}": "{{ section.lead_html | safe }}",
    "{{ item.body | html }}": "{{ item.html | safe }}",
    "{{ item.upcoming_mark }}": "Kommende – {{ item.when }}",
    "{{ item.title }}": "{{ item.entry.title }}",
    "item.pictures": "item.entry.pictures",
}


@pytest.mark.parametrize("name", ["memo.html.j2", "word.html.j2"])
def test_a_template_written_with_the_older_names_gives_the_same_html(
    example_copy: Path, example: Memo, name: str
) -> None:
    current = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
    older = current
    for new, old in OLDER_NAMES.items():
        assert new in current or new == "{% if section.lead %}"
        older = older.replace(new, old)
    assert older != current
    context = {"memo": example, "internal_label": wording.INTERNAL_LABEL, "overview_svg": ""}
    with_current = render_template(example_copy, name, **context)
    (example_copy / "templates" / name).write_text(older, encoding="utf-8")
    assert render_template(example_copy, name, **context) == with_current


def test_a_template_cannot_see_the_entry_behind_an_item(example_copy: Path) -> None:
    from trivselreport.errors import UserError

    (example_copy / "templates" / "word.html.j2").write_text(
        "{% for s in memo.sections %}{% for i in s.items %}{{ i.origin.text }}"
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as refused:
        build_memo(example_copy, APRIL, formats=("html",))
    assert "»origin«, som en skabelon ikke har adgang til" in str(refused.value.problems[0])


# --- one interface for every writer --------------------------------------------------------------


def test_every_format_has_a_writer_behind_the_one_interface(example_copy: Path) -> None:
    assert set(OUTPUT_FORMATS) == set(FORMATS)
    prepared = prepare_memo(example_copy, APRIL)
    project = WriterProject(example_copy, prepared.config.forbidden)
    signatures = {"html": b"<!DOCTYPE html>", "docx": b"PK", "pdf": b"%PDF-"}
    for name in FORMATS:
        assert writer_for(name)(prepared.memo, project).startswith(signatures[name])


def test_the_build_counts_the_pages_of_the_pdf_it_wrote(example_copy: Path) -> None:
    from trivselreport.writers.html.render import render_pdf_html
    from trivselreport.writers.pdf.render import page_count, render_pdf

    built = build_memo(example_copy, APRIL, formats=("pdf",))
    memo = prepare_memo(example_copy, APRIL).memo
    rendered = render_pdf(
        render_pdf_html(memo, example_copy),
        allowed_roots=[PACKAGE_TEMPLATES],
        base_dir=example_copy,
        pictures={Path(f.path): f.data for f in memo.figures()},
    )
    assert built.pages == rendered.pages == page_count(rendered.data) > 1
