"""HTML for the PDF and for Word, from one composed memo and one Jinja loader.

The project's own templates/ folder comes first, so a project can replace a
single template or stylesheet; the defaults ship inside the package.

A project's template is the project's code, but it may not reach further than
the memo: templates run in Jinja's sandbox, the paths in the memo show their
names but open no file, and every project file is read from inside the project
only. Stylesheets (*.css) never pass through Jinja: they are inserted as text,
so `{{` in lokal.css is CSS. A mistake in a template is a Danish message with
the template's file and line, never a traceback.
"""

from __future__ import annotations

import base64
import os
import re
import traceback
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateRuntimeError,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from trivselreport.errors import Problem, UserError, printable
from trivselreport.memo import wording
from trivselreport.memo.document import Figure, Memo
from trivselreport.memo.guard import guard_output
from trivselreport.reading.confine import inside_project
from trivselreport.writers.html_body import body_html
from trivselreport.writers.readback import html_text
from trivselreport.writers.registry import WriterProject
from trivselreport.writers.template_names import (
    is_hidden_from_templates,
    older_template_name,
)

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
PROJECT_TEMPLATES = "templates"
INTERNAL_LABEL = wording.INTERNAL_LABEL
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024

# What a template may ask of a path in the memo: its name, never its contents.
_PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix", "as_posix", "as_uri"})
_STYLESHEET_NAME = re.compile(r"[\w.\-/]+")


def data_uri(figure: Figure) -> str:
    """A picture inlined in the Word HTML, so the file needs nothing beside it (the
    published copy, without hidden data)."""
    encoded = base64.b64encode(figure.data).decode("ascii")
    return f"data:{figure.media_type};base64,{encoded}"


def _picture_data_uri(picture: object) -> str:
    if not isinstance(picture, Figure):
        raise TemplateRuntimeError("filteret data_uri virker kun på et billede fra et indslag")
    return data_uri(picture)


def _body_filter(body: object) -> Markup:
    if body is None:
        return Markup("")
    if not isinstance(body, tuple):
        raise TemplateRuntimeError(
            "filteret html virker kun på en tekst fra notatet, fx item.body eller memo.intro"
        )
    return body_html(body)


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, where a path in the memo also opens, lists or removes nothing, and
    the memo shows only its template contract (`memo.document`)."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) and attr not in _PATH_ATTRIBUTES:
            return False
        if is_hidden_from_templates(obj, attr):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def getattr(self, obj: Any, attribute: str) -> Any:
        older = older_template_name(obj, attribute)
        if older is not None:
            return older
        return super().getattr(obj, attribute)


class TemplateFiles(BaseLoader):
    """Templates and stylesheets: the project's templates/ first, then the package's.

    Project files are confined to the project (links included) and read as UTF-8.
    A stylesheet included as a template (`{% include "lokal.css" %}`, as older
    project templates do) becomes a call of `stylesheet`, so its text is never
    read by Jinja.
    """

    def __init__(self, project_dir: Path) -> None:
        self.project_dir = project_dir
        self.folder = project_dir / PROJECT_TEMPLATES
        self.filenames: set[str] = set()  # every template read, to find it in a traceback
        if os.path.lexists(self.folder):
            inside_project(self.folder, project_dir, "Mappen templates")

    def find(self, name: str) -> Path:
        pieces = split_template_path(name)  # refuses ".." with TemplateNotFound
        own = self.folder.joinpath(*pieces)
        if os.path.lexists(own):
            return own
        shipped = PACKAGE_TEMPLATES.joinpath(*pieces)
        if shipped.is_file():
            return shipped
        raise TemplateNotFound(name)

    def read(self, path: Path, what: str) -> str:
        source = (
            path
            if path.is_relative_to(PACKAGE_TEMPLATES)
            else inside_project(path, self.project_dir, what)
        )
        if not source.is_file():
            raise UserError(
                Problem(
                    path,
                    f"{what} er ikke en almindelig fil.",
                    hint="Læg en almindelig tekstfil i templates/, eller "
                    "fjern den, så standardudgaven bruges.",
                )
            )
        if source.stat().st_size > MAX_TEMPLATE_BYTES:
            raise UserError(
                Problem(
                    path,
                    f"{what} er for stor; grænsen er {MAX_TEMPLATE_BYTES // 1024 // 1024} MiB.",
                )
            )
        data = source.read_bytes()
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                Problem(
                    path,
                    f"{what} er ikke gemt som UTF-8.",
                    line=data.count(b"\n", 0, error.start) + 1,
                    hint="Åbn filen i en editor, og gem den igen med kodningen UTF-8.",
                )
            ) from None

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        if template.lower().endswith(".css"):
            if not _STYLESHEET_NAME.fullmatch(template):
                raise TemplateNotFound(template)
            self.find(template)
            return f"{{{{ stylesheet('{template}') }}}}", None, lambda: True
        path = self.find(template)
        text = self.read(path, "Skabelonen")
        self.filenames.add(str(path))
        return text, str(path), lambda: True

    def stylesheet(self, name: str) -> Markup:
        """The stylesheet's text as it is, safe inside <style>: `</` cannot end the element
        (in CSS `<\\/` is the same as `</`)."""
        text = self.read(self.find(name), "Stilarket")
        return Markup(text.replace("</", "<\\/"))


