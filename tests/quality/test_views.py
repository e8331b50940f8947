"""The check under an action while it is written, and the quality page of an org."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lamtheobac.cycle import services
from lamtheobac.cycle.models import Record, RecordKind
from lamtheobac.cycle.services import ItemInput
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import OrgKind
from tests import sheets
from tests.cycle.builders import YEAR, open_year
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

COPIED = [
    ("Đọc 02 cuốn sách viết về Chủ tịch Hồ Chí Minh", "Ghi chép điều tâm đắc"),
    ("Phụ đạo học sinh yếu môn Toán chiều thứ Năm hằng tuần", "Không còn học sinh yếu cuối năm"),
    ("Trồng 200 cây keo trên đồi nhà trước tháng 9", "Tỷ lệ cây sống trên 85%"),
]


def _write(person, rows, *, year=YEAR, submit=True) -> Record:
    record = services.record_create(actor=None, kind=RecordKind.COMMITMENT, year=year, person=person)
    items = [ItemInput(action=a, target=t) for a, t in rows]
    record = services.record_save(actor=None, record=record, version=record.version, items=items)
    return services.record_submit(actor=None, record=record) if submit else record


def _check(client, record, action, target="", deadline=""):
    url = reverse("quality:check", args=[record.pk])
    return client.post(
        url, {"check": "r1", "action-r1": action, "target-r1": target, "deadline-r1": deadline}
    )


@pytest.fixture
def cell(cast):
    """The member writing a draft; a colleague in the same cell who filed COPIED."""
    open_year(cast.district_a, year=YEAR - 1, min_actions=1)
    open_year(cast.district_a, min_actions=1)
    _write(cast.colleague, COPIED)
    cast.draft = _write(cast.member_person, [("Đọc báo Nhân Dân hằng ngày", "")], submit=False)
    return cast


def test_a_colleagues_action_is_flagged_without_naming_the_colleague(cell, client_for):
    response = _check(client_for(cell.member), cell.draft, COPIED[0][0].lower())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Giống một cam kết khác trong chi bộ" in body
    assert cell.colleague.full_name not in body


def test_many_copies_are_counted_never_named(cell, client_for):
    third = PersonFactory(full_name="Ma Thị Hoa", org=cell.cell_a1)
    _write(third, COPIED)
    body = _check(client_for(cell.member), cell.draft, COPIED[1][0]).content.decode()
    assert "Giống 2 cam kết khác trong chi bộ" in body
    assert "Ma Thị Hoa" not in body and cell.colleague.full_name not in body


def test_ones_own_action_of_last_year_is_flagged(cell, client_for):
    _write(cell.member_person, [("Tham gia tổ tự quản đường làng mỗi tháng một lần", "")], year=YEAR - 1)
    body = _check(
        client_for(cell.member), cell.draft, "Tham gia tổ tự quản đường làng, mỗi tháng một lần"
    ).content
    assert f"Giống việc làm đã đăng ký năm {YEAR - 1}" in body.decode()


def test_a_vague_action_gets_a_suggestion_and_the_target_can_make_it_concrete(cell, client_for):
    client = client_for(cell.member)
    body = _check(client, cell.draft, "Đi làm đúng giờ").content.decode()
    assert "Chưa cụ thể" in body and "Đi làm đúng giờ, không đi muộn buổi nào trong năm" in body
    body = _check(client, cell.draft, "Đi làm đúng giờ", target="Không đi muộn buổi nào").content.decode()
    assert "Chưa cụ thể" not in body


def test_boilerplate_is_flagged(cell, client_for):
    body = _check(
        client_for(cell.member), cell.draft, "Không ngừng nỗ lực lan tỏa những giá trị tích cực"
    ).content
    assert "công cụ AI" in body.decode()


@pytest.mark.parametrize("text", ["", "   ", "🙂", "x" * 10_000, "di lam dung gio"])
def test_odd_text_is_answered(cell, client_for, text):
    assert _check(client_for(cell.member), cell.draft, text).status_code == 200


def test_a_new_row_with_nothing_typed_says_nothing(cell, client_for):
    assert _check(client_for(cell.member), cell.draft, "").content.decode().strip() == ""


def test_only_who_may_edit_the_record_may_ask(cell, client_for):
    filed = Record.objects.get(person=cell.colleague)
    assert _check(client_for(cell.member), filed, "Đọc sách").status_code == 404  # not theirs, not visible
    assert _check(client_for(cell.officer), cell.draft, "Đọc sách").status_code == 403
    bad = client_for(cell.member).post(reverse("quality:check", args=[cell.draft.pk]), {"check": "../x"})
    assert bad.status_code == 400
    assert client_for(cell.member).get(reverse("quality:check", args=[cell.draft.pk])).status_code == 405
    mine = services.record_submit(actor=None, record=cell.draft)
    late = _check(client_for(cell.member), mine, "Đọc sách")  # submitted: nothing is being written
    assert late.status_code == 204 and late.content == b""


def test_the_check_reads_a_constant_number_of_queries_whatever_the_cells_size(cell, client_for):
    client = client_for(cell.member)
    _check(client, cell.draft, "Đọc sách")  # warm up (session, caches)
    with CaptureQueriesContext(connection) as small:
        _check(client, cell.draft, COPIED[0][0])
    for i in range(15):
        _write(PersonFactory(full_name=f"Người Thứ {i}", org=cell.cell_a1), COPIED)
    with CaptureQueriesContext(connection) as large:
        body = _check(client, cell.draft, COPIED[0][0]).content.decode()
    assert len(large) == len(small)
    assert "Giống 16 cam kết khác trong chi bộ" in body


def test_the_edit_form_asks_for_the_check_on_every_row(cell, client_for):
    body = client_for(cell.member).get(reverse("cycle:record-edit", args=[cell.draft.pk])).content.decode()
    assert reverse("quality:check", args=[cell.draft.pk]) in body
    assert 'hx-trigger="load, input delay:300ms"' in body
    assert 'aria-live="polite"' in body


# --- The quality page ---------------------------------------------------------------------------


@pytest.fixture
def clustered(cell):
    """A cluster in the member's cell: the colleague and a third person filed the same commitment."""
    third = PersonFactory(full_name="Ma Thị Hoa", org=cell.cell_a1)
    _write(third, COPIED)
    services.record_submit(actor=None, record=cell.draft)
    return cell


