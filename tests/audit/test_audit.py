"""The audit log: what is logged, with who, when and from where; read and exported by admins only; no
entry can be changed or deleted, through the ORM or by SQL."""

from __future__ import annotations

import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from lamtheobac.audit import services as audit
from lamtheobac.audit.models import Action, Entry
from lamtheobac.cycle import services as cycle
from lamtheobac.cycle.models import Rating, RecordState
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role
from tests import sheets

from ..cycle.builders import assess_all, bring_to, make_commitment, open_year
from ..factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast):
    return open_year(cast.district_a, actor=cast.officer)


BROWSER = "Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile"


def only(action: str, **filters) -> Entry:
    entries = list(Entry.objects.filter(action=action, **filters))
    assert len(entries) == 1, entries
    return entries[0]


def test_a_sign_in_is_logged_with_who_when_and_from_where(cast, client):
    client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD},
                REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT=BROWSER)  # fmt: skip
    entry = only(Action.LOGIN)
    assert (entry.actor_id, entry.actor_name, entry.ip) == (cast.member.pk, "member", "10.1.2.3")
    assert entry.user_agent == BROWSER
    assert entry.org_name == cast.cell_a1.name  # the member's own cell


def test_a_failed_sign_in_keeps_the_name_typed_and_never_the_password(cast, client):
    client.post(reverse("accounts:login"), {"username": "member", "password": "mat-khau-sai-9"},
                REMOTE_ADDR="10.9.9.9")  # fmt: skip
    entry = only(Action.LOGIN_FAILED)
    assert (entry.actor_id, entry.actor_name, entry.ip) == (None, "member", "10.9.9.9")
    row = Entry.objects.filter(pk=entry.pk).values().get()
    assert "mat-khau-sai-9" not in repr(row)


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(cast, client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client.post(reverse("accounts:login"), {"username": "member", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")  # fmt: skip
    assert only(Action.LOGIN).ip == "203.0.113.7"  # what the client wrote itself comes first and is ignored


def test_a_sign_out_is_logged(cast, client_for):
    client_for(cast.member).post(reverse("accounts:logout"))
    assert only(Action.LOGOUT).actor_name == "member"


def test_granting_and_revoking_a_role_are_logged(cast, client_for):
    grant = org_services.grant_create(
        actor=cast.officer, user=cast.member, org=cast.cell_a1, role=Role.LEADER
    )
    entry = only(Action.ROLE_GRANTED, actor_id=cast.officer.pk)
    assert entry.org_path == cast.cell_a1.path
    assert "member" in entry.target and "Lãnh đạo cấp ủy" in entry.target
    org_services.grant_revoke(actor=cast.officer, grant=grant)
    assert "Lãnh đạo cấp ủy" in only(Action.ROLE_REVOKED, actor_name="officer").target


def test_the_grant_page_logs_under_the_signed_in_officer(cast, client_for):
    client = client_for(cast.officer)
    client.post(reverse("organisation:org-grants", args=[cast.cell_a1.pk]),
                {"username": "member", "role": Role.LEADER}, REMOTE_ADDR="10.0.0.8")  # fmt: skip
    entry = only(Action.ROLE_GRANTED, actor_name="officer")
    assert entry.ip == "10.0.0.8" and "member" in entry.target


def test_approving_returning_and_rating_are_logged(cast, year):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    record = bring_to(record, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    cycle.record_return(actor=cast.leader, record=record, comment="Việc làm chưa cụ thể")
    returned = only(Action.RETURNED)
    assert returned.actor_name == "leader" and "Hoàng Thị Mai" in returned.target
    assert returned.detail["comment"] == "Việc làm chưa cụ thể"
    record = bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)
    assert only(Action.APPROVED).org_path == cast.cell_a1.path
    record = cycle.record_self_assess(actor=cast.member, record=record, assessments=assess_all(record))
    cycle.record_rate(actor=cast.leader, record=record, rating=Rating.GOOD, score=85)
    rated = only(Action.RATED)
    assert rated.detail == {"rating": Rating.GOOD, "score": 85}
    assert "Hoàn thành tốt nhiệm vụ" in rated.target and "85" in rated.target


def test_reopening_a_closed_year_is_logged_with_the_reason(cast, year):
    cycle.period_close(actor=cast.officer, period=year)
    cycle.period_reopen(actor=cast.admin, period=year, reason="Bổ sung hồ sơ còn thiếu")
    entry = only(Action.PERIOD_REOPENED)
    assert entry.actor_name == "admin" and entry.detail["reason"] == "Bổ sung hồ sơ còn thiếu"
    assert entry.org_path == cast.district_a.path


def test_exporting_a_people_list_is_logged(cast, client_for):
    client = client_for(cast.officer)
    response = client.get(reverse("organisation:person-list"), {"format": "xlsx"})
    assert response.status_code == 200
    entry = only(Action.EXPORTED)
    assert entry.actor_name == "officer" and "Danh sách cá nhân" in entry.target


# --- Nobody rewrites history ---------------------------------------------------------------------


@pytest.fixture
def entry(cast):
    return audit.record(Action.LOGIN, actor=cast.member, target="lần đầu")


def test_the_application_refuses_to_change_or_delete_an_entry(entry):
    entry.target = "đã sửa"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        Entry.objects.filter(pk=entry.pk).update(target="đã sửa")
    with pytest.raises(TypeError):
        Entry.objects.all().delete()
    assert Entry.objects.get(pk=entry.pk).target == "lần đầu"


def test_the_database_refuses_too(entry):
    """A change on both databases; a delete on PostgreSQL (see the migration on SQLite's flush)."""
    table = Entry._meta.db_table
    refused = [f"UPDATE {table} SET target = 'đã sửa'"]
    if connection.vendor == "postgresql":
        refused.append(f"DELETE FROM {table}")
    for sql in refused:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert Entry.objects.get(pk=entry.pk).target == "lần đầu"


# --- Reading it -----------------------------------------------------------------------------------


def test_the_log_page_filters_by_action_words_and_dates(cast, client_for, entry):
    audit.record(Action.RATED, actor=cast.leader, org=cast.cell_a1, target="Bản cam kết 2026 — Hoàng Thị Mai")
    client = client_for(cast.admin)
    url = reverse("audit:list")
    page = client.get(url).content.decode()
    assert "Hoàng Thị Mai" in page and "lần đầu" in page
    page = client.get(url, {"action": Action.RATED}).content.decode()
    assert "Hoàng Thị Mai" in page and "lần đầu" not in page
    page = client.get(url, {"q": "hoang thi mai"}).content.decode()  # without diacritics
    assert "Hoàng Thị Mai" in page and "lần đầu" not in page
    page = client.get(url, {"since": "2000-01-01", "until": "2000-12-31"}).content.decode()
    assert "Hoàng Thị Mai" not in page and "Không có mục nào." in page


def test_the_export_holds_the_filtered_entries_and_is_itself_logged(cast, client_for, entry):
    audit.record(Action.RATED, actor=cast.leader, org=cast.cell_a1, target="Bản cam kết — Hoàng Thị Mai")
    response = client_for(cast.admin).get(reverse("audit:export"), {"action": Action.RATED})
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = sheets.rows(sheet)
    assert len(rows) == 1 and rows[0][1] == "Xếp loại" and rows[0][2] == "leader"
    assert "Hoàng Thị Mai" in rows[0][5]
    assert Entry.objects.filter(action=Action.EXPORTED, actor_name="admin").count() == 1


def test_only_admins_read_the_log(cast, client_for, entry):
    for user in (cast.officer, cast.leader, cast.member, cast.inspector, cast.outsider):
        assert client_for(user).get(reverse("audit:list")).status_code == 403
        assert client_for(user).get(reverse("audit:export")).status_code == 403
    assert client_for(cast.admin).get(reverse("audit:list")).status_code == 200


def test_the_menu_shows_the_log_to_admins_only(cast, client_for):
    assert reverse("audit:list") in client_for(cast.admin).get(reverse("home"), follow=True).content.decode()
    assert (
        reverse("audit:list")
        not in client_for(cast.officer).get(reverse("home"), follow=True).content.decode()
    )
