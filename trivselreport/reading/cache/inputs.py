"""What a run read, so that its result is used again only while none of it changed.

A kept result (the report of a `check`) depends on three kinds of input:

- **The project's own folders.** `project_snapshot` takes one walk of entries/,
  indledninger/ and templates/ (every name, and its lstat: type, device, inode,
  size, mtime and ctime; for a link also what it points at) and of the project
  folder's own names (all but hidden ones, output/ and the cache folder), hashed
  into one digest. A link to a folder is not followed here: a project with one
  gets no snapshot, so its results are never kept.
- **Whatever else the run opened or listed.** While `recording` is active, an
  audit hook (`sys.addaudithook`) notes every file opened for reading and every
  folder listed, anywhere (a font, a dictionary's folder, an introduction the
  config names, a template of the package), with its identity taken *before* the
  run reads it. Paths inside the excluded folder (the cache itself) are not noted,
  nor the folders the import system lists to find modules (the modules a run loaded
  are noted by their files).
- **What the code reads without Python's `open`** (a C library's dictionary): its
  callers name those files with `Reads.note_file`.

`changed` answers whether any noted file or folder is not as it was noted. A
result is trusted only when, besides, none of its inputs was modified within
RACY_NS of when the result was kept (a file changed in the same tick as it was
read could look unchanged); the caller compares the times (`Reads.newest_ns`,
`Snapshot.newest_ns`).
"""

from __future__ import annotations

import contextlib
import hashlib
import operator
import os
import stat
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trivselreport.reading.files.projectdir import TOOL_FOLDERS

# The folders of a project a check reads all of.
WALKED_FOLDERS = ("entries", "indledninger", "templates")
# Names at the top of a project that no check reads (hidden names are skipped too).
_UNREAD_TOP_NAMES = frozenset({"output"})

Identity = list[int]


def identity(path: str) -> Identity | None:
    """The lstat of `path` (and, for a link, the stat of what it points at, or -1 when
    it points at nothing); None when there is nothing at `path`."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    found = _numbers(status)
    if stat.S_ISLNK(status.st_mode):
        try:
            found += _numbers(os.stat(path))
        except OSError:
            found.append(-1)
    return found


def listing(path: str) -> list[str] | None:
    """The names in the folder `path`, sorted; None when it cannot be listed."""
    try:
        return sorted(os.listdir(path))
    except (OSError, ValueError):
        return None


# An lstat's identity: type, device, inode, size, mtime and ctime (a tuple, made in C).
_identity_of = operator.attrgetter(
    "st_mode", "st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns"
)


def _numbers(status: os.stat_result) -> Identity:
    return list(_identity_of(status))


@dataclass
class Reads:
    """The files and folders a run read outside the project's walked folders."""

    excluded: str  # the cache folder (absolute): never noted, left out of listings
    covered: tuple[str, ...] = ()  # folders the project's snapshot covers: not noted
    files: dict[str, Identity | None] = field(default_factory=dict)
    folders: dict[str, list[str] | None] = field(default_factory=dict)
    failed: bool = False  # something could not be noted: the run's result is not kept

    def note_file(self, path: str) -> None:
        if path not in self.files and not self._excluded(path):
            self.files[path] = identity(path)

    def note_folder(self, path: str) -> None:
        if path not in self.folders and not self._excluded(path):
            self.folders[path] = self._listing(path)

    def _listing(self, path: str) -> list[str] | None:
        """The folder's names but the excluded folder's (which the run itself writes)."""
        names = listing(path)
        if names is None or os.path.dirname(self.excluded) != path:
            return names
        return [name for name in names if name != os.path.basename(self.excluded)]

    def _excluded(self, path: str) -> bool:
        return any(
            path == folder or path.startswith(folder + os.sep)
            for folder in (self.excluded, *self.covered)
        )

    def changed(self) -> bool:
        """Whether any noted file or folder is not as it was noted."""
        return any(identity(path) != noted for path, noted in self.files.items()) or any(
            self._listing(path) != noted for path, noted in self.folders.items()
        )

    def newest_ns(self) -> int:
        """The newest modification or change time of the noted files (0: none)."""
        return max(
            (max(noted[4], noted[5]) for noted in self.files.values() if noted is not None),
            default=0,
        )

    def as_document(self) -> dict[str, Any]:
        return {"files": self.files, "folders": self.folders}

    @classmethod
    def from_document(
        cls, document: Any, excluded: str, covered: tuple[str, ...] = ()
    ) -> Reads | None:
        """The reads a document holds, or None when it is not what as_document wrote."""
        if not isinstance(document, dict):
            return None
        files, folders = document.get("files"), document.get("folders")
        if not (isinstance(files, dict) and isinstance(folders, dict)):
            return None
        if not all(_is_identity(noted) for noted in files.values()):
            return None
        if not all(
            noted is None or (isinstance(noted, list) and all(isinstance(n, str) for n in noted))
            for noted in folders.values()
        ):
            return None
        return cls(excluded, covered, files, folders)


def _is_identity(noted: Any) -> bool:
    return noted is None or (
        isinstance(noted, list) and len(noted) >= 6 and all(type(n) is int for n in noted)
    )


_active: list[Reads] = []  # the recordings in progress (innermost last)
_hooked = False
_in_hook = False


