"""Entries: one YAML file per activity, written by staff. The format is a contract."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trivselreport.errors import Problem, UserError
from trivselreport.reading.cache.store import FileResult, open_cache
from trivselreport.reading.config import Config
from trivselreport.reading.drafts import Draft, as_warnings, declared_draft, draft_by_text, draft_of
from trivselreport.reading.entry import Entry as Entry
from trivselreport.reading.fields.declarations import ENTRY_FIELDS
from trivselreport.reading.fields.reader import FieldReader
from trivselreport.reading.fields.values import (
    SECTIONS,
    THEMES,
    TYPES,
    ValueProblem,
    choose_name,
    end_problem,
    parse_yes_no,
)

# re-exported: the folder's name belongs to entries
from trivselreport.reading.files.entrytree import (
    ENTRIES_DIR as ENTRIES_DIR,
)
from trivselreport.reading.files.entrytree import (
    ENTRY_SUFFIXES,
    NOTE_SUFFIXES,
    EntryTree,
    entry_tree,
)
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence, Value, read_mapping
from trivselreport.reading.foreigncheck import errors_only, language_problems, warnings_only
from trivselreport.reading.markdown import nesting_problem
from trivselreport.reading.pictures.field import read_pictures
from trivselreport.reading.privacy.findings import scan_mapping
from trivselreport.reading.privacy.publication import entry_publication_problems
from trivselreport.reading.privacy.terms import NO_TERMS, ForbiddenTerms

LONG_TITLE = 120

ENTRY_SCHEMA = ENTRY_FIELDS  # the older name of the declaration


def entry_files(project_dir: Path) -> list[Path]:
    """Every entry file under entries/, at any depth, in a stable order."""
    return entry_tree(project_dir).entry_files


@dataclass
class LoadedEntries:
    """Every valid entry that is not a draft, every draft (valid or not), and every
    problem (errors and warnings) found on the way; a draft's problems are warnings."""

    entries: list[Entry]
    problems: list[Problem]
    drafts: list[Draft] = field(default_factory=list)
    # The valid entries' files that may spell a configured name otherwise (names_otherwise).
    names_otherwise: list[Path] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "error"]


def read_entries(
    config: Config, tree: EntryTree | None = None, *, cached: bool = False
) -> LoadedEntries:
    """Load, validate and scan every entry for personal data; never stops at the first.

    A draft (`reading.drafts`) is not among the entries, and its problems are warnings.
    With `cached`, an unchanged file's result comes from the project's entry cache
    (`reading.cache.store`), which is brought up to date."""
    entries: list[Entry] = []
    drafts: list[Draft] = []
    problems: list[Problem] = []
    otherwise: list[Path] = []
    if tree is None:
        tree = entry_tree(config.root)
    cache = open_cache(config, enabled=cached)
    for path in tree.entry_files:
        source = tree.sources.get(path)
        read = cache.result(path, source, functools.partial(_file_result, path, config, source))
        if read.draft is not None:
            drafts.append(read.draft)
        elif read.entry is not None:
            entries.append(read.entry)
            if read.names_otherwise:
                otherwise.append(path)
        known = set(problems)
        problems.extend(problem for problem in read.problems if problem not in known)
    cache.save()
    problems.extend(tree.problems)
    problems.extend(_ignored_file_warnings(tree))
    problems.extend(_duplicate_warnings(entries))
    problems.extend(_long_title_warnings(entries))
    problems.extend(_language_warnings(entries))
    return LoadedEntries(entries, problems, drafts, otherwise)


