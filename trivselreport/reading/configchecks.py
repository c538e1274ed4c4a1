"""The rules of trivselreport.yaml that look at more than one field.

The title's placeholders (and filling them in without `str.format`), the types
against the sections that collect them, and memos that are valid but look wrong
(`memo_warnings`: `check` warns, the build goes on).
"""

from __future__ import annotations

import string
from datetime import date, timedelta
from itertools import pairwise

from trivselreport.errors import Problem
from trivselreport.reading.configmodel import Config, MemoConfig
from trivselreport.reading.fields.reader import FieldReader
from trivselreport.reading.fields.values import month_end, parse_month
from trivselreport.reading.files.yamlread import Mapping

TITLE_FIELDS = ("måned", "år", "periode")


def check_title_pattern(fields: FieldReader, pattern: str) -> None:
    """Only plain placeholders: a width such as {måned:>1000000} would run for minutes."""
    try:
        pieces = list(string.Formatter().parse(pattern))
    except ValueError:
        fields.add(
            "titel",
            "Titlen har en { eller } uden sin makker.",
            "Brug pladsholderne {måned} og {år}, fx »Status {måned} {år}«; skriv {{ "
            "og }} for en krøllet parentes i selve titlen.",
        )
        return
    hint = "Mulige pladsholdere: {måned}, {år} og {periode}, uden tillæg."
    for _, name, spec, conversion in pieces:
        if name is None:
            continue
        shown = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name == "":
            fields.add("titel", "Titlen har en tom pladsholder »{}«.", hint)
        elif name not in TITLE_FIELDS:
            fields.add("titel", f"Ukendt pladsholder »{{{name}}}« i titlen.", hint)
        elif spec or conversion:
            fields.add(
                "titel",
                f"Pladsholderen »{shown}« i titlen har et tillæg efter "
                "»:« eller »!«, som ikke er tilladt.",
                f"Skriv den uden tillæg: »{{{name}}}«.",
            )


def fill_title(pattern: str, values: dict[str, str]) -> str:
    """The title with its placeholders filled in; no format specification is ever run."""
    parts: list[str] = []
    for literal, name, spec, conversion in string.Formatter().parse(pattern):
        parts.append(literal)
        if name is None:
            continue
        if name not in values or spec or conversion:
            raise ValueError(f"not a plain title placeholder: {name!r}")
        parts.append(values[name])
    return "".join(parts)


def check_cross_references(config: Config, mapping: Mapping, problems: list[Problem]) -> None:
    from trivselreport.errors import did_you_mean

    path = config.path
    owner: dict[str, str] = {}
    for section in config.sections:
        for type_name in section.types:
            if type_name not in config.types:
                problems.append(
                    Problem(
                        path,
                        f"Sektionen »{section.heading}« samler typen »{type_name}«, "
                        "som ikke står under »typer«.",
                        section.line,
                        "sektioner",
                        did_you_mean(type_name, config.types) or "Tilføj typen under »typer«.",
                    )
                )
            elif type_name in owner:
                problems.append(
                    Problem(
                        path,
                        f"Typen »{type_name}« står i både »{owner[type_name]}« og "
                        f"»{section.heading}«.",
                        section.line,
                        "sektioner",
                        "En type kan kun høre til én sektion; brug »sektion:« i indslaget "
                        "for at flytte enkelte indslag.",
                    )
                )
            else:
                owner[type_name] = section.heading
    for type_name in config.types:
        if type_name not in owner:
            problems.append(
                Problem(
                    path,
                    f"Typen »{type_name}« hører ikke til nogen sektion, så dens indslag "
                    "ville ikke komme med i notatet.",
                    mapping.key_lines.get("typer"),
                    "typer",
                    "Tilføj typen under »typer« i en af sektionerne.",
                )
            )
    seen_headings: set[str] = set()
    for section in config.sections:
        if section.heading in seen_headings:
            problems.append(
                Problem(
                    path,
                    f"Overskriften »{section.heading}« bruges af flere sektioner.",
                    section.line,
                    "sektioner",
                )
            )
        seen_headings.add(section.heading)
    periods = [memo.period for memo in config.memos]
    for period in set(periods):
        if periods.count(period) > 1:
            problems.append(
                Problem(
                    path,
                    f"Perioden {period} står flere gange under »memoer«.",
                    mapping.key_lines.get("memoer"),
                    "memoer",
                )
            )


# A memo's date or end this far outside its month is most likely a typo in the year.
PLAUSIBLE_DISTANCE = timedelta(days=92)


def memo_warnings(config: Config) -> list[Problem]:
    """Memo settings that are valid but implausible: `check` warns, the build goes on."""
    from trivselreport.danish import long_date

    warnings: list[Problem] = []
    spans: list[tuple[date, date, int, MemoConfig]] = []

    def warn(index: int, memo: MemoConfig, key: str, message: str, hint: str) -> None:
        warnings.append(
            Problem(
                config.path,
                message,
                memo.line_of(key),
                f"memoer[{index}].{key}",
                hint,
                level="warning",
            )
        )

    for index, memo in enumerate(config.memos, start=1):
        year, month = parse_month(memo.period)
        first, last = date(year, month, 1), month_end(year, month)
        end = memo.end or last
        spans.append((first, end, index, memo))
        if memo.end is not None and memo.end < first:
            warn(
                index,
                memo,
                "slutdato",
                f"Notatet for {memo.period} slutter "
                f"{long_date(memo.end)}, før dets egen måned begynder.",
                "Slutdatoen er den sidste dag, notatet dækker; tjek år og måned.",
            )
        elif memo.end is not None and memo.end > last + PLAUSIBLE_DISTANCE:
            warn(
                index,
                memo,
                "slutdato",
                f"Notatet for {memo.period} slutter "
                f"{long_date(memo.end)}, mere end tre måneder efter dets måned.",
                "Tjek årstallet: titlen og perioden følger slutdatoen.",
            )
        if memo.memo_date is not None and not (
            first - PLAUSIBLE_DISTANCE <= memo.memo_date <= end + PLAUSIBLE_DISTANCE
        ):
            warn(
                index,
                memo,
                "dato",
                f"Notatet for {memo.period} er dateret "
                f"{long_date(memo.memo_date)}, langt fra dets periode.",
                "Tjek årstallet: notatets dato ligger normalt omkring periodens slutning.",
            )
    spans.sort(key=lambda span: span[0])
    for (_, end, index, memo), (_, next_end, _, next_memo) in pairwise(spans):
        if end >= next_end:
            warn(
                index,
                memo,
                "slutdato" if memo.end else "periode",
                f"Notatet for {memo.period} (til {long_date(end)}) dækker også perioden for "
                f"notatet {next_memo.period} (til {long_date(next_end)}).",
                "Perioderne må ikke overlappe: ret slutdatoen, så hvert notat slutter før "
                "det næste.",
            )
    return warnings
