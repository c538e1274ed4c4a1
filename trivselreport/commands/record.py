"""The build's record beside the memo (`<stem>.kilder.txt`): what the memo was made from.

One line per file the build read: the SHA-256 of the bytes read and the file's path in
the project, as `sha256sum` writes them (``<hex>  entries/2024/x.yaml``), sorted by path.
The lines without "#" are the memo's own entries. The other files the build read stand
as comment lines that say what they are (``# ikke i notatet: <hex>  <path>`` for an
entry of another period or outside this edition, ``# konfiguration:``,
``# indledning:``), so no one takes them for the memo's entries and `sha256sum -c`
checks just those. A record written before there were hashes holds only paths: it is
still read, its files with `digest` None.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MEMO_ENTRY = "indslag"  # an entry of the memo: a line without "#"
OTHER_ENTRY = "ikke i notatet"
CONFIG = "konfiguration"
INTRODUCTION = "indledning"
ENTRY_KINDS = (MEMO_ENTRY, OTHER_ENTRY)

_TITLE = re.compile(r"# (.+): bygget af \d+ indslag")
_MARKED = re.compile(rf"# ({OTHER_ENTRY}|{CONFIG}|{INTRODUCTION}): (.*)")
_HASHED = re.compile(r"(\\?)([0-9a-f]{64}) [ *](.+)")


@dataclass(frozen=True)
class RecordedFile:
    path: str  # relative to the project, with "/" (`project_path`)
    digest: str | None  # None in a record from before the hashes
    kind: str = MEMO_ENTRY


@dataclass(frozen=True)
class Record:
    title: str | None
    files: tuple[RecordedFile, ...]

    @property
    def hashed(self) -> bool:
        """Written with hashes; False for an old record of paths only."""
        return any(file.digest for file in self.files)

    def entries(self) -> dict[str, RecordedFile]:
        """The recorded entry files (in the memo or not), by path."""
        return {file.path: file for file in self.files if file.kind in ENTRY_KINDS}


def project_path(path: Path, project_dir: Path) -> str:
    """A file's path as the record names it: relative to the project, with "/"."""
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def record_text(title: str, files: Iterable[RecordedFile]) -> str:
    """The record's text: a Danish header, then the memo's entries, then the other files."""
    chosen = list(files)
    memo_entries = sorted((f for f in chosen if f.kind == MEMO_ENTRY), key=lambda f: f.path)
    order = {OTHER_ENTRY: 0, CONFIG: 1, INTRODUCTION: 2}
    others = sorted(
        (f for f in chosen if f.kind != MEMO_ENTRY), key=lambda f: (order[f.kind], f.path)
    )
    lines = [
        f"# {title}: bygget af {len(memo_entries)} indslag",
        "# Hver linje er en fil, notatet blev bygget af: SHA-256 af filens indhold og filen i",
        "# projektmappen, som sha256sum skriver dem. Linjerne uden # er notatets indslag;",
        "# de andre filer, build læste, står efter »# ikke i notatet:«, »# konfiguration:«",
        "# og »# indledning:«.",
        "",
        *(_line(file) for file in memo_entries),
    ]
    if others:
        lines += ["", *(f"# {file.kind}: {_line(file)}" for file in others)]
    return "\n".join(lines) + "\n"


def _line(file: RecordedFile) -> str:
    if file.digest is None:
        return file.path
    # As sha256sum does: a name with a backslash or a line break is escaped, the line
    # marked by a leading backslash.
    escaped = file.path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
    mark = "\\" if escaped != file.path else ""
    return f"{mark}{file.digest}  {escaped}"


def parse_record(text: str) -> Record:
    """A record's files, in this format or the older one (one path a line, no hashes)."""
    title: str | None = None
    files: list[RecordedFile] = []
    for number, raw in enumerate(text.split("\n")):
        line = raw.removesuffix("\r")
        if number == 0 and (found := _TITLE.fullmatch(line)):
            title = found.group(1)
            continue
        if not line.strip():
            continue
        kind = MEMO_ENTRY
        if line.startswith("#"):
            marked = _MARKED.fullmatch(line)
            if marked is None:
                continue  # a comment
            kind, line = marked.group(1), marked.group(2)
        if hashed := _HASHED.fullmatch(line):
            path = hashed.group(3)
            if hashed.group(1):
                path = _unescape(path)
            files.append(RecordedFile(path, hashed.group(2), kind))
        elif kind in ENTRY_KINDS:
            files.append(RecordedFile(line, None, kind))  # the old format: a path alone
    return Record(title, tuple(files))


def _unescape(path: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), path)
