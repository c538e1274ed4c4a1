"""The whole preview server: the app with its parts, and uvicorn running it.

`preview_app` puts the parts together (the preview and its builds, the forms) and
gives the app a lifespan that watches the project, keeps the previews ready and
loads the PDF writer in the background. `open_socket` binds the address before
uvicorn starts, so a port in use is a Danish message and not a traceback, and
`run` serves until Ctrl-C. Logging: uvicorn's and ours, as short Danish lines
(with the traceback only when TRIVSELREPORT_DEBUG is set).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import sys
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from trivselreport.web import forms
from trivselreport.web.app import ServerContext, create_app
from trivselreport.web.builds import Builder, warm_pdf_writer
from trivselreport.web.events import Clock
from trivselreport.web.pages import render_page
from trivselreport.web.preview import PreviewServer
from trivselreport.web.previews import PreviewState
from trivselreport.web.security import ServerSecrets
from trivselreport.web.watching import watch_project

DEBUG_VARIABLE = "TRIVSELREPORT_DEBUG"
log = logging.getLogger("trivselreport.serve")


def preview_app(
    project_dir: Path,
    secrets: ServerSecrets,
    *,
    poll: bool = False,
    watch: bool = True,
    warm: bool = True,
    today: type[date] = date,
) -> tuple[Starlette, PreviewServer]:
    """The app for `project_dir`, and its preview part (for tests and the benchmark)."""
    context = ServerContext(project_dir, secrets)
    state = PreviewState(project_dir)
    clock = Clock(state.version)
    preview = PreviewServer(context, state, Builder(project_dir), clock, today)

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        clock.loop = loop
        stop = asyncio.Event()
        refreshing: set[asyncio.Task[None]] = set()

        async def refresh(_paths: object = None) -> None:
            version = await run_in_threadpool(state.changed)
            clock.set("version", version)

        def written() -> None:
            def start() -> None:
                task = asyncio.ensure_future(refresh())
                refreshing.add(task)
                task.add_done_callback(refreshing.discard)

            loop.call_soon_threadsafe(start)

        def build_moved() -> None:
            loop.call_soon_threadsafe(clock.bump, "bygning")

        preview.builder.notify = build_moved
        context.writes.listener = written
        watcher = (
            asyncio.create_task(
                watch_project(project_dir, refresh, own=context.writes, poll=poll, stop=stop)
            )
            if watch
            else None
        )
        if warm:
            warm_pdf_writer()
        try:
            yield
        finally:
            stop.set()
            clock.close()
            if watcher is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(watcher, 2)

    app = create_app(context, [*preview.routes(), *forms.routes(context)], lifespan)
    app.add_exception_handler(Exception, _unexpected)
    return app, preview


async def _unexpected(_request: Request, _error: Exception) -> Response:
    return render_page(
        "refused.html.j2",
        status=500,
        title="Fejl i programmet",
        message="Der skete en fejl i programmet (ikke i dine filer). Prøv igen; detaljerne står "
        "i vinduet, hvor trivselreport serve kører.",
    )


# --- the socket and uvicorn ----------------------------------------------------------------


def open_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (OSError if it cannot be had)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    return sock


def free_socket(host: str, first: int, tries: int = 20) -> tuple[socket.socket, int]:
    """The first of `tries` ports from `first` that is free (OSError if none is)."""
    error: OSError | None = None
    for port in range(first, min(first + tries, 65536)):
        try:
            return open_socket(host, port), port
        except OSError as refused:
            error = refused
    assert error is not None
    raise error


class _Server:
    """uvicorn's server, which also ends the event streams when asked to stop (else it
    would wait for every open page to go away)."""

    def __init__(self, app: Starlette, clock: Clock) -> None:
        import uvicorn

        config = uvicorn.Config(
            app,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
            ws="none",
        )
        self.clock = clock

        class Server(uvicorn.Server):
            def handle_exit(self, sig: int, frame: Any) -> None:
                clock.close_soon()
                super().handle_exit(sig, frame)

        self.server = Server(config)

    def run(self, sock: socket.socket) -> None:
        self.server.run(sockets=[sock])

    @property
    def started(self) -> bool:
        return bool(self.server.started)

    def stop(self) -> None:
        self.clock.close_soon()
        self.server.should_exit = True


def make_server(app: Starlette, preview: PreviewServer) -> _Server:
    return _Server(app, preview.clock)


# --- logging --------------------------------------------------------------------------------


class _DanishLines(logging.Formatter):
    """A log record as one Danish line; the traceback only when debugging."""

    def format(self, record: logging.LogRecord) -> str:
        debugging = os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")
        if record.exc_info and not debugging:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "fejl"
            return (
                f"Fejl i programmet under forhåndsvisningen ({kind}); siden viser en kort "
                f"besked. Kør med {DEBUG_VARIABLE}=1 for detaljer."
            )
        if debugging:
            return super().format(record)
        return f"Advarsel fra serveren: {record.getMessage()}"


def setup_logging(stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(_DanishLines())
    for name in ("trivselreport", "uvicorn", "uvicorn.error", "uvicorn.asgi"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(logging.WARNING)


def wait_until_started(server: _Server, timeout: float, ended: Callable[[], bool]) -> bool:
    """Wait until uvicorn serves (True), or it ended or timed out (False)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.started:
            return True
        if ended():
            return False
        time.sleep(0.02)
    return False
