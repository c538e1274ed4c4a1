"""`check`: every problem of a project at once, config and entries alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trivselreport.config import load_config
from trivselreport.entries import (
    declared_internal,
    entry_files,
    file_name_problems,
    read_entries,
)
from trivselreport.errors import Problem, UserError
from trivselreport.privacy import scan_mapping
from trivselreport.yamlread import read_mapping


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
    return CheckReport(loaded.problems, len(files), len(loaded.entries))


def _config_free_problems(files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for path in files:
        problems.extend(file_name_problems(path))
        try:
            mapping = read_mapping(path)
        except UserError as error:
            problems.extend(error.problems)
            continue
        problems.extend(scan_mapping(path, mapping, internal=declared_internal(mapping)))
    return problems
