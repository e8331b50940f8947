"""Excel files people open in Excel and print: Vietnamese headers, set widths, real dates, frozen header row,
no formula injection (a cell that begins with = + - @ is written as text); above the table a title block
(the list's name, the org, the year, the filters, "Số liệu đến ngày dd/mm/yyyy"), an STT column, and a page
set up for A4 (landscape when the table is wide, fit to one page wide, the header row on every page).

Roster-format sheets (``Sheet.plain``) keep their header on row 1 and no STT: they are files to import back."""

from __future__ import annotations

import contextlib
import datetime
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 16
    wrap: bool = False
    fmt: str = ""  # number format for numeric cells: COUNT or SHARE


# A4 portrait prints about this many Excel width units at 100 %; a wider table turns the page (and is then
# fitted to one page wide either way).
PORTRAIT_WIDTH = 100
STT = "STT"
# A row holding wrapped text is given the height of its longest cell: LibreOffice prints a row at the height
# the file gives it (the default, one line) and lets the rest run over the rows below. Lines are counted
# with a little room to spare (a character of Calibri 11 is narrower than the width unit, the "0", on
# average; words are not broken), so a row may print a little taller than it needs, never shorter.
LINE_HEIGHT = 15.0  # points, one line of Calibri 11
CHARS_PER_UNIT = 1.0

COUNT = "#,##0"  # 3,124 in the file; a Vietnamese Excel shows 3.124
SHARE = "0.0%"  # 0.985 in the file; shows 98,5%


def safe(value):
    """Neutralise text that a spreadsheet would run as a formula (lazy translations become text first)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Heading:
    """The title block above a table: what the list is, whose, which year, the filters, as of which day."""

    title: str
    org: str = ""
    year: int | None = None
    filters: Sequence[str] = ()
    as_of: datetime.date | None = None  # today when not given

    def lines(self) -> list[str]:
        from lamtheobac.lib.formatting import date as date_vn

        found = [str(self.title).upper()]
        if self.org:
            found.append(str(self.org))
        if self.year:
            found.append(f"Năm {self.year}")
        if self.filters:
            found.append("Lọc: " + "; ".join(str(f) for f in self.filters))
        as_of = self.as_of or _today()
        found.append(f"Số liệu đến ngày {date_vn(as_of)}")
        return found


def heading_for(title: str, filters: object = None, *described: str) -> Heading:
    """The title block of a list exported with the filters on screen: their org and year, and ``described``
    (the other filters, already worded)."""
    org = getattr(filters, "org", None)
    return Heading(
        title,
        org=org.name if org is not None else "Các đơn vị trong phạm vi được giao",
        year=getattr(filters, "year", None),
        filters=[str(d) for d in described if d],
    )


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


@dataclass
class Sheet:
    """One sheet of a workbook; ``indent`` gives, per row, the level of the row in an org tree: its first
    cell is indented and the row grouped (Excel's outline) under its parent, so a reader who collapses the
    tree to one level sums each org once. ``plain`` keeps the roster format (header on row 1, no STT)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    indent: Sequence[int] = ()
    bold_last: bool = False  # the last row is a total
    heading: Heading | None = None  # by default the sheet's own title, as of today
    plain: bool = False


MAX_OUTLINE = 7  # Excel groups at most 7 levels deep


def _title_block(ws, sheet: Sheet, width: int) -> int:
    """Write the title block; the header row's number comes back."""
    heading = sheet.heading or Heading(sheet.title)
    lines = heading.lines()
    for n, text in enumerate(lines, start=1):
        ws.cell(row=n, column=1, value=safe(text))
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=max(width, 1))
        ws.cell(row=n, column=1).alignment = Alignment(horizontal="center")
        ws.cell(row=n, column=1).font = Font(bold=n == 1, italic=n == len(lines), size=13 if n == 1 else 11)
    return len(lines) + 2  # one empty row between the block and the table


def _page_setup(ws, columns: Sequence[Column], header_row: int) -> None:
    """A4, landscape when the table is wider than a portrait page, one page wide, the header row repeated."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = sum(c.width for c in columns) > PORTRAIT_WIDTH
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE if wide else Worksheet.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "Trang &P/&N"


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` units wide, words kept whole."""
    room = max(1, int(width * CHARS_PER_UNIT) - 1)  # the cell's own margins
    lines = 0
    for paragraph in str(text).split("\n"):
        used = 0
        lines += 1
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= room:
                used = need
                continue
            lines += (used > 0) + (len(word) - 1) // room
            used = len(word) % room or room
    return max(lines, 1)


