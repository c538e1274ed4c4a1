"""Staging folders: named so a later build knows whose they are, filled, cleaned up.

A build stages its files in a hidden folder beside the one it replaces,
`.<name>.<host>-<pid>-<random>.ny`, which also holds the folder's other files
(`carry_over`). What a killed build left behind is removed by the next one once
that build's process is gone or the folder is STALE_SECONDS old (`remove_leftovers`);
`new` names its temporary file the same way (`hidden_name`, `remove_abandoned_files`).
Everything here raises plain OSError; output.py decides what a failure means for
the user.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import shutil
import socket
import time
from pathlib import Path

from trivselreport.writers.files.fileops import link_or_copy
from trivselreport.writers.files.onebyone import undo_cut_off

STALE_SECONDS = 3600  # leftovers of a build are removed once this old (or once it is gone)

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


def keep_visible(staging: Path, folder: Path) -> Path:
    """Give a folder of earlier files a visible name the next build will not remove."""
    kept = folder.with_name(f"{folder.name}-tidligere-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        os.rename(staging, kept)
    except OSError:
        return staging
    return kept
