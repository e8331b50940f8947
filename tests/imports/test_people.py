"""Importing people: messy real files read right, the same file twice changes nothing, a changed row updates
and keeps history, and every bad file is refused with the database exactly as it was."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from lamtheobac.imports.services import people
from lamtheobac.organisation import selectors, timeline
from lamtheobac.organisation.models import Person, PersonMove

from .files import Formula, csv, xlsx

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


# --- Cells as they really come: numbers that lost their zeros, formulas, hostile values ---------------


def test_a_card_number_typed_as_a_number_keeps_its_zero_and_a_reimport_adds_no_one(cast):
    """Excel stored 01234567 as 1234567; the same list later sent with text card numbers (or an earlier
    import that kept the 7 digits) still finds the same person."""
    from lamtheobac.imports import values

    header = [
        "Họ và tên",
        "Đối tượng",
        "Mã tổ chức",
        "Số thẻ đảng viên",
        "Số căn cước công dân",
        "Điện thoại",
    ]
    code = cast.cell_a1.code
    numeric = [["Đinh Văn Tráng", "Đảng viên chính thức", code, 1234567, 1234567890, 912345678]]
    result = people.plan(io.BytesIO(xlsx(header, numeric)), "x.xlsx", cast.district_a)
    data = result.adds[0].data
    assert (data["party_card_number"], data["citizen_id"], data["phone"]) == (
        "01234567",
        "001234567890",
        "0912345678",
    )
    assert [(n.column, n.message) for n in result.notes] == [
        ("Điện thoại", values.GUESS_PHONE_ZERO % {"value": "912345678", "now": "0912345678"}),
        ("Số thẻ đảng viên", values.GUESS_LEADING_ZEROS % {"value": "1234567", "n": 7, "now": "01234567"}),
        (
            "Số căn cước công dân",
            values.GUESS_LEADING_ZEROS % {"value": "1234567890", "n": 10, "now": "001234567890"},
        ),
    ]
    people.apply(result)
    as_text = [["Đinh Văn Tráng", "Đảng viên chính thức", code, "01.234567", "001234567890", "0912 345 678"]]
    again = people.plan(io.BytesIO(csv(header, as_text)), "x.csv", cast.district_a)
    assert (again.added, len(again.updates), again.unchanged) == (0, 0, 1)
    # a person an earlier import stored without the zero is found too, and the number put right
    Person.objects.filter(full_name="Đinh Văn Tráng").update(
        party_card_number="1234567", citizen_id="", birth_year=1970
    )
    moved = [["Đinh Văn Tráng", "Đảng viên chính thức", cast.commune_a1.code, "01234567", "", ""]]
    fixed = people.plan(io.BytesIO(csv(header, moved)), "x.csv", cast.district_a)
    assert (fixed.added, len(fixed.updates)) == (0, 1)
    assert ("party_card_number", "1234567", "01234567") in [(w, a, b) for _n, _p, w, a, b in fixed.changes]
    people.apply(fixed)
    assert Person.objects.filter(full_name="Đinh Văn Tráng").count() == 1


def test_an_identifier_held_outside_is_found_whatever_its_form(cast):
    Person.objects.filter(pk=cast.secret_person.pk).update(
        party_card_number="7700112"
    )  # stored without its 0
    rows = [["Ai Đó", "Đảng viên chính thức", cast.cell_a1.code, "07700112"]]
    content = xlsx(["Họ và tên", "Đối tượng", "Mã tổ chức", "Số thẻ đảng viên"], rows)
    result = people.plan(io.BytesIO(content), "x.xlsx", cast.district_a)
    assert [p.message for p in result.problems] == ["Số thẻ này đã thuộc một người ngoài phạm vi nhập."]


def test_a_formula_result_is_not_taken_for_a_name(cast):
    from lamtheobac.imports import values

    code = cast.cell_a1.code
    rows = [
        ["Hà Thị Lan", "Đảng viên chính thức", code],
        [Formula("A2+1", 2), "Đảng viên chính thức", code],  # a numbering formula in the name column
        [Formula("#REF!", "#REF!"), "Đảng viên chính thức", code],
        [Formula("TRIM(Z2)", "Vi Thị Mây"), "Đảng viên chính thức", code],  # a name that is a formula's text
    ]
    result = people.plan(
        io.BytesIO(xlsx(["Họ và tên", "Đối tượng", "Mã tổ chức"], rows)), "x.xlsx", cast.district_a
    )
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (3, "Họ và tên", values.ERR_NAME_NO_LETTERS % {"value": "2"}),
        (4, "Họ và tên", values.ERR_FORMULA_ERROR % {"value": "#REF!"}),
    ]
    assert [r.data["full_name"] for r in result.adds] == ["Hà Thị Lan", "Vi Thị Mây"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Họ và tên", "Nguyễn Văn ²"),
        ("Họ và tên", "Lê Thị ٣"),
        ("Năm sinh", "¹⁹⁷⁸"),
        ("Năm sinh", "١٩٧٨"),
        ("Số thẻ đảng viên", "²³⁴⁵⁶⁷⁸⁹"),
        ("Điện thoại", "٠٩١٢٣٤٥٦٧٨"),
        ("Chức vụ", "Bí thư " * 40),
        ("Họ và tên", "Nguyễn Văn " + "A" * 200),
        ("Chức vụ", "Bí thư\x07"),
    ],
)
def test_one_hostile_cell_fails_its_row_never_the_import(cast, column, value):
    header = ["Họ và tên", "Đối tượng", "Mã tổ chức", "Năm sinh", "Số thẻ đảng viên", "Điện thoại", "Chức vụ"]
    good = ["Hà Thị Lan", "Đảng viên chính thức", cast.cell_a1.code, 1980, "", "", ""]
    bad = list(good)
    bad[0] = "Lò Văn Pọm"
    bad[header.index(column)] = value
    result = people.plan(
        io.BytesIO(csv(header, [good, bad, ["Vi Thị Mây", *good[1:]]])), "x.csv", cast.district_a
    )
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    assert [r.data["full_name"] for r in result.adds] == ["Hà Thị Lan", "Vi Thị Mây"]


def test_every_text_field_too_long_for_its_column_fails_its_row(cast):
    """Over every field the import writes that has a length limit in the model: the cell one character
    longer refuses its row with a message; the rows around it are still checked."""
    from lamtheobac.imports import values
    from lamtheobac.organisation.roster import PEOPLE_COLUMNS

    fields = [Person._meta.get_field(f) for f in people.FIELDS]
    limited = {f.name: f.max_length for f in fields if getattr(f, "max_length", None) and not f.choices}
    assert set(limited) == {"full_name", "position", "phone", "email", "party_card_number", "citizen_id"}
    header = [c.header for c in PEOPLE_COLUMNS]
    filler = {"full_name": "Nguyễn " + "a" * 200, "email": "a" * 300 + "@x.vn"}
    for field, limit in limited.items():
        good = [c.example for c in PEOPLE_COLUMNS]
        good[header.index("Mã tổ chức")] = cast.cell_a1.code
        bad = list(good)
        bad[0] = "Lò Văn Pọm"
        bad[[c.key for c in PEOPLE_COLUMNS].index(field)] = (filler.get(field) or "1" * (limit + 1))[
            : max(limit + 1, 0) + 300
        ]
        result = people.plan(io.BytesIO(xlsx(header, [good, bad])), "x.xlsx", cast.district_a)
        assert [(p.row, p.column) for p in result.problems] == [
            (3, Person._meta.get_field(field).verbose_name)
        ], field
        assert len(result.adds) == 1, field
    too_long = values.ERR_TOO_LONG % {"n": "207", "max": "150"}
    result = people.plan(
        io.BytesIO(
            xlsx(header, [["Nguyễn " + "a" * 200, "", "", "Đảng viên chính thức", "", cast.cell_a1.code]])
        ),
        "x.xlsx",
        cast.district_a,
    )
    assert [p.message for p in result.problems] == [too_long]


def test_the_command_prints_what_it_guessed_and_skipped(cast):
    from lamtheobac.imports import reader, values

    rows = [["Hà Thị Lan", "Đảng viên chính thức", cast.cell_a1.code, 1234567], ["Tổng cộng: 1"]]
    content = xlsx(["Họ và tên", "Đối tượng", "Mã tổ chức", "Số thẻ đảng viên"], rows)
    stdout, _err = run(cast, content, dry_run=True)
    guess = values.GUESS_LEADING_ZEROS % {"value": "1234567", "n": 7, "now": "01234567"}
    assert f"Dòng 2, Số thẻ đảng viên: {guess}" in stdout
    assert f"Dòng 3: {reader.NOTE_TOTAL_ROW % {'text': 'Tổng cộng: 1'}}" in stdout


def test_a_dry_run_lists_what_each_update_would_change_for_every_person(cast):
    rows = messy_rows(cast)
    run(cast, workbook(rows))
    rows[0][5] = "Bí thư chi bộ"
    rows[0][6] = cast.commune_a2.code
    rows[1][4] = "Đảng viên chính thức"
    out, _err = run(cast, workbook(rows), dry_run=True)
    assert "thêm mới 0, cập nhật 2, không đổi 1" in out
    assert "Dòng 5, Nguyễn Văn Bình — Chức vụ: Trưởng thôn → Bí thư chi bộ" in out
    assert f"Dòng 5, Nguyễn Văn Bình — Tổ chức: {cast.cell_a1.code} → {cast.commune_a2.code}" in out
    assert "Dòng 6, Hoàng Thị Mai — Đối tượng: Đảng viên dự bị → Đảng viên chính thức" in out
    assert Person.objects.get(full_name="Nguyễn Văn Bình").position == "Trưởng thôn"


def test_an_org_name_that_does_not_match_the_code_is_a_warning_on_its_row(cast):
    header = "Họ và tên,Đối tượng,Mã tổ chức,Tên tổ chức (để đối chiếu)"
    cell, commune = cast.cell_a1.code, cast.commune_a2.code
    lines = [
        f"Đặng Văn Khoa,Đảng viên chính thức,{cell},Nà Pài",
        f"Lý Thị Hai,Đảng viên chính thức,{cell},chi bo thon  NA PAI",
        f"Hoàng Văn Ba,Đảng viên chính thức,{cell},Chi bộ thôn Khuổi Chắp",
        f"Ma Văn Tư,Đảng viên chính thức,{commune},Chi bộ thôn Nà Pài",
        f"Bế Thị Năm,Đảng viên chính thức,{cell},",
    ]
    result = people.plan(io.BytesIO("\n".join([header, *lines]).encode()), "ds.csv", cast.district_a)
    assert result.ok and result.added == 5  # a warning does not stop the import
    column = "Tên tổ chức (để đối chiếu)"
    assert [(w.row, w.column, w.message) for w in result.warnings] == [
        (4, column, people.WARN_ORG_NAME_DIFFERS % {"written": "Chi bộ thôn Khuổi Chắp", "code": cell, "name": cast.cell_a1.name}),
        (5, column, people.WARN_ORG_NAME_DIFFERS % {"written": "Chi bộ thôn Nà Pài", "code": commune, "name": cast.commune_a2.name}),
    ]  # fmt: skip
    _out, err = run(cast, "\n".join([header, *lines]).encode(), name="ds.csv", dry_run=True)
    assert "Cần xem lại: Dòng 4, Tên tổ chức (để đối chiếu): Tên tổ chức ghi “Chi bộ thôn Khuổi Chắp”" in err


def test_imported_people_belong_from_today_and_a_move_keeps_last_year_where_it_was(cast):
    """A roster loaded now adds people to this year, not to the years before; a move by file leaves the
    person's earlier years at the org they were in (their memberships)."""
    rows = messy_rows(cast)
    run(cast, workbook(rows))
    binh = Person.objects.get(full_name="Nguyễn Văn Bình")
    this_year = timeline.today().year
    assert list(binh.memberships.values_list("org_id", "first_year")) == [(cast.cell_a1.pk, this_year)]
    # the same person had been there since before (a membership from the start), then moves by file
    binh.memberships.update(valid_from=None, first_year=0)
    rows[0][6] = cast.commune_a2.code
    run(cast, workbook(rows))
    then = binh.memberships.get(first_year__lte=this_year - 1, last_year__gte=this_year - 1)
    now = binh.memberships.get(first_year__lte=this_year, last_year__gte=this_year)
    assert (then.org_id, now.org_id) == (cast.cell_a1.pk, cast.commune_a2.pk)