def _fit_rows(ws, columns: Sequence[Column], top: int) -> None:
    """Each row under the header as tall as its most wrapped cell (header row included)."""
    wrapped = [(i, c.width) for i, c in enumerate(columns, start=1) if c.wrap]
    for row in ws.iter_rows(min_row=top):
        texts = [(row[i - 1].value, width) for i, width in wrapped if isinstance(row[i - 1].value, str)]
        if row[0].row == top:  # the header wraps in every column
            texts = [(c.header, c.width) for c in columns]
        lines = max((lines_needed(text, width) for text, width in texts), default=1)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * LINE_HEIGHT
            for cell in row:  # the row's short cells stand at its top, beside the start of the long text
                cell.alignment = Alignment(
                    vertical="top",
                    wrap_text=cell.alignment.wrap_text,
                    indent=cell.alignment.indent,
                    horizontal=cell.alignment.horizontal,
                )


def _fill_sheet(ws, sheet: Sheet) -> None:
    ws.title = sheet.title[:31]
    columns = list(sheet.columns)
    numbered = not sheet.plain
    if numbered:
        columns.insert(0, Column(STT, 5))
    top = 1 if sheet.plain else _title_block(ws, sheet, len(columns))
    for i, column in enumerate(columns, start=1):
        ws.cell(row=top, column=i, value=column.header)
    for cell in ws[top]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2E6C9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(sheet.rows, start=1):
        ws.append([n, *[safe(v) for v in row]] if numbered else [safe(v) for v in row])
    first = 2 if numbered else 1  # the column that holds the row's name (indented in a tree)
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
        for (cell,) in ws.iter_rows(min_row=top + 1, min_col=i, max_col=i):
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
            ws.cell(row=top + 1 + offset, column=first).alignment = Alignment(
                indent=level, wrap_text=sheet.columns[0].wrap
            )
            ws.row_dimensions[top + 1 + offset].outline_level = min(level, MAX_OUTLINE)
    if sheet.indent:
        ws.sheet_properties.outlinePr.summaryBelow = False  # a parent stands above its children
    if sheet.bold_last and ws.max_row > top:
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    _fit_rows(ws, columns, top)
    ws.freeze_panes = f"{get_column_letter(first + 1 if sheet.indent else 1)}{top + 1}"  # no cell made
    ws.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(ws.max_row, top)}"
    _page_setup(ws, columns, top)


def header_row(ws) -> int:
    """The row of a sheet's table header (below the title block), as the print titles name it."""
    titles = ws.print_title_rows or "1:1"
    return int(titles.split(":")[0].lstrip("$"))


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


def write_streamed(
    target, sheet: Sheet, *, progress: Callable[[int], None] | None = None, every: int = 1000
) -> int:
    """One sheet written row by row to ``target`` (``write_book_streamed``). Returns how many rows it wrote."""
    return write_book_streamed(target, [sheet], progress=progress, every=every)


def write_book_streamed(
    target, sheets: Sequence[Sheet], *, progress: Callable[[int], None] | None = None, every: int = 1000
) -> int:
    """The workbook ``build_workbook`` makes of ``sheets``, cell for cell (title block, STT, formats, tree
    indents and outline, row heights, print setup), written row by row to ``target`` (a path or a binary
    file) in openpyxl's write-only mode: a province's 300,000 rows never sit in memory at once.
    ``progress(rows_written)`` is called every ``every`` rows, counted over all the sheets. Returns how many
    rows it wrote."""
    wb = Workbook(write_only=True)
    written = 0
    try:
        for sheet in sheets:
            ws = wb.create_sheet(sheet.title[:31])
            rows = iter(sheet.rows)
            try:
                for _n in _stream_sheet(ws, sheet, rows):
                    written += 1
                    if progress is not None and written % every == 0:
                        progress(written)
            finally:  # cut short: the rows' database cursor is closed now, while its transaction stands
                close = getattr(rows, "close", None)
                if close is not None:
                    close()
    except BaseException:
        _discard(wb)
        raise
    wb.save(target)
    return written


