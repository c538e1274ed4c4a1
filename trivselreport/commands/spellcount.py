"""The build's count of misspelt words, with the dictionary loaded beside the writers.

The line after `build` says how many words of the memo's texts the dictionary does
not know (`commands.spelling.misspelt_count`). Most of that is loading the Danish
dictionary (some 0.08 s): C code in libenchant and Hunspell, one call that lets go of
Python's lock while it runs. So the dictionary loads in a thread of its own while the
writers lay out the memo, and the build counts when its files are written, in its
own thread, with the dictionary loaded (`spelling.load_dictionary` keeps it): the
same count as without the thread, None without a dictionary.

The words are not looked up in that thread: each lookup is a short C call, and a
thread that takes Python's lock back after every one of them slows the layout down by
more than the lookups take (0.09 s against 0.03 s, measured).

`start` must come after WeasyPrint was loaded, if it is to be: WeasyPrint is
imported with ctypes' library search switched off (`writers.pdf.startup`), and
pyenchant, imported by the loading, may search with it. pyenchant is pointed at
libenchant here first, in the calling thread, since that sets a variable of the
process's environment, which no other thread should change while C code reads it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from pathlib import Path

from trivselreport.commands import spelling as advice
from trivselreport.memo.writing import spelling
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry


class SpellingCount:
    """`misspelt_count` of some texts; the dictionary loads in a thread from `start`,
    and `result` counts once it is loaded."""

    def __init__(
        self, config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
    ) -> None:
        self._arguments = (config, list(entries), list(introductions))
        # Not a daemon: a process that ends early (a refused build) waits for the
        # loading rather than end while the thread is inside libenchant.
        self._loading = threading.Thread(target=_load, name="trivselreport-ordbog")

    @classmethod
    def start(
        cls, config: Config, entries: Iterable[Entry], introductions: Iterable[tuple[Path, str]]
    ) -> SpellingCount:
        spelling.point_pyenchant_at_libenchant()
        count = cls(config, entries, introductions)
        count._loading.start()
        return count

    def result(self) -> int | None:
        """The count (None without a dictionary), in the calling thread."""
        self._loading.join()
        return advice.misspelt_count(*self._arguments)


def _load() -> None:
    """The dictionary loaded and kept, or found missing. Whatever goes wrong is left to
    the count, which asks for the dictionary again and meets it as it would have."""
    with contextlib.suppress(Exception):  # the count, in the build's thread, meets it again
        spelling.load_dictionary()
