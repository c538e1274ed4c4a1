"""Watching the project folder: a saved file makes the previews be prepared again.

Editors save in many ways (a temporary file renamed over the old one, a swap file,
a backup), synchronisation programs add their own files, and the builds write to
output/: only a change to a file the memo can be made from counts. So the watch
skips output/, hidden files and folders, editors' swap, backup and lock files
(.swp, ~, .#*, #*#, 4913, *.tmp, ~$*), and the files the server wrote itself
(`OwnWrites`: the path and st_mtime_ns of each, noted when written). Changes that
come within a short while of each other are taken together (debounce).
`--poll` makes it look at the files instead of asking the system to tell (network
drives and synchronised folders tell nothing): every POLL_MS it compares each file's
st_mtime_ns, size and inode. watchfiles' own polling (`force_polling`) is not used for
it, since it compares whole seconds: a second save within the same second, or a file
renamed over an entry, went unseen in our tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

log = logging.getLogger("trivselreport.serve")

IGNORED_FOLDERS = frozenset({"output", "__pycache__", "node_modules"})
_EDITOR_FILES = re.compile(
    r"(~|\.sw[a-p]|\.tmp|\.temp|\.bak|\.orig|\.part|\.crdownload|\.kate-swp)$"
    r"|^(\.#|#.*#$|~\$|4913$)",
    re.IGNORECASE,
)
STEP_MS = 20  # a change is taken once no other came for this long
DEBOUNCE_MS = 400  # at most this long are changes gathered
POLL_MS = 200  # --poll: how often the files are looked at


def counts(project_dir: Path, path: Path) -> bool:
    """Whether a change to `path` can change the memo."""
    try:
        parts = path.relative_to(project_dir).parts
    except ValueError:
        return False
    if not parts or parts[0] in IGNORED_FOLDERS:
        return False
    if any(part.startswith(".") or part in IGNORED_FOLDERS for part in parts):
        return False
    return not _EDITOR_FILES.search(parts[-1])


class OwnWrites:
    """The files the server wrote itself, so that their change is not taken for a save.

    `note(path)` after writing: the watcher then drops the change whose file still has
    that st_mtime_ns, and `listener` (set by the server) prepares the previews at once.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._written: dict[Path, int] = {}
        self.listener: Callable[[], None] | None = None

    def note(self, path: Path) -> None:
        try:
            stamp = os.stat(path).st_mtime_ns
        except OSError:
            stamp = -1
        with self._lock:
            self._written[Path(os.path.abspath(path))] = stamp
        if self.listener is not None:
            self.listener()

    def is_own(self, path: Path) -> bool:
        key = Path(os.path.abspath(path))
        with self._lock:
            stamp = self._written.get(key)
        if stamp is None:
            return False
        try:
            return os.stat(key).st_mtime_ns == stamp
        except OSError:
            return stamp == -1


Stamp = tuple[int, int, int]


def snapshot(root: Path) -> dict[Path, Stamp]:
    """The time, size and inode of every file under `root` that counts."""
    found: dict[Path, Stamp] = {}
    for base, dirs, files in os.walk(root):
        dirs[:] = [
            name for name in dirs if not name.startswith(".") and name not in IGNORED_FOLDERS
        ]
        for name in files:
            path = Path(base, name)
            if not counts(root, path):
                continue
            try:
                info = os.stat(path)
            except OSError:
                continue
            found[path] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return found


def differences(before: dict[Path, Stamp], after: dict[Path, Stamp]) -> set[Path]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


async def poll_project(
    root: Path,
    on_change: Callable[[set[Path]], Awaitable[None]],
    *,
    own: OwnWrites,
    stop: asyncio.Event,
) -> None:
    """`watch_project` by looking: a snapshot every POLL_MS, compared with the last."""
    previous = await asyncio.to_thread(snapshot, root)
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), POLL_MS / 1000)
        if stop.is_set():
            return
        current = await asyncio.to_thread(snapshot, root)
        changed = differences(previous, current)
        if not changed:
            continue
        await asyncio.sleep(STEP_MS / 1000)  # a save in several writes: take it whole
        settled = await asyncio.to_thread(snapshot, root)
        changed |= differences(current, settled)
        previous = settled
        paths = {path for path in changed if not own.is_own(path)}
        if paths:
            await on_change(paths)


async def watch_project(
    project_dir: Path,
    on_change: Callable[[set[Path]], Awaitable[None]],
    *,
    own: OwnWrites,
    poll: bool,
    stop: asyncio.Event,
) -> None:
    """Call `on_change` with the paths that count, for each batch of changes, until `stop`."""
    root = Path(os.path.abspath(project_dir))
    if poll:
        try:
            await poll_project(root, on_change, own=own, stop=stop)
        except Exception:
            log.exception("The project folder could not be watched")
        return

    def keep(_change: Change, name: str) -> bool:
        return counts(root, Path(name))

    try:
        async for changes in awatch(
            root,
            watch_filter=keep,
            force_polling=False,
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            ignore_permission_denied=True,
        ):
            paths = {Path(name) for _change, name in changes if not own.is_own(Path(name))}
            if paths:
                await on_change(paths)
    except Exception:
        # e.g. the system's limit of watched folders: looking at the files still works
        log.warning(
            "Mappen kan ikke overvåges af systemet; serveren kigger i stedet selv på filerne "
            "(som med --poll)."
        )
        try:
            await poll_project(root, on_change, own=own, stop=stop)
        except Exception:
            log.exception("The project folder could not be watched")
