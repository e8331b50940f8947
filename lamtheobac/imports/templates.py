"""The .xlsx templates offices fill in: the roster header, an example row, drop-down lists for the kinds,
and an instructions sheet in Vietnamese."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lamtheobac.organisation.roster import ORG_COLUMNS, PEOPLE_COLUMNS, RosterColumn

FIRST_DATA_ROW, LAST_DATA_ROW = 2, 100_001

ORG_GUIDE = [
    "Mỗi dòng là một tổ chức. Không đổi tên các cột ở dòng 1; có thể thêm dòng tiêu đề phía trên dòng này.",
    "Mã tổ chức: duy nhất trong toàn hệ thống, dùng để nhận ra tổ chức khi nhập lại (ví dụ BT-LB-CB01).",
    "Mã tổ chức cấp trên: mã của tổ chức trực thuộc; để trống nếu trực thuộc thẳng tổ chức nhận dữ liệu.",
    "Loại tổ chức: chọn trong danh sách thả xuống.",
    "Đang hoạt động: “Có” hoặc “Không”; để trống là “Có”.",
    "Nhập lại cùng một tệp không làm thay đổi gì; dòng có thay đổi sẽ cập nhật tổ chức và được ghi vào lịch sử.",
]
PEOPLE_GUIDE = [
    "Mỗi dòng là một người. Không đổi tên các cột ở dòng 1; có thể thêm dòng tiêu đề phía trên dòng này.",
    "Họ và tên: viết đầy đủ, có dấu (ví dụ Nguyễn Văn Bình).",
    "Năm sinh: ghi năm (1978) hoặc ngày sinh dạng ngày/tháng/năm (05/09/1978).",
    "Đối tượng, Giới tính: chọn trong danh sách thả xuống.",
    "Mã tổ chức: mã của chi bộ, cơ quan nơi người đó sinh hoạt, công tác (xem trong danh sách tổ chức).",
    "Một người đã có trong hệ thống được nhận ra theo số thẻ đảng viên, số căn cước, hoặc họ tên + năm sinh + "
    "tổ chức; khi nhập lại, thông tin thay đổi sẽ được cập nhật và việc chuyển sinh hoạt được ghi vào lịch sử.",
    "Số thẻ đảng viên: 8 chữ số (ví dụ 01.234567). Số căn cước công dân: 12 chữ số. Điện thoại: di động 10 chữ "
    "số, máy cố định 11 chữ số (gồm mã vùng). Nên định dạng các ô này là Văn bản (Text) để không mất số 0 ở "
    "đầu; số 0 bị mất được thêm lại và báo ở bước kiểm tra.",
    "Dòng tổng cộng, địa danh, ngày tháng và phần ký tên dưới bảng được bỏ qua; bước kiểm tra liệt kê mọi dòng, "
    "cột bị bỏ qua hoặc được hệ thống tự hiểu.",
]


def _sheet(wb: Workbook, title: str, columns: Sequence[RosterColumn], lists) -> None:
    ws = wb.active
    ws.title = title
    ws.append([c.header for c in columns])
    ws.append([c.example for c in columns])
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = column.width
        header = ws.cell(row=1, column=i)
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="F2E6C9")
        header.alignment = Alignment(wrap_text=True, vertical="top")
        if column.required:
            header.comment = Comment(_("Bắt buộc"), "Làm theo Bác")
        ws.cell(row=2, column=i).font = Font(italic=True, color="666666")
        if column.key in ("phone", "citizen_id", "party_card_number", "code", "parent_code", "org_code"):
            for row in range(FIRST_DATA_ROW, 1001):
                ws.cell(row=row, column=i).number_format = "@"  # text: keeps leading zeros
        if column.choices:
            ref = lists[column.key]
            rule = DataValidation(
                type="list", formula1=ref, allow_blank=not column.required, showErrorMessage=True
            )
            rule.error = _("Hãy chọn một giá trị trong danh sách.")
            rule.errorTitle = column.header
            ws.add_data_validation(rule)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW}")
    ws.freeze_panes = "A2"


def _lists(wb: Workbook, columns: Sequence[RosterColumn]) -> dict[str, str]:
    """The choices on a sheet of their own, so the drop-downs stay within Excel's formula length limit."""
    ws = wb.create_sheet(_("Danh mục"))
    refs = {}
    col = 0
    for column in columns:
        if not column.choices:
            continue
        col += 1
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=column.header).font = Font(bold=True)
        for r, label in enumerate(column.choices, start=2):
            ws.cell(row=r, column=col, value=label)
        ws.column_dimensions[letter].width = 34
        refs[column.key] = f"'{ws.title}'!${letter}$2:${letter}${len(column.choices) + 1}"
    return refs


def _guide(wb: Workbook, lines: list[str]) -> None:
    ws = wb.create_sheet(_("Hướng dẫn"))
    ws.column_dimensions["A"].width = 110
    ws.append([_("Hướng dẫn điền")])
    ws["A1"].font = Font(bold=True, size=13)
    for line in lines:
        ws.append([line])
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([_("Dòng 2 của trang dữ liệu là ví dụ: xóa hoặc ghi đè trước khi nhập.")])


def _build(title: str, columns: Sequence[RosterColumn], guide: list[str]) -> bytes:
    wb = Workbook()
    refs = _lists(wb, columns)
    wb.move_sheet(wb.sheetnames[-1], offset=1)
    _sheet(wb, title, columns, refs)
    _guide(wb, guide)
    wb.move_sheet(wb.sheetnames[-1], offset=-1)  # data, guide, then the lists
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def orgs_template() -> bytes:
    return _build(_("Tổ chức"), ORG_COLUMNS, ORG_GUIDE)


def people_template() -> bytes:
    return _build(_("Cá nhân"), PEOPLE_COLUMNS, PEOPLE_GUIDE)
