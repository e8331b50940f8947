"""The cell's "Danh sách đăng ký việc làm theo Bác" from Excel: one row per action, a title block, STT, and a
page that prints on A4 landscape one page wide with the header on every page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lamtheobac.lib.xlsx import header_row
from tests import sheets

from ..reports.pdf import office_to_pdf, page_sizes, pdf_text
from .builders import YEAR, make_commitment, open_year

pytestmark = pytest.mark.django_db

RECORDS = reverse("cycle:record-list")


@pytest.fixture
def filed(cast):
    open_year(cast.province)
    make_commitment(person=cast.member_person, n=3, actor=cast.member)
    make_commitment(person=cast.colleague, n=4, actor=cast.leader, on_behalf=True)
    make_commitment(person=cast.person_a2, n=3)  # another commune: outside the cell's list
    return cast


def _actions(client, org, **more):
    response = client.get(RECORDS, {"org": org.pk, "year": YEAR, "format": "xlsx", "actions": "1", **more})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="viec-lam-a1c1-{YEAR}.xlsx"'
    return load_workbook(io.BytesIO(response.content)).active


def test_it_lists_one_row_per_action_of_the_cell(filed, client_for):
    ws = _actions(client_for(filed.leader), filed.cell_a1)
    rows = sheets.rows(ws)  # also checks STT runs 1, 2, 3 …
    assert len(rows) == 7
    assert sheets.header(ws)[:5] == ["Họ và tên", "Chức vụ", "Tổ chức", "TT việc làm", "Việc làm cụ thể"]
    by_person = [r[0] for r in rows if r[0]]
    assert sorted(by_person) == ["Hoàng Thị Mai", "Nông Văn Dũng"]  # each name once, on its first action
    assert [r[3] for r in rows] in ([1, 2, 3, 1, 2, 3, 4], [1, 2, 3, 4, 1, 2, 3])
    assert all(r[4].startswith("Đọc một tác phẩm của Bác số") for r in rows)
    assert "Lục Văn Bình" not in {r[0] for r in rows}


def test_its_title_block_names_the_list_the_cell_the_year_and_the_day(filed, client_for):
    ws = _actions(client_for(filed.leader), filed.cell_a1, state="draft")
    block = [ws.cell(row=n, column=1).value for n in range(1, header_row(ws))]
    assert block[0] == "DANH SÁCH ĐĂNG KÝ VIỆC LÀM THEO BÁC"
    assert "Chi bộ thôn Nà Pài" in block and f"Năm {YEAR}" in block
    assert "Lọc: Trạng thái: Nháp" in block or any(b and b.startswith("Lọc: Trạng thái") for b in block)
    assert f"Số liệu đến ngày {timezone.localdate():%d/%m/%Y}" in block
    assert ws.cell(row=header_row(ws), column=1).value == "STT"


def test_it_is_set_up_for_a4_landscape_one_page_wide_with_the_header_repeated(filed, client_for):
    ws = _actions(client_for(filed.leader), filed.cell_a1)
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${header_row(ws)}:${header_row(ws)}"
    assert sheets.freezes_header(ws)


def test_an_outsider_gets_none_of_the_cells_actions(filed, client_for):
    response = client_for(filed.outsider).get(RECORDS, {"year": YEAR, "format": "xlsx", "actions": "1"})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert sheets.rows(ws) == []


def test_libreoffice_prints_it_on_a4_landscape_one_page_wide(filed, client_for, tmp_path: Path):
    client = client_for(filed.leader)
    response = client.get(RECORDS, {"org": filed.cell_a1.pk, "year": YEAR, "format": "xlsx", "actions": "1"})
    pdf, result = office_to_pdf(response.content, tmp_path, "viec-lam", ".xlsx")
    assert result.returncode == 0 and pdf.exists(), result.stderr + result.stdout
    sizes = page_sizes(pdf)
    assert sizes and all(abs(w - 841.9) < 1 and abs(h - 595.3) < 1 for w, h in sizes), sizes
    first = " ".join(pdf_text(pdf).split("\f")[0].split())
    # one page wide: the first and the last column stand on the same page
    assert "STT" in first and "Ký tên" in first and "DANH SÁCH ĐĂNG KÝ VIỆC LÀM THEO BÁC" in first
    assert re.search(r"Số liệu đến ngày \d\d/\d\d/\d{4}", first)
