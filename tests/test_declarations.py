"""Every field is declared once, and what users see of a field comes from that declaration.

The declarations (reading/declarations.py) say each field's name, kind, whether it is
required and what it is for. These tests hold the readers, the messages and the README
to them: an unknown key is refused and its hint lists the declared fields with their
descriptions; a declared required field that is missing is reported; every declared
field is really read (a value of the wrong shape is refused, naming the field); the
README's field tables are the ones the declarations make.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from trivselreport.commands.authoring import EntryDraft, entry_yaml
from trivselreport.commands.newentry import require_complete
from trivselreport.errors import Problem, UserError
from trivselreport.reading import config as config_module
from trivselreport.reading import entries
from trivselreport.reading.config import CONFIG_FILE, config_from_mapping, load_config
from trivselreport.reading.configmodel import DEFAULT_UPCOMING_MONTHS
from trivselreport.reading.entries import entry_from_mapping
from trivselreport.reading.fields import declarations
from trivselreport.reading.fields.declarations import (
    ALL_FIELD_SETS,
    CONFIG_FIELDS,
    ENTRY_FIELDS,
    MEMO_FIELDS,
    PICTURE_FIELDS,
    SECTION_FIELDS,
)
from trivselreport.reading.fields.reader import FieldReader
from trivselreport.reading.fields.spec import Field, FieldSet, Kind, plain
from trivselreport.reading.fields.tables import field_table, main, with_field_tables
from trivselreport.reading.files.yamlread import read_mapping
from trivselreport.reading.pictures import fault as picturefault
from trivselreport.reading.pictures import field as pictures

from .conftest import REPO_ROOT, SMALL_CONFIG, write_entry
from .hidden_data import png

README = REPO_ROOT / "README.md"

# --- documents with one set of fields each, read the way the tool reads them ----------------

Document = dict[str, Any]

MINIMAL_ENTRY: Document = {
    "titel": "Forældremøde om trivsel",
    "type": "møde",
    "dato": "2024-04-15",
    "tekst": "Vi holdt et godt møde.",
}
MINIMAL_PICTURE: Document = {"fil": "foto.png", "alt": "Forældre i skolens aula"}
MINIMAL_CONFIG: Document = {
    "organisation": "Testkommune",
    "titel": "Status {måned} {år}",
    "temaer": ["Tilhør"],
    "typer": ["møde"],
    "sektioner": [{"overskrift": "Møder", "typer": ["møde"]}],
}
MINIMAL_MEMO: Document = {"periode": "2024-04"}


def as_yaml(document: Document) -> str:
    """One line per top-level key, each value in YAML's flow style (which JSON is)."""
    return "".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in document.items()
    )


@dataclass(frozen=True)
class Harness:
    """Where one set of fields stands in a file, and how the tool reads that file."""

    fields: FieldSet
    minimal: Document
    prefix: str
    # (project folder, the set's own document) → every problem reading it gives
    read: Callable[[Path, Document], list[Problem]]


def problems_of(action: Callable[[], object]) -> list[Problem]:
    try:
        action()
    except UserError as error:
        return error.problems
    return []


def read_entry(project: Path, entry: Document) -> list[Problem]:
    (project / CONFIG_FILE).write_text(SMALL_CONFIG, encoding="utf-8")
    (project / "entries").mkdir(exist_ok=True)
    (project / "entries" / "foto.png").write_bytes(png())
    path = write_entry(project, "indslag.yaml", as_yaml(entry))
    return problems_of(lambda: entry_from_mapping(path, read_mapping(path), load_config(project)))


def read_picture(project: Path, picture: Document) -> list[Problem]:
    return read_entry(project, {**MINIMAL_ENTRY, "billeder": [picture]})


def read_config(project: Path, document: Document) -> list[Problem]:
    (project / CONFIG_FILE).write_text(as_yaml(document), encoding="utf-8")
    return problems_of(lambda: load_config(project))


def read_section(project: Path, section: Document) -> list[Problem]:
    return read_config(project, {**MINIMAL_CONFIG, "sektioner": [section]})