def _path_of(argument: Any) -> str | None:
    if isinstance(argument, int) or argument is None:
        return None  # a file descriptor: its opening was noted
    return os.path.abspath(os.fsdecode(argument))


def _reads_only(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str):
        return not any(letter in mode for letter in "wax+")
    if isinstance(flags, int):
        return flags & (os.O_WRONLY | os.O_RDWR) == 0
    return True


def _hook(event: str, arguments: tuple[Any, ...]) -> None:
    global _in_hook
    if not _active or _in_hook or event not in ("open", "os.listdir", "os.scandir"):
        return
    _in_hook = True
    try:
        path = _path_of(arguments[0] if arguments else None)
        if path is not None and not (event != "open" and _listed_by_imports()):
            for reads in _active:
                if event != "open":
                    reads.note_folder(path)
                elif _reads_only(arguments[1], arguments[2]):
                    reads.note_file(path)
    except Exception:  # never let noting a read break the read itself
        for reads in _active:
            reads.failed = True
    finally:
        _in_hook = False


def _listed_by_imports() -> bool:
    """Whether the folder being listed is listed by Python's import system, which reads
    the folders on sys.path (the current one among them) to find modules: the modules
    a run loads are noted by their files instead, and a folder such as the current one
    changes all the time."""
    caller = sys._getframe(2)  # 0: this function, 1: the hook, 2: who lists the folder
    return str(caller.f_globals.get("__name__", "")).startswith("importlib")


@contextlib.contextmanager
def recording(excluded: Path, covered: tuple[Path, ...] = ()) -> Iterator[Reads]:
    """Note every file opened for reading and folder listed while the block runs, but
    those in `excluded` and `covered` (see Reads)."""
    global _hooked
    if not _hooked:
        sys.addaudithook(_hook)  # for the life of the process: it cannot be removed
        _hooked = True
    reads = Reads(os.path.abspath(excluded), tuple(os.path.abspath(path) for path in covered))
    _active.append(reads)
    try:
        yield reads
    finally:
        _active.remove(reads)


def note_file(path: Path | str) -> None:
    """Name a file a result depends on that the run may not open (one found missing,
    one read by a C library)."""
    if not _active:
        return
    for reads in _active:
        reads.note_file(os.path.abspath(path))


def note_folder(path: Path | str) -> None:
    """Name a folder a result depends on (see note_file)."""
    if not _active:
        return
    for reads in _active:
        reads.note_folder(os.path.abspath(path))


@dataclass(frozen=True)
class Snapshot:
    digest: str
    newest_ns: int  # the newest modification or change time in it (0: nothing)


def snapshot_folders(project_dir: Path) -> tuple[Path, ...]:
    """The folders project_snapshot covers whole."""
    return tuple(project_dir / name for name in WALKED_FOLDERS)


def project_snapshot(project_dir: Path) -> Snapshot | None:
    """The names and identities of everything in the project's walked folders and at
    its top (see the module); None when a folder there is reached through a link."""
    numbers = array("q")
    names: list[str] = []
    top = str(project_dir)
    try:
        with os.scandir(top) as entries:
            items = sorted(entries, key=lambda item: item.name)
        for item in items:
            if item.name.startswith(".") or item.name in _UNREAD_TOP_NAMES:
                continue
            if not _add(item, names, numbers):
                return None
        for name in WALKED_FOLDERS:
            folder = os.path.join(top, name)
            if (
                os.path.isdir(folder)
                and not os.path.islink(folder)
                and not _walk(folder, names, numbers)
            ):
                return None
    except OSError:
        return None
    digest = hashlib.sha256(numbers.tobytes())
    digest.update("\0".join(names).encode("utf-8", "surrogateescape"))
    newest = max(max(numbers[4::6], default=0), max(numbers[5::6], default=0))
    return Snapshot(digest.hexdigest(), newest)


def _walk(top: str, names: list[str], numbers: array[int]) -> bool:
    """Every name below `top` (in the order the system lists them, which is the same
    while nothing changes) with its identity; False at a link to a folder. Kept to one
    loop with few calls, since it runs once per file of the project."""
    folders = [top]
    link = stat.S_IFLNK
    while folders:
        with os.scandir(folders.pop()) as entries:
            for item in entries:
                status = item.stat(follow_symlinks=False)
                if stat.S_IFMT(status.st_mode) == link:
                    if not _add(item, names, numbers):
                        return False
                    continue
                names.append(item.path)
                numbers.extend(_identity_of(status))
                if item.is_dir(follow_symlinks=False) and item.name.casefold() not in TOOL_FOLDERS:
                    folders.append(item.path)
    return True


def _add(item: os.DirEntry[str], names: list[str], numbers: array[int]) -> bool:
    """One name and its identity; False for a link to a folder (not followed here)."""
    status = item.stat(follow_symlinks=False)
    names.append(item.path)
    numbers.extend(_numbers(status))
    if stat.S_ISLNK(status.st_mode):
        try:
            target = os.stat(item.path)
        except OSError:
            names.append("\0broken")
            return True
        if stat.S_ISDIR(target.st_mode):
            return False
        names.append("\0link")
        numbers.extend(_numbers(target))  # keeps every sixth number a time of the target
    return True
