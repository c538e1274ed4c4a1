"""Turn `new`'s options into a draft, checking each one as it comes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from trivselreport.commands.authoring import EntryDraft, parse_user_date, text_above_marker
from trivselreport.errors import Problem, UserError, did_you_mean
from trivselreport.reading.config import Config
from trivselreport.reading.yamlread import read_text


def draft_from_options(
    config: Config,
    *,
    entry_type: str | None,
    title: str | None,
    start: str | None,
    end: str | None,
    themes: list[str],
    responsible: str | None,
    participants: int | None,
    internal: bool,
    text: str | None,
    text_file: Path | None,
    today: date,
    fill_today: bool,
) -> EntryDraft:
    problems: list[Problem] = []

    def bad(option: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(None, message, field=option, hint=hint))

    draft = EntryDraft(participants=participants, internal=internal)
    if participants is not None and participants < 0:
        bad(
            "--deltagere",
            f"Antal deltagere kan ikke være negativt ({participants}).",
            "Skriv et helt tal fra 0 og op.",
        )
        draft.participants = None
    if entry_type is not None:
        if entry_type in config.types:
            draft.type = entry_type
        else:
            bad(
                "--type",
                f"»{entry_type}« er ikke en af typerne.",
                did_you_mean(entry_type, config.types)
                or "Typerne er: " + ", ".join(config.types) + ".",
            )
    if title is not None:
        draft.title = " ".join(title.split()) or None
        if draft.title is None:
            bad("--titel", "Titlen må ikke være tom.")
    for option, value in (("--dato", start), ("--slutdato", end)):
        if value is None:
            continue
        try:
            parsed = parse_user_date(value)
        except ValueError as error:
            bad(option, str(error))
            continue
        if option == "--dato":
            draft.start = parsed
        else:
            draft.end = parsed
    if draft.start is None and start is None and fill_today:
        draft.start = today
    if draft.start and draft.end and draft.end < draft.start:
        bad("--slutdato", "Slutdatoen ligger før datoen.")
    for theme in themes:
        if theme in config.themes:
            draft.themes.append(theme)
        else:
            bad(
                "--tema",
                f"»{theme}« er ikke et af temaerne.",
                did_you_mean(theme, config.themes)
                or "Temaerne er: " + "; ".join(config.themes) + ".",
            )
    draft.responsible = " ".join(responsible.split()) if responsible else None
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
