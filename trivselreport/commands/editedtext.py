"""The text an edit in a form writes: the entry's text with only the changed keys replaced.

A key the form shows is replaced only when its meaning changed (`2024-4-5` and
`2024-04-05` are the same date, `intern: nej` and no `intern` the same answer), so
an unchanged field keeps its lines as written, comments beside it included. A key
left empty is removed, a new one goes after the shown key before it. Every other
line stays: comments, the pictures (`billeder`), keys the form does not show. An
entry written in braces (one flow mapping) has no lines to keep: its shown keys are
written anew and its other keys as YAML writes them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from trivselreport.commands.authoring import EntryDraft, entry_key_texts
from trivselreport.commands.formentry import FORM_KEYS
from trivselreport.reading.fields.values import ValueProblem, parse_date, parse_yes_no, whole_number
from trivselreport.reading.files.yamlread import Scalar, Sequence, parse_mapping

YES_NO_KEYS = ("intern", "kladde")  # the form's checkboxes


def _meaning(key: str, value: object) -> object:
    """What a key's value means, so that an unchanged field keeps its lines as written."""
    if value is None or (isinstance(value, Scalar) and value.is_null):
        return False if key in YES_NO_KEYS else None
    if isinstance(value, Sequence):
        texts = [item.text for item in value.items if isinstance(item, Scalar)]
        return (
            tuple(" ".join(text.split()) for text in texts)
            if len(texts) == len(value.items)
            else value
        )
    if not isinstance(value, Scalar):
        return value
    if key == "tekst":
        return value.text.strip()
    text = " ".join(value.text.split())
    try:
        if key in ("dato", "slutdato"):
            return parse_date(text)
        if key == "deltagere":
            return whole_number(text, key)
    except ValueProblem:
        return text
    if key in YES_NO_KEYS:
        answer = parse_yes_no(text)
        return text if answer is None else answer
    return (text,) if key == "temaer" else text


def _value_of(snippet: str, key: str) -> object:
    return parse_mapping(Path("-"), snippet).values.get(key)


def _top_node(text: str) -> yaml.MappingNode:
    node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert isinstance(node, yaml.MappingNode)  # parse_mapping has read it as one
    return node


def _spans(text: str) -> list[tuple[str, int, int]] | None:
    """Each top-level key with the lines its key and value fill (end exclusive), or None
    when the keys do not stand on lines of their own (a mapping written in braces)."""
    node = _top_node(text)
    if node.flow_style:
        return None
    spans: list[tuple[str, int, int]] = []
    previous_end = 0
    for key_node, value_node in node.value:
        start = key_node.start_mark.line
        end_mark = value_node.end_mark
        end = end_mark.line if end_mark.column == 0 else end_mark.line + 1
        if key_node.start_mark.column != 0 or start < previous_end:
            return None
        spans.append((str(key_node.value), start, max(end, start + 1)))
        previous_end = max(end, start + 1)
    return spans


def edited_text(original: str, draft: EntryDraft) -> str:
    """The entry's new text: each shown key whose meaning changed is replaced, removed or
    added (after the shown key before it); every other line stays as it was."""
    new = entry_key_texts(draft)
    mapping = parse_mapping(Path("-"), original)
    spans = _spans(original)
    lines = original.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if spans is None:  # braces: the shown keys anew, the others as YAML writes them
        kept = [
            yaml.serialize(yaml.MappingNode("tag:yaml.org,2002:map", [pair]), allow_unicode=True)
            for pair in _top_node(original).value
            if str(pair[0].value) not in FORM_KEYS
        ]
        return "".join([*new.values(), *kept])
    replaced: dict[int, list[str]] = {}  # first line of a span → its new lines
    dropped: set[int] = set()
    for key, start, end in spans:
        if key not in FORM_KEYS:
            continue
        wanted = new.get(key)
        if _meaning(key, mapping.values.get(key)) == _meaning(
            key, _value_of(wanted, key) if wanted else None
        ):
            continue
        blank_tail = 0
        while end - blank_tail - 1 > start and not lines[end - blank_tail - 1].strip():
            blank_tail += 1
        replaced[start] = ([wanted] if wanted else []) + ["\n"] * blank_tail
        dropped.update(range(start + 1, end))
    present = {key for key, _, _ in spans}
    after: dict[int, list[str]] = {}  # last line of a span → keys added after it
    before_first: list[str] = []
    for index, key in enumerate(FORM_KEYS):
        if key in present or key not in new:
            continue
        earlier = [k for k in FORM_KEYS[:index] if k in present]
        if earlier:
            end = next(e for k, _, e in spans if k == earlier[-1])
            after.setdefault(end - 1, []).append(new[key])
        else:
            before_first.append(new[key])
    result: list[str] = []
    first_key_line = spans[0][1] if spans else len(lines)
    for number, line in enumerate(lines):
        if number == first_key_line:
            result.extend(before_first)
        if number in replaced:
            result.extend(replaced[number])
        elif number not in dropped:
            result.append(line)
        result.extend(after.get(number, []))
    if first_key_line >= len(lines):
        result.extend(before_first)
    return "".join(result)
