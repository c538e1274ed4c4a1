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

from trivselreport import pdftags  # noqa: E402
from trivselreport.errors import Problem, UserError  # noqa: E402

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
    """A tagged PDF/A-2a, also identified as PDF/UA-1 in its XMP metadata.

    The tags are ours (``pdftags``): one structure element per element of the memo,
    page furniture as artifacts, the text as written. If WeasyPrint is not the kind this
    was built for, the build stops with a Danish message instead of a mis-tagged PDF.
    """
    fetcher = ConfinedFetcher([*allowed_roots, *font_dirs()])
    try:
        pdftags.install()
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render()
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
        "Word-udgaverne med --format docx,html.")


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
            item.stream = [chunk.replace(b"</rdf:RDF>", _PDF_UA_XMP.encode() + b"</rdf:RDF>", 1)
                           if isinstance(chunk, bytes) else chunk for chunk in item.stream]
