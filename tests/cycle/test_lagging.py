"""Lagging units: who is behind the deadlines, reminding them in one click, the reminder on their home page."""

from __future__ import annotations

import datetime
import re
from unittest.mock import patch

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle import services
from lamtheobac.cycle.lagging import selectors as lagging
from lamtheobac.cycle.lagging import services as reminding
from lamtheobac.cycle.lagging.selectors import Status
from lamtheobac.cycle.models import RecordKind, RecordState, Reminder, ReminderDuty
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import OrgKind, Role

from ..factories import OrgFactory, PersonFactory, UserFactory
from .builders import YEAR, bring_to, in_days, make_commitment, make_plan, open_year

pytestmark = pytest.mark.django_db

LATER = in_days(40)  # past the default deadlines of ``open_year`` (a month ahead)


@pytest.fixture
def overdue(cast):
    """This year at district A, with both deadlines already past (plans 10 days ago, commitments 5)."""
    return open_year(
        cast.district_a, actor=cast.officer, plan_deadline=in_days(-10), commitment_deadline=in_days(-5)
    )


@pytest.fixture
def reachable(cast):
    """Everyone in district A can be reminded: the two people without an account get one, and the cell and
    the commune without a leader get a leader with an account."""
    for person in (cast.colleague, cast.person_a2):
        person.user = UserFactory()
        person.save()
    for org in (cast.cell_a1, cast.commune_a2):
        org_services.grant_create(actor=None, user=UserFactory(), org=org, role=Role.LEADER)
    return cast


def _names(part) -> list[str]:
    return [lag.person.full_name if lag.person else lag.org.name for lag in part.lags]


def _remind_all(cast, org=None, **kwargs) -> reminding.RemindResult:
    report = lagging.lagging(org or cast.district_a, YEAR)
    return reminding.remind(actor=cast.officer, report=report, **kwargs)


# --- Who lags ---------------------------------------------------------------------------------


def test_nobody_lags_before_the_deadline(cast, year):
    report = lagging.lagging(cast.district_a, YEAR)
    assert not report.plans.due and not report.commitments.due
    assert report.plans.lags == [] and report.commitments.lags == []
    assert report.total == 0
    # the district opened the year: it directs and files no plan; the communes and the cell do
    assert report.plans.required == 3
    assert report.commitments.required == 4


def test_after_the_deadline_everyone_required_lags_in_tree_and_name_order(cast, year):
    report = lagging.lagging(cast.district_a, YEAR, today=LATER)
    assert _names(report.plans) == ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Đảng bộ xã Vũ Muộn"]
    # people by org in tree order, then Vietnamese name order (given name first: Dũng before Mai)
    assert _names(report.commitments) == ["Hà Văn Tuyên", "Nông Văn Dũng", "Hoàng Thị Mai", "Lục Văn Bình"]
    assert {lag.status for lag in report.plans.lags + report.commitments.lags} == {Status.MISSING}
    assert {lag.days_late for lag in report.commitments.lags} == {(LATER - year.commitment_deadline).days}
    assert {lag.days_waiting for lag in report.commitments.lags} == {None}  # nothing filed waits
    assert report.plans.not_filed == 3 and report.commitments.not_filed == 4


def test_nothing_outside_the_subtree_is_listed(cast, year):
    open_year(cast.district_b, actor=cast.outsider)
    report = lagging.lagging(cast.commune_a1, YEAR, today=LATER)
    assert _names(report.plans) == ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài"]
    assert _names(report.commitments) == ["Nông Văn Dũng", "Hoàng Thị Mai"]
    everywhere = lagging.lagging(cast.district_a, YEAR, today=LATER)
    assert "Triệu Thị Bí Mật" not in _names(everywhere.commitments)


