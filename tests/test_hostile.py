"""Entries whose text tries to get out of the memo: markup, links, template syntax,
invisible characters and sheer size. Every format must show them as harmless text,
and building must neither open a connection nor read a file outside the project."""

from __future__ import annotations

import contextlib
import json
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import docx
import pikepdf
import pypdf
import pytest

from trivselreport.commands.build import BuildResult, PeriodChoice, build_memo
from trivselreport.errors import UserError
from trivselreport.reading.config import load_config
from trivselreport.reading.entries import Entry, load_entries

from .conftest import SMALL_CONFIG

pytestmark = pytest.mark.pdf

MONTH = PeriodChoice(month="2024-04")

# Raw HTML that would embed a file, run a script, hide the memo or reach the network,
# if it were ever treated as markup.
RAW_HTML = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>body{display:none}</style>",
    '<iframe src="http://127.0.0.1/">',
    '<object data="file:///etc/passwd">',
]
RAW_TAGS = {"script", "img", "link", "style", "iframe", "object"}

# Markdown images and links: the unsafe ones must stay text, the http ones may at
# most become plain links (never fetched).
UNSAFE_TARGETS = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>hej</b>"]
LOCAL_HTTP_TARGETS = ["http://192.168.1.1/admin", "http://localhost:8080/"]
MARKDOWN_LINKS = [
    *(f"![billede]({target})" for target in UNSAFE_TARGETS + LOCAL_HTTP_TARGETS),
    *(f"[link]({target})" for target in UNSAFE_TARGETS + LOCAL_HTTP_TARGETS),
    "[skjult](JavaScript:alert(1))",
    "[entitet](&#106;avascript:alert(1))",
    "[vinkel](<file:///etc/passwd>)",
    "[tom]()",
]

# Jinja syntax: the text is data for the templates, never a template itself.
JINJA = [
    "{{ 7*7 }}",
    "{% for x in range(10**9) %}x{% endfor %}",
    "{{ config }}",
    "{{ ''.__class__.__mro__ }}",
]

DIRECTION_OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200d\ufeff"
# Written with the characters raw in the file, as they come when pasted.
TRICKY_TITLE = "\u202eFor\u200bældre\u200dmøde\ufeff i klassen\u202c"
TRICKY_TEXT = "Læs \u202egnilles\u202c baglæns og \u2066isoleret\u2069 tekst."


def entry_file(project: Path, name: str, **fields: str) -> Path:
    """Write an entry with every value as a double-quoted YAML scalar (JSON is valid
    YAML), so the hostile text reaches the program exactly as given."""
    path = project / "entries" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new_project(folder: Path) -> Path:
    (folder / "entries").mkdir(parents=True)
    (folder / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return folder


def write_hostile_entries(project: Path) -> None:
    # "kursus" entries get their own heading, so their titles stand in every format.
    for number, payload in enumerate(RAW_HTML + JINJA, start=1):
        entry_file(
            project,
            f"titel-{number}.yaml",
            titel=payload,
            type="kursus",
            dato="2024-04-02",
            tekst=f"Kursus nummer {number}.",
        )
    entry_file(
        project,
        "html.yaml",
        titel="Rå HTML",
        type="arrangement",
        dato="2024-04-03",
        tekst="\n\n".join(RAW_HTML),
    )
    entry_file(
        project,
        "links.yaml",
        titel="Links",
        type="arrangement",
        dato="2024-04-04",
        tekst="\n\n".join(MARKDOWN_LINKS),
    )
    entry_file(
        project,
        "jinja.yaml",
        titel="Skabeloner",
        type="arrangement",
        dato="2024-04-05",
        tekst="\n\n".join(JINJA),
    )
    entry_file(
        project,
        "usynlig.yaml",
        titel=TRICKY_TITLE,
        type="kursus",
        dato="2024-04-06",
        tekst=TRICKY_TEXT,
    )


# --- one build of every hostile entry, watched ------------------------------------------


@dataclass
class Watch:
    """What a build tried: connections (each refused) and URLs asked of the fetcher."""

    connections: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    probes_caught: list[str] = field(default_factory=list)
    probing: bool = False


@contextmanager
def watching() -> Iterator[Watch]:
    """Refuse and record every way out to the network, and record every URL WeasyPrint
    asks the confined fetcher for (which still serves it). On leaving, one probe through
    each of the four doors proves the watch was really on."""
    from trivselreport.writers.pdf.render import ConfinedFetcher

    watch = Watch()

    def refuse(name: str) -> Any:
        def refused(*args: object, **kwargs: object) -> object:
            (watch.probes_caught if watch.probing else watch.connections).append(f"{name}{args}")
            raise OSError(f"test: {name} is not allowed")

        return refused

    original_fetch = ConfinedFetcher.fetch

    def recording_fetch(self: Any, url: str, headers: Any = None) -> Any:
        watch.fetched.append(url)
        return original_fetch(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse("socket.connect"))
        patch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        patch.setattr(socket, "create_connection", refuse("create_connection"))
        patch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        patch.setattr(ConfinedFetcher, "fetch", recording_fetch)
        yield watch
        watch.probing = True
        with socket.socket() as probe:
            for attempt in (
                lambda: probe.connect(("127.0.0.1", 9)),
                lambda: probe.connect_ex(("127.0.0.1", 9)),
                lambda: socket.create_connection(("127.0.0.1", 9)),
                lambda: socket.getaddrinfo("localhost", 9),
            ):
                with contextlib.suppress(OSError):
                    attempt()


@dataclass
class Watched:
    result: BuildResult
    project: Path
    watch: Watch


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> Watched:
    """Every hostile entry, built in every format under watch."""
    project = new_project(tmp_path_factory.mktemp("fjendtlig") / "projekt")
    write_hostile_entries(project)
    with watching() as watch:
        result = build_memo(project, MONTH)
    return Watched(result, project, watch)


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and runs of spaces made single spaces."""
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return " ".join(text.split())


class _HtmlFacts(HTMLParser):
    """The tags, link targets and (unescaped) text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "data")]

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def html_facts(path: Path) -> _HtmlFacts:
    facts = _HtmlFacts()
    facts.feed(path.read_text(encoding="utf-8"))
    facts.close()
    return facts


