"""The previews the server keeps: for each choice, the latest attempt and the last good one.

A preview is the memo's own HTML for the PDF, rendered from the composed memo
(`prepare_memo`, then the HTML writer's `render_pdf_html`), exactly as `build` makes it.
When a file changes, the project's version goes up and the choices looked at lately
are prepared again at once, so the page asks for a preview that is ready. When a
preparation fails, its problems are kept with the last good preview, which the page
keeps showing under a banner. Nothing here raises: a bug becomes a short Danish
problem, and its traceback goes to the log.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from trivselreport.commands.prepare import prepare_memo
from trivselreport.errors import Problem, UserError
from trivselreport.memo.document import Memo
from trivselreport.reading.entries import ENTRIES_DIR
from trivselreport.web.choice import PreviewChoice
from trivselreport.web.conflicts import conflict_warnings

log = logging.getLogger("trivselreport.serve")

KEEP = 6  # choices whose previews are kept, the most recently shown first
EAGER = 3  # of them, prepared again at once on every change (the others when asked for)
INTRODUCTIONS_DIR = "indledninger"
BUG_MESSAGE = (
    "Forhåndsvisningen kunne ikke laves på grund af en fejl i programmet (ikke i dine filer)."
)
BUG_HINT = "Detaljerne står i vinduet, hvor trivselreport serve kører. Fortæl det gerne videre."


@dataclass(frozen=True)
class EntryLink:
    """An entry of the memo as the page lists it beside the preview."""

    section: str
    title: str
    source: str  # relative to the project, as /indslag/ret?fil= wants it
    upcoming: bool


@dataclass(frozen=True)
class Picture:
    data: bytes
    media_type: str


@dataclass(frozen=True)
class GoodPreview:
    """A memo that passed the door, as HTML, and what the page shows around it."""

    version: int
    title: str
    html: str
    entries: tuple[EntryLink, ...]
    pictures: dict[str, Picture]  # by digest, as the preview's HTML links them
    period_key: str


@dataclass(frozen=True)
class PreviewResult:
    version: int
    good: GoodPreview | None  # the latest good one, maybe older than `version`
    problems: list[Problem] = field(default_factory=list)

    @property
    def current(self) -> bool:
        """Whether the preview shown is the project as it is now."""
        return self.good is not None and self.good.version == self.version and not self.errors

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "error"]


class PreviewState:
    """Thread-safe: the server prepares previews in worker threads."""

    def __init__(self, project_dir: Path) -> None:
        self.project_dir = project_dir
        self.version = 1
        self._lock = threading.Lock()
        self._results: dict[PreviewChoice, PreviewResult] = {}
        self._good: dict[PreviewChoice, GoodPreview] = {}
        self._recent: OrderedDict[PreviewChoice, None] = OrderedDict()
        self._warnings: tuple[int, list[Problem]] | None = None

    def result(self, choice: PreviewChoice) -> PreviewResult:
        """The preview of `choice` for the project as it is now (prepared if need be)."""
        with self._lock:
            self._recent[choice] = None
            self._recent.move_to_end(choice, last=False)
            while len(self._recent) > KEEP:
                forgotten, _ = self._recent.popitem()
                self._results.pop(forgotten, None)
                self._good.pop(forgotten, None)
            cached = self._results.get(choice)
            if cached is not None and cached.version == self.version:
                return cached
            return self._prepare(choice)

    def changed(self) -> int:
        """The project changed on disk: a new version, with the recent choices prepared."""
        with self._lock:
            self.version += 1
            for choice in list(self._recent)[:EAGER]:
                self._prepare(choice)
            return self.version

    def _prepare(self, choice: PreviewChoice) -> PreviewResult:
        problems: list[Problem] = []
        try:
            good = self._render(choice)
        except UserError as error:
            good = None
            problems = list(error.problems)
        except Exception:
            log.exception("The preview of %s could not be made", choice)
            good = None
            problems = [Problem(None, BUG_MESSAGE, hint=BUG_HINT)]
        if good is not None:
            self._good[choice] = good
        problems += self._conflicts()
        result = PreviewResult(self.version, self._good.get(choice), problems)
        self._results[choice] = result
        return result

    def _render(self, choice: PreviewChoice) -> GoodPreview:
        from trivselreport.writers.html.render import render_pdf_html

        prepared = prepare_memo(self.project_dir, choice.period_choice(), internal=choice.internal)
        memo = prepared.memo
        html, pictures = _pictures_served(render_pdf_html(memo, self.project_dir), memo)
        return GoodPreview(
            version=self.version,
            title=memo.title,
            html=html,
            entries=_entry_links(memo),
            pictures=pictures,
            period_key=prepared.period.key,
        )

    def _conflicts(self) -> list[Problem]:
        if self._warnings is None or self._warnings[0] != self.version:
            try:
                found = conflict_warnings(self.project_dir, (ENTRIES_DIR, INTRODUCTIONS_DIR))
            except OSError:
                found = []
            self._warnings = (self.version, found)
        return list(self._warnings[1])


def _entry_links(memo: Memo) -> tuple[EntryLink, ...]:
    return tuple(
        EntryLink(section.heading, item.title, item.source, item.upcoming)
        for section in memo.sections
        for item in section.items
        if item.source
    )


def _pictures_served(html: str, memo: Memo) -> tuple[str, dict[str, Picture]]:
    """The memo's pictures linked to the server (/forhaandsvisning/billede/<digest>)
    instead of the files they were read from: a browser page may not open file: URLs."""
    from markupsafe import escape

    pictures: dict[str, Picture] = {}
    for figure in memo.figures():
        digest = hashlib.sha256(figure.data).hexdigest()[:24]
        pictures[digest] = Picture(figure.data, figure.media_type)
        uri = figure.path.as_uri() if figure.path.is_absolute() else figure.path.as_posix()
        for written in {uri, str(escape(uri))}:
            html = html.replace(f'src="{written}"', f'src="/forhaandsvisning/billede/{digest}"')
    return html, pictures