def test_filing_and_approving_take_one_off_the_list(cast, year):
    draft = make_commitment(person=cast.member_person, actor=cast.member)
    by_name = {
        lag.person.full_name: lag
        for lag in lagging.lagging(cast.district_a, YEAR, today=LATER).commitments.lags
    }
    assert by_name["Hoàng Thị Mai"].status == Status.DRAFT

    record = bring_to(draft, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    report = lagging.lagging(cast.district_a, YEAR, today=timezone.localdate() + datetime.timedelta(days=35))
    [mai] = [lag for lag in report.commitments.lags if lag.person == cast.member_person]
    assert mai.status == Status.WAITING and mai.days_waiting == 35  # days since it was submitted
    assert mai.days_late is None  # filed: waiting on a leader, not late itself
    assert report.commitments.waiting == 1 and report.commitments.not_filed == 3

    services.record_return(actor=cast.leader, record=record, comment="Ghi rõ kết quả cần đạt")
    [mai] = [
        lag
        for lag in lagging.lagging(cast.district_a, YEAR, today=LATER).commitments.lags
        if lag.person == cast.member_person
    ]
    assert mai.status == Status.RETURNED

    record = services.record_submit(actor=cast.member, record=record)
    services.record_approve(actor=cast.leader, record=record)
    assert "Hoàng Thị Mai" not in _names(lagging.lagging(cast.district_a, YEAR, today=LATER).commitments)


def test_an_approved_plan_takes_its_org_off_the_list(cast, year):
    plan = make_plan(org=cast.cell_a1, actor=cast.leader)
    bring_to(plan, RecordState.APPROVED, writer=cast.leader, leader=cast.leader)
    assert _names(lagging.lagging(cast.district_a, YEAR, today=LATER).plans) == [
        "Đảng bộ xã Lục Bình",
        "Đảng bộ xã Vũ Muộn",
    ]


def test_inactive_orgs_and_people_and_other_kinds_are_not_required(cast, year):
    org_services.org_deactivate(actor=None, org=OrgFactory(name="Chi bộ đã giải thể", parent=cast.commune_a2))
    cast.colleague.active = False
    cast.colleague.save()
    PersonFactory(full_name="Quần Chúng Ba", org=cast.cell_a1, kind="other")
    report = lagging.lagging(cast.district_a, YEAR, today=LATER)
    assert "Chi bộ đã giải thể" not in _names(report.plans) and len(report.plans.lags) == 3
    assert _names(report.commitments) == ["Hà Văn Tuyên", "Hoàng Thị Mai", "Lục Văn Bình"]


def test_a_person_who_moved_is_listed_at_their_new_org_only(cast, year):
    org_services.person_move(actor=cast.officer, person=cast.colleague, to_org=cast.commune_a2)
    assert "Nông Văn Dũng" not in _names(lagging.lagging(cast.commune_a1, YEAR, today=LATER).commitments)
    report = lagging.lagging(cast.commune_a2, YEAR, today=LATER)
    [unit] = lagging.lagging_units(report, report.commitments.lags)
    assert unit.org == cast.commune_a2
    assert [lag.person.full_name for lag in unit.lags] == ["Lục Văn Bình", "Nông Văn Dũng"]


def test_a_person_who_moved_after_filing_keeps_their_commitment(cast, year):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)
    org_services.person_move(actor=cast.officer, person=cast.member_person, to_org=cast.commune_a2)
    assert "Hoàng Thị Mai" not in _names(lagging.lagging(cast.commune_a2, YEAR, today=LATER).commitments)


def test_a_commune_that_asks_more_makes_its_agencies_lag_too(cast):
    """The district asks plans of cells and communes only; Lục Bình adds its agencies. The lagging page of the
    district lists the agency, as the dashboard counts it."""
    from lamtheobac.organisation.models import PersonKind
    from lamtheobac.reports import selectors as reports_selectors

    kinds = [OrgKind.CELL, OrgKind.GRASSROOTS_COMMITTEE]
    people = [PersonKind.MEMBER, PersonKind.PROBATIONARY]
    open_year(cast.district_a, plan_org_kinds=kinds, commitment_person_kinds=people,
              plan_deadline=in_days(-10), commitment_deadline=in_days(-5))  # fmt: skip
    open_year(cast.commune_a1, plan_org_kinds=[*kinds, OrgKind.AGENCY], commitment_person_kinds=people,
              plan_deadline=in_days(-10), commitment_deadline=in_days(-5))  # fmt: skip
    agency = OrgFactory(name="Ủy ban nhân dân xã Lục Bình", kind=OrgKind.AGENCY, parent=cast.commune_a1)
    OrgFactory(
        name="Văn phòng huyện", kind=OrgKind.AGENCY, parent=cast.district_a
    )  # not asked by the district
    report = lagging.lagging(cast.district_a, YEAR)
    assert agency.name in _names(report.plans)
    assert "Văn phòng huyện" not in _names(report.plans)
    assert (
        report.plans.required == reports_selectors.dashboard(cast.district_a, YEAR).total.orgs_required == 4
    )


def test_a_year_not_opened_has_nobody_lagging(cast):
    report = lagging.lagging(cast.district_a, YEAR, today=LATER)
    assert not report.opened and report.total == 0


