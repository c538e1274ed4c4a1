"""The project's configuration file, trivselreport.yaml, and its one schema."""

from __future__ import annotations

import os
import string
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.confine import inside_project
from trivselreport.reading.fields import FieldReader
from trivselreport.reading.forbiddenterms import NO_TERMS, ForbiddenTerms
from trivselreport.reading.projectpatterns import compile_pattern
from trivselreport.reading.publication import config_publication_problems
from trivselreport.reading.values import month_end, parse_month
from trivselreport.reading.yamlread import Mapping, read_mapping

CONFIG_FILE = "trivselreport.yaml"

CONFIG_SCHEMA: dict[str, str] = {
    "organisation": "Kommunens navn, fx Rødovre Kommune.",
    "forvaltning": "Forvaltningen, der udgiver notatet.",
    "afdeling": "Afdelingen (valgfri).",
    "udarbejdet_af": "Hvem notatet er udarbejdet af (valgfri); bruges også som forfatter i PDF'en.",
    "sagsnr": "Sagsnummer, hvis det samme gælder alle notater (valgfri).",
    "titel": "Notatets titel med pladsholderne {måned} og {år}.",
    "startdato": "Første dato, der medtages, når intet tidligere notat er angivet (valgfri).",
    "temaer": "De politisk besluttede temaer, som indslag kan knyttes til.",
    "typer": "De typer indslag, projektet bruger.",
    "sektioner": "Notatets sektioner i rækkefølge.",
    "memoer": "Notater: periode, dato, sagsnr. og indledning for hvert notat.",
    "kommende_måneder": "Hvor mange måneder frem planlagte indslag vises (standard 6).",
    "oversigt": "ja: notatet slutter med et bilag med aktiviteter og deltagere pr. tema.",
    "forbudte_ord": "Ord og navne, der aldrig må stå i notatet (fx børns navne).",
    "forbudte_mønstre": "Regulære udtryk for andet, der aldrig må stå i notatet (valgfri).",
}

SECTION_SCHEMA: dict[str, str] = {
    "overskrift": "Sektionens overskrift.",
    "typer": "Typer af indslag, som sektionen samler.",
    "indledning": "Fast indledende tekst (valgfri, Markdown).",
    "egne_overskrifter": "ja: hvert indslag bliver sin egen sektion med titlen som overskrift.",
}

MEMO_SCHEMA: dict[str, str] = {
    "periode": "Notatets måned, fx 2024-04.",
    "dato": "Notatets dato, fx 2024-04-15.",
    "slutdato": "Sidste dato, notatet dækker (valgfri; ellers periodens sidste dag).",
    "sagsnr": "Notatets sagsnummer (valgfri).",
    "indledning": "Sti til en Markdown-fil med notatets indledning (valgfri).",
}

TITLE_FIELDS = ("måned", "år", "periode")
DEFAULT_UPCOMING_MONTHS = 6
MAX_UPCOMING_MONTHS = 60  # five years of planned entries is more than any memo shows


@dataclass(frozen=True)
class SectionConfig:
    heading: str
    types: tuple[str, ...]
    lead: str | None = None
    own_headings: bool = False
    line: int | None = None


@dataclass(frozen=True)
class MemoConfig:
    period: str
    memo_date: date | None = None
    end: date | None = None
    case_number: str | None = None
    intro_file: Path | None = None
    # Where the memo and its keys stand in the file, for messages.
    line: int | None = field(default=None, compare=False)
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key, self.line)


@dataclass(frozen=True)
class Config:
    path: Path
    organisation: str
    title_pattern: str
    themes: tuple[str, ...]
    types: tuple[str, ...]
    sections: tuple[SectionConfig, ...]
    administration: str | None = None
    department: str | None = None
    prepared_by: str | None = None
    case_number: str | None = None
    start_date: date | None = None
    memos: tuple[MemoConfig, ...] = ()
    forbidden: ForbiddenTerms = NO_TERMS
    overview: bool = False
    upcoming_months: int = 6
    # Where each top-level key stands in the file: for messages.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    # What looks wrong but does not stop a build (`check` shows it): not part of the config.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    # Personal data in the config's published texts: errors `check` shows, while the rest of
    # the project is still checked with the config; a build refuses at the door
    # (memo.guard.guard_memo) if its memo shows one of these texts.
    publication_problems: tuple[Problem, ...] = field(default=(), compare=False)

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def section_headings(self) -> tuple[str, ...]:
        return tuple(section.heading for section in self.sections)

    def memo_for(self, period: str) -> MemoConfig | None:
        return next((memo for memo in self.memos if memo.period == period), None)