def _discard(wb: Workbook) -> None:
    """Close the half-written sheets of a workbook that will not be saved and remove their temporary files
    (left open, each fails noisily when collected, and its file stays on disk)."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            if not ws.closed:
                ws.close()
        writer = getattr(ws, "_writer", None)
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.cleanup()


def _stream_sheet(ws, sheet: Sheet, rows: Iterable[Sequence]) -> Iterable[int]:
    """``_fill_sheet`` for a write-only sheet: everything written before the rows is set first, each row
    goes out whole with its styles and height; yields after each data row."""
    columns = list(sheet.columns)
    numbered = not sheet.plain
    if numbered:
        columns.insert(0, Column(STT, 5))
    width = len(columns)
    first = 2 if numbered else 1
    lines = [] if sheet.plain else (sheet.heading or Heading(sheet.title)).lines()
    top = len(lines) + 2 if lines else 1
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    _page_setup(ws, columns, top)  # the sheet's properties go out with its first row
    if sheet.indent:
        ws.sheet_properties.outlinePr.summaryBelow = False
    ws.freeze_panes = f"{get_column_letter(first + 1 if sheet.indent else 1)}{top + 1}"
    wrapped = [i for i, c in enumerate(columns) if c.wrap]
    for n, text in enumerate(lines, start=1):
        cell = WriteOnlyCell(ws, value=safe(text))
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(bold=n == 1, italic=n == len(lines), size=13 if n == 1 else 11)
        ws.merged_cells.add(f"A{n}:{get_column_letter(max(width, 1))}{n}")
        ws.append([cell])
    if lines:
        ws.append([])
    header_lines = max(lines_needed(c.header, c.width) for c in columns) if columns else 1
    _stream_row(ws, top, [_header_cell(ws, c.header) for c in columns], header_lines)
    levels = iter(sheet.indent)
    row_number = top
    pending: tuple | None = None  # with a total row, a row goes out once the next is known
    for n, row in enumerate(rows, start=1):
        values = [n, *[safe(v) for v in row]] if numbered else [safe(v) for v in row]
        level = next(levels, 0) if sheet.indent else 0
        if pending is not None:
            row_number += 1
            _stream_row(ws, row_number, *pending)
            yield row_number
        pending = _data_row(ws, columns, values, wrapped, first, level, sheet.columns[0].wrap)
        if not sheet.bold_last:  # only a total row waits to be known as the last
            row_number += 1
            _stream_row(ws, row_number, *pending)
            pending = None
            yield row_number
    if pending is not None:
        cells, height, level = pending
        if sheet.bold_last:
            for cell in cells:
                cell.font = Font(bold=True)
        row_number += 1
        _stream_row(ws, row_number, cells, height, level)
        yield row_number
    ws.auto_filter.ref = f"A{top}:{get_column_letter(width)}{row_number}"


def _header_cell(ws, header: str):
    cell = WriteOnlyCell(ws, value=header)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="F2E6C9")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _data_row(ws, columns, values, wrapped, first, level, first_wraps) -> tuple[list, int, int]:
    """A data row's cells styled as ``_fill_sheet`` styles them, its number of lines and outline level."""
    cells = []
    for i, value in enumerate(values):
        cell = WriteOnlyCell(ws, value=value)
        column = columns[i]
        if isinstance(value, datetime.datetime):
            cell.number_format = "dd/mm/yyyy hh:mm"
        elif isinstance(value, datetime.date):
            cell.number_format = "dd/mm/yyyy"
        elif column.fmt and isinstance(value, int | float):
            cell.number_format = column.fmt
        if column.wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    if level and len(cells) >= first:
        cells[first - 1].alignment = Alignment(indent=level, wrap_text=first_wraps)
    texts = [(values[i], columns[i].width) for i in wrapped if i < len(values) and isinstance(values[i], str)]
    height = max((lines_needed(text, w) for text, w in texts), default=1)
    return cells, height, level


def _stream_row(ws, number: int, cells: list, height: int, level: int = 0) -> None:
    if height > 1:
        for cell in cells:
            cell.alignment = Alignment(
                vertical="top",
                wrap_text=cell.alignment.wrap_text,
                indent=cell.alignment.indent,
                horizontal=cell.alignment.horizontal,
            )
    if height > 1 or level:
        dimension = ws.row_dimensions[number]
        if height > 1:
            dimension.height = height * LINE_HEIGHT
        if level:
            dimension.outline_level = min(level, MAX_OUTLINE)
    ws.append(cells)
    ws.row_dimensions.pop(number, None)  # written: nothing of it stays in memory


def build(
    title: str, columns: Sequence[Column], rows: Iterable[Sequence], heading: Heading | None = None
) -> bytes:
    """One sheet with a bold, frozen header row; dates as real dates shown dd/mm/yyyy. With a ``heading`` it
    is a list to print (title block, STT); without, a bare table with its header on row 1, as an import
    template must stay."""
    return build_workbook([Sheet(title, columns, rows, heading=heading, plain=heading is None)])


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
