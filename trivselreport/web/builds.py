"""Builds started from the page: exactly `build`, one at a time, in a worker thread.

`Builder.start` runs `commands.build.build_memo` with the formats asked for (the
same files, the same guard, the same checks as `trivselreport build`) and tells
`notify` when it starts, takes a step and ends, so the page can follow it. The
files a build wrote are the only ones `/filer/<periode>/<navn>` hands out.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from trivselreport.commands.build import OUTPUT_DIR, build_memo
from trivselreport.commands.options import build_warnings
from trivselreport.errors import Problem, UserError
from trivselreport.web.choice import PreviewChoice
from trivselreport.web.previews import BUG_HINT

log = logging.getLogger("trivselreport.serve")

FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML til Word"}
STEP_TEXT = {
    "": "læser indslag",
    "indlæsning": "sammensætter notatet",
    "sammensætning": "laver HTML",
    "html": "tegner PDF",
    "pdf": "skriver Word",
    "docx": "gemmer filerne",
    "skrivning": "færdig",
}
BUILD_BUG = "Notatet kunne ikke bygges på grund af en fejl i programmet (ikke i dine filer)."


@dataclass(frozen=True)
class BuiltFile:
    format: str
    path: Path
    period_key: str

    @property
    def label(self) -> str:
        return FORMAT_LABELS.get(self.format, self.format)

    @property
    def url(self) -> str:
        from urllib.parse import quote

        return f"/filer/{quote(self.period_key)}/{quote(self.path.name)}"


@dataclass(frozen=True)
class BuildStatus:
    """What the page shows of the latest build."""

    number: int = 0
    running: bool = False
    step: str = ""
    choice: PreviewChoice | None = None
    formats: tuple[str, ...] = ()
    files: tuple[BuiltFile, ...] = ()
    problems: tuple[Problem, ...] = ()
    pages: int | None = None
    seconds: float | None = None

    @property
    def step_text(self) -> str:
        return STEP_TEXT.get(self.step, "arbejder")

    @property
    def failed(self) -> bool:
        return not self.running and any(problem.level == "error" for problem in self.problems)


class Builder:
    """One build at a time; thread-safe."""

    def __init__(self, project_dir: Path, notify: Callable[[], None] = lambda: None) -> None:
        self.project_dir = project_dir
        self.notify = notify
        self._lock = threading.Lock()
        self.status = BuildStatus()
        self._served: dict[tuple[str, str], Path] = {}
        self._thread: threading.Thread | None = None

    def start(self, choice: PreviewChoice, formats: tuple[str, ...]) -> bool:
        """Start a build; False if one is running already."""
        with self._lock:
            if self.status.running:
                return False
            self.status = BuildStatus(
                number=self.status.number + 1, running=True, choice=choice, formats=formats
            )
            self._thread = threading.Thread(
                target=self._run, args=(choice, formats), name="trivselreport-build", daemon=True
            )
            self._thread.start()
        self.notify()
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the running build (tests, shutdown)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def served_file(self, period_key: str, name: str) -> Path | None:
        """The file a build of this server wrote under that period and name, if any."""
        with self._lock:
            return self._served.get((period_key, name))

    def _update(self, **changes: object) -> None:
        with self._lock:
            self.status = replace(self.status, **changes)  # type: ignore[arg-type]
        self.notify()

    def _run(self, choice: PreviewChoice, formats: tuple[str, ...]) -> None:
        started = time.perf_counter()
        warnings = tuple(build_warnings(formats))
        try:
            result = build_memo(
                self.project_dir,
                choice.period_choice(),
                internal=choice.internal,
                formats=formats,
                on_step=lambda step: self._update(step=step),
            )
        except UserError as error:
            self._update(running=False, problems=(*warnings, *error.problems))
            return
        except Exception:
            log.exception("A build from the page failed")
            problem = Problem(None, BUILD_BUG, hint=BUG_HINT)
            self._update(running=False, problems=(*warnings, problem))
            return
        period_key = result.folder.name
        files = tuple(BuiltFile(name, path, period_key) for name, path in result.files.items())
        with self._lock:
            expected = (self.project_dir / OUTPUT_DIR / period_key).resolve()
            for built in files:
                if built.path.resolve().parent == expected:
                    self._served[(period_key, built.path.name)] = built.path
        self._update(
            running=False,
            step="skrivning",
            files=files,
            problems=warnings,
            pages=result.pages,
            seconds=time.perf_counter() - started,
        )


def warm_pdf_writer() -> threading.Thread:
    """Import the PDF writer (and WeasyPrint with it) in the background, once, so that the
    first PDF built from the page does not wait for it."""

    def load() -> None:
        try:
            import trivselreport.writers.pdf.render  # noqa: F401
        except Exception:
            log.exception("The PDF writer could not be loaded in advance")

    thread = threading.Thread(target=load, name="trivselreport-warm-pdf", daemon=True)
    thread.start()
    return thread
