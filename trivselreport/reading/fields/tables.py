"""The README's field tables, made from the declarations.

Each table stands between two marker comments naming its set of fields:

    <!-- felter: indslag -->
    | felt | påkrævet | værdi | indhold |
    …
    <!-- /felter -->

`python -m trivselreport.reading.fields.tables README.md` rewrites the tables in
place after a declaration changed; `tests/test_declarations.py` fails while the
README's tables are not the ones the declarations make. Every declared set of
fields has its table, and every table a declared set.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from trivselreport.reading.fields.declarations import ALL_FIELD_SETS
from trivselreport.reading.fields.spec import Field, FieldSet

_TABLE = re.compile(
    r"(?P<start><!-- felter: (?P<title>[^>]*?) -->\n)(?P<table>.*?)(?P<end><!-- /felter -->)",
    re.DOTALL,
)
_HEADER = "| felt | påkrævet | værdi | indhold |\n| --- | --- | --- | --- |\n"


def field_table(fields: FieldSet) -> str:
    """The Markdown table of one set of fields, one row per field in declared order."""
    return _HEADER + "".join(_row(declared) for declared in fields.fields)


def _row(declared: Field) -> str:
    text = [declared.description]
    if declared.items is not None:
        text.append(f"Hvert punkt har felterne {_names(declared.items)}.")
    if declared.details:
        text.append(declared.details)
    cells = (
        f"`{declared.name}`",
        "ja" if declared.required else "nej",
        declared.kind.value,
        " ".join(text),
    )
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |\n"


def _names(fields: FieldSet) -> str:
    quoted = [f"`{name}`" for name in fields]
    return ", ".join(quoted[:-1]) + " og " + quoted[-1] if len(quoted) > 1 else quoted[0]


def with_field_tables(text: str, field_sets: tuple[FieldSet, ...] = ALL_FIELD_SETS) -> str:
    """`text` with each marked table replaced by the one its declarations make.

    A marker naming no declared set, a set without a marker, or a set marked
    twice is a ValueError: the README must show each declared set exactly once.
    """
    by_title = {fields.title: fields for fields in field_sets}
    seen: list[str] = []

    def table(match: re.Match[str]) -> str:
        title = match["title"]
        if title not in by_title:
            raise ValueError(f"the README marks a table for {title!r}, which is not declared")
        seen.append(title)
        return match["start"] + field_table(by_title[title]) + match["end"]

    result = _TABLE.sub(table, text)
    missing = [title for title in by_title if title not in seen]
    if missing:
        raise ValueError(f"the README has no table for {', '.join(missing)}")
    if len(seen) != len(set(seen)):
        raise ValueError("the README shows a table twice")
    return result


def main(argv: list[str]) -> int:
    """Rewrite the field tables of the file named in `argv` (README.md by default)."""
    path = Path(argv[0] if argv else "README.md")
    text = path.read_text(encoding="utf-8")
    updated = with_field_tables(text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
        print(f"{path}: field tables updated")
    else:
        print(f"{path}: field tables already agree with the declarations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
