"""Properties that hold for any input a person (or a paste) can produce: reading never
crashes with anything but a Danish UserError, Markdown never yields markup beyond the
small allowed set, and an entry written by `new` reads back as what was asked."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from trivselreport.commands.authoring import EntryDraft, clean_text, entry_yaml, validate_draft
from trivselreport.errors import UserError
from trivselreport.memo.body import Link, Paragraph, parse_body
from trivselreport.reading.config import CONFIG_FILE, Config, config_from_mapping, load_config
from trivselreport.reading.entries import ENTRY_SCHEMA, Entry, entry_from_mapping
from trivselreport.reading.files.textfile import decode
from trivselreport.reading.files.yamlread import Mapping, parse_mapping
from trivselreport.reading.privacy.findings import scan_mapping
from trivselreport.writers.html.body import body_html

from .conftest import SMALL_CONFIG

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """The small test project, with one real picture an entry may name."""
    from .test_documents import png

    project = tmp_path_factory.mktemp("egenskaber") / "projekt"
    (project / "entries").mkdir(parents=True)
    (project / "entries" / "foto.png").write_bytes(png(2, 2))
    (project / "trivselreport.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    return load_config(project)


# The same configuration, read without a folder: enough where no file is touched.
SMALL = config_from_mapping(
    Path("projekt") / CONFIG_FILE, parse_mapping(Path(CONFIG_FILE), SMALL_CONFIG)
)


def entry_path(config: Config) -> Path:
    return config.root / "entries" / "indslag.yaml"


# --- reading a file: a Mapping or a UserError, nothing else --------------------------------

# Text that looks like YAML more often than st.text() does: indicators, quotes, anchors,
# tags, block scalars, tabs and the line breaks Word and the web bring along.
YAMLISH = st.lists(
    st.sampled_from(
        [
            *":-?[]{},&*!|>'\"#%@`\n\t ",
            "\r",
            "\x0b",
            "\x85",
            "\u2028",
            "\ufeff",
            "\x00",
            "\x07",
            "a",
            "ø",
            "titel",
            "tekst",
            "!!python/",
        ]
    ),
    max_size=60,
).map("".join)


def nested(opening: str, depth: int) -> str:
    return "a: " + opening * depth


# Files reach parse_mapping through decode(), which turns every line break YAML knows
# (CR, NEL, LS, PS) and Word's vertical tab into "\n"; the property holds for raw text
# with any of those line breaks too (YAMLISH draws them; see also the test below).


@FAST
@given(st.one_of(st.text(), YAMLISH))
@example(nested("[", 5000))
@example(nested("{", 5000))
@example("- " * 5000)
@example("a: &x [*x]")
@example("a: !!python/object/apply:os.system ['true']")
@example("a: 1\na: 2")
@example("\x00")
@example("a:\n\tb: 1")
@example("a: 1\n  b: [")
def test_parsing_any_text_gives_a_mapping_or_a_user_error(text: str) -> None:
    try:
        result = parse_mapping(Path("x.yaml"), text)
    except UserError as error:
        assert error.problems
        return
    assert isinstance(result, Mapping)


@pytest.mark.parametrize("text", ["?\r0", "\r[", "a: [\r\r\rb", "a: 1\u2028b: ["])
def test_a_syntax_error_after_another_kind_of_line_break_is_a_user_error(text: str) -> None:
    with pytest.raises(UserError):
        parse_mapping(Path("x.yaml"), text)


@FAST
@given(st.binary())
@example(b"\xef\xbb\xbftitel: x\r\n")
@example("titel: æøå".encode("cp1252"))
@example(b"titel: \x00")
def test_decoding_any_bytes_gives_text_or_a_user_error(data: bytes) -> None:
    try:
        text = decode(Path("x.yaml"), data)
    except UserError as error:
        assert error.problems
        return
    assert isinstance(text, str)
    assert not set(text) & set("\r\x0b\x0c\x85\u2028\u2029")  # one kind of line break
    try:
        result = parse_mapping(Path("x.yaml"), text)
    except UserError:
        return
    assert isinstance(result, Mapping)


# --- reading an entry: an Entry or a UserError, nothing else -------------------------------

# Two inputs once crashed the reader and have their own tests below as well: "deltagere"
# with more than 4,300 digits (beyond what int() converts), and "billeder[].fil" holding a
# NUL character or a name longer than the file system allows. Both are drawn here too.


SCALARS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "ja",
            "nej",
            "no",
            "2024-04-15",
            "15-04-2024",
            "2024-02-30",
            "1.250",
            "-3",
            "program",
            "kursus",
            "Tilhør",
            "Kurser",
            "~",
            "",
            " ",
        ]
    ),
    st.integers(-(10**6), 10**6).map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.one_of(st.just("fil"), st.text(max_size=6)), inner, max_size=3),
    ),
    max_leaves=8,
)
FILE_NAMES = st.one_of(
    st.sampled_from(
        [
            "foto.png",
            "../../../../etc/passwd",
            "/etc/passwd",
            ".",
            "",
            "mappe/",
            "file:///etc/passwd",
            "~/x.png",
            "indslag.yaml",
            "foto\x00.png",
            "a" * 300 + ".png",
            "mappe/" + "b" * 300 + "/foto.png",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
)
PICTURE_KINDS: dict[str, st.SearchStrategy[Any]] = {
    "the real picture": st.fixed_dictionaries(
        {"fil": st.just("foto.png"), "alt": st.text(min_size=1, max_size=20)}
    ),
    "any name": st.fixed_dictionaries(
        {"fil": FILE_NAMES}, optional={"alt": SCALARS, "tekst": SCALARS}
    ),
    "anything": VALUES,
}
PICTURES = st.lists(
    st.sampled_from(["the real picture", "the real picture", "any name", "anything"]).flatmap(
        PICTURE_KINDS.__getitem__
    ),
    min_size=1,
    max_size=3,
)


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A valid value three times in four, anything at all otherwise: enough valid fields
    come together that some mappings make an Entry, and every field is also tried wrong."""
    return st.sampled_from([True, True, True, False]).flatmap(
        lambda is_valid: valid if is_valid else VALUES
    )


