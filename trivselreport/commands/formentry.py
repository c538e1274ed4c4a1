"""An entry typed into a form (`trivselreport serve`): its fields, read by `new`'s rules.

The form's fields are named after the entry's keys, and each value is checked by the
rule `new` checks its option with (`newentry.draft_from_typed`), so a problem names
the key. A required field left empty gets its own message; personal data in a text
is found by `check`'s scan at the same time, so one answer shows every problem. The
whole entry is then read back as `check` reads it (`authoring.validate_entry_text`)
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from trivselreport.commands.authoring import EntryDraft
from trivselreport.commands.newentry import TypedEntry, draft_from_typed
from trivselreport.errors import Problem, UserError
from trivselreport.reading.config import Config
from trivselreport.reading.fields.values import ValueProblem, yes_no
from trivselreport.reading.privacy.findings import problems_in_text

# The entry's keys the form shows, in the documented order.
FORM_KEYS = (
    "titel",
    "type",
    "dato",
    "slutdato",
    "temaer",
    "sektion",
    "ansvarlig",
    "deltagere",
    "intern",
    "kladde",
    "tekst",
)
TEXT_KEYS = ("titel", "ansvarlig", "tekst")  # scanned for personal data as typed


@dataclass(frozen=True)
class EntryForm:
    """What the form holds, as typed: the empty string is a field left empty."""

    titel: str = ""
    type: str = ""
    dato: str = ""
    slutdato: str = ""
    temaer: tuple[str, ...] = ()
    sektion: str = ""
    ansvarlig: str = ""
    deltagere: str = ""
    intern: str = ""  # a checkbox: "ja" when ticked; any yes/no word from a script
    kladde: str = ""  # a checkbox like `intern`
    tekst: str = ""

    def value(self, key: str) -> str:
        found = getattr(self, key)
        return "\n".join(found) if isinstance(found, tuple) else str(found)


_MISSING = {
    "titel": ("Titlen må ikke være tom.", None),
    "type": ("Feltet »type« mangler.", "Vælg en af typerne."),
    "dato": ("Feltet »dato« mangler.", "Skriv datoen, fx 15.4.2024, eller vælg den i kalenderen."),
    "tekst": ("Teksten må ikke være tom.", None),
}


def _given(text: str) -> str | None:
    return text if text.strip() else None


def form_draft(config: Config, form: EntryForm) -> EntryDraft:
    """The draft the form makes; UserError with every problem, each naming its key.

    The draft is not yet read back as `check` reads it: writing it does that.
    """
    problems: list[Problem] = []
    internal = False
    if _given(form.intern):
        try:
            internal = yes_no(form.intern, "intern")
        except ValueProblem as refused:
            problems.append(Problem(None, refused.message, field="intern", hint=refused.hint))
    unfinished = False
    if _given(form.kladde):
        try:
            unfinished = yes_no(form.kladde, "kladde")
        except ValueProblem as refused:
            problems.append(Problem(None, refused.message, field="kladde", hint=refused.hint))
    typed = TypedEntry(
        entry_type=_given(form.type),
        title=_given(form.titel),
        start=_given(form.dato),
        end=_given(form.slutdato),
        themes=tuple(theme for theme in form.temaer if theme.strip()),
        section=_given(form.sektion),
        responsible=_given(form.ansvarlig),
        participants=_given(form.deltagere),
        internal=internal,
    )
    draft, found = draft_from_typed(config, typed, named=str)
    problems.extend(found)
    draft.unfinished = unfinished
    draft.text = form.tekst.strip() or None
    for key, (message, hint) in _MISSING.items():
        if not _given(form.value(key)):
            problems.append(Problem(None, message, field=key, hint=hint))
    if problems:
        for key in TEXT_KEYS:
            problems.extend(
                problems_in_text(
                    None,
                    form.value(key),
                    first_line=None,
                    field=key,
                    internal=internal,
                    terms=config.forbidden,
                )
            )
        raise UserError(problems)
    return draft
