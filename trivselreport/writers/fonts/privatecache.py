"""Folders in the user's cache that only this user can write.

The PDF writer keeps fontconfig's configuration and cache there, and the symbol
fonts built for the memo (``symbolcache``). A folder another user could write, or one
that leads elsewhere, is never trusted: a private temporary folder is used instead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from pathlib import Path


def private_folder(name: str) -> Path:
    """`name` in the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/trivselreport.

    Created with mode 0700. If it (or trivselreport/) is a symlink, not the user's
    own, or writable by others, a new private temporary folder is used instead and
    removed when the process ends.
    """
    configured = os.environ.get("XDG_CACHE_HOME", "")
    try:
        cache = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
        ours = cache / "trivselreport"
        folder = ours / name
        cache.mkdir(parents=True, exist_ok=True)
        for path in (ours, folder):
            path.mkdir(mode=0o700, exist_ok=True)
        if _only_mine(ours) and _only_mine(folder):
            return folder
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        pass
    fallback = Path(tempfile.mkdtemp(prefix=f"trivselreport-{name.split('-')[0]}-"))
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    return fallback


def _only_mine(path: Path) -> bool:
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def write_if_changed(path: Path, data: bytes) -> None:
    """Give `path` exactly `data`, replacing it in one step (never half-written)."""
    try:
        if path.is_file() and path.read_bytes() == data:
            return
    except OSError:
        pass
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