def _file_result(
    path: Path, config: Config, source: Path | None, data: bytes | None
) -> tuple[FileResult, bool]:
    """One file's part of read_entries (from `data` when given), and whether it may be
    cached: not when it names pictures, whose checks read other files."""
    read = _read_entry(path, config, source, data)
    found = read.problems
    if read.mapping is not None:
        is_draft = declared_draft(read.mapping)
    else:
        is_draft = draft_by_text(path, source=source, data=data)
    cacheable = read.mapping is None or "billeder" not in read.mapping.values
    if is_draft:
        draft = draft_of(path, read.mapping, config.forbidden)
        return FileResult(None, draft, as_warnings(found)), cacheable
    otherwise = read.entry is not None and read.mapping is not None
    otherwise = otherwise and names_otherwise(read.mapping, config)  # type: ignore[arg-type]
    return FileResult(read.entry, None, found, otherwise), cacheable


def names_otherwise(mapping: Mapping, config: Config) -> bool:
    """Whether the file may write a type, theme or section otherwise than the config
    spells it (`commands.canonical` finds where): some such value is not a configured
    name as it stands."""
    names = {"type": config.types, "temaer": config.themes, "sektion": config.section_headings}
    for key, configured in names.items():
        value = mapping.values.get(key)
        items = value.items if isinstance(value, Sequence) else [value]
        if any(isinstance(item, Scalar) and item.text not in configured for item in items):
            return True
    return False


@dataclass(frozen=True)
class _ReadFile:
    entry: Entry | None  # when the file is a valid entry
    mapping: Mapping | None  # when it is YAML at all
    problems: list[Problem]


def _read_entry(
    path: Path, config: Config, source: Path | None, data: bytes | None = None
) -> _ReadFile:
    scanned: list[Problem] = []
    mapping = read_and_scan(path, scanned, config.forbidden, source=source, data=data)
    if mapping is None:
        return _ReadFile(None, None, scanned)
    try:
        entry = entry_from_mapping(path, mapping, config)
    except UserError as error:
        return _ReadFile(None, mapping, [*scanned, *error.problems])
    rendered = entry_publication_problems(entry, config.forbidden)
    known = set(scanned)
    found = [*scanned, *(problem for problem in rendered if problem not in known)]
    return _ReadFile(entry, mapping, found)


def load_entries(config: Config) -> list[Entry]:
    """The valid entries, or one UserError with every error (warnings do not stop a build)."""
    loaded = read_entries(config)
    if loaded.errors:
        raise UserError(loaded.errors)
    return loaded.entries


def read_and_scan(
    path: Path,
    problems: list[Problem],
    terms: ForbiddenTerms = NO_TERMS,
    *,
    source: Path | None = None,
    data: bytes | None = None,
) -> Mapping | None:
    """Read one entry file and scan it for personal data, adding what is wrong to
    `problems`; None when the file cannot be read as YAML at all. `source` is where
    the file really is when it was reached through a link (see EntryTree.sources);
    its name is scanned by the walk of entries/. `data` is the file's bytes when the
    caller has read them (the entry cache hashes the very bytes that are parsed)."""
    try:
        mapping = read_mapping(path, source=source, data=data)
    except UserError as error:
        problems.extend(error.problems)
        return None
    problems.extend(scan_mapping(path, mapping, internal=declared_internal(mapping), terms=terms))
    return mapping


def declared_internal(mapping: Mapping) -> bool:
    value = mapping.values.get("intern")
    return isinstance(value, Scalar) and parse_yes_no(value.text) is True


def _ignored_file_warnings(tree: EntryTree) -> Iterator[Problem]:
    for path, folder in tree.items:
        suffix = path.suffix.lower()
        if folder or suffix in ENTRY_SUFFIXES:
            continue
        if Path(path.stem).suffix.lower() in ENTRY_SUFFIXES and suffix == ".txt":
            yield Problem(
                path,
                "Filen bliver ikke læst, fordi den ender på .txt og ikke på "
                ".yaml. Notesblok sætter .txt bag på navnet, og Windows skjuler "
                "ofte endelsen, så filen ser ud til at hedde "
                f"»{path.stem}«.",
                level="warning",
                hint="Omdøb filen, så den ender på .yaml (Stifinder viser hele "
                "navnet under Vis → Filtypenavne). Vælg »Alle filer« som filtype, "
                "når du gemmer i Notesblok.",
            )
        elif Path(path.stem).suffix.lower() in ENTRY_SUFFIXES or suffix not in NOTE_SUFFIXES:
            yield Problem(
                path,
                "Filen bliver ikke læst, fordi den ikke ender på .yaml.",
                hint="Omdøb den til .yaml, hvis den er et indslag; ellers flyt den "
                "ud af mappen entries.",
                level="warning",
            )


