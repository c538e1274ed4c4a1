"""The memo's introduction in a form: /indledning/ret?periode=ÅÅÅÅ-MM.

Without `periode` it is the most recent memo configured under `memoer` (or, with
none, the current month). The file and its checks are `introedit`'s: the file the
memo reads, `check`'s personal-data scan, refused when the file changed since the
form was opened, and the typed text kept in the form after any refusal.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trivselreport.commands.entryedit import FileChanged
from trivselreport.commands.introedit import open_introduction, save_introduction
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.values import ValueProblem, parse_month
from trivselreport.web.app import ServerContext
from trivselreport.web.formparts import (
    PREVIEW_ACTION,
    ShownProblems,
    checked_form,
    config_problem_page,
    forbidden,
    markdown_preview,
    problem_page,
    project_config,
    shown_problems,
    text_of,
    writing_advice,
)
from trivselreport.web.pages import render_page

INTRO_ROUTE = "/indledning/ret"
HELP = (
    "Skriv indledningen i Markdown: afsnit adskilt af en tom linje, punkter med »- « "
    "forrest, **fed** og *kursiv*. Den bliver tjekket for personoplysninger, som »check« "
    "tjekker den, før den gemmes."
)


def configured_periods(config: Config) -> list[str]:
    """The configured memos' months, the most recent first."""
    months = []
    for memo in config.memos:
        try:
            year, month = parse_month(memo.period)
        except ValueProblem:
            continue
        months.append(f"{year:04d}-{month:02d}")
    return sorted(set(months), reverse=True)


def chosen_period(config: Config, given: str | None) -> str:
    """The month asked for (ÅÅÅÅ-MM), or the most recent configured memo's; ValueProblem
    with parse_month's message for anything that is not a month."""
    if given:
        year, month = parse_month(given)
        return f"{year:04d}-{month:02d}"
    periods = configured_periods(config)
    return periods[0] if periods else date.today().strftime("%Y-%m")


def intro_routes(context: ServerContext) -> list[BaseRoute]:
    project = context.project_dir

    def page(
        config: Config,
        period: str,
        file: str,
        text: str,
        fingerprint: str,
        *,
        problems: ShownProblems | None = None,
        preview: bool = False,
        conflict: bool = False,
        saved: bool = False,
        status: int = 200,
    ) -> Response:
        values: dict[str, Any] = {
            "period": period,
            "periods": sorted({*configured_periods(config), period}, reverse=True),
            "file": file,
            "text": text,
            "fingerprint": fingerprint,
            "problems": problems or ShownProblems(),
            "preview": markdown_preview(text, config.quotes) if preview and text.strip() else None,
            "writing_advice": {"tekst": writing_advice(config, text, context.project_dir)}
            if preview
            else {},
            "preview_asked": preview,
            "preview_action": PREVIEW_ACTION,
            "conflict": conflict,
            "saved": saved,
            "help": HELP,
            "csrf": context.secrets.csrf_token,
        }
        return render_page("form_intro.html.j2", status=status, **values)

    async def introduction(request: Request) -> Response:
        form = None
        if request.method == "POST":
            form = await checked_form(request, context)
            if form is None:
                return forbidden(context)
        try:
            config = await project_config(context)
        except UserError as error:
            return config_problem_page(request, context, error)
        # The form's hidden field, or the address's ?periode= (a script may use either).
        given = (text_of(form, "periode") if form is not None else "") or (
            request.query_params.get("periode")
        )
        try:
            period = chosen_period(config, given)
        except ValueProblem as refused:
            return problem_page(
                request,
                context,
                "Måneden findes ikke",
                [Problem(None, refused.message, hint=refused.hint)],
                status=400,
            )
        try:
            opened = await run_in_threadpool(open_introduction, config, period)
        except UserError as error:
            return problem_page(
                request, context, "Indledningen kan ikke åbnes", error.problems, status=409
            )
        shown_file = opened.path.relative_to(project).as_posix()
        if form is None:
            return page(
                config,
                period,
                shown_file,
                opened.text,
                opened.fingerprint,
                saved=request.query_params.get("gemt") == "ja",
            )
        text = text_of(form, "tekst")
        fingerprint = text_of(form, "fingeraftryk")
        if text_of(form, "handling") == PREVIEW_ACTION:
            return page(config, period, shown_file, text, fingerprint, preview=True)
        try:
            await run_in_threadpool(save_introduction, config, period, text, fingerprint)
        except FileChanged as error:
            shown = shown_problems(error.problems, project, ("tekst",))
            return page(
                config,
                period,
                shown_file,
                text,
                fingerprint,
                problems=shown,
                conflict=True,
                status=409,
            )
        except UserError as error:
            problems = [  # the line is one of the text in the field
                Problem(None, _at_line(problem), field="tekst", hint=problem.hint)
                for problem in error.problems
            ]
            shown = shown_problems(problems, project, ("tekst",))
            return page(config, period, shown_file, text, fingerprint, problems=shown, status=422)
        context.writes.note(opened.path)
        return RedirectResponse(f"{INTRO_ROUTE}?periode={quote(period)}&gemt=ja", status_code=303)

    return [Route(INTRO_ROUTE, introduction, methods=["GET", "POST"])]


def _at_line(problem: Problem) -> str:
    return f"Linje {problem.line}: {problem.message}" if problem.line else problem.message
