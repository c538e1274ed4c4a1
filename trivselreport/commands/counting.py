"""`stats`: the entries of a period counted by theme, type and month."""

from __future__ import annotations

from pathlib import Path

from trivselreport.commands.choosing import PeriodOptions, choose_entries
from trivselreport.errors import Problem
from trivselreport.memo.stats import Stats, compute_stats


def count_entries(project_dir: Path, period: PeriodOptions, *, internal: bool) -> Stats:
    """The counts of the entries in `period`; internal entries only when `internal`."""
    return count_readable_entries(project_dir, period, internal=internal)[0]


def count_readable_entries(
    project_dir: Path, period: PeriodOptions, *, internal: bool, cached: bool = True
) -> tuple[Stats, list[Problem]]:
    """The counts of the entries that could be read, and the errors of those that could not
    (`cached`: unchanged files come from the entry cache)."""
    chosen = choose_entries(
        project_dir, period, internal=None if internal else False, cached=cached
    )
    config = chosen.config
    return compute_stats(chosen.entries, config.themes, config.types), chosen.problems
