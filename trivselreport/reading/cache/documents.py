"""The cache folder's files: JSON documents written whole or not at all, never
through a link, and read only when they are plain files this tool could have written.

Every cache of the project (entries, writing advice, suggestions, kept reports) is
one such document in the git-ignored folder .trivselreport-cache/. Nothing here ever
fails a run: a folder that cannot be written, or a document that cannot be read, is
as if there were no cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import stat
import time
from pathlib import Path
from typing import Any

CACHE_DIR = ".trivselreport-cache"
RACY_NS = 2_000_000_000  # coarse file times (FAT: 2 s) still count as "maybe changed"
_STALE_TEMP_SECONDS = 600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


# Where the system can, the folder is opened once (not following a link) and the files
# are opened, created and renamed relative to it: swapping the folder for a link while
# a run works cannot lead it out of the project. (os.replace takes the same folder
# arguments as os.rename, but is not listed in os.supports_dir_fd.)
_DIR_FDS = {os.open, os.unlink, os.rename} <= os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


def _open_folder(folder: Path) -> int | None:
    if not _DIR_FDS:
        return None
    return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)


def _write_cache(folder: Path, data: bytes, file_name: str) -> None:
    """`data` as the cache file `file_name`, whole or not at all: written to a new
    temporary file beside it, then renamed over it."""
    folder_fd = _open_folder(folder)
    name = f".tmp-{os.getpid()}-{secrets.token_hex(6)}.json"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    try:
        if folder_fd is None:
            handle = os.open(folder / name, flags, 0o600)
        else:
            handle = os.open(name, flags, 0o600, dir_fd=folder_fd)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            if folder_fd is None:
                os.replace(folder / name, folder / file_name)
            else:
                os.replace(name, file_name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
                _remove_stale_temporaries(folder_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                if folder_fd is None:
                    os.unlink(folder / name)
                else:
                    os.unlink(name, dir_fd=folder_fd)
            raise
    finally:
        if folder_fd is not None:
            os.close(folder_fd)


def write_document(root: Path, file_name: str, document: dict[str, Any]) -> None:
    """`document` as JSON in the project's cache folder (made if missing); never fails,
    never writes through a link."""
    folder = root / CACHE_DIR
    with contextlib.suppress(OSError, ValueError, TypeError, OverflowError):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        if not plain_folder(folder):
            return
        data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8",
            "surrogatepass",  # a name that is not UTF-8 keeps its bytes
        )
        _write_cache(folder, data, file_name)


def read_document(path: Path) -> tuple[dict[str, Any], os.stat_result] | None:
    """The JSON object in the cache file `path`, and its status; None when it is not a
    plain file, is a link, or holds no JSON object."""
    try:
        folder_fd = _open_folder(path.parent)
    except OSError:
        return None
    try:
        if folder_fd is None:
            descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
        else:
            descriptor = os.open(path.name, os.O_RDONLY | _NOFOLLOW, dir_fd=folder_fd)
    except OSError:
        return None
    finally:
        if folder_fd is not None:
            os.close(folder_fd)
    try:
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                return None
            document = json.loads(stream.read().decode("utf-8", "surrogatepass"))
        if isinstance(document, dict):
            return document, status
    except (OSError, ValueError, RecursionError):
        pass
    return None


def plain_folder(folder: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except OSError:
        return False


def _remove_stale_temporaries(folder_fd: int) -> None:
    """Temporary files a killed run left behind."""
    now = time.time()
    with os.scandir(folder_fd) as listing:
        for item in listing:
            if item.name.startswith(".tmp-") and item.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if now - item.stat(follow_symlinks=False).st_mtime > _STALE_TEMP_SECONDS:
                        os.unlink(item.name, dir_fd=folder_fd)
