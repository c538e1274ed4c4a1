"""One walk of entries/: every file and folder, as the user sees it, and what is wrong.

Links are followed when they stay inside the project (the same file is read
once); a link leading out, a ring of links or a broken link is a problem naming
the link. Names that are not UTF-8 or hold a CPR number are problems too.
Hidden files and folders are not read, but named in a warning when they look
like entries; what editors and file managers leave behind is ignored silently.

One module over 300 lines, since it is one walk: its rules for links, hidden and
unreadable names share the walk's state, and most of its length is their messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from trivselreport.errors import Problem, UserError, shown_path
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.projectdir import TOOL_FOLDERS
from trivselreport.reading.privacy.findings import scan_text

ENTRIES_DIR = "entries"
ENTRY_SUFFIXES = (".yaml", ".yml")  # in any case: .YAML and .Yml are read too
# Pictures beside their entries, where `billeder` expects them (any format: one that
# cannot be shown is told about where an entry names it).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".heif", ".tif", ".tiff")
# Notes and pictures beside the entries are fine and not warned about.
NOTE_SUFFIXES = (".md", ".txt", *PICTURE_SUFFIXES)


def entry_tree(project_dir: Path) -> EntryTree:
    """Every file and folder under entries/, in a stable order, and what is wrong on the way.

    Links inside the project are followed (a ring or a link leading out is a problem);
    hidden names are not read, but named in a warning when they look like entries.
    """
    return _TreeWalk(project_dir).run()


@dataclass
class EntryTree:
    """What one walk of entries/ found: every file and folder as the user sees it."""

    items: list[tuple[Path, bool]]  # (path, is a folder), sorted
    sources: dict[Path, Path]  # where a path reached through a link really is
    problems: list[Problem]

    @property
    def entry_files(self) -> list[Path]:
        return [path for path, _ in self.items if path.suffix.lower() in ENTRY_SUFFIXES]


# Left behind by editors and file managers: never entries, never warned about.
_LEFTOVER_SUFFIXES = (".swp", ".swo", ".swn", ".swx")
_LEFTOVER_NAMES = ("thumbs.db", "desktop.ini", ".ds_store")
_MAX_HIDDEN_COUNT = 1000  # files looked for in one hidden folder
_MAX_HIDDEN_NAMED = 20  # of them named one by one


def _leftover(name: str) -> bool:
    lower = name.casefold()
    return (
        lower.endswith("~")
        or lower.startswith((".#", "~$"))
        or lower in _LEFTOVER_NAMES
        or (lower.startswith("#") and lower.endswith("#"))
        or lower.endswith(_LEFTOVER_SUFFIXES)
    )


def _looks_like_entry(name: str) -> bool:
    return Path(name).suffix.lower() in ENTRY_SUFFIXES and not _leftover(name)


def readable_name(name: str) -> bool:
    """False for a file name that is not valid UTF-8 (Python keeps its bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_Parts = tuple[str, ...]


class _TreeWalk:
    def __init__(self, project_dir: Path) -> None:
        self.project_dir = project_dir
        self.root = project_dir / ENTRIES_DIR
        # parts below entries/, is a folder, real location, reached through a link
        self.found: list[tuple[_Parts, bool, str, bool]] = []
        self.links: list[_Parts] = []
        self.walked: set[str] = set()  # real folders read
        self.problems: list[Problem] = []

    def run(self) -> EntryTree:
        if not os.path.lexists(self.root):
            self.problems.append(
                Problem(
                    self.root,
                    "Mappen entries findes ikke, så der er ingen indslag at læse.",
                    hint="Opret mappen entries i projektmappen, eller skriv det første indslag "
                    "med »trivselreport new«.",
                    level="warning",
                )
            )
            return self._tree()
        try:
            real = inside_project(self.root, self.project_dir, "Mappen entries")
        except UserError as error:
            self.problems.extend(error.problems)
            return self._tree()
        if Path(os.path.realpath(self.project_dir)).is_relative_to(real):
            self.problems.append(
                Problem(
                    self.root,
                    "Mappen entries er en genvej (symbolsk link) til projektmappen selv "
                    "eller en mappe over den, så den ville føre rundt i en ring.",
                    hint="Slet genvejen, og opret en almindelig mappe entries til indslagene.",
                )
            )
            return self._tree()
        if not real.is_dir():
            self.problems.append(
                Problem(
                    self.root,
                    "entries er ikke en mappe.",
                    hint="Indslagene skal ligge i en mappe ved navn entries i projektmappen.",
                )
            )
            return self._tree()
        self._walk((), str(real), via_link=False)
        while self.links:
            self.links.sort(reverse=True)
            self._follow(self.links.pop())
        return self._tree()

    def _path(self, parts: _Parts) -> Path:
        return Path(os.path.join(self.root, *parts))

    def _tree(self) -> EntryTree:
        self.found.sort(key=lambda item: item[0])
        first: dict[str, _Parts] = {}
        # The same file reached twice (through a link) is read once, preferably by its name.
        for parts, folder, real, _ in sorted(self.found, key=lambda item: item[3]):
            if folder:
                continue
            if real in first:
                self.problems.append(
                    Problem(
                        self._path(parts),
                        "Filen er den samme som "
                        f"{_relative(self._path(first[real]), self.project_dir)} (gennem en "
                        "genvej) og læses kun én gang.",
                        hint="Slet genvejen, hvis den ikke skal bruges.",
                        level="warning",
                    )
                )
                continue
            first[real] = parts
        items: list[tuple[Path, bool]] = []
        sources: dict[Path, Path] = {}
        for parts, folder, real, via_link in self.found:
            if folder or first.get(real) == parts:
                path = self._path(parts)
                items.append((path, folder))
                if via_link:
                    sources[path] = Path(real)
        return EntryTree(items, sources, self.problems)

    def _walk(self, parts: _Parts, real: str, *, via_link: bool) -> None:
        """One folder and everything below it that is no link (links wait in self.links)."""
        pending = [(parts, real)]
        while pending:
            parts, real = pending.pop()
            self.walked.add(real)
            try:
                with os.scandir(real) as listing:
                    children = sorted(listing, key=lambda child: child.name)
            except OSError as error:
                self.problems.append(
                    Problem(self._path(parts), f"Mappen kan ikke læses: {error.strerror or error}.")
                )
                continue
            for child in children:
                child_parts = (*parts, child.name)
                if not self._usable_name(child_parts):
                    continue
                if child.name.startswith("."):
                    self._hidden(child_parts, child)
                elif _leftover(child.name):
                    continue
                elif child.is_symlink():
                    self.links.append(child_parts)
                elif child.is_dir(follow_symlinks=False):
                    if child.path not in self.walked:
                        self.found.append((child_parts, True, child.path, via_link))
                        pending.append((child_parts, child.path))
                else:
                    self.found.append((child_parts, False, child.path, via_link))

    def _usable_name(self, parts: _Parts) -> bool:
        """False (with a problem) for a name that cannot be read or holds a CPR number."""
        if not readable_name(parts[-1]):
            self.problems.append(
                Problem(
                    self._path(parts),
                    "Navnet kan ikke læses: det indeholder tegn, der ikke er "
                    "gemt som UTF-8, så filen eller mappen bliver ikke læst.",
                    hint="Omdøb filen eller mappen til et navn med almindelige bogstaver, fx "
                    "2024-04-15-foraeldremoede.yaml.",
                )
            )
            return False
        if scan_text(parts[-1], internal=True):
            self.problems.extend(file_name_problems(self._path(parts), parts[-1]))
        return True

    def _hidden(self, parts: _Parts, child: os.DirEntry[str]) -> None:
        path = self._path(parts)
        why = "fordi navnet starter med et punktum (skjult)"
        if child.is_symlink():
            return
        if not child.is_dir(follow_symlinks=False):
            if _looks_like_entry(child.name):
                self.problems.append(
                    Problem(
                        path,
                        f"Filen bliver ikke læst, {why}.",
                        level="warning",
                        hint="Fjern punktummet forrest i navnet, hvis filen er et indslag.",
                    )
                )
            return
        if child.name.casefold() in TOOL_FOLDERS:
            return
        found = _entry_like_files(Path(child.path))
        for inner in found[:_MAX_HIDDEN_NAMED]:
            self.problems.append(
                Problem(
                    self._path((*parts, *inner)),
                    f"Filen bliver ikke læst, fordi mappen "
                    f"»{child.name}« starter med et punktum (skjult).",
                    level="warning",
                    hint="Fjern punktummet forrest i mappens navn, hvis indslagene skal med.",
                )
            )
        if len(found) > _MAX_HIDDEN_NAMED:
            self.problems.append(
                Problem(
                    path,
                    f"Mappen bliver ikke læst, {why}, og den indeholder "
                    f"{len(found) - _MAX_HIDDEN_NAMED} filer mere, der ligner indslag.",
                    hint="Fjern punktummet forrest i mappens navn, hvis indslagene skal med.",
                    level="warning",
                )
            )

    def _follow(self, parts: _Parts) -> None:
        """A link found in the walk: followed when it stays in the project and is new."""
        path = self._path(parts)
        try:
            real = inside_project(path, self.project_dir, f"»{parts[-1]}«")
        except UserError as error:
            self.problems.extend(error.problems)
            return
        if not real.is_dir():
            self.found.append((parts, False, str(real), True))
            return
        here = inside_project(path.parent, self.project_dir, "Mappen")
        if here.is_relative_to(real):
            self.problems.append(
                Problem(
                    path,
                    f"»{parts[-1]}« er en genvej (symbolsk link) til en mappe, den selv "
                    "ligger i, så den ville føre rundt i en ring. Den bliver ikke fulgt.",
                    hint="Slet genvejen.",
                )
            )
            return
        if any(real.is_relative_to(folder) for folder in self.walked):
            self.problems.append(
                Problem(
                    path,
                    f"»{parts[-1]}« er en genvej (symbolsk link) til en mappe, der allerede "
                    f"læses ({_relative(real, self.project_dir)}); indslagene læses kun én gang.",
                    hint="Slet genvejen, hvis den ikke skal bruges.",
                    level="warning",
                )
            )
            return
        self.found.append((parts, True, str(real), True))
        self._walk(parts, str(real), via_link=True)


def _entry_like_files(folder: Path) -> list[_Parts]:
    """The files under a hidden folder that look like entries (links not followed)."""
    found: list[_Parts] = []
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(
            name for name in folders if name.casefold() not in TOOL_FOLDERS and readable_name(name)
        )
        parts = Path(current).relative_to(folder).parts
        found.extend(
            (*parts, name)
            for name in sorted(files)
            if _looks_like_entry(name) and readable_name(name)
        )
        if len(found) > _MAX_HIDDEN_COUNT:
            break
    return found


def _relative(path: Path, project_dir: Path) -> str:
    return shown_path(path, project_dir)


def file_name_problems(path: Path, name: str) -> list[Problem]:
    """A CPR number is an error wherever it stands, also in a file or folder name.

    `name` is one name in the path (a file's or a folder's), scanned on its own: the
    folder above must not make the number look like part of a case number (2024/…).
    """
    return [
        Problem(
            path,
            f"Fil- eller mappenavnet indeholder noget, der ligner et CPR-nummer "
            f"({finding.masked}).",
            hint="Omdøb filen eller mappen, så nummeret ikke står i navnet.",
        )
        for finding in scan_text(name, internal=True)
    ]