def _page(client, org, year=YEAR):
    return client.get(reverse("reports:quality"), {"org": org.pk, "year": year})


def test_leaders_see_who_is_in_a_cluster(clustered, client_for):
    response = _page(client_for(clustered.leader), clustered.commune_a1)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nhóm 1: 2 bản cam kết — Chi bộ thôn Nà Pài" in body
    assert "Ma Thị Hoa" in body and clustered.colleague.full_name in body
    assert COPIED[0][0] in body  # what they share


def test_officers_see_the_figures_but_not_the_names(clustered, client_for):
    body = _page(client_for(clustered.officer), clustered.district_a).content.decode()
    assert "Nhóm 1: 2 bản cam kết" in body
    assert "Ma Thị Hoa" not in body and clustered.colleague.full_name not in body
    assert "chỉ hiện với cấp ủy duyệt bản cam kết" in body


def test_the_page_is_refused_outside_the_scope_and_to_members(clustered, client_for):
    assert _page(client_for(clustered.outsider), clustered.commune_a1).status_code == 404
    assert _page(client_for(clustered.leader), clustered.district_a).status_code == 404
    member = client_for(clustered.member).get(reverse("reports:quality"))
    assert member.status_code == 302  # a member has no statistics pages: sent home
    assert _page(client_for(clustered.member), clustered.cell_a1).status_code == 404


def test_the_child_table_and_the_dashboard_column_show_the_concrete_share(clustered, client_for):
    client = client_for(clustered.officer)
    body = _page(client, clustered.district_a).content.decode()
    # 2 filed commitments × 3 actions + the member's one action, all concrete
    assert "việc làm cụ thể (7/7)" in body
    dashboard = client.get(reverse("reports:dashboard"), {"org": clustered.district_a.pk, "year": YEAR})
    text = dashboard.content.decode()
    assert "Việc làm cụ thể" in text and reverse("reports:quality") in text
    assert "1 nhóm giống nhau" in text


def test_the_dashboard_workbook_has_the_quality_columns(clustered, client_for):
    import io

    from openpyxl import load_workbook

    response = client_for(clustered.officer).get(reverse("reports:dashboard-xlsx"), {"year": YEAR})
    sheet = load_workbook(io.BytesIO(response.content))["Đơn vị trực thuộc"]
    header = sheets.header(sheet)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheets.rows(sheet)}
    total = rows["Toàn Đảng bộ huyện An Bình"]
    assert total["Việc làm trong các bản cam kết"] == 7 and total["Tỷ lệ việc làm cụ thể"] == 1
    assert total["Nhóm bản cam kết giống nhau"] == 1 and total["Bản cam kết trong các nhóm"] == 2


def test_an_ended_commune_keeps_its_past_lists_and_its_successor_gets_none_for_a_year_before_it(
    cell, client_for
):
    """The page counts like the figures: after a merge moved the cell away, the ended commune's page for a
    year it existed still lists the cell's cluster (as it was); its successor, not there that year, shows it
    carried in and says so; asked as it was, the successor has nothing for that year."""
    past = YEAR - 1
    for person in (cell.colleague, PersonFactory(full_name="Ma Thị Hoa", org=cell.cell_a1)):
        _write(person, COPIED, year=past)
    client = client_for(cell.officer)
    assert (
        "Nhóm 1: 2 bản cam kết — Chi bộ thôn Nà Pài" in _page(client, cell.commune_a1, past).content.decode()
    )

    on = datetime.date(YEAR, 1, 1)
    new = org_services.org_create(
        actor=None,
        parent=cell.district_a,
        kind=OrgKind.COMMUNE_COMMITTEE,
        name="Đảng bộ xã Hợp Nhất",
        code="HN",
        began_on=on,
    )
    org_services.org_merge(actor=None, sources=[cell.commune_a1], target=new, on=on)
    cell.commune_a1.refresh_from_db()
    assert cell.commune_a1.ended_on is not None

    ended = _page(client, cell.commune_a1, past).content.decode()
    assert "Nhóm 1: 2 bản cam kết — Chi bộ thôn Nà Pài" in ended
    carried = _page(client, new, past).content.decode()
    assert "Nhóm 1: 2 bản cam kết — Chi bộ thôn Nà Pài" in carried
    assert "Bao gồm số liệu của" in carried and "chưa thành lập" in carried
