"""`check --lix`: the LIX of each entry and of a period's whole memo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trivselreport.commands.checkfiles import select_entry_files
from trivselreport.commands.writinghelp import EntryReadability, entries_readability
from trivselreport.errors import UserError
from trivselreport.memo.period import PeriodChoice
from trivselreport.memo.writing.lix import Readability, memo_readability
from trivselreport.reading.config import Config, load_config
from trivselreport.reading.entries import read_entries
from trivselreport.reading.fields.values import ValueProblem, parse_month
from trivselreport.reading.files.entrytree import EntryTree, entry_tree


@dataclass(frozen=True)
class LixReport:
    config: Config
    entries: list[EntryReadability]
    period: str | None  # the memo's period, when there is one to compute
    memo: Readability | None  # None: no period, or the memo cannot be composed
    memo_problem: str | None = None  # why the memo's LIX is missing, in Danish


def lix_report(
    project_dir: Path, paths: Sequence[Path] = (), month: str | None = None
) -> LixReport:
    """The entries' LIX (those `paths` name, or all) and the LIX of the memo of `month`
    (or else of the newest memo under `memoer`) as `build` would compose it."""
    config = load_config(project_dir)
    tree = entry_tree(project_dir)
    if paths:
        chosen = set(select_entry_files(project_dir, tree, paths).files)
        tree = EntryTree(
            [(path, False) for path in tree.entry_files if path in chosen],
            {path: source for path, source in tree.sources.items() if path in chosen},
            [],
        )
    rows = entries_readability(read_entries(config, tree).entries, config.quotes)
    period = month or _newest_period(config)
    if period is None:
        return LixReport(config, rows, None, None)
    from trivselreport.commands.prepare import prepare_memo

    try:
        memo = prepare_memo(project_dir, PeriodChoice(month=period)).memo
    except UserError as error:
        reason = error.problems[0].message if error.problems else ""
        return LixReport(config, rows, period, None, f"notatet kan ikke sættes sammen: {reason}")
    return LixReport(config, rows, period, memo_readability(memo))


def _newest_period(config: Config) -> str | None:
    months: list[tuple[tuple[int, int], str]] = []
    for memo in config.memos:
        try:
            months.append((parse_month(memo.period), memo.period))
        except ValueProblem:
            continue
    return max(months)[1] if months else None
