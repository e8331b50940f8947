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
