"""Header cells and the cells they describe, worked out from the HTML table."""

from __future__ import annotations

from xml.etree import ElementTree

from trivselreport.writers.pdf.tables import Cell, describe_table


def cells_of(html: str) -> dict[str, Cell]:
    """Cells by their text, from a table written as XML."""
    return {
        (cell.element.text or "").strip(): cell
        for cell in describe_table(ElementTree.fromstring(html), "t1")
    }


def test_a_head_row_heads_the_columns_below_it() -> None:
    cells = cells_of("""<table><thead><tr><th scope="col">Tema</th><th>Antal</th></tr></thead>
        <tbody><tr><td>Tilhør</td><td>6</td></tr><tr><td>Pauser</td><td>3</td></tr></tbody>
        </table>""")
    assert (cells["Tema"].scope, cells["Antal"].scope) == ("Column", "Column")
    assert (cells["Tema"].identifier, cells["Antal"].identifier) == ("t1r0c0", "t1r0c1")
    assert cells["Tilhør"].headers == ("t1r0c0",) and cells["Pauser"].headers == ("t1r0c0",)
    assert cells["6"].headers == ("t1r0c1",) and cells["3"].headers == ("t1r0c1",)
    assert cells["6"].scope is None and cells["6"].identifier is None


def test_a_first_header_cell_in_a_row_of_data_heads_that_row() -> None:
    cells = cells_of("""<table><tr><td></td><th>2023</th><th>2024</th></tr>
        <tr><th>Kurser</th><td>4</td><td>5</td></tr>
        <tr><th scope="row">Møder</th><td>7</td><td>8</td></tr></table>""")
    assert cells["2023"].scope == "Column"
    assert cells["Kurser"].scope == "Row" and cells["Møder"].scope == "Row"
    assert cells["5"].headers == ("t1r0c2", "t1r1c0")
    assert cells["7"].headers == ("t1r0c1", "t1r2c0")
    assert cells["Kurser"].headers == ()  # nothing stands above its empty corner


def test_spanning_cells_shift_the_grid_and_head_every_column_they_span() -> None:
    cells = cells_of("""<table><thead><tr><th rowspan="2">Tema</th><th colspan="2">Deltagere</th>
        </tr><tr><th>Børn</th><th>Voksne</th></tr></thead>
        <tbody><tr><td>Tilhør</td><td>10</td><td>4</td></tr></tbody></table>""")
    assert (cells["Børn"].row, cells["Børn"].column) == (1, 1)
    assert (cells["Voksne"].row, cells["Voksne"].column) == (1, 2)
    assert cells["10"].headers == ("t1r0c1", "t1r1c1")
    assert cells["4"].headers == ("t1r0c1", "t1r1c2")
    assert cells["Tilhør"].headers == ("t1r0c0",)


def test_explicit_headers_attributes_win_and_a_foot_is_read_last() -> None:
    cells = cells_of("""<table><tfoot><tr><td>I alt</td><td headers="a">9</td></tr></tfoot>
        <thead><tr><th id="a">Tema</th><th id="b">Antal</th></tr></thead>
        <tbody><tr><td headers="a b">Tilhør</td><td>8</td></tr></tbody></table>""")
    assert cells["Tilhør"].headers == ("t1r0c0", "t1r0c1")
    assert cells["8"].headers == ("t1r0c1",)
    assert cells["9"].headers == ("t1r0c0",)  # as written, though it stands under Antal
    assert (cells["I alt"].row, cells["I alt"].headers) == (2, ("t1r0c0",))


def test_nonsense_spans_count_as_one() -> None:
    cells = cells_of("""<table><tr><th colspan="0">A</th><th colspan="x">B</th>
        <th rowspan="-3">C</th></tr></table>""")
    assert [(c.column, c.columns, c.rows) for c in cells.values()] == [
        (0, 1, 1),
        (1, 1, 1),
        (2, 1, 1),
    ]
