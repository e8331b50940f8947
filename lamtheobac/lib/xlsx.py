"""Excel files people open in Excel: Vietnamese headers, set widths, real dates, frozen header row, and no
formula injection (a cell that begins with = + - @ is written as text)."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    wrap: bool = False
    fmt: str = ""  # number format for numeric cells: COUNT or SHARE


COUNT = "#,##0"  # 3,124 in the file; a Vietnamese Excel shows 3.124
SHARE = "0.0%"  # 0.985 in the file; shows 98,5%


def safe(value):
    """Neutralise text that a spreadsheet would run as a formula (lazy translations become text first)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


@dataclass
class Sheet:
    """One sheet of a workbook; ``indent`` gives, per row, the indent level of its first cell (an org tree)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    indent: Sequence[int] = ()
    bold_last: bool = False  # the last row is a total


def _fill_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    ws.append([c.header for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2E6C9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.rows:
        ws.append([safe(v) for v in row])
    for i, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            elif column.fmt and isinstance(cell.value, int | float):
                cell.number_format = column.fmt
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, level in enumerate(sheet.indent):
        if level:
            ws.cell(row=offset + 2, column=1).alignment = Alignment(
                indent=level, wrap_text=sheet.columns[0].wrap
            )
    if sheet.bold_last and ws.max_row > 1:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    ws.freeze_panes = "B2" if sheet.indent else "A2"
    ws.auto_filter.ref = ws.dimensions


def build_workbook(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of several sheets, each with a bold frozen header row; dates shown dd/mm/yyyy, whole
    numbers in the format their column names (COUNT, SHARE)."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the one sheet a new workbook opens with
    for sheet in sheets:
        _fill_sheet(wb.create_sheet(), sheet)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def build(title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """One sheet with a bold, frozen header row; dates as real dates shown dd/mm/yyyy."""
    return build_workbook([Sheet(title, columns, rows)])


def file_name(*parts: str, suffix: str = ".xlsx") -> str:
    """``to-chuc-hu-bt.xlsx``: ASCII, lower case, no diacritics, so every browser keeps the name."""
    from lamtheobac.lib.text import fold

    words = [re.sub(r"[^a-z0-9]+", "-", fold(p)).strip("-")[:80] for p in parts if p]
    return "-".join(w for w in words if w) + suffix


def response(content: bytes, filename: str) -> HttpResponse:
    """A workbook as a download; ``filename`` already ASCII (``file_name``)."""
    found = HttpResponse(content, content_type=CONTENT_TYPE)
    found["Content-Disposition"] = f'attachment; filename="{filename}"'
    return found
