"""Reading a roster: headers as offices write them, rows typed in Unicode inside a legacy-encoded file,
and what sits under the table (totals, place and date, signatures) skipped and said."""

from __future__ import annotations

import io

import pytest

from lamtheobac.imports import reader
from lamtheobac.imports.services import people
from lamtheobac.lib import legacy

from .files import csv, in_legacy, xlsx

pytestmark = pytest.mark.django_db

MEMBER = "Đảng viên chính thức"


def notes_of(result) -> list[tuple[int, str, str]]:
    return [(n.row, n.column, n.message) for n in result.notes]


def test_header_variants_are_recognised_and_each_read_is_said(cast):
    header = ["Họ và tên", "Giới tính (Nam/Nữ)", "Đối tượng", "Mã tổ chức", "Số ĐT", "Số thẻ ĐV", "Số CCCD"]
    rows = [["Hà Thị Lan", "Nữ", MEMBER, cast.cell_a1.code, "0912345678", "01234567", "079123456789"]]
    result = people.plan(io.BytesIO(xlsx(header, rows)), "x.xlsx", cast.district_a)
    assert result.ok and len(result.adds) == 1
    data = result.adds[0].data
    assert (data["gender"], data["phone"], data["party_card_number"], data["citizen_id"]) == (
        "female", "0912345678", "01234567", "079123456789"
    )  # fmt: skip
    read_as = reader.NOTE_COLUMN_READ_AS
    assert notes_of(result) == [
        (1, "Giới tính (Nam/Nữ)", read_as % {"header": "Giới tính (Nam/Nữ)", "column": "Giới tính"}),
        (1, "Số ĐT", read_as % {"header": "Số ĐT", "column": "Điện thoại"}),
        (1, "Số thẻ ĐV", read_as % {"header": "Số thẻ ĐV", "column": "Số thẻ đảng viên"}),
    ]  # "Số CCCD" is one of the names as written: nothing to say


@pytest.mark.parametrize(
    "header",
    [
        "SĐT",
        "sđt",
        "ĐT",
        "Số  điện\nthoại",
        "ĐIỆN THOẠI (di động)",
        "Số điện thoại*",
        "Số ĐT (di động)",
        "SĐT (Zalo)",
    ],
)
def test_phone_header_variants_are_all_recognised(cast, header):
    content = xlsx(
        ["Họ tên", "Đối tượng", "Mã tổ chức", header], [["Hà Thị Lan", MEMBER, cast.cell_a1.code, 912345678]]
    )
    result = people.plan(io.BytesIO(content), "x.xlsx", cast.district_a)
    assert result.adds[0].data["phone"] == "0912345678"


def test_every_ignored_column_is_listed(cast):
    header = [
        "STT",
        "Họ và tên",
        "Đối tượng",
        "Mã tổ chức",
        "Quê quán",
        "Điện thoại",
        "Số điện thoại",
        "Ghi chú",
    ]
    rows = [
        [1, "Hà Thị Lan", MEMBER, cast.cell_a1.code, "Lục Bình", "0912345678", "0987654321", "chuyển đến"]
    ]
    result = people.plan(io.BytesIO(xlsx(header, rows)), "x.xlsx", cast.district_a)
    assert result.ok
    assert notes_of(result) == [
        (1, "STT", reader.NOTE_COLUMN_IGNORED),
        (1, "Quê quán", reader.NOTE_COLUMN_IGNORED),
        (1, "Số điện thoại", reader.NOTE_COLUMN_REPEATED % {"other": "Điện thoại"}),
        (1, "Ghi chú", reader.NOTE_COLUMN_IGNORED),
    ]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_row_typed_in_unicode_in_a_legacy_file_is_kept_as_typed(cast, encoding):
    header = [in_legacy(h, encoding) for h in ("Họ và tên", "Đối tượng", "Mã tổ chức", "Chức vụ")]
    code = cast.cell_a1.code
    typed_then = ["Nguyễn Văn Bình", "Hoàng Thị Thơm", "Lục Văn Đức", "Triệu Thị Hường", "Đặng Thị Huệ"]
    rows = [
        [in_legacy(name, encoding), in_legacy(MEMBER, encoding), code, in_legacy("Bí thư chi bộ", encoding)]
        for name in typed_then
    ]
    rows += [
        ["Lê Thu Hà", MEMBER, code, "Đảng viên"],  # typed later, in Unicode: TCVN3 would make it "Lờ Thu Hà"
        ["Tô Thu Hà", MEMBER, code, ""],  # "Tụ" in TCVN3, "Tơ" in VNI
        ["Tô Thu", MEMBER, code, ""],  # "Tô" reads well both ways: the row's other cells tell
    ]
    result = people.plan(io.BytesIO(xlsx(header, rows)), "x.xlsx", cast.district_a)
    assert result.encoding == encoding and result.ok
    assert [r.data["full_name"] for r in result.adds] == [*typed_then, "Lê Thu Hà", "Tô Thu Hà", "Tô Thu"]
    assert [r.data["position"] for r in result.adds[-4:]] == ["Bí thư chi bộ", "Đảng viên", "", ""]
    kept = reader.NOTE_ROW_UNICODE % {"encoding": legacy.NAMES[encoding]}
    would_change = [7, 8, 9] if encoding == "tcvn3" else [8, 9]  # VNI leaves "Lê Thu Hà" as it is anyway
    assert [(n.row, n.message) for n in result.notes] == [(row, kept) for row in would_change]


