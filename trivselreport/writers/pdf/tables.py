"""Which header cells describe which cell of an HTML table, for the PDF's table tags.

A screen reader announces a data cell together with its headers. In a tagged PDF that
takes ``/Scope`` on each ``TH`` (does it head a column or a row?), an ``/ID`` on it, and
``/Headers`` on each cell listing the IDs of the header cells above it and beside it. All
of it follows from the HTML table alone (rows, ``colspan``/``rowspan``, ``scope`` and
``headers`` attributes), whatever pages the table is later split over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_GROUPS = ("thead", "tbody", "tfoot")


@dataclass(frozen=True)
class Cell:
    """One cell of the table grid."""

    element: Any
    row: int
    column: int
    rows: int
    columns: int
    scope: str | None = None
    """For a header cell: "Column" or "Row"; None for a data cell."""
    identifier: str | None = None
    headers: tuple[str, ...] = ()

    def spans_column_of(self, other: Cell) -> bool:
        return self.column < other.column + other.columns and other.column < (
            self.column + self.columns
        )

    def spans_row_of(self, other: Cell) -> bool:
        return self.row < other.row + other.rows and other.row < self.row + self.rows


def describe_table(table: Any, prefix: str) -> list[Cell]:
    """The cells of the HTML ``table`` element, header cells with scope and ID
    (``prefix`` + row and column), every cell with the IDs of its headers."""
    grid = _grid(table)
    cells: list[Cell] = []
    by_html_id: dict[str, str] = {}
    for element, row, column, rows, columns, in_head in grid:
        if element.tag == "th":
            scope = _scope(element, in_head, column, [g for g in grid if g[1] == row])
            identifier = f"{prefix}r{row}c{column}"
            cells.append(Cell(element, row, column, rows, columns, scope, identifier))
            html_id = (element.attrib.get("id") or "").strip()
            if html_id:
                by_html_id[html_id] = identifier
        else:
            cells.append(Cell(element, row, column, rows, columns))
    header_cells = [cell for cell in cells if cell.scope is not None]
    described: list[Cell] = []
    for cell in cells:
        named = (cell.element.attrib.get("headers") or "").split()
        found = [by_html_id[name] for name in named if name in by_html_id]
        if not named:
            found = [
                header.identifier
                for header in header_cells
                if header is not cell and header.identifier is not None and _describes(header, cell)
            ]
        described.append(
            Cell(
                cell.element,
                cell.row,
                cell.column,
                cell.rows,
                cell.columns,
                cell.scope,
                cell.identifier,
                tuple(found),
            )
        )
    return described


def _describes(header: Cell, cell: Cell) -> bool:
    if header.scope == "Column":
        return header.row < cell.row and header.spans_column_of(cell)
    return header.column < cell.column and header.spans_row_of(cell)


def _grid(table: Any) -> list[tuple[Any, int, int, int, int, bool]]:
    """(cell, row, column, rows, columns, in_thead) in the order a table is read:
    head rows, body rows, foot rows."""
    groups: dict[str, list[tuple[Any, bool]]] = {name: [] for name in _GROUPS}
    for child in table:
        if child.tag in groups:
            groups[child.tag] += [(row, child.tag == "thead") for row in child if row.tag == "tr"]
        elif child.tag == "tr":
            groups["tbody"].append((child, False))
    taken: set[tuple[int, int]] = set()
    grid: list[tuple[Any, int, int, int, int, bool]] = []
    for number, (row, in_head) in enumerate(groups["thead"] + groups["tbody"] + groups["tfoot"]):
        column = 0
        for cell in row:
            if cell.tag not in ("th", "td"):
                continue
            while (number, column) in taken:
                column += 1
            rows, columns = _span(cell.attrib.get("rowspan")), _span(cell.attrib.get("colspan"))
            taken.update(
                (r, c)
                for r in range(number, number + rows)
                for c in range(column, column + columns)
            )
            grid.append((cell, number, column, rows, columns, in_head))
            column += columns
    return grid


def _span(value: str | None) -> int:
    return int(value) if value and re.fullmatch(r"\s*[1-9][0-9]{0,2}\s*", value) else 1


def _scope(
    cell: Any, in_head: bool, column: int, row: list[tuple[Any, int, int, int, int, bool]]
) -> str:
    """The explicit scope, else HTML's usual reading: a head row heads columns, a first
    header cell in a row of data heads that row."""
    scope = (cell.attrib.get("scope") or "").strip().lower()
    if scope in ("col", "colgroup"):
        return "Column"
    if scope in ("row", "rowgroup"):
        return "Row"
    if not in_head and column == 0 and any(other[0].tag == "td" for other in row):
        return "Row"
    return "Column"
