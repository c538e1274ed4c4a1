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

import contextlib
import ctypes.util
import hashlib
import io
import logging
import mimetypes
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from trivselreport.errors import Problem, UserError
from trivselreport.reading.picturefile import PictureFault
from trivselreport.reading.pictures import picture_type, publishable
from trivselreport.writers.fonts import font_dirs, fontconfig_xml
from trivselreport.writers.privatecache import private_folder as _private_folder

MAX_RESOURCE_BYTES = 20 * 1024 * 1024


def _isolate_fontconfig() -> None:
    """Make fontconfig see only our fonts (must run before WeasyPrint loads).

    Its configuration and cache live in a folder only this user can write, so no
    one else can plant a configuration or a cache for the build to trust.
    """
    if os.environ.get("TRIVSELREPORT_SYSTEM_FONTS"):
        return
    digest = hashlib.sha256(fontconfig_xml(Path("cache")).encode()).hexdigest()[:16]
    base = _private_folder(f"fontconfig-{digest}")
    conf = base / "fonts.conf"
    text = fontconfig_xml(base / "cache")
    try:
        current = conf.read_text(encoding="utf-8") if conf.is_file() else None
    except OSError:
        current = None
    if current != text:
        handle, name = tempfile.mkstemp(dir=base, prefix=".fonts.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(name, conf)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    os.environ["FONTCONFIG_FILE"] = str(conf)


def _no_library(name: str) -> str | None:
    return None


@contextlib.contextmanager
def _direct_library_names() -> Iterator[None]:
    """Keep ctypes.util.find_library from running while WeasyPrint loads its libraries.

    For each library WeasyPrint first tries names such as "libpango-1.0-0" that do not
    exist on Linux, and cffi asks find_library for each; on Linux that runs ldconfig,
    gcc and ld (some 200 processes, half a second, with temporary files in /tmp that a
    killed build would leave behind) before WeasyPrint reaches the exact name
    ("libpango-1.0.so.0"), which loads directly without it.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    real = ctypes.util.find_library
    ctypes.util.find_library = _no_library
    try:
        yield
    finally:
        ctypes.util.find_library = real


_isolate_fontconfig()
try:
    with _direct_library_names(), contextlib.redirect_stdout(io.StringIO()):
        import weasyprint
except OSError:  # a system where only find_library knows the names: the slow way
    import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from trivselreport.writers import pdftags  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves only regular files under the allowed folders; nothing from the network.

    The entries' pictures are served from `pictures` (their published copies, without
    hidden data), never from their files; a PNG or JPEG in a template folder (a logo)
    is served cleaned the same way, and one that cannot be is a problem of its own.
    """

    def __init__(
        self, allowed_roots: list[Path], pictures: Mapping[Path, bytes] | None = None
    ) -> None:
        super().__init__(allowed_protocols=("file",))
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.pictures = {path.resolve(): data for path, data in (pictures or {}).items()}
        self.refused: list[str] = []
        self.problems: list[Problem] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return self._refuse(url)
        path = Path(unquote(parsed.path)).resolve()
        if path in self.pictures:
            return _published(url, self.pictures[path])
        inside = any(path.is_relative_to(root) for root in self.allowed_roots)
        if not inside or not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return self._refuse(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        body = path.read_bytes()
        if (media_type := picture_type(body)) is not None:
            try:
                return _published(url, publishable(body, media_type))
            except PictureFault as fault:
                self.problems.append(
                    Problem(path, f"Billedet »{path.name}« {fault.reason}", hint=fault.hint)
                )
                return self._refuse(url)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    def _refuse(self, url: str) -> URLFetcherResponse:
        self.refused.append(url)
        raise ValueError(f"refused: {url}")


def _published(url: str, body: bytes) -> URLFetcherResponse:
    """A picture's published copy. Its URL is not a file: URL, or WeasyPrint would read
    the file itself again when writing the PDF and embed it as it is on disk."""
    return URLFetcherResponse(
        f"trivselreport-billede:{url}",
        body=body,
        headers={"Content-Type": picture_type(body) or "image/png"},
    )


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


def render_pdf(
    html: str,
    *,
    allowed_roots: list[Path],
    base_dir: Path,
    pictures: Mapping[Path, bytes] | None = None,
) -> RenderedPdf:
    """A tagged PDF/A-2a, also identified as PDF/UA-1 in its XMP metadata.

    `pictures`: the published bytes of each entry picture, by the path its <img> names.
    The tags are ours (``pdftags``): one structure element per element of the memo,
    page furniture as artifacts, the text as written. If WeasyPrint is not the kind this
    was built for, the build stops with a Danish message instead of a mis-tagged PDF.
    """
    fetcher = ConfinedFetcher([*allowed_roots, *font_dirs()], pictures)
    try:
        pdftags.install()
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render()
        if fetcher.problems:
            raise UserError(fetcher.problems)
        # WeasyPrint writes one variant at a time (upstream #2783): PDF/A-2a brings the tags,
        # the output intent and the XMP packet; the PDF/UA identification is added after.
        data = document.write_pdf(pdf_variant="pdf/a-2a", finisher=_identify_as_pdf_ua)
    except pdftags.TaggingMismatch as mismatch:
        raise UserError(tagging_problem(str(mismatch))) from mismatch
    return RenderedPdf(data=data, pages=len(document.pages))


def tagging_problem(detail: str) -> Problem:
    """The Danish message when WeasyPrint does not build what our tagging expects."""
    return Problem(
        None,
        f"PDF'en kan ikke mærkes rigtigt til skærmlæsere med WeasyPrint "
        f"{weasyprint.__version__}: programmet fandt ikke det, det forventede ({detail}). "
        "Notatet er ikke bygget, så der ikke udgives en PDF, som skærmlæsere læser forkert.",
        hint="Installér den version af WeasyPrint, trivselreport er afprøvet med "
        f"({pdftags.TESTED_RANGE}), fx med: "
        f".venv/bin/pip install 'weasyprint{pdftags.TESTED_RANGE}' – eller byg kun "
        "Word-udgaverne med --format docx,html.",
    )


# PDF/A allows only predefined XMP properties unless an extension schema describes the
# others, so the PDF/UA identifier comes with its schema description.
_PDF_UA_XMP = """\
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" \
pdfuaid:part="1"/>
"""


def _identify_as_pdf_ua(_document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: add the PDF/UA identification to the XMP packet it wrote."""
    for item in pdf.objects:
        extra = getattr(item, "extra", None)
        if isinstance(extra, dict) and extra.get("Type") == "/Metadata":
            item.stream = [
                chunk.replace(b"</rdf:RDF>", _PDF_UA_XMP.encode() + b"</rdf:RDF>", 1)
                if isinstance(chunk, bytes)
                else chunk
                for chunk in item.stream
            ]
