"""A mistake in a template as a Danish problem with the template's file and line.

At render time (`runtime_problem`, `syntax_problem`) and, for `check`, without a memo
(`template_problems`: encoding and Jinja syntax of the project's own templates).
"""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path

from jinja2 import TemplateNotFound
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)

from trivselreport.errors import Problem, UserError, printable
from trivselreport.reading.files.confine import inside_project
from trivselreport.writers.html.sandbox import TemplateFiles, template_environment

TEMPLATE_SUFFIXES = (".j2", ".html", ".htm")


def syntax_problem(error: TemplateSyntaxError, files: TemplateFiles, name: str) -> Problem:
    """A template Jinja cannot read, at the line where Jinja found the mistake."""
    path = Path(error.filename) if error.filename else _path_of(files, name)
    return Problem(
        path,
        f"Skabelonen har en fejl i Jinja-koden: {_detail(error)}.",
        line=error.lineno,
        hint="Se efter {{ … }} og {% … %}, der ikke er lukket, "
        "og efter stavefejl i ord som endif og endfor.",
    )


def runtime_problem(error: Exception, files: TemplateFiles, name: str) -> Problem | None:
    """A template that failed while it rendered, at the line it failed in; None when the
    error is not the template's doing (a bug, to be raised with its traceback)."""
    where = _template_line(error, files)
    if where is None and not isinstance(error, TemplateError):
        return None
    path, line = where or (_path_of(files, name), None)
    message, hint = _runtime_message(error)
    return Problem(path, message, line=line, hint=hint)


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
            problems.append(syntax_problem(error, files, name))
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
