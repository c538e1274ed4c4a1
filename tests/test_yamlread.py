"""Reading one YAML file: encodings, syntax mistakes and safety, all as Danish problems.

The reader turns a file into a small tree of Scalar/Sequence/Mapping values that
remember their line numbers. Everything a person can get wrong becomes a
UserError carrying Problems (file, line, message, hint); nothing is executed and
scalars stay exactly the text that was typed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from trivselreport.errors import Problem, UserError
from trivselreport.reading.files.textfile import MAX_FILE_BYTES, read_text
from trivselreport.reading.files.yamlread import (
    MAX_DEPTH,
    MAX_NODES,
    Mapping,
    Scalar,
    Sequence,
    parse_mapping,
    read_mapping,
)

# --- helpers -----------------------------------------------------------------------------


def write(tmp_path: Path, content: str | bytes, name: str = "indslag.yaml") -> Path:
    """Write `content` as a file in tmp_path: text as UTF-8 (no newline translation)."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def load(tmp_path: Path, content: str | bytes) -> Mapping:
    return read_mapping(write(tmp_path, content))


def problems_of(tmp_path: Path, content: str | bytes) -> list[Problem]:
    path = write(tmp_path, content)
    with pytest.raises(UserError) as info:
        read_mapping(path)
    for problem in info.value.problems:
        assert problem.file == path
    return info.value.problems


def only_problem(tmp_path: Path, content: str | bytes) -> Problem:
    problems = problems_of(tmp_path, content)
    assert len(problems) == 1, problems
    return problems[0]


def scalar(mapping: Mapping, key: str) -> Scalar:
    value = mapping.values[key]
    assert isinstance(value, Scalar), value
    return value


def sequence(mapping: Mapping, key: str) -> Sequence:
    value = mapping.values[key]
    assert isinstance(value, Sequence), value
    return value


# --- what a well-formed file turns into --------------------------------------------------


def test_a_plain_file_becomes_a_mapping_that_remembers_every_line(tmp_path: Path) -> None:
    mapping = load(
        tmp_path,
        "titel: Forældremøde\ntype: møde\ntemaer:\n  - Tilhør\n  - Tempo og pauser\n",
    )
    assert mapping.line == 1
    assert list(mapping.values) == ["titel", "type", "temaer"]
    assert mapping.key_lines == {"titel": 1, "type": 2, "temaer": 3}
    assert scalar(mapping, "titel") == Scalar("Forældremøde", 1)
    themes = sequence(mapping, "temaer")
    assert [(item.text, item.line) for item in themes.items if isinstance(item, Scalar)] == [
        ("Tilhør", 4),
        ("Tempo og pauser", 5),
    ]


def test_an_empty_value_is_a_null_scalar_with_empty_text(tmp_path: Path) -> None:
    mapping = load(tmp_path, "titel:\nansvarlig: ~\n")
    assert scalar(mapping, "titel") == Scalar("", 1, is_null=True)
    assert scalar(mapping, "ansvarlig") == Scalar("", 2, is_null=True)


def test_utf8_with_byte_order_mark_loads(tmp_path: Path) -> None:
    mapping = load(tmp_path, "\ufefftitel: Møde om trivsel\n".encode())
    assert list(mapping.values) == ["titel"]
    assert scalar(mapping, "titel").text == "Møde om trivsel"


def test_windows_crlf_line_endings_load_with_right_lines(tmp_path: Path) -> None:
    mapping = load(tmp_path, b"titel: M\xc3\xb8de\r\ntype: m\xc3\xb8de\r\ntekst: |\r\n  Hej\r\n")
    assert scalar(mapping, "titel").text == "Møde"
    assert scalar(mapping, "type") == Scalar("møde", 2)
    assert scalar(mapping, "tekst").text == "Hej\n"


def test_read_text_normalises_crlf_and_lone_cr_to_newlines(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: 2\rc: 3\n")
    assert read_text(path) == "a: 1\nb: 2\nc: 3\n"


def test_leading_document_marker_is_fine(tmp_path: Path) -> None:
    mapping = load(tmp_path, "---\ntitel: Møde\n")
    assert scalar(mapping, "titel") == Scalar("Møde", 2)


# --- encodings and non-text files --------------------------------------------------------


def test_windows_1252_file_names_utf8_and_windows_1252_and_the_line(tmp_path: Path) -> None:
    content = "type: kursus\ntitel: Møde om trivsel\n".encode("cp1252")
    problem = only_problem(tmp_path, content)
    assert problem.line == 2
    assert "UTF-8" in problem.message
    assert problem.hint is not None
    assert "Windows-1252" in problem.hint
    assert "UTF-8" in problem.hint


def test_undecodable_bytes_that_are_not_windows_1252_get_a_general_utf8_hint(
    tmp_path: Path,
) -> None:
    # 0x81 and 0x8d are not characters in Windows-1252 either.
    problem = only_problem(tmp_path, b"titel: ok\ntype: ok\ntekst: \x81\x8d\n")
    assert problem.line == 3
    assert "UTF-8" in problem.message
    assert problem.hint is not None
    assert "UTF-8" in problem.hint
    assert "Windows-1252" not in problem.hint


def test_binary_file_with_nul_bytes_is_refused_as_not_text(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, b"PK\x03\x04\x00\x00titel: x\n")
    assert "ikke en tekstfil" in problem.message
    assert "binære" in problem.message
    assert problem.hint is not None
    assert "Word" in problem.hint


def test_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, b"titel: " + b"a" * MAX_FILE_BYTES + b"\n")
    assert "for stor" in problem.message
    assert f"{MAX_FILE_BYTES // 1024} KiB" in problem.message
    assert problem.hint is not None


