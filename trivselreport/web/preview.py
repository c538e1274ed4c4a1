"""The live preview's routes: the start page, the memo in its frame, its fonts and
pictures, the event stream, builds and their files.

    GET  /                          the start page: chooser, problems, the memo, its entries
    GET  /forhaandsvisning/notat    the memo's own HTML (shown in the start page's frame)
    GET  /forhaandsvisning/skrift/N the memo's fonts, for the browser
    GET  /forhaandsvisning/billede/D a picture of the memo, by digest
    GET  /begivenheder              Server-Sent Events: `version` and `bygning`
    POST /byg                       build the chosen memo (CSRF token and Origin required)
    GET  /filer/<periode>/<navn>    a file a build of this server wrote

The memo is never part of the app's page: it is its own document, in a frame that
may run no script (the frame's sandbox and the route's Content-Security-Policy),
so an entry's text can never act as the app's HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from trivselreport.commands.build import FORMATS
from trivselreport.errors import Problem
from trivselreport.web.app import ServerContext, csrf_given
from trivselreport.web.builds import FORMAT_LABELS, Builder
from trivselreport.web.choice import (
    CURRENT_MONTH,
    SPAN,
    PreviewChoice,
    choice_from_query,
    configured_months,
    this_month,
)
from trivselreport.web.events import Clock, events_response
from trivselreport.web.pages import render_page
from trivselreport.web.previews import PreviewState
from trivselreport.web.problems import count_phrase, shown_problems

MEMO_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}
NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
# On screen, the memo as a sheet of A4 paper in the frame (print keeps the memo's own rules).
SCREEN_CSS = (
    "@media screen { html { background: #e6e8eb; } "
    "body { box-sizing: border-box; width: 210mm; max-width: 100%; min-height: 297mm; "
    "margin: 1rem auto; padding: 20mm 20mm; background: #fff; "
    "box-shadow: 0 1px 4px rgba(0,0,0,.25); } }"
)
NOTHING_YET = (
    '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Intet notat endnu'
    "</title></head><body><main><p>Notatet kan ikke vises endnu. Fejlene står over notatet."
    "</p></main></body></html>"
)


@dataclass
class PreviewServer:
    """What the preview's routes share: the project, its previews, builds and events."""

    context: ServerContext
    state: PreviewState
    builder: Builder
    clock: Clock = field(default_factory=Clock)
    today: type[date] = date

    @property
    def project_dir(self) -> Path:
        return self.context.project_dir

    async def choice(self, request: Request) -> tuple[PreviewChoice, list[Problem]]:
        months = await run_in_threadpool(configured_months, self.project_dir)
        return choice_from_query(dict(request.query_params), months, self.today.today())

    async def start_page(self, request: Request) -> Response:
        # Read before the build's status: a build that moves on after this sends a newer one.
        build_version = self.clock.counts["bygning"]
        months = await run_in_threadpool(configured_months, self.project_dir)
        today = self.today.today()
        choice, choice_problems = choice_from_query(dict(request.query_params), months, today)
        result = await run_in_threadpool(self.state.result, choice)
        problems = shown_problems([*choice_problems, *result.problems], self.project_dir)
        good = result.good
        wanted = request.query_params.get("notat", "")
        return render_page(
            "preview.html.j2",
            title=good.title if good else "Forhåndsvisning",
            csrf=self.context.secrets.csrf_token,
            version=self.state.version,
            build_version=build_version,
            choice=choice,
            months=months,
            current_month=this_month(today),
            selected=_selected(wanted, choice),
            CURRENT_MONTH=CURRENT_MONTH,
            SPAN=SPAN,
            fra=request.query_params.get("fra", ""),
            til=request.query_params.get("til", ""),
            good=good,
            stale=good is not None and not result.current and bool(result.errors),
            problems=problems,
            has_errors=bool(result.errors or choice_problems),
            count=count_phrase(problems),
            frame_src=(
                f"/forhaandsvisning/notat?{choice.query()}&v={good.version}" if good else None
            ),
            build=self.builder.status,
            build_problems=shown_problems(list(self.builder.status.problems), self.project_dir),
            formats=[(name, FORMAT_LABELS[name]) for name in FORMATS],
        )

    async def memo_frame(self, request: Request) -> Response:
        choice, _problems = await self.choice(request)
        result = await run_in_threadpool(self.state.result, choice)
        html = result.good.html if result.good else NOTHING_YET
        headers = {**NO_STORE, "Content-Security-Policy": MEMO_CSP}
        return Response(_for_screen(html), media_type="text/html", headers=headers)

    async def font(self, request: Request) -> Response:
        number = request.path_params["number"]
        faces = screen_fonts()
        if not 0 <= number < len(faces):
            return _not_found()
        return FileResponse(faces[number][0], media_type="font/ttf")

    async def picture(self, request: Request) -> Response:
        digest = request.path_params["digest"]
        choice, _problems = await self.choice(request)
        result = await run_in_threadpool(self.state.result, choice)
        for good in filter(None, [result.good]):
            if digest in good.pictures:
                picture = good.pictures[digest]
                return Response(picture.data, media_type=picture.media_type, headers=NO_STORE)
        return _not_found()

    async def events(self, _request: Request) -> Response:
        return events_response(self.clock)

    async def build(self, request: Request) -> Response:
        if not self.context.secrets.csrf_ok(await csrf_given(request)):
            return render_page(
                "refused.html.j2",
                status=403,
                title="Afvist",
                message="Siden var for gammel til at bygge fra. Hent forsiden igen, og prøv igen.",
            )
        form = await request.form()
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        months = await run_in_threadpool(configured_months, self.project_dir)
        choice, _problems = choice_from_query(fields, months, self.today.today())
        wanted = {value for value in form.getlist("format") if isinstance(value, str)}
        formats = tuple(name for name in FORMATS if name in wanted) or FORMATS
        self.builder.start(choice, formats)
        return RedirectResponse(f"/?{choice.query()}#bygning", status_code=303)

    async def built_file(self, request: Request) -> Response:
        period_key, name = request.path_params["period"], request.path_params["name"]
        path = self.builder.served_file(period_key, name)
        if path is None or not path.is_file():
            return _not_found()
        suffix = path.suffix.lstrip(".").lower()
        inline = suffix == "pdf" and request.query_params.get("hent") is None
        disposition = "inline" if inline else "attachment"
        headers = {
            **NO_STORE,
            "Content-Security-Policy": FILE_CSP,
            "Content-Disposition": f"{disposition}; filename*=UTF-8''{_quoted(name)}",
        }
        return FileResponse(
            path, media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"), headers=headers
        )

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.start_page, methods=["GET"]),
            Route("/forhaandsvisning/notat", self.memo_frame, methods=["GET"]),
            Route("/forhaandsvisning/skrift/{number:int}", self.font, methods=["GET"]),
            Route("/forhaandsvisning/billede/{digest}", self.picture, methods=["GET"]),
            Route("/begivenheder", self.events, methods=["GET"]),
            Route("/byg", self.build, methods=["POST"]),
            Route("/filer/{period}/{name}", self.built_file, methods=["GET"]),
        ]


