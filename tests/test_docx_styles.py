"""The DOCX writer looks each style up once per document, and writes what python-docx
writes when every paragraph, run and table is given its style by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from docx.styles.styles import Styles as DocxStyles

from trivselreport.commands.prepare import prepare_memo
from trivselreport.memo.period import PeriodChoice
from trivselreport.writers.docx import styles as memo_styles
from trivselreport.writers.docx.writer import build_docx

from .conftest import write_entry

RICH = """\
titel: "Indslag {number}"
type: {kind}
dato: 2024-04-{day:02d}
temaer: ["Tilhør"]
deltagere: {number}
tekst: |
  Et afsnit med et [link](https://example.dk/{number}) og **et [fedt link](https://example.dk/f)**.

  ## En overskrift i teksten

  ### En dybere overskrift

  - Et punkt
    - Et punkt under det
      1. Et nummereret punkt

      Et afsnit mere i punktet.
  - Et punkt til

  3. Tre
  4. Fire

  | Navn | Antal |
  | :--- | ---: |
  | Skolen | 12 |
"""
KINDS = ("program", "arrangement", "kursus", "møde")


def rich_project(project: Path, entries: int) -> Path:
    for number in range(entries):
        text = RICH.format(number=number, kind=KINDS[number % 4], day=1 + number % 28)
        write_entry(project, f"indslag-{number}.yaml", text)
    return project


def docx_of(project: Path) -> bytes:
    return build_docx(prepare_memo(project, PeriodChoice(month="2024-04")).memo)


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[tuple[str, ...]]]:
    """Every walk python-docx makes over the styles: by name, and for the default."""
    seen: Counter[tuple[str, ...]] = Counter()
    real_get, real_default = DocxStyles.__getitem__, DocxStyles.default
    real_id: Callable[..., Any] = DocxStyles.get_style_id

    def get_item(self: DocxStyles, key: str) -> Any:
        seen["name", key] += 1
        return real_get(self, key)

    def default(self: DocxStyles, style_type: Any) -> Any:
        seen["default", str(style_type)] += 1
        return real_default(self, style_type)

    def get_style_id(self: DocxStyles, style: Any, style_type: Any) -> Any:
        seen["id", str(style), str(style_type)] += 1
        return real_id(self, style, style_type)

    monkeypatch.setattr(DocxStyles, "__getitem__", get_item)
    monkeypatch.setattr(DocxStyles, "default", default)
    monkeypatch.setattr(DocxStyles, "get_style_id", get_style_id)
    yield seen


def test_each_style_is_looked_up_at_most_once_per_document(
    small_project: Path, lookups: Counter[tuple[str, ...]]
) -> None:
    docx_of(rich_project(small_project, 12))
    # (python-docx's add_table sets no style first: an id of None, found without a walk)
    resolved = {key: n for key, n in lookups.items() if key[0] == "id" and key[1] != "None"}
    names = {key[1] for key in resolved}
    assert {"Heading 1", "Heading 2", "Heading 3", "Heading 4", "Hyperlink"} <= names
    assert {"List Bullet", "List Bullet 2", "List Number 3", "List Continue 2"} <= names
    assert {"Table Grid", "List Number"} <= names
    assert set(resolved.values()) == {1}


def test_the_style_lookups_do_not_grow_with_the_memo(
    tmp_path: Path, small_project: Path, lookups: Counter[tuple[str, ...]]
) -> None:
    bigger = tmp_path / "større"
    bigger.mkdir()
    (bigger / "trivselreport.yaml").write_bytes((small_project / "trivselreport.yaml").read_bytes())

    def walks() -> Counter[tuple[str, ...]]:
        return Counter({key: n for key, n in lookups.items() if key[0] != "id"})

    docx_of(rich_project(small_project, 4))
    few = walks()
    lookups.clear()
    docx_of(rich_project(bigger, 40))
    assert walks() == few
    assert sum(few.values()) < 40


def test_the_document_is_what_styles_given_by_name_give(
    small_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rich_project(small_project, 8)
    resolved_once = docx_of(small_project)

    def paragraph(self: memo_styles.Styles, name: str | None = None, text: str = "") -> Any:
        return self._document.add_paragraph(text, name)

    def run(self: memo_styles.Styles, paragraph: Any, text: str, name: str | None) -> Any:
        return paragraph.add_run(text, name)

    def table(self: memo_styles.Styles, table: Any, name: str) -> None:
        table.style = self._document.styles[name]

    monkeypatch.setattr(memo_styles.Styles, "paragraph", paragraph)
    monkeypatch.setattr(memo_styles.Styles, "run", run)
    monkeypatch.setattr(memo_styles.Styles, "table", table)
    assert docx_of(small_project) == resolved_once


def test_a_style_the_document_lacks_is_an_error_as_in_python_docx(small_project: Path) -> None:
    from docx import Document

    styles = memo_styles.Styles(Document())
    with pytest.raises(KeyError):
        styles.paragraph("Ingen sådan typografi")
    assert styles.paragraph("Normal")._p.pPr is not None  # the default: no id, as python-docx
    assert styles.paragraph("Normal")._p.style is None
