"""The build's count of misspelt words, counted beside the writers.

The line after `build` says how many words of the memo's texts the dictionary does
not know (`commands.spelling.misspelt_count`). Most of that is loading the Danish dictionary
(some 0.08 s) and looking the words up: C code in libenchant and Hunspell, which
lets go of Python's lock while it runs. So the count runs in a thread of its own
while the writers lay out the memo, on the texts the memo was composed from (read
before, never again), and the build takes the count when its files are written: the
same number, whatever the dictionary says, and None without one.

`start` must come after WeasyPrint was loaded, if it is to be: WeasyPrint is
imported with ctypes' library search switched off (`writers.pdf.startup`), and
pyenchant, imported by the count, may search with it. pyenchant is pointed at
libenchant here first, in the calling thread, since that sets a variable of the
process's environment, which no other thread should change while C code reads it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from trivselreport.commands import spelling as advice
from trivselreport.memo.writing import spelling
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry


class SpellingCount:
    """`misspelt_count` of some texts, counted in a thread; `result` waits for it."""

    def __init__(
        self, config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
    ) -> None:
        self._arguments = (config, list(entries), list(introductions))
        self._count: int | None = None
        self._error: BaseException | None = None
        # Not a daemon: a process that ends early (a refused build) waits for the count
        # rather than end while the thread is inside libenchant.
        self._thread = threading.Thread(target=self._run, name="trivselreport-stavning")

    @classmethod
    def start(
        cls, config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
    ) -> SpellingCount:
        spelling.point_pyenchant_at_libenchant()
        count = cls(config, entries, introductions)
        count._thread.start()
        return count

    def _run(self) -> None:
        try:
            self._count = advice.misspelt_count(*self._arguments)
        except BaseException as error:  # given to the build, in its own thread
            self._error = error

    def result(self) -> int | None:
        """The count (None without a dictionary); what went wrong, raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._count