def _duplicate_warnings(entries: list[Entry]) -> Iterator[Problem]:
    seen: dict[tuple[str, object], Entry] = {}
    for entry in entries:
        key = (entry.title.casefold(), entry.start)
        if key in seen:
            yield Problem(
                entry.path,
                f"Indslaget har samme titel og dato som "
                f"{seen[key].path.name} og er måske en dublet.",
                line=entry.line_of("titel"),
                field="titel",
                hint="Slet den ene fil, hvis det er det samme indslag.",
                level="warning",
            )
        else:
            seen[key] = entry


def _language_warnings(entries: list[Entry]) -> Iterator[Problem]:
    """A `{sprog=…}` that marks no words (the faulty codes are errors of the entry)."""
    for entry in entries:
        yield from warnings_only(
            language_problems(entry.path, entry.text, first_line=entry.text_line, field="tekst")
        )


def _long_title_warnings(entries: list[Entry]) -> Iterator[Problem]:
    for entry in entries:
        if len(entry.title) > LONG_TITLE:
            yield Problem(
                entry.path,
                f"Titlen er {len(entry.title)} tegn lang.",
                line=entry.line_of("titel"),
                field="titel",
                hint="En kort titel (under 120 tegn) er lettere at læse i notatet.",
                level="warning",
            )


def entry_from_mapping(path: Path, mapping: Mapping, config: Config) -> Entry:
    fields = FieldReader(path, mapping, ENTRY_FIELDS)
    title = fields.text("titel")
    type_name = fields.name("type", config.types, TYPES)
    start = fields.date("dato")
    end = fields.date("slutdato")
    if start and end and (wrong_end := end_problem(start, end)):
        fields.add("slutdato", wrong_end.message, wrong_end.hint)
    themes: list[str] = []
    for theme, line in fields.text_list("temaer") or []:
        try:
            themes.append(choose_name(theme, config.themes, THEMES))
        except ValueProblem as refused:
            fields.problems.append(Problem(path, refused.message, line, "temaer", refused.hint))
    section = fields.name("sektion", config.section_headings, SECTIONS)
    responsible = fields.text("ansvarlig")
    participants = fields.whole_number("deltagere")
    internal = fields.yes_no("intern", default=False)
    draft = fields.yes_no("kladde", default=False)
    text = fields.text("tekst")
    if text is not None and (problem := nesting_problem(text)):
        fields.add("tekst", problem, "Brug højst fire-fem niveauer i en punktliste.")
    if text is not None:
        fields.problems.extend(
            errors_only(
                language_problems(
                    path, text, first_line=_first_line(mapping.values["tekst"]), field="tekst"
                )
            )
        )
    pictures = read_pictures(fields, config.root)
    fields.raise_if_problems()
    assert title and type_name and start and text  # guaranteed when no problems
    return Entry(
        path=path,
        title=title,
        type=type_name,
        start=start,
        end=end,
        themes=tuple(themes),
        section=section,
        responsible=responsible,
        participants=participants,
        internal=internal,
        draft=draft,
        text=text,
        key_lines=tuple(mapping.key_lines.items()),
        pictures=tuple(pictures),
        text_line=_first_line(mapping.values["tekst"]),
        text_folded=_folded(mapping.values["tekst"]),
        digest=mapping.digest,
    )


def _folded(value: Value) -> bool:
    return isinstance(value, Scalar) and value.folded


def _first_line(value: Value) -> int:
    if isinstance(value, Scalar) and value.block:
        return value.line + 1
    return value.line