def read_memo(project: Path, memo: Document) -> list[Problem]:
    return read_config(project, {**MINIMAL_CONFIG, "memoer": [memo]})


HARNESSES = {
    "indslag": Harness(ENTRY_FIELDS, MINIMAL_ENTRY, "", read_entry),
    "billeder": Harness(PICTURE_FIELDS, MINIMAL_PICTURE, "billeder[1].", read_picture),
    "trivselreport.yaml": Harness(CONFIG_FIELDS, MINIMAL_CONFIG, "", read_config),
    "sektioner": Harness(
        SECTION_FIELDS, MINIMAL_CONFIG["sektioner"][0], "sektioner[1].", read_section
    ),
    "memoer": Harness(MEMO_FIELDS, MINIMAL_MEMO, "memoer[1].", read_memo),
}
EVERY_FIELD = [
    pytest.param(title, name, id=f"{title}:{name}")
    for title, harness in HARNESSES.items()
    for name in harness.fields
]
REQUIRED_FIELDS = [
    pytest.param(title, name, id=f"{title}:{name}")
    for title, harness in HARNESSES.items()
    for name in harness.fields.required
]


def about(problems: list[Problem], field: str) -> list[Problem]:
    return [problem for problem in problems if problem.field == field]


def test_every_declared_set_of_fields_is_tried_here() -> None:
    assert {fields.title for fields in ALL_FIELD_SETS} == set(HARNESSES)


@pytest.mark.parametrize("title", list(HARNESSES))
def test_the_minimal_documents_are_valid(tmp_path: Path, title: str) -> None:
    harness = HARNESSES[title]
    assert harness.read(tmp_path, copy.deepcopy(harness.minimal)) == []


# --- required fields -------------------------------------------------------------------------


def test_the_required_fields_are_the_documented_ones() -> None:
    assert ENTRY_FIELDS.required == ("titel", "type", "dato", "tekst")
    assert PICTURE_FIELDS.required == ("fil", "alt")
    assert CONFIG_FIELDS.required == ("organisation", "titel", "temaer", "typer", "sektioner")
    assert SECTION_FIELDS.required == ("overskrift",)
    assert MEMO_FIELDS.required == ("periode",)


@pytest.mark.parametrize(("title", "name"), REQUIRED_FIELDS)
def test_a_missing_required_field_is_reported_by_its_name(
    tmp_path: Path, title: str, name: str
) -> None:
    harness = HARNESSES[title]
    document = {key: value for key, value in harness.minimal.items() if key != name}
    reported = about(harness.read(tmp_path, document), harness.prefix + name)
    declared = harness.fields[name]
    expected = declared.when_empty[0] if declared.when_empty else f"Feltet »{name}« mangler."
    assert [problem.message for problem in reported] == [expected]


@pytest.mark.parametrize(("title", "name"), EVERY_FIELD)
def test_an_optional_field_may_be_left_out_and_an_empty_required_one_is_reported(
    tmp_path: Path, title: str, name: str
) -> None:
    harness = HARNESSES[title]
    declared = harness.fields[name]
    document = {**copy.deepcopy(harness.minimal), name: None}
    reported = about(harness.read(tmp_path, document), harness.prefix + name)
    messages = [problem.message for problem in reported]
    if not declared.required:
        assert messages == []
    elif declared.when_empty:
        assert messages == [declared.when_empty[0]]
    else:
        # (an empty `typer` is also told that the list is empty)
        assert messages[0] == f"Feltet »{name}« er tomt."


# --- every declared field is read, as its kind ---------------------------------------------


@pytest.mark.parametrize(("title", "name"), EVERY_FIELD)
def test_every_declared_field_is_read_and_refuses_a_value_of_the_wrong_shape(
    tmp_path: Path, title: str, name: str
) -> None:
    """A collection of fields where the field wants a text, a list or a number: a field the
    readers left unread would let it through."""
    harness = HARNESSES[title]
    document = {**copy.deepcopy(harness.minimal), name: {"a": 1}}
    reported = about(harness.read(tmp_path, document), harness.prefix + name)
    assert reported, f"{title}: »{name}« was not read"
    assert any("skal være" in problem.message for problem in reported)


