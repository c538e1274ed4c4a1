"""The kept report of a command: shown again while nothing it read changed.

A whole-project `check`, and `list` and `stats`, give the same report every time for
an unchanged project and the same options, so the report as it was printed (every
piece of text written to stdout and stderr, in order) is kept in the cache folder,
one file per command (`KEPT_FILES`), with what it was made from:

- the key (`run_key`): the tool's version, Python, the project folder, the current
  folder (paths are shown relative to it), the options, the day (for the commands
  whose report depends on it) and stream settings the caller names (the output
  format, spelling, whether each stream is a terminal, its encoding) and the
  environment variables that can change what is printed;
- the project's snapshot (`reading.cache.inputs.project_snapshot`): every name and
  identity in entries/, indledninger/, templates/ and at the project's top;
- every other file opened and folder listed during the run (the introductions a
  config names, fonts, the package's templates), every module the run had loaded,
  and the spelling dictionary's files (read by libenchant, not Python).

`kept_report` gives the report back only when all of it is as noted and none of it
was modified within RACY_NS of when the report was kept; otherwise the command
runs as always. `KeptReportRecorder.keep` writes a report only when the project's
snapshot and every noted input are the same after the run as before it, so a file
changed while the command read it is never kept with the old report. Projects whose
folders are reached through links, and the report of a run that failed in a way
the command did not report, are not kept. Like every cache, it is written whole or
not at all, never through a link, and `--uden-cache` neither reads nor writes it.
"""

from __future__ import annotations

import glob
import hashlib
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from trivselreport import __version__
from trivselreport.reading.cache import inputs
from trivselreport.reading.cache.documents import (
    CACHE_DIR,
    RACY_NS,
    read_document,
    write_document,
)

KEPT_FILES = {"check": "tjek.json", "list": "liste.json", "stats": "tal.json"}
FORMAT = "trivselreport kept report"
SCHEMA = 1
STDOUT, STDERR = 1, 2
# What can change the printed report besides the project: rich's colours and width,
# the dictionary's and fontconfig's search, Python's own settings, the tool's switches.
_ENVIRONMENT_PREFIXES = (
    "TRIVSELREPORT_",
    "PYTHON",
    "ENCHANT",
    "PYENCHANT",
    "DICPATH",
    "DICTIONARY",
    "FONTCONFIG",
    "LANG",
    "LC_",
    "TERM",
    "COLORTERM",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "TTY_",
    "COLUMNS",
    "LINES",
    "JUPYTER",
    "HOME",
    "XDG_",
)
# Where libenchant and its hunspell provider look for the Danish dictionary and their
# settings (read by C code, so the audit hook does not see them).
_SPELLING_FOLDERS = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/share/enchant-2",
    "/etc/enchant-2",
)
_SPELLING_PATTERNS = ("da_DK.*", "da.*", "*.ordering")
# Set by the spelling check itself when the user has not (memo/writing/spelling.py), so
# it is compared with the library the report was made with, not put in the key.
_LIBRARY_VARIABLE = "PYENCHANT_LIBRARY_PATH"


@dataclass(frozen=True)
class KeptReport:
    """A report as it was printed, and the exit codes it ended with."""

    writes: tuple[tuple[int, str], ...]  # (STDOUT or STDERR, text), in order
    code: int  # without --strict
    strict_code: int  # with --strict

    def exit_code(self, *, strict: bool) -> int:
        return self.strict_code if strict else self.code


