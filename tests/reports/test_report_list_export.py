"""The list of reports as Excel: what the page lists, inside the user's scope, dates as dates."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.reports.models import Report
from tests import sheets
from tests.test_scope import SECRETS, readable

from .scope_reports import build

pytestmark = pytest.mark.django_db

LIST = reverse("reports:report-list")


@pytest.fixture
def reports(cast):
    """A report in each district (district B's is a secret); A's number looks like a formula."""
    build(cast)
    Report.objects.filter(pk=cast.report_a.pk).update(number="-12-BC/ĐU")
    return cast


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))["Báo cáo"]


def test_it_exports_the_reports_of_the_scope(reports, client_for):
    response = client_for(reports.officer).get(LIST, {"format": "xlsx"})
    sheet = _sheet(response)
    header = sheets.header(sheet)
    assert header[:8] == ["Báo cáo", "Tổ chức", "Mã tổ chức", "Loại báo cáo", "Từ năm", "Đến năm",
                          "Số, ký hiệu", "Ngày ban hành"]  # fmt: skip
    assert sheets.freezes_header(sheet)
    assert sheets.width(sheet, 0) == 40
    (row,) = sheets.rows(sheet, cells=True)
    assert row[1].value == "Đảng bộ xã Lục Bình" and row[4].value == 2025 and row[5].value == 2026
    assert row[6].value == "'-12-BC/ĐU"  # neutralised
    assert row[7].is_date and row[7].number_format == "dd/mm/yyyy"
    assert row[9].is_date and row[9].number_format == "dd/mm/yyyy hh:mm"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bao-cao-') and disposition.isascii()


def test_the_list_links_to_its_export(reports, client_for):
    assert "?format=xlsx" in client_for(reports.officer).get(LIST).content.decode()


@pytest.mark.parametrize("role", ["officer", "inspector", "leader", "member"])
def test_no_report_export_shows_district_b(reports, client_for, role):
    body = readable(client_for(reports.actors()[role]).get(LIST, {"format": "xlsx"}))
    for secret in SECRETS:
        assert secret not in body


def test_the_outsider_exports_only_district_b(reports, client_for):
    rows = sheets.rows(_sheet(client_for(reports.outsider).get(LIST, {"format": "xlsx"})), cells=True)
    assert [r[1].value for r in rows] == ["Đảng bộ huyện Bắc Sơn"]
