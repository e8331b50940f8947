"""The monthly cell meeting's "làm theo Bác" item: the cell's secretary records it with a check-in per
action; a member of the cell reads it; an outsider in another branch gets 404 and a read-only role 403; bad
input is refused with its message; the counts per month, the cells that did not hold it, and the reminder to
the cell's secretary sent once a day before the month ends."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheobac.cycle.meetings import selectors as meetings
from lamtheobac.cycle.models import CellMeeting, CheckInStatus, ReminderDuty, ReminderKind, ReminderLog
from lamtheobac.cycle.services import meetings as services
from lamtheobac.cycle.services import reminders
from lamtheobac.organisation import services as org_services
from lamtheobac.organisation.models import Role
from tests.factories import OrgFactory, UserFactory

from .builders import YEAR, make_commitment, open_year

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def cell(cast):
    """The year opened at district A, the member's and a colleague's commitments in cell A1, a commitment
    in the other branch's cell, and a secretary (leader) of cell A1."""
    open_year(cast.district_a, actor=cast.officer)
    open_year(cast.district_b, actor=cast.outsider)
    secretary = UserFactory(username="bithu_chibo_a1")
    org_services.grant_create(actor=None, user=secretary, org=cast.cell_a1, role=Role.LEADER)
    mine = make_commitment(person=cast.member_person, actor=cast.member)
    colleague = make_commitment(person=cast.colleague, actor=cast.leader, on_behalf=True)
    foreign = make_commitment(person=cast.secret_person, actor=cast.outsider, on_behalf=True)
    return {"secretary": secretary, "mine": mine, "colleague": colleague, "foreign": foreign}


def _post(cast, cell, **extra) -> dict:
    item = cell["mine"].items.order_by("position").first()
    data = {
        "month": str(TODAY.month),
        "held_on": TODAY.strftime("%d/%m/%Y"),
        "presenter": str(cast.colleague.pk),
        "reviewed": [str(cast.member_person.pk)],
        "minutes": "Chi bộ kiểm điểm việc thực hiện cam kết của đồng chí Mai.",
        f"ci-{item.pk}": CheckInStatus.IN_PROGRESS,
        f"cin-{item.pk}": "Đã đọc 2 tác phẩm",
        f"cie-{item.pk}": "Sổ ghi chép",
    }
    data.update(extra)
    return data


def _create_url(cast) -> str:
    return reverse("cycle:meeting-create", args=[cast.cell_a1.pk]) + f"?year={YEAR}"


def test_it_records_the_meeting_with_its_check_ins(cast, cell, client_for):
    response = client_for(cell["secretary"]).post(_create_url(cast), _post(cast, cell))
    meeting = CellMeeting.objects.get(org=cast.cell_a1, year=YEAR, month=TODAY.month)
    assert response.status_code == 302
    assert response["Location"] == reverse("cycle:meeting-detail", args=[meeting.pk])
    assert meeting.held_on == TODAY
    assert meeting.presenter == cast.colleague
    [check_in] = meeting.check_ins.all()
    assert (check_in.status, check_in.note, check_in.evidence) == (
        "in_progress",
        "Đã đọc 2 tác phẩm",
        "Sổ ghi chép",
    )
    assert set(meeting.reviewed.all()) == {cast.member_person}


