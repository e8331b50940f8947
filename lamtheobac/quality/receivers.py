"""What the quality app does when a record changes below it: queue the recount of that record's quality
(``tasks.refresh_record``; queued in the writer's transaction, so it is run only if the change commits)."""

from __future__ import annotations

from lamtheobac.cycle.models import Record
from lamtheobac.cycle.signals import record_changed

from . import tasks


def _record_changed(sender, record: Record, **kwargs) -> None:
    tasks.refresh_record.enqueue(record.pk)


def connect() -> None:
    record_changed.connect(_record_changed, sender=Record, dispatch_uid="quality-record-changed")