ANY_DATE = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "titel": mostly(st.text(min_size=1, max_size=40)),
    "type": mostly(st.sampled_from(["program", "arrangement", "kursus", "møde"])),
    "dato": mostly(ANY_DATE.map(date.isoformat)),
    "tekst": mostly(st.text(min_size=1)),
    "slutdato": mostly(ANY_DATE.map(date.isoformat)),
    "temaer": mostly(st.lists(st.sampled_from(["Tilhør", "Tempo og pauser", "Andet"]))),
    "sektion": mostly(st.sampled_from(["Programmet", "Kurser", "Ukendt"])),
    "ansvarlig": mostly(st.text(max_size=30)),
    "deltagere": mostly(
        st.one_of(
            st.from_regex(r"[+-]?[0-9]{1,12}|[1-9][0-9]{0,2}(\.[0-9]{3}){1,3}", fullmatch=True),
            st.integers(4_000, 6_000).map(lambda digits: "1" * digits),
        )
    ),
    "intern": mostly(st.sampled_from(["ja", "nej", "true", "Nej", "måske"])),
    "kladde": mostly(st.sampled_from(["ja", "nej", "yes", "NEJ", "halvt"])),
    "billeder": mostly(PICTURES),
}
REQUIRED = ("titel", "type", "dato", "tekst")
MISSPELT_KEYS = ("titl", "Titel", "dato ", "billede", "x", "")


def entry_mapping(
    fields: dict[str, Any], left_out: frozenset[str], unknown: dict[str, Any]
) -> dict[str, Any]:
    return {**{key: value for key, value in fields.items() if key not in left_out}, **unknown}


ENTRY_MAPPINGS = st.builds(
    entry_mapping,
    st.fixed_dictionaries(
        {key: FIELD_VALUES[key] for key in REQUIRED},
        optional={key: value for key, value in FIELD_VALUES.items() if key not in REQUIRED},
    ),
    st.one_of(st.just(frozenset()), st.frozensets(st.sampled_from(REQUIRED))),
    st.one_of(st.just({}), st.dictionaries(st.sampled_from(MISSPELT_KEYS), VALUES, max_size=2)),
)


def test_the_random_entries_try_every_field_of_the_format() -> None:
    assert set(FIELD_VALUES) == set(ENTRY_SCHEMA)


@FAST
@given(ENTRY_MAPPINGS)
@example({"titel": "T", "type": "kursus", "dato": "2024-04-15", "tekst": "x"})
@example(
    {
        "titel": "T",
        "type": "kursus",
        "dato": "2024-04-15",
        "tekst": "x",
        "billeder": [{"fil": "../../../../etc/passwd", "alt": "x"}],
    }
)
def test_reading_any_entry_mapping_gives_an_entry_or_a_user_error(
    config: Config, fields: dict[str, Any]
) -> None:
    text = yaml.safe_dump(fields, allow_unicode=True)
    try:
        entry = entry_from_mapping(
            entry_path(config), parse_mapping(entry_path(config), text), config
        )
    except UserError as error:
        assert error.problems
        return
    event("an Entry")
    assert isinstance(entry, Entry)
    assert entry.title and entry.text and entry.type in config.types
    assert entry.end is None or entry.end >= entry.start
    assert set(entry.themes) <= set(config.themes)
    for picture in entry.pictures:
        event("an Entry with a picture")
        assert picture.path.is_relative_to(config.root.resolve()) and picture.path.is_file()


