"""The import steps as tasks of the queue (``manage.py worker`` runs them; the tests, as they are queued)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def import_check(job_id: int) -> None:
    services.check(job_id)


@task()
def import_apply(job_id: int) -> None:
    services.run_import(job_id)