def template_environment(project_dir: Path) -> Environment:
    files = TemplateFiles(project_dir)
    environment = _Sandbox(
        loader=files,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    environment.filters["data_uri"] = _picture_data_uri
    environment.filters["html"] = _body_filter
    environment.globals["stylesheet"] = files.stylesheet
    return environment


def render_pdf_html(memo: Memo, project_dir: Path) -> str:
    from trivselreport.writers.chart import overview_svg

    chart = Markup(overview_svg(memo.overview)) if memo.overview else ""
    # font_faces: empty since fontconfig finds the fonts (trivselreport.writers.fonts); still
    # given for a project's own copy of an older memo.html.j2 that inserts it.
    return render_template(
        project_dir,
        "memo.html.j2",
        memo=memo,
        font_faces=Markup(""),
        internal_label=INTERNAL_LABEL,
        overview_svg=chart,
    )


def render_word_html(memo: Memo, project_dir: Path) -> str:
    return render_template(project_dir, "word.html.j2", memo=memo, internal_label=INTERNAL_LABEL)


def checked_pdf_html(memo: Memo, project: WriterProject) -> str:
    """The HTML the PDF is made from, checked for accessibility and guarded as a reader
    reads it. `build` asks for it on every build, whatever the formats: the project's
    memo.html.j2 and stylesheets are part of the memo it publishes, so a mistake in
    them, or personal data they add, stops the Word files too."""
    from trivselreport.writers.accessibility import check_accessibility

    html = render_pdf_html(memo, project.root)
    problems = check_accessibility(html, project.root)
    if problems:
        raise UserError(problems)
    guard_output("PDF", html_text(html), internal_edition=memo.internal, terms=project.forbidden)
    return html


def write_word_html(memo: Memo, project: WriterProject) -> bytes:
    """The memo as HTML that Word opens as a document, guarded as a reader reads it."""
    html = render_word_html(memo, project.root)
    guard_output(
        "HTML til Word", html_text(html), internal_edition=memo.internal, terms=project.forbidden
    )
    return html.encode("utf-8")


def render_template(project_dir: Path, name: str, **context: Any) -> str:
    """One template rendered; any mistake in it becomes a problem naming its file and line."""
    environment = template_environment(project_dir)
    assert isinstance(environment.loader, TemplateFiles)
    files = environment.loader
    try:
        return environment.get_template(name).render(**context)
    except UserError:
        raise
    except TemplateSyntaxError as error:
        raise UserError(_syntax_problem(error, files, name)) from None
    except Exception as error:
        where = _template_line(error, files)
        if where is None and not isinstance(error, TemplateError):
            raise  # not the template's doing: a bug, with its traceback
        path, line = where or (_path_of(files, name), None)
        message, hint = _runtime_message(error)
        raise UserError(Problem(path, message, line=line, hint=hint)) from None


def _syntax_problem(error: TemplateSyntaxError, files: TemplateFiles, name: str) -> Problem:
    path = Path(error.filename) if error.filename else _path_of(files, name)
    return Problem(
        path,
        f"Skabelonen har en fejl i Jinja-koden: {_detail(error)}.",
        line=error.lineno,
        hint="Se efter {{ … }} og {% … %}, der ikke er lukket, "
        "og efter stavefejl i ord som endif og endfor.",
    )


TEMPLATE_SUFFIXES = (".j2", ".html", ".htm")


def template_problems(project_dir: Path) -> list[Problem]:
    """What `check` can tell of the project's own templates without a memo: encoding
    and Jinja syntax. (A misspelt name shows only when a memo is built; links leading
    out are named by `checking.support_file_problems`.)"""
    try:
        environment = template_environment(project_dir)
    except UserError:
        return []
    assert isinstance(environment.loader, TemplateFiles)
    files = environment.loader
    if not files.folder.is_dir():
        return []
    problems: list[Problem] = []
    for name in _template_names(files.folder.resolve()):
        try:
            inside_project(files.folder / name, project_dir, name)
        except UserError:
            continue
        try:
            if name.lower().endswith(".css"):
                files.stylesheet(name)
            elif name.lower().endswith(TEMPLATE_SUFFIXES):
                environment.get_template(name)
        except UserError as error:
            problems.extend(error.problems)
        except TemplateSyntaxError as error:
            problems.append(_syntax_problem(error, files, name))
        except TemplateNotFound:
            continue  # a name Jinja cannot address (with ".."), so never used
    return problems


def _template_names(folder: Path) -> list[str]:
    names: list[str] = []
    for current, folders, filenames in os.walk(folder):
        parts = Path(current).relative_to(folder).parts
        folders[:] = [name for name in folders if not name.startswith(".")]
        names.extend(
            "/".join((*parts, name))
            for name in filenames
            if not name.startswith(".") and name.isprintable()
        )
    return sorted(names)


def _path_of(files: TemplateFiles, name: str) -> Path:
    try:
        return files.find(name)
    except TemplateNotFound:
        return files.folder / name


def _template_line(error: BaseException, files: TemplateFiles) -> tuple[Path, int] | None:
    """The template file and line the error came from (Jinja puts them in the traceback)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename in files.filenames and frame.lineno is not None:
            return Path(frame.filename), frame.lineno
    return None


def _detail(error: BaseException) -> str:
    text = printable(getattr(error, "message", None) or str(error)).strip().rstrip(".")
    return text if len(text) <= 200 else text[:200] + " …"


def _runtime_message(error: Exception) -> tuple[str, str]:
    detail = _detail(error)
    if isinstance(error, SecurityError):
        named = re.search(r"attribute '([^']*)'", detail)
        what = f"»{named[1]}«" if named else f"noget ({detail})"
        return (
            f"Skabelonen prøver at bruge {what}, som en skabelon ikke har adgang til.",
            "En skabelon kan kun vise notatets indhold, fx {{ memo.title }}; fjern udtrykket.",
        )
    if isinstance(error, UndefinedError):
        named = re.search(r"has no attribute '([^']*)'", detail) or re.search(
            r"^'([^']*)' is undefined", detail
        )
        what = f"»{named[1]}«" if named else f"noget ({detail})"
        return (
            f"Skabelonen bruger {what}, som ikke findes.",
            "Ret stavningen; standardskabelonerne i pakken (trivselreport/templates) "
            "viser de navne, der kan bruges.",
        )
    if isinstance(error, TemplateNotFound):
        return (
            f"Skabelonen henviser til »{printable(str(error.name))}«, som hverken findes i "
            "projektets templates/ eller blandt standardskabelonerne.",
            "Ret navnet, eller læg filen i projektets templates/.",
        )
    if isinstance(error, TemplateError):
        return (
            f"Skabelonen kan ikke bruges: {detail}.",
            "Ret linjen, eller sammenlign med standardskabelonen i pakken.",
        )
    return (
        f"Et udtryk i skabelonen kan ikke beregnes ({type(error).__name__}: {detail}).",
        "Ret udtrykket i linjen, eller sammenlign med standardskabelonen i pakken.",
    )
