"""Entries: one YAML file per activity, written by staff. The format is a contract."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from trivselreport.config import Config
from trivselreport.confine import inside_project
from trivselreport.errors import Problem, UserError, did_you_mean, shown_path
from trivselreport.fields import FieldReader, parse_yes_no
from trivselreport.markdown import nesting_problem
from trivselreport.pictures import Picture, read_pictures
from trivselreport.privacy import NO_TERMS, ForbiddenTerms, scan_mapping, scan_text
from trivselreport.yamlread import Mapping, Scalar, read_mapping

ENTRIES_DIR = "entries"
ENTRY_SUFFIXES = (".yaml", ".yml")
NOTE_SUFFIXES = (".md", ".txt")  # notes beside the entries are fine and not warned about
LONG_TITLE = 120

ENTRY_SCHEMA: dict[str, str] = {
    "titel": "Kort titel på aktiviteten (påkrævet).",
    "type": "Typen af indslag, en af dem i trivselreport.yaml (påkrævet).",
    "dato": "Hvornår det skete eller skal ske, ÅÅÅÅ-MM-DD (påkrævet).",
    "slutdato": "Sidste dag, hvis aktiviteten strækker sig over flere dage (valgfri).",
    "temaer": "Liste af temaer fra trivselreport.yaml (valgfri).",
    "sektion": "Overskriften på den sektion, indslaget skal stå i (valgfri).",
    "ansvarlig": "Ansvarlig enhed eller rolle (valgfri).",
    "deltagere": "Antal deltagere, et helt tal (valgfri).",
    "intern": "ja: kun til intern brug, kommer aldrig med i notatet til udvalget.",
    "tekst": "Selve teksten, i Markdown: afsnit, punktlister, fed, kursiv og links (påkrævet).",
    "billeder": "Billeder ved indslaget: liste med fil, alt (beskrivelse) og evt. tekst.",
}


@dataclass(frozen=True)
class Entry:
    path: Path
    title: str
    type: str
    start: date
    text: str
    end: date | None = None
    themes: tuple[str, ...] = ()
    section: str | None = None
    responsible: str | None = None
    participants: int | None = None
    internal: bool = False
    # Where each key stands in the file: for messages, not part of what the entry says.
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    pictures: tuple[Picture, ...] = ()

    @property
    def last_day(self) -> date:
        return self.end or self.start

    def line_of(self, key: str) -> int | None:
        return dict(self.key_lines).get(key)


def entry_tree(project_dir: Path) -> EntryTree:
    """Every file and folder under entries/, in a stable order, and what is wrong on the way.

    Links inside the project are followed (a ring or a link leading out is a problem);
    hidden names are not read, but named in a warning when they look like entries.
    """
    return _TreeWalk(project_dir).run()


def entry_files(project_dir: Path) -> list[Path]:
    """Every entry file under entries/, at any depth, in a stable order."""
    return entry_tree(project_dir).entry_files


@dataclass
class EntryTree:
    """What one walk of entries/ found: every file and folder as the user sees it."""

    items: list[tuple[Path, bool]]  # (path, is a folder), sorted
    sources: dict[Path, Path]  # where a path reached through a link really is
    problems: list[Problem]

    @property
    def entry_files(self) -> list[Path]:
        return [path for path, _ in self.items if path.suffix.lower() in ENTRY_SUFFIXES]


# Left behind by editors and file managers: never entries, never warned about.
_LEFTOVER_SUFFIXES = (".swp", ".swo", ".swn", ".swx")
_LEFTOVER_NAMES = ("thumbs.db", "desktop.ini", ".ds_store")
# Hidden folders of version control and editors: not looked into at all.
_TOOL_FOLDERS = (".git", ".hg", ".svn", ".bzr", ".idea", ".vscode")
_MAX_HIDDEN_COUNT = 1000


def _leftover(name: str) -> bool:
    lower = name.casefold()
    return (lower.endswith("~") or lower.startswith((".#", "~$")) or lower in _LEFTOVER_NAMES
            or (lower.startswith("#") and lower.endswith("#"))
            or lower.endswith(_LEFTOVER_SUFFIXES))


def _looks_like_entry(name: str) -> bool:
    return Path(name).suffix.lower() in ENTRY_SUFFIXES and not _leftover(name)


def readable_name(name: str) -> bool:
    """False for a file name that is not valid UTF-8 (Python keeps its bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_Parts = tuple[str, ...]


class _TreeWalk:
    def __init__(self, project_dir: Path) -> None:
        self.project_dir = project_dir
        self.root = project_dir / ENTRIES_DIR
        # parts below entries/, is a folder, real location, reached through a link
        self.found: list[tuple[_Parts, bool, str, bool]] = []
        self.links: list[_Parts] = []
        self.walked: set[str] = set()  # real folders read
        self.problems: list[Problem] = []

    def run(self) -> EntryTree:
        if not os.path.lexists(self.root):
            self.problems.append(Problem(
                self.root, "Mappen entries findes ikke, så der er ingen indslag at læse.",
                hint="Opret mappen entries i projektmappen, eller skriv det første indslag "
                "med »trivselreport new«.", level="warning"))
            return self._tree()
        try:
            real = inside_project(self.root, self.project_dir, "Mappen entries")
        except UserError as error:
            self.problems.extend(error.problems)
            return self._tree()
        if not real.is_dir():
            self.problems.append(Problem(self.root, "entries er ikke en mappe.",
                                         hint="Indslagene skal ligge i en mappe ved navn "
                                         "entries i projektmappen."))
            return self._tree()
        self._walk((), str(real), via_link=False)
        while self.links:
            self.links.sort(reverse=True)
            self._follow(self.links.pop())
        return self._tree()

    def _path(self, parts: _Parts) -> Path:
        return Path(os.path.join(self.root, *parts))

    def _tree(self) -> EntryTree:
        self.found.sort(key=lambda item: item[0])
        first: dict[str, _Parts] = {}
        # The same file reached twice (through a link) is read once, preferably by its name.
        for parts, folder, real, _ in sorted(self.found, key=lambda item: item[3]):
            if folder:
                continue
            if real in first:
                self.problems.append(Problem(
                    self._path(parts), "Filen er den samme som "
                    f"{_relative(self._path(first[real]), self.project_dir)} (gennem en "
                    "genvej) og læses kun én gang.",
                    hint="Slet genvejen, hvis den ikke skal bruges.", level="warning"))
                continue
            first[real] = parts
        items: list[tuple[Path, bool]] = []
        sources: dict[Path, Path] = {}
        for parts, folder, real, via_link in self.found:
            if folder or first.get(real) == parts:
                path = self._path(parts)
                items.append((path, folder))
                if via_link:
                    sources[path] = Path(real)
        return EntryTree(items, sources, self.problems)

    def _walk(self, parts: _Parts, real: str, *, via_link: bool) -> None:
        """One folder and everything below it that is no link (links wait in self.links)."""
        pending = [(parts, real)]
        while pending:
            parts, real = pending.pop()
            self.walked.add(real)
            try:
                with os.scandir(real) as listing:
                    children = sorted(listing, key=lambda child: child.name)
            except OSError as error:
                self.problems.append(Problem(self._path(parts), "Mappen kan ikke "
                                             f"læses: {error.strerror or error}."))
                continue
            for child in children:
                child_parts = (*parts, child.name)
                if not self._usable_name(child_parts):
                    continue
                if child.name.startswith("."):
                    self._hidden(child_parts, child)
                elif _leftover(child.name):
                    continue
                elif child.is_symlink():
                    self.links.append(child_parts)
                elif child.is_dir(follow_symlinks=False):
                    if child.path not in self.walked:
                        self.found.append((child_parts, True, child.path, via_link))
                        pending.append((child_parts, child.path))
                else:
                    self.found.append((child_parts, False, child.path, via_link))

    def _usable_name(self, parts: _Parts) -> bool:
        """False (with a problem) for a name that cannot be read or holds a CPR number."""
        if not readable_name(parts[-1]):
            self.problems.append(Problem(
                self._path(parts), "Navnet kan ikke læses: det indeholder tegn, der ikke er "
                "gemt som UTF-8, så filen eller mappen bliver ikke læst.",
                hint="Omdøb filen eller mappen til et navn med almindelige bogstaver, fx "
                "2024-04-15-foraeldremoede.yaml."))
            return False
        if scan_text(parts[-1], internal=True):
            self.problems.extend(file_name_problems(self._path(parts), parts[-1]))
        return True

    def _hidden(self, parts: _Parts, child: os.DirEntry[str]) -> None:
        path = self._path(parts)
        why = "fordi navnet starter med et punktum (skjult)"
        if child.is_symlink():
            return
        if not child.is_dir(follow_symlinks=False):
            if _looks_like_entry(child.name):
                self.problems.append(Problem(
                    path, f"Filen bliver ikke læst, {why}.", level="warning",
                    hint="Fjern punktummet forrest i navnet, hvis filen er et indslag."))
            return
        if child.name.casefold() in _TOOL_FOLDERS:
            return
        count = _entry_like_count(Path(child.path))
        if count:
            files = "1 fil, der ligner et indslag" if count == 1 else (
                f"{count} filer, der ligner indslag")
            self.problems.append(Problem(
                path, f"Mappen bliver ikke læst, {why}, men den indeholder {files}.",
                hint="Fjern punktummet forrest i mappens navn, hvis indslagene skal med.",
                level="warning"))

    def _follow(self, parts: _Parts) -> None:
        """A link found in the walk: followed when it stays in the project and is new."""
        path = self._path(parts)
        try:
            real = inside_project(path, self.project_dir, f"»{parts[-1]}«")
        except UserError as error:
            self.problems.extend(error.problems)
            return
        if not real.is_dir():
            self.found.append((parts, False, str(real), True))
            return
        here = inside_project(path.parent, self.project_dir, "Mappen")
        if here.is_relative_to(real):
            self.problems.append(Problem(
                path, f"»{parts[-1]}« er en genvej (symbolsk link) til en mappe, den selv "
                "ligger i, så den ville føre rundt i en ring. Den bliver ikke fulgt.",
                hint="Slet genvejen."))
            return
        if any(real.is_relative_to(folder) for folder in self.walked):
            self.problems.append(Problem(
                path, f"»{parts[-1]}« er en genvej (symbolsk link) til en mappe, der allerede "
                f"læses ({_relative(real, self.project_dir)}); indslagene læses kun én gang.",
                hint="Slet genvejen, hvis den ikke skal bruges.", level="warning"))
            return
        self.found.append((parts, True, str(real), True))
        self._walk(parts, str(real), via_link=True)


def _entry_like_count(folder: Path) -> int:
    count = 0
    for _, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if name.casefold() not in _TOOL_FOLDERS]
        count += sum(_looks_like_entry(name) for name in files)
        if count >= _MAX_HIDDEN_COUNT:
            break
    return count