def docx_text(path: Path) -> str:
    document: Any = docx.Document(str(path))
    return " ".join(" ".join(paragraph.text for paragraph in document.paragraphs).split())


def pdf_objects(pdf: Any) -> Iterator[Any]:
    """Every dictionary and stream in the file, direct ones inside others included."""

    def visit(item: Any, top: bool) -> Iterator[Any]:
        if not top and getattr(item, "is_indirect", False):
            return  # reached on its own through pdf.objects
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            yield item
            for key in item.keys():  # noqa: SIM118 (a stream is no mapping)
                yield from visit(item[key], False)
        elif isinstance(item, pikepdf.Array):
            for element in item:
                yield from visit(element, False)

    for item in pdf.objects:
        yield from visit(item, True)


def link_uris(pdf: Any) -> list[str]:
    uris: list[str] = []
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            assert annotation.get("/Subtype") == "/Link"
            action = annotation.get("/A")
            if action is not None:
                assert action.get("/S") == "/URI", "only plain web links, no other actions"
                uris.append(str(action.URI))
    return uris


# --- raw HTML --------------------------------------------------------------------------


def test_the_pdf_embeds_no_file_image_or_script(watched: Watched) -> None:
    with pikepdf.open(watched.result.pdf_path) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        keys = {str(key) for item in pdf_objects(pdf) for key in item.keys()}  # noqa: SIM118
        subtypes = {str(item.get("/Subtype")) for item in pdf_objects(pdf)}
        types = {str(item.get("/Type")) for item in pdf_objects(pdf)}
    assert not keys & {"/EmbeddedFiles", "/AF", "/JavaScript", "/JS", "/OpenAction", "/AA"}
    assert "/Image" not in subtypes  # no picture drawn at all
    assert not types & {"/EmbeddedFile", "/Filespec"}


def test_raw_html_is_shown_literally_in_the_pdf(watched: Watched) -> None:
    text = pdf_text(watched.result.pdf_path)
    for markup in RAW_HTML:
        assert markup in text


def test_raw_html_is_escaped_text_in_the_word_html(watched: Watched) -> None:
    html = watched.result.html_path.read_text(encoding="utf-8")
    facts = html_facts(watched.result.html_path)
    assert not set(facts.tags) & (RAW_TAGS - {"style"})
    assert facts.tags.count("style") == 1  # the template's own stylesheet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;style&gt;body{display:none}&lt;/style&gt;" in html
    for markup in RAW_HTML:
        assert markup in facts.text  # as text, twice: heading and paragraph
        assert markup not in html


def test_raw_html_is_literal_text_in_the_docx(watched: Watched) -> None:
    text = docx_text(watched.result.docx_path)
    for markup in RAW_HTML:
        assert text.count(markup) == 2  # the heading and the paragraph


# --- Markdown images and links -----------------------------------------------------------


def test_the_pdf_links_only_to_the_web_and_draws_no_image(watched: Watched) -> None:
    with pikepdf.open(watched.result.pdf_path) as pdf:
        uris = link_uris(pdf)
    assert uris, "the http links are kept as links"
    assert set(uris) <= set(LOCAL_HTTP_TARGETS)
    for uri in uris:
        assert urlparse(uri).scheme in ("http", "https")
    # A link is only a link: none of the addresses was ever asked for.
    assert not [url for url in watched.watch.fetched if not url.startswith("file:")]


