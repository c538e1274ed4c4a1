"""The Word HTML as assistive technology and LibreOffice meet it: landmarks, an
overview table with caption, head and column scopes, headings in order, zero WCAG 2.1
A/AA violations from axe-core in the system's headless Chromium, and nothing lost or
added in front when LibreOffice opens it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser, Page, Route

from trivselreport.commands.build import PeriodChoice, build_memo

from .browsers import STRUCTURE_RULES, WCAG_TAGS, axe_violations, chromium
from .test_documents import copy_example, open_docx
from .test_docx_a11y import body_paragraphs, libreoffice_convert, lists_project

KINDS = ("eksempel", "intern", "billede")
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


@pytest.fixture(scope="module")
def word_html(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Word HTML of the example memo, of its internal build, and of a memo with a
    picture (and lists and links)."""
    built = {}
    for kind in KINDS:
        folder = tmp_path_factory.mktemp(kind)
        project = lists_project(folder, picture=True) if kind == "billede" else copy_example(folder)
        result = build_memo(
            project, PeriodChoice(month="2024-04"), formats=("html",), internal=kind == "intern"
        )
        built[kind] = result.html_path
    return built


# --- the markup ------------------------------------------------------------------------


class _Elements(HTMLParser):
    """Each element with its attributes, ancestors and text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self._open: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {
            "tag": tag,
            "attrs": dict(attrs),
            "ancestors": [e["tag"] for e in self._open],
            "text": "",
        }
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element["text"] += data


def elements(path: Path) -> list[dict[str, Any]]:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


@pytest.mark.parametrize("kind", KINDS)
def test_the_content_is_in_a_header_and_one_main_landmark(
    word_html: dict[str, Path], kind: str
) -> None:
    found = elements(word_html[kind])
    assert [e["tag"] for e in found].count("main") == 1
    (header,) = [e for e in found if e["tag"] == "header"]
    assert (
        header["text"].strip().startswith("Rødovre Kommune" if kind != "billede" else "Testkommune")
    )
    headings = [e for e in found if re.fullmatch(r"h[1-6]", e["tag"])]
    assert "header" in headings[0]["ancestors"] and headings[0]["tag"] == "h1"
    assert all("main" in e["ancestors"] for e in headings[1:])
    for tag in ("p", "ul", "ol", "table", "img"):
        assert all({"header", "main"} & set(e["ancestors"]) for e in found if e["tag"] == tag)
    if kind == "intern":
        assert "Internt – må ikke offentliggøres" in header["text"]


@pytest.mark.parametrize("kind", KINDS)
def test_headings_come_in_order(word_html: dict[str, Path], kind: str) -> None:
    levels = [
        int(e["tag"][1]) for e in elements(word_html[kind]) if re.fullmatch(r"h[1-6]", e["tag"])
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))


@pytest.mark.parametrize("kind", KINDS)
def test_the_overview_table_has_caption_head_and_column_scopes(
    word_html: dict[str, Path], kind: str
) -> None:
    found = elements(word_html[kind])
    (table,) = [e for e in found if e["tag"] == "table"]
    inside = [e for e in found if "table" in e["ancestors"]]
    captions = [e for e in inside if e["tag"] == "caption"]
    assert len(captions) == 1 and captions[0]["text"].strip()
    headers = [e for e in inside if e["tag"] == "th"]
    assert [e["text"] for e in headers] == ["Tema", "Aktiviteter", "Deltagere"]
    assert all(e["attrs"].get("scope") == "col" and "thead" in e["ancestors"] for e in headers)
    cells = [e["text"].strip() for e in inside if e["tag"] == "td"]
    assert cells and all("tbody" in e["ancestors"] for e in inside if e["tag"] == "td")
    assert not [text for text in cells if text in ("–", "-", "")]
    assert "ikke oplyst" in cells  # the example and the small memo each have such a theme
    assert table["text"].count("Aktiviteter i alt") == 1


# --- axe-core in headless Chromium -----------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the module (`browsers.chromium`)."""
    with chromium() as launched:
        yield launched


def _offline(route: Route) -> None:
    """The page may read itself and its inlined pictures, nothing from a network."""
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def open_page(browser: Browser, *, path: Path | None = None, html: str = "") -> Page:
    page = browser.new_page()
    page.route("**/*", _offline)
    if path is not None:
        page.goto(path.as_uri())
    else:
        page.set_content(html)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation(
    browser: Browser, word_html: dict[str, Path], kind: str
) -> None:
    page = open_page(browser, path=word_html[kind])
    try:
        violations, report = axe_violations(page, {"type": "tag", "values": WCAG_TAGS})
        assert violations == [], report
        violations, report = axe_violations(page, {"type": "rule", "values": STRUCTURE_RULES})
        assert violations == [], report
    finally:
        page.close()


@pytest.mark.browser
def test_axe_in_this_browser_does_find_what_is_wrong(browser: Browser) -> None:
    """The check can fail: a page without language, alternative text, a main landmark
    and with a skipped heading level is reported."""
    page = open_page(
        browser,
        html=(
            "<!DOCTYPE html><html><head><title>T</title></head><body><div><h1>Notat</h1>"
            "<h3>Spring</h3><p><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='></p>"
            "</div></body></html>"
        ),
    )
    try:
        wcag, _ = axe_violations(page, {"type": "tag", "values": WCAG_TAGS})
        structure, _ = axe_violations(page, {"type": "rule", "values": STRUCTURE_RULES})
    finally:
        page.close()
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in wcag}
    assert {"landmark-one-main", "region", "heading-order"} <= {v["id"] for v in structure}


# --- LibreOffice opens it --------------------------------------------------------------------


def _first_texts(texts: list[str], count: int) -> list[str]:
    return [text.strip() for text in texts if text.strip()][:count]


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["eksempel", "intern"])
def test_libreoffice_opens_it_with_the_organisation_and_title_first(
    word_html: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    expected = ["Rødovre Kommune", "Status Sundhed og Trivsel april 2024"]
    if kind == "intern":
        expected.insert(1, "Internt – må ikke offentliggøres")
    # As Word-ready HTML converted to DOCX (LibreOffice's ordinary HTML import) ...
    converted = libreoffice_convert(word_html[kind], "docx:MS Word 2007 XML", tmp_path / "docx")
    document = open_docx(str(converted))
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[: len(expected)]] == expected
    assert paragraphs[len(expected) - 1].style.name == "Heading 1"
    (table,) = document.tables
    assert (
        table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )
    assert "ikke oplyst" in [cell.text for row in table.rows for cell in row.cells]
    # Only the paragraph Writer always keeps after a closing table is empty.
    empty = [
        p
        for p in body_paragraphs(document)
        if not "".join(
            t.text or ""
            for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
        ).strip()
    ]
    assert len(empty) <= 1
    # ... and as a PDF from LibreOffice Writer: page 1 starts with them, it is not blank.
    pdf = libreoffice_convert(word_html[kind], "pdf", tmp_path / "pdf", "--writer")
    reader = pypdf.PdfReader(pdf)
    first_page = reader.pages[0].extract_text().splitlines()
    assert _first_texts(first_page, len(expected)) == expected
    assert all(page.extract_text().strip() for page in reader.pages)