def _relative(path: Path, project_dir: Path) -> str:
    return shown_path(path, project_dir)


@dataclass
class LoadedEntries:
    """Every valid entry, and every problem (errors and warnings) found on the way."""

    entries: list[Entry]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.level == "warning"]


def read_entries(config: Config, tree: EntryTree | None = None) -> LoadedEntries:
    """Load, validate and scan every entry for personal data; never stops at the first."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    if tree is None:
        tree = entry_tree(config.root)
    for path in tree.entry_files:
        mapping = read_and_scan(path, problems, config.forbidden, source=tree.sources.get(path))
        if mapping is None:
            continue
        try:
            entries.append(entry_from_mapping(path, mapping, config))
        except UserError as error:
            problems.extend(error.problems)
    problems.extend(tree.problems)
    problems.extend(_ignored_file_warnings(tree))
    problems.extend(_duplicate_warnings(entries))
    problems.extend(_long_title_warnings(entries))
    return LoadedEntries(entries, problems)


def load_entries(config: Config) -> list[Entry]:
    """The valid entries, or one UserError with every error (warnings do not stop a build)."""
    loaded = read_entries(config)
    if loaded.errors:
        raise UserError(loaded.errors)
    return loaded.entries


def read_and_scan(path: Path, problems: list[Problem], terms: ForbiddenTerms = NO_TERMS, *,
                  source: Path | None = None) -> Mapping | None:
    """Read one entry file and scan it for personal data, adding what is wrong to
    `problems`; None when the file cannot be read as YAML at all. `source` is where
    the file really is when it was reached through a link (see EntryTree.sources);
    its name is scanned by the walk of entries/."""
    try:
        mapping = read_mapping(path, source=source)
    except UserError as error:
        problems.extend(error.problems)
        return None
    problems.extend(scan_mapping(path, mapping, internal=declared_internal(mapping),
                                 terms=terms))
    return mapping


def file_name_problems(path: Path, name: str) -> list[Problem]:
    """A CPR number is an error wherever it stands, also in a file or folder name.

    `name` is one name in the path (a file's or a folder's), scanned on its own: the
    folder above must not make the number look like part of a case number (2024/…).
    """
    return [Problem(path, f"Fil- eller mappenavnet indeholder noget, der ligner et CPR-nummer "
                    f"({finding.masked}).", hint="Omdøb filen eller mappen, så nummeret ikke "
                    "står i navnet.") for finding in scan_text(name, internal=True)]


def declared_internal(mapping: Mapping) -> bool:
    value = mapping.values.get("intern")
    return isinstance(value, Scalar) and parse_yes_no(value.text) is True


def _ignored_file_warnings(tree: EntryTree) -> Iterator[Problem]:
    for path, folder in tree.items:
        suffix = path.suffix.lower()
        if folder or suffix in ENTRY_SUFFIXES:
            continue
        if Path(path.stem).suffix.lower() in ENTRY_SUFFIXES and suffix == ".txt":
            yield Problem(path, "Filen bliver ikke læst, fordi den ender på .txt og ikke på "
                          ".yaml. Notesblok sætter .txt bag på navnet, og Windows skjuler "
                          "ofte endelsen, så filen ser ud til at hedde "
                          f"»{path.stem}«.", level="warning",
                          hint="Omdøb filen, så den ender på .yaml (Stifinder viser hele "
                          "navnet under Vis → Filtypenavne). Vælg »Alle filer« som filtype, "
                          "når du gemmer i Notesblok.")
        elif Path(path.stem).suffix.lower() in ENTRY_SUFFIXES or suffix not in NOTE_SUFFIXES:
            yield Problem(path, "Filen bliver ikke læst, fordi den ikke ender på .yaml.",
                          hint="Omdøb den til .yaml, hvis den er et indslag; ellers flyt den "
                          "ud af mappen entries.", level="warning")


def _duplicate_warnings(entries: list[Entry]) -> Iterator[Problem]:
    seen: dict[tuple[str, object], Entry] = {}
    for entry in entries:
        key = (entry.title.casefold(), entry.start)
        if key in seen:
            yield Problem(entry.path, f"Indslaget har samme titel og dato som "
                          f"{seen[key].path.name} og er måske en dublet.",
                          line=entry.line_of("titel"), field="titel",
                          hint="Slet den ene fil, hvis det er det samme indslag.",
                          level="warning")
        else:
            seen[key] = entry


def _long_title_warnings(entries: list[Entry]) -> Iterator[Problem]:
    for entry in entries:
        if len(entry.title) > LONG_TITLE:
            yield Problem(entry.path, f"Titlen er {len(entry.title)} tegn lang.",
                          line=entry.line_of("titel"), field="titel",
                          hint="En kort titel (under 120 tegn) er lettere at læse i notatet.",
                          level="warning")


def entry_from_mapping(path: Path, mapping: Mapping, config: Config) -> Entry:
    fields = FieldReader(path, mapping, ENTRY_SCHEMA)
    title = fields.text("titel", required=True)
    type_name = fields.choice("type", config.types, required=True)
    start = fields.date("dato", required=True)
    end = fields.date("slutdato")
    if start and end and end < start:
        fields.add("slutdato", f"Slutdatoen {end.isoformat()} ligger før datoen "
                   f"{start.isoformat()}.", "Ret slutdatoen, eller byt om på de to datoer.")
    themes: list[str] = []
    for theme, line in fields.text_list("temaer") or []:
        if theme in config.themes:
            themes.append(theme)
        else:
            fields.problems.append(Problem(
                path, f"»{theme}« er ikke et af temaerne i trivselreport.yaml.", line, "temaer",
                did_you_mean(theme, config.themes)
                or "Temaerne er: " + "; ".join(config.themes) + "."))
    section = fields.text("sektion")
    if section is not None and section not in config.section_headings:
        fields.add("sektion", f"Der er ingen sektion med overskriften »{section}«.",
                   did_you_mean(section, config.section_headings)
                   or "Sektionerne er: " + "; ".join(config.section_headings) + ".")
    participants = fields.whole_number("deltagere")
    internal = fields.yes_no("intern", default=False)
    text = fields.text("tekst", required=True, multiline=True)
    if text is not None and (problem := nesting_problem(text)):
        fields.add("tekst", problem, "Brug højst fire-fem niveauer i en punktliste.")
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
        responsible=fields.text("ansvarlig"),
        participants=participants,
        internal=internal,
        text=text,
        key_lines=tuple(mapping.key_lines.items()),
        pictures=tuple(pictures),
    )
