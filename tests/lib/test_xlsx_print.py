"""The shared workbook builder: title block, STT, print setup, outline levels, and the plain roster sheets."""

from __future__ import annotations

import datetime
import io

from openpyxl import load_workbook

from lamtheobac.lib import xlsx
from tests import sheets

NARROW = [xlsx.Column("Tên", 30), xlsx.Column("Số", 10)]
WIDE = [xlsx.Column("Tên", 60), xlsx.Column("Ghi chú", 60)]


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_a_list_has_its_title_block_then_a_numbered_table():
    heading = xlsx.Heading("Danh sách thử", org="Đảng bộ xã Lục Bình", year=2026, filters=["Trạng thái: Đã duyệt"],
                           as_of=datetime.date(2026, 5, 15))  # fmt: skip
    ws = _open(xlsx.build("Thử", NARROW, [["A", 1], ["B", 2]], heading)).active
    top = xlsx.header_row(ws)
    assert [ws.cell(row=n, column=1).value for n in range(1, top - 1)] == [
        "DANH SÁCH THỬ", "Đảng bộ xã Lục Bình", "Năm 2026", "Lọc: Trạng thái: Đã duyệt",
        "Số liệu đến ngày 15/05/2026",
    ]  # fmt: skip
    assert [c.value for c in ws[top]] == ["STT", "Tên", "Số"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=top + 1)] == [[1, "A", 1], [2, "B", 2]]


def test_a_narrow_table_prints_portrait_and_a_wide_one_landscape():
    heading = xlsx.Heading("Thử")
    narrow = _open(xlsx.build("Thử", NARROW, [["A", 1]], heading)).active
    wide = _open(xlsx.build("Thử", WIDE, [["A", "b"]], heading)).active
    assert narrow.page_setup.orientation == "portrait" and wide.page_setup.orientation == "landscape"
    for ws in (narrow, wide):
        assert int(ws.page_setup.paperSize) == 9  # A4 and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows == f"${xlsx.header_row(ws)}:${xlsx.header_row(ws)}"


def test_a_tree_sheet_groups_each_org_under_its_parent():
    rows = [["Huyện", 10], ["Xã A", 6], ["Chi bộ 1", 4], ["Xã B", 4]]
    sheet = xlsx.Sheet("Cây", NARROW, rows, indent=[0, 1, 2, 1])
    ws = _open(xlsx.build_workbook([sheet])).active
    top = xlsx.header_row(ws)
    levels = [ws.row_dimensions[top + 1 + i].outline_level for i in range(4)]
    assert levels == [0, 1, 2, 1]
    assert ws.sheet_properties.outlinePr.summaryBelow is False  # the parent row heads its group
    # collapsed to the communes, the visible rows sum to the district's figure once
    assert sum(r[1] for r, level in zip(rows, levels, strict=True) if level == 1) == rows[0][1]


def test_a_roster_sheet_stays_plain_for_import_and_still_prints():
    ws = _open(xlsx.build_workbook([xlsx.Sheet("Cá nhân", NARROW, [["A", 1]], plain=True)])).active
    assert [c.value for c in ws[1]] == ["Tên", "Số"] and xlsx.header_row(ws) == 1
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert sheets.rows(ws) == [("A", 1)]


def test_a_template_built_without_a_heading_keeps_its_header_on_row_one():
    ws = _open(xlsx.build("Mẫu", NARROW, [["A", 1]])).active
    assert ws["A1"].value == "Tên"


def test_a_row_of_wrapped_text_is_as_tall_as_its_longest_cell_and_a_short_row_keeps_its_line():
    """LibreOffice prints a row at the height the file gives it: wrapped text in a default-height row runs
    over the rows below on paper."""
    columns = [xlsx.Column("Việc làm", 20, wrap=True), xlsx.Column("Số", 10)]
    action = " ".join(["Tham gia đầy đủ các buổi sinh hoạt chi bộ hằng tháng"] * 5)  # 264 characters
    ws = _open(xlsx.build("Thử", columns, [[action, 1], ["Đọc 2 cuốn sách", 2]], xlsx.Heading("Thử"))).active
    top = xlsx.header_row(ws)
    tall, short = ws.row_dimensions[top + 1].height, ws.row_dimensions[top + 2].height
    # 264 characters in a 20-unit column: at least 264 / 20 lines, each 15 pt
    assert tall is not None and tall >= 15 * (len(action) / 20)
    assert short is None or short <= 15
    assert xlsx.lines_needed("một hai ba", 20) == 1
    assert xlsx.lines_needed("một\nhai", 20) == 2
    assert xlsx.lines_needed("x" * 45, 20) == 3  # a word longer than the column is broken by the cell alone
