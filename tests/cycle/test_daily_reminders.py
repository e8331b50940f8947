"""Reminders by themselves: each day what is due is sent once — days before each deadline and weekly once
it has passed — to the person, and to the leaders who approve for what waits on them; in-app always, by
e-mail when configured and not muted; and the officer sees what was sent in their subtree only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lamtheobac.cycle import services, tasks
from lamtheobac.cycle.models import (
    InterimReviews,
    MailState,
    RecordState,
    Reminder,
    ReminderDuty,
    ReminderLog,
)
from lamtheobac.cycle.services import reminders
from lamtheobac.jobs import services as queue_care
from lamtheobac.jobs.models import WorkerBeat
from tests.queue import run_worker

from .builders import YEAR, bring_to, make_commitment, open_year

pytestmark = pytest.mark.django_db

PLANS_DUE = datetime.date(YEAR, 3, 31)
COMMITMENTS_DUE = datetime.date(YEAR, 4, 15)
MINUTE = datetime.timedelta(minutes=1)


def day(n: int) -> datetime.date:
    """``n`` days from the commitments' deadline (negative: before it)."""
    return COMMITMENTS_DUE + datetime.timedelta(days=n)


@pytest.fixture
def year(cast):
    return open_year(
        cast.district_a, actor=cast.officer, plan_deadline=PLANS_DUE, commitment_deadline=COMMITMENTS_DUE
    )


@pytest.fixture
def mailing(settings, cast):
    settings.EMAIL_HOST = "mail.tinh-uy.local"
    for user in (cast.member, cast.leader, cast.officer):
        user.email = f"{user.username}@tinh-uy.local"
        user.save()


def commitment_reminders(person) -> list[datetime.date]:
    return list(
        ReminderLog.objects.filter(target_person=person, duty=ReminderDuty.FILE, kind="commitment")
        .order_by("day")
        .values_list("day", flat=True)
    )


@pytest.mark.usefixtures("year")
def test_it_reminds_seven_and_one_days_before_and_weekly_once_overdue(cast):
    for n in range(-10, 16):
        reminders.reminders_send_due(today=day(n))
    assert commitment_reminders(cast.member_person) == [day(-7), day(-1), day(7), day(14)]
    # the in-app notice: one unread, brought up to date by each reminder
    [notice] = Reminder.objects.filter(target_person=cast.member_person, seen_at__isnull=True)
    assert notice.message.startswith("Đã quá hạn 14 ngày: hạn nộp bản cam kết năm")
    assert "15/04" in notice.message
    first = ReminderLog.objects.filter(target_person=cast.member_person).order_by("day").first()
    assert first.message == (
        f"Còn 7 ngày đến hạn nộp bản cam kết năm {YEAR} (15/04/{YEAR}). Đề nghị đồng chí hoàn thành đúng hạn."
    )


def test_the_days_before_follow_the_years_rules(cast):
    open_year(
        cast.district_a,
        actor=cast.officer,
        plan_deadline=PLANS_DUE,
        commitment_deadline=COMMITMENTS_DUE,
        reminder_days=[3],
    )
    for n in range(-10, 0):
        reminders.reminders_send_due(today=day(n))
    assert commitment_reminders(cast.member_person) == [day(-3)]


@pytest.mark.usefixtures("year")
def test_whoever_filed_is_reminded_no_more(cast):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)
    reminders.reminders_send_due(today=day(-1))
    assert commitment_reminders(cast.member_person) == []


@pytest.mark.usefixtures("year", "mailing")
def test_it_is_sent_once_when_run_twice_the_same_day(cast):
    first = reminders.reminders_send_due(today=day(-7))
    mailed = len(mail.outbox)
    again = reminders.reminders_send_due(today=day(-7))
    assert first.sent > 0 and mailed > 0
    assert (again.sent, again.already, again.mailed) == (0, first.sent, 0)
    assert len(mail.outbox) == mailed
    assert ReminderLog.objects.count() == first.sent
    assert Reminder.objects.filter(target_person=cast.member_person).count() == 1


@pytest.mark.usefixtures("year")
def test_the_database_refuses_a_second_reminder_of_the_same_thing_the_same_day(cast):
    row = {"day": day(-7), "kind": "commitment", "duty": "file", "year": YEAR, "deadline": COMMITMENTS_DUE}
    ReminderLog.objects.create(target_person=cast.member_person, run="a", **row)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderLog.objects.create(target_person=cast.member_person, run="b", **row)


