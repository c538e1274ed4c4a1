"""The server's own pages: Jinja templates in web/pages/, autoescaped, in Danish.

Every page extends `base.html.j2` (language, title, skip link, landmarks, the
stylesheet) and gets the CSRF token as `csrf`, so every form carries it in its
hidden field `csrf`. Entry texts are never inserted as HTML: the memo's preview is
the memo's own HTML, made by the HTML writer from the composed memo.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

PAGES = Path(__file__).parent / "pages"
STATIC = Path(__file__).parent / "static"


@cache
def page_environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(PAGES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """One of the server's pages as a response."""
    html = page_environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status)
