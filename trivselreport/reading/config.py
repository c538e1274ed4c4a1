"""The project's configuration file, trivselreport.yaml: finding it and reading it.

Its fields are declared in `declarations` (CONFIG_FIELDS, with SECTION_FIELDS and
MEMO_FIELDS for the items of `sektioner` and `memoer`); what is read is a
`configmodel.Config`; the rules across fields are in `configchecks`. The names
other modules know are importable from here.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from trivselreport.errors import Problem, UserError, os_reason
from trivselreport.reading.configchecks import TITLE_FIELDS as TITLE_FIELDS
from trivselreport.reading.configchecks import (
    check_cross_references,
    check_title_pattern,
    memo_warnings,
)
from trivselreport.reading.configchecks import fill_title as fill_title
from trivselreport.reading.configmodel import DEFAULT_LIX_LIMIT as DEFAULT_LIX_LIMIT
from trivselreport.reading.configmodel import DEFAULT_QUOTES as DEFAULT_QUOTES
from trivselreport.reading.configmodel import DEFAULT_UPCOMING_MONTHS as DEFAULT_UPCOMING_MONTHS
from trivselreport.reading.configmodel import MAX_LIX_LIMIT as MAX_LIX_LIMIT
from trivselreport.reading.configmodel import QUOTE_STYLES as QUOTE_STYLES
from trivselreport.reading.configmodel import Config as Config
from trivselreport.reading.configmodel import MemoConfig as MemoConfig
from trivselreport.reading.configmodel import SectionConfig as SectionConfig
from trivselreport.reading.fields.declarations import CONFIG_FIELDS, MEMO_FIELDS, SECTION_FIELDS
from trivselreport.reading.fields.reader import FieldReader, control_character
from trivselreport.reading.files.confine import inside_project
from trivselreport.reading.files.projectdir import CONFIG_FILE as CONFIG_FILE
from trivselreport.reading.files.projectdir import find_project as find_project
from trivselreport.reading.files.yamlread import Mapping, Scalar, read_mapping
from trivselreport.reading.foreigncheck import (
    config_language_problems,
    errors_only,
    warnings_only,
)
from trivselreport.reading.privacy.patterns import compile_pattern
from trivselreport.reading.privacy.publication import config_publication_problems
from trivselreport.reading.privacy.terms import NO_TERMS, ForbiddenTerms

# The declarations under their older names (a FieldSet is a mapping of name → Field).
CONFIG_SCHEMA = CONFIG_FIELDS
SECTION_SCHEMA = SECTION_FIELDS
MEMO_SCHEMA = MEMO_FIELDS

MAX_UPCOMING_MONTHS = 60  # five years of planned entries is more than any memo shows


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
    fields = FieldReader(project_dir / CONFIG_FILE, mapping, CONFIG_FIELDS)
    return _forbidden_terms(fields)


def config_from_mapping(path: Path, mapping: Mapping) -> Config:
    fields = FieldReader(path, mapping, CONFIG_FIELDS)
    problems = fields.problems

    organisation = fields.text("organisation")
    title_pattern = fields.text("titel")
    if title_pattern is not None:
        check_title_pattern(fields, title_pattern)
    themes = _unique_names(fields, "temaer")
    types = _unique_names(fields, "typer")
    if "typer" in mapping.values and not types:
        fields.add("typer", "Listen »typer« er tom.", "Angiv mindst én type indslag.")
    sections = tuple(
        _read_section(reader, index, problems)
        for index, reader in enumerate(fields.item_readers("sektioner"), start=1)
    )
    memos = tuple(
        _read_memo(reader, path.parent, problems) for reader in fields.item_readers("memoer")
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
        lix_limit=_lix_limit(fields),
        quotes=_quotes(fields),
        key_lines=tuple(mapping.key_lines.items()),
        digest=mapping.digest,
    )
    check_cross_references(config, mapping, problems)
    lead_languages = config_language_problems(path, mapping)
    problems.extend(errors_only(lead_languages))
    fields.raise_if_problems()
    return replace(
        config,
        warnings=(*memo_warnings(config), *warnings_only(lead_languages)),
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


def _lix_limit(fields: FieldReader) -> int:
    limit = fields.whole_number(
        "lix_grænse",
        minimum=1,
        maximum=MAX_LIX_LIMIT,
        hint=f"Skriv et tal fra 1 til {MAX_LIX_LIMIT} (standard {DEFAULT_LIX_LIMIT}).",
    )
    return DEFAULT_LIX_LIMIT if limit is None else limit


def normal_quotes(value: str) -> str | None:
    """The quote style `value` names ("»«", "»…«", "””"), or None when it names none."""
    compact = "".join(value.split()).replace("…", "").replace("...", "")
    return compact if compact in QUOTE_STYLES else None


def _quotes(fields: FieldReader) -> str:
    written = fields.text("anførselstegn")
    if written is None:
        return DEFAULT_QUOTES
    style = normal_quotes(written)
    if style is None:
        choices = [f'"{quotes}"' for quotes in QUOTE_STYLES]
        shown = ", ".join(choices[:-1]) + f" eller {choices[-1]}"
        fields.add(
            "anførselstegn",
            f"»{written}« er ikke en slags anførselstegn, notatet kan bruge.",
            f"Skriv {shown}: det første tegn begynder et citat, det andet slutter det "
            f'(standard "{DEFAULT_QUOTES}").',
        )
        return DEFAULT_QUOTES
    return style


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
    items = fields.text_list(key) or []
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


def _read_section(fields: FieldReader, index: int, problems: list[Problem]) -> SectionConfig:
    heading = fields.text("overskrift")
    types = tuple(name for name, _ in (fields.text_list("typer") or []))
    lead = fields.text("indledning")
    own_headings = fields.yes_no("egne_overskrifter", default=False)
    if own_headings and lead:
        fields.add(
            "indledning",
            "En sektion med egne overskrifter kan ikke have en fast "
            "indledning (den har ingen fælles overskrift at stå under).",
        )
    show_titles = fields.yes_no("vis_titler", default=False)
    show_dates = fields.yes_no("vis_datoer", default=False)
    if own_headings and show_titles:
        fields.add(
            "vis_titler",
            "»vis_titler: ja« og »egne_overskrifter: ja« kan ikke stå i samme sektion: med "
            "egne overskrifter er titlen allerede hvert indslags overskrift.",
            "Slet den ene af de to linjer.",
        )
    if show_dates and not show_titles:
        fields.add(
            "vis_datoer",
            "»vis_datoer: ja« virker kun sammen med »vis_titler: ja« (datoen står under "
            "indslagets titel).",
            "Tilføj linjen »vis_titler: ja« i samme sektion, eller slet »vis_datoer«.",
        )
    problems.extend(fields.problems)
    return SectionConfig(
        heading or f"(sektion {index})",
        types,
        lead,
        own_headings,
        fields.mapping.line,
        show_titles=show_titles and not own_headings,
        show_dates=show_dates and show_titles and not own_headings,
    )


def _read_memo(fields: FieldReader, project_dir: Path, problems: list[Problem]) -> MemoConfig:
    mapping = fields.mapping
    # A period that is not a month stays as typed, so that messages about memos can name it.
    period = fields.month("periode") or _typed(mapping, "periode")
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


def _typed(mapping: Mapping, key: str) -> str:
    value = mapping.values.get(key)
    if not isinstance(value, Scalar) or control_character(value.text) is not None:
        return ""
    return " ".join(value.text.split())
