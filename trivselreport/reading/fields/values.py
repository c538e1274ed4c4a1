"""One home for the values people type: dates, months, yes/no, whole numbers, names.

Each kind of value has one rule and one Danish message, whoever reads it: an entry or
the config file (`fields.FieldReader`), an option of the command line, an answer to a
question of `new`, or a filter of `list`. A value that breaks its rule raises
`ValueProblem` (a ValueError) with the message and, where there is one, a hint; the
caller adds where the value came from (file and line, or the option's name).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from trivselreport.errors import did_you_mean

# The years a date in a memo can plausibly have. Outside them a date is a typo (2204
# for 2024, a missing digit), and date arithmetic near the calendar's ends would fail.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

_ISO_DATE = re.compile(r"^([+-]?\d{4,9})-(\d{1,2})-(\d{1,2})$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[.\-/](\d{1,2})[.\-/]([+-]?\d{4,9})$")
_MONTH = re.compile(r"^([+-]?\d{4,9})-(\d{1,2})$")
_TRUE = {"ja", "true", "yes", "sand", "on", "j", "y"}
_FALSE = {"nej", "false", "no", "falsk", "off", "n"}
# Danish thousands: 1.250, 1 250, or with the no-break spaces Word puts there.
_THOUSANDS = re.compile("\\d{1,3}([. \u00a0\u202f]\\d{3})+")
# Days said in words, as people answer "when?": i dag, i går, i morgen (any case, with
# or without the space). Only at a prompt or in an option: in a file "i dag" would
# mean a different day each time the memo is built.
_RELATIVE_DAYS = {"idag": 0, "igår": -1, "igaar": -1, "imorgen": 1}
_HUGE = re.compile(r"[+-]?\d{10,}")
_WHOLE = re.compile(r"[+-]?\d+")


class ValueProblem(ValueError):
    """A typed value that breaks its rule: the Danish message, and a hint if any."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- dates and months ---------------------------------------------------------------------


def year_problem(year: int, text: str) -> str | None:
    """A Danish message when `year` is outside the years a memo can plausibly have."""
    if EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    return (
        f"Året {year} i »{text}« er ikke rimeligt: skriv et år mellem {EARLIEST_YEAR} "
        f"og {LATEST_YEAR}, fx 2024."
    )


def relative_day(text: str, today: date) -> date | None:
    """»i dag«, »i går« or »i morgen« (any case, with or without the space) as a date."""
    key = "".join(unicodedata.normalize("NFC", text).casefold().split())
    shift = _RELATIVE_DAYS.get(key)
    return None if shift is None else today + timedelta(days=shift)


def parse_date(text: str, *, day_first: bool = False, today: date | None = None) -> date:
    """Parse an ISO date; raise ValueProblem with a Danish message and fix otherwise.

    With day_first, 15-04-2024, 15.4.2024 and 15/4/2024 are also accepted (as people
    type dates at a prompt); in entry files only the ISO form is, and the message
    shows it. With `today` (at a prompt or in an option, never in a file), »i dag«,
    »i går« and »i morgen« are dates too. Years outside EARLIEST_YEAR..LATEST_YEAR
    are refused.
    """
    text = text.strip()
    if today is not None and (said := relative_day(text, today)) is not None:
        return said
    iso = _ISO_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        danish = _DANISH_DATE.match(text)
        if not danish:
            raise ValueProblem(
                f"»{text}« er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-04-15.",
                None if today is None else "Du kan også skrive »i dag«, »i går« eller »i morgen«.",
            )
        day, month, year = (int(part) for part in danish.groups())
    problem = year_problem(year, text)
    if problem:
        raise ValueProblem(problem)
    if not 1 <= month <= 12:
        raise ValueProblem(
            f"Datoen »{text}« findes ikke i kalenderen: måned {month} findes "
            "ikke (en måned er 1-12)."
        )
    try:
        meant = date(year, month, day)
    except ValueError:
        raise ValueProblem(
            f"Datoen »{text}« findes ikke i kalenderen. Ret dag eller måned."
        ) from None
    if iso or day_first:
        return meant
    raise ValueProblem(f"Skriv datoen som ÅÅÅÅ-MM-DD: »{meant.isoformat()}« i stedet for »{text}«.")


def end_problem(start: date, end: date) -> ValueProblem | None:
    """The one rule for a last day: it may not lie before the first."""
    if end >= start:
        return None
    return ValueProblem(
        f"Slutdatoen {end.isoformat()} ligger før datoen {start.isoformat()}.",
        "Ret slutdatoen, eller byt om på de to datoer.",
    )


