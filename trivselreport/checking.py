"""`check`: every problem of a project at once, config and entries alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trivselreport.config import load_config
from trivselreport.entries import entry_files, read_and_scan, read_entries
from trivselreport.errors import Problem, UserError


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
    return CheckReport([*config.warnings, *loaded.problems], len(files), len(loaded.entries))


def _config_free_problems(files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for path in files:
        read_and_scan(path, problems)
    return problems
