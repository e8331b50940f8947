"""A workbook written row by row (``write_book_streamed``: the big exports a worker writes) is the workbook
``build_workbook`` makes in memory, cell for cell: values, formats, fonts, alignments, merged title rows, row
heights, the tree's outline, widths, frozen panes, filters and the print setup."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from openpyxl import load_workbook

from lamtheobac.lib import xlsx
from lamtheobac.lib.xlsx import COUNT, SHARE, Column, Heading, Sheet

LONG = "Chi bộ thôn Nà Pài thuộc Đảng bộ xã Lục Bình, đơn vị có tên dài phải xuống dòng khi in"


def sheets() -> list[Sheet]:
    figures = [
        Column("Đơn vị", 30, wrap=True),
        Column("Đã nộp", 10, fmt=COUNT),
        Column("Tỷ lệ", 9, fmt=SHARE),
    ]
    rows = [["Đảng bộ tỉnh", 3124, 0.985], [LONG, 12, 0.5], ["=1+1", 0, None], ["Toàn tỉnh", 3136, 0.98]]
    dated = [
        Column("Họ và tên", 24),
        Column("Ngày sinh", 12),
        Column("Sửa lúc", 17),
        Column("Ghi chú", 20, wrap=True),
    ]
    people = [
        ["Nguyễn Văn An", datetime.date(1960, 5, 19), datetime.datetime(2026, 12, 8, 9, 5), "-"],
        ["Hà Thị Bình", None, None, LONG],
    ]
    return [
        Sheet(
            "Đơn vị trực thuộc",
            figures,
            rows,
            bold_last=True,
            heading=Heading("Thống kê", org="Xã", year=2026),
        ),
        Sheet(
            "Cây tổ chức",
            figures,
            rows[:3],
            indent=[0, 1, 9],
            heading=Heading("Cây", as_of=datetime.date(2026, 1, 2)),
        ),
        Sheet("Danh sách", dated, people, plain=True),
        Sheet("Trống", dated, [], heading=Heading("Không có dòng nào")),
    ]


def look(wb) -> list:
    """Everything a reader or a printer sees of a workbook, in plain values."""
    seen = []
    for ws in wb.worksheets:
        cells = [
            (
                c.coordinate,
                c.value,
                c.number_format,
                c.font.b,
                c.font.i,
                c.font.sz,
                c.fill.fgColor.rgb if c.fill.fill_type else None,
                c.alignment.horizontal,
                c.alignment.vertical,
                bool(c.alignment.wrap_text),
                c.alignment.indent,
            )
            for row in ws.iter_rows()
            for c in row
            if c.value is not None or c.has_style
        ]
        rows = {
            n: (d.height, d.outline_level)
            for n, d in ws.row_dimensions.items()
            if d.height is not None or d.outline_level
        }
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        seen.append(
            (
                ws.title,
                cells,
                sorted(str(r) for r in ws.merged_cells.ranges),
                rows,
                widths,
                ws.freeze_panes,
                ws.auto_filter.ref,
                ws.print_title_rows,
                ws.page_setup.orientation,
                ws.page_setup.paperSize,
                ws.page_setup.fitToWidth,
                ws.page_setup.fitToHeight,
                ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
                ws.sheet_properties.outlinePr.summaryBelow if ws.sheet_properties.outlinePr else None,
                ws.oddFooter.center.text,
            )
        )
    return seen


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(xlsx, "_today", lambda: datetime.date(2026, 12, 8))


def test_the_streamed_workbook_is_the_built_one_cell_for_cell(today):
    built = load_workbook(io.BytesIO(xlsx.build_workbook(sheets())))
    out = io.BytesIO()
    written = xlsx.write_book_streamed(out, sheets())
    streamed = load_workbook(io.BytesIO(out.getvalue()))
    assert written == 4 + 3 + 2 + 0
    assert look(streamed) == look(built)
    tree = streamed["Cây tổ chức"]
    # what the comparison is made of (a look that saw nothing would pass anything)
    assert tree["B5"].value == "Đảng bộ tỉnh" and tree.row_dimensions[6].outline_level == 1
    assert tree.row_dimensions[7].outline_level == xlsx.MAX_OUTLINE and tree["B7"].value == "'=1+1"
    units = streamed["Đơn vị trực thuộc"]
    assert units["B10"].font.b and not units["B9"].font.b and units["C7"].number_format == COUNT
    assert units.row_dimensions[8].height == 3 * xlsx.LINE_HEIGHT  # the long name wraps on three lines
    assert (
        streamed["Danh sách"]["B2"].number_format == "dd/mm/yyyy"
        and streamed["Danh sách"]["D2"].value == "'-"
    )


def test_progress_is_told_over_all_the_sheets_and_a_cut_short_source_is_closed(today, monkeypatch):
    told = []
    assert xlsx.write_book_streamed(io.BytesIO(), sheets(), progress=told.append, every=3) == 9
    assert told == [3, 6, 9]

    closed = []

    def rows():
        try:
            yield ["Nguyễn Văn An", None, None, ""]
            raise RuntimeError("the worker is stopped")
        finally:
            closed.append(True)

    sheet = Sheet("Danh sách", sheets()[2].columns, rows(), plain=True)
    made = []
    real = xlsx.Workbook

    def workbook(**kwargs):
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(xlsx, "Workbook", workbook)
    with pytest.raises(RuntimeError):
        xlsx.write_book_streamed(io.BytesIO(), [sheets()[0], sheet])
    assert closed == [True]
    # the half-written sheets are closed and their temporary files gone (none left to fail when collected)
    assert all(ws.closed and not os.path.exists(ws._writer.out) for ws in made[0].worksheets)
