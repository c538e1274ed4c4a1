"""`check`: every problem of a project at once, config and entries alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trivselreport.compose import INTRODUCTIONS_DIR
from trivselreport.config import Config, load_config
from trivselreport.entries import entry_files, read_and_scan, read_entries
from trivselreport.errors import Problem, UserError
from trivselreport.publication import introduction_problems
from trivselreport.yamlread import read_text


@dataclass(frozen=True)
class CheckReport:
    problems: list[Problem]
    files: int
    valid_entries: int

    @property
    def errors(self) -> int:
        return sum(problem.level == "error" for problem in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    def fails(self, *, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def check_project(project_dir: Path) -> CheckReport:
    files = list(entry_files(project_dir))
    try:
        config = load_config(project_dir)
    except UserError as error:
        # Without a valid config the entries can still be read and scanned for CPR numbers.
        return CheckReport([*error.problems, *_config_free_problems(files)], len(files), 0)
    loaded = read_entries(config)
    problems = [*loaded.problems, *_introduction_problems(config)]
    return CheckReport(problems, len(files), len(loaded.entries))


def introduction_files(config: Config) -> list[Path]:
    """Every introduction a memo can use: indledninger/*.md and those `memoer` names."""
    folder = config.root / INTRODUCTIONS_DIR
    found = sorted(folder.glob("*.md")) if folder.is_dir() else []
    named = [memo.intro_file for memo in config.memos if memo.intro_file is not None]
    return list(dict.fromkeys([*found, *named]))


def _introduction_problems(config: Config) -> list[Problem]:
    problems: list[Problem] = []
    for path in introduction_files(config):
        try:
            text = read_text(path)
        except UserError as error:
            problems.extend(error.problems)
            continue
        problems.extend(introduction_problems(path, text, config.forbidden))
    return problems


def _config_free_problems(files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for path in files:
        read_and_scan(path, problems)
    return problems
