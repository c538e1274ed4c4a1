"""Write the memo as a tagged PDF with WeasyPrint.

Imported only by the build: WeasyPrint costs ~0.7 s to import.

Two guards keep the PDF the same on every machine and keep entry text from
reaching outside:
- fontconfig is pointed at a configuration that lists only the shipped font
  folders, so no glyph is ever taken from a system font;
- the URL fetcher serves only regular files inside the package's own folders
  and the project folder, and refuses every other scheme and path.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from trivselreport.fonts import font_dirs

MAX_RESOURCE_BYTES = 20 * 1024 * 1024


def _isolate_fontconfig() -> None:
    """Make fontconfig see only our font folders (must run before WeasyPrint loads)."""
    if os.environ.get("TRIVSELREPORT_SYSTEM_FONTS"):
        return
    dirs = "".join(f"<dir>{folder}</dir>" for folder in font_dirs())
    digest = hashlib.sha256(dirs.encode()).hexdigest()[:16]
    base = Path(tempfile.gettempdir()) / f"trivselreport-fontconfig-{digest}"
    conf = base / "fonts.conf"
    if not conf.is_file():
        base.mkdir(parents=True, exist_ok=True)
        text = (
            '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
            f"<fontconfig>{dirs}<cachedir>{base / 'cache'}</cachedir></fontconfig>\n"
        )
        partial = conf.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, conf)
    os.environ["FONTCONFIG_FILE"] = str(conf)


_isolate_fontconfig()

import weasyprint  # noqa: E402  (fontconfig must be set up first)
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves only regular files under the allowed folders; nothing from the network."""

    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parsed.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.allowed_roots)
        if not inside or not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return self._refuse(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

    def _refuse(self, url: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise ValueError(f"refused: {url}")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(html: str, *, allowed_roots: list[Path], base_dir: Path) -> RenderedPdf:
    fetcher = ConfinedFetcher([*allowed_roots, *font_dirs()])
    document = weasyprint.HTML(
        string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
    ).render()
    data = document.write_pdf(pdf_tags=True)
    return RenderedPdf(data=data, pages=len(document.pages))
