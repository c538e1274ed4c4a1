"""Turn `new`'s options into a draft, checking each one as it comes (and, for the
questions of `new`, what an answer may not contain)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from trivselreport.commands.authoring import EntryDraft, parse_user_date, text_above_marker
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.values import (
    SECTIONS,
    THEMES,
    TYPES,
    ValueProblem,
    choose_name,
    end_problem,
    whole_number,
)
from trivselreport.reading.files.textfile import read_text
from trivselreport.reading.privacy.findings import scan_text

T = TypeVar("T")


# How `new`'s problems name each field: by the option that gave it.
OPTION_NAMES = {
    "type": "--type",
    "titel": "--titel",
    "dato": "--dato",
    "slutdato": "--slutdato",
    "temaer": "--tema",
    "sektion": "--sektion",
    "ansvarlig": "--ansvarlig",
    "deltagere": "--deltagere",
    "intern": "--intern",
    "tekst": "--tekst",
}


@dataclass(frozen=True)
class TypedEntry:
    """What a person typed for each field of an entry, as text; None: not given."""

    entry_type: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    themes: tuple[str, ...] = ()
    section: str | None = None
    responsible: str | None = None
    participants: str | None = None
    internal: bool = False


def draft_from_typed(
    config: Config,
    typed: TypedEntry,
    *,
    named: Callable[[str], str],
    today: date | None = None,
) -> tuple[EntryDraft, list[Problem]]:
    """The draft the typed values make, each checked by its value rule, and the problems.

    `named` gives the name a problem uses for a field (an option, or the entry's key);
    `today` dates a draft given no date. The text is the caller's (an option, a file, a
    form field); it is not part of `typed`.
    """
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(None, message, field=named(key), hint=hint))

    def checked(key: str, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return rule(*args, **kwargs)
        except ValueProblem as refused:
            bad(key, refused.message, refused.hint)
            return None

    draft = EntryDraft(internal=typed.internal)
    if typed.participants is not None:
        draft.participants = checked("deltagere", whole_number, typed.participants, "deltagere")
    if typed.entry_type is not None:
        draft.type = checked("type", choose_name, typed.entry_type, config.types, TYPES)
    if typed.title is not None:
        draft.title = " ".join(typed.title.split()) or None
        if draft.title is None:
            bad("titel", "Titlen må ikke være tom.")
    if typed.start is not None:
        draft.start = checked("dato", parse_user_date, typed.start)
    elif today is not None:
        draft.start = today
    if typed.end is not None:
        draft.end = checked("slutdato", parse_user_date, typed.end)
    if draft.start and draft.end and (wrong_end := end_problem(draft.start, draft.end)):
        bad("slutdato", wrong_end.message, wrong_end.hint)
    for theme in typed.themes:
        if (chosen := checked("temaer", choose_name, theme, config.themes, THEMES)) is not None:
            draft.themes.append(chosen)
    if typed.section is not None:
        draft.section = checked(
            "sektion", choose_name, typed.section, config.section_headings, SECTIONS
        )
    draft.responsible = " ".join(typed.responsible.split()) if typed.responsible else None
    return draft, problems


def draft_from_options(
    config: Config,
    *,
    entry_type: str | None,
    title: str | None,
    start: str | None,
    end: str | None,
    themes: list[str],
    responsible: str | None,
    participants: str | None,
    internal: bool,
    text: str | None,
    text_file: Path | None,
    today: date,
    fill_today: bool,
    unfinished: bool = False,
) -> EntryDraft:
    typed = TypedEntry(
        entry_type=entry_type,
        title=title,
        start=start,
        end=end,
        themes=tuple(themes),
        responsible=responsible,
        participants=participants,
        internal=internal,
    )
    draft, problems = draft_from_typed(
        config, typed, named=OPTION_NAMES.__getitem__, today=today if fill_today else None
    )

    def bad(option: str, message: str) -> None:
        problems.append(Problem(None, message, field=option))

    if text is not None and text_file is not None:
        bad("--tekst", "Brug enten --tekst eller --tekst-fil, ikke begge.")
    elif text_file is not None:
        try:
            # A file kept from --edit: only what was written above its marker line.
            draft.text = text_above_marker(read_text(text_file)) or None
        except UserError as error:
            problems.extend(error.problems)
    elif text is not None:
        draft.text = text.strip() or None
        if draft.text is None:
            bad("--tekst", "Teksten må ikke være tom.")
    if problems:
        raise UserError(problems)
    draft.unfinished = unfinished
    return draft


def require_complete(draft: EntryDraft) -> None:
    """With --no-input, every required field must have come as an option."""
    missing = [
        option
        for option, value in (
            ("--type", draft.type),
            ("--titel", draft.title),
            ("--dato", draft.start),
            ("--tekst eller --tekst-fil", draft.text),
        )
        if value is None
    ]
    if missing:
        raise UserError(
            [
                Problem(
                    None,
                    f"{option} mangler.",
                    field=option,
                    hint="Med --no-input skal alle påkrævede felter gives som tilvalg.",
                )
                for option in missing
            ]
        )


_FOUND = {
    "cpr": "et CPR-nummer",
    "email": "en e-mailadresse",
    "phone": "et telefonnummer",
    "forbidden": "et forbudt ord",
}


def personal_data_problem(config: Config, text: str, internal: bool) -> str | None:
    """Why an answer cannot stand in an entry (personal data, a forbidden word), or None."""
    findings = scan_text(text, internal=internal, terms=config.forbidden)
    if not findings:
        return None
    found = "; ".join(f"{_FOUND.get(f.kind, f.kind)} ({f.masked})" for f in findings)
    return f"Teksten indeholder {found}, som ikke må stå i et indslag til udvalget."
