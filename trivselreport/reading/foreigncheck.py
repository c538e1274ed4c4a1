"""The check of the words a text marks as another language (`reading.language`): every
marking whose code is not a language is an error, and a `{sprog=…}` that marks nothing
(it would be shown as typed) a warning."""

from __future__ import annotations

from pathlib import Path

from trivselreport.errors import Problem
from trivselreport.reading.files.yamlread import Mapping, Scalar, Sequence
from trivselreport.reading.language import (
    STRAY_HINT,
    STRAY_MESSAGE,
    has_stray_marking,
    marking_problem,
    may_have_stray_marking,
)
from trivselreport.reading.markdown import markdown_tokens


def language_problems(
    path: Path | None, text: str, *, first_line: int | None, field: str | None
) -> list[Problem]:
    """A problem for each faulty marking in the Markdown `text`, which starts on line
    `first_line` of `path` (None: the line is not known)."""
    if "{" not in text:
        return []  # the cheap test: nearly every text stops here
    problems: list[Problem] = []
    strays = may_have_stray_marking(text)
    for token in markdown_tokens(text):
        if token.type != "inline" or token.map is None:
            continue
        offset = token.map[0]
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                offset += 1
                continue
            line = None if first_line is None else first_line + offset
            if child.type == "foreign_open" and not child.attrs.get("lang"):
                message, hint = marking_problem(str(child.meta.get("written", "")))
                problems.append(Problem(path, message, line, field, hint))
            elif strays and child.type == "text" and has_stray_marking(child.content):
                # Shown as typed in the memo: advice, as it may be meant.
                problems.append(Problem(path, STRAY_MESSAGE, line, field, STRAY_HINT, "warning"))
    return list(dict.fromkeys(problems))


def config_language_problems(path: Path, mapping: Mapping) -> list[Problem]:
    """The markings in the sections' leads (`sektioner[N].indledning`) of the config."""
    sections = mapping.values.get("sektioner")
    if not isinstance(sections, Sequence):
        return []
    problems: list[Problem] = []
    for index, item in enumerate(sections.items, start=1):
        lead = item.values.get("indledning") if isinstance(item, Mapping) else None
        if isinstance(lead, Scalar) and not lead.is_null:
            problems += language_problems(
                path,
                lead.text,
                first_line=lead.line + 1 if lead.block else lead.line,
                field=f"sektioner[{index}].indledning",
            )
    return problems


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.level == "error"]


def warnings_only(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.level != "error"]