def small_fields() -> FieldSet:
    return FieldSet(
        "prøve",
        (
            Field("navn", Kind.TEXT, "Et navn.", required=True),
            Field("dato", Kind.DATE, "En dato."),
            Field("tekst", Kind.MARKDOWN, "En tekst."),
        ),
    )


def reader_of(tmp_path: Path, text: str) -> FieldReader:
    path = tmp_path / "prøve.yaml"
    path.write_text(text, encoding="utf-8")
    return FieldReader(path, read_mapping(path), small_fields())


def test_reading_a_field_that_is_not_declared_is_a_mistake_in_the_code(tmp_path: Path) -> None:
    reader = reader_of(tmp_path, "navn: x\n")
    with pytest.raises(LookupError, match="'farve' is not declared in the fields of prøve"):
        reader.text("farve")


def test_reading_a_field_as_another_kind_than_declared_is_a_mistake_in_the_code(
    tmp_path: Path,
) -> None:
    reader = reader_of(tmp_path, "navn: x\ndato: 2024-04-15\n")
    with pytest.raises(TypeError, match="'dato' is declared as DATE"):
        reader.text("dato")
    with pytest.raises(TypeError, match="'navn' is declared as TEXT"):
        reader.yes_no("navn", default=False)


def test_the_kind_decides_how_a_text_is_read(tmp_path: Path) -> None:
    reader = reader_of(tmp_path, "navn: |\n  to\n  linjer\ntekst: |\n  to\n  linjer\n")
    assert reader.text("navn") == "to linjer"  # one line: its lines joined
    assert reader.text("tekst") == "to\nlinjer"  # Markdown keeps its lines


def test_the_declaration_decides_whether_a_field_is_required(tmp_path: Path) -> None:
    reader = reader_of(tmp_path, "tekst: x\n")
    assert reader.text("navn") is None
    assert reader.date("dato") is None
    assert [problem.message for problem in reader.problems] == ["Feltet »navn« mangler."]


# --- the hint of an unknown key -------------------------------------------------------------


def test_an_unknown_pictures_field_lists_the_allowed_ones_and_what_they_are_for(
    tmp_path: Path,
) -> None:
    problems = read_picture(tmp_path, {**MINIMAL_PICTURE, "xyzzy": "1"})
    (problem,) = about(problems, "billeder[1].xyzzy")
    assert problem.message == "Ukendt felt »xyzzy«."
    assert problem.hint == (
        "Tilladte felter: fil (billedfilen), alt (kort beskrivelse af billedet for den, der "
        "ikke kan se det), tekst (billedtekst under billedet)."
    )


@pytest.mark.parametrize("title", list(HARNESSES))
def test_every_unknown_key_far_from_the_known_ones_lists_each_field_with_its_description(
    tmp_path: Path, title: str
) -> None:
    harness = HARNESSES[title]
    problems = harness.read(tmp_path, {**copy.deepcopy(harness.minimal), "xyzzy": "1"})
    (problem,) = about(problems, harness.prefix + "xyzzy")
    assert problem.hint is not None
    assert problem.hint.startswith("Tilladte felter: ")
    assert "`" not in problem.hint  # quoted as every message quotes: »…«
    position = 0
    for declared in harness.fields.fields:
        described = plain(declared.description).rstrip(".")
        shown = f"{declared.name} ({described[:1].lower()}{described[1:]})"
        assert shown in problem.hint
        assert problem.hint.index(shown) > position  # in the declared order
        position = problem.hint.index(shown)


def test_an_unknown_key_close_to_a_known_one_still_suggests_that_one(tmp_path: Path) -> None:
    problems = read_memo(tmp_path, {**MINIMAL_MEMO, "perode": "2024-05"})
    (problem,) = about(problems, "memoer[1].perode")
    assert problem.hint == "Mente du »periode«?"


# --- the declarations themselves --------------------------------------------------------------


