"""The yearly cycle's work on the task queue: the daily reminders."""

from __future__ import annotations

import datetime

from django_tasks import task

from .services import reminders


@task()
def send_due_reminders(day: str = "") -> dict:
    """What is due on ``day`` (ISO date; default today), sent once: see ``services.reminders``."""
    result = reminders.reminders_send_due(today=datetime.date.fromisoformat(day) if day else None)
    return {
        "day": result.day.isoformat(),
        "sent": result.sent,
        "already": result.already,
        "mailed": result.mailed,
    }