def test_unsafe_link_targets_stay_text_in_every_format(watched: Watched) -> None:
    pdf = pdf_text(watched.result.pdf_path)
    word = html_facts(watched.result.html_path)
    docx_plain = docx_text(watched.result.docx_path)
    for markdown in (
        "![billede](file:///etc/passwd)",
        "[link](javascript:alert(1))",
        "[skjult](JavaScript:alert(1))",
    ):
        assert markdown in pdf
        assert markdown in word.text
        assert markdown in docx_plain
    for href in word.hrefs:  # "[tom]()" is plain text, no empty link (see test_properties)
        assert urlparse(href).scheme in ("http", "https", "mailto"), href


def test_the_docx_links_only_to_the_web(watched: Watched) -> None:
    document: Any = docx.Document(str(watched.result.docx_path))
    targets = [
        rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")
    ]
    assert targets and set(targets) <= set(LOCAL_HTTP_TARGETS)


# --- nothing leaves the process, nothing outside is read ----------------------------------


def test_the_build_opens_no_connection(watched: Watched) -> None:
    assert watched.result.pdf_path.is_file()
    assert watched.watch.connections == []
    assert len(watched.watch.probes_caught) == 4  # the watch was on


def fetched_paths(watch: Watch) -> list[Path]:
    paths = []
    for url in watch.fetched:
        parsed = urlparse(url)
        assert parsed.scheme == "file" and parsed.netloc in ("", "localhost"), url
        paths.append(Path(unquote(parsed.path)).resolve())
    return paths


def test_the_pdf_fetches_no_file_for_a_memo_without_pictures(watched: Watched) -> None:
    # The stylesheets are inlined and fontconfig finds the fonts by family name, so
    # nothing passes the fetcher (the next test shows the watch sees what does).
    assert fetched_paths(watched.watch) == []


def test_a_validated_picture_is_the_only_file_the_pdf_reads(tmp_path: Path) -> None:
    from .test_documents import png

    project = new_project(tmp_path / "projekt")
    (project / "entries" / "foto.png").write_bytes(png(8, 8))
    (project / "entries" / "a.yaml").write_text(
        'titel: Foto\ntype: arrangement\ndato: 2024-04-02\ntekst: "![x](file:///etc/passwd)"\n'
        "billeder:\n  - fil: foto.png\n    alt: Et blåt felt\n",
        encoding="utf-8",
    )
    with watching() as watch:
        build_memo(project, MONTH, formats=("pdf",))
    assert fetched_paths(watch) == [(project / "entries" / "foto.png").resolve()]
    assert watch.connections == []


# --- template syntax ---------------------------------------------------------------------


def test_jinja_syntax_is_shown_not_evaluated(watched: Watched) -> None:
    pdf = pdf_text(watched.result.pdf_path)
    word = html_facts(watched.result.html_path).text
    docx_plain = docx_text(watched.result.docx_path)
    # Each stands literally as a heading; in the entry text it is Markdown, so there
    # "__class__" is shown as a bold "class" (still text, not code).
    for template in JINJA:
        assert template in pdf
        assert template in word
        assert template in docx_plain
    for text in (pdf, word, docx_plain):
        assert "49" not in text  # {{ 7*7 }} was never computed
        assert "<class" not in text and "Config(" not in text


# --- invisible characters ------------------------------------------------------------------


def _entry(entries: list[Entry], name: str) -> Entry:
    return next(entry for entry in entries if entry.path.name == name)


def test_invisible_and_direction_characters_are_removed_from_a_title(watched: Watched) -> None:
    tricky = _entry(load_entries(load_config(watched.project)), "usynlig.yaml")
    assert tricky.title == "Forældremøde i klassen"
    assert not set(tricky.title) & set(DIRECTION_OVERRIDES + ZERO_WIDTH)
    for text in (
        pdf_text(watched.result.pdf_path),
        watched.result.html_path.read_text(encoding="utf-8"),
        docx_text(watched.result.docx_path),
    ):
        assert "Forældremøde i klassen" in text
        assert not set(text) & set(DIRECTION_OVERRIDES + ZERO_WIDTH)


def test_direction_overrides_are_removed_from_the_text(watched: Watched) -> None:
    tricky = _entry(load_entries(load_config(watched.project)), "usynlig.yaml")
    assert tricky.text == "Læs gnilles baglæns og isoleret tekst."
    assert "Læs gnilles baglæns og isoleret tekst." in pdf_text(watched.result.pdf_path)


