"""Python's garbage collector paused while WeasyPrint lays out and writes a PDF.

Laying out a memo makes millions of objects that live until the PDF is written (boxes,
their styles, the PDF's objects). Python's collector runs whenever enough objects were
made, and each full run walks all of them again: 12–14 % of the CPU time of a 377-page
memo (3.7–4.0 s of 28–31 s on a busy machine; bench/bigmemo.py). Almost all of those
objects are freed by their reference counts as soon as the document is dropped, so the
collector finds next to nothing while the PDF is made. Paused, the peak memory of that
memo went down, not up (336 MiB against 396–401 MiB): what reference counting frees is
freed at once either way.

The collector is switched back on when the block is left, also after an error, unless it
was off before (so a caller that turned it off keeps it off). Renders in two threads at
once (the preview server) can only leave it on, never off: the first to enter found it on.

The modules of a build (WeasyPrint's, `startup`, and ours, `cli.build`) load the same
way, and what they made is frozen (`loading_frozen`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector off inside the block; back as it was on leaving."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def loading_frozen(module: str) -> Iterator[None]:
    """Modules imported inside, the first time `module` is: with the collector paused,
    and what lives after frozen (`gc.freeze`: left out of every later collection, while
    reference counting still frees what is dropped). A program's modules live as long
    as its process, and the collector would walk their objects again and again while
    they load. Once `module` is loaded the block runs as it is, so a process that runs
    a command again and again (the tests) does not freeze each time what it has made.
    """
    if module in sys.modules:
        yield
        return
    with collector_paused():
        yield
        gc.freeze()