def test_a_member_of_the_cell_reads_and_may_not_record(cast, cell, client_for):
    client_for(cell["secretary"]).post(_create_url(cast), _post(cast, cell))
    meeting = CellMeeting.objects.get(org=cast.cell_a1)
    member = client_for(cast.member)
    page = member.get(reverse("cycle:meeting-detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert "Đã đọc 2 tác phẩm" in page.content.decode()
    assert member.get(reverse("cycle:meeting-list", args=[cast.cell_a1.pk])).status_code == 200
    assert member.get(_create_url(cast)).status_code == 403
    assert member.get(reverse("cycle:meeting-edit", args=[meeting.pk])).status_code == 403


def test_an_outsider_gets_404_and_a_read_only_role_403(cast, cell, client_for):
    client_for(cell["secretary"]).post(_create_url(cast), _post(cast, cell))
    meeting = CellMeeting.objects.get(org=cast.cell_a1)
    outsider = client_for(cast.outsider)
    for url in (
        reverse("cycle:meeting-list", args=[cast.cell_a1.pk]),
        _create_url(cast),
        reverse("cycle:meeting-detail", args=[meeting.pk]),
        reverse("cycle:meeting-edit", args=[meeting.pk]),
    ):
        assert outsider.get(url).status_code == 404, url
    inspector = client_for(cast.inspector)
    assert inspector.get(reverse("cycle:meeting-detail", args=[meeting.pk])).status_code == 200
    assert inspector.get(_create_url(cast)).status_code == 403
    assert inspector.post(reverse("cycle:meeting-edit", args=[meeting.pk]), {}).status_code == 403
    assert client_for(None).get(_create_url(cast)).status_code == 302  # to the sign-in page


def test_the_secretary_corrects_the_meeting(cast, cell, client_for):
    secretary = client_for(cell["secretary"])
    secretary.post(_create_url(cast), _post(cast, cell))
    meeting = CellMeeting.objects.get(org=cast.cell_a1)
    item = cell["colleague"].items.first()
    data = _post(cast, cell, **{f"ci-{item.pk}": CheckInStatus.BEHIND})
    data.pop("month")
    assert secretary.post(reverse("cycle:meeting-edit", args=[meeting.pk]), data).status_code == 302
    assert meeting.check_ins.count() == 2
    assert set(meeting.reviewed.all()) == {cast.member_person, cast.colleague}


@pytest.mark.parametrize(
    "change, message",
    [
        ("future", "chưa đến; chỉ ghi nhận buổi sinh hoạt đã diễn ra"),
        ("other_month", "không thuộc tháng"),
        ("foreign_item", "không thuộc bản cam kết năm"),
        ("unknown_item", "không thuộc bản cam kết năm"),
    ],
)
def test_it_refuses_bad_input_with_its_message(cast, cell, client_for, change, message):
    data = _post(cast, cell)
    if change == "future":
        data["held_on"] = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
        data["month"] = str((TODAY + datetime.timedelta(days=1)).month)
        if TODAY.month == 12 and TODAY.day == 31:
            pytest.skip("the next day is in another year")
    elif change == "other_month":
        data["month"] = str(TODAY.month % 12 + 1)
    elif change == "foreign_item":
        data[f"ci-{cell['foreign'].items.first().pk}"] = CheckInStatus.DONE
    else:
        data["ci-999999"] = CheckInStatus.DONE
    response = client_for(cell["secretary"]).post(_create_url(cast), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CellMeeting.objects.exists()  # nothing half-saved


def test_the_service_refuses_a_year_not_open_and_a_second_item_for_the_month(cast, cell):
    with pytest.raises(Exception) as refused:
        services.meeting_record(
            actor=None, org=cast.cell_a1, year=YEAR + 1, month=1, held_on=datetime.date(YEAR + 1, 1, 5)
        )
    assert str(services.ERR_YEAR_NOT_OPEN % {"year": YEAR + 1, "org": cast.cell_a1.name}) in str(
        refused.value
    )
    services.meeting_record(actor=None, org=cast.cell_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    with pytest.raises(Exception) as twice:
        services.meeting_record(actor=None, org=cast.cell_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    assert str(services.ERR_ALREADY_HELD % {"month": TODAY.month, "year": YEAR}) in str(twice.value)
    with pytest.raises(Exception) as not_cell:
        services.meeting_record(actor=None, org=cast.commune_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    assert "không phải là chi bộ" in str(not_cell.value)


def test_the_counts_and_the_cells_that_did_not_hold_it(cast, cell):
    other_cell = OrgFactory(name="Chi bộ thôn Bản Chiêng", code="A1C2", parent=cast.commune_a1)
    services.meeting_record(actor=None, org=cast.cell_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    year_end = datetime.date(YEAR + 1, 1, 1)
    counts = {c.month: c for c in meetings.monthly_counts(cast.district_a, YEAR, today=year_end)}
    assert (counts[TODAY.month].cells, counts[TODAY.month].held, counts[TODAY.month].missing) == (2, 1, 1)
    assert all(c.held == 0 for m, c in counts.items() if m != TODAY.month)
    missing = {
        m.month: m.cells for m in meetings.cells_without_meeting(cast.district_a, YEAR, today=year_end)
    }
    assert missing[TODAY.month] == [other_cell]
    assert all(set(cells) == {cast.cell_a1, other_cell} for m, cells in missing.items() if m != TODAY.month)
    # a branch counts its own cells only
    assert meetings.monthly_counts(cast.district_b, YEAR, today=year_end)[0].cells == 1


def test_a_past_years_counts_stay_with_the_cells_of_that_year(cast):
    """Last year's meeting of cell A1, whose commune has moved to district B since: district A's counts of
    that year still hold it (the tree as it stood), district B's do not."""
    past = YEAR - 1
    open_year(cast.district_a, actor=cast.officer, year=past)
    services.meeting_record(
        actor=None, org=cast.cell_a1, year=past, month=10, held_on=datetime.date(past, 10, 9)
    )
    org_services.org_move(actor=None, org=cast.commune_a1, new_parent=cast.district_b)
    year_end = datetime.date(YEAR, 1, 1)
    october = meetings.monthly_counts(cast.district_a, past, today=year_end)[9]
    assert (october.cells, october.held) == (1, 1)
    assert meetings.monthly_counts(cast.district_b, past, today=year_end)[9].held == 0
    missing = meetings.cells_without_meeting(cast.district_a, past, today=year_end)
    assert [m.cells for m in missing if m.month == 9] == [[cast.cell_a1]]


def test_the_secretary_is_reminded_once_a_day_before_the_month_ends(cast, cell):
    end = meetings.month_end(TODAY.year, TODAY.month)
    week_before = end - datetime.timedelta(days=7)

    def sent() -> list[ReminderLog]:
        return list(ReminderLog.objects.filter(kind=ReminderKind.MEETING, target_org=cast.cell_a1))

    reminders.reminders_send_due(today=week_before)
    reminders.reminders_send_due(today=week_before)  # a retry the same day sends nothing more
    [log] = sent()
    assert log.duty == ReminderDuty.HOLD
    assert log.message.startswith(f"Còn 7 ngày là hết tháng {TODAY.month}/{TODAY.year} mà Chi bộ thôn Nà Pài")
    assert log.reminder is not None and log.reminder.target_org == cast.cell_a1
    # the cell of the other branch is reminded by its own year, never about cell A1
    assert ReminderLog.objects.filter(kind=ReminderKind.MEETING, target_org=cast.cell_b1).count() == 1
    services.meeting_record(actor=None, org=cast.cell_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    reminders.reminders_send_due(today=end - datetime.timedelta(days=1))
    assert len(sent()) == 1  # held: no reminder the day before the month ends


def test_the_lagging_page_and_the_dashboard_show_the_months(cast, cell, client_for):
    services.meeting_record(actor=None, org=cast.cell_a1, year=YEAR, month=TODAY.month, held_on=TODAY)
    officer = client_for(cast.officer)
    dashboard = officer.get(reverse("reports:dashboard") + f"?org={cast.district_a.pk}&year={YEAR}")
    assert dashboard.status_code == 200
    board = {c.month: c for c in dashboard.context["meetings"]}
    assert (board[TODAY.month].held, board[TODAY.month].cells) == (1, 1)
    assert "Sinh hoạt chi bộ có nội dung học tập và làm theo Bác" in dashboard.content.decode()
    lagging = officer.get(reverse("cycle:lagging") + f"?org={cast.district_a.pk}&year={YEAR}")
    shown = {row.month: row.cells for row in lagging.context["missing_meetings"]}
    assert TODAY.month not in shown  # held this month (and the month has not ended)
    if TODAY.month > 1:
        assert shown[TODAY.month - 1] == [cast.cell_a1]
        assert "Chi bộ chưa ghi nhận sinh hoạt có nội dung làm theo Bác" in lagging.content.decode()


def test_a_commune_is_no_cell_for_the_meeting_pages(cast, cell, client_for):
    assert (
        client_for(cast.leader).get(reverse("cycle:meeting-list", args=[cast.commune_a1.pk])).status_code
        == 404
    )
