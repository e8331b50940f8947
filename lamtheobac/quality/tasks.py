"""The quality recount of a record as a task of the queue: a save costs the writer one queued row, and the
worker recounts the record, its next year's copy flag and its org's clusters a moment later. Running it
twice recounts twice to the same figures."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def refresh_record(record_id: int) -> None:
    services.refresh_by_id(record_id)
