"""Read a finished HTML or DOCX file back as its reader meets it, for the last guard.

Only what a reader (or a screen reader, a search engine, a file's properties
dialog) is shown is collected: text, alternative texts, titles, link targets,
document properties and the strings a stylesheet puts on the page with
`content:`. Picture data, file paths of fonts and other machinery are not.

Block elements and table cells are separated by a record separator (a control
character no pattern reads as a space, dash or letter), so the numbers of two
cells never read as one; inline elements join, as on the page.
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from io import BytesIO
from xml.etree import ElementTree

BLOCK_BREAK = "\x1e"

_INLINE_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "code",
        "data",
        "dfn",
        "em",
        "i",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
        "font",
        "o:p",
    }
)
_PUBLISHED_ATTRIBUTES = frozenset(
    {"alt", "title", "aria-label", "aria-description", "summary", "abbr", "label"}
)
_META_NAMES = frozenset({"author", "description", "keywords", "subject", "title", "creator"})
_CSS_CONTENT = re.compile(r"content\s*:\s*([^;}]*)", re.IGNORECASE)
_CSS_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":
            self._in_style = True
        if tag not in _INLINE_TAGS:
            self.pieces.append(BLOCK_BREAK)
        values = dict(attrs)
        for name, value in attrs:
            if value and name in _PUBLISHED_ATTRIBUTES:
                self.pieces += [BLOCK_BREAK, value, BLOCK_BREAK]
        href = values.get("href")
        if href and not href.startswith("#"):
            from urllib.parse import unquote

            self.pieces += [BLOCK_BREAK, unquote(href), BLOCK_BREAK]
        if tag == "meta" and (values.get("name") or "").lower() in _META_NAMES:
            self.pieces += [BLOCK_BREAK, values.get("content") or "", BLOCK_BREAK]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag not in _INLINE_TAGS:
            self.pieces.append(BLOCK_BREAK)

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.pieces += [BLOCK_BREAK, *_css_strings(data), BLOCK_BREAK]
        else:
            self.pieces.append(data)


def html_text(html: str) -> str:
    """The published text of an HTML document (the PDF's source or the Word HTML)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return "".join(reader.pieces)


def _css_strings(css: str) -> list[str]:
    """The strings a stylesheet shows on the page: those of `content:` declarations."""
    strings: list[str] = []
    for declaration in _CSS_CONTENT.finditer(css):
        for match in _CSS_STRING.finditer(declaration.group(1)):
            raw = match.group(1) if match.group(1) is not None else match.group(2)
            strings.append(_CSS_ESCAPE.sub(_unescape_css, raw))
        strings.append(BLOCK_BREAK)
    return strings


def _unescape_css(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
    return "" if match.group(2) == "\n" else match.group(2)


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")


def docx_text(data: bytes) -> str:
    """The published text of a DOCX: paragraphs, alternative texts, link targets and
    the document's properties (title, author, subject …)."""
    pieces: list[str] = []
    with zipfile.ZipFile(BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if _TEXT_PARTS.fullmatch(name):
                pieces += _word_part_text(archive.read(name))
            elif name.startswith("docProps/") and name.endswith(".xml"):
                root = ElementTree.fromstring(archive.read(name))
                pieces += [BLOCK_BREAK + (element.text or "") for element in root.iter()]
            elif name.endswith(".rels"):
                root = ElementTree.fromstring(archive.read(name))
                pieces += [
                    BLOCK_BREAK + element.get("Target", "")
                    for element in root.iter()
                    if element.get("TargetMode") == "External"
                ]
    return "".join(pieces)


def _word_part_text(xml: bytes) -> list[str]:
    pieces: list[str] = []
    for element in ElementTree.fromstring(xml).iter():
        tag = element.tag
        if tag == f"{_WORD_NS}p" or tag == f"{_WORD_NS}tc":
            pieces.append(BLOCK_BREAK)
        elif tag == f"{_WORD_NS}t" or tag == f"{_WORD_NS}instrText":
            pieces.append(element.text or "")
        elif tag in (f"{_WORD_NS}tab", f"{_WORD_NS}br", f"{_WORD_NS}cr"):
            pieces.append(" ")
        for attribute in ("descr", "title", "name"):
            value = element.get(attribute)
            if value and tag.endswith("}docPr"):
                pieces += [BLOCK_BREAK, value, BLOCK_BREAK]
    return pieces
