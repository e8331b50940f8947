"""A person takes away everything the system holds about them (.xlsx, .json); an admin produces it on
request; nobody else can, and each export is written to the audit log."""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.audit.models import Action, Entry
from lamtheobac.audit.services import record

from ..cycle.builders import bring_to, make_commitment, open_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(cast):
    open_year(cast.district_a, actor=cast.officer)
    cast.member_person.phone, cast.member_person.party_card_number = "0987654321", "11223344"
    cast.member_person.save()
    mine = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(mine, "approved", writer=cast.member, leader=cast.leader)
    make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)  # not hers
    record(Action.LOGIN, actor=cast.member)
    return mine


def _workbook(response) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(response.content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _text(sheets) -> str:
    return " ".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)


def test_a_member_downloads_everything_about_her_and_nothing_about_others(cast, client_for, history):
    response = client_for(cast.member).get(reverse("accounts:my-data"), {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheets = _workbook(response)
    assert {"Thông tin cá nhân", "Bản cam kết", "Việc làm đã đăng ký", "Lịch sử bản cam kết", "Tài khoản",
            "Vai trò", "Nhật ký đăng nhập và thao tác"} <= set(sheets)  # fmt: skip
    text = _text(sheets)
    assert "Hoàng Thị Mai" in text and "0987654321" in text and "11223344" in text
    assert history.items.first().action in text
    assert "Đã duyệt" in text and "Đăng nhập" in text
    assert "Nông Văn Dũng" not in text and "Bí Mật" not in text
    assert len(sheets["Bản cam kết"]) == 2  # the heading and her one commitment


def test_the_json_holds_the_same_data(cast, client_for, history):
    response = client_for(cast.member).get(reverse("accounts:my-data"), {"format": "json"})
    data = json.loads(response.content)
    assert data["Thông tin cá nhân"][0]["Họ và tên"] == "Hoàng Thị Mai"
    assert [r["Năm"] for r in data["Bản cam kết"]] == [history.year]
    assert data["Tài khoản"][0]["Tên đăng nhập"] == "member"


def test_each_export_is_in_the_audit_log(cast, client_for, history):
    client_for(cast.member).get(reverse("accounts:my-data"), {"format": "json"})
    entry = Entry.objects.get(action=Action.EXPORTED)
    assert entry.actor_name == "member" and "Hoàng Thị Mai" in entry.target


def test_the_page_explains_before_downloading(cast, client_for):
    page = client_for(cast.member).get(reverse("accounts:my-data")).content.decode()
    assert "Tải Excel" in page and "Tải JSON" in page
    assert not Entry.objects.filter(action=Action.EXPORTED).exists()


def test_an_admin_produces_it_on_request_and_no_one_else(cast, client_for, history):
    url = reverse("accounts:person-data", args=[cast.member_person.pk])
    response = client_for(cast.admin).get(url, {"format": "xlsx"})
    assert response.status_code == 200 and "Hoàng Thị Mai" in _text(_workbook(response))
    for user in (cast.officer, cast.leader, cast.inspector):  # they see her, but may not take everything
        assert client_for(user).get(url, {"format": "xlsx"}).status_code == 403
    assert client_for(cast.outsider).get(url, {"format": "xlsx"}).status_code == 404
    assert client_for(cast.member).get(url, {"format": "xlsx"}).status_code == 403


def test_an_account_without_a_person_gets_its_account_data(cast, client_for):
    sheets = _workbook(client_for(cast.admin).get(reverse("accounts:my-data"), {"format": "xlsx"}))
    assert "Thông tin cá nhân" not in sheets and sheets["Tài khoản"][1][0] == "admin"


def test_a_person_who_leaves_is_hidden_from_lists_and_keeps_her_history(cast, client_for, history):
    from lamtheobac.organisation import services

    services.person_update(actor=cast.officer, person=cast.member_person, active=False)
    client = client_for(cast.officer)
    listed = client.get(reverse("organisation:person-list")).content.decode()
    assert "Hoàng Thị Mai" not in listed and "Nông Văn Dũng" in listed
    assert (
        "Hoàng Thị Mai"
        in client.get(reverse("organisation:person-list"), {"status": "inactive"}).content.decode()
    )
    history.refresh_from_db()
    assert history.transitions.count() >= 3 and history.items.exists()  # nothing of her record is lost
    entry = Entry.objects.get(action=Action.PERSON_DEACTIVATED)
    assert (entry.actor_name, entry.target) == ("officer", "Hoàng Thị Mai")


def test_marking_a_person_as_left_on_the_edit_page_is_logged(cast, client_for):
    """The edit form copies its values onto the person before the service runs; the log still sees the
    change from active to left."""
    person = cast.member_person
    form = {
        "full_name": person.full_name,
        "gender": person.gender,
        "kind": person.kind,
        "position": "",
        "phone": "",
        "email": "",
        "party_card_number": "",
        "citizen_id": "",
    }  # fmt: skip (no "active")
    response = client_for(cast.officer).post(reverse("organisation:person-edit", args=[person.pk]), form)
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.active
    entry = Entry.objects.get(action=Action.PERSON_DEACTIVATED)
    assert (entry.actor_name, entry.target) == ("officer", "Hoàng Thị Mai")
