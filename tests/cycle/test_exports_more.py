"""Excel exports of the year list, the lagging units and the approval queue: scope, filters, layout."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.cycle import services
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role
from tests import sheets
from tests.test_scope import SECRETS, readable

from ..factories import PersonFactory, UserFactory
from .builders import YEAR, in_days, make_commitment, open_year

pytestmark = pytest.mark.django_db

PERIODS = reverse("cycle:period-list")
LAGGING = reverse("cycle:lagging")
QUEUE = reverse("cycle:queue")


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].isascii()
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheets.rows(sheet)]


def _header(sheet) -> list:
    return sheets.header(sheet)


@pytest.fixture
def overdue(cast):
    """This year opened at both districts with both deadlines past, and a secret person in B who
    submitted late."""
    a = open_year(
        cast.district_a, actor=cast.officer, plan_deadline=in_days(-10), commitment_deadline=in_days(-5),
        theme="=SUM(A1) chuyên đề",
    )  # fmt: skip
    open_year(cast.district_b, plan_deadline=in_days(-10), commitment_deadline=in_days(-5))
    secret = make_commitment(person=cast.secret_person)
    services.record_submit(actor=None, record=secret)
    return a


@pytest.fixture
def leader_of_cell(cast):
    user = UserFactory(username="bithu_chibo")
    org_services.grant_create(actor=None, user=user, org=cast.cell_a1, role=Role.LEADER)
    return user


# --- Years ------------------------------------------------------------------------------------


def test_the_year_list_exports_its_years_with_real_dates(cast, overdue, client_for):
    response = client_for(cast.officer).get(PERIODS, {"format": "xlsx"})
    sheet = _book(response)["Năm thực hiện"]
    assert _header(sheet)[:5] == ["Năm", "Tổ chức", "Mã tổ chức", "Chuyên đề năm", "Tình trạng"]
    assert sheets.freezes_header(sheet)
    assert sheets.width(sheet, 1) == 36
    (row,) = sheets.rows(sheet, cells=True)  # district B's year stays out
    assert [c.value for c in row[:3]] == [YEAR, "Đảng bộ huyện An Bình", "A"]
    assert row[3].value == "'=SUM(A1) chuyên đề"  # a theme that looks like a formula is text
    assert row[5].is_date and row[5].number_format == "dd/mm/yyyy"
    assert response["Content-Disposition"].startswith('attachment; filename="nam-thuc-hien-')


def test_the_year_list_links_to_its_export(cast, overdue, client_for):
    assert "?format=xlsx" in client_for(cast.officer).get(PERIODS).content.decode()


@pytest.mark.parametrize("role", ["officer", "inspector", "leader", "member"])
def test_no_year_export_shows_district_b(cast, overdue, client_for, role):
    body = readable(client_for(cast.actors()[role]).get(PERIODS, {"format": "xlsx"}))
    for secret in [*SECRETS, "Bắc Sơn"]:
        assert secret not in body


# --- Lagging units ----------------------------------------------------------------------------


def test_the_lagging_export_lists_everyone_behind(cast, overdue, client_for):
    PersonFactory(full_name='=HYPERLINK("http://x.vn")', position="+84 tổ trưởng", org=cast.cell_a1)
    response = client_for(cast.officer).get(
        LAGGING, {"org": cast.district_a.pk, "year": YEAR, "format": "xlsx"}
    )
    book = _book(response)
    assert book.sheetnames == ["Kế hoạch", "Bản cam kết"]
    plans, people = book["Kế hoạch"], book["Bản cam kết"]
    assert _header(plans)[:4] == ["Tập thể", "Mã tổ chức", "Tổ chức cấp trên", "Tình trạng"]
    assert sheets.freezes_header(plans) and sheets.freezes_header(people)
    assert [r[0] for r in _rows(plans)] == ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Đảng bộ xã Vũ Muộn"]
    assert _rows(plans)[0][3] == "Chưa có"
    names = [r[0] for r in _rows(people)]
    assert "Hoàng Thị Mai" in names
    tricky = next(r for r in _rows(people) if "http://x.vn" in r[0])
    assert tricky[0].startswith("'=") and tricky[1] == "'+84 tổ trưởng"
    assert response["Content-Disposition"] == f'attachment; filename="cham-tien-do-a-{YEAR}.xlsx"'


def test_the_lagging_export_keeps_the_chosen_org(cast, overdue, client_for):
    response = client_for(cast.officer).get(
        LAGGING, {"org": cast.commune_a2.pk, "year": YEAR, "format": "xlsx"}
    )
    book = _book(response)
    assert [r[0] for r in _rows(book["Kế hoạch"])] == ["Đảng bộ xã Vũ Muộn"]
    assert [r[0] for r in _rows(book["Bản cam kết"])] == ["Lục Văn Bình"]


def test_a_waiting_record_exports_its_submission_date(cast, overdue, client_for):
    response = client_for(cast.outsider).get(
        LAGGING, {"org": cast.district_b.pk, "year": YEAR, "format": "xlsx"}
    )
    (row,) = sheets.rows(_book(response)["Bản cam kết"], cells=True)
    assert row[0].value == "Triệu Thị Bí Mật" and row[4].value == "Đã nộp, chờ duyệt"
    # one column per meaning: a filed record is not late, it waits (submitted today: 0 days)
    assert (row[5].value, row[6].value) == (None, 0)
    assert row[7].is_date and row[7].number_format == "dd/mm/yyyy hh:mm"


def test_the_lagging_export_splits_days_late_from_days_waiting_and_keeps_the_filter(
    cast, overdue, client_for
):
    query = {"org": cast.district_a.pk, "year": YEAR, "format": "xlsx"}
    people = _book(client_for(cast.officer).get(LAGGING, query))["Bản cam kết"]
    assert _header(people)[4:8] == ["Tình trạng", "Số ngày quá hạn", "Số ngày chờ duyệt", "Ngày nộp"]
    assert {(r[5], r[6]) for r in _rows(people)} == {(5, None)}  # nobody filed: all 5 days late
    book = _book(client_for(cast.officer).get(LAGGING, {**query, "kind": "commitment", "status": "draft"}))
    assert _rows(book["Kế hoạch"]) == [] and _rows(book["Bản cam kết"]) == []  # no draft in district A
    book = _book(client_for(cast.officer).get(LAGGING, {**query, "kind": "plan"}))
    assert len(_rows(book["Kế hoạch"])) == 3 and _rows(book["Bản cam kết"]) == []


def test_the_lagging_page_links_to_its_export(cast, overdue, client_for):
    page = client_for(cast.officer).get(LAGGING, {"org": cast.commune_a1.pk, "year": YEAR}).content.decode()
    assert f"?org={cast.commune_a1.pk}&amp;year={YEAR}&amp;format=xlsx" in page


def test_a_lagging_export_outside_the_scope_is_refused(cast, overdue, client_for):
    query = {"org": cast.district_b.pk, "year": YEAR, "format": "xlsx"}
    assert client_for(cast.officer).get(LAGGING, query).status_code == 404
    query = {"org": cast.district_a.pk, "year": YEAR, "format": "xlsx"}
    assert client_for(cast.outsider).get(LAGGING, query).status_code == 404
    assert client_for(cast.leader).get(LAGGING, query).status_code == 404  # above the leader's commune


@pytest.mark.parametrize("role", ["officer", "leader"])
def test_no_lagging_export_shows_district_b(cast, overdue, client_for, role):
    body = readable(client_for(cast.actors()[role]).get(LAGGING, {"year": YEAR, "format": "xlsx"}))
    for secret in [*SECRETS, "Bắc Sơn"]:
        assert secret not in body


def test_the_outsider_lagging_export_shows_nothing_of_district_a(cast, overdue, client_for):
    body = readable(client_for(cast.outsider).get(LAGGING, {"year": YEAR, "format": "xlsx"}))
    for name in ("Hoàng Thị Mai", "Lục Bình", "Nà Pài", "An Bình"):
        assert name not in body


# --- Approval queue ---------------------------------------------------------------------------


def test_the_queue_exports_only_what_waits_for_the_user(cast, overdue, leader_of_cell, client_for):
    sly = PersonFactory(full_name="=HYPERLINK(1)", org=cast.cell_a1)
    for person in (sly, cast.member_person):
        services.record_submit(actor=None, record=make_commitment(person=person))
    make_commitment(person=cast.colleague)  # a draft waits for nobody
    response = client_for(leader_of_cell).get(QUEUE, {"format": "xlsx"})
    sheet = _book(response).active
    assert _header(sheet)[:4] == ["Năm", "Loại hồ sơ", "Tổ chức", "Cá nhân"]
    assert sheets.freezes_header(sheet)
    rows = {r[3].value: r for r in sheets.rows(sheet, cells=True)}
    assert set(rows) == {"'=hyperlink(1)", "Hoàng Thị Mai"}
    assert rows["Hoàng Thị Mai"][6].is_date


def test_the_queue_export_keeps_the_filters(cast, overdue, leader_of_cell, client_for):
    services.record_submit(actor=None, record=make_commitment(person=cast.member_person))
    client = client_for(leader_of_cell)
    assert len(_rows(_book(client.get(QUEUE, {"format": "xlsx", "kind": "commitment"})).active)) == 1
    assert _rows(_book(client.get(QUEUE, {"format": "xlsx", "kind": "plan"})).active) == []
    assert _rows(_book(client.get(QUEUE, {"format": "xlsx", "q": "khong ai"})).active) == []
    page = client.get(QUEUE, {"kind": "commitment"}).content.decode()
    assert "?kind=commitment&amp;format=xlsx" in page


@pytest.mark.parametrize("role", ["officer", "inspector", "leader", "member"])
def test_no_queue_export_shows_district_b(cast, overdue, client_for, role):
    body = readable(client_for(cast.actors()[role]).get(QUEUE, {"format": "xlsx"}))
    for secret in SECRETS:
        assert secret not in body