def test_the_older_names_of_the_declarations_still_work() -> None:
    assert entries.ENTRY_SCHEMA is ENTRY_FIELDS
    assert pictures.PICTURE_SCHEMA is PICTURE_FIELDS
    assert config_module.CONFIG_SCHEMA is CONFIG_FIELDS
    assert config_module.SECTION_SCHEMA is SECTION_FIELDS
    assert config_module.MEMO_SCHEMA is MEMO_FIELDS
    assert list(ENTRY_FIELDS)[:3] == ["titel", "type", "dato"]
    assert "tekst" in ENTRY_FIELDS and "xyzzy" not in ENTRY_FIELDS


def test_each_list_of_items_declares_the_fields_of_its_items() -> None:
    assert ENTRY_FIELDS["billeder"].items is PICTURE_FIELDS
    assert CONFIG_FIELDS["sektioner"].items is SECTION_FIELDS
    assert CONFIG_FIELDS["memoer"].items is MEMO_FIELDS


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Field("x", Kind.ITEMS, "Punkter."), "declares its items"),
        (lambda: Field("x", Kind.TEXT, "Tekst.", items=PICTURE_FIELDS), "declares its items"),
        (lambda: Field("x", Kind.TEXT, "Uden punktum"), "full stop"),
        (lambda: Field("x", Kind.TEXT, "Tekst.", "Uden punktum"), "full stop"),
        (
            lambda: Field("x", Kind.ITEMS, "P.", items=PICTURE_FIELDS, when_empty=("a", "b")),
            "required list",
        ),
        (
            lambda: FieldSet("s", (Field("x", Kind.TEXT, "A."), Field("x", Kind.DATE, "B."))),
            "declared twice",
        ),
    ],
)
def test_a_declaration_that_cannot_be_right_is_refused(
    make: Callable[[], object], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        make()


def test_the_numbers_in_the_descriptions_are_the_readers_own() -> None:
    assert f"Højst {pictures.MAX_ALT_LENGTH} tegn." in PICTURE_FIELDS["alt"].details
    assert f"højst {pictures.MAX_PICTURE_BYTES // 2**20} MiB" in PICTURE_FIELDS["fil"].details
    assert f"{picturefault.MAX_PIXELS // 10**6} megapixel" in PICTURE_FIELDS["fil"].details
    upcoming = CONFIG_FIELDS["kommende_måneder"].details
    assert f"standard {DEFAULT_UPCOMING_MONTHS}" in upcoming
    assert f"højst {config_module.MAX_UPCOMING_MONTHS}" in upcoming


def test_every_top_level_key_of_the_example_config_is_declared() -> None:
    mapping = read_mapping(REPO_ROOT / CONFIG_FILE)
    assert set(mapping.values) <= set(CONFIG_FIELDS)
    config_from_mapping(REPO_ROOT / CONFIG_FILE, mapping)  # and it reads without a problem


# --- the README's tables ---------------------------------------------------------------------


def test_the_readme_field_tables_agree_with_the_declarations() -> None:
    text = README.read_text(encoding="utf-8")
    assert with_field_tables(text) == text, (
        "Run: python -m trivselreport.reading.fields.tables README.md"
    )


def changed(fields: FieldSet, field_name: str, **changes: Any) -> FieldSet:
    return replace(
        fields,
        fields=tuple(
            replace(declared, **changes) if declared.name == field_name else declared
            for declared in fields.fields
        ),
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"description": "Et andet formål."},
        {"details": "Noget andet."},
        {"required": True},
        {"kind": Kind.MARKDOWN},
        {"name": "overskrift"},
    ],
    ids=["description", "details", "required", "kind", "name"],
)
def test_a_changed_declaration_makes_the_readme_disagree(changes: dict[str, Any]) -> None:
    text = README.read_text(encoding="utf-8")
    sets = tuple(
        changed(fields, "ansvarlig", **changes) if fields is ENTRY_FIELDS else fields
        for fields in ALL_FIELD_SETS
    )
    assert with_field_tables(text, sets) != text


def test_a_new_field_makes_the_readme_disagree() -> None:
    text = README.read_text(encoding="utf-8")
    grown = replace(
        MEMO_FIELDS, fields=(*MEMO_FIELDS.fields, Field("farve", Kind.TEXT, "En farve."))
    )
    sets = tuple(grown if fields is MEMO_FIELDS else fields for fields in ALL_FIELD_SETS)
    assert "`farve`" in with_field_tables(text, sets)


