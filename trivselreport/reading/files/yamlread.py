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

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from trivselreport.errors import Problem, UserError
from trivselreport.reading.files.textfile import decode, read_bytes
from trivselreport.reading.files.yamlsyntax import reader_problem, syntax_problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - wheels for all our platforms ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

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
    # The SHA-256 (hex) of the file's bytes as they were read, for a file's top mapping
    # (`read_mapping`): what the build's record says the memo was made from.
    digest: str | None = field(default=None, compare=False)


Value = Scalar | Sequence | Mapping


def describe(value: Value) -> str:
    """A Danish word for what kind of value the user wrote."""
    if isinstance(value, Mapping):
        return "en samling af felter"
    if isinstance(value, Sequence):
        return "en liste"
    return "en tekst"


def parse_mapping(path: Path, text: str) -> Mapping:
    """Parse YAML text that must hold one mapping ('nøgle: værdi' lines)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise UserError(syntax_problem(path, text, error)) from error
    except yaml.reader.ReaderError as error:
        raise UserError(reader_problem(path, text, error)) from error
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


def read_mapping(path: Path, *, source: Path | None = None, data: bytes | None = None) -> Mapping:
    """The file's mapping, carrying the SHA-256 of the bytes read (`Mapping.digest`);
    from `data` when the caller has read its bytes already."""
    if data is None:
        data = read_bytes(path, source=source)
    mapping = parse_mapping(path, decode(path, data))
    return replace(mapping, digest=hashlib.sha256(data).hexdigest())


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