def test_the_list_takes_a_bounded_number_of_queries(cast, year, django_assert_max_num_queries):
    for i in range(6):
        cell = OrgFactory(name=f"Chi bộ thôn số {i}", parent=cast.commune_a2)
        for j in range(5):
            PersonFactory(full_name=f"Lường Văn Thử {i}{j}", org=cell)
        if i % 2:
            bring_to(make_plan(org=cell), RecordState.SUBMITTED, writer=None, leader=None)
    record = make_commitment(person=cast.member_person)
    bring_to(record, RecordState.SUBMITTED, writer=None, leader=None)
    with django_assert_max_num_queries(14):  # two count filed, approved and returned; one reads the units
        report = lagging.lagging(cast.district_a, YEAR, today=LATER)
        rows = [
            (lag.org.name, lag.org.parent.name, lag.record and lag.record.org.name, lag.status_label)
            for lag in report.plans.lags
        ]
        rows += [
            (g.org.name, lag.person.full_name, lag.person.user_id, lag.record and lag.record.org.name)
            for g in lagging.lagging_units(report, report.commitments.lags)
            for lag in g.lags
        ]
    assert len(report.plans.lags) == 9 and len(report.commitments.lags) == 34


# --- Reminding --------------------------------------------------------------------------------


def test_reminding_all_creates_one_reminder_per_lagging_target(reachable, overdue):
    cast = reachable
    result = _remind_all(cast)
    assert result.created == 7 and result.already == 0
    person_reminders = Reminder.objects.filter(target_person__isnull=False)
    assert {r.target_person for r in person_reminders} == {
        cast.member_person, cast.colleague, cast.person_a2, cast.officer.person,
    }  # fmt: skip
    mai = person_reminders.get(target_person=cast.member_person)
    deadline = overdue.commitment_deadline.strftime("%d/%m/%Y")
    assert mai.message == (
        f"Đồng chí chưa nộp bản cam kết năm {YEAR}; hạn nộp {deadline}. Đề nghị hoàn thành sớm."
    )
    assert (mai.kind, mai.duty, mai.year, mai.sender, mai.sender_org) == (
        RecordKind.COMMITMENT, ReminderDuty.FILE, YEAR, cast.officer, cast.district_a,
    )  # fmt: skip
    cell = Reminder.objects.get(target_org=cast.cell_a1)
    assert cell.kind == RecordKind.PLAN
    assert cell.message.startswith(f"Chi bộ thôn Nà Pài chưa nộp kế hoạch học tập và làm theo Bác năm {YEAR}")


def test_a_second_click_adds_no_duplicate_until_the_first_is_seen(reachable, overdue):
    cast = reachable
    _remind_all(cast)
    again = _remind_all(cast)
    assert again.created == 0 and again.already == 7
    assert Reminder.objects.count() == 7
    mai = Reminder.objects.get(target_person=cast.member_person)
    reminding.reminder_mark_seen(actor=cast.member, reminder=mai)
    third = _remind_all(cast, people=[cast.member_person.pk])
    assert third.created == 1
    assert Reminder.objects.filter(target_person=cast.member_person).count() == 2


def test_reminding_one_person_reminds_only_them(reachable, overdue):
    cast = reachable
    result = _remind_all(cast, people=[cast.colleague.pk], orgs=[])
    assert result.created == 1
    assert Reminder.objects.get().target_person == cast.colleague


def test_a_returned_commitment_is_reminded_in_its_own_words(cast, overdue):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.RETURNED, writer=cast.member, leader=cast.leader)
    _remind_all(cast, people=[cast.member_person.pk])
    assert "đã được trả lại để sửa nhưng chưa nộp lại" in Reminder.objects.get().message


def test_waiting_records_remind_the_nearest_leaders_above_once_per_org(cast, overdue):
    for person in (cast.member_person, cast.colleague):
        bring_to(make_commitment(person=person), RecordState.SUBMITTED, writer=None, leader=None)
    bring_to(make_plan(org=cast.cell_a1), RecordState.SUBMITTED, writer=None, leader=None)
    _remind_all(cast)
    # the cell has no leader with an account: the commune's leader approves its plan and commitments
    commitments = Reminder.objects.get(duty=ReminderDuty.APPROVE, kind=RecordKind.COMMITMENT)
    assert commitments.target_org == cast.commune_a1
    assert commitments.message.startswith(f"Đảng bộ xã Lục Bình có 2 bản cam kết năm {YEAR} đã nộp")
    plans = Reminder.objects.get(duty=ReminderDuty.APPROVE, kind=RecordKind.PLAN)
    assert plans.target_org == cast.commune_a1
    assert plans.message.startswith(f"Có 1 kế hoạch năm {YEAR} của tập thể trực thuộc Đảng bộ xã Lục Bình")
    assert not Reminder.objects.filter(target_person__in=[cast.member_person, cast.colleague]).exists()