# --- size ----------------------------------------------------------------------------------


def build_or_user_error(project: Path) -> BuildResult | UserError:
    """The two acceptable outcomes of any input: a memo, or Danish problems to fix."""
    try:
        return build_memo(project, MONTH, formats=("pdf", "html"))
    except UserError as error:
        assert error.problems and all(problem.message for problem in error.problems)
        return error


# A word of 5,000 letters with no place to hyphenate, and a long word Danish hyphenation
# can split many times. (A 5,000-letter word that hyphenation can split builds too, but
# takes WeasyPrint the better part of a minute; see the report with these tests.)
LONG_WORDS = {"unbreakable": "x" * 5000, "hyphenatable": ("trivselsforløb" * 72)[:1000]}


@pytest.mark.parametrize("word", LONG_WORDS.values(), ids=LONG_WORDS.keys())
def test_a_very_long_word_still_builds(tmp_path: Path, word: str) -> None:
    project = new_project(tmp_path / "projekt")
    entry_file(
        project,
        "lang.yaml",
        titel="Langt ord",
        type="arrangement",
        dato="2024-04-02",
        tekst=f"Før {word} efter.",
    )
    outcome = build_or_user_error(project)
    assert isinstance(outcome, BuildResult)
    assert outcome.pages is not None and outcome.pages >= 1
    assert word in html_facts(outcome.html_path).text
    # The word may break anywhere at the end of a line, even across pages: compare without
    # breaks and without the page furniture (running title, page numbers) between them.
    text = "".join(pdf_text(outcome.pdf_path).replace("-", "").split())
    assert word in re.sub(r"Side\d+af\d+|Statusapril2024", "", text)


def test_a_word_longer_than_a_line_is_wrapped_not_cut_off_at_the_page_edge(
    tmp_path: Path,
) -> None:
    project = new_project(tmp_path / "projekt")
    entry_file(
        project,
        "lang.yaml",
        titel="Langt ord",
        type="arrangement",
        dato="2024-04-02",
        tekst="Før " + "x" * 5000 + " efter.",
    )
    result = build_memo(project, MONTH, formats=("pdf",))
    lines = [
        line
        for page in pypdf.PdfReader(result.pdf_path).pages
        for line in page.extract_text().splitlines()
    ]
    # An A4 line of body text holds about 110 characters; 5,000 on one line cannot be seen.
    assert max(len(line) for line in lines) <= 200


def test_two_thousand_levels_of_indentation_are_refused_as_too_large(tmp_path: Path) -> None:
    project = new_project(tmp_path / "projekt")
    nested = "\n".join("  " * level + "- punkt" for level in range(2000))  # ~4 MB
    path = entry_file(
        project, "dyb.yaml", titel="Dyb", type="arrangement", dato="2024-04-02", tekst=nested
    )
    outcome = build_or_user_error(project)
    assert isinstance(outcome, UserError)
    assert [problem.file for problem in outcome.problems] == [path]
    assert "Filen er for stor" in outcome.problems[0].message


def test_two_thousand_nested_list_markers_on_one_line_are_refused_in_danish(
    tmp_path: Path,
) -> None:
    project = new_project(tmp_path / "projekt")
    entry_file(
        project,
        "dyb.yaml",
        titel="Dyb",
        type="arrangement",
        dato="2024-04-02",
        tekst="- " * 2000 + "bunden",
    )
    outcome = build_or_user_error(project)
    # The parser would silently drop what lies deeper than 20 levels: refused instead.
    assert isinstance(outcome, UserError)
    assert outcome.problems[0].field == "tekst"
    assert "for mange niveauer" in outcome.problems[0].message


DEEP_LISTS = {
    "ten-indented-levels": "\n".join("  " * level + f"- niveau{level}" for level in range(10)),
    "2000-markers-on-one-line": "- " * 2000 + "bunden",
}


@pytest.mark.parametrize("nested", DEEP_LISTS.values(), ids=DEEP_LISTS.keys())
def test_text_after_a_deeply_nested_list_is_not_silently_dropped(
    tmp_path: Path, nested: str
) -> None:
    project = new_project(tmp_path / "projekt")
    entry_file(
        project,
        "dyb.yaml",
        titel="Dyb",
        type="arrangement",
        dato="2024-04-02",
        tekst=nested + "\n\nAfsnittet efter listen.",
    )
    try:
        result = build_memo(project, MONTH, formats=("html", "docx"))
    except UserError:
        return  # refusing the text with a Danish message would be fine too
    assert "Afsnittet efter listen." in html_facts(result.html_path).text
    assert "Afsnittet efter listen." in docx_text(result.docx_path)
