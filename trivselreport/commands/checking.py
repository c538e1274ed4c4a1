"""`check`: every problem of a project at once, config and entries alike."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trivselreport.commands.checkfiles import select_entry_files
from trivselreport.commands.glyphs import glyph_problems
from trivselreport.commands.writinghelp import writing_problems
from trivselreport.errors import Problem, UserError, shown_path
from trivselreport.memo.body import shared_parses
from trivselreport.reading.config import Config, load_config
from trivselreport.reading.entries import Entry, read_and_scan, read_entries
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.entrytree import (
    EntryTree,
    entry_tree,
    file_name_problems,
    readable_name,
)
from trivselreport.reading.files.textfile import read_text
from trivselreport.reading.foreigncheck import language_problems
from trivselreport.reading.introduction import INTRODUCTIONS_DIR
from trivselreport.reading.privacy.publication import introduction_problems


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    valid_entries: int
    # What the user should know that is no problem of the project (never fails a check):
    # that the spelling could not be checked.
    notes: tuple[str, ...] = ()
    # The files that may spell a configured name otherwise (None: not read here).
    names_otherwise: tuple[Path, ...] | None = None

    @property
    def errors(self) -> int:
        return sum(problem.level == "error" for problem in self.problems)

    @property
    def warnings(self) -> int:
        """Warnings and writing help together (both are fatal only with --strict)."""
        return len(self.problems) - self.errors

    @property
    def advice_only(self) -> bool:
        """Whether everything found is writing help (the project itself is in order)."""
        return all(problem.level == "advice" for problem in self.problems)

    def fails(self, *, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def check_project(
    project_dir: Path,
    paths: Sequence[Path] = (),
    *,
    spelling: bool = True,
    cached: bool = True,
) -> CheckReport:
    """Every problem of the project, and with `spelling` the spelling advice; with
    `paths`, of just those entries and the config (see check_files). `cached`: unchanged
    files come from the entry cache. Each text is parsed once for all the checks."""
    with shared_parses():
        if paths:
            return check_files(project_dir, paths, spelling=spelling, cached=cached)
        return _check_whole_project(project_dir, spelling=spelling, cached=cached)


def _check_whole_project(project_dir: Path, *, spelling: bool, cached: bool) -> CheckReport:
    tree = entry_tree(project_dir)
    try:
        config = load_config(project_dir)
    except UserError as error:
        # Without a valid config the entries can still be read and scanned for CPR numbers.
        return CheckReport(
            [
                *error.problems,
                *tree.problems,
                *_config_free_problems(tree),
                *support_file_problems(project_dir, []),
            ],
            0,
        )
    loaded = read_entries(config, tree, cached=cached)
    intros = [memo.intro_file for memo in config.memos if memo.intro_file is not None]
    introductions = _introductions(config)
    problems = [
        *config.publication_problems,
        *config.warnings,
        *loaded.problems,
        *support_file_problems(project_dir, intros),
        *_introduction_problems(config, introductions),
        *glyph_problems(config, loaded.entries, introductions),
        *writing_problems(config, [], introductions),  # the introductions' and leads'
    ]
    if _has_own_templates(project_dir):
        from trivselreport.writers.html.errors import template_problems

        problems += template_problems(project_dir)
    notes = _advice(config, loaded.entries, introductions, problems, spelling, cached)
    return CheckReport(
        list(dict.fromkeys(problems)),
        len(loaded.entries),
        notes,
        tuple(loaded.names_otherwise),
    )


def _advice(
    config: Config,
    entries: list[Entry],
    introductions: list[tuple[Path, str]],
    problems: list[Problem],
    spelling: bool,
    cached: bool,
) -> tuple[str, ...]:
    """Add each entry's writing advice (kept between runs with `cached`) and, with
    `spelling`, the spelling advice of the entries, `introductions` and the sections'
    leads to `problems`; the note when spelling cannot be given."""
    from trivselreport.commands.entryadvice import entries_advice
    from trivselreport.commands.spelling import UNAVAILABLE_NOTE, spelling_report

    advice, available = entries_advice(config, entries, spelling=spelling, cached=cached)
    problems.extend(advice)
    if spelling and available:
        problems.extend(spelling_report(config, [], introductions, kept=cached).problems)
    return () if available else (UNAVAILABLE_NOTE,)


def check_files(
    project_dir: Path, paths: Sequence[Path], *, spelling: bool = True, cached: bool = True
) -> CheckReport:
    """The problems of the config and of the entry files `paths` name (files, or folders
    under entries/); the other entries, the introductions and templates are not read,
    so a broken file elsewhere does not count. A path naming no entry is an error."""
    with shared_parses():
        return _check_named_files(project_dir, paths, spelling=spelling, cached=cached)


def _check_named_files(
    project_dir: Path, paths: Sequence[Path], *, spelling: bool, cached: bool
) -> CheckReport:
    full = entry_tree(project_dir)
    selection = select_entry_files(project_dir, full, paths)
    chosen = set(selection.files)
    tree = EntryTree(
        [(path, False) for path in selection.files],
        {path: source for path, source in full.sources.items() if path in chosen},
        [problem for problem in full.problems if problem.file in chosen],
    )
    try:
        config = load_config(project_dir)
    except UserError as error:
        return CheckReport([*error.problems, *selection.problems, *_config_free_problems(tree)], 0)
    loaded = read_entries(config, tree, cached=cached)
    problems = [
        *config.publication_problems,
        *config.warnings,
        *selection.problems,
        *loaded.problems,
        *glyph_problems(config, loaded.entries, []),
    ]
    notes = _advice(config, loaded.entries, [], problems, spelling, cached)
    return CheckReport(
        list(dict.fromkeys(problems)), len(loaded.entries), notes, tuple(loaded.names_otherwise)
    )


def introduction_files(config: Config) -> list[Path]:
    """Every introduction a memo can use: indledninger/*.md and those `memoer` names."""
    folder = config.root / INTRODUCTIONS_DIR
    found = sorted(folder.glob("*.md")) if folder.is_dir() else []
    named = [memo.intro_file for memo in config.memos if memo.intro_file is not None]
    return list(dict.fromkeys([*found, *named]))


def _introductions(config: Config) -> list[tuple[Path, str]]:
    """Every introduction that can be read, with its text. Links leading out of the
    project are reported by `support_file_problems` and not read here."""
    texts: list[tuple[Path, str]] = []
    for path in introduction_files(config):
        try:
            texts.append(
                (path, read_text(path, source=inside_project(path, config.root, "Indledningen")))
            )
        except UserError:
            continue
    return texts


def _introduction_problems(config: Config, texts: list[tuple[Path, str]]) -> list[Problem]:
    """Personal data in the introductions, as typed and as rendered, and their markings
    of words in another language."""
    problems: list[Problem] = []
    for path, text in texts:
        problems.extend(introduction_problems(path, text, config.forbidden))
        problems.extend(language_problems(path, text, first_line=1, field=None))
    return problems


def _has_own_templates(project_dir: Path) -> bool:
    """Whether templates/ holds anything; the template engine is loaded only then."""
    try:
        with os.scandir(project_dir / "templates") as listing:
            return any(listing)
    except OSError:
        return False


def _config_free_problems(tree: EntryTree) -> list[Problem]:
    problems: list[Problem] = []
    for path in tree.entry_files:
        read_and_scan(path, problems, source=tree.sources.get(path))
    return problems


SUPPORT_FOLDERS = {"indledninger": "Mappen indledninger", "templates": "Mappen templates"}


def support_file_problems(project_dir: Path, intros: list[Path]) -> list[Problem]:
    """Links leading out of the project, unreadable names and CPR numbers in the names
    of the introductions and templates (the files beside the entries that are read)."""
    problems: list[Problem] = []
    for name, what in SUPPORT_FOLDERS.items():
        folder = project_dir / name
        if not os.path.lexists(folder):
            continue
        try:
            real = inside_project(folder, project_dir, what)
        except UserError as error:
            problems.extend(error.problems)
            continue
        for parts in _names_below(real, problems, folder):
            path = folder.joinpath(*parts)
            problems.extend(file_name_problems(path, parts[-1]))
            if path.is_symlink():
                try:
                    inside_project(path, project_dir, f"»{parts[-1]}«")
                except UserError as error:
                    problems.extend(error.problems)
    for intro in intros:
        parts = Path(shown_path(intro, project_dir)).parts
        if parts[0] not in SUPPORT_FOLDERS:
            for part in parts:
                problems.extend(file_name_problems(intro, part))
    return problems


def _names_below(real: Path, problems: list[Problem], shown: Path) -> list[tuple[str, ...]]:
    """Every name under a folder (links not followed), as parts relative to it."""
    found: list[tuple[str, ...]] = []
    for folder, folders, files in os.walk(real):
        parts = Path(folder).relative_to(real).parts
        for name in [*folders, *files]:
            if readable_name(name):
                found.append((*parts, name))
            else:
                problems.append(
                    Problem(
                        shown.joinpath(*parts, name),
                        "Navnet kan ikke læses: det indeholder "
                        "tegn, der ikke er gemt som UTF-8, så filen bliver ikke brugt.",
                        hint="Omdøb filen til et navn med almindelige bogstaver.",
                        level="warning",
                    )
                )
        folders[:] = [name for name in folders if readable_name(name)]
    return sorted(found)