def test_a_legacy_sheet_name_is_converted_in_what_the_page_shows(cast):
    header = [in_legacy(h, "tcvn3") for h in ("Họ và tên", "Năm sinh")]  # no "Đối tượng", no "Mã tổ chức"
    rows = [[in_legacy("Nguyễn Văn Bình", "tcvn3"), 1980], [in_legacy("Hoàng Thị Thơm", "tcvn3"), 1981]]
    content = xlsx(header, rows, title=in_legacy("Danh sách", "tcvn3"))
    result = people.plan(io.BytesIO(content), "x.xlsx", cast.district_a)
    assert "trang tính “Danh sách”" in result.problems[0].message
    header += [in_legacy("Đối tượng", "tcvn3"), in_legacy("Mã tổ chức", "tcvn3")]
    rows = [[*row, in_legacy(MEMBER, "tcvn3"), cast.cell_a1.code] for row in rows]
    result = people.plan(
        io.BytesIO(xlsx(header, rows, title=in_legacy("Danh sách", "tcvn3"))), "x.xlsx", cast.district_a
    )
    assert (result.sheet, result.sheet_label) == (in_legacy("Danh sách", "tcvn3"), "Danh sách")


FOOTER = [
    ["Tổng cộng: 3 đảng viên", "", "", ""],
    ["", "", "", "Lục Bình, ngày 05 tháng 12 năm 2026"],
    ["Người lập biểu", "", "", "T/M CHI BỘ"],
    ["", "", "", "BÍ THƯ"],
    ["(Ký, ghi rõ họ tên)", "", "", "(Ký tên, đóng dấu)"],
    [],
    ["Nguyễn Thị Lập", "", "", "Hoàng Văn Thư"],
]


def test_totals_place_date_and_signatures_under_the_table_are_skipped_and_said(cast):
    code = cast.cell_a1.code
    rows = [
        ["Hà Thị Lan", MEMBER, code, "Bí thư chi bộ"],
        ["Lò Văn Pọm", MEMBER, code, ""],
        ["Vi Thị Mây", MEMBER, code, ""],
        [None, None, None, None],  # trailing rows the template numbered, never filled
        [None, None, code, None],
        *FOOTER,
    ]
    result = people.plan(
        io.BytesIO(xlsx(["Họ và tên", "Đối tượng", "Mã tổ chức", "Chức vụ"], rows)), "x.xlsx", cast.district_a
    )
    assert result.ok, result.problems
    assert (result.rows, len(result.adds)) == (3, 3)
    assert notes_of(result) == [
        (6, "", reader.NOTE_AFTER_TABLE % {"text": code}),
        (7, "", reader.NOTE_TOTAL_ROW % {"text": "Tổng cộng: 3 đảng viên"}),
        (8, "", reader.NOTE_PLACE_DATE % {"text": "Lục Bình, ngày 05 tháng 12 năm 2026"}),
        (9, "", reader.NOTE_SIGNATURE % {"text": "Người lập biểu"}),
        (10, "", reader.NOTE_SIGNATURE % {"text": "BÍ THƯ"}),
        (11, "", reader.NOTE_SIGNATURE % {"text": "(Ký, ghi rõ họ tên)"}),
        (13, "", reader.NOTE_AFTER_TABLE % {"text": "Nguyễn Thị Lập · Hoàng Văn Thư"}),
    ]


def test_a_row_missing_its_data_in_the_list_is_still_refused(cast):
    """Only what is under the list is skipped: a subtotal between two parts is, but a member's row
    without its org code is refused though its position reads like a signature ("Bí thư chi bộ"), and so
    is a row without a name followed by more of the list."""
    code = cast.cell_a1.code
    rows = [
        ["Hà Thị Lan", MEMBER, code, ""],
        ["Cộng chi bộ 1: 1", "", "", ""],
        ["Lò Văn Pọm", MEMBER, "", "Bí thư chi bộ"],
        ["", MEMBER, code, ""],
        ["Vi Thị Mây", MEMBER, code, ""],
    ]
    content = csv(["Họ và tên", "Đối tượng", "Mã tổ chức", "Chức vụ"], rows)
    result = people.plan(io.BytesIO(content), "x.csv", cast.district_a)
    assert [(p.row, p.message) for p in result.problems] == [
        (4, people.ERR_EMPTY),
        (5, people.ERR_EMPTY),
    ]
    assert notes_of(result) == [(3, "", reader.NOTE_TOTAL_ROW % {"text": "Cộng chi bộ 1: 1"})]
