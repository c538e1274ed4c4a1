"""The Jinja environment the memo's templates run in: the loader and the sandbox.

The project's own templates/ folder comes first, so a project can replace a
single template or stylesheet; the defaults ship inside the package.

A project's template is the project's code, but it may not reach further than
the memo: templates run in Jinja's sandbox, the paths in the memo show their
names but open no file, and every project file is read from inside the project
only. Stylesheets (*.css) never pass through Jinja: they are inserted as text,
so `{{` in lokal.css is CSS.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.exceptions import TemplateRuntimeError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from trivselreport.errors import Problem, UserError
from trivselreport.memo.document import Figure
from trivselreport.reading.files.confine import inside_project
from trivselreport.writers.html.body import body_html, has_text_blocks
from trivselreport.writers.html.older_names import (
    is_hidden_from_templates,
    older_template_name,
)

PACKAGE_TEMPLATES = Path(__file__).parent.parent.parent / "templates"
PROJECT_TEMPLATES = "templates"
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
    environment.globals["has_text_blocks"] = has_text_blocks
    return environment