def read_entry_text(config: Config, text: str) -> Entry | UserError:
    try:
        return entry_from_mapping(
            entry_path(config), parse_mapping(entry_path(config), text), config
        )
    except UserError as error:
        return error


BASE_ENTRY = "titel: T\ntype: kursus\ndato: 2024-04-15\ntekst: x\n"


def test_a_participant_count_with_thousands_of_digits_is_a_user_error(config: Config) -> None:
    try:
        outcome = read_entry_text(config, BASE_ENTRY + "deltagere: " + "1" * 5000 + "\n")
    except ValueError as crash:
        raise AssertionError(f"crashed: {crash!r}"[:200]) from None
    assert isinstance(outcome, UserError)
    assert outcome.problems[0].field == "deltagere"


@pytest.mark.parametrize(
    "name", ['"foto\\0.png"', "a" * 300 + ".png"], ids=["nul-character", "300-character-name"]
)
def test_an_impossible_picture_file_name_is_a_user_error(config: Config, name: str) -> None:
    text = BASE_ENTRY + f"billeder:\n  - fil: {name}\n    alt: Et billede\n"
    try:
        outcome = read_entry_text(config, text)
    except (ValueError, OSError) as crash:
        raise AssertionError(f"crashed: {crash!r}"[:200]) from None
    assert isinstance(outcome, UserError)
    assert outcome.problems[0].field == "billeder[1].fil"


# --- Markdown: only the small set of tags, only web and mail links --------------------------

# span: only around a very long word, to keep it out of hyphenation (class langt-ord).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br", "span"}
ALLOWED_TAGS |= {"h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
# No on…= handlers, no src; a style only as a table column's alignment.
ALLOWED_ATTRIBUTES = {"href", "title", "class", "start", "scope", "lang", "style"}
ALLOWED_STYLES = {"text-align:left", "text-align:right", "text-align:center"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.styles: set[str] = set()
        self.empty_headings = 0
        self._heading_text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self.styles |= {value or "" for name, value in attrs if name == "style"}
        if tag in {"h3", "h4", "h5", "h6"}:
            self._heading_text = ""

    def handle_data(self, data: str) -> None:
        if self._heading_text is not None:
            self._heading_text += data

    def handle_endtag(self, tag: str) -> None:
        self.tags.add(tag)
        if tag in {"h3", "h4", "h5", "h6"} and self._heading_text is not None:
            self.empty_headings += not self._heading_text.strip()
            self._heading_text = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


MARKDOWNISH = st.lists(
    st.sampled_from(
        [
            "[a](",
            ")",
            "](",
            "![b](",
            "<",
            ">",
            "*",
            "_",
            "**",
            "- ",
            "+ ",
            "1. ",
            "\n",
            "\n\n",
            "  ",
            "&#106;",
            "&amp;",
            "\\",
            "`",
            '"',
            "'",
            " ",
            "http://x",
            "https://y.dk/",
            "mailto:a",
            "javascript:",
            "JAVASCRIPT:",
            "file:///etc/passwd",
            "data:text/html,",
            "vbscript:",
            "<script>",
            "<img src=x onerror=alert(1)>",
            '<a href="javascript:x">',
            "tekst",
            "\u202e",
            "\x00",
        ]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), MARKDOWNISH))
@example("[a](javascript:alert(1)) [b](<  file:///etc/passwd>) [c](&#106;avascript:x)")
@example('<img src="file:///etc/passwd"> ![x](http://127.0.0.1/)')
@example("[a](HTTPS://x.dk) [b](<\thttp://x>)")
@example("#")
@example("## **  **\n\n| a | b |\n|:--|--:|\n| [x]{sprog=en} | y |")
def test_markdown_gives_only_the_allowed_tags_and_safe_links(text: str) -> None:
    markup = _Markup()
    markup.feed(body_html(parse_body(text)))
    markup.close()
    assert markup.tags <= ALLOWED_TAGS
    assert markup.attributes <= ALLOWED_ATTRIBUTES
    assert markup.styles <= ALLOWED_STYLES
    assert markup.empty_headings == 0  # a screen reader would announce an empty heading
    for href in markup.hrefs:
        # The scheme is case-insensitive (RFC 3986), so "HTTPS://" counts as https.
        assert href.lower().startswith(SAFE_SCHEMES), href


@pytest.mark.parametrize("text", ["[klik her]()", "[klik her]( )"])
def test_a_link_without_a_target_is_plain_text_as_in_the_docx(text: str) -> None:
    blocks = parse_body(text)
    assert isinstance(blocks[0], Paragraph)
    assert not any(isinstance(node, Link) for node in blocks[0].inlines)  # the DOCX: no link
    markup = _Markup()
    markup.feed(body_html(parse_body(text)))
    assert "a" not in markup.tags


# --- `new` writes what it was told ----------------------------------------------------------

# What reading a field does to text, as documented in fields.py and authoring.py; the
# expected values are normalised the same way instead of restricting the strategies, so
# that pasted control characters, invisible characters and odd line breaks are covered:
#   - every text passes through clean_text (one kind of line break, no control characters);
#   - one-line fields (titel, ansvarlig) lose zero-width and direction characters and have
#     their whitespace collapsed to single spaces;
#   - the multi-line tekst is stripped, then loses its direction controls; a line holding
#     only whitespace is written as an empty line.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def as_one_line_field(text: str) -> str:
    return " ".join(INVISIBLE.sub("", " ".join(clean_text(text).split())).split())


def as_multi_line_field(text: str) -> str:
    lines = clean_text(text).split("\n")
    body = "\n".join(line if line.strip() else "" for line in lines).strip()
    return DIRECTION_CONTROLS.sub("", body)


# Any text a one-line field can be pasted with: control characters, tabs and line or
# paragraph separators included (only lone surrogates, which no file can hold, are left out).
ONE_LINE = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40)
YEARS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def drafts(draw: st.DrawFn) -> EntryDraft:
    start = draw(YEARS)
    end = draw(
        st.none()
        | st.integers(0, 400)
        .map(lambda days: start + timedelta(days))
        .filter(lambda day: day.year <= 2099)
    )
    return EntryDraft(
        type=draw(st.sampled_from(SMALL.types)),
        title=draw(ONE_LINE),
        start=start,
        end=end,
        themes=draw(st.lists(st.sampled_from(SMALL.themes), unique=True)),
        responsible=draw(st.none() | st.text(max_size=30)),
        participants=draw(st.none() | st.integers(0, 100_000)),
        internal=draw(st.booleans()),
        unfinished=draw(st.booleans()),
        text=draw(st.text(min_size=1, max_size=200)),
    )


