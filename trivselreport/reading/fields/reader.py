"""Read typed fields out of a parsed YAML mapping, collecting Danish problems.

The fields a mapping may hold are declared once, as a `FieldSet` (see
`spec` and `declarations`). A FieldReader checks the mapping against it
(unknown keys get a "mente du …?" suggestion, or the list of allowed fields with
what each is for) and offers one typed getter per kind of value. A getter takes
from the declaration whether the field is required and how it is read, and
refuses a field that is not declared, or declared as another kind: that is a
mistake in the code, not in the file. Getters never raise for what a file
holds: they record the problem and return None, so one run reports every
problem of a file together. The rules and messages of the values themselves
(dates, numbers, yes/no, configured names) live in `values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from trivselreport.errors import Problem, UserError, closest
from trivselreport.reading.fields import values
from trivselreport.reading.fields.spec import Field, FieldSet, Kind
from trivselreport.reading.fields.values import NameKind, ValueProblem

# The value rules' older import path; they live in `values`.
from trivselreport.reading.fields.values import month_end as month_end
from trivselreport.reading.fields.values import parse_date as parse_date
from trivselreport.reading.fields.values import parse_month as parse_month
from trivselreport.reading.fields.values import parse_yes_no as parse_yes_no
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence, Value, describe

# Characters no published text may hold: C0 controls but tab and line breaks, DEL, C1
# controls (NEL included), lone surrogates and the two non-characters XML refuses. They
# cannot be typed into a YAML file, but escapes such as "\x07", "\0" or "\e" produce them,
# and the PDF's metadata and the DOCX's XML would be invalid with them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Characters that change how text is shown without being seen: direction overrides
# and isolates (which can make a title read backwards) are removed from every text,
# zero-width characters from one-line fields such as titles.
T = TypeVar("T")
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def control_character(text: str) -> tuple[int, str] | None:
    """The position and U+ name of the first character no published text may hold.

    Tabs and line breaks are allowed (in one-line fields they become spaces).
    """
    found = _CONTROL.search(text)
    if found is None:
        return None
    return found.start(), f"U+{ord(found.group()):04X}"


def control_character_message(key: str, code: str) -> tuple[str, str]:
    """Message and hint for a control character in the field `key`."""
    return (
        f"Feltet »{key}« indeholder et usynligt styretegn ({code}), som ikke kan stå i notatet.",
        'Slet tegnet. Det kommer typisk fra en kode med \\ i anførselstegn, fx "\\x07", '
        '"\\0" eller "\\e"; skriv teksten uden den.',
    )


class FieldReader:
    """Typed access to one mapping's fields, with every problem collected."""

    def __init__(
        self,
        path: Path,
        mapping: Mapping,
        fields: FieldSet,
        *,
        prefix: str = "",
    ) -> None:
        self.path = path
        self.mapping = mapping
        self.fields = fields
        self.prefix = prefix
        self.problems: list[Problem] = []
        self.misspelt: set[str] = set()  # fields an unknown key most likely meant
        for key, line in mapping.key_lines.items():
            if key not in fields:
                guess = closest(key, list(fields))
                if guess is not None and guess not in mapping.values:
                    self.misspelt.add(guess)
                hint = f"Mente du »{guess}«?" if guess else fields.allowed_hint()
                self.problems.append(
                    Problem(path, f"Ukendt felt »{key}«.", line, self._name(key), hint)
                )

    def _name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _declared(self, key: str, *kinds: Kind) -> Field:
        """The declaration of `key`, which the getter for `kinds` is reading."""
        declared = self.fields.get(key)
        if declared is None:
            raise LookupError(f"{key!r} is not declared in the fields of {self.fields.title}")
        if declared.kind not in kinds:
            raise TypeError(f"{key!r} is declared as {declared.kind.name}, not read as one")
        return declared

    def line_of(self, key: str) -> int:
        return self.mapping.key_lines.get(key, self.mapping.line)

    def add(self, key: str | None, message: str, hint: str | None = None) -> None:
        line = self.line_of(key) if key else self.mapping.line
        name = self._name(key) if key else (self.prefix.rstrip(".") or None)
        self.problems.append(Problem(self.path, message, line, name, hint))

    def _value(self, key: str, required: bool) -> Value | None:
        value = self.mapping.values.get(key)
        if value is None or (isinstance(value, Scalar) and value.is_null and not value.text):
            if key in self.misspelt:
                pass  # already reported as the misspelt key that meant it
            elif required and key not in self.mapping.values:
                self.add(key, f"Feltet »{key}« mangler.", f"Tilføj en linje »{key}: …«.")
            elif required:
                self.add(key, f"Feltet »{key}« er tomt.", f"Skriv en værdi efter »{key}:«.")
            return None
        return value

    def _scalar(self, key: str, value: Value, what: str) -> Scalar | None:
        if isinstance(value, Scalar):
            return value
        self.add(
            key,
            f"»{key}« skal være {what}, men er {describe(value)}.",
            f"Skriv værdien på samme linje efter »{key}:«; en længere tekst skrives "
            f"som »{key}: |« efterfulgt af linjer rykket ind med to mellemrum.",
        )
        return None

    def text(self, key: str) -> str | None:
        """A text on one line (spaces joined), or, for Markdown, with its lines."""
        declared = self._declared(key, Kind.TEXT, Kind.FILE, Kind.MARKDOWN)
        return self._text(key, declared.required, multiline=declared.kind is Kind.MARKDOWN)

    def _text(self, key: str, required: bool, *, multiline: bool = False) -> str | None:
        value = self._value(key, required)
        if value is None:
            return None
        scalar = self._scalar(key, value, "en tekst")
        if scalar is None:
            return None
        if (found := control_character(scalar.text)) is not None:
            self.add(key, *control_character_message(self._name(key), found[1]))
            return None
        text = scalar.text.strip()
        if not multiline:
            text = " ".join(_INVISIBLE.sub("", text).split())
        elif _DIRECTION_CONTROLS.search(text):
            text = _DIRECTION_CONTROLS.sub("", text)
        if not text:
            if required:
                self.add(key, f"Feltet »{key}« er tomt.", f"Skriv en tekst efter »{key}:«.")
            return None
        return text

    def name(self, key: str, names: tuple[str, ...], kind: NameKind) -> str | None:
        """One of the names configured in trivselreport.yaml (types, themes, sections)."""
        text = self._text(key, self._declared(key, Kind.NAME).required)
        return None if text is None else self._checked(key, values.choose_name, text, names, kind)

    def _checked(self, key: str, rule: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """The value `rule` makes of the arguments, or None with its problem recorded."""
        try:
            return rule(*args, **kwargs)
        except ValueProblem as refused:
            self.add(key, refused.message, refused.hint)
            return None

    def date(self, key: str) -> date | None:
        text = self._text(key, self._declared(key, Kind.DATE).required)
        return None if text is None else self._checked(key, values.parse_date, text)

    def month(self, key: str) -> str | None:
        """A month as ÅÅÅÅ-MM, however it was typed (`2024-4` → `2024-04`)."""
        text = self._text(key, self._declared(key, Kind.MONTH).required)
        month = None if text is None else self._checked(key, values.parse_month, text)
        return None if month is None else f"{month[0]:04d}-{month[1]:02d}"

    def whole_number(
        self, key: str, *, minimum: int = 0, maximum: int | None = None, hint: str | None = None
    ) -> int | None:
        text = self._text(key, self._declared(key, Kind.WHOLE_NUMBER).required)
        if text is None:
            return None
        return self._checked(
            key, values.whole_number, text, key, minimum=minimum, maximum=maximum, hint=hint
        )

    def yes_no(self, key: str, *, default: bool) -> bool:
        text = self._text(key, self._declared(key, Kind.YES_NO).required)
        answer = None if text is None else self._checked(key, values.yes_no, text, key)
        return default if answer is None else answer

    def text_list(self, key: str) -> list[tuple[str, int]] | None:
        """A list of texts with their lines; a single text counts as a list of one."""
        value = self._value(key, self._declared(key, Kind.TEXTS, Kind.NAMES).required)
        if value is None:
            return None
        if isinstance(value, Scalar):
            items: list[Value] = [value]
        elif isinstance(value, Sequence):
            items = value.items
        else:
            self.add(
                key,
                f"»{key}« skal være en liste, men er {describe(value)}.",
                "Skriv hvert punkt på sin egen linje med »- « foran.",
            )
            return None
        result: list[tuple[str, int]] = []
        for item in items:
            if not isinstance(item, Scalar) or not item.text.strip():
                self.problems.append(
                    Problem(
                        self.path,
                        f"Hvert punkt i »{key}« skal være en kort tekst.",
                        item.line,
                        self._name(key),
                        'Sæt et punkt, der indeholder kolon, i anførselstegn, fx ["Tema: del"].',
                    )
                )
                continue
            if (found := control_character(item.text)) is not None:
                message, hint = control_character_message(self._name(key), found[1])
                self.problems.append(Problem(self.path, message, item.line, self._name(key), hint))
                continue
            result.append((" ".join(item.text.split()), item.line))
        return result

    def item_readers(self, key: str) -> list[FieldReader]:
        """A reader for each item of a list of items, checking it against the fields
        declared for its items (a problem names it as »key[2].field«)."""
        declared = self._declared(key, Kind.ITEMS)
        assert declared.items is not None  # a list of items declares its items
        items = self._items(key)
        if not items and declared.required:
            message, hint = declared.when_empty or (
                f"Feltet »{key}« mangler.",
                f"Tilføj »{key}:« med mindst ét punkt »- …«.",
            )
            self.add(key, message, hint)
        return [
            FieldReader(self.path, item, declared.items, prefix=f"{self._name(key)}[{index}].")
            for index, item in enumerate(items, start=1)
        ]

    def _items(self, key: str) -> list[Mapping]:
        value = self._value(key, required=False)
        if value is None:
            return []
        if not isinstance(value, Sequence):
            self.add(key, f"»{key}« skal være en liste, men er {describe(value)}.")
            return []
        result: list[Mapping] = []
        for item in value.items:
            if isinstance(item, Mapping):
                result.append(item)
            else:
                self.problems.append(
                    Problem(
                        self.path,
                        f"Hvert punkt i »{key}« skal være en samling af felter, men er "
                        f"{describe(item)}.",
                        item.line,
                        self._name(key),
                    )
                )
        return result

    def raise_if_problems(self) -> None:
        if self.problems:
            raise UserError(self.problems)
