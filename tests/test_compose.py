"""Composing the memo: sections in configured order, entries by date, HTML structure."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.body import Paragraph, Text
from trivselreport.memo.compose import OVERVIEW_HEADING
from trivselreport.memo.document import Memo
from trivselreport.memo.period import PeriodChoice
from trivselreport.writers.html.render import render_pdf_html, render_word_html

from .conftest import REPO_ROOT, write_entry

MODEL_HEADINGS = [
    "Mod på trivsel",
    "Ambitioner og temaer",
    "Arrangementer",
    "Snitflader til andre indsatser",
    "De unges trivsels-topmøde",
    "Netværket Sundhed & Trivsel",
    "Praksisnær understøttelse",
    "Sorggruppekursus",
    "Mental sundhed og trivsel",
]


def compose(project: Path, month: str, *, internal: bool = False) -> Memo:
    return prepare_memo(project, PeriodChoice(month=month), internal=internal).memo


@pytest.fixture(scope="module")
def example_memo() -> Memo:
    return compose(REPO_ROOT, "2024-04")


def test_the_example_gives_the_model_memos_nine_sections_in_order(example_memo: Memo) -> None:
    assert [section.heading for section in example_memo.sections] == MODEL_HEADINGS


def test_the_example_memo_has_the_models_title_date_and_intro(example_memo: Memo) -> None:
    assert example_memo.title == "Status Sundhed og Trivsel april 2024"
    assert example_memo.date_text == "15. april 2024"
    assert example_memo.intro is not None
    assert any(
        isinstance(block, Paragraph)
        and any(isinstance(node, Text) and "Mod på trivsel" in node.text for node in block.inlines)
        for block in example_memo.intro
    )


def test_internal_entries_never_reach_the_committee_memo(example_memo: Memo) -> None:
    titles = [item.title for s in example_memo.sections for item in s.items]
    origins = [item.origin for s in example_memo.sections for item in s.items]
    assert all(origin is not None and not origin.internal for origin in origins)
    assert "Styregruppens drøftelse af ressourcer" not in titles
    internal = compose(REPO_ROOT, "2024-04", internal=True)
    assert internal.entry_count() == example_memo.entry_count() + 1


def test_entries_of_an_earlier_memo_are_left_out(example_memo: Memo) -> None:
    titles = [item.title for s in example_memo.sections for item in s.items]
    assert "Trivsels-topmødet 2023" not in titles
    assert "Netværket Sundhed & Trivsel" in titles  # ongoing since 2023


def test_upcoming_entries_are_marked_with_their_danish_date(example_memo: Memo) -> None:
    events = next(s for s in example_memo.sections if s.heading == "Arrangementer")
    upcoming = [item for item in events.items if item.upcoming]
    assert [item.when for item in upcoming] == ["4. juni 2024"]
    assert events.items[-1].upcoming  # planned events come after what has happened


def test_within_a_section_entries_stand_in_date_order(small_project: Path) -> None:
    for day, title in (("2024-03-20", "Tredje"), ("2024-01-05", "Første"), ("2024-02-11", "Anden")):
        write_entry(
            small_project,
            f"{day}.yaml",
            f"""\
            titel: "{title}"
            type: arrangement
            dato: {day}
            tekst: Om {title.lower()}.
            """,
        )
    memo = compose(small_project, "2024-04")
    assert [item.title for item in memo.sections[0].items] == ["Første", "Anden", "Tredje"]


def test_an_entry_can_be_moved_to_another_section(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Kursus flyttet
        type: kursus
        sektion: Arrangementer
        dato: 2024-02-01
        tekst: Tekst.
        """,
    )
    memo = compose(small_project, "2024-04")
    assert [section.heading for section in memo.sections] == ["Arrangementer"]


def test_own_heading_sections_give_each_entry_its_title_as_heading(small_project: Path) -> None:
    for day, title in (("2024-04-02", "Workshop om søvn"), ("2024-03-01", "Sorggruppekursus")):
        write_entry(
            small_project,
            f"{day}.yaml",
            f"""\
            titel: {title}
            type: kursus
            dato: {day}
            tekst: Tekst.
            """,
        )
    memo = compose(small_project, "2024-04")
    assert [section.heading for section in memo.sections] == [
        "Sorggruppekursus",
        "Workshop om søvn",
    ]


def test_empty_sections_are_left_out_and_leads_are_kept(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-02-01
        tekst: Tekst.
        """,
    )
    memo = compose(small_project, "2024-04")
    assert [section.heading for section in memo.sections] == ["Arrangementer"]
    assert memo.sections[0].lead == (Paragraph((Text("Arrangementer i perioden."),)),)


def test_the_memo_date_defaults_to_the_end_of_the_period(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-02-01
        tekst: Tekst.
        """,
    )
    memo = compose(small_project, "2024-02")
    assert memo.memo_date == date(2024, 2, 29)
    assert memo.title == "Status februar 2024"


class _Structure(HTMLParser):
    """Collects the element names and the text of headings of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.attrs: dict[str, dict[str, str | None]] = {}
        self._in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.setdefault(tag, dict(attrs))
        self._in_heading = tag in ("h1", "h2")
        if self._in_heading:
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2"):
            self._in_heading = False

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[-1] += data


def test_word_html_is_a_self_contained_danish_document(example_memo: Memo) -> None:
    html = render_word_html(example_memo, REPO_ROOT)
    structure = _Structure()
    structure.feed(html)
    assert structure.attrs["html"]["lang"] == "da"
    assert structure.headings == [
        "Status Sundhed og Trivsel april 2024",
        *MODEL_HEADINGS,
        OVERVIEW_HEADING,
    ]
    assert structure.tags.count("h1") == 1
    assert "ul" in structure.tags and "li" in structure.tags
    assert "21cm 29.7cm" in html  # A4 page set-up for Word
    for fetching in ("<link", "<img", "<script", "src=", "@import", "url("):
        assert fetching not in html


def test_pdf_html_carries_language_title_and_author(example_memo: Memo) -> None:
    html = render_pdf_html(example_memo, REPO_ROOT)
    structure = _Structure()
    structure.feed(html)
    assert structure.attrs["html"]["lang"] == "da"
    assert "<title>Status Sundhed og Trivsel april 2024</title>" in html
    assert '<meta name="author" content="Programleder for Mod på trivsel">' in html


def test_entry_text_cannot_inject_markup(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: "<script>alert(1)</script> {{ 7*7 }}"
        type: kursus
        dato: 2024-02-01
        tekst: "<b>fed</b> {% raw %}"
        """,
    )
    html = render_pdf_html(compose(small_project, "2024-04"), small_project)
    assert "<script>" not in html and "<b>fed" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html


def test_a_project_template_overrides_the_packaged_one(small_project: Path) -> None:
    write_entry(
        small_project,
        "a.yaml",
        """\
        titel: Temadag
        type: arrangement
        dato: 2024-02-01
        tekst: Tekst.
        """,
    )
    (small_project / "templates").mkdir()
    (small_project / "templates" / "lokal.css").write_text(
        "h2 { color: #123456; }\n", encoding="utf-8"
    )
    html = render_pdf_html(compose(small_project, "2024-04"), small_project)
    assert "h2 { color: #123456; }" in html
