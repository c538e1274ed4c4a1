"""The memo up to its door: load → resolve the period → select → compose → guard.

`prepare_memo` writes nothing. `build` hands its result to the writers; the tests,
the benchmark (and a preview) take the composed memo from here instead of
rebuilding the pipeline by hand. `list` and `stats` choose their entries in
`choosing`, which loads none of the memo's pipeline (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.commands.choosing import ChosenEntries as ChosenEntries
from trivselreport.commands.choosing import PeriodOptions as PeriodOptions
from trivselreport.commands.choosing import choose_entries as choose_entries
from trivselreport.commands.choosing import name_problems as name_problems
from trivselreport.commands.choosing import parse_date_option as parse_date_option
from trivselreport.errors import UserError
from trivselreport.memo.compose import compose_memo
from trivselreport.memo.document import Memo
from trivselreport.memo.guard import guard_memo
from trivselreport.memo.period import (
    Period,
    PeriodChoice,
    Selection,
    resolve_period,
    select_entries,
)
from trivselreport.reading.config import Config, load_config
from trivselreport.reading.entries import ENTRIES_DIR, Entry, LoadedEntries, read_entries
from trivselreport.reading.introduction import Introduction, read_introduction
from trivselreport.reading.pictures.publish import publish_all


@dataclass(frozen=True)
class PreparedMemo:
    """The composed memo that passed the door, with what it was composed from."""

    config: Config
    period: Period
    selection: Selection
    memo: Memo
    introduction: Introduction | None = None
    # Every valid entry read for the build, in the memo or not (drafts are not entries).
    entries: list[Entry] = field(default_factory=list)


def prepare_memo(
    project_dir: Path,
    choice: PeriodChoice,
    *,
    memo_date: date | None = None,
    internal: bool = False,
    on_step: Callable[[str], None] | None = None,
) -> PreparedMemo:
    """Load, select and compose the memo for `choice`, and guard it; write nothing.

    `on_step` is told when the loading ("indlæsning") and the composition
    ("sammensætning") are done.
    """
    config = load_config(project_dir)
    # Personal data in the config's texts stops every build, shown with the entries' errors.
    refused = list(config.publication_problems)
    loaded = read_entries(config)
    if loaded.errors:
        raise UserError([*refused, *loaded.errors], closing=draft_closing(config, loaded))
    if refused:
        raise UserError(refused)
    entries = loaded.entries
    if on_step:
        on_step("indlæsning")
    period = resolve_period(config, choice)
    selection = select_entries(
        entries, period, include_internal=internal, entries_folder=config.root / ENTRIES_DIR
    )
    introduction = read_introduction(config, period.key)
    # Every picture's published copy (no hidden data, upright), made and proved whole once;
    # the memo carries it to the writers.
    pictures = publish_all([picture for entry in selection.all for picture in entry.pictures])
    memo = compose_memo(
        config,
        selection,
        introduction=introduction,
        pictures=pictures,
        memo_date=memo_date,
        internal=internal,
        drafts=loaded.drafts,
    )
    guard_memo(memo, config, introduction)
    if on_step:
        on_step("sammensætning")
    return PreparedMemo(config, period, selection, memo, introduction, entries)


NOTHING_WRITTEN = "Intet er skrevet."
DRAFT_HINT = (
    "Er et indslag ikke færdigt, så skriv »kladde: ja« på en linje for sig i filen; "
    "så kommer det ikke med i notatet, og dets fejl stopper ikke build."
)


def draft_closing(config: Config, loaded: LoadedEntries) -> str | None:
    """After a refusal: how to keep an unfinished entry out, when an entry file is broken."""
    entries_folder = config.root / ENTRIES_DIR
    if any(
        problem.file is not None and problem.file.is_relative_to(entries_folder)
        for problem in loaded.errors
    ):
        return f"{NOTHING_WRITTEN}\n  → {DRAFT_HINT}"
    return None


# --- the period as the options give it ----------------------------------------------------