def test_file_exactly_at_the_size_limit_is_still_read(tmp_path: Path) -> None:
    body = b"titel: "
    content = body + b"a" * (MAX_FILE_BYTES - len(body) - 1) + b"\n"
    assert len(content) == MAX_FILE_BYTES
    assert len(scalar(load(tmp_path, content), "titel").text) == MAX_FILE_BYTES - len(body) - 1


def test_a_folder_is_not_a_file_to_read(tmp_path: Path) -> None:
    folder = tmp_path / "mappe.yaml"
    folder.mkdir()
    with pytest.raises(UserError) as info:
        read_mapping(folder)
    assert "ikke en almindelig fil" in info.value.problems[0].message


def test_a_symlink_is_not_followed(tmp_path: Path) -> None:
    target = write(tmp_path, "titel: x\n", name="rigtig.yaml")
    link = tmp_path / "genvej.yaml"
    link.symlink_to(target)
    with pytest.raises(UserError) as info:
        read_mapping(link)
    assert "ikke en almindelig fil" in info.value.problems[0].message


def test_a_missing_file_is_a_user_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        read_mapping(tmp_path / "findes-ikke.yaml")


# --- not a mapping -----------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n", "# kun en kommentar\n"])
def test_empty_file_says_it_is_empty(tmp_path: Path, content: str) -> None:
    problem = only_problem(tmp_path, content)
    assert "tom" in problem.message
    assert problem.hint is not None
    assert "titel" in problem.hint


def test_a_list_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "- titel\n- type\n")
    assert "nøgle: værdi" in problem.message
    assert "en liste" in problem.message
    assert problem.line == 1


def test_a_bare_sentence_is_not_a_mapping(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "\nVi holdt et godt møde med forældrene.\n")
    assert "nøgle: værdi" in problem.message
    assert "en tekst" in problem.message
    assert problem.line == 2
    assert problem.hint is not None
    assert "titel: " in problem.hint


# --- syntax mistakes ---------------------------------------------------------------------


def test_tab_indentation_mentions_the_tab_character_and_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Møde\ntemaer:\n\t- Tilhør\n")
    assert "tabulator" in problem.message
    assert problem.line == 3
    assert problem.hint is not None
    assert "mellemrum" in problem.hint


def test_colon_in_a_plain_value_suggests_quotation_marks(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "type: møde\ntitel: Møde: status\n")
    assert problem.line == 2
    assert "kolon" in problem.message
    assert problem.hint is not None
    assert "anførselstegn" in problem.hint


def test_colon_in_a_quoted_value_is_fine(tmp_path: Path) -> None:
    assert scalar(load(tmp_path, 'titel: "Møde: status"\n'), "titel").text == "Møde: status"