def _selected(wanted: str, choice: PreviewChoice) -> str:
    """Which option of the chooser stands selected."""
    if choice.month is None:
        return SPAN
    if wanted == CURRENT_MONTH:
        return CURRENT_MONTH
    return choice.month


@cache
def screen_fonts() -> tuple[tuple[Path, str, str, str], ...]:
    """The memo's font faces (file, family, weight, style), as fontconfig gives them to
    the PDF; the browser gets them by @font-face."""
    from trivselreport.writers.fonts.faces import font_faces

    return tuple((face.path, face.family, face.weight, face.style) for face in font_faces())


def _font_css() -> str:
    rules = [
        f'@font-face {{ font-family: "{family}"; src: url("/forhaandsvisning/skrift/{number}") '
        f'format("truetype"); font-weight: {weight}; font-style: {style}; }}'
        for number, (_path, family, weight, style) in enumerate(screen_fonts())
    ]
    return "\n".join([*rules, SCREEN_CSS])


_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def _for_screen(html: str) -> str:
    """The memo's HTML with the fonts and the sheet of paper for the screen added to its head."""
    try:
        css = _font_css()
    except Exception:  # no fonts: the browser's own, the memo is still readable
        css = SCREEN_CSS
    style = f"<style>\n{css}\n</style>\n"
    match = _HEAD_END.search(html)
    if match is None:
        return style + html
    return html[: match.start()] + style + html[match.start() :]


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def _not_found() -> Response:
    return render_page(
        "refused.html.j2", status=404, title="Findes ikke", message="Siden eller filen findes ikke."
    )
