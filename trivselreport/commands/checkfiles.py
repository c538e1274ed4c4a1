"""`check FIL…`: which entry files of the project the paths a user typed name.

A path may name an entry file or a folder under entries/ (every entry below it);
trivselreport.yaml is always checked and may be named too. A path that is no entry
of the project is a problem saying why, in Danish; the other paths are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.config import CONFIG_FILE
from trivselreport.reading.files.entrytree import ENTRIES_DIR, ENTRY_SUFFIXES, EntryTree

_EXAMPLE = "fx entries/2024/2024-04-15-temadag.yaml"


@dataclass(frozen=True)
class Selection:
    """The entry files the paths name, and the paths that name none."""

    files: list[Path]
    problems: list[Problem]


def _places(path: Path) -> set[str]:
    """Where a path is, by name and with links followed (a link is matched both ways)."""
    return {os.path.abspath(path), os.path.realpath(path)}


def _below(places: set[str], folders: set[str]) -> bool:
    return any(
        os.path.commonpath([place, folder]) == folder
        for place in places
        for folder in folders
        if os.path.isabs(place) == os.path.isabs(folder)
    )


def select_entry_files(project_dir: Path, tree: EntryTree, paths: Sequence[Path]) -> Selection:
    """The entry files of `tree` that `paths` name, in the tree's order."""
    files = tree.entry_files
    places = {path: _places(path) for path in files}
    chosen: set[Path] = set()
    problems: list[Problem] = []
    for given in paths:
        named = _places(given)
        if named & _places(project_dir / CONFIG_FILE):
            continue  # the config is always checked
        if given.is_dir():
            found = [path for path in files if _below(places[path], named)]
        else:
            found = [path for path in files if places[path] & named]
        if found:
            chosen.update(found)
            continue
        # A hidden name, a link leading out of the project: the walk says why. Named on
        # purpose, a file that is not read is an error, not a warning.
        told = [
            replace(problem, level="error")
            for problem in tree.problems
            if problem.file and _places(problem.file) & named
        ]
        problems.extend(told or [_not_an_entry(project_dir, given)])
    return Selection([path for path in files if path in chosen], problems)


def _not_an_entry(project_dir: Path, given: Path) -> Problem:
    """Why `given` names no entry of the project."""
    hint = f"Skriv stien til en indslagsfil eller en mappe under entries, {_EXAMPLE}."
    if not os.path.lexists(given):
        return Problem(given, "Filen findes ikke.", hint=hint)
    places = _places(given)
    if not _below(places, _places(project_dir)):
        return Problem(
            given,
            f"Filen ligger ikke i projektet ({project_dir}), så den tjekkes ikke.",
            hint="Tjek den i sit eget projekt med »trivselreport check --projekt MAPPE FIL«.",
        )
    if not _below(places, _places(project_dir / ENTRIES_DIR)):
        return Problem(
            given,
            "Det er ikke et indslag: indslagene ligger i mappen entries.",
            hint=hint,
        )
    if given.is_dir():
        return Problem(given, "Mappen indeholder ingen indslag.", hint=hint)
    if given.suffix.lower() not in ENTRY_SUFFIXES:
        return Problem(
            given,
            "Det er ikke et indslag: et indslag er en fil, der ender på .yaml.",
            hint=hint,
        )
    return Problem(
        given,
        "Filen læses ikke som indslag, fordi den eller en mappe over den er skjult "
        "(navnet begynder med et punktum) eller er en sikkerhedskopi fra en editor.",
        hint="Omdøb filen eller mappen, hvis den skal med.",
    )
