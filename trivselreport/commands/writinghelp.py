"""Writing help in `check`: readability (LIX) and typography, as advice.

Advice (`Problem.level == "advice"`, `kind` "lix" or "typografi") never stops a check
or a build; `--strict` makes it fatal like a warning. The texts are looked at as the
memo publishes them (`memo.writing`): an entry's title and text, the introductions
and the sections' leads. The files are never rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.memo.body import INTRO_HEADING_LEVEL, Body, parse_body
from trivselreport.memo.writing.lix import Readability, lix_phrase, readability, shortened
from trivselreport.memo.writing.typography import Tally, deviations, typeset_body, typeset_text
from trivselreport.reading.config import Config
from trivselreport.reading.entries import Entry
from trivselreport.reading.pictures.field import Picture

LIX = "lix"
TYPOGRAPHY = "typografi"
LONGEST_SHOWN = 2  # sentences named in an entry's LIX advice

_LIX_HINT = (
    "Del de lange sætninger op, og brug kortere ord, hvor det kan lade sig gøre. "
    "»trivselreport check --lix« viser LIX for alle indslag."
)
_TYPOGRAPHY_HINT = (
    "Teksten behøver ikke rettes: notatet sætter tegnene rigtigt. Ret den, hvis den også "
    "skal se ud som i notatet, hvor den er skrevet."
)


@dataclass(frozen=True)
class EntryReadability:
    entry: Entry
    readability: Readability


def entry_body(entry: Entry, quotes: str) -> Body:
    """The entry's text as the memo publishes it."""
    return typeset_body(parse_body(entry.text), quotes)


def entries_readability(entries: Iterable[Entry], quotes: str) -> list[EntryReadability]:
    return [EntryReadability(entry, readability([entry_body(entry, quotes)])) for entry in entries]


def writing_problems(
    config: Config, entries: Sequence[Entry], introductions: Sequence[tuple[Path, str]] = ()
) -> list[Problem]:
    """The advice on `entries`, `introductions` (path and text) and, with introductions
    given, the sections' leads."""
    problems: list[Problem] = []
    for entry in entries:
        tally = Tally()
        shown = typeset_body(parse_body(entry.text), config.quotes, tally)
        problems.extend(lix_advice(shown, config.lix_limit, entry.path, entry.text_line, "tekst"))
        problems.extend(
            typography_problems(tally, config.quotes, entry.path, entry.text_line, "tekst")
        )
        problems.extend(
            typography_problems(
                _title_deviations(entry.title, config.quotes),
                config.quotes,
                entry.path,
                entry.line_of("titel"),
                "titel",
            )
        )
        for picture, field, text in picture_texts(entry):
            problems.extend(
                typography_problems(
                    _title_deviations(text, config.quotes),
                    config.quotes,
                    entry.path,
                    picture.line,
                    field,
                )
            )
    for path, text in introductions:
        body = parse_body(text, INTRO_HEADING_LEVEL)
        tally = deviations(body, config.quotes)
        problems.extend(typography_problems(tally, config.quotes, path, _first_line(text), None))
    if introductions:
        for section in config.sections:
            if section.lead:
                tally = deviations(parse_body(section.lead), config.quotes)
                problems.extend(
                    typography_problems(
                        tally, config.quotes, config.path, section.line, "sektioner"
                    )
                )
    return problems


def lix_problems(entry: Entry, limit: int, quotes: str) -> list[Problem]:
    """Advice when the entry's LIX is `limit` or more, naming its longest sentences."""
    return lix_advice(entry_body(entry, quotes), limit, entry.path, entry.text_line, "tekst")


def lix_advice(
    body: Body, limit: int, path: Path | None, line: int | None, field: str | None
) -> list[Problem]:
    """Advice when the LIX of `body` (as published) is `limit` or more."""
    found = readability([body])
    value = found.counts.rounded
    if value is None or value < limit:
        return []
    sentences = found.longest(LONGEST_SHOWN)
    named = " og ".join(f"»{shortened(s.text)}« ({s.words} ord)" for s in sentences)
    longest = "Den længste sætning" if len(sentences) == 1 else "De længste sætninger"
    return [
        Problem(
            path,
            f"Teksten er svær at læse: {lix_phrase(found.counts)}, grænsen er {limit}. "
            f"{longest}: {named}.",
            line,
            field,
            _LIX_HINT,
            level="advice",
            kind=LIX,
        )
    ]


def text_advice(config: Config, text: str, field: str = "tekst") -> list[Problem]:
    """The advice on a text typed in a form (`serve`), as `check` gives it on a file."""
    tally = Tally()
    shown = typeset_body(parse_body(text), config.quotes, tally)
    return [
        *lix_advice(shown, config.lix_limit, None, None, field),
        *typography_problems(tally, config.quotes, None, None, field),
    ]


def typography_problems(
    tally: Tally, quotes: str, path: Path | None, line: int | None, field: str | None
) -> list[Problem]:
    """One piece of advice per rule that changes the text (quotes, dashes, spaces)."""
    messages: list[str] = []
    if tally.quotes:
        marks = (
            "1 lige anførselstegn" if tally.quotes == 1 else f"{tally.quotes} lige anførselstegn"
        )
        messages.append(f'{marks} (") vises som {quotes[0]}…{quotes[1]} i notatet.')
    if tally.dashes:
        hyphens = "1 bindestreg" if tally.dashes == 1 else f"{tally.dashes} bindestreger"
        messages.append(
            f"{hyphens} mellem tal i et interval (fx 10-12) vises som tankestreg (10–12) i notatet."
        )
    if tally.spaces:
        places = "1 sted" if tally.spaces == 1 else f"{tally.spaces} steder"
        messages.append(f"{places} med flere mellemrum i træk: notatet viser ét mellemrum.")
    return [
        Problem(path, message, line, field, _TYPOGRAPHY_HINT, level="advice", kind=TYPOGRAPHY)
        for message in messages
    ]


def picture_texts(entry: Entry) -> list[tuple[Picture, str, str]]:
    """The published texts of the entry's pictures: each one's alternative text and
    caption, with the field that holds it (`billeder[1].alt`, `billeder[1].tekst`)."""
    texts: list[tuple[Picture, str, str]] = []
    for picture in entry.pictures:
        base = picture.key.removesuffix(".fil")
        texts.append((picture, f"{base}.alt", picture.alt))
        if picture.caption:
            texts.append((picture, f"{base}.tekst", picture.caption))
    return texts


def _title_deviations(title: str, quotes: str) -> Tally:
    tally = Tally()
    typeset_text(title, quotes, tally)
    return tally


_DEVIATING = re.compile(r'"|\d-\d| {2,}\S')


def _first_line(text: str) -> int:
    """The line (1-based) where a Markdown file first has a character typography changes."""
    found = _DEVIATING.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1
