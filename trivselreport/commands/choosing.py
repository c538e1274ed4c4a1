"""The entries `list` shows and `stats` counts, and the period options as typed.

Kept apart from `prepare` (the memo's pipeline): `list` and `stats` load nothing of
composing, guarding or publishing, and read the entries through the entry cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.memo.period import Period, PeriodChoice, resolve_period
from trivselreport.memo.stats import EntryFilter, filter_entries
from trivselreport.reading.config import Config, load_config
from trivselreport.reading.entries import Entry, read_entries
from trivselreport.reading.fields.values import (
    THEMES,
    TYPES,
    NameKind,
    ValueProblem,
    choose_name,
    parse_date,
)


@dataclass(frozen=True)
class PeriodOptions:
    """The period options as typed: --period, or --from/--to (dates still text)."""

    month: str | None = None
    start: str | None = None
    end: str | None = None

    def choice(self) -> PeriodChoice:
        """The period asked for; a period must be given."""
        choice = self._choice(required=True)
        assert choice is not None
        return choice

    def optional_choice(self) -> PeriodChoice | None:
        """The period asked for, or None for every entry."""
        return self._choice(required=False)

    def _choice(self, *, required: bool) -> PeriodChoice | None:
        if self.month is not None and (self.start or self.end):
            raise UserError(
                Problem(
                    None, "Brug enten --period eller --from/--to, ikke begge.", field="--period"
                )
            )
        if self.month is not None:
            return PeriodChoice(month=self.month)
        if self.end is None:
            if self.start is not None:
                raise UserError(Problem(None, "--from skal bruges sammen med --to.", field="--to"))
            if not required:
                return None
            raise UserError(
                Problem(
                    None,
                    "Angiv hvilken periode notatet skal dække.",
                    field="--period",
                    hint="Skriv fx »trivselreport build --period 2024-04«, "
                    "eller brug --from og --to.",
                )
            )
        start = parse_date_option(self.start, "--from")
        end = parse_date_option(self.end, "--to")
        assert end is not None
        return PeriodChoice(start=start, end=end)


def parse_date_option(value: str | None, option: str) -> date | None:
    """A date typed as an option's value, or None when it was not given."""
    if value is None:
        return None
    try:
        return parse_date(value, today=date.today())
    except ValueProblem as refused:
        raise UserError(Problem(None, refused.message, field=option, hint=refused.hint)) from None


def name_problems(
    given: Iterable[str], names: tuple[str, ...], kind: NameKind, option: str
) -> list[Problem]:
    """A problem for each name given to `option` that is not one of the configured `names`."""
    problems: list[Problem] = []
    for name in given:
        try:
            choose_name(name, names, kind)
        except ValueProblem as refused:
            problems.append(Problem(None, refused.message, field=option, hint=refused.hint))
    return problems


@dataclass(frozen=True)
class ChosenEntries:
    config: Config
    entries: list[Entry]
    # The errors of the files that could not be read: shown by `list` and `stats`,
    # which still show (or count) every other entry and then end with exit code 1.
    problems: list[Problem] = field(default_factory=list)
    # The period asked for (None: every date), and the entries the other filters (type,
    # theme, internal) chose at any date: `list --nye` and `--mangler` look past the period.
    period: Period | None = None
    any_date: list[Entry] = field(default_factory=list)


def choose_entries(
    project_dir: Path,
    period: PeriodOptions,
    *,
    types: tuple[str, ...] = (),
    themes: tuple[str, ...] = (),
    internal: bool | None = None,
    cached: bool = True,
) -> ChosenEntries:
    """The entries `list` shows and `stats` counts (all of them, without a period),
    with the config they were loaded with. A broken entry file does not stop them: its
    errors come with the entries that could be read (drafts are never among them).
    `cached`: unchanged files come from the entry cache."""
    config = load_config(project_dir)
    choice = period.optional_choice()
    chosen_period = resolve_period(config, choice) if choice is not None else None
    problems = [
        *name_problems(types, config.types, TYPES, "--type"),
        *name_problems(themes, config.themes, THEMES, "--tema"),
    ]
    if problems:
        raise UserError(problems)
    types = tuple(choose_name(name, config.types, TYPES) for name in types)
    themes = tuple(choose_name(name, config.themes, THEMES) for name in themes)
    loaded = read_entries(config, cached=cached)
    any_date = filter_entries(
        loaded.entries, EntryFilter(types=types, themes=themes, internal=internal)
    )
    entries = filter_entries(any_date, EntryFilter(period=chosen_period))
    return ChosenEntries(config, entries, loaded.errors, chosen_period, any_date)
