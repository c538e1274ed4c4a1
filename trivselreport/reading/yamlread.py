"""Read one YAML file into a small tree that remembers line numbers.

We compose YAML to nodes instead of constructing Python objects, so that:
- every value keeps the line it stood on (for messages that name the line);
- scalars stay the text the user typed: `titel: no`, `titel: 12:30` and
  `titel: 2024` are text, and the schema decides what a field means;
- nothing is ever executed or constructed from tags (`!!python/...`);
- duplicate keys, which PyYAML would silently collapse, are caught.

The C loader (libyaml) is used when present: it is ~7x faster and accepts a
flow list item ending in "?" that the pure-Python scanner refuses.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from trivselreport.errors import Problem, UserError, os_reason

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels for all our platforms ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_YAML_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ANY_LINE_BREAK_BUT_LF = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 50_000
MAX_DEPTH = 40

_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _STANDARD_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass(frozen=True)
class Scalar:
    """A scalar as typed. `line` is where it starts; for a block scalar (`|` or `>`)
    that is the indicator's line, and its text begins on the next line."""

    text: str
    line: int
    is_null: bool = False
    block: bool = False
    # Written over several lines in a style that joins them (`>`, plain or quoted):
    # where a line ended, the text holds a space.
    folded: bool = False


@dataclass(frozen=True)
class Sequence:
    items: list[Value]
    line: int


@dataclass(frozen=True)
class Mapping:
    line: int
    values: dict[str, Value] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)


Value = Scalar | Sequence | Mapping


def describe(value: Value) -> str:
    """A Danish word for what kind of value the user wrote."""
    if isinstance(value, Mapping):
        return "en samling af felter"
    if isinstance(value, Sequence):
        return "en liste"
    return "en tekst"


