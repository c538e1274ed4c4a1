"""Every output format behind one interface: `(memo, project) → bytes`, found by name.

A writer takes the composed memo (`memo.document.Memo`) and what it may use of
the project (`WriterProject`), and returns the file's bytes, which it has read
back and passed through the door (`memo.guard.guard_output`) first. Each writer's
module holds its heavy imports (WeasyPrint, python-docx) and is imported only
when its format is asked for; `build` asks `writer_for` for each format wanted.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

from trivselreport.memo.document import Memo
from trivselreport.reading.privacy.terms import ForbiddenTerms


@dataclass(frozen=True)
class WriterProject:
    """What a writer may use besides the memo: the project's folder (its own templates
    and stylesheets) and the project's forbidden terms, for guarding what it wrote."""

    root: Path
    forbidden: ForbiddenTerms


class MemoWriter(Protocol):
    def __call__(self, memo: Memo, project: WriterProject, /) -> bytes: ...


@dataclass(frozen=True)
class OutputFormat:
    name: str  # as --format names it, and the file's suffix
    label: str  # as the build summary names it
    module: str
    function: str

    def writer(self) -> MemoWriter:
        return cast(MemoWriter, getattr(importlib.import_module(self.module), self.function))


# In the order they are written: the quick ones first, so a refusal comes early.
OUTPUT_FORMATS: dict[str, OutputFormat] = {
    output.name: output
    for output in (
        OutputFormat(
            "html", "HTML til Word", "trivselreport.writers.html.render", "write_word_html"
        ),
        OutputFormat("pdf", "PDF", "trivselreport.writers.pdf.render", "write_pdf"),
        OutputFormat("docx", "Word (DOCX)", "trivselreport.writers.docx.writer", "write_docx"),
    )
}


def writer_for(name: str) -> MemoWriter:
    return OUTPUT_FORMATS[name].writer()
