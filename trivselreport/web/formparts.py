"""What the form pages share: problems as a form shows them, the refusal pages, the
posted form with its CSRF token checked, and the Markdown preview.

Every message shown goes through `redact`, so a page never repeats a CPR number or a
forbidden word in a message (the user's own input stays in its field).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse

from trivselreport.commands.authoring import clean_text
from trivselreport.commands.writinghelp import text_advice
from trivselreport.errors import Problem, UserError
from trivselreport.memo.body import parse_body
from trivselreport.memo.writing.typography import typeset_body
from trivselreport.reading.config import DEFAULT_QUOTES, Config, load_config, terms_for_messages
from trivselreport.reading.privacy.findings import redact
from trivselreport.web.app import ServerContext, csrf_given
from trivselreport.web.pages import render_page
from trivselreport.writers.html.body import body_html

PREVIEW_ACTION = "forhaandsvis"  # the value of the button that shows the preview


@dataclass(frozen=True)
class ShownProblem:
    """A problem as a form shows it: beside its field (`key`) and in the summary."""

    key: str | None  # the form field it belongs to, when the form shows that field
    text: str  # message and hint, personal data masked
    where: str  # the field or file it concerns, for the summary


@dataclass(frozen=True)
class ShownProblems:
    summary: tuple[ShownProblem, ...] = ()

    def of(self, key: str) -> list[str]:
        return [problem.text for problem in self.summary if problem.key == key]

    def __bool__(self) -> bool:
        return bool(self.summary)


def shown_problems(
    problems: Iterable[Problem], project_dir: Path, keys: Sequence[str]
) -> ShownProblems:
    """Problems as the form shows them; `keys` are the fields the form has."""
    terms = terms_for_messages(project_dir)
    fields = set(keys)
    shown: list[ShownProblem] = []
    for problem in problems:
        top = (problem.field or "").split("[")[0].split(".")[0]
        text = redact(problem.message, terms)
        if problem.hint:
            text += " " + redact(problem.hint, terms)
        if top in fields:
            shown.append(ShownProblem(top, text, f"felt »{problem.field}«"))
        else:  # the line would be one of the text checked, not of the file the user has
            where = Problem(problem.file, "", field=problem.field).location(project_dir)
            shown.append(ShownProblem(None, text, redact(where, terms)))
    order = {key: index for index, key in enumerate(keys)}
    # In the order of the form's fields (problems of no field last), as the user reads it.
    shown.sort(key=lambda problem: order.get(problem.key or "", len(order)))
    return ShownProblems(tuple(dict.fromkeys(shown)))


def problem_page(
    request: Request,
    context: ServerContext,
    title: str,
    problems: Iterable[Problem],
    *,
    status: int,
) -> HTMLResponse:
    """A short page saying why a form cannot be shown or saved, in check's words."""
    shown = shown_problems(
        [Problem(problem.file, problem.message, hint=problem.hint) for problem in problems],
        context.project_dir,
        (),
    )
    return render_page(
        "form_refused.html.j2",
        status=status,
        heading=title,
        problems=shown.summary,
        csrf=context.secrets.csrf_token,
    )


def forbidden(context: ServerContext) -> HTMLResponse:
    return render_page(
        "form_refused.html.j2",
        status=403,
        heading="Afvist",
        problems=[
            ShownProblem(
                None,
                "Formularen mangler serverens sikkerhedsnøgle, så intet er gemt. Åbn "
                "formularen igen fra serverens egen side, og send den derfra.",
                "",
            )
        ],
        csrf=context.secrets.csrf_token,
    )


async def checked_form(request: Request, context: ServerContext) -> FormData | None:
    """The posted form, or None when it lacks the server's CSRF token."""
    if not context.secrets.csrf_ok(await csrf_given(request)):
        return None
    return await request.form()


def text_of(form: FormData, key: str) -> str:
    """One field as text (a file posted in its place counts as empty)."""
    value = form.get(key)
    return value if isinstance(value, str) else ""


async def project_config(context: ServerContext) -> Config:
    return await run_in_threadpool(load_config, context.project_dir)


def config_problem_page(request: Request, context: ServerContext, error: UserError) -> HTMLResponse:
    return problem_page(
        request,
        context,
        "Konfigurationen skal rettes først",
        error.problems,
        status=409,
    )


def markdown_preview(text: str, quotes: str = DEFAULT_QUOTES) -> Markup:
    """A text as the memo shows it: the HTML writer's markup, raw HTML escaped, in the
    memo's typography (`memo.writing.typography`)."""
    return body_html(typeset_body(parse_body(clean_text(text)), quotes))


def writing_advice(config: Config, text: str, project_dir: Path) -> list[str]:
    """The writing help `check` would give on a form's text, as the form shows it."""
    if not text.strip():
        return []
    shown = shown_problems(text_advice(config, clean_text(text)), project_dir, ("tekst",))
    return shown.of("tekst")
