"""Helpers for the tests of the forms: an app on a project, a client that posts as the
server's own pages do, and what a page's HTML holds (its fields, its messages)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from typer.testing import CliRunner

from trivselreport.cli.app import app as cli_app
from trivselreport.web import forms
from trivselreport.web.app import ServerContext, create_app
from trivselreport.web.security import ServerSecrets

HOST = "127.0.0.1:8000"
ORIGIN = f"http://{HOST}"
CPR = "150312-1234"
MASKED_CPR = "150312-****"


@dataclass
class Forms:
    """A client for the forms of one project, with the server's CSRF token."""

    project: Path
    context: ServerContext
    client: TestClient

    @property
    def token(self) -> str:
        return self.context.secrets.csrf_token

    def get(self, url: str, **params: str) -> Any:
        return self.client.get(url, params=params) if params else self.client.get(url)

    def post(self, url: str, data: dict[str, Any], *, token: bool = True) -> Any:
        fields = {**data, "csrf": self.token} if token else dict(data)
        return self.client.post(url, data=fields, follow_redirects=False)


def forms_client(project: Path) -> Forms:
    context = ServerContext(project, ServerSecrets.for_address("127.0.0.1", 8000))
    client = TestClient(
        create_app(context, forms.routes(context)),
        base_url=ORIGIN,
        headers={"Host": HOST, "Origin": ORIGIN},
    )
    return Forms(project, context, client)


def check(project: Path) -> tuple[int, str]:
    """`trivselreport check` on the project: its exit code and output."""
    result = CliRunner().invoke(cli_app, ["check", "--project", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def entry_files(project: Path) -> list[Path]:
    return sorted((project / "entries").rglob("*.yaml"))


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Page(HTMLParser):
    """The elements of a page with their attributes, and the text of textareas and
    elements with an id."""

    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {key: value or "" for key, value in attrs})
        self.elements.append(element)
        if tag not in ("input", "br", "meta", "link", "img"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def by_id(self, identifier: str) -> Element:
        found = [element for element in self.elements if element.attrs.get("id") == identifier]
        assert len(found) == 1, identifier
        return found[0]

    def named(self, name: str) -> list[Element]:
        return [element for element in self.elements if element.attrs.get("name") == name]

    def value(self, name: str) -> str:
        """What the form would post for `name` (the first field of that name)."""
        element = self.named(name)[0]
        if element.tag == "textarea":
            return element.text.removeprefix("\n")
        if element.tag == "select":
            options = self.options(element)
            chosen = [option for option in options if "selected" in option.attrs]
            return (chosen or options)[0].attrs.get("value", "")
        return element.attrs.get("value", "")

    def options(self, select: Element) -> list[Element]:
        start = self.elements.index(select)
        found = []
        for element in self.elements[start + 1 :]:
            if element.tag != "option":
                break
            found.append(element)
        return found


def page(html: str) -> Page:
    parsed = Page()
    parsed.feed(html)
    parsed.close()
    return parsed


def summary_texts(html: str) -> list[str]:
    """The error summary's items, as the user reads them ([] when there is none)."""
    match = re.search(r'<div class="fejlopsummering".*?</ul>', html, re.S)
    if match is None:
        return []
    return [
        " ".join(element.text.split())
        for element in page(match.group()).elements
        if element.tag == "li"
    ]


def field_errors(html: str, key: str) -> str:
    """The error text shown beside the field `key` (empty when there is none)."""
    parsed = page(html)
    found = [element for element in parsed.elements if element.attrs.get("id") == f"fejl-{key}"]
    return " ".join(found[0].text.split()) if found else ""


def fingerprint(html: str) -> str:
    match = re.search(r'name="fingeraftryk" value="([0-9a-f]*)"', html)
    assert match, "no fingerprint in the form"
    return match.group(1)