@settings(max_examples=200, deadline=None)
@given(drafts())
@example(
    EntryDraft(
        type="kursus",
        title="  Forældre\u200bmøde \u202ei\tklassen ",
        start=date(2024, 4, 15),
        end=date(2024, 4, 16),
        themes=["Tilhør"],
        responsible="Skole\u200d",
        participants=0,
        internal=True,
        text="\u202eFørste linje\r\n   \n\x0bAnden linje\x07 \n\n",
    )
)
@example(EntryDraft(type="program", title="ja", start=date(2000, 1, 1), text="- nej\n- no"))
def test_a_draft_reads_back_as_the_entry_it_describes(draft: EntryDraft) -> None:
    assert draft.title is not None and draft.text is not None
    expected_title = as_one_line_field(draft.title)
    expected_text = as_multi_line_field(draft.text)
    assume(expected_title and expected_text)  # an empty title or text is a UserError
    path = Path("projekt") / "entries" / "indslag.yaml"
    mapping = parse_mapping(path, entry_yaml(draft))
    # The personal-data guard rightly refuses text that looks like a CPR number, a phone
    # number or an e-mail address; such drafts say nothing about the round trip.
    assume(not scan_mapping(path, mapping, internal=draft.internal, terms=SMALL.forbidden))

    expected = Entry(
        path=path,
        title=expected_title,
        type=draft.type or "",
        start=draft.start or date.min,
        end=draft.end,
        themes=tuple(draft.themes),
        responsible=as_one_line_field(draft.responsible or "") or None,
        participants=draft.participants,
        internal=draft.internal,
        draft=draft.unfinished,
        text=expected_text,
    )
    assert entry_from_mapping(path, mapping, SMALL) == expected
    assert validate_draft(SMALL, draft, path) == expected


def test_the_fixed_draft_example_normalises_as_documented() -> None:
    """The first example above, spelled out: what a pasted title and text become."""
    draft = EntryDraft(
        type="kursus",
        title="  Forældre\u200bmøde \u202ei\tklassen ",
        start=date(2024, 4, 15),
        responsible="Skole\u200d",
        text="\u202eFørste linje\r\n   \n\x0bAnden linje\x07 \n\n",
    )
    entry = validate_draft(SMALL, draft, Path("projekt") / "entries" / "indslag.yaml")
    assert entry.title == "Forældremøde i klassen"
    assert entry.responsible == "Skole"
    assert entry.text == "Første linje\n\n\nAnden linje"
