"""Entries and the introduction written in a form: the routes, and what their pages share.

    GET  /indslag/nyt                     the form for a new entry
    POST /indslag/nyt                     checked as `new` checks it, then written as `new` writes
    GET  /indslag/ret?fil=entries/…yaml   the form filled from an entry file
    POST /indslag/ret                     that file written back (only it; unshown keys kept)
    GET  /indslag/gemt?fil=…              the confirmation naming the file
    GET  /indledning/ret?periode=ÅÅÅÅ-MM  the memo's introduction in a form
    POST /indledning/ret                  written back
    POST /tekst/forhaandsvisning          a Markdown text as the memo's HTML (the live preview)
    POST /ordliste/tilfoej                a word of the spelling advice added to ordliste.txt,
                                          and the entry form shown again as posted

The pages are in `entryform` and `introform`, what they share in `formparts`. Every
POST carries the CSRF token (the middleware has already checked its Origin). The
forms work without JavaScript; static/forhaandsvisning.js only adds the live preview.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from trivselreport.errors import UserError
from trivselreport.reading.config import DEFAULT_QUOTES
from trivselreport.web.app import ServerContext
from trivselreport.web.entryform import entry_routes
from trivselreport.web.formparts import (
    checked_form,
    forbidden,
    markdown_preview,
    project_config,
    text_of,
)
from trivselreport.web.introform import intro_routes

PREVIEW_ROUTE = "/tekst/forhaandsvisning"


def preview_route(context: ServerContext) -> Route:
    """POST /tekst/forhaandsvisning: the field `tekst` as the memo's HTML."""

    async def preview(request: Request) -> Response:
        form = await checked_form(request, context)
        if form is None:
            return forbidden(context)
        try:
            quotes = (await project_config(context)).quotes
        except UserError:
            quotes = DEFAULT_QUOTES  # the form's page says what is wrong with the config
        html = await run_in_threadpool(markdown_preview, text_of(form, "tekst"), quotes)
        return HTMLResponse(str(html), headers={"Cache-Control": "no-store"})

    return Route(PREVIEW_ROUTE, preview, methods=["POST"])


def routes(context: ServerContext) -> list[BaseRoute]:
    """Every route of the forms, for `create_app`."""
    return [*entry_routes(context), *intro_routes(context), preview_route(context)]