def read_text(path: Path, *, source: Path | None = None) -> str:
    """Read a file as UTF-8 (BOM and CRLF welcome), or raise a Danish problem.

    A link is never followed here. `source` is where `path` really is, when the
    caller has followed its links and confined them to the project
    (`confine.inside_project`); messages still name `path`.
    """
    real = path if source is None else source
    try:
        status = os.lstat(real)  # one system call answers exists, link, kind and size
    except FileNotFoundError:
        raise UserError(Problem(path, "Filen findes ikke.")) from None
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    try:
        if not stat.S_ISREG(status.st_mode):
            raise UserError(
                Problem(
                    path,
                    "Det er ikke en almindelig fil.",
                    hint="Indslag skal være almindelige .yaml-filer, ikke mapper eller genveje.",
                )
            )
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                Problem(
                    path,
                    f"Filen er for stor ({size // 1024} KiB); grænsen er "
                    f"{MAX_FILE_BYTES // 1024} KiB.",
                    hint="Et indslag er en kort tekst. Del den op, eller fjern indsat materiale.",
                )
            )
        with open(real, "rb") as stream:
            # Not read(MAX_FILE_BYTES): that would allocate a mebibyte for every file.
            data = stream.read(size + 1)
            if len(data) > size:  # it grew since we looked: read on, up to the limit
                data += stream.read(MAX_FILE_BYTES + 1 - len(data))
        if len(data) > MAX_FILE_BYTES:
            raise UserError(
                Problem(
                    path,
                    f"Filen er for stor; grænsen er {MAX_FILE_BYTES // 1024} KiB.",
                    hint="Et indslag er en kort tekst. Del den op, eller fjern indsat materiale.",
                )
            )
    except OSError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses: {os_reason(error)}.")) from error
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    if b"\x00" in data:
        raise UserError(
            Problem(
                path,
                "Filen er ikke en tekstfil (den indeholder binære data).",
                hint="Gem indslaget som almindelig tekst (.yaml), ikke som Word- eller PDF-fil.",
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        hint = "Åbn filen i en editor og gem den igen med kodningen UTF-8."
        try:
            data.decode("cp1252")
            hint = (
                "Filen ser ud til at være gemt som Windows-1252 (ANSI). Åbn den i "
                "Notesblok, vælg Filer → Gem som, og vælg Kodning: UTF-8."
            )
        except UnicodeDecodeError:
            pass
        raise UserError(
            Problem(path, "Filen er ikke gemt som UTF-8.", line=line, hint=hint)
        ) from error
    # One kind of line break: Windows and old Mac endings, Word's manual line break (a
    # vertical tab, which YAML refuses) and the Unicode separators pasted from the web.
    return _LINE_BREAKS.sub("\n", text) if _ANY_LINE_BREAK_BUT_LF.search(text) else text


def parse_mapping(path: Path, text: str) -> Mapping:
    """Parse YAML text that must hold one mapping ('nøgle: værdi' lines)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise UserError(_syntax_problem(path, text, error)) from error
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise UserError(
            Problem(
                path,
                f"Filen indeholder et usynligt styretegn (U+{error.character:04X}), som ikke "
                "må stå i en tekst.",
                line=line,
                hint="Slet tegnet, eller skriv linjen igen; den slags tegn kommer ofte med, når "
                "tekst kopieres fra Word eller en e-mail.",
            )
        ) from error
    except yaml.YAMLError as error:
        raise UserError(Problem(path, f"Filen kan ikke læses som YAML: {error}")) from error
    if node is None:
        raise UserError(
            Problem(
                path,
                "Filen er tom.",
                hint="Udfyld felterne (titel, type, dato, tekst), eller slet filen.",
            )
        )
    value = _convert(path, node, _Budget())
    if not isinstance(value, Mapping):
        raise UserError(
            Problem(
                path,
                f"Filen skal bestå af felter på formen »nøgle: værdi«, men den indeholder "
                f"{describe(value)}.",
                line=value.line,
                hint="Start hver linje med et feltnavn efterfulgt af kolon, "
                "fx »titel: Forældremøde«.",
            )
        )
    return value


def read_mapping(path: Path, *, source: Path | None = None) -> Mapping:
    return parse_mapping(path, read_text(path, source=source))


class _Budget:
    """Bounds the work of one file: aliases multiplied into millions, aliases that
    refer to themselves, and nesting deeper than any entry needs are refused."""

    def __init__(self) -> None:
        self.left = MAX_NODES
        self.open_nodes: list[int] = []

    def enter(self, path: Path, node: yaml.Node, line: int) -> None:
        if id(node) in self.open_nodes:
            raise UserError(
                Problem(
                    path,
                    "En henvisning med * peger på sig selv.",
                    line=line,
                    hint="Skriv værdien ud i stedet for at bruge & og *.",
                )
            )
        if len(self.open_nodes) >= MAX_DEPTH:
            raise UserError(
                Problem(
                    path,
                    f"Værdierne er lagt mere end {MAX_DEPTH} niveauer inden i hinanden.",
                    line=line,
                    hint="Et indslag har kun felter, lister og tekst: fjern de ekstra niveauer.",
                )
            )
        self.open_nodes.append(id(node))

    def spend(self, path: Path, line: int) -> None:
        self.left -= 1
        if self.left < 0:
            raise UserError(
                Problem(
                    path,
                    f"Filen fylder for meget: mere end {MAX_NODES} værdier "
                    "(måske mange gentagne henvisninger med & og *).",
                    line=line,
                    hint="Skriv indslaget ud som almindelig tekst uden & og *.",
                )
            )


def _convert(path: Path, node: yaml.Node, budget: _Budget) -> Value:
    line = node.start_mark.line + 1
    budget.spend(path, line)
    if node.tag not in _ALLOWED_TAGS:
        raise UserError(
            Problem(
                path,
                f"Mærket »{node.tag.removeprefix(_STANDARD_TAG_PREFIX)}« er ikke tilladt.",
                line=line,
                hint="Fjern udtrykket, der starter med ! eller !!, og skriv værdien som "
                "almindelig tekst.",
            )
        )
    if isinstance(node, yaml.ScalarNode):
        is_null = node.tag == _STANDARD_TAG_PREFIX + "null"
        return Scalar(
            "" if is_null else str(node.value),
            line,
            is_null,
            block=node.style in ("|", ">"),
            folded=node.style != "|" and node.end_mark.line > node.start_mark.line,
        )
    budget.enter(path, node, line)
    try:
        return _convert_collection(path, node, budget, line)
    finally:
        budget.open_nodes.pop()


def _convert_collection(path: Path, node: yaml.Node, budget: _Budget, line: int) -> Value:
    if isinstance(node, yaml.SequenceNode):
        return Sequence([_convert(path, item, budget) for item in node.value], line)
    assert isinstance(node, yaml.MappingNode)
    mapping = Mapping(line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise UserError(
                Problem(
                    path,
                    "Et feltnavn skal være et enkelt ord, ikke en liste eller samling.",
                    line=key_line,
                )
            )
        key = str(key_node.value).strip()
        if key in mapping.values:
            raise UserError(
                Problem(
                    path,
                    f"Feltet »{key}« står der to gange (også i linje {mapping.key_lines[key]}).",
                    line=key_line,
                    field=key,
                    hint="Slet den ene af dem; ellers ville den ene værdi forsvinde i stilhed.",
                )
            )
        mapping.values[key] = _convert(path, value_node, budget)
        mapping.key_lines[key] = key_line
    return mapping


def _syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    # YAML counts CR, NEL and the Unicode separators as line breaks too.
    lines = _YAML_LINE_BREAKS.split(text)
    source_line = ""
    if mark is not None and 0 <= mark.line < len(lines):
        source_line = lines[mark.line]
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()

    has_tab = mark is not None and "\t" in source_line[: mark.column + 1]
    if "tab" in problem or has_tab:
        return Problem(
            path,
            "Linjen er rykket ind med tabulatortegn, som YAML ikke tillader.",
            line=line,
            hint="Erstat tabulatortegnet med mellemrum (to mellemrum pr. niveau).",
        )
    previous_line = ""
    if mark is not None and 0 < mark.line <= len(lines):
        previous_line = lines[mark.line - 1]
    if (
        "mapping values are not allowed" in problem
        and source_line[:1] == " "
        and ":" in previous_line
        and not previous_line.rstrip().endswith((":", "|", ">"))
    ):
        return Problem(
            path,
            "Linjen er rykket ind, men hører ikke til feltet ovenfor.",
            line=line,
            hint="Fjern mellemrummene foran, så feltet starter helt ude til venstre som de "
            "andre felter.",
        )
    if "mapping values are not allowed" in problem:
        return Problem(
            path,
            "Et kolon inde i en værdi forvirrer YAML (eller linjen er rykket forkert ind).",
            line=line,
            hint='Sæt værdien i anførselstegn, fx titel: "Møde: status på året", '
            "eller ret indrykningen, så linjen flugter med de andre felter.",
        )
    start_line = error.context_mark.line + 1 if error.context_mark is not None else line
    if "flow sequence" in context or "']'" in problem:
        return Problem(
            path,
            "En liste i firkantede parenteser er ikke lukket korrekt.",
            line=start_line,
            hint="Afslut listen med ] på samme linje, eller skriv hvert punkt på sin egen "
            "linje med »- « foran.",
        )
    if "flow mapping" in context or "'}'" in problem:
        return Problem(
            path,
            "En krøllet parentes { er ikke lukket.",
            line=start_line,
            hint="Fjern { og }, eller sæt hele værdien i anførselstegn.",
        )
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        return Problem(
            path,
            "En tekst i dobbelte anførselstegn har en \\-kode, der ikke er gyldig (fx »\\s« "
            "eller »\\ud800«).",
            line=line,
            hint="I dobbelte anførselstegn betyder \\ noget særligt. Skriv \\\\ for en "
            "omvendt skråstreg, eller sæt teksten i enkelte anførselstegn: 'C:\\skole'.",
        )
    if "quoted scalar" in context:
        return Problem(
            path,
            "Et anførselstegn er ikke lukket.",
            line=start_line,
            hint="Afslut teksten med det samme anførselstegn, som den begyndte med.",
        )
    if "single document" in context or "another document" in problem:
        return Problem(
            path,
            "Filen indeholder flere dokumenter (adskilt af ---).",
            line=line,
            hint="Skriv ét indslag pr. fil; flyt resten til en ny fil.",
        )
    if "alias" in problem or "anchor" in problem:
        return Problem(
            path,
            "En henvisning med * peger på noget, der ikke findes.",
            line=line,
            hint="Skriv værdien ud i stedet for at bruge & og *.",
        )
    if "block end" in problem or "indentation" in problem or "block mapping" in context:
        return Problem(
            path,
            "Indrykningen passer ikke.",
            line=line,
            hint="Alle felter skal starte helt ude til venstre; kun linjer i lister og "
            "tekstblokke rykkes ind, med mellemrum.",
        )
    return Problem(
        path,
        f"Filen kan ikke læses som YAML ({error.problem or error.context}).",
        line=line,
        hint="Se efter ulige anførselstegn, parenteser eller indrykning omkring linjen.",
    )
