"""A project's own templates: sandboxed, stylesheets as text, and mistakes as messages.

Templates run in Jinja's sandbox: `{{ … }}` shows the memo but cannot reach
Python, the shell or a file. Stylesheets never pass through Jinja, so `{{`,
`{%` and even `</style>` in lokal.css are CSS. A typo in a template gives a
Danish message with the template's file and line, exit 1 and "Intet er
skrevet." – never a traceback.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trivselreport.commands.build import PeriodChoice, build_memo
from trivselreport.commands.prepare import prepare_memo
from trivselreport.writers.html.render import render_pdf_html, render_word_html
from trivselreport.writers.html.sandbox import PACKAGE_TEMPLATES

from .conftest import write_entry
from .test_cli import run


@pytest.fixture
def project(small_project: Path) -> Path:
    """The small project with an entry in April 2024 and an empty templates/ folder."""
    write_entry(
        small_project,
        "2024/a.yaml",
        'titel: "Kursus"\ntype: kursus\ndato: 2024-04-02\ntekst: Et kursus.\n',
    )
    (small_project / "templates").mkdir()
    return small_project


def build(project: Path) -> tuple[int, str]:
    return run("build", "--period", "2024-04", "--format", "html", "--project", str(project))


def template(project: Path, name: str, body: str) -> Path:
    """A project template: a small valid page with `body` on its line 4."""
    path = project / "templates" / name
    path.write_text(
        f'<!DOCTYPE html>\n<html lang="da">\n<head><title>{{{{ memo.title }}}}'
        f"</title></head>\n<body>{body}</body>\n</html>\n",
        encoding="utf-8",
    )
    return path


def assert_refused(project: Path, code: int, output: str, where: str, *words: str) -> None:
    assert code == 1, output
    assert f"Fejl i {where}" in output, output
    for word in words:
        assert word in output, output
    assert "Intet er skrevet." in output
    assert "Traceback" not in output
    assert not (project / "output").exists()


def memo_html(project: Path) -> tuple[str, str]:
    memo = prepare_memo(project, PeriodChoice(month="2024-04")).memo
    return render_pdf_html(memo, project), render_word_html(memo, project)


# --- the sandbox -------------------------------------------------------------------------

ESCAPES = [
    "{{ memo.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].system('touch {marker}') }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ joiner.__init__.__globals__.__builtins__.open('/etc/passwd').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ memo|attr('__class__') }}",
    "{{ memo.title.__class__.__base__ }}",
    "{% set x = memo.sections.append(1) %}",
    "{{ memo.header.pop() }}",
    "{{ memo.sources[0].read_text() }}",
    "{{ memo.sources[0].parent.parent.parent.joinpath('x').write_text('x') }}",
    "{% for s in memo.sections %}{% for i in s.items %}{{ i.entry.path.unlink() }}"
    "{% endfor %}{% endfor %}",
    "{{ memo.sources[0].open().read() }}",
    "{{ memo.title.format.__globals__ }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_a_template_cannot_reach_python_the_shell_or_a_file(
    project: Path, tmp_path: Path, payload: str
) -> None:
    marker = tmp_path / "pwned"
    template(project, "word.html.j2", payload.replace("{marker}", str(marker)))
    code, output = build(project)
    assert_refused(project, code, output, "templates/word.html.j2, linje 4", "ikke har adgang til")
    assert not marker.exists()
    assert (project / "entries" / "2024" / "a.yaml").is_file()


def test_the_shipped_templates_render_in_the_sandbox(project: Path) -> None:
    pdf_html, word_html = memo_html(project)
    assert "<h1>Status april 2024</h1>" in pdf_html and "Kursus" in word_html


# --- stylesheets are text ----------------------------------------------------------------

HOSTILE_CSS = (
    "/* {{ memo.__class__ }} {% if x %} {# no comment #} */\n"
    'h1::after { content: "}}{%"; }\n'
    'p::before { content: "</style><script>alert(1)</script>"; }\n'
    "/* </STYLE><img src=x onerror=alert(2)> */\n"
    "h2 { color: #0b3a63; }\n"
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.style = ""
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data


def _css_in_page(html: str) -> _Elements:
    elements = _Elements()
    elements.feed(html)
    return elements


@pytest.mark.parametrize("name", ["lokal.css", "memo.css", "word.css"])
def test_a_stylesheet_is_inserted_as_text_never_read_by_jinja(project: Path, name: str) -> None:
    shipped = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
    (project / "templates" / name).write_text(shipped + HOSTILE_CSS, encoding="utf-8")
    pdf_html, word_html = memo_html(project)
    page = _css_in_page(word_html if name == "word.css" else pdf_html)
    assert "script" not in page.tags and "img" not in page.tags
    assert "{{ memo.__class__ }} {% if x %} {# no comment #}" in page.style
    assert 'content: "}}{%"' in page.style and "h2 { color: #0b3a63; }" in page.style
    assert "<\\/style><script>" in page.style and "<\\/STYLE>" in page.style


def test_an_old_template_including_a_stylesheet_still_gets_it_as_text(project: Path) -> None:
    (project / "templates" / "lokal.css").write_text("/* {{ x }} {% y %} */", encoding="utf-8")
    template(project, "word.html.j2", '<style>{% include "lokal.css" %}</style>')
    _, word_html = memo_html(project)
    assert "<style>/* {{ x }} {% y %} */</style>" in word_html


def test_a_build_with_braces_in_the_word_stylesheet_succeeds(project: Path) -> None:
    (project / "templates" / "word.css").write_text("p { margin: 0 } /* {{ {% */", encoding="utf-8")
    code, output = build(project)
    assert code == 0, output
    (html,) = (project / "output" / "2024-04").glob("*.html")
    assert "/* {{ {% */" in html.read_text(encoding="utf-8")


@pytest.mark.pdf
def test_a_pdf_is_built_with_a_hostile_local_stylesheet(project: Path) -> None:
    (project / "templates" / "lokal.css").write_text(HOSTILE_CSS, encoding="utf-8")
    result = build_memo(project, PeriodChoice(month="2024-04"), formats=("pdf",))
    assert result.pdf_path.read_bytes().startswith(b"%PDF-")


# --- mistakes in a project's template ----------------------------------------------------

MISTAKES: dict[str, tuple[str, str]] = {
    "unclosed if": ("{% if memo.title %}", "Jinja-koden"),
    "unclosed expression": ("{{ memo.title }", "Jinja-koden"),
    "misspelt end tag": ("{% for s in memo.sections %}{% endfo %}", "Jinja-koden"),
    "unknown filter": ("{{ memo.title | upperr }}", "Jinja-koden"),
    "misspelt field": ("{{ memo.titel }}", "»titel«, som ikke findes"),
    "unknown name": ("{{ notat.title }}", "»notat«, som ikke findes"),
    "missing include": ('{% include "sidefod.html" %}', "»sidefod.html«"),
    "missing stylesheet": ('{{ stylesheet("egen.css") }}', "»egen.css«"),
    "wrong type": ("{{ memo.title + 1 }}", "kan ikke beregnes"),
    "division by zero": ("{{ 1 / 0 }}", "kan ikke beregnes"),
    "filter on the wrong thing": ("{{ memo | data_uri }}", "Skabelonen kan ikke bruges"),
    "call of a text": ("{{ memo.title() }}", "kan ikke beregnes"),
}


@pytest.mark.parametrize("case", list(MISTAKES))
@pytest.mark.parametrize("name", ["word.html.j2", "memo.html.j2"])
def test_a_typo_in_a_template_names_its_file_and_line(project: Path, case: str, name: str) -> None:
    body, words = MISTAKES[case]
    template(project, name, body)
    code, output = build(project)
    assert_refused(project, code, output, f"templates/{name}, linje 4", words)


def test_a_mistake_in_an_included_template_names_that_template(project: Path) -> None:
    (project / "templates" / "del.html").write_text("<p>\n{{ memo.titel }}</p>\n", encoding="utf-8")
    template(project, "word.html.j2", '{% include "del.html" %}')
    code, output = build(project)
    assert_refused(project, code, output, "templates/del.html, linje 2", "»titel«")


@pytest.mark.parametrize("name", ["word.html.j2", "lokal.css", "word.css"])
def test_a_template_or_stylesheet_not_saved_as_utf8_is_a_message(project: Path, name: str) -> None:
    (project / "templates" / name).write_bytes("/* Rødovre */\nbody { }\n".encode("cp1252"))
    code, output = build(project)
    assert_refused(project, code, output, f"templates/{name}, linje 1", "UTF-8")


def test_a_template_that_is_a_folder_is_a_message(project: Path) -> None:
    (project / "templates" / "word.html.j2").mkdir()
    code, output = build(project)
    assert_refused(project, code, output, "templates/word.html.j2", "ikke en almindelig fil")


def test_a_template_name_cannot_climb_out_of_templates(project: Path) -> None:
    (project / "hemmelig.html").write_text("HEMMELIG", encoding="utf-8")
    template(project, "word.html.j2", '{% include "../hemmelig.html" %}')
    code, output = build(project)
    assert_refused(project, code, output, "templates/word.html.j2, linje 4")
    assert "HEMMELIG" not in output


def test_the_message_never_quotes_more_than_a_short_detail(project: Path) -> None:
    template(project, "word.html.j2", "{{ " + "x" * 5000 + " }}")
    code, output = build(project)
    assert_refused(project, code, output, "templates/word.html.j2, linje 4")
    assert not re.search("x{300}", output)


# --- check reads the project's templates too ---------------------------------------------


def test_check_finds_a_syntax_error_in_a_template_and_a_stylesheet_not_in_utf8(
    project: Path,
) -> None:
    template(project, "word.html.j2", "{% if memo.title %}")
    (project / "templates" / "dele").mkdir()
    (project / "templates" / "dele" / "fod.html").write_text("<p>\n{{ x }</p>", encoding="utf-8")
    (project / "templates" / "lokal.css").write_bytes("/* Rødovre */".encode("cp1252"))
    code, output = run("check", "--project", str(project))
    assert code == 1, output
    assert "Fejl i templates/word.html.j2, linje 4: Skabelonen har en fejl" in output
    assert "Fejl i templates/dele/fod.html, linje 2" in output
    assert "Fejl i templates/lokal.css, linje 1: Stilarket er ikke gemt som UTF-8." in output
    assert "3 fejl fundet." in output and "Traceback" not in output


def test_check_accepts_valid_templates_and_stylesheets_with_braces(project: Path) -> None:
    template(project, "word.html.j2", "{{ memo.title }}")
    (project / "templates" / "lokal.css").write_text("/* {{ {% */", encoding="utf-8")
    code, output = run("check", "--strict", "--project", str(project))
    assert code == 0, output