def parse_month(text: str) -> tuple[int, int]:
    """'2024-04' → (2024, 4); a Danish ValueProblem for anything else, also absurd years."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueProblem(f"»{text}« er ikke en måned. Skriv perioden som ÅÅÅÅ-MM, fx 2024-04.")
    problem = year_problem(int(match[1]), text.strip())
    if problem:
        raise ValueProblem(problem)
    return int(match[1]), int(match[2])


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# --- yes/no and whole numbers ---------------------------------------------------------------


def parse_yes_no(text: str) -> bool | None:
    """True for ja/yes/true…, False for nej/no/false…, None for anything else."""
    lowered = text.strip().casefold()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def yes_no(text: str, name: str | None = None) -> bool:
    """ja or nej (and their synonyms); a ValueProblem naming `name` (or "Svaret") otherwise."""
    answer = parse_yes_no(text)
    if answer is not None:
        return answer
    subject = f"»{name}«" if name else "Svaret"
    raise ValueProblem(
        f"{subject} skal være ja eller nej, men er »{text.strip()}«.", "Skriv ja eller nej."
    )


def whole_number(
    text: str,
    name: str,
    *,
    minimum: int = 0,
    maximum: int | None = None,
    hint: str | None = None,
) -> int:
    """A whole number from `minimum` (to `maximum`); Danish thousands (1.250) allowed.

    `name` is what the number is (a field's name) for the message; `hint` replaces
    the standard hint.
    """
    text = text.strip()
    cleaned = text
    if _THOUSANDS.fullmatch(text):
        cleaned = re.sub("[. \u00a0\u202f]", "", text)
    if _HUGE.fullmatch(cleaned):
        size = f"et tal med {len(cleaned.lstrip('+-'))} cifre"
        raise ValueProblem(
            f"»{name}« må højst være {maximum}, men er {size}."
            if maximum is not None and not cleaned.startswith("-")
            else f"»{name}« er et urimeligt stort tal ({len(cleaned)} cifre).",
            hint or "Skriv det rigtige antal, fx 25.",
        )
    if not _WHOLE.fullmatch(cleaned):
        raise ValueProblem(
            f"»{name}« skal være et helt tal, men er »{text}«.", hint or "Skriv fx 25."
        )
    number = int(cleaned)
    if number < minimum:
        raise ValueProblem(
            f"»{name}« må ikke være mindre end {minimum}, men er {number}.",
            hint or f"Skriv et helt tal fra {minimum} og op, eller slet linjen.",
        )
    if maximum is not None and number > maximum:
        raise ValueProblem(
            f"»{name}« må højst være {maximum}, men er {number}.",
            hint or f"Skriv et helt tal fra {minimum} til {maximum}.",
        )
    return number


# --- names configured in trivselreport.yaml -------------------------------------------------


@dataclass(frozen=True)
class NameKind:
    """One kind of configured name, as the messages speak of it."""

    among: str  # "en af typerne": »x« er ikke {among}.
    listed: str  # "Typerne er: "
    separator: str  # how the names are listed (themes may hold commas)
    config_key: str  # where trivselreport.yaml lists them


TYPES = NameKind("en af typerne", "Typerne er: ", ", ", "typer")
THEMES = NameKind("et af temaerne", "Temaerne er: ", "; ", "temaer")
SECTIONS = NameKind("en af sektionernes overskrifter", "Sektionerne er: ", "; ", "sektioner")


def name_key(text: str) -> str:
    """What two spellings of a configured name share when they mean the same name:
    the same letters in any case, composed or decomposed (NFC/NFD), and the same words
    whatever the spaces around and between them."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def choose_name(text: str, names: tuple[str, ...], kind: NameKind) -> str:
    """The configured name `text` means, as the config spells it: exactly, or ignoring
    case, Unicode normalisation (NFC/NFD) and spaces (»Kursus«, » KURSUS « → »kursus«);
    a ValueProblem otherwise, suggesting the name most likely meant or listing them all."""
    if text in names:
        return text
    meant = [name for name in names if name_key(name) == name_key(text)]
    if len(meant) == 1:
        return meant[0]
    if meant:  # the config has two names that differ only so
        raise ValueProblem(
            f"»{text}« kan være flere af navnene: "
            + kind.separator.join(f"»{name}«" for name in meant)
            + ".",
            "Skriv navnet nøjagtigt, som det står i trivselreport.yaml.",
        )
    if not names:
        raise ValueProblem(
            f"»{text}« er ikke {kind.among}: trivselreport.yaml har ingen under "
            f"»{kind.config_key}«.",
            f"Tilføj navnet under »{kind.config_key}« i trivselreport.yaml, "
            "eller lad feltet være tomt.",
        )
    raise ValueProblem(
        f"»{text}« er ikke {kind.among}.",
        did_you_mean(text, names) or kind.listed + kind.separator.join(names) + ".",
    )