def test_a_table_has_one_row_per_field_saying_whether_it_is_required_and_its_kind() -> None:
    fields = FieldSet(
        "prøve",
        (
            Field("navn", Kind.TEXT, "Et navn.", "Med | i.", required=True),
            Field("punkter", Kind.ITEMS, "Punkter.", items=PICTURE_FIELDS),
        ),
    )
    assert field_table(fields) == (
        "| felt | påkrævet | værdi | indhold |\n"
        "| --- | --- | --- | --- |\n"
        "| `navn` | ja | tekst | Et navn. Med \\| i. |\n"
        "| `punkter` | nej | liste af punkter med egne felter | Punkter. Hvert punkt har "
        "felterne `fil`, `alt` og `tekst`. |\n"
    )


def marked(*titles: str) -> str:
    return "".join(
        f"før\n<!-- felter: {title} -->\ngammelt\n<!-- /felter -->\n" for title in titles
    )


def test_the_tables_stand_between_their_markers_and_the_rest_is_untouched() -> None:
    text = "Indslag:\n\n" + marked("prøve") + "Slut.\n"
    result = with_field_tables(text, (small_fields(),))
    assert result == (
        "Indslag:\n\nfør\n<!-- felter: prøve -->\n"
        + field_table(small_fields())
        + "<!-- /felter -->\nSlut.\n"
    )
    assert with_field_tables(result, (small_fields(),)) == result


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (marked("prøve", "ukendt"), "'ukendt', which is not declared"),
        ("Ingen tabeller.\n", "no table for prøve"),
        (marked("prøve", "prøve"), "twice"),
    ],
    ids=["unknown marker", "missing table", "table twice"],
)
def test_the_readme_shows_each_declared_set_exactly_once(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        with_field_tables(text, (small_fields(),))


def test_the_script_rewrites_stale_tables_and_leaves_agreeing_ones_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    text = README.read_text(encoding="utf-8")
    stale = text.replace("| `ansvarlig` | nej |", "| `ansvarlig` | ja |")
    assert stale != text
    readme.write_text(stale, encoding="utf-8")
    assert main([str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == text
    assert "updated" in capsys.readouterr().out
    assert main([str(readme)]) == 0
    assert "already agree" in capsys.readouterr().out


def test_the_script_runs_as_a_module(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README.read_text(encoding="utf-8"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "trivselreport.reading.fields.tables", str(readme)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "already agree" in result.stdout


def test_declarations_module_names_no_reader() -> None:
    """The declarations are data: they import nothing of the reading code but fieldspec."""
    source = Path(declarations.__file__).read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports == [
        "from __future__ import annotations",
        "from trivselreport.reading.fields.spec import Field, FieldSet, Kind",
    ]


# --- the other places that name entry fields agree with the declarations ---------------------


def test_new_writes_declared_fields_in_the_declared_order() -> None:
    draft = EntryDraft(
        type="møde",
        title="Forældremøde",
        start=date(2024, 4, 15),
        end=date(2024, 4, 16),
        themes=["Tilhør"],
        responsible="PPR",
        participants=12,
        internal=True,
        unfinished=True,
        text="Et møde.",
    )
    keys = [line.split(":")[0] for line in entry_yaml(draft).splitlines() if line[:1].isalpha()]
    assert keys == [name for name in ENTRY_FIELDS if name in keys]
    assert set(ENTRY_FIELDS) - set(keys) == {"sektion", "billeder"}  # `new` does not ask for them


# `new`'s options by the field each one fills (`--tekst-fil` fills `tekst` too).
OPTION_FIELDS = {"--type": "type", "--titel": "titel", "--dato": "dato", "--tekst": "tekst"}


def test_new_without_questions_requires_exactly_the_declared_required_fields() -> None:
    with pytest.raises(UserError) as info:
        require_complete(EntryDraft())
    options = [problem.field or "" for problem in info.value.problems]
    named = {OPTION_FIELDS[option.split()[0]] for option in options}
    assert named == set(ENTRY_FIELDS.required)
