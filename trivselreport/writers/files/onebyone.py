"""Put new files in place one at a time, each earlier file kept until the last is in.

Where two folders cannot be swapped in one step, output.py moves the new files in
one by one (`OneByOne`); a replacement a killed build left half-done is undone by
the next build from its backups (`undo_cut_off`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from trivselreport.writers.files.fileops import fsync_folder, link_or_copy, write_file
from trivselreport.writers.files.pausepoint import pause_point

BACKUPS = ".tidligere-filer"  # inside a staging folder: the files replaced one by one
NEW_NAMES = ".nye-filer.json"  # inside BACKUPS: the names that did not exist before
_FINISHED = ".udskiftet"  # BACKUPS renamed once the replacement is complete


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
            if len(self.done) == 1:
                pause_point("between-renames")
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
