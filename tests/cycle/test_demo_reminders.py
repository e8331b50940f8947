"""The demo's next deadline: the daily run reminds everyone concerned once, however often it runs."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from lamtheobac.cycle.models import Period, Reminder, ReminderDuty, ReminderLog
from lamtheobac.demo.era import PROVINCE_CODE
from tests.queue import run_worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_queue")]


@pytest.fixture(scope="module")
def seeded(demo_db) -> None:
    """The session's demo (tests/demo_db.py), copied into the database for this module."""


def test_the_daily_run_reminds_of_the_demos_next_deadline_once(seeded):
    # The province's year and the communes that opened the year themselves (with their own, earlier
    # deadlines: they are reminded by those): a week before each year-end deadline of 2026.
    year = Period.objects.get(org__code=PROVINCE_CODE, year=2026)
    days = sorted({p.yearend_deadline - datetime.timedelta(days=7) for p in Period.objects.filter(year=2026)})
    assert year.yearend_deadline - datetime.timedelta(days=7) in days
    sent = 0
    for day in days:
        for _run in range(2):  # cron and a worker, or a run retried: the same day twice
            call_command("send_due_reminders", "--date", day.isoformat(), stdout=io.StringIO())
            run_worker()
        first, second = DBTaskResult.objects.filter(
            task_path="lamtheobac.cycle.tasks.send_due_reminders"
        ).order_by("-enqueued_at")[:2][::-1]
        assert first.status == second.status == "SUCCESSFUL"
        assert first.return_value["already"] == 0
        assert second.return_value == {**first.return_value, "sent": 0, "already": first.return_value["sent"]}
        assert ReminderLog.objects.filter(day=day).count() == first.return_value["sent"]
        sent += first.return_value["sent"]
    logs = ReminderLog.objects.filter(day__in=days)
    assert sent > 100 and logs.count() == sent
    assert {log.duty for log in logs} >= {ReminderDuty.ASSESS, ReminderDuty.RATE}
    assert all("26/12/2026" in log.message for log in logs if log.deadline == year.yearend_deadline)
    # each has its notice on the home page of whom it is for
    assert (
        Reminder.objects.filter(pk__in=logs.values("reminder_id"), seen_at__isnull=True).count()
        == logs.count()
    )
