"""The workers queue the day's tasks by themselves, once a day however many workers there are."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django_tasks_db.models import DBTaskResult

from lamtheobac.jobs import services
from lamtheobac.jobs.models import DailyRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("db_queue")]

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
REMINDERS = "lamtheobac.cycle.tasks.send_due_reminders"


def at(hour: int, minute: int = 0, day: int = 8) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=HANOI)


def test_the_days_reminders_are_queued_once_from_seven_in_the_morning(settings):
    settings.DAILY_TASKS, settings.DAILY_TASKS_AT = [REMINDERS], "07:00"
    assert services.daily_tasks_enqueue(now=at(6, 59)) == []
    assert services.daily_tasks_enqueue(now=at(7, 0)) == [REMINDERS]
    assert services.daily_tasks_enqueue(now=at(7, 30)) == []  # the next beat, or another worker
    assert services.daily_tasks_enqueue(now=at(23, 59)) == []
    assert DBTaskResult.objects.filter(task_path=REMINDERS).count() == 1
    run = DailyRun.objects.get()
    assert (run.day, run.task_path) == (datetime.date(2026, 12, 8), REMINDERS)
    assert services.daily_tasks_enqueue(now=at(7, 0, day=9)) == [REMINDERS]  # the next day, again
    assert DBTaskResult.objects.filter(task_path=REMINDERS).count() == 2


def test_a_worker_that_finds_the_day_taken_queues_nothing(settings, monkeypatch):
    """Two workers at once: the second read the day's runs before the first wrote its row; its own row is
    refused by the unique constraint, and its task with it."""
    settings.DAILY_TASKS, settings.DAILY_TASKS_AT = [REMINDERS], "07:00"
    DailyRun.objects.create(task_path=REMINDERS, day=datetime.date(2026, 12, 8))
    monkeypatch.setattr(DailyRun.objects, "filter", lambda **kwargs: DailyRun.objects.none())
    assert services.daily_tasks_enqueue(now=at(8)) == []
    assert not DBTaskResult.objects.filter(task_path=REMINDERS).exists()