def test_unclosed_flow_list_is_explained(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Møde\ntemaer: [a, b\n")
    assert "liste" in problem.message
    assert "ikke lukket" in problem.message
    assert problem.hint is not None
    assert "]" in problem.hint


def test_unclosed_flow_list_names_the_line_where_the_list_starts(tmp_path: Path) -> None:
    assert only_problem(tmp_path, "titel: Møde\ntemaer: [a, b\n").line == 2
    assert only_problem(tmp_path, "titel: Møde\ntemaer: [a, b\ntype: møde\n").line == 2


def test_unclosed_quote_names_the_line_where_the_quote_starts(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, 'titel: Møde\ntekst: "Vi mødtes\n\n  og talte sammen\ntype: møde\n'
    )
    assert "anførselstegn" in problem.message
    assert "ikke lukket" in problem.message
    assert problem.line == 2


def test_unclosed_flow_mapping_is_explained(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "type: møde\ntitel: {Møde\n")
    assert "krøllet parentes" in problem.message
    assert problem.line == 2


def test_several_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Første\n---\ntitel: Andet\n")
    assert "flere dokumenter" in problem.message
    assert "---" in problem.message
    assert problem.line == 2
    assert problem.hint is not None
    assert "ny fil" in problem.hint


def test_duplicate_key_names_the_second_line_and_mentions_the_first(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Første\ntype: møde\ntitel: Anden\n")
    assert problem.line == 3
    assert problem.field == "titel"
    assert "to gange" in problem.message
    assert "linje 1" in problem.message


def test_duplicate_key_inside_a_nested_mapping_is_caught_too(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path,
        "sektioner:\n  - overskrift: A\n    typer: [a]\n    overskrift: B\n",
    )
    assert problem.line == 4
    assert problem.field == "overskrift"
    assert "linje 2" in problem.message


def test_a_list_as_a_key_is_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "? [titel, type]\n: Møde\n")
    assert "feltnavn" in problem.message.lower()
    assert problem.line == 1


def test_an_alias_to_a_missing_anchor_is_explained(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: *navn\n")
    assert "henvisning" in problem.message


# --- safety ------------------------------------------------------------------------------


def test_python_tags_are_refused_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "kørt"
    problem = only_problem(tmp_path, f'titel: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert "python/object/apply:os.system" in problem.message
    assert "ikke tilladt" in problem.message
    assert problem.line == 1
    assert not marker.exists()


def test_the_python_tag_from_the_brief_is_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, '!!python/object/apply:os.system ["echo hi"]\n')
    assert "ikke tilladt" in problem.message


def test_custom_local_tags_are_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Møde\ndato: !dato 2024-04-15\n")
    assert "ikke tilladt" in problem.message
    assert problem.line == 2


def test_standard_tags_are_allowed_and_keep_the_text(tmp_path: Path) -> None:
    mapping = load(tmp_path, "titel: !!str 2024\ndeltagere: !!int 12\n")
    assert scalar(mapping, "titel").text == "2024"
    assert scalar(mapping, "deltagere").text == "12"


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    problem = only_problem(tmp_path, billion_laughs(9))
    elapsed = time.perf_counter() - started
    assert elapsed < 5
    assert "for meget" in problem.message
    assert str(MAX_NODES) in problem.message
    assert problem.hint is not None
    assert "&" in problem.hint


def test_a_few_harmless_aliases_are_allowed(tmp_path: Path) -> None:
    mapping = load(tmp_path, "a: &navn Møde\nb: *navn\n")
    assert scalar(mapping, "b").text == "Møde"


def test_a_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "titel: Møde\ntemaer: &a [Tilhør, *a]\n")
    assert "peger på sig selv" in problem.message
    assert problem.line == 2
    assert problem.hint is not None
    assert "&" in problem.hint


def test_a_self_referencing_mapping_is_refused(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, "a: &a\n  b: *a\n")
    assert "peger på sig selv" in problem.message


def nested_lists(depth: int) -> str:
    return "a: " + "[" * depth + "x" + "]" * depth + "\n"


def test_nesting_deeper_than_the_limit_is_refused_naming_the_limit(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, nested_lists(MAX_DEPTH + 1))
    assert f"mere end {MAX_DEPTH} niveauer" in problem.message
    assert problem.line == 1


@pytest.mark.parametrize("depth", [600, 5000])
def test_very_deep_nesting_is_a_user_error_not_a_crash(tmp_path: Path, depth: int) -> None:
    problems_of(tmp_path, nested_lists(depth))


def test_nesting_just_inside_the_limit_is_allowed(tmp_path: Path) -> None:
    # The top-level mapping is one level, so MAX_DEPTH - 1 lists fit inside it.
    value = load(tmp_path, nested_lists(MAX_DEPTH - 1)).values["a"]
    for _ in range(MAX_DEPTH - 1):
        assert isinstance(value, Sequence)
        (value,) = value.items
    assert value == Scalar("x", 1)


# --- YAML 1.1 surprises stay text --------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["no", "yes", "off", "12:30", "2024", "0777", "0x1F", "1e3", ".inf", "2024-04-15", "1_000"],
)
def test_scalars_stay_exactly_the_text_typed(tmp_path: Path, typed: str) -> None:
    assert scalar(load(tmp_path, f"titel: {typed}\n"), "titel") == Scalar(typed, 1)


def test_flow_list_item_ending_in_question_mark_is_one_theme(tmp_path: Path) -> None:
    mapping = load(tmp_path, "temaer: [Hvordan forstår vi sundhed i et trivselsperspektiv?]\n")
    themes = sequence(mapping, "temaer")
    assert themes.items == [Scalar("Hvordan forstår vi sundhed i et trivselsperspektiv?", 1)]


def test_parse_mapping_takes_text_directly(tmp_path: Path) -> None:
    mapping = parse_mapping(tmp_path / "x.yaml", "titel: Møde\n")
    assert scalar(mapping, "titel").text == "Møde"