def run_key(command: str, project_dir: Path, setting: Mapping[str, str]) -> str:
    """What the printed report depends on besides the project's files (see the module)."""
    environment = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.upper().startswith(_ENVIRONMENT_PREFIXES) and name != _LIBRARY_VARIABLE
    )
    parts = [
        FORMAT,
        str(SCHEMA),
        command,
        __version__,
        sys.version,
        sys.executable,
        str(project_dir),
        os.path.realpath(project_dir),
        os.getcwd(),
        repr(sorted(setting.items())),
        repr(environment),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def kept_report(command: str, project_dir: Path, setting: Mapping[str, str]) -> KeptReport | None:
    """The kept report of `command` (a key of KEPT_FILES) in `project_dir` with
    `setting`, when nothing it was made from has changed; None otherwise."""
    try:
        return _kept(command, project_dir, setting)
    except (OSError, ValueError, RecursionError):
        return None


def _kept(command: str, project_dir: Path, setting: Mapping[str, str]) -> KeptReport | None:
    found = read_document(project_dir / CACHE_DIR / KEPT_FILES[command])
    if found is None:
        return None
    document, status = found
    written = document.get("written_ns")
    if not (
        document.get("format") == FORMAT
        and document.get("schema") == SCHEMA
        and type(written) is int
        and document.get("key") == run_key(command, project_dir, setting)
    ):
        return None
    report = _report(document.get("report"))
    reads = inputs.Reads.from_document(document.get("reads"), _cache_folder(project_dir))
    if report is None or reads is None:
        return None
    library = os.environ.get(_LIBRARY_VARIABLE)
    if library is not None and library != document.get("library"):
        return None  # another libenchant than the report was made with
    threshold = min(written, status.st_mtime_ns) - RACY_NS
    snapshot = inputs.project_snapshot(project_dir)
    if (
        snapshot is None
        or snapshot.digest != document.get("project")
        or snapshot.newest_ns >= threshold
        or reads.newest_ns() >= threshold
        or reads.changed()
    ):
        return None
    return report


def _report(document: Any) -> KeptReport | None:
    if not isinstance(document, dict):
        return None
    writes, code, strict_code = (
        document.get("writes"),
        document.get("code"),
        document.get("strict_code"),
    )
    if not (isinstance(writes, list) and type(code) is int and type(strict_code) is int):
        return None
    kept: list[tuple[int, str]] = []
    for write in writes:
        if not (
            isinstance(write, list)
            and len(write) == 2
            and type(write[0]) is int
            and write[0] in (STDOUT, STDERR)
            and isinstance(write[1], str)
        ):
            return None
        kept.append((write[0], write[1]))
    return KeptReport(tuple(kept), code, strict_code)


def _cache_folder(project_dir: Path) -> str:
    return os.path.abspath(project_dir / CACHE_DIR)


class KeptReportRecorder:
    """Notes what a command reads while it runs (a `with` block); `keep` then writes
    its report, when nothing changed while it ran."""

    def __init__(self, command: str, project_dir: Path, setting: Mapping[str, str]) -> None:
        self.command = command
        self.project_dir = project_dir
        try:
            self._key: str | None = run_key(
                command, project_dir, setting
            )  # before the run sets any
        except (OSError, ValueError):  # the current folder is gone: nothing is kept
            self._key = None
        self._before: inputs.Snapshot | None = None
        self._recording = inputs.recording(
            Path(_cache_folder(project_dir)), inputs.snapshot_folders(project_dir)
        )
        self._reads: inputs.Reads | None = None

    def __enter__(self) -> KeptReportRecorder:
        self._before = inputs.project_snapshot(self.project_dir)
        self._reads = self._recording.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._recording.__exit__(kind, error, trace)

    def keep(self, writes: list[tuple[int, str]], code: int, strict_code: int) -> None:
        """Keep the report the run printed (`writes`) and its exit codes; never fails."""
        reads, before = self._reads, self._before
        if reads is None or before is None or reads.failed or self._key is None:
            return
        try:
            _note_loaded_modules(reads)
            _note_spelling_sources(reads)
            library = os.environ.get(_LIBRARY_VARIABLE)
            if library is not None:
                reads.note_file(os.path.abspath(library))
            after = inputs.project_snapshot(self.project_dir)
            if after != before or reads.changed():
                return  # something changed while the command read it
        except (OSError, ValueError, RecursionError):
            return
        document = {
            "format": FORMAT,
            "schema": SCHEMA,
            "key": self._key,
            "written_ns": time.time_ns(),
            "project": before.digest,
            "library": library,
            "reads": reads.as_document(),
            "report": {
                "writes": _joined(writes),
                "code": code,
                "strict_code": strict_code,
            },
        }
        write_document(self.project_dir, KEPT_FILES[self.command], document)


def _joined(writes: list[tuple[int, str]]) -> list[list[Any]]:
    """The writes with each run of writes to the same stream made one."""
    runs: list[tuple[int, list[str]]] = []
    for number, text in writes:
        if runs and runs[-1][0] == number:
            runs[-1][1].append(text)
        else:
            runs.append((number, [text]))
    return [[number, "".join(texts)] for number, texts in runs]


def _note_loaded_modules(reads: inputs.Reads) -> None:
    """Every module the run had loaded, as source or library file: a change to the
    tool or a library it uses is a new report."""
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str):
            reads.note_file(os.path.abspath(file))


def _note_spelling_sources(reads: inputs.Reads) -> None:
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    personal = os.path.join(config_home, "enchant")
    for folder in (*_SPELLING_FOLDERS, personal, os.path.join(personal, "hunspell")):
        reads.note_folder(folder)
        for pattern in _SPELLING_PATTERNS:
            for path in sorted(glob.glob(os.path.join(glob.escape(folder), pattern))):
                reads.note_file(path)
