"""What the quality app does when a record changes below it: recount that record's quality."""

from __future__ import annotations

from lamtheobac.cycle.models import Record
from lamtheobac.cycle.signals import record_changed

from . import services


def _record_changed(sender, record: Record, **kwargs) -> None:
    services.refresh(record)


def connect() -> None:
    record_changed.connect(_record_changed, sender=Record, dispatch_uid="quality-record-changed")