@pytest.mark.usefixtures("year", "mailing", "db_queue")
def test_a_run_retried_after_its_worker_died_sends_nothing_twice(cast, monkeypatch):
    """The first attempt wrote the day's reminders and sent the e-mails, then its worker was killed before
    the task was marked done; the queue runs it again: nothing new is written or sent."""
    result = tasks.send_due_reminders.enqueue(day(-7).isoformat())
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim("dead-0")
    WorkerBeat.objects.create(worker_id="dead-0", host="may-chu-2", pid=4242)
    reminders.reminders_send_due(today=day(-7))  # what the dead worker did before it died
    written, mailed = ReminderLog.objects.count(), len(mail.outbox)
    later = timezone.now() + 11 * MINUTE
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert queue_care.tasks_recover() == queue_care.Recovered(retried=1)
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value["already"] == written
    assert ReminderLog.objects.count() == written and len(mail.outbox) == mailed


@pytest.mark.usefixtures("year", "mailing")
def test_a_leader_is_reminded_of_what_waits_on_them(cast):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    bring_to(record, RecordState.SUBMITTED, writer=cast.member, leader=cast.leader)
    reminders.reminders_send_due(today=day(7))
    [log] = ReminderLog.objects.filter(duty=ReminderDuty.APPROVE)
    assert log.target_org == cast.commune_a1 and log.count == 1
    assert log.message == (
        f"Đảng bộ xã Lục Bình có 1 hồ sơ chờ duyệt bản cam kết; hạn là 15/04/{YEAR} (đã quá 7 ngày). "
        "Đề nghị xem xét sớm."
    )
    assert Reminder.objects.get(pk=log.reminder_id).target_org == cast.commune_a1
    assert log.mail_state == MailState.SENT
    [to_leader] = [m for m in mail.outbox if m.to == ["leader@tinh-uy.local"]]
    assert "duyệt bản cam kết" in to_leader.subject
    assert commitment_reminders(cast.member_person) == []  # filed: the member owes nothing now


@pytest.mark.usefixtures("year", "mailing")
def test_a_person_who_muted_email_is_reminded_in_the_application_only(cast, client_for):
    client = client_for(cast.member)
    client.post(reverse("cycle:reminder-mail"), {"mute": "1"})
    reminders.reminders_send_due(today=day(-1))
    [log] = ReminderLog.objects.filter(target_person=cast.member_person)
    assert log.mail_state == MailState.NONE and log.reminder is not None
    assert not [m for m in mail.outbox if "member@tinh-uy.local" in m.to]
    assert [m for m in mail.outbox if "officer@tinh-uy.local" in m.to]  # the officer, who did not mute
    assert "Nhận lại thư nhắc nhở" in client.get(reverse("home")).content.decode()
    client.post(reverse("cycle:reminder-mail"), {"mute": "0"})
    reminders.reminders_send_due(today=day(7))
    assert [m for m in mail.outbox if "member@tinh-uy.local" in m.to]


@pytest.mark.usefixtures("year")
def test_without_a_mail_server_reminders_are_in_the_application(cast):
    reminders.reminders_send_due(today=day(-1))
    assert not mail.outbox
    assert set(ReminderLog.objects.values_list("mail_state", flat=True)) == {MailState.NONE}
    assert Reminder.objects.filter(target_person=cast.member_person, seen_at__isnull=True).exists()


def test_a_lower_org_that_opened_the_year_reminds_by_its_own_deadlines(cast, year):
    open_year(
        cast.commune_a1,
        actor=cast.officer,
        plan_deadline=PLANS_DUE,
        commitment_deadline=COMMITMENTS_DUE - datetime.timedelta(days=5),
    )
    for n in range(-12, 0):
        reminders.reminders_send_due(today=day(n))
    assert commitment_reminders(cast.member_person) == [day(-12), day(-6)]  # 7 and 1 days before 10/04


@pytest.mark.usefixtures("year")
def test_the_officer_sees_what_was_sent_in_their_subtree_only(cast, client_for):
    open_year(
        cast.district_b, actor=cast.outsider, plan_deadline=PLANS_DUE, commitment_deadline=COMMITMENTS_DUE
    )
    cast.secret_person.user = cast.outsider
    cast.secret_person.save()
    reminders.reminders_send_due(today=day(-7))
    assert ReminderLog.objects.filter(target_person=cast.secret_person).exists()
    page = client_for(cast.officer).get(reverse("cycle:reminder-log")).content.decode()
    assert "Hoàng Thị Mai" in page and "Còn 7 ngày đến hạn nộp bản cam kết" in page
    assert "Triệu Thị Bí Mật" not in page
    other = client_for(cast.officer).get(reverse("cycle:reminder-log"), {"org": cast.district_b.pk})
    assert other.status_code == 404
    assert client_for(cast.member).get(reverse("cycle:reminder-log")).status_code in (403, 404)


