"""Reading an exported list as a person reads it: the table under the title block, without its STT column
(checked to count 1, 2, 3 … as it goes), so tests index the columns the export itself defines."""

from __future__ import annotations

from lamtheobac.lib.xlsx import STT, header_row


def _numbered(ws) -> bool:
    return ws.cell(row=header_row(ws), column=1).value == STT


def header(ws) -> list:
    """The header row's values, STT left out."""
    values = [c.value for c in ws[header_row(ws)]]
    return values[1:] if _numbered(ws) else values


def rows(ws, *, cells: bool = False) -> list:
    """The rows under the header, STT left out (and asserted to number the rows from 1)."""
    found = []
    numbered = _numbered(ws)
    for n, row in enumerate(ws.iter_rows(min_row=header_row(ws) + 1), start=1):
        if numbered:
            assert row[0].value == n, f"STT of row {n} is {row[0].value!r}"
            row = row[1:]
        found.append(tuple(row) if cells else tuple(c.value for c in row))
    return found


def table(ws) -> list:
    """The header then the rows, as ``iter_rows(values_only=True)`` of a sheet with no title block."""
    return [tuple(header(ws)), *rows(ws)]


def freezes_header(ws) -> bool:
    """The header row (and everything above it) stays in view while scrolling."""
    return ws.freeze_panes is not None and ws.freeze_panes.endswith(str(header_row(ws) + 1))


def width(ws, index: int) -> float:
    """The width of the export's column ``index`` (0-based, STT not counted)."""
    from openpyxl.utils import get_column_letter

    return ws.column_dimensions[get_column_letter(index + (2 if _numbered(ws) else 1))].width
