"""WeasyPrint imported so that the PDF is the same on every machine, and quickly.

Two things must be done before WeasyPrint loads, since its libraries read them once:
- fontconfig is pointed at a configuration that lists only the shipped font
  folders, so no glyph is ever taken from a system font;
- ctypes.util.find_library is switched off while WeasyPrint finds its libraries
  (Linux), which then load by their exact names.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import hashlib
import io
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from trivselreport.writers.fonts.faces import font_faces, fontconfig_xml
from trivselreport.writers.fonts.privatecache import private_folder
from trivselreport.writers.pdf.collector import loading_frozen

_loaded = False  # WeasyPrint was loaded here, fontconfig isolated first


def load_weasyprint() -> None:
    """Import WeasyPrint with fontconfig isolated and its libraries loaded by their
    exact names; once per process (the modules that need it each call this when they
    load: the later calls find it done, and isolating again, some 15 ms of reading and
    hashing the fonts, would give fontconfig the same configuration).

    Its modules make some 100,000 objects that live as long as the process. Python's
    collector would walk them again and again while they load (0.04–0.05 s of a short
    build), and once more each time it looks at its oldest objects; so it is paused
    while they load, and what lives then is frozen (`collector.loading_frozen`).
    """
    global _loaded
    if _loaded:
        return
    isolate_fontconfig()
    with loading_frozen("weasyprint"):
        try:
            with _direct_library_names(), _quiet_if_main_thread():
                import weasyprint
        except OSError:  # a system where only find_library knows the names: the slow way
            import weasyprint  # noqa: F401
    _loaded = True


@contextlib.contextmanager
def _quiet_if_main_thread() -> Iterator[None]:
    """Keep what WeasyPrint prints about names it cannot load (English, before the slow
    way succeeds) off the terminal. sys.stdout is the whole process's: in another
    thread (the preview server warms WeasyPrint up in one) the redirect would swallow
    what the main thread prints meanwhile, so there it is left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with contextlib.redirect_stdout(io.StringIO()):
        yield


def isolate_fontconfig() -> None:
    """Make fontconfig see only our fonts (must run before WeasyPrint loads).

    Its configuration and cache live in a folder only this user can write, so no
    one else can plant a configuration or a cache for the build to trust.
    """
    if os.environ.get("TRIVSELREPORT_SYSTEM_FONTS"):
        return
    faces = font_faces()
    digest = hashlib.sha256(fontconfig_xml(Path("cache"), faces).encode()).hexdigest()[:16]
    base = private_folder(f"fontconfig-{digest}")
    conf = base / "fonts.conf"
    text = fontconfig_xml(base / "cache", faces)
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
