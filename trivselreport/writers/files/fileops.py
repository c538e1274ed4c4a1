"""The file-system steps of writing a memo's files (and `new`'s entry), each on one path.

A file written in full and flushed to disk, a folder's names flushed, a hard link
or a byte-identical copy, two folders swapped in one step (Linux renameat2), and
creating or removing folders. Everything here raises plain OSError; its callers
(output.py, `new`) decide what a failure means for the user.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

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


def copy_folder_rights(folder: Path, staging: Path) -> None:
    """The new folder keeps the old one's permissions and, where allowed, its group."""
    try:
        info = folder.stat()
        if hasattr(os, "chown") and staging.stat().st_gid != info.st_gid:
            with contextlib.suppress(OSError):
                os.chown(staging, -1, info.st_gid)
        os.chmod(staging, stat.S_IMODE(info.st_mode))
    except OSError:
        pass


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents (mode 0777 less the umask); returns them."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o777)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        created.append(path)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "ikke en mappe", str(folder))
    return created


def remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()
