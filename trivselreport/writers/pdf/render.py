"""Write the memo as a tagged PDF with WeasyPrint.

Imported only by the build: WeasyPrint costs ~0.7 s to import.

Two guards keep the PDF the same on every machine and keep entry text from
reaching outside:
- fontconfig is pointed at a configuration that lists only the shipped font
  folders, so no glyph is ever taken from a system font (`startup`,
  before WeasyPrint loads);
- the URL fetcher serves only regular files inside the package's own folders
  and the project folder, and refuses every other scheme and path.
"""

from __future__ import annotations

import logging
import mimetypes
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from trivselreport.errors import Problem, UserError
from trivselreport.memo.document import Memo
from trivselreport.reading.pictures.fault import PictureFault
from trivselreport.reading.pictures.field import picture_type
from trivselreport.reading.pictures.publish import publishable
from trivselreport.writers.files.pausepoint import pause_point
from trivselreport.writers.fonts.faces import font_dirs
from trivselreport.writers.pdf.startup import load_weasyprint

MAX_RESOURCE_BYTES = 20 * 1024 * 1024

load_weasyprint()
import weasyprint  # noqa: E402  (loaded just above, after fontconfig was isolated)
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from trivselreport.writers.html.render import checked_pdf_html  # noqa: E402
from trivselreport.writers.html.sandbox import PACKAGE_TEMPLATES  # noqa: E402
from trivselreport.writers.pdf import tags as pdftags  # noqa: E402
from trivselreport.writers.pdf.collector import collector_paused  # noqa: E402
from trivselreport.writers.pdf.pagerefs import cached_page_references  # noqa: E402
from trivselreport.writers.registry import WriterProject  # noqa: E402

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


def write_pdf(memo: Memo, project: WriterProject) -> bytes:
    """The memo as a tagged PDF: its HTML checked for accessibility and guarded first."""
    html = checked_pdf_html(memo, project)
    pictures = {Path(figure.path): figure.data for figure in memo.figures()}
    return render_pdf(
        html,
        allowed_roots=[PACKAGE_TEMPLATES, project.root / "templates"],
        base_dir=project.root,
        pictures=pictures,
    ).data


_OBJECT_STREAM = re.compile(rb"<<([^>]*?/Type\s*/ObjStm[^>]*?)>>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)")
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)")


def page_count(pdf: bytes) -> int:
    """The number of pages our PDF's page tree says it has (the root /Pages node, which
    WeasyPrint writes inside a compressed object stream)."""
    bodies = [pdf]
    for match in _OBJECT_STREAM.finditer(pdf):
        length = _LENGTH.search(match.group(1))
        if length and b"/FlateDecode" in match.group(1):
            start = match.end()
            bodies.append(zlib.decompress(pdf[start : start + int(length.group(1))]))
    counts = [int(found) for body in bodies for found in _PAGE_COUNT.findall(body)]
    return max(counts, default=0)


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
    The tags are ours (``tags``): one structure element per element of the memo,
    page furniture as artifacts, the text as written. If WeasyPrint is not the kind this
    was built for, the build stops with a Danish message instead of a mis-tagged PDF.
    """
    fetcher = ConfinedFetcher([*allowed_roots, *font_dirs()], pictures)
    try:
        pdftags.install()
        # The document is dropped inside the pause, so the collector, back on, does not
        # walk its objects once more (``collector``).
        with collector_paused():
            return _render_and_write(html, base_dir, fetcher)
    except pdftags.TaggingMismatch as mismatch:
        raise UserError(tagging_problem(str(mismatch))) from mismatch


def _render_and_write(html: str, base_dir: Path, fetcher: ConfinedFetcher) -> RenderedPdf:
    document = weasyprint.HTML(
        string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
    ).render()
    if fetcher.problems:
        raise UserError(fetcher.problems)
    pause_point("laid-out")  # for the fault tests only (``pausepoint``)
    # WeasyPrint writes one variant at a time (upstream #2783): PDF/A-2a brings the tags,
    # the output intent and the XMP packet; the PDF/UA identification is added after.
    # pydyf's page references are built once per page count while it writes (``pagerefs``).
    with cached_page_references():
        data = document.write_pdf(pdf_variant="pdf/a-2a", finisher=_identify_as_pdf_ua)
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
