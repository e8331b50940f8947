"""Importing people: messy real files read right, the same file twice changes nothing, a changed row updates
and keeps history, and every bad file is refused with the database exactly as it was."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lamtheobac.imports import people
from lamtheobac.organisation import selectors
from lamtheobac.organisation.models import Person, PersonMove

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Họ và\ntên",
    "GIỚI TÍNH",
    "Ngày sinh",
    "Đối tượng",
    "Chức vụ",
    "Mã tổ chức",
    "Điện thoại",
    "Số thẻ đảng viên",
]


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def workbook(rows: list[list], *, title_rows: bool = True, sheets: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Danh sách"
    if title_rows:
        ws.append(["ĐẢNG BỘ XÃ LỤC BÌNH"])
        ws.append(["DANH SÁCH ĐẢNG VIÊN NĂM 2026"])
        ws.merge_cells("A1:I1")
        ws.merge_cells("A2:I2")
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    for _ in range(5):
        ws.append([None] * len(HEADER))  # empty trailing rows, as Excel leaves them
    for name in sheets:
        book.create_sheet(name).append(["Ghi chú"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messy_rows(cast) -> list[list]:
    code = cast.cell_a1.code
    return [
        [1, nfd("  nguyễn   văn  bình "), "Nam", datetime.datetime(1978, 9, 5), "Đảng viên chính thức", "Trưởng thôn", code, 912345678, "03001234"],
        [2, nfd("Hoàng Thị  Mai"), "nữ", "05/09/1985", "dang vien du bi", "", code, "0987 654 321", ""],
        [3, "Lường Văn Tư", "", "1990", "Viên chức", "Giáo viên", cast.commune_a1.code, "", ""],
    ]  # fmt: skip


def run(cast, content: bytes, name: str = "danh-sach.xlsx", **options):
    path = cast.tmp / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", str(path), under=cast.district_a.code, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def cast(cast, tmp_path):
    cast.tmp = tmp_path
    return cast


def snapshot() -> list[tuple]:
    return list(
        Person.objects.order_by("id").values_list("id", "full_name", "org_id", "birth_year", "phone", "kind")
    )


def test_a_messy_file_imports_and_the_names_are_found(cast):
    before = Person.objects.count()
    out, _err = run(cast, workbook(messy_rows(cast)))
    assert "thêm mới 3" in out
    assert Person.objects.count() == before + 3
    binh = Person.objects.get(full_name="Nguyễn Văn Bình")
    assert binh.full_name == unicodedata.normalize("NFC", "Nguyễn Văn Bình")
    assert (binh.birth_year, binh.gender, binh.phone, binh.party_card_number) == (
        1978,
        "male",
        "0912345678",
        "03001234",
    )
    mai = Person.objects.get(full_name="Hoàng Thị Mai", birth_year=1985)
    assert (mai.kind, mai.gender, mai.phone) == ("probationary", "female", "0987654321")
    found = selectors.person_list(user=cast.officer, query="nguyen van")
    assert "Nguyễn Văn Bình" in [p.full_name for p in found]


def test_the_same_file_twice_changes_nothing(cast):
    content = workbook(messy_rows(cast))
    run(cast, content)
    before = snapshot()
    out, _err = run(cast, content)
    assert "thêm mới 0, cập nhật 0, không đổi 3" in out
    assert snapshot() == before


def test_a_changed_row_updates_the_person_and_keeps_the_move(cast):
    rows = messy_rows(cast)
    run(cast, workbook(rows))
    binh = Person.objects.get(full_name="Nguyễn Văn Bình")
    rows[0][5] = "Bí thư chi bộ"
    rows[0][6] = cast.commune_a2.code  # moved to another commune; matched by the party card number
    out, _err = run(cast, workbook(rows))
    assert "cập nhật 1" in out
    binh.refresh_from_db()
    assert (binh.position, binh.org_id) == ("Bí thư chi bộ", cast.commune_a2.pk)
    move = PersonMove.objects.get(person=binh)
    assert (move.from_org_id, move.to_org_id) == (cast.cell_a1.pk, cast.commune_a2.pk)


def test_dry_run_writes_nothing(cast):
    before = snapshot()
    out, _err = run(cast, workbook(messy_rows(cast)), dry_run=True)
    assert "chưa ghi gì" in out
    assert snapshot() == before


def test_a_csv_with_bom_imports(cast):
    text = "\ufeff" + ",".join(HEADER).replace("\n", " ") + "\n"
    text += f"1,Trần Văn Cường,Nam,1970,Đảng viên chính thức,,{cast.cell_a1.code},,\n"
    out, _err = run(cast, text.encode("utf-8"), name="ds.csv")
    assert "thêm mới 1" in out and Person.objects.filter(full_name="Trần Văn Cường").exists()


def test_the_user_picks_the_sheet(cast):
    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền danh sách ở trang sau"])
    ws = book.create_sheet("Đảng viên")
    ws.append(HEADER)
    ws.append([1, "Đinh Văn Hải", "Nam", 1969, "Đảng viên chính thức", "", cast.cell_a1.code, "", ""])
    out_stream = io.BytesIO()
    book.save(out_stream)
    with pytest.raises(CommandError):
        run(cast, out_stream.getvalue())  # the first sheet has no header
    out, _err = run(cast, out_stream.getvalue(), sheet="Đảng viên")
    assert "thêm mới 1" in out


# --- Bad input: refused, nothing changed ------------------------------------------------------------


def refused(cast, content: bytes, name: str = "danh-sach.xlsx", expect: str = "") -> str:
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run(cast, content, name=name)
    assert snapshot() == before
    message = str(exc.value)
    return message


def test_rows_with_problems_are_listed_by_row_and_column_and_nothing_is_written(cast, capsys):
    rows = messy_rows(cast)
    rows.append(
        [4, "Lò Văn Sáng", "Nam", "31/02/1980", "Đảng viên chính thức", "", cast.cell_a1.code, "", ""]
    )
    rows.append([5, "Vi Thị Hoa", "Nữ", 1981, "Thủ lĩnh", "", cast.cell_a1.code, "", ""])
    rows.append(
        [6, "Bế Văn Nam", "Nam", 1975, "Đảng viên chính thức", "", cast.cell_b1.code, "", ""]
    )  # outside
    rows.append(
        [
            7,
            nfd("Nguyễn Văn Bình"),
            "Nam",
            1978,
            "Đảng viên chính thức",
            "",
            cast.cell_a1.code,
            "",
            "03001234",
        ]
    )
    path = cast.tmp / "loi.xlsx"
    path.write_bytes(workbook(rows))
    err = io.StringIO()
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), under=cast.district_a.code, stdout=io.StringIO(), stderr=err)
    assert snapshot() == before
    lines = err.getvalue().splitlines()
    assert "Dòng 8, Ngày sinh: “31/02/1980” không phải ngày hợp lệ (ngày/tháng/năm)." in lines
    assert "Dòng 9, Đối tượng: “Thủ lĩnh” không phải đối tượng hợp lệ." in lines
    assert any(line.startswith("Dòng 10, Mã tổ chức: Không có tổ chức mã này") for line in lines)
    assert "Dòng 11: Trùng với một dòng phía trên (cùng người)." in lines


def test_a_renamed_program_is_refused(cast):
    assert "không phải bảng tính" in refused(cast, b"MZ\x90\x00" + b"\x00" * 500, name="danh-sach.xlsx")


def test_a_corrupt_workbook_is_refused(cast):
    assert "bị hỏng" in refused(cast, b"PK\x03\x04" + b"\x00" * 200)


def test_an_encrypted_workbook_is_refused(cast):
    content = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 512
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 512
    )
    assert "đặt mật khẩu" in refused(cast, content)


def test_an_old_xls_is_refused_with_what_to_do(cast):
    assert ".xls" in refused(cast, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048, name="ds.xls")


def test_a_50_mb_file_is_refused(cast):
    assert "quá giới hạn" in refused(cast, b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024))


def test_a_sheet_with_a_thousand_columns_is_refused(cast):
    book = Workbook()
    book.active.append([f"Cột {i}" for i in range(1000)])
    out = io.BytesIO()
    book.save(out)
    assert "1.000 cột" in refused(cast, out.getvalue())


def test_a_person_whose_org_is_outside_the_scope_is_refused(cast):
    rows = [[1, "Bế Văn Nam", "Nam", 1975, "Đảng viên chính thức", "", cast.cell_b1.code, "", ""]]
    refused(cast, workbook(rows))
    assert not Person.objects.filter(full_name="Bế Văn Nam").exists()


def test_an_identifier_held_outside_the_scope_is_refused_without_naming_its_owner(cast):
    cast.secret_person.party_card_number = "77001122"
    cast.secret_person.save()
    rows = [[1, "Ai Đó", "Nam", 1975, "Đảng viên chính thức", "", cast.cell_a1.code, "", "77001122"]]
    result = people.plan(io.BytesIO(workbook(rows)), "x.xlsx", cast.district_a)
    assert [p.message for p in result.problems] == ["Số thẻ này đã thuộc một người ngoài phạm vi nhập."]
    assert "Bí Mật" not in str(result.problems)


def _legacy(text: str, table: dict[str, str]) -> str:
    """Text written as the old fonts store it (the inverse of the converter's table, longest first)."""
    inverse = {u: code for code, u in table.items()}
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_file_typed_in_a_legacy_font_is_converted(cast, encoding):
    from lamtheobac.lib import legacy

    table = legacy.TCVN3_TO_UNICODE if encoding == "tcvn3" else legacy.VNI_TO_UNICODE
    book = Workbook()
    ws = book.active
    ws.append([_legacy(h, table) for h in ("Họ và tên", "Đối tượng", "Mã tổ chức", "Năm sinh")])
    names = ["nguyễn văn bình", "hoàng thị thơm", "lục văn đức", "triệu thị hường"]
    for name in names:
        ws.append([_legacy(name, table), _legacy("Đảng viên chính thức", table), cast.cell_a1.code, 1980])
    out = io.BytesIO()
    book.save(out)
    stdout, _err = run(cast, out.getvalue())
    assert f"bảng mã {legacy.NAMES[encoding]}" in stdout and "thêm mới 4" in stdout
    imported = set(
        Person.objects.filter(org=cast.cell_a1, birth_year=1980).values_list("full_name", flat=True)
    )
    assert imported >= {"Nguyễn Văn Bình", "Hoàng Thị Thơm", "Lục Văn Đức", "Triệu Thị Hường"}


def test_a_value_our_export_neutralised_comes_back_as_it_was(cast):
    from lamtheobac.imports import values

    assert values.text("'=HYPERLINK(1)") == "=HYPERLINK(1)"
    assert values.text("'+84 912") == "+84 912"
    assert values.text("'- Bí thư") == "- Bí thư"
    assert values.text("'Quân") == "'Quân"  # an apostrophe that is part of the text stays


def test_namesakes_with_their_own_card_numbers_are_two_people(cast):
    code = cast.cell_a1.code
    rows = [
        [1, "Nguyễn Văn An", "Nam", 1980, "Đảng viên chính thức", "", code, "", "11110001"],
        [2, "Nguyễn Văn An", "Nam", 1980, "Đảng viên chính thức", "", code, "", "11110002"],
    ]
    out, _err = run(cast, workbook(rows))
    assert "thêm mới 2" in out
    assert Person.objects.filter(full_name="Nguyễn Văn An", org=cast.cell_a1).count() == 2
    # without card numbers the same two rows are the same person twice
    rows = [[*r[:8], ""] for r in rows]
    rows[0][1] = rows[1][1] = "Trần Văn Ba"
    refused(cast, workbook(rows))


def test_an_import_done_on_the_command_line_is_kept_with_what_it_changed(cast):
    from lamtheobac.imports.models import ImportJob, ImportStatus

    rows = messy_rows(cast)
    run(cast, workbook(rows), dry_run=True)
    assert not ImportJob.objects.exists()  # a dry run leaves nothing behind
    run(cast, workbook(rows))
    rows[0][5] = "Bí thư chi bộ"
    rows[0][6] = cast.commune_a2.code
    run(cast, workbook(rows))
    first, second = ImportJob.objects.order_by("id")
    assert (first.status, first.added, second.updated) == (ImportStatus.DONE, 3, 1)
    assert second.original_name == "danh-sach.xlsx" and second.file.read()[:2] == b"PK"
    assert [c[2:] for c in second.changes] == [
        ["position", "Trưởng thôn", "Bí thư chi bộ"],
        ["org", cast.cell_a1.code, cast.commune_a2.code],
    ]
