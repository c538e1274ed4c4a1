"""What a field of a YAML file is: its name, kind, whether it is required, and what it is for.

Every field a user can write (in an entry, in a picture of an entry, in
trivselreport.yaml and in its sections and memos) is declared once, as a
`Field` in a `FieldSet` (the declarations are in `declarations`). The reading
code takes everything it needs to know about a field from there: `FieldReader`
refuses keys that are not declared, reports declared required fields that are
missing, reads a field the way its kind says, and lists the allowed fields with
what each is for in the hint of an unknown key. The README's field tables are
made from the same declarations (`tables`).

Descriptions are Danish, for the people who write the files. They may quote a
name or a value in `backticks`: the README shows it as code, a message between
»…«, as every other message does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """The kinds of value a field holds; each value is how the README names the kind."""

    TEXT = "tekst"
    MARKDOWN = "tekst i Markdown"
    FILE = "sti til en fil"
    DATE = "dato, ÅÅÅÅ-MM-DD"
    MONTH = "måned, ÅÅÅÅ-MM"
    WHOLE_NUMBER = "helt tal"
    YES_NO = "ja eller nej"
    NAME = "et navn fra `trivselreport.yaml`"
    NAMES = "liste af navne fra `trivselreport.yaml`"
    TEXTS = "liste af tekster"
    ITEMS = "liste af punkter med egne felter"


@dataclass(frozen=True)
class Field:
    """One field: `description` says in a few words what it is for (the hint of an
    unknown key shows it), `details` what else the README says about it."""

    name: str
    kind: Kind
    description: str
    details: str = ""
    required: bool = False
    # The fields of each item, for a list of items (Kind.ITEMS).
    items: FieldSet | None = None
    # The message and hint when a required list of items has none, instead of the
    # general "Feltet »…« mangler.".
    when_empty: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        if (self.kind is Kind.ITEMS) != (self.items is not None):
            raise ValueError(f"{self.name}: a list of items, and only that, declares its items")
        if self.when_empty is not None and not (self.required and self.kind is Kind.ITEMS):
            raise ValueError(f"{self.name}: only a required list of items has a when_empty")
        if not self.description.endswith(".") or (self.details and not self.details.endswith(".")):
            raise ValueError(f"{self.name}: a description is sentences, ending in a full stop")


@dataclass(frozen=True)
class FieldSet(Mapping[str, Field]):
    """The fields one mapping may hold, in the order the README lists them.

    A mapping of field name → `Field`: `key in fields`, `list(fields)` (the names)
    and `fields[key]` work as on a dict.
    """

    # What holds these fields, as the README's marker names it (`indslag`, `memoer` …).
    title: str
    fields: tuple[Field, ...]
    _by_name: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name = {declared.name: declared for declared in self.fields}
        if len(by_name) != len(self.fields):
            raise ValueError(f"{self.title}: a field is declared twice")
        object.__setattr__(self, "_by_name", by_name)

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(declared.name for declared in self.fields if declared.required)

    def allowed_hint(self) -> str:
        """'Tilladte felter: titel (kort titel), …': every field and what it is for."""
        listed = ", ".join(
            f"{declared.name} ({_first_lower(plain(declared.description).rstrip('.'))})"
            for declared in self.fields
        )
        return f"Tilladte felter: {listed}."


_QUOTED = re.compile(r"`([^`]+)`")


def plain(text: str) -> str:
    """A description as a message shows it: `x` becomes »x«."""
    return _QUOTED.sub(r"»\1«", text)


def _first_lower(text: str) -> str:
    """A description inside a sentence: 'Kort titel' → 'kort titel' (a description
    therefore begins with an ordinary word or a `quoted` name, never a proper noun)."""
    return text[:1].lower() + text[1:]