def find_project(start: Path) -> Path:
    """The nearest folder at or above `start` that holds trivselreport.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        try:
            if (folder / CONFIG_FILE).is_file() or (folder / CONFIG_FILE).is_symlink():
                return folder
        except OSError as error:
            raise UserError(
                Problem(
                    folder,
                    f"Mappen kan ikke læses: {os_reason(error)}.",
                    hint="Tjek rettighederne, eller angiv projektmappen med --project MAPPE.",
                )
            ) from error
    raise UserError(
        Problem(
            None,
            f"Der er ingen {CONFIG_FILE} i {start} eller mapperne over den.",
            hint="Gå til projektmappen, angiv den med --project MAPPE, "
            "eller opret et nyt projekt med »trivselreport init«.",
        )
    )


def load_config(project_dir: Path) -> Config:
    path = project_dir / CONFIG_FILE
    real = inside_project(path, project_dir, "Konfigurationen")
    try:
        found = real.is_file()
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    if not found:
        raise UserError(
            Problem(
                path,
                f"Projektet mangler filen {CONFIG_FILE}.",
                hint="Opret et projekt med »trivselreport init«.",
            )
        )
    return config_from_mapping(path, read_mapping(path, source=real))


def terms_for_messages(project_dir: Path | None) -> ForbiddenTerms:
    """The project's forbidden words and patterns, read as far as the config can be read,
    so that messages can mask them even when the config itself has errors."""
    if project_dir is None:
        return NO_TERMS
    try:
        mapping = read_mapping(project_dir / CONFIG_FILE)
    except UserError:
        return NO_TERMS
    fields = FieldReader(project_dir / CONFIG_FILE, mapping, CONFIG_SCHEMA)
    return _forbidden_terms(fields)


def config_from_mapping(path: Path, mapping: Mapping) -> Config:
    fields = FieldReader(path, mapping, CONFIG_SCHEMA)
    problems = fields.problems

    organisation = fields.text("organisation", required=True)
    title_pattern = fields.text("titel", required=True)
    if title_pattern is not None:
        _check_title_pattern(fields, title_pattern)
    themes = _unique_names(fields, "temaer")
    types = _unique_names(fields, "typer")
    if "typer" in mapping.values and not types:
        fields.add("typer", "Listen »typer« er tom.", "Angiv mindst én type indslag.")
    sections = tuple(
        _read_section(path, item, index, problems)
        for index, item in enumerate(fields.mapping_list("sektioner"), start=1)
    )
    if not sections:
        fields.add(
            "sektioner",
            "Konfigurationen skal have mindst én sektion under »sektioner«.",
            "Tilføj fx »sektioner:« med et punkt »- overskrift: …« og dets »typer: […]«.",
        )
    memos = tuple(
        _read_memo(path, project_dir=path.parent, mapping=item, index=index, problems=problems)
        for index, item in enumerate(fields.mapping_list("memoer"), start=1)
    )

    config = Config(
        path=path,
        organisation=organisation or "",
        title_pattern=title_pattern or "",
        themes=themes,
        types=types,
        sections=sections,
        administration=fields.text("forvaltning"),
        department=fields.text("afdeling"),
        prepared_by=fields.text("udarbejdet_af"),
        case_number=fields.text("sagsnr"),
        start_date=fields.date("startdato"),
        memos=memos,
        forbidden=_forbidden_terms(fields),
        overview=fields.yes_no("oversigt", default=False),
        upcoming_months=_upcoming_months(fields),
        key_lines=tuple(mapping.key_lines.items()),
    )
    _check_cross_references(config, mapping, problems)
    fields.raise_if_problems()
    return replace(
        config,
        warnings=tuple(memo_warnings(config)),
        publication_problems=tuple(
            config_publication_problems(config.path, mapping, config.forbidden)
        ),
    )


def _upcoming_months(fields: FieldReader) -> int:
    months = fields.whole_number(
        "kommende_måneder",
        maximum=MAX_UPCOMING_MONTHS,
        hint=f"Skriv et antal måneder fra 0 til {MAX_UPCOMING_MONTHS} (standard "
        f"{DEFAULT_UPCOMING_MONTHS}).",
    )
    return DEFAULT_UPCOMING_MONTHS if months is None else months


def _forbidden_terms(fields: FieldReader) -> ForbiddenTerms:
    words = tuple(word for word, _ in fields.text_list("forbudte_ord") or [])
    patterns = []
    for text, line in fields.text_list("forbudte_mønstre") or []:
        try:
            patterns.append(compile_pattern(text))
        except ValueError as error:
            fields.problems.append(
                Problem(
                    fields.path,
                    str(error),
                    line,
                    "forbudte_mønstre",
                    "Ret udtrykket, eller skriv ordet under forbudte_ord i stedet.",
                )
            )
    return ForbiddenTerms(words=words, patterns=tuple(patterns))


def _unique_names(fields: FieldReader, key: str) -> tuple[str, ...]:
    items = fields.text_list(key, required=True) or []
    seen: dict[str, int] = {}
    for name, line in items:
        if name in seen:
            fields.problems.append(
                Problem(
                    fields.path,
                    f"»{name}« står to gange i »{key}«.",
                    line,
                    key,
                    "Slet den ene linje.",
                )
            )
        seen.setdefault(name, line)
    return tuple(seen)


def _check_title_pattern(fields: FieldReader, pattern: str) -> None:
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


def _read_section(
    path: Path, mapping: Mapping, index: int, problems: list[Problem]
) -> SectionConfig:
    fields = FieldReader(path, mapping, SECTION_SCHEMA, prefix=f"sektioner[{index}].")
    heading = fields.text("overskrift", required=True)
    types = tuple(name for name, _ in (fields.text_list("typer") or []))
    lead = fields.text("indledning", multiline=True)
    own_headings = fields.yes_no("egne_overskrifter", default=False)
    if own_headings and lead:
        fields.add(
            "indledning",
            "En sektion med egne overskrifter kan ikke have en fast "
            "indledning (den har ingen fælles overskrift at stå under).",
        )
    problems.extend(fields.problems)
    return SectionConfig(heading or f"(sektion {index})", types, lead, own_headings, mapping.line)


def _read_memo(
    path: Path, *, project_dir: Path, mapping: Mapping, index: int, problems: list[Problem]
) -> MemoConfig:
    fields = FieldReader(path, mapping, MEMO_SCHEMA, prefix=f"memoer[{index}].")
    period = fields.text("periode", required=True) or ""
    if period:
        try:
            year, month = parse_month(period)
            period = f"{year:04d}-{month:02d}"
        except ValueError as error:
            fields.add("periode", str(error))
    intro = fields.text("indledning")
    intro_file = None
    if intro:
        intro_file = project_dir / intro
        real = None
        if os.path.isabs(intro) or os.path.normpath(intro).split(os.sep)[0] == "..":
            fields.add("indledning", "Indledningen skal ligge i projektmappen.")
        else:
            try:
                real = inside_project(intro_file, project_dir, "Indledningen")
            except UserError as error:
                fields.problems.extend(error.problems)
        if real is None:
            intro_file = None
        elif not real.is_file():
            fields.add(
                "indledning",
                f"Filen »{intro}« findes ikke.",
                "Angiv stien til indledningen i forhold til projektmappen.",
            )
    memo = MemoConfig(
        period,
        fields.date("dato"),
        fields.date("slutdato"),
        fields.text("sagsnr"),
        intro_file,
        mapping.line,
        tuple(mapping.key_lines.items()),
    )
    problems.extend(fields.problems)
    return memo


def _check_cross_references(config: Config, mapping: Mapping, problems: list[Problem]) -> None:
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