def test_a_cell_with_its_own_leader_is_reminded_to_approve_its_members(cast, overdue):
    bithu = UserFactory(username="bithu_chibo")
    org_services.grant_create(actor=None, user=bithu, org=cast.cell_a1, role=Role.LEADER)
    bring_to(make_commitment(person=cast.colleague), RecordState.SUBMITTED, writer=None, leader=None)
    _remind_all(cast)
    assert Reminder.objects.get(duty=ReminderDuty.APPROVE).target_org == cast.cell_a1


def test_waiting_records_with_no_leader_inside_the_page_org_are_not_reminded(cast, overdue):
    bring_to(make_plan(org=cast.commune_a1), RecordState.SUBMITTED, writer=None, leader=None)
    result = _remind_all(cast, org=cast.commune_a1, orgs=[cast.commune_a1.pk])
    assert result.created == 0 and result.skipped == 1  # its approvers sit at the district
    bring_to(make_plan(org=cast.commune_a2), RecordState.SUBMITTED, writer=None, leader=None)
    result = _remind_all(cast, orgs=[cast.commune_a2.pk])
    assert result.created == 0 and result.skipped == 1  # the district has an officer, no leader
    [lag] = [lag for lag in lagging.lagging(cast.district_a, YEAR).plans.lags if lag.org == cast.commune_a2]
    assert not lag.reachable


def test_a_closed_year_cannot_be_reminded(cast, overdue):
    services.period_close(actor=cast.officer, period=overdue)
    with pytest.raises(ValidationError, match="không gửi nhắc nhở được"):
        _remind_all(cast)
    assert not Reminder.objects.exists()


# --- E-mail -----------------------------------------------------------------------------------


@pytest.fixture
def addresses(reachable):
    cast = reachable
    cast.member.email = "mai@example.vn"
    cast.member.save()
    cast.leader.email = "bithu@example.vn"
    cast.leader.save()
    return cast


def test_no_mail_is_sent_without_a_mail_server(addresses, overdue, settings):
    settings.EMAIL_HOST = ""
    result = _remind_all(addresses)
    assert result.created == 7 and result.mailed == 0
    assert mail.outbox == []
    assert not Reminder.objects.filter(emailed_at__isnull=False).exists()


def test_mail_goes_to_the_person_and_to_the_org_leaders_when_configured(addresses, overdue, settings):
    settings.EMAIL_HOST = "smtp.example.vn"
    result = _remind_all(addresses)
    assert result.mailed == 2  # only the member and the commune's leader have an address
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"mai@example.vn", "bithu@example.vn"}
    to_mai = by_address["mai@example.vn"]
    assert to_mai.subject == f"[Làm theo Bác] Nhắc nộp bản cam kết năm {YEAR}"
    assert "Đồng chí chưa nộp bản cam kết" in to_mai.body and "Đảng bộ huyện An Bình" in to_mai.body
    assert "Đảng bộ xã Lục Bình chưa nộp kế hoạch" in by_address["bithu@example.vn"].body
    assert Reminder.objects.get(target_person=addresses.member_person).emailed_at is not None


def test_a_mail_server_down_does_not_fail_the_reminding(addresses, overdue, settings, client_for, caplog):
    settings.EMAIL_HOST = "smtp.example.vn"
    with patch("lamtheobac.cycle.lagging.services.send_mass_mail", side_effect=OSError("Connection refused")):
        response = client_for(addresses.officer).post(
            reverse("cycle:remind"), {"org": addresses.district_a.pk, "year": YEAR, "all": "1"}
        )
    assert response.status_code == 302
    assert Reminder.objects.count() == 7
    assert "could not be sent" in caplog.text


# --- Pages ------------------------------------------------------------------------------------


def _page(client, org, year=YEAR):
    return client.get(reverse("cycle:lagging"), {"org": org.pk, "year": year})