@pytest.mark.usefixtures("year", "db_queue")
def test_the_daily_command_queues_the_run_and_a_worker_sends_it(cast):
    out = io.StringIO()
    call_command("send_due_reminders", "--date", day(-7).isoformat(), stdout=out)
    assert "hàng đợi" in out.getvalue() and not ReminderLog.objects.exists()
    run_worker()
    assert commitment_reminders(cast.member_person) == [day(-7)]


@pytest.mark.usefixtures("year", "mailing")
def test_an_email_claimed_by_a_run_that_died_is_not_sent_again(cast, monkeypatch):
    """The worker was killed while sending: its claimed e-mails may have gone or not; never twice, so the
    next run marks them failed (the in-app notice stands) and sends only what was never claimed."""
    real_send = reminders.send_mass_mail

    def killed_while_sending(*args, **kwargs):
        raise SystemExit(1)

    monkeypatch.setattr(reminders, "send_mass_mail", killed_while_sending)
    with pytest.raises(SystemExit):
        reminders.reminders_send_due(today=day(-7))
    claimed = ReminderLog.objects.filter(mail_state=MailState.SENDING)
    assert claimed.exists() and not mail.outbox
    monkeypatch.setattr(reminders, "send_mass_mail", real_send)
    later = timezone.now() + 11 * MINUTE
    monkeypatch.setattr(timezone, "now", lambda: later)
    again = reminders.reminders_send_due(today=day(-7))
    assert (again.sent, again.mailed) == (0, 0) and not mail.outbox
    assert set(ReminderLog.objects.values_list("mail_state", flat=True)) == {MailState.FAILED}
    assert Reminder.objects.filter(target_person=cast.member_person, seen_at__isnull=True).exists()


# --- Quarterly reviews (a year that asks for them) -----------------------------------------------------

Q2_DUE = datetime.date(YEAR, 6, 30)


def quarter_reminders() -> list[tuple[datetime.date, int, datetime.date]]:
    return list(
        ReminderLog.objects.filter(duty=ReminderDuty.QUARTER)
        .order_by("day")
        .values_list("day", "count", "deadline")
    )


def approved_commitment(cast):
    record = make_commitment(person=cast.member_person, actor=cast.member)
    return bring_to(record, RecordState.APPROVED, writer=cast.member, leader=cast.leader)


def test_the_leaders_are_reminded_of_the_quarter_reviews_not_written(cast):
    open_year(
        cast.district_a,
        actor=cast.officer,
        plan_deadline=PLANS_DUE,
        commitment_deadline=COMMITMENTS_DUE,
        interim_reviews=InterimReviews.QUARTERLY,
    )
    record = approved_commitment(cast)
    services.record_quarter_review(
        actor=cast.leader, record=record, quarter=1, score=80, today=datetime.date(YEAR, 4, 20)
    )
    reminders.reminders_send_due(today=Q2_DUE - datetime.timedelta(days=7))
    [log] = ReminderLog.objects.filter(duty=ReminderDuty.QUARTER)
    assert log.target_org == cast.commune_a1 and log.count == 1 and log.deadline == Q2_DUE
    assert "1 hồ sơ chờ đánh giá quý bản cam kết; hạn là 30/06" in log.message

    services.record_quarter_review(
        actor=cast.leader, record=record, quarter=2, score=85, today=datetime.date(YEAR, 6, 25)
    )
    reminders.reminders_send_due(today=Q2_DUE - datetime.timedelta(days=1))  # reviewed: nothing owed
    reminders.reminders_send_due(today=Q2_DUE + datetime.timedelta(days=7))
    assert len(quarter_reminders()) == 1


@pytest.mark.usefixtures("year")
def test_a_year_without_quarterly_reviews_reminds_of_none(cast):
    approved_commitment(cast)
    for before in (7, 1):
        reminders.reminders_send_due(today=Q2_DUE - datetime.timedelta(days=before))
    assert quarter_reminders() == []
