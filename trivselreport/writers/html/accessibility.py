"""Accessibility checks on the memo's HTML, before any PDF is drawn.

Like the best typesetters, the build checks what it can itself: a title and a
language, alternative text on every picture and chart, no skipped heading level,
and header cells in every table. The default templates pass by construction; the
checks catch a project's own templates and the pictures entries bring in.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from trivselreport.errors import Problem

SOURCE_ATTRIBUTE = "data-kilde"
_VOID = {"img", "meta", "link", "br", "hr", "input", "source", "col", "area", "base", "wbr"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.messages: list[tuple[str | None, str]] = []
        self.language: str | None = None
        self.title = ""
        self.in_title = False
        self.last_heading = 0
        self.tables: list[bool] = []  # one flag per open table: has a header cell
        self.svg_labelled: list[bool] = []
        self.in_svg_title = False

    def source(self) -> str | None:
        return next((src for _, src in reversed(self.stack) if src), None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        source = attributes.get(SOURCE_ATTRIBUTE) or None
        if tag == "html":
            self.language = (attributes.get("lang") or "").strip() or None
        elif tag == "title" and not self.svg_labelled:
            self.in_title = True
        elif tag == "img":
            if not (attributes.get("alt") or "").strip():
                self.messages.append(
                    (source or self.source(), "Et billede mangler en alternativ tekst (alt).")
                )
        elif len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            level = int(tag[1])
            if level > self.last_heading + 1:
                self.messages.append(
                    (
                        self.source(),
                        f"Overskriftsniveau {level} følger efter "
                        f"niveau {self.last_heading}; et niveau er sprunget over.",
                    )
                )
            self.last_heading = level
        elif tag == "table":
            self.tables.append(False)
        elif tag == "th" and self.tables:
            self.tables[-1] = True
        elif tag == "svg":
            labelled = bool(
                (attributes.get("aria-label") or "").strip() or attributes.get("aria-labelledby")
            )
            self.svg_labelled.append(labelled)
        elif tag == "title" and self.svg_labelled:
            self.in_svg_title = True
        if tag not in _VOID:
            self.stack.append((tag, source))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = self.in_svg_title = False
        elif tag == "table" and self.tables:
            if not self.tables.pop():
                self.messages.append(
                    (self.source(), "En tabel mangler kolonneoverskrifter (th-celler).")
                )
        elif tag == "svg" and self.svg_labelled and not self.svg_labelled.pop():
            self.messages.append(
                (
                    self.source(),
                    "En figur (SVG) mangler en tekst, der beskriver den (aria-label eller title).",
                )
            )
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif self.in_svg_title and data.strip() and self.svg_labelled:
            self.svg_labelled[-1] = True


def check_accessibility(html: str, project_dir: Path) -> list[Problem]:
    """Problems that keep the memo from being accessible; empty when all is well."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    problems = [
        Problem(project_dir / source if source else None, message, hint=_HINT)
        for source, message in checker.messages
    ]
    if not checker.language:
        problems.append(
            Problem(
                None,
                "Dokumentet har intet sprog (lang på html-elementet).",
                hint='Skabelonen skal starte med <html lang="da">.',
            )
        )
    if not checker.title.strip():
        problems.append(
            Problem(
                None,
                "Dokumentet har ingen titel (title-elementet er tomt).",
                hint="Skabelonen skal have <title> med notatets titel.",
            )
        )
    return problems


_HINT = (
    "Notatet offentliggøres og skal være tilgængeligt. Ret indslaget eller projektets "
    "skabelon, så det beskrevne er på plads."
)