def test_the_page_lists_the_lagging_with_counts_deadline_and_buttons(reachable, overdue, client_for):
    cast = reachable
    response = _page(client_for(cast.officer), cast.district_a)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đơn vị, cá nhân chậm tiến độ năm" in body
    assert "Nhắc tất cả (7)" in body and "data-confirm" in body
    assert overdue.plan_deadline.strftime("%d/%m/%Y") in body and "đã quá 10 ngày" in body
    assert "Hoàng Thị Mai" in body and "Chi bộ thôn Nà Pài" in body
    assert "Triệu Thị Bí Mật" not in body and "Khuổi Chắp" not in body
    assert body.count('name="person"') == 4 and body.count('name="target_org"') == 3


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_page_groups_the_lagging_by_unit_with_a_summary_line(cast, overdue, client_for):
    """A unit is the child of the page's org a row sits under; its line counts what it owes."""
    member = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(member, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    response = _page(client_for(cast.officer), cast.district_a)
    units = response.context["units"]
    assert [(u.org.name, [lag.person.full_name if lag.person else lag.org.name for lag in u.lags]) for u in units] == [
        ("Đảng bộ huyện An Bình", ["Hà Văn Tuyên"]),  # on the page's org itself
        ("Đảng bộ xã Lục Bình", ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Nông Văn Dũng", "Hoàng Thị Mai"]),
        ("Đảng bộ xã Vũ Muộn", ["Đảng bộ xã Vũ Muộn", "Lục Văn Bình"]),
    ]  # fmt: skip
    lines = [
        _text(m) for m in re.findall(r'<p class="unit-summary">(.*?)</p>', response.content.decode(), re.S)
    ]
    assert lines == [
        "1 bản cam kết chưa nộp nhắc được tất cả",
        # the leader of Lục Bình hears its plan and Mai's waiting commitment; Mai has an account
        "2 kế hoạch chưa nộp 1 bản cam kết chưa nộp 1 hồ sơ chờ duyệt (lâu nhất 0 ngày) nhắc được 2/4",
        "1 kế hoạch chưa nộp 1 bản cam kết chưa nộp chưa nhắc được ai (chưa có tài khoản)",
    ]
    assert (
        f'href="{reverse("cycle:lagging")}?org={cast.commune_a1.pk}&amp;year={YEAR}"'
        in response.content.decode()
    )


def test_days_late_and_days_waiting_have_a_column_each(cast, overdue, client_for):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    body = _page(client_for(cast.officer), cast.district_a).content.decode()
    assert '<th class="num">Quá hạn (ngày)</th><th class="num">Chờ duyệt (ngày)</th>' in body
    [mai] = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if "Hoàng Thị Mai" in row]
    cells = re.findall(r'<td class="num( empty)?" data-label="([^"]+)">(.*?)</td>', mai, re.S)
    assert [(label, _text(value), bool(empty)) for empty, label, value in cells] == [
        ("Quá hạn (ngày)", "", True), ("Chờ duyệt (ngày)", "0", False),
    ]  # fmt: skip
    [dung] = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if "Nông Văn Dũng" in row]
    cells = re.findall(r'<td class="num( empty)?" data-label="([^"]+)">(.*?)</td>', dung, re.S)
    assert [_text(value) for _empty, _label, value in cells] == ["5", ""]


def test_a_row_offers_nhắc_only_where_a_reminder_can_reach_someone(cast, overdue, client_for):
    """Without accounts: Nông Văn Dũng and Lục Văn Bình; the cell and Vũ Muộn have no leader with one."""
    body = _page(client_for(cast.officer), cast.district_a).content.decode()
    assert body.count('name="person"') == 2  # Hoàng Thị Mai, Hà Văn Tuyên
    assert body.count('name="target_org"') == 1  # Lục Bình, whose leader has an account
    [dung] = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if "Nông Văn Dũng" in row]
    assert "<button" not in dung and "Chưa có tài khoản: nhắc trực tiếp" in dung
    [cell] = [row for row in re.findall(r"<tr>.*?</tr>", body, re.S) if f"?org={cast.cell_a1.pk}&amp;" in row]
    assert "<button" not in cell and "Đơn vị chưa có lãnh đạo cấp ủy có tài khoản" in cell
    assert "Nhắc tất cả (3)" in body
    assert "4 đơn vị, cá nhân chưa có tài khoản nhận lời nhắc" in body


def test_reminding_all_skips_those_no_reminder_can_reach(cast, overdue, client_for):
    response = client_for(cast.officer).post(
        reverse("cycle:remind"), {"org": cast.district_a.pk, "year": YEAR, "all": "1"}, follow=True
    )
    assert {(r.target_person, r.target_org) for r in Reminder.objects.all()} == {
        (cast.member_person, None), (cast.officer.person, None), (None, cast.commune_a1),
    }  # fmt: skip
    body = response.content.decode()
    assert "Đã gửi 3 lời nhắc." in body and "4 nơi chưa có tài khoản nhận lời nhắc nên không gửi" in body


