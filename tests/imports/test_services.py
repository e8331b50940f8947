"""The check step shows everything: every refusal and every guess the import can make about a cell, a
column or a row is listed on the page that comes before the import.

The refusals and guesses are the ``ERR_``, ``GUESS_`` and ``NOTE_`` constants of the modules that read and
check a file; they are found by introspection, and each must have a case below: a new one without a
case fails ``test_every_refusal_and_guess_has_a_case``.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from lamtheobac.imports import reader, services, values
from lamtheobac.imports.models import ImportKind
from lamtheobac.imports.services import orgs, people
from lamtheobac.lib import legacy

from .files import Formula, csv, in_legacy, xlsx

pytestmark = pytest.mark.django_db

MODULES = (values, reader, people, orgs)
MEMBER = "Đảng viên chính thức"
PEOPLE = ["Họ và tên", "Đối tượng", "Mã tổ chức"]
ORGS = ["Mã tổ chức", "Tên tổ chức", "Loại tổ chức", "Mã tổ chức cấp trên", "Thứ tự"]


def person(cast, header: list, cells: list, *, name: str = "Hà Thị Lan", kind: str = "xlsx", after=()):
    """A people file: one row of ``name`` with the extra columns ``header`` holding ``cells``."""
    rows = [[name, MEMBER, cast.cell_a1.code, *cells], *after]
    build = xlsx if kind == "xlsx" else csv
    return ImportKind.PEOPLE, build([*PEOPLE, *header], rows), f"danh-sach.{kind}"


def org(cast, cells: list):
    return (
        ImportKind.ORGS,
        xlsx(ORGS, [["N1", *cells[:1], "Chi bộ", cast.district_a.code, *cells[1:]]]),
        "to-chuc.xlsx",
    )


def legacy_file(cast):
    enc = "tcvn3"
    rows = [
        [in_legacy(n, enc), in_legacy(MEMBER, enc), cast.cell_a1.code]
        for n in ("Nguyễn Văn Bình", "Lục Văn Đức")
    ]
    header = [in_legacy(h, enc) for h in PEOPLE]
    return (
        ImportKind.PEOPLE,
        xlsx(header, [*rows, ["Lê Thu Hà", MEMBER, cast.cell_a1.code]]),
        "danh-sach.xlsx",
    )


# constant → (the file, what the page must say). One hostile or odd input for each.
CASES = {
    "values.ERR_FORMULA_ERROR": (
        lambda c: person(c, [], [], name=Formula("#N/A", "#N/A")), values.ERR_FORMULA_ERROR % {"value": "#N/A"}),
    "values.ERR_CONTROL_CHARACTER": (
        lambda c: person(c, ["Chức vụ"], ["Bí thư\x07"], kind="csv"), values.ERR_CONTROL_CHARACTER),
    "values.ERR_NOT_DIGITS": (
        lambda c: person(c, ["Số thẻ đảng viên"], ["0123456O"]), values.ERR_NOT_DIGITS % {"value": "0123456O"}),
    "values.ERR_CARD_LENGTH": (
        lambda c: person(c, ["Số thẻ đảng viên"], [123456]), values.ERR_CARD_LENGTH % {"value": "123456", "n": 6}),
    "values.ERR_CITIZEN_ID_LENGTH": (
        lambda c: person(c, ["Số CCCD"], ["123456789"], kind="csv"),
        values.ERR_CITIZEN_ID_LENGTH % {"value": "123456789", "n": 9}),
    "values.ERR_PHONE": (
        lambda c: person(c, ["Điện thoại"], [12345]), values.ERR_PHONE % {"value": "12345"}),
    "values.ERR_NAME_NO_LETTERS": (
        lambda c: person(c, [], [], name=Formula("1+1", 2)), values.ERR_NAME_NO_LETTERS % {"value": "2"}),
    "values.ERR_NAME_CHARACTER": (
        lambda c: person(c, [], [], name="Lê Thị ٣", kind="csv"), values.ERR_NAME_CHARACTER % {"char": "٣"}),
    "values.ERR_TOO_LONG": (
        lambda c: person(c, ["Chức vụ"], ["x" * 1000]), values.ERR_TOO_LONG % {"n": "1.000", "max": "200"}),
    "values.GUESS_LEADING_ZEROS": (
        lambda c: person(c, ["Số thẻ đảng viên"], [1234567]),
        values.GUESS_LEADING_ZEROS % {"value": "1234567", "n": 7, "now": "01234567"}),
    "values.GUESS_PHONE_ZERO": (
        lambda c: person(c, ["Điện thoại"], ["2438251234"], kind="csv"),
        values.GUESS_PHONE_ZERO % {"value": "2438251234", "now": "02438251234"}),
    "reader.NOTE_COLUMN_IGNORED": (lambda c: person(c, ["Quê quán"], ["Lục Bình"]), reader.NOTE_COLUMN_IGNORED),
    "reader.NOTE_COLUMN_REPEATED": (
        lambda c: person(c, ["Điện thoại", "Số điện thoại"], ["0912345678", "0987654321"]),
        reader.NOTE_COLUMN_REPEATED % {"other": "Điện thoại"}),
    "reader.NOTE_COLUMN_READ_AS": (
        lambda c: person(c, ["Số thẻ ĐV"], ["01234567"]),
        reader.NOTE_COLUMN_READ_AS % {"header": "Số thẻ ĐV", "column": "Số thẻ đảng viên"}),
    "reader.NOTE_ROW_UNICODE": (legacy_file, reader.NOTE_ROW_UNICODE % {"encoding": legacy.NAMES["tcvn3"]}),
    "reader.NOTE_TOTAL_ROW": (
        lambda c: person(c, [], [], after=[["Tổng cộng: 1 đảng viên"]]),
        reader.NOTE_TOTAL_ROW % {"text": "Tổng cộng: 1 đảng viên"}),
    "reader.NOTE_SIGNATURE": (
        lambda c: person(c, [], [], after=[["", "", "", "(Ký, ghi rõ họ tên)"]]),
        reader.NOTE_SIGNATURE % {"text": "(Ký, ghi rõ họ tên)"}),
    "reader.NOTE_PLACE_DATE": (
        lambda c: person(c, [], [], after=[["Lục Bình, ngày … tháng … năm …"]]),
        reader.NOTE_PLACE_DATE % {"text": "Lục Bình, ngày … tháng … năm …"}),
    "reader.NOTE_AFTER_TABLE": (
        lambda c: person(c, [], [], after=[[None, MEMBER]]), reader.NOTE_AFTER_TABLE % {"text": MEMBER}),
    "people.ERR_EMPTY": (lambda c: person(c, [], [], after=[["Lò Văn Pọm", MEMBER, ""], ["Vi Thị Mây", MEMBER, c.cell_a1.code]]), people.ERR_EMPTY),
    "orgs.ERR_EMPTY": (lambda c: org(c, [""]), orgs.ERR_EMPTY),
    "orgs.ERR_ORG_NAME_NO_LETTERS": (
        lambda c: org(c, [Formula("1+1", 2)]), orgs.ERR_ORG_NAME_NO_LETTERS % {"value": "2"}),
    "orgs.ERR_SORT_ORDER_RANGE": (
        lambda c: org(c, ["Chi bộ 1", 10**12]), orgs.ERR_SORT_ORDER_RANGE % {"value": str(10**12)}),
    "orgs.GUESS_SORT_ORDER": (lambda c: org(c, ["Chi bộ 1", "²"]), orgs.GUESS_SORT_ORDER % {"value": "²"}),
    "people.ERR_NONPARTY_CARD": (
        lambda c: person(c, ["Số thẻ đảng viên"], ["01234568"],
                         after=[["Lò Thị Văn", "Cán bộ, công chức", c.cell_a1.code, "01234567"]]),
        people.ERR_NONPARTY_CARD % {"kind": "Cán bộ, công chức"}),
    "people.WARN_ORG_NAME_DIFFERS": (
        lambda c: person(c, ["Tên tổ chức"], ["Chi bộ thôn Khuổi Chắp"], kind="csv"),
        people.WARN_ORG_NAME_DIFFERS % {"written": "Chi bộ thôn Khuổi Chắp", "code": "A1C1", "name": "Chi bộ thôn Nà Pài"}),
}  # fmt: skip

# Refusals of the whole file (it cannot be opened, or it is past a limit before any row is read): each is the
# one problem of its import, shown on the same page the same way (row 0); every one is made and checked in
# test_archive.py, the upload page with a decompression bomb among them.
FILE_REFUSALS = {
    "reader.ERR_DAMAGED", "reader.ERR_UNPACKS_TOO_BIG", "reader.ERR_PACKED_TOO_TIGHT", "reader.ERR_TOO_MANY_STRINGS",
    "reader.ERR_TOO_MANY_ROWS", "reader.ERR_TOO_MANY_CELLS", "reader.ERR_CSV_TOO_BIG",
}  # fmt: skip


def test_every_refusal_and_guess_has_a_case():
    found = {
        f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        for module in MODULES
        for name in vars(module)
        if name.split("_", 1)[0] in ("ERR", "GUESS", "NOTE", "WARN")
    }
    assert found == set(CASES) | FILE_REFUSALS


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_check_step_lists_it(cast, client_for, case):
    build, message = CASES[case]
    kind, content, name = build(cast)
    job = services.job_create(
        actor=cast.officer, kind=kind, under=cast.district_a, upload=SimpleUploadedFile(name, content)
    )
    listed = [m for _row, _column, m in job.problems + job.notes + job.warnings]
    assert str(message) in listed, (job.message, listed)
    page = client_for(cast.officer).get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert escape(str(message)) in page
