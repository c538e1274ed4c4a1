"""The building blocks of output.py: staging folders, the one-step exchange, backups.

Everything here works on one folder at a time and raises plain OSError; output.py
decides what a failure means for the user.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

STALE_SECONDS = 3600  # leftovers of a build are removed once this old (or once it is gone)
BACKUPS = ".tidligere-filer"  # inside a staging folder: the files replaced one by one
NEW_NAMES = ".nye-filer.json"  # inside BACKUPS: the names that did not exist before
_FINISHED = ".udskiftet"  # BACKUPS renamed once the replacement is complete

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# A failed exchange has changed nothing; after these the files can still be put in
# place one by one (no support on this drive or system, or no right to move the folder).
EXCHANGE_REFUSED = frozenset(
    {
        errno.EINVAL,
        errno.ENOSYS,
        errno.EOPNOTSUPP,
        errno.ENOTSUP,
        errno.EXDEV,
        errno.EPERM,
        errno.EACCES,
        errno.EBUSY,
    }
)

_LEFTOVER = re.compile(
    r"\.(?P<folder>.+)\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[0-9a-f]{12}\.ny"
)


@functools.cache
def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def hidden_name(name: str) -> str:
    """`.<name>.<host>-<pid>-<random>.ny`: ours, and whose, for cleaning up after a kill."""
    return f".{name}.{_host()}-{os.getpid()}-{secrets.token_hex(6)}.ny"


def make_staging(place: Path, folder_name: str) -> Path:
    """A new empty hidden folder in `place`, named after the folder it will replace.

    Created with mode 0777 less the umask, like any folder the user makes.
    """
    while True:
        path = place / hidden_name(folder_name)
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            continue
        return path


def remove_abandoned_files(folder: Path) -> None:
    """Remove our hidden temporary files in `folder` whose process is gone or that are old."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _LEFTOVER.fullmatch(name)
        path = folder / name
        try:
            if match and path.is_file() and not path.is_symlink() and _abandoned(path, match):
                path.unlink()
        except OSError:
            continue


def is_staging_name(name: str) -> bool:
    return _LEFTOVER.fullmatch(name) is not None


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no glibc 2.28 or later
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> None:
    """Swap two paths in one step (Linux renameat2 with RENAME_EXCHANGE).

    Raises OSError, and has then changed nothing; ENOSYS where there is no such call.
    """
    function = _renameat2()
    if function is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(first), None, str(second))
    if (
        function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        != 0
    ):
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))


def write_file(path: Path, data: bytes) -> None:
    """Create a new file, write it in full and flush it to disk (mode 0666 less the umask).

    FileExistsError if the name is taken; on any later failure the file is removed again.
    """
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
    )
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)  # on network drives a late write error may come only here
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def fsync_folder(folder: Path) -> None:
    """Flush a folder's list of names to disk where the system can (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link of `source` at `target`, or a byte-identical copy where links fail."""
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this drive, another user's file, too many links …
        shutil.copy2(source, target, follow_symlinks=False)


def carry_over(folder: Path, staging: Path, skip: set[str]) -> None:
    """Put everything in `folder` except the names in `skip` into `staging` as well."""
    with os.scandir(folder) as listing:
        names = [entry.name for entry in listing]
    for name in names:
        if name not in skip and not is_staging_name(name):
            _carry(folder / name, staging / name)


def _carry(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        os.mkdir(target)
        with os.scandir(source) as listing:
            names = [entry.name for entry in listing]
        for name in names:
            _carry(source / name, target / name)
        shutil.copystat(source, target)
    else:
        link_or_copy(source, target)


class OneByOne:
    """Put the new files from a staging folder in place one at a time.

    Before a file is replaced, the previous one is kept in the staging folder's
    BACKUPS folder (a hard link, or a copy), so `roll_back` can put every earlier
    file back exactly as it was. The names that did not exist before are recorded
    first, so a build killed half-way can be undone by the next one.
    """

    def __init__(self, folder: Path, staging: Path, names: list[str]) -> None:
        self.folder = folder
        self.staging = staging
        self.names = names
        self.backups = staging / BACKUPS
        self.current: str | None = None  # the name being put in place
        self.done: list[tuple[str, bool]] = []  # (name, whether it replaced a file)

    def install(self) -> None:
        os.mkdir(self.backups)
        new = [name for name in self.names if not os.path.lexists(self.folder / name)]
        write_file(self.backups / NEW_NAMES, json.dumps(new).encode("utf-8"))
        fsync_folder(self.backups)
        for name in self.names:
            self.current = name
            target = self.folder / name
            replaces = os.path.lexists(target)
            if replaces:
                link_or_copy(target, self.backups / name)
            os.replace(self.staging / name, target)
            self.done.append((name, replaces))
        self.current = None
        fsync_folder(self.folder)

    def roll_back(self) -> list[str]:
        """Put every earlier file back; returns the names that could not be."""
        failed: list[str] = []
        for name, replaced in reversed(self.done):
            try:
                if replaced:
                    os.replace(self.backups / name, self.folder / name)
                else:
                    os.unlink(self.folder / name)
            except OSError:
                failed.append(name)
        self.done = [(name, replaced) for name, replaced in self.done if name in failed]
        fsync_folder(self.folder)
        return failed

    def finish(self) -> None:
        """The replacement is complete: the backups are no longer a way back."""
        os.rename(self.backups, self.staging / _FINISHED)


def undo_cut_off(staging: Path, folder: Path) -> None:
    """Undo a one-by-one replacement from `staging` into `folder` that was cut off."""
    backups = staging / BACKUPS
    if not backups.is_dir() or backups.is_symlink():
        return
    try:
        new = json.loads((backups / NEW_NAMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        new = []
    for name in new if isinstance(new, list) else []:
        if isinstance(name, str) and name and "/" not in name and name not in (".", ".."):
            (folder / name).unlink(missing_ok=True)
    with os.scandir(backups) as listing:
        names = [entry.name for entry in listing if entry.name != NEW_NAMES]
    for name in names:
        os.replace(backups / name, folder / name)
    os.rename(backups, staging / _FINISHED)


def remove_leftovers(folder: Path, legacy_names: list[str]) -> None:
    """Remove what killed builds left beside and inside `folder`.

    Only our own staging folders (recognised by name) whose build is gone or that
    are STALE_SECONDS old; a one-by-one replacement they were making is undone
    first. Also the temporary files `.<name>.<random>.tmp` of earlier versions.
    """
    for place in (folder.parent, folder):
        try:
            names = os.listdir(place)
        except OSError:
            continue
        for name in names:
            match = _LEFTOVER.fullmatch(name)
            path = place / name
            if match is None or match["folder"] != folder.name or not _abandoned(path, match):
                continue
            try:
                if path.is_dir() and not path.is_symlink():
                    undo_cut_off(path, folder)
                    shutil.rmtree(path)
            except OSError:
                continue
    cutoff = time.time() - STALE_SECONDS
    for name in legacy_names:
        for leftover in folder.glob(f".{glob_escape(name)}.*.tmp"):
            try:
                if leftover.lstat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                continue


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _abandoned(path: Path, match: re.Match[str]) -> bool:
    try:
        age = time.time() - path.lstat().st_mtime
    except OSError:
        return False
    if age > STALE_SECONDS:
        return True
    return match["host"] == _host() and not _running(int(match["pid"]))


def _running(pid: int) -> bool:
    if os.name == "nt" or pid == os.getpid():  # on Windows os.kill would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, but belongs to someone else
        return True
    return True