def test_a_person_with_only_an_address_is_reached_when_mail_is_configured(cast, overdue, settings):
    cast.colleague.email = "dung@example.vn"
    cast.colleague.save()
    settings.EMAIL_HOST = ""
    [dung] = [
        lag for lag in lagging.lagging(cast.district_a, YEAR).commitments.lags if lag.person == cast.colleague
    ]
    assert not dung.reachable
    settings.EMAIL_HOST = "smtp.example.vn"
    [dung] = [
        lag for lag in lagging.lagging(cast.district_a, YEAR).commitments.lags if lag.person == cast.colleague
    ]
    assert dung.reachable


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"status": "waiting"}, ["Hoàng Thị Mai"]),
        (
            {"status": "missing", "kind": "plan"},
            ["Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Đảng bộ xã Vũ Muộn"],
        ),
        ({"kind": "commitment"}, ["Hà Văn Tuyên", "Nông Văn Dũng", "Hoàng Thị Mai", "Lục Văn Bình"]),
        ({"status": "returned"}, []),
        ({"status": "nonsense", "kind": "nonsense"}, None),  # anything else: everyone
    ],
)
def test_the_list_is_filtered_by_kind_of_lateness_and_of_record(cast, overdue, client_for, query, names):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    response = client_for(cast.officer).get(
        reverse("cycle:lagging"), {"org": cast.district_a.pk, "year": YEAR, **query}
    )
    shown = [
        lag.person.full_name if lag.person else lag.org.name
        for u in response.context["units"]
        for lag in u.lags
    ]
    assert shown == (names if names is not None else [
        "Hà Văn Tuyên", "Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Nông Văn Dũng", "Hoàng Thị Mai",
        "Đảng bộ xã Vũ Muộn", "Lục Văn Bình",
    ])  # fmt: skip
    if names == []:
        assert "Không có tập thể, cá nhân nào chậm tiến độ theo bộ lọc này." in response.content.decode()


def test_reminding_all_under_a_filter_reminds_only_what_the_filter_keeps(reachable, overdue, client_for):
    cast = reachable
    data = {"org": cast.district_a.pk, "year": YEAR, "all": "1", "kind": "plan"}
    response = client_for(cast.officer).post(reverse("cycle:remind"), data)
    assert (
        response["Location"] == f"{reverse('cycle:lagging')}?org={cast.district_a.pk}&year={YEAR}&kind=plan"
    )
    assert set(Reminder.objects.values_list("target_org__name", flat=True)) == {
        "Đảng bộ xã Lục Bình", "Chi bộ thôn Nà Pài", "Đảng bộ xã Vũ Muộn",
    }  # fmt: skip
    assert not Reminder.objects.filter(target_person__isnull=False).exists()


def test_the_list_is_paged_and_a_unit_goes_on_under_its_name(cast, overdue, client_for, monkeypatch):
    monkeypatch.setattr("lamtheobac.cycle.views.lagging.ROWS_PER_PAGE", 3)
    client = client_for(cast.officer)
    first = _page(client, cast.district_a)
    assert first.context["page"].paginator.num_pages == 3  # 7 rows, 3 a page
    assert "Trang 1/3" in first.content.decode() and "page=2" in first.content.decode()
    second = client.get(reverse("cycle:lagging"), {"org": cast.district_a.pk, "year": YEAR, "page": 2})
    block, after = second.context["shown"]
    assert block.unit.org == cast.commune_a1 and block.continued  # Lục Bình's plan and cell were on page 1
    assert [lag.person.full_name for lag in block.lags] == ["Nông Văn Dũng", "Hoàng Thị Mai"]
    assert after.unit.org == cast.commune_a2 and not after.continued and len(after.lags) == 1
    body = second.content.decode()
    assert "(tiếp)" in body and "2 kế hoạch chưa nộp" in body  # the whole unit's line, not the page's part
    assert "đang xem 4–6" in body


def test_a_returned_plan_counts_as_not_filed_on_the_dashboard_and_the_lagging_page_alike(
    cast, overdue, client_for
):
    """The issue's Lục Bình: every plan submitted, one returned for correction. The dashboard said 3/3 filed
    while the lagging page said 1/3 not filed; a returned plan is owed again, on both pages."""
    for org in (cast.commune_a1, cast.cell_a1, cast.commune_a2):
        plan = bring_to(make_plan(org=org), RecordState.SUBMITTED, writer=cast.leader, leader=cast.leader)
    services.record_return(actor=cast.officer, record=plan, comment="Bổ sung thời gian thực hiện")
    officer = client_for(cast.officer)
    board = officer.get(reverse("reports:dashboard"), {"org": cast.district_a.pk, "year": YEAR})
    assert "<b>2/3</b><span>tập thể đã nộp kế hoạch" in board.content.decode()
    page = _page(officer, cast.district_a)
    body = page.content.decode()
    assert "<b>1/3</b><span>tập thể chưa nộp kế hoạch (33,3%)<br>trong đó 1 bị trả lại, chưa nộp lại" in body
    assert "<b>2</b><span>kế hoạch đã nộp, chờ duyệt" in body
    plans = page.context["report"].plans
    assert (plans.filed, plans.not_filed, plans.returned, plans.waiting) == (2, 1, 1, 2)
    assert [lag.status for lag in plans.lags] == [Status.WAITING, Status.WAITING, Status.RETURNED]


