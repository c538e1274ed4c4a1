"""Copies that synchronisation programs leave when two people saved the same file.

OneDrive and SharePoint add the computer's name (`indslag-PC-NAVN.yaml`), Windows and
several others a number (`indslag (1).yaml`), Dropbox and Nextcloud "conflicted
copy", Syncthing ".sync-conflict-". Such a copy is read as one more entry, so the
memo shows the entry twice: the preview warns about each one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from trivselreport.errors import Problem

WATCHED_SUFFIXES = (".yaml", ".yml", ".md")
_NUMBERED = re.compile(r".+ \(\d{1,3}\)$")
_NAMED = re.compile(r"(conflicted copy|konfliktkopi|\.sync-conflict-|-konflikt\b)", re.IGNORECASE)
# A computer's name as OneDrive appends it: capitals, digits and hyphens, a capital in it.
_COMPUTER = re.compile(r"(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]*")


def conflict_original(path: Path) -> str | None:
    """The name of the file `path` looks like a conflict copy of ('' if unknown), or None."""
    stem, suffix = path.stem, path.suffix
    if suffix.lower() not in WATCHED_SUFFIXES:
        return None
    if _NUMBERED.fullmatch(stem):
        return stem.rpartition(" (")[0] + suffix
    if _NAMED.search(path.name):
        return ""
    for index in range(len(stem) - 1, 0, -1):
        if stem[index] != "-":
            continue
        head, tail = stem[:index], stem[index + 1 :]
        if _COMPUTER.fullmatch(tail) and (path.parent / f"{head}{suffix}").exists():
            return f"{head}{suffix}"
    return None


def conflict_warnings(project_dir: Path, folders: tuple[str, ...]) -> list[Problem]:
    """A warning for each conflict copy in the project's `folders` (entries, introductions)."""
    problems: list[Problem] = []
    for folder in folders:
        top = project_dir / folder
        for base, dirs, files in os.walk(top):
            dirs[:] = sorted(name for name in dirs if not name.startswith("."))
            for name in sorted(files):
                path = Path(base) / name
                original = conflict_original(path)
                if original is None:
                    continue
                problems.append(
                    Problem(
                        path,
                        "Filen ligner en konfliktkopi fra et synkroniseringsprogram "
                        "(to har gemt den samme fil på samme tid), så indholdet kan komme "
                        "med to gange.",
                        hint=(
                            f"Sammenlign den med »{original}«, flyt det, der skal med, over i "
                            "den ene fil, og slet kopien."
                            if original
                            else "Sammenlign den med den oprindelige fil, flyt det, der skal "
                            "med, over i den ene fil, og slet kopien."
                        ),
                        level="warning",
                    )
                )
    return problems
