"""The organisation's work on the task queue: big exports (``services.export_jobs``)."""

from __future__ import annotations

from django_tasks import task

from .services import export_jobs


@task()
def export_people(export_id: int) -> None:
    export_jobs.export_people_run(export_id)