def test_before_the_deadline_the_page_counts_who_filed_and_lists_nobody(cast, year, client_for):
    bring_to(make_plan(org=cast.cell_a1), RecordState.SUBMITTED, writer=cast.leader, leader=cast.leader)
    response = _page(client_for(cast.officer), cast.district_a)
    assert response.context["report"].plans.lags == []
    assert "<b>2/3</b><span>tập thể chưa nộp kế hoạch (66,7%)" in response.content.decode()


def test_before_the_deadline_the_page_says_it_has_not_come(cast, year, client_for):
    body = _page(client_for(cast.officer), cast.district_a).content.decode()
    assert f"Hạn nộp bản cam kết {year.commitment_deadline.strftime('%d/%m/%Y')} chưa đến" in body
    assert "Nhắc tất cả" not in body


def test_the_page_defaults_to_the_users_org_and_this_year(cast, overdue, client_for):
    response = client_for(cast.leader).get(reverse("cycle:lagging"))
    assert response.status_code == 200
    assert response.context["org"] == cast.commune_a1 and response.context["year"] == YEAR


def test_a_year_not_opened_is_said_so(cast, client_for):
    body = _page(client_for(cast.officer), cast.district_a, YEAR + 1).content.decode()
    assert f"Năm {YEAR + 1} chưa được mở tại Đảng bộ huyện An Bình" in body


@pytest.mark.parametrize(
    ("who", "org", "status"),
    [
        ("outsider", "district_a", 404),
        ("leader", "district_a", 404),  # above the leader's commune
        ("member", "cell_a1", 404),
        ("inspector", "district_a", 403),
        ("member", None, 403),
        ("inspector", None, 403),
    ],
)
def test_the_page_is_refused_outside_the_scope_or_without_the_right(
    cast, overdue, client_for, who, org, status
):
    query = {"org": getattr(cast, org).pk} if org else {}
    response = client_for(cast.actors()[who]).get(reverse("cycle:lagging"), query)
    assert response.status_code == status
    assert "Hoàng Thị Mai" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "org", "status"),
    [("outsider", "district_a", 404), ("member", "cell_a1", 404), ("inspector", "district_a", 403)],
)
def test_reminding_is_refused_outside_the_scope_or_without_the_right(
    cast, overdue, client_for, who, org, status
):
    data = {"org": getattr(cast, org).pk, "year": YEAR, "all": "1"}
    response = client_for(cast.actors()[who]).post(reverse("cycle:remind"), data)
    assert response.status_code == status
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    ("who", "org", "target"),
    [
        ("officer", "district_a", {"person": "secret_person"}),
        ("officer", "district_a", {"target_org": "cell_b1"}),
        ("leader", "commune_a1", {"person": "person_a2"}),  # inside the district, outside the commune
        ("leader", "commune_a1", {"target_org": "commune_a2"}),
        ("officer", "district_a", {"person": "x"}),
    ],
)
def test_a_target_outside_the_org_is_refused_and_nothing_created(cast, overdue, client_for, who, org, target):
    [(field, name)] = target.items()
    value = getattr(cast, name).pk if hasattr(cast, name) else name
    data = {"org": getattr(cast, org).pk, "year": YEAR, field: [value, cast.member_person.pk]}
    response = client_for(cast.actors()[who]).post(reverse("cycle:remind"), data)
    assert response.status_code == 404
    assert not Reminder.objects.exists()


def test_one_click_on_a_row_reminds_that_person(reachable, overdue, client_for):
    cast = reachable
    client = client_for(cast.leader)
    data = {"org": cast.commune_a1.pk, "year": YEAR, "person": cast.colleague.pk}
    response = client.post(reverse("cycle:remind"), data, follow=True)
    assert Reminder.objects.get().target_person == cast.colleague
    assert "Đã gửi 1 lời nhắc." in response.content.decode()
    response = client.post(reverse("cycle:remind"), data, follow=True)
    assert "đã có lời nhắc chưa xem nên không gửi thêm" in response.content.decode()
    assert Reminder.objects.count() == 1


def test_a_post_naming_nobody_sends_nothing(cast, overdue, client_for):
    response = client_for(cast.officer).post(
        reverse("cycle:remind"), {"org": cast.district_a.pk, "year": YEAR}, follow=True
    )
    assert "Chưa chọn đơn vị, cá nhân nào để nhắc." in response.content.decode()
    assert not Reminder.objects.exists()


