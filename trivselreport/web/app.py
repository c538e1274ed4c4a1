"""The preview server's Starlette app: its routes, behind the security middleware.

`create_app` puts together the route lists of the server's parts (`preview`: the
memo live and its builds; `forms`: entries and the introduction written in a form)
and the static files, behind `security.SecurityMiddleware`. `ServerContext` is what
every part shares: the project, the server's secrets and whether it may write.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from trivselreport.web.pages import STATIC
from trivselreport.web.security import CSRF_FIELD, CSRF_HEADER, SecurityMiddleware, ServerSecrets
from trivselreport.web.watching import OwnWrites


@dataclass(frozen=True)
class ServerContext:
    """What every part of the server shares.

    A part that writes a file into the project calls `writes.note(path)` right after:
    the previews are then prepared at once, and the watcher does not take the same
    change for a save a second time.
    """

    project_dir: Path
    secrets: ServerSecrets
    writes: OwnWrites = field(default_factory=OwnWrites)


async def csrf_given(request: Request) -> str | None:
    """The CSRF token a request carries: its header, or its form's hidden field."""
    header = request.headers.get(CSRF_HEADER)
    if header is not None:
        return header
    form = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else None


def create_app(
    context: ServerContext,
    routes: list[BaseRoute],
    lifespan: Callable[[Starlette], AbstractAsyncContextManager[None]] | None = None,
) -> Starlette:
    return Starlette(
        routes=[*routes, Mount("/static", StaticFiles(directory=STATIC), name="static")],
        middleware=[Middleware(SecurityMiddleware, secrets_=context.secrets)],
        lifespan=lifespan,
    )