def test_reminding_in_a_closed_year_is_refused_with_a_message(cast, overdue, client_for):
    services.period_close(actor=cast.officer, period=overdue)
    client = client_for(cast.officer)
    assert f"Năm {YEAR} đã kết thúc" in _page(client, cast.district_a).content.decode()
    response = client.post(
        reverse("cycle:remind"), {"org": cast.district_a.pk, "year": YEAR, "all": "1"}, follow=True
    )
    assert "không gửi nhắc nhở được" in response.content.decode()
    assert not Reminder.objects.exists()


# --- The reminder on the home page ------------------------------------------------------------


def test_the_reminder_shows_on_the_home_page_until_seen(cast, overdue, client_for):
    _remind_all(cast)
    client = client_for(cast.member)
    body = client.get(reverse("home")).content.decode()
    assert f"Đồng chí chưa nộp bản cam kết năm {YEAR}" in body
    assert "Đảng bộ huyện An Bình" in body and timezone.localdate().strftime("%d/%m/%Y") in body
    assert reverse("cycle:my-commitment") in body and "Đã xem" in body
    reminder = Reminder.objects.get(target_person=cast.member_person)
    response = client.post(reverse("accounts:reminder-seen"), {"reminder": reminder.pk})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    reminder.refresh_from_db()
    assert reminder.seen_at is not None and reminder.seen_by == cast.member
    assert "Đồng chí chưa nộp bản cam kết" not in client.get(reverse("home")).content.decode()


def test_dismissing_with_htmx_answers_an_empty_fragment(cast, overdue, client_for):
    _remind_all(cast)
    reminder = Reminder.objects.get(target_person=cast.member_person)
    response = client_for(cast.member).post(
        reverse("accounts:reminder-seen"), {"reminder": reminder.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content == b""


def test_an_org_reminder_shows_to_its_leaders(cast, overdue, client_for):
    _remind_all(cast)
    body = client_for(cast.leader).get(reverse("home")).content.decode()
    assert f"Đảng bộ xã Lục Bình chưa nộp kế hoạch học tập và làm theo Bác năm {YEAR}" in body
    assert "Xây dựng kế hoạch" in body
    assert "Chi bộ thôn Nà Pài chưa nộp kế hoạch" not in body  # the cell has leaders of its own to remind


def test_a_leader_sees_the_reminders_to_approve(cast, overdue, client_for):
    bring_to(make_commitment(person=cast.colleague), RecordState.SUBMITTED, writer=None, leader=None)
    _remind_all(cast)
    body = client_for(cast.leader).get(reverse("home")).content.decode()
    assert "Đảng bộ xã Lục Bình có 1 bản cam kết" in body and "Duyệt hồ sơ đang chờ" in body
    assert f"{reverse('cycle:queue')}?org={cast.commune_a1.pk}&amp;year={YEAR}&amp;kind=commitment" in body


def test_someone_elses_reminder_cannot_be_dismissed(cast, overdue, client_for):
    _remind_all(cast)
    reminder = Reminder.objects.get(target_person=cast.member_person)
    for who in ("leader", "officer", "admin", "outsider"):
        response = client_for(cast.actors()[who]).post(
            reverse("accounts:reminder-seen"), {"reminder": reminder.pk}
        )
        assert response.status_code == 404, who
    colleague_user = UserFactory(username="dung")
    cast.colleague.user = colleague_user
    cast.colleague.save()
    assert (
        client_for(colleague_user)
        .post(reverse("accounts:reminder-seen"), {"reminder": reminder.pk})
        .status_code
        == 404
    )
    assert (
        client_for(cast.member).post(reverse("accounts:reminder-seen"), {"reminder": "abc"}).status_code
        == 404
    )
    reminder.refresh_from_db()
    assert reminder.seen_at is None


def test_the_page_reads_well(cast, overdue, client_for):
    """Printed once while writing this page, to read it as a user would; kept as a smoke test."""
    org_kind_cell = OrgFactory(name="Chi bộ Trường Tiểu học", parent=cast.commune_a1, kind=OrgKind.CELL)
    PersonFactory(full_name="Đặng Thị Ánh", org=org_kind_cell)
    body = _page(client_for(cast.officer), cast.district_a).content.decode()
    assert "Chi bộ Trường Tiểu học" in body and "Đặng Thị Ánh" in body


def test_the_page_is_never_kept_by_the_browser_and_its_forms_restore_nothing(reachable, overdue, client_for):
    """Back after reminding shows the list as it is now, not a cached one with its forms filled in."""
    cast = reachable
    response = _page(client_for(cast.officer), cast.district_a)
    assert "no-store" in response["Cache-Control"]
    remind = reverse("cycle:remind")
    forms = re.findall(rf'<form[^>]*action="{remind}"[^>]*>', response.content.decode())
    assert len(forms) == 8 and all('autocomplete="off"' in form for form in forms)  # all, and one per row
